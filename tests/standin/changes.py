"""A panel change: database rows, vhost and certificate files, and the nginx reload, as one unit."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager

from .context import Panel
from .files import FileTransaction
from .nginxconf import NginxControl, render_vhost
from .store import WebDomain

logger = logging.getLogger(__name__)

VHOST_FILE_MODE = 0o644


class ChangeSet:
    """Files changed by one panel function, and whether nginx must reload them."""

    def __init__(self, panel: Panel) -> None:
        self.panel = panel
        self.files = FileTransaction()
        self.reload_needed = False

    def write_vhost(self, domain: WebDomain) -> None:
        text = render_vhost(domain, self.panel.layout, self.panel.nginx)
        path = self.panel.layout.vhost_file(domain.owner, domain.name)
        self.files.write(path, text.encode("utf-8"), VHOST_FILE_MODE)
        self.reload_needed = True

    def remove_vhost(self, domain: WebDomain) -> None:
        self.files.remove(self.panel.layout.vhost_file(domain.owner, domain.name))
        self.reload_needed = True


@contextmanager
def change_set(panel: Panel) -> Iterator[ChangeSet]:
    """Apply a change to the database and the files, or to neither.

    The body changes rows and files through the yielded ChangeSet. When it raises, or nginx
    rejects the new files, or nginx is configured and not running, the database transaction
    rolls back and every file is restored. Otherwise the rows are committed and nginx reloads.
    """
    changes = ChangeSet(panel)
    control = NginxControl(panel.nginx)
    pid = None
    try:
        with panel.db:
            yield changes
            if changes.reload_needed:
                pid = control.running_pid()
                control.test_config()
    except BaseException:
        changes.files.rollback()
        raise

    if changes.reload_needed:
        control.reload(pid)
