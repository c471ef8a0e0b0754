"""Tests for storage, migrations, renewal timing and the worker's locks."""
import datetime
import multiprocessing
import os
import stat
import time

import pytest

from ispplugin.errors import LockError
from ispplugin.letsencrypt import models, storage
from ispplugin.letsencrypt.renewal import is_due
from ispplugin.letsencrypt.worker import FileLock


@pytest.mark.parametrize("umask", [0o077, 0o022, 0o000])
@pytest.mark.parametrize("mode", [storage.MODE_PRIVATE, storage.MODE_PUBLIC])
def test_atomic_write_mode_ignores_umask(tmp_path, umask, mode):
    old = os.umask(umask)
    try:
        target = tmp_path / "file.pem"
        storage.atomic_write(target, b"one", mode)
        storage.atomic_write(target, b"two", mode)
    finally:
        os.umask(old)
    assert target.read_bytes() == b"two"
    assert stat.S_IMODE(target.stat().st_mode) == mode
    assert [p.name for p in tmp_path.iterdir()] == ["file.pem"]


def test_atomic_write_failure_keeps_old_file(tmp_path, monkeypatch):
    target = tmp_path / "cert.pem"
    storage.atomic_write(target, b"old", storage.MODE_PUBLIC)

    def broken_replace(src, dst):
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(OSError):
        storage.atomic_write(target, b"new", storage.MODE_PUBLIC)
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["cert.pem"]


def test_migrations_create_schema_once(tmp_path):
    models.open_database(tmp_path)
    models.open_database(tmp_path)
    tables = set(models.database.get_tables())
    assert {"account", "cert_request", "event", "schema_migration"} <= tables
    applied = models.database.execute_sql("SELECT name FROM schema_migration").fetchall()
    assert applied == [("0001_initial",)]
    path = tmp_path / "var" / "letsencrypt.db"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    models.database.close()


DAY = datetime.timedelta(days=1)
START = datetime.datetime(2026, 1, 1)


@pytest.mark.parametrize("lifetime_days, days_left, expected", [
    (90, 31, False),   # more than a third left
    (90, 30, True),    # a third left
    (90, 10, True),
    (45, 16, False),
    (45, 15, True),
    (30, 11, False),   # a third is 10 days
    (30, 10, True),
    (6, 5, True),      # short-lived: 7 days or less left
    (365, 122, False),
    (365, 121, True),
])
def test_is_due(lifetime_days, days_left, expected):
    not_after = START + lifetime_days * DAY
    now = not_after - days_left * DAY
    assert is_due(START, not_after, now) is expected


def _hold_lock(path, ready, release):
    lock = FileLock(path)
    lock.acquire()
    ready.set()
    release.wait(10)


def test_file_lock_excludes_and_dies(tmp_path):
    """The lock excludes another process and is released when its holder dies."""
    path = tmp_path / "run.lock"
    ready, release = multiprocessing.Event(), multiprocessing.Event()
    holder = multiprocessing.Process(target=_hold_lock, args=(path, ready, release))
    holder.start()
    try:
        assert ready.wait(10)
        with pytest.raises(LockError):
            FileLock(path).acquire()
        started = time.monotonic()
        with pytest.raises(LockError):
            FileLock(path).acquire(0.5)
        assert time.monotonic() - started >= 0.5
    finally:
        holder.kill()
        holder.join()
    # The holder was killed without releasing: the lock must not outlive it.
    lock = FileLock(path)
    lock.acquire()
    lock.release()
