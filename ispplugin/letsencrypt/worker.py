"""The periodic run: pick the due requests and move each through the state machine.

``letsencrypt.periodic`` must answer the panel at once, while issuing can take minutes, so the
handler starts this module as a detached process (``python -m ispplugin.letsencrypt.worker``)
and returns. The worker holds the run lock (``var/run/letsencrypt.periodic.lock``, an
``fcntl`` lock that dies with its process, so a crash leaves no stale lock) and writes its pid
to ``var/run/letsencrypt.periodic.pid`` while it runs. A second worker started meanwhile waits
for the lock and then runs, so a request queued during a run is not left for the next minute;
a third one, finding a waiter already there, exits. :func:`wait_until_idle` lets mgrctl
callers and tests wait until no run is in progress.
"""
import argparse
import concurrent.futures
import datetime
import fcntl
import logging
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Optional

from ispplugin.errors import Error, LockError
from ispplugin.letsencrypt import notifications
from ispplugin.letsencrypt.acme_session import AcmeSession
from ispplugin.letsencrypt.issuer import RETRY_DELAYS_S, Issuer
from ispplugin.letsencrypt.models import (ACTIVE_STATUSES, RESULT_ERROR, CertRequest,
                                          database, open_database, utcnow)
from ispplugin.letsencrypt.settings import Settings
from ispplugin.panel.config import PanelConfig
from ispplugin.panel.log import setup_logging
from ispplugin.panel.mgrctl import Mgrctl
from ispplugin.panel.paths import mgr_root

log = logging.getLogger(__name__)

LOG_NAME = "letsencrypt"
RUN_LOCK_FILE = "letsencrypt.periodic.lock"
WAITER_LOCK_FILE = "letsencrypt.periodic.wait.lock"
PID_FILE = "letsencrypt.periodic.pid"
MAX_PASSES_PER_RUN = 20
LOCK_POLL_INTERVAL_S = 0.2
RUN_LOCK_WAIT_TIMEOUT_S = 3600


def run_dir(root: Path) -> Path:
    path = root / "var" / "run"
    path.mkdir(parents=True, exist_ok=True)
    return path


class FileLock:
    """An exclusive ``fcntl`` lock on a file that stays in place; released on close or exit."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._file = None

    def acquire(self, timeout_s: Optional[float] = 0) -> None:
        """Take the lock, waiting at most ``timeout_s`` (``0``: do not wait).

        :raises LockError: another process holds it
        """
        handle = open(self.path, "a+")  # noqa: SIM115 - kept open while the lock is held
        deadline = time.monotonic() + (timeout_s or 0)
        while True:
            try:
                fcntl.lockf(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                self._file = handle
                return
            except OSError:
                if time.monotonic() >= deadline:
                    handle.close()
                    log.debug("worker: the lock %s is held by another process", self.path)
                    raise LockError(str(self.path)) from None
                time.sleep(LOCK_POLL_INTERVAL_S)

    def release(self) -> None:
        if self._file is not None:
            fcntl.lockf(self._file, fcntl.LOCK_UN)
            self._file.close()
            self._file = None


def due_requests(limit: int = 1000) -> list[CertRequest]:
    """Return the active requests whose next attempt is due: new ones before retries."""
    now = utcnow()
    query = (CertRequest.select()
             .where(CertRequest.status.in_(ACTIVE_STATUSES),
                    CertRequest.next_attempt_at <= now)
             .order_by(CertRequest.attempts, CertRequest.renewal, CertRequest.placed_at)
             .limit(limit))
    return list(query)


def run_pass(root: Path, settings: Settings) -> int:
    """Advance every due request once; return how many were worked on."""
    due = due_requests()
    if not due:
        return 0
    log.info("worker: %d request(s) due", len(due))
    if settings.process_count == 1:
        for request in due:
            _advance_one(root, settings, request.id)
    else:
        with concurrent.futures.ThreadPoolExecutor(settings.process_count) as pool:
            list(pool.map(lambda request_id: _advance_one(root, settings, request_id),
                          [request.id for request in due]))
    return len(due)


def _advance_one(root: Path, settings: Settings, request_id: int) -> None:
    with database.connection_context():
        request = CertRequest.get_by_id(request_id)
        mgrctl = Mgrctl(root)
        try:
            session = AcmeSession(root, settings, request.email)
            issuer = Issuer(root, session, mgrctl, notify=notifications.Notifier(mgrctl))
            issuer.advance(request)
        except Exception as exc:  # noqa: BLE001 - one broken request must not stop the others
            log.exception("worker: %s: request %s failed unexpectedly", request.domain,
                          request.id)
            request.last_error = f"internal error: {exc}"
            request.attempts += 1
            request.next_attempt_at = utcnow() + datetime.timedelta(seconds=RETRY_DELAYS_S[0])
            request.save_state()
            request.add_event("internal", RESULT_ERROR,
                              f"internal error ({type(exc).__name__}); see the module's log")


def run(root: Path) -> int:
    """Take the run lock and work until nothing is due; return the number of steps taken."""
    run_path = run_dir(root)
    waiter = FileLock(run_path / WAITER_LOCK_FILE)
    try:
        waiter.acquire()
    except LockError:
        log.debug("worker: another worker is already waiting for the run lock")
        return 0
    runner = FileLock(run_path / RUN_LOCK_FILE)
    try:
        runner.acquire(RUN_LOCK_WAIT_TIMEOUT_S)
    finally:
        waiter.release()
    pid_path = run_path / PID_FILE
    try:
        pid_path.write_text(f"{os.getpid()}\n", encoding="ascii")
        open_database(root)
        settings = Settings.from_config(PanelConfig.load(root))
        total = 0
        for _ in range(MAX_PASSES_PER_RUN):
            worked = run_pass(root, settings)
            total += worked
            if not worked:
                break
        return total
    finally:
        pid_path.unlink(missing_ok=True)
        runner.release()


def spawn(root: Path) -> subprocess.Popen:
    """Start a detached worker that outlives the caller; its output goes to /dev/null."""
    env = dict(os.environ, MGR_ROOT=str(root))
    return subprocess.Popen(
        [sys.executable, "-m", "ispplugin.letsencrypt.worker"],
        stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        start_new_session=True, close_fds=True, env=env)


def wait_until_idle(root: Path, timeout_s: float) -> None:
    """Wait until no worker holds the run lock.

    :raises LockError: a run was still in progress after ``timeout_s``
    """
    lock = FileLock(run_dir(root) / RUN_LOCK_FILE)
    lock.acquire(timeout_s)
    lock.release()


def main(argv: Optional[list] = None) -> int:
    parser = argparse.ArgumentParser(description="Run the Let's Encrypt module's periodic work.")
    parser.add_argument("--root", type=Path, default=None, help="panel root (default: MGR_ROOT)")
    args = parser.parse_args(argv)
    root = args.root or mgr_root()
    setup_logging(root, LOG_NAME)
    try:
        run(root)
    except Error as exc:
        log.error("worker: run failed: %s", exc)
        return 1
    except Exception:  # noqa: BLE001 - a detached process has nobody else to report to
        log.exception("worker: run failed")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
