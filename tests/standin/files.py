"""Atomic file writes, and a set of writes that can be undone together."""

from __future__ import annotations

import logging
import os
import tempfile
from pathlib import Path

logger = logging.getLogger(__name__)

DIR_MODE = 0o755


def ensure_dir(path: Path, mode: int = DIR_MODE) -> None:
    """Create ``path`` and its missing parents, then set its mode to ``mode`` whatever the umask."""
    path.mkdir(parents=True, exist_ok=True)
    os.chmod(path, mode)


def atomic_write(path: Path, data: bytes, mode: int) -> None:
    """Replace ``path`` with ``data`` so that readers see the old or the new file, never a part.

    The data goes to a new temporary file in the same directory, created with O_EXCL and then
    given ``mode`` explicitly, so the umask does not matter. The file is fsynced and renamed over
    ``path``, then the directory is fsynced. On failure ``path`` is untouched.
    """
    fd, temp_name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        os.fchmod(fd, mode)
        with os.fdopen(fd, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temp_name, path)
    except BaseException:
        Path(temp_name).unlink(missing_ok=True)
        raise

    dir_fd = os.open(path.parent, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(dir_fd)
    finally:
        os.close(dir_fd)


class FileTransaction:
    """File writes and removals that ``rollback()`` undoes, restoring content and mode."""

    def __init__(self) -> None:
        # None marks a file that did not exist before the first change.
        self._originals: dict[Path, tuple[bytes, int] | None] = {}

    def _remember(self, path: Path) -> None:
        if path in self._originals:
            return
        if path.exists():
            self._originals[path] = (path.read_bytes(), path.stat().st_mode & 0o7777)
        else:
            self._originals[path] = None

    def write(self, path: Path, data: bytes, mode: int) -> None:
        self._remember(path)
        ensure_dir(path.parent)
        atomic_write(path, data, mode)

    def remove(self, path: Path) -> None:
        self._remember(path)
        path.unlink(missing_ok=True)

    def rollback(self) -> None:
        """Put every changed file back as it was before this transaction."""
        for path, original in reversed(list(self._originals.items())):
            if original is None:
                path.unlink(missing_ok=True)
            else:
                data, mode = original
                atomic_write(path, data, mode)
            logger.info("restored %s", path)
        self._originals.clear()
