"""Administrator problems (``problems.register``, ``problems``) and user notifications
(``notify``, ``notification``)."""

from __future__ import annotations

import logging

from lxml import etree

from ..responses import add_row, new_doc, ok_doc
from ..context import Panel, Request
from ..errors import MISSED, PanelError
from ..names import validate_notice_level
from ..store import user_exists

logger = logging.getLogger(__name__)


def _required(request: Request, field: str) -> str:
    value = request.get(field)
    if not value:
        raise PanelError(MISSED, field, f"{field} is required")
    return value


def problems_register(panel: Panel, request: Request) -> etree._Element:
    """Store an administrator problem; registering the same name and id again replaces it."""
    request.require_admin()
    name = _required(request, "name")
    level = validate_notice_level(_required(request, "level"), "level")

    with panel.db:
        panel.db.execute(
            "INSERT OR REPLACE INTO problems (name, id, level, info) VALUES (?, ?, ?, ?)",
            (name, request.get("id"), level, request.get("info")),
        )
    logger.info("registered problem %s/%s (%s)", name, request.get("id"), level)
    return ok_doc(request.func, request.lang)


def problems_list(panel: Panel, request: Request) -> etree._Element:
    request.require_admin()
    doc = new_doc(request.func, request.lang)
    for row in panel.db.execute("SELECT name, id, level, info FROM problems ORDER BY name, id"):
        add_row(doc, {key: row[key] for key in ("name", "id", "level", "info")})
    return doc


def notify(panel: Panel, request: Request) -> etree._Element:
    """Store a notification for ``user``."""
    request.require_admin()
    name = _required(request, "name")
    user = _required(request, "user")
    if not user_exists(panel.db, user):
        raise PanelError(MISSED, "user", f"user {user!r} not found")
    level = validate_notice_level(_required(request, "level"), "level")
    msg = _required(request, "msg")

    with panel.db:
        panel.db.execute(
            "INSERT INTO notifications (name, user, level, msg) VALUES (?, ?, ?, ?)",
            (name, user, level, msg),
        )
    logger.info("notified %s: %s (%s)", user, name, level)
    return ok_doc(request.func, request.lang)


def notification_list(panel: Panel, request: Request) -> etree._Element:
    """List notifications: all of them for the administrator, their own for a user."""
    owner = request.owner_filter()
    query = "SELECT name, user, level, msg FROM notifications"
    args: tuple[str, ...] = ()
    if owner is not None:
        query += " WHERE user = ?"
        args = (owner,)

    doc = new_doc(request.func, request.lang)
    for row in panel.db.execute(query + " ORDER BY id", args):
        add_row(doc, {key: row[key] for key in ("name", "user", "level", "msg")})
    return doc


FUNCTIONS = {
    "problems.register": problems_register,
    "problems": problems_list,
    "notify": notify,
    "notification": notification_list,
}
