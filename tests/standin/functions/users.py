"""Panel users: ``user``, ``user.edit``, ``user.delete`` (administrator only)."""

from __future__ import annotations

import logging

from lxml import etree

from .. import certs
from ..responses import add_fields, add_row, new_doc, ok_doc
from ..changes import change_set
from ..context import LEVEL_USER, Panel, Request, split_elid
from ..errors import EXISTS, MISSED, VALUE, PanelError
from ..names import validate_user_name
from ..store import ROOT_USER, list_webdomains, user_exists

logger = logging.getLogger(__name__)

USER_LEVEL_NAME = "user"


def user_list(panel: Panel, request: Request) -> etree._Element:
    request.require_admin()
    doc = new_doc(request.func, request.lang)
    for row in panel.db.execute("SELECT name FROM users ORDER BY name"):
        add_row(doc, {"name": row["name"], "level": USER_LEVEL_NAME})
    return doc


def _require_user(panel: Panel, name: str) -> None:
    if name == ROOT_USER or not user_exists(panel.db, name):
        raise PanelError(MISSED, "elid", f"user {name!r} not found")


def user_edit(panel: Panel, request: Request) -> etree._Element:
    """Open the form (no ``sok``), create a user (``sok`` without ``elid``) or edit one.

    The stand-in has no logins, so ``passwd`` is accepted and not stored.
    """
    request.require_admin()
    elid = request.get("elid")

    if not request.is_submit:
        if elid:
            _require_user(panel, elid)
        doc = new_doc(request.func, request.lang)
        add_fields(doc, {"name": elid, "level": USER_LEVEL_NAME})
        return doc

    if elid:
        _require_user(panel, elid)
        if request.get("name", elid) != elid:
            raise PanelError(VALUE, "name", "a user cannot be renamed")
        return ok_doc(request.func, request.lang)

    name = request.get("name")
    if not name:
        raise PanelError(MISSED, "name", "the user name is required")
    validate_user_name(name, "name")
    if user_exists(panel.db, name):
        raise PanelError(EXISTS, "name", f"user {name!r} already exists")

    with panel.db:
        panel.db.execute("INSERT INTO users (name, level) VALUES (?, ?)", (name, LEVEL_USER))
    logger.info("created user %s", name)
    return ok_doc(request.func, request.lang)


def user_delete(panel: Panel, request: Request) -> etree._Element:
    """Delete users with their web domains, certificates and notifications."""
    request.require_admin()
    names = split_elid(request.get("elid"))
    if not names:
        raise PanelError(MISSED, "elid", "select a user to delete")
    for name in names:
        _require_user(panel, name)

    with change_set(panel) as changes:
        for name in names:
            for domain in list_webdomains(panel.db, name):
                changes.remove_vhost(domain)
            for row in panel.db.execute("SELECT name FROM certificates WHERE owner = ?", (name,)):
                certs.remove_files(changes.files, panel.layout.cert_files(name, row["name"]))
            for table, column in (
                ("webdomains", "owner"),
                ("certificates", "owner"),
                ("notifications", "user"),
                ("users", "name"),
            ):
                panel.db.execute(f"DELETE FROM {table} WHERE {column} = ?", (name,))
    logger.info("deleted users %s", ", ".join(names))
    return ok_doc(request.func, request.lang)


FUNCTIONS = {
    "user": user_list,
    "user.edit": user_edit,
    "user.delete": user_delete,
}
