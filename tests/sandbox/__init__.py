"""A sandbox of real servers on loopback for the plugin's tests and demo.

It runs Pebble (the ACME test CA), pebble-challtestsrv (mock DNS that Pebble resolves through),
nginx (the HTTP-01 port and the web domains' HTTPS) and the stand-in panel with the plugin
installed, each on a free port of 127.0.0.1. `python -m tests.sandbox` starts one by hand.
"""

from collections.abc import Callable

from .core import Sandbox
from .errors import MgrctlError
from .errors import SandboxError

# The type of the make_sandbox fixture: it starts a Sandbox with the given keyword arguments.
SandboxFactory = Callable[..., Sandbox]

__all__ = ["MgrctlError", "Sandbox", "SandboxError", "SandboxFactory"]
