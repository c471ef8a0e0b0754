"""Issue a certificate for a web domain through the plugin, end to end, on the sandbox.

`python -m tests.demo` (or `make demo`) starts the sandbox in a temporary directory, creates a
panel user and a web domain, submits the plugin's form, runs the periodic job until Pebble has
issued the certificate, and checks the certificate that nginx serves. Each mgrctl command is
printed before it runs. The exit status is 0 on success and 1 with a message otherwise.
"""

from __future__ import annotations

import argparse
import json
import logging
import secrets
import shlex
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from cryptography import x509
from cryptography.x509.oid import ExtensionOID

from tests.sandbox import MgrctlError
from tests.sandbox import Sandbox
from tests.sandbox import SandboxError

USER = "demo"
DOMAIN = "shop.example.test"
ALIAS = "www.shop.example.test"
EMAIL = "admin@shop.example.test"
KEY_TYPE = "ec256"

# Maximum number of `letsencrypt.periodic wait=yes` runs before the demo gives up. One run
# normally issues the certificate. The others leave room for retries, because Pebble rejects
# 5% of valid nonces by default.
PERIODIC_RUNS_MAX = 10
PERIODIC_RUN_INTERVAL_S = 1.0
# nginx reloads asynchronously after the panel installs a certificate.
SERVED_CERTIFICATE_TIMEOUT_S = 30.0

OUTPUT_INDENT = "    "


class DemoError(Exception):
    """A demo step produced a wrong or missing result."""


def _step(title: str) -> None:
    print(f"\n==> {title}", flush=True)


def _print_output(text: str) -> None:
    for line in text.rstrip("\n").splitlines():
        print(OUTPUT_INDENT + line)
    sys.stdout.flush()


def _run(sandbox: Sandbox, *args: str, shown: list[str] | None = None,
         print_output: bool = True) -> str:
    """Print the mgrctl command, run it, print and return its output.

    :param shown: the arguments to print instead of args, to hide a password.
    :param print_output: False for machine-readable output that the demo only checks.
    """
    print("$ " + shlex.join(["mgrctl", *(shown if shown is not None else args)]), flush=True)
    result = sandbox.mgrctl(*args)
    if print_output:
        _print_output(result.stdout)
    return result.stdout


def _json_rows(output: str) -> list[dict[str, str]]:
    """Return the rows of a list from mgrctl's JSON output, with each value's text."""
    doc: dict[str, Any] = json.loads(output)["doc"]
    elements = doc.get("elem", [])
    if isinstance(elements, dict):
        elements = [elements]
    rows = []
    for element in elements:
        rows.append({key: value.get("$", "") if isinstance(value, dict) else str(value)
                     for key, value in element.items()})
    return rows


def _certificate_row(sandbox: Sandbox) -> dict[str, str] | None:
    output = _run(sandbox, "-m", "ispmgr", "-o", "json", "sslcert", f"su={USER}",
                  print_output=False)
    for row in _json_rows(output):
        if row.get("name") == DOMAIN:
            return row
    return None


def _dns_names(certificate: x509.Certificate) -> list[str]:
    try:
        extension = certificate.extensions.get_extension_for_oid(
            ExtensionOID.SUBJECT_ALTERNATIVE_NAME)
    except x509.ExtensionNotFound:
        return []
    return list(extension.value.get_values_for_type(x509.DNSName))


def _create_user_and_domain(sandbox: Sandbox) -> None:
    _step(f"a. Create the panel user {USER}")
    password = secrets.token_urlsafe(12)
    args = ["-m", "ispmgr", "user.edit", "sok=ok", f"name={USER}", f"passwd={password}"]
    _run(sandbox, *args, shown=[*args[:-1], "passwd=********"])

    _step(f"b. Create the web domain {DOMAIN} with the alias {ALIAS}")
    _run(sandbox, "-m", "ispmgr", "webdomain.edit", "sok=ok", f"name={DOMAIN}",
         f"owner={USER}", f"aliases={ALIAS}", "ipaddrs=127.0.0.1")


def _request_certificate(sandbox: Sandbox) -> None:
    _step("c. Open the Let's Encrypt form as the user")
    _run(sandbox, "-m", "ispmgr", "-o", "text", "letsencrypt", f"su={USER}")

    _step("d. Submit the form")
    _run(sandbox, "-m", "ispmgr", "letsencrypt", f"su={USER}", "sok=ok", f"domain={DOMAIN}",
         f"aliases={ALIAS}", f"cert_name={DOMAIN}", f"email={EMAIL}", f"key_type={KEY_TYPE}")


