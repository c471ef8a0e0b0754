"""Exceptions raised by the sandbox of test servers."""

from __future__ import annotations

from collections.abc import Sequence


class SandboxError(Exception):
    """A sandbox server failed to start, stop or answer as expected."""


class MgrctlError(SandboxError):
    """The stand-in panel's mgrctl exited with a non-zero status.

    :ivar argv: the command that ran.
    :ivar returncode: its exit status.
    :ivar stdout: what it printed on standard output.
    :ivar stderr: what it printed on standard error.
    """

    def __init__(self, argv: Sequence[str], returncode: int, stdout: str, stderr: str) -> None:
        super().__init__(argv, returncode, stdout, stderr)
        self.argv = list(argv)
        self.returncode = returncode
        self.stdout = stdout
        self.stderr = stderr

    def __str__(self) -> str:
        return (
            f"mgrctl exited with status {self.returncode}: {' '.join(self.argv)}\n"
            f"--- stdout ---\n{self.stdout.rstrip()}\n"
            f"--- stderr ---\n{self.stderr.rstrip()}"
        )
