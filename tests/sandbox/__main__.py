"""Start a sandbox by hand: `python -m tests.sandbox [--base-dir DIR]`, stop it with Ctrl-C."""

from __future__ import annotations

import argparse
import logging
import shlex
import signal
import sys
import tempfile
import threading
from pathlib import Path
from types import FrameType

from .core import Sandbox
from .errors import SandboxError


def _parse_arguments(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m tests.sandbox", description=__doc__)
    parser.add_argument("--base-dir", type=Path,
                        help="directory for the sandbox's files, kept afterwards "
                             "(default: a temporary directory, removed at the end)")
    parser.add_argument("--nonce-reject-percent", type=int, default=None,
                        help="share of valid nonces Pebble rejects, 0-100 "
                             "(default: Pebble's own, 5)")
    parser.add_argument("--no-plugin", action="store_true",
                        help="start the servers without installing the plugin")
    parser.add_argument("--verbose", action="store_true", help="log every step")
    return parser.parse_args(argv)


def _print_environment(sandbox: Sandbox) -> None:
    print(f"export MGR_ROOT={shlex.quote(str(sandbox.root))}")
    print(f"export PATH={shlex.quote(sandbox.env['PATH'])}")
    print(f"# ACME directory:         {sandbox.acme_directory}")
    print(f"# ACME TLS CA bundle:     {sandbox.pebble_tls_ca}")
    for purpose, port in sandbox.ports().items():
        print(f"# port {purpose + ':':<22}{port}")
    for name, pid in sandbox.pids().items():
        print(f"# pid {name + ':':<23}{pid}")
    print("# Press Ctrl-C to stop.", flush=True)


def _run(base_dir: Path, arguments: argparse.Namespace) -> int:
    stop_requested = threading.Event()

    def request_stop(signum: int, frame: FrameType | None) -> None:
        stop_requested.set()

    signal.signal(signal.SIGINT, request_stop)
    signal.signal(signal.SIGTERM, request_stop)
    try:
        with Sandbox(base_dir, nonce_reject_percent=arguments.nonce_reject_percent,
                     install_plugin=not arguments.no_plugin) as sandbox:
            _print_environment(sandbox)
            stop_requested.wait()
            print("\nstopping the sandbox", flush=True)
    except SandboxError as error:
        print(f"sandbox failed: {error}", file=sys.stderr)
        return 1
    return 0


def main(argv: list[str] | None = None) -> int:
    arguments = _parse_arguments(sys.argv[1:] if argv is None else argv)
    logging.basicConfig(level=logging.INFO if arguments.verbose else logging.WARNING,
                        format="%(asctime)s %(name)s %(levelname)s %(message)s")
    if arguments.base_dir is not None:
        return _run(arguments.base_dir, arguments)
    with tempfile.TemporaryDirectory(prefix="ispplugin-sandbox-") as temporary:
        return _run(Path(temporary), arguments)


if __name__ == "__main__":
    sys.exit(main())