def _run_periodic_until_issued(sandbox: Sandbox) -> None:
    _step(f"e. Run the periodic job until {DOMAIN} is issued by the CA "
          f"(at most {PERIODIC_RUNS_MAX} runs)")
    for run in range(1, PERIODIC_RUNS_MAX + 1):
        print(f"-- run {run} of {PERIODIC_RUNS_MAX}")
        _run(sandbox, "-m", "ispmgr", "letsencrypt.periodic", "wait=yes")
        row = _certificate_row(sandbox)
        certificate_type = row.get("type") if row is not None else None
        print(f"certificate {DOMAIN}: type {certificate_type or '(not in the list)'}")
        if certificate_type == "exist":
            return
        time.sleep(PERIODIC_RUN_INTERVAL_S)
    raise DemoError(
        f"the certificate {DOMAIN} was not issued after {PERIODIC_RUNS_MAX} periodic runs. "
        f"See `mgrctl -m ispmgr letsencrypt.log su={USER} elid={DOMAIN}` and the logs in "
        f"{sandbox.root / 'var'}.")


def _check_served_certificate(sandbox: Sandbox) -> None:
    _step("f. Show the result")
    _run(sandbox, "-m", "ispmgr", "sslcert")
    _run(sandbox, "-m", "ispmgr", "letsencrypt.log", f"su={USER}", f"elid={DOMAIN}")

    root, intermediate = sandbox.pebble_roots()
    print(f"\nPebble root:         {root.subject.rfc4514_string()}")
    print(f"Pebble intermediate: {intermediate.subject.rfc4514_string()}")
    print(f"Certificate that nginx serves over HTTPS for {DOMAIN}:", flush=True)
    try:
        certificate = sandbox.wait_for_served_certificate(
            DOMAIN, lambda served: served.issuer == intermediate.subject,
            SERVED_CERTIFICATE_TIMEOUT_S)
    except SandboxError as error:
        raise DemoError(f"nginx does not serve a certificate issued by Pebble for {DOMAIN}: "
                        f"{error}") from error

    names = _dns_names(certificate)
    print(f"{OUTPUT_INDENT}subject:   {certificate.subject.rfc4514_string()}")
    print(f"{OUTPUT_INDENT}names:     {', '.join(names)}")
    print(f"{OUTPUT_INDENT}issuer:    {certificate.issuer.rfc4514_string()}")
    print(f"{OUTPUT_INDENT}not after: {certificate.not_valid_after_utc.isoformat()}")

    missing = [name for name in (DOMAIN, ALIAS) if name not in names]
    if missing:
        raise DemoError(f"the served certificate does not cover {', '.join(missing)}: "
                        f"its names are {names}")


def run_demo(base_dir: Path) -> None:
    """Run every step on a sandbox in base_dir.

    :raises DemoError: when a step's result is wrong.
    :raises SandboxError: when a server fails or mgrctl exits with an error.
    """
    print(f"Starting the sandbox in {base_dir}", flush=True)
    with Sandbox(base_dir) as sandbox:
        print(f"MGR_ROOT={sandbox.root}")
        print(f"ACME directory {sandbox.acme_directory}; nginx HTTP port {sandbox.http_port}, "
              f"HTTPS port {sandbox.https_port}; mock DNS port {sandbox.dns_port}")
        _create_user_and_domain(sandbox)
        _request_certificate(sandbox)
        _run_periodic_until_issued(sandbox)
        _check_served_certificate(sandbox)


def _parse_arguments(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m tests.demo", description=__doc__)
    parser.add_argument("--keep", action="store_true",
                        help="keep the sandbox's directory (panel root, logs) after the demo")
    parser.add_argument("--verbose", action="store_true", help="log the sandbox's steps")
    return parser.parse_args(argv)


def _print_keep_hint(keep: bool) -> None:
    if not keep:
        print("Run `python -m tests.demo --keep` to keep the panel root and the servers' logs.",
              file=sys.stderr)


def main(argv: list[str] | None = None) -> int:
    arguments = _parse_arguments(sys.argv[1:] if argv is None else argv)
    logging.basicConfig(level=logging.INFO if arguments.verbose else logging.WARNING,
                        format="%(asctime)s %(name)s %(levelname)s %(message)s")
    base_dir = Path(tempfile.mkdtemp(prefix="ispplugin-demo-"))
    try:
        run_demo(base_dir)
    except MgrctlError as error:
        print(f"\ndemo failed: a panel command failed.\n{error}", file=sys.stderr)
        _print_keep_hint(arguments.keep)
        return 1
    except (DemoError, SandboxError) as error:
        print(f"\ndemo failed: {error}", file=sys.stderr)
        _print_keep_hint(arguments.keep)
        return 1
    finally:
        if arguments.keep:
            print(f"\nThe sandbox's files are kept in {base_dir}")
        else:
            shutil.rmtree(base_dir, ignore_errors=True)
    print(f"\nDemo succeeded: nginx serves a certificate for {DOMAIN} and {ALIAS} "
          f"issued by Pebble.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
