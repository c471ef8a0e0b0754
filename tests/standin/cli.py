"""``mgrctl`` of the stand-in panel.

Usage: ``mgrctl [-m ispmgr] [-o text|xml|json] [-i] FUNC [key=value ...]``. The panel root is
the MGR_ROOT environment variable, else the directory above the script's sbin/. ``su=USER``
acts as that user. The exit status is 0 on success, 1 when the response contains an ``<error>``
and 2 for invalid arguments.
"""

from __future__ import annotations

import logging
import os
import sys
from dataclasses import dataclass, field
from pathlib import Path

from .responses import find_error
from .dispatch import handle, list_functions
from .layout import Layout
from .output import FORMATS, render

USAGE = "usage: mgrctl [-m ispmgr] [-o text|xml|json] [-i] FUNC [key=value ...]"
MANAGERS = ("ispmgr",)
LOG_FORMAT = "%(asctime)s [%(process)d] %(name)s %(levelname)s %(message)s"
EXIT_OK = 0
EXIT_ERROR_ANSWER = 1
EXIT_USAGE = 2


class UsageError(Exception):
    """Invalid command line arguments."""


@dataclass
class Invocation:
    """The parsed command line."""

    output_format: str = "text"
    list_functions: bool = False
    func: str = ""
    params: dict[str, str] = field(default_factory=dict)


def _option_value(args: list[str], index: int) -> tuple[str, int]:
    """Return the value of the option at ``index`` (``-o json`` or ``-ojson``), and the index
    after it."""
    option = args[index]
    if len(option) > 2:
        return option[2:], index + 1
    if index + 1 >= len(args):
        raise UsageError(f"option {option} needs a value")
    return args[index + 1], index + 2


def parse_args(args: list[str]) -> Invocation:
    """:raises UsageError: for an unknown option, manager or format, or a parameter without '='."""
    invocation = Invocation()
    index = 0
    while index < len(args) and args[index].startswith("-"):
        option = args[index]
        if option == "--":
            index += 1
            break
        if option.startswith("-m"):
            manager, index = _option_value(args, index)
            if manager not in MANAGERS:
                raise UsageError(f"unknown manager {manager!r}; the stand-in serves ispmgr")
        elif option.startswith("-o"):
            invocation.output_format, index = _option_value(args, index)
            if invocation.output_format not in FORMATS:
                raise UsageError(f"unknown output format {invocation.output_format!r}")
        elif option == "-i":
            invocation.list_functions = True
            index += 1
        elif option == "-R":
            # The stand-in reads the plugin XML on every call, so there is nothing to re-read.
            index += 1
        else:
            raise UsageError(f"unknown option {option}")

    if index < len(args):
        invocation.func = args[index]
        index += 1
    elif not invocation.list_functions:
        raise UsageError("missing function name")

    for arg in args[index:]:
        key, separator, value = arg.partition("=")
        if not separator or not key:
            raise UsageError(f"parameter {arg!r} is not key=value")
        invocation.params[key] = value
    return invocation


def find_root(script: str) -> Path:
    """Return MGR_ROOT, else the panel root above ``script`` (ROOT/sbin/mgrctl).

    :raises UsageError: when neither is an installed stand-in panel.
    """
    env_root = os.environ.get("MGR_ROOT")
    root = Path(env_root) if env_root else Path(script).resolve().parent.parent
    if not Layout(root).settings_file.is_file():
        raise UsageError(f"{root} is not a stand-in panel root (no etc/standin.json); set MGR_ROOT")
    return root


class _PanelLogHandler(logging.FileHandler):
    """The handler writing var/standin.log; a marker class so that main() replaces it."""


def configure_logging(layout: Layout) -> None:
    package_logger = logging.getLogger(__package__)
    for handler in list(package_logger.handlers):
        if isinstance(handler, _PanelLogHandler):
            package_logger.removeHandler(handler)
            handler.close()
    handler = _PanelLogHandler(layout.log_file, encoding="utf-8")
    handler.setFormatter(logging.Formatter(LOG_FORMAT))
    package_logger.addHandler(handler)
    package_logger.setLevel(logging.INFO)


def main(argv: list[str] | None = None) -> int:
    """Run mgrctl with ``argv`` (default: sys.argv[1:]) and return the exit status."""
    args = sys.argv[1:] if argv is None else list(argv)
    try:
        invocation = parse_args(args)
        layout = Layout(find_root(sys.argv[0]))
    except UsageError as error:
        print(f"mgrctl: {error}\n{USAGE}", file=sys.stderr)
        return EXIT_USAGE

    configure_logging(layout)
    if invocation.list_functions:
        doc = list_functions(layout)
    else:
        doc = handle(layout, invocation.func, invocation.params)

    sys.stdout.write(render(doc, invocation.output_format))
    sys.stdout.flush()
    return EXIT_ERROR_ANSWER if find_error(doc) is not None else EXIT_OK
