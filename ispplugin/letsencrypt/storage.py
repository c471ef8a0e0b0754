"""Atomic writes of keys, certificates and challenge files.

A file is written to an ``O_EXCL`` temporary file in the same directory with its final mode,
synced, renamed over the target with ``os.replace`` and the directory is synced: a reader sees
the old content or the new one, never a part, and the mode never depends on the umask.
"""
import os
from pathlib import Path

MODE_PRIVATE = 0o600
MODE_PUBLIC = 0o644
MODE_PRIVATE_DIR = 0o700
MODE_PUBLIC_DIR = 0o755


def ensure_dir(path: Path, mode: int) -> None:
    """Create ``path`` (and parents) and set its mode, whatever the umask."""
    path.mkdir(parents=True, exist_ok=True)
    os.chmod(path, mode)


def atomic_write(path: Path, data: bytes, mode: int) -> None:
    """Replace ``path`` with ``data``, mode ``mode``; the old file stays intact on failure."""
    directory = path.parent
    temp = directory / f".{path.name}.{os.getpid()}.tmp"
    fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, mode)
    try:
        os.fchmod(fd, mode)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp, path)
    except BaseException:
        try:
            os.unlink(temp)
        except FileNotFoundError:
            pass
        raise
    dir_fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(dir_fd)
    finally:
        os.close(dir_fd)


def remove_file(path: Path) -> bool:
    """Delete ``path``; return False if it was already gone."""
    try:
        path.unlink()
    except FileNotFoundError:
        return False
    return True
