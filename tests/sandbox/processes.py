"""Start and stop the sandbox's server processes by pid."""

from __future__ import annotations

import logging
import os
import signal
import subprocess
import time
from collections.abc import Mapping, Sequence
from pathlib import Path

logger = logging.getLogger(__name__)

# How long a process gets to exit after SIGTERM before it receives SIGKILL.
PROCESS_STOP_TIMEOUT_S = 5.0
# How long to wait for a process to disappear after SIGKILL.
PROCESS_KILL_TIMEOUT_S = 5.0
PROCESS_POLL_INTERVAL_S = 0.05

# Lines of a server's log that error messages quote.
LOG_TAIL_LINES = 20


def is_pid_alive(pid: int) -> bool:
    """Return True when pid names a process that has not exited (zombies count as exited)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except (FileNotFoundError, ProcessLookupError):
        return False
    # The state letter follows the command name, which is in brackets and may contain spaces.
    state = stat.rsplit(")", 1)[1].split()[0]
    return state not in ("Z", "X")


def child_pids(pid: int) -> list[int]:
    """Return the pids of the live processes whose parent is pid."""
    children = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except (FileNotFoundError, ProcessLookupError):
            continue
        fields = stat.rsplit(")", 1)[1].split()
        if int(fields[1]) == pid and fields[0] not in ("Z", "X"):
            children.append(int(entry.name))
    return children


def process_start_time_s(pid: int) -> float | None:
    """Return when pid started, in seconds since boot, or None when it does not exist."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except (FileNotFoundError, ProcessLookupError):
        return None
    # Field 22 of /proc/PID/stat (starttime) counts clock ticks since boot (proc(5)).
    start_ticks = int(stat.rsplit(")", 1)[1].split()[19])
    return start_ticks / os.sysconf("SC_CLK_TCK")


def uptime_s() -> float:
    """Return the seconds since boot, on the same clock as process_start_time_s()."""
    return float(Path("/proc/uptime").read_text().split()[0])


def _wait_for_exit(pid: int, timeout_s: float) -> bool:
    deadline = time.monotonic() + timeout_s
    while is_pid_alive(pid):
        if time.monotonic() >= deadline:
            return False
        time.sleep(PROCESS_POLL_INTERVAL_S)
    return True


def terminate_pid(pid: int, name: str) -> None:
    """Stop a process that is not our child: SIGTERM, then SIGKILL after PROCESS_STOP_TIMEOUT_S."""
    if not is_pid_alive(pid):
        return
    logger.info("stopping %s (pid %d)", name, pid)
    try:
        os.kill(pid, signal.SIGTERM)
    except ProcessLookupError:
        return
    if _wait_for_exit(pid, PROCESS_STOP_TIMEOUT_S):
        return
    logger.warning("%s (pid %d) ignored SIGTERM for %.1f s, sending SIGKILL",
                   name, pid, PROCESS_STOP_TIMEOUT_S)
    try:
        os.kill(pid, signal.SIGKILL)
    except ProcessLookupError:
        return
    if not _wait_for_exit(pid, PROCESS_KILL_TIMEOUT_S):
        logger.error("%s (pid %d) is still alive after SIGKILL", name, pid)


class ManagedProcess:
    """A server process started by the sandbox, with its output in one log file.

    The process runs in a session of its own, so a Ctrl-C in the terminal reaches only the
    sandbox, which then stops its servers in order.
    """

    def __init__(self, name: str, argv: Sequence[str], log_path: Path,
                 env: Mapping[str, str] | None = None, cwd: Path | None = None) -> None:
        self.name = name
        self.argv = list(argv)
        self.log_path = log_path
        self._env = dict(env) if env is not None else None
        self._cwd = cwd
        self._popen: subprocess.Popen[bytes] | None = None

    @property
    def pid(self) -> int | None:
        return self._popen.pid if self._popen is not None else None

    def start(self) -> None:
        """Start the process with stdout and stderr appended to log_path."""
        logger.info("starting %s: %s", self.name, " ".join(self.argv))
        with open(self.log_path, "ab") as log:
            self._popen = subprocess.Popen(
                self.argv, stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT,
                env=self._env, cwd=self._cwd, start_new_session=True)
        logger.info("%s started with pid %d", self.name, self._popen.pid)

    def exit_status(self) -> int | None:
        """Return the exit status once the process has exited, None while it runs."""
        if self._popen is None:
            return None
        return self._popen.poll()

    def is_running(self) -> bool:
        return self._popen is not None and self._popen.poll() is None

    def stop(self) -> None:
        """Stop the process and the children it left: SIGTERM, then SIGKILL after a bounded wait.

        Children are collected before the signal, because they are re-parented once their
        parent exits. nginx workers are such children.
        """
        if self._popen is None or self._popen.poll() is not None:
            return
        pid = self._popen.pid
        children = child_pids(pid)
        logger.info("stopping %s (pid %d)", self.name, pid)
        self._popen.terminate()
        try:
            self._popen.wait(timeout=PROCESS_STOP_TIMEOUT_S)
        except subprocess.TimeoutExpired:
            logger.warning("%s (pid %d) ignored SIGTERM for %.1f s, sending SIGKILL",
                           self.name, pid, PROCESS_STOP_TIMEOUT_S)
            self._popen.kill()
            self._popen.wait(timeout=PROCESS_KILL_TIMEOUT_S)
        logger.info("%s (pid %d) exited with status %s", self.name, pid, self._popen.returncode)
        for child in children:
            terminate_pid(child, f"{self.name} child")

    def log_tail(self, lines: int = LOG_TAIL_LINES) -> str:
        """Return the last lines of the process's log, or a note when there is none."""
        try:
            text = self.log_path.read_text(errors="replace")
        except FileNotFoundError:
            return f"(no log at {self.log_path})"
        tail = text.splitlines()[-lines:]
        return "\n".join(tail) if tail else f"(empty log at {self.log_path})"
