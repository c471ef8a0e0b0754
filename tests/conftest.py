"""Fixtures shared by the tests: sandboxes of real servers on loopback."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

REPO_ROOT = Path(__file__).resolve().parent.parent
if str(REPO_ROOT) not in sys.path:
    sys.path.insert(0, str(REPO_ROOT))

from tests.sandbox import Sandbox  # noqa: E402  (needs the repository root on sys.path)
from tests.sandbox import SandboxFactory  # noqa: E402


@pytest.fixture
def make_sandbox(tmp_path: Path) -> Iterator[SandboxFactory]:
    """Return a function that starts a Sandbox with the given keyword arguments.

    Each call gets its own directory under tmp_path. Every sandbox started is stopped at
    teardown, and a start-up failure raises SandboxError, so the test errors instead of
    being skipped.
    """
    started: list[Sandbox] = []

    def start(**options: Any) -> Sandbox:
        sandbox = Sandbox(tmp_path / f"sandbox{len(started)}", **options)
        started.append(sandbox)
        sandbox.start()
        return sandbox

    yield start
    for sandbox in reversed(started):
        sandbox.stop()


@pytest.fixture
def sandbox(make_sandbox: SandboxFactory) -> Sandbox:
    """A started sandbox with the plugin installed into the stand-in panel."""
    return make_sandbox()


@pytest.fixture
def servers_sandbox(make_sandbox: SandboxFactory) -> Sandbox:
    """A started sandbox without the plugin: the servers and the stand-in panel only."""
    return make_sandbox(install_plugin=False)
