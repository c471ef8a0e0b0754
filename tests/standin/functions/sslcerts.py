"""SSL certificates: ``sslcert``, ``sslcert.setcrt`` (import), ``sslcert.delete``."""

from __future__ import annotations

import logging

from cryptography import x509
from lxml import etree

from .. import certs
from ..responses import add_fields, add_row, new_doc, ok_doc
from ..changes import change_set
from ..context import Panel, Request, split_elid
from ..errors import ACCESS, MISSED, VALUE, PanelError
from ..names import validate_cert_name
from ..store import certificate_exists, list_webdomains, user_exists

logger = logging.getLogger(__name__)

LIST_COLUMNS = ("type", "subject", "issuer", "names", "valid_after", "expire")


def _resolve_owner(panel: Panel, request: Request) -> str:
    """Return the certificate owner: the caller, or for the administrator ``username``."""
    username = request.get("username")
    if not request.is_admin:
        if username and username != request.user:
            raise PanelError(ACCESS, "username", "a user can manage only their own certificates")
        return request.user
    if not username:
        raise PanelError(MISSED, "username", "username, the certificate's owner, is required")
    if not user_exists(panel.db, username):
        raise PanelError(MISSED, "username", f"user {username!r} not found")
    return username


def sslcert_list(panel: Panel, request: Request) -> etree._Element:
    doc = new_doc(request.func, request.lang)
    owner = request.owner_filter()
    if owner is None:
        rows = panel.db.execute("SELECT owner, name FROM certificates ORDER BY owner, name")
    else:
        rows = panel.db.execute(
            "SELECT owner, name FROM certificates WHERE owner = ? ORDER BY name", (owner,)
        )

    for row in rows.fetchall():
        columns = {"name": row["name"], "owner": row["owner"]}
        crt_path = panel.layout.cert_files(row["owner"], row["name"]).crt
        try:
            columns |= certs.describe(x509.load_pem_x509_certificate(crt_path.read_bytes()))
        except (OSError, ValueError) as error:
            logger.warning("failed to read certificate %s: %s", crt_path, error)
            columns |= dict.fromkeys(LIST_COLUMNS, "")
        add_row(doc, columns)
    return doc


def sslcert_setcrt(panel: Panel, request: Request) -> etree._Element:
    """Import a certificate with its key and chain, replacing one of the same owner and name.

    Replacing rewrites the files atomically and reloads the vhosts of the web domains that use
    the certificate.
    """
    if not request.is_submit:
        doc = new_doc(request.func, request.lang)
        owner = "" if request.is_admin else request.user
        add_fields(doc, {"name": "", "username": owner, "crt": "", "key": "", "chain": ""})
        return doc

    owner = _resolve_owner(panel, request)
    name = request.get("name")
    if not name:
        raise PanelError(MISSED, "name", "the certificate name is required")
    validate_cert_name(name, "name")
    for field in ("crt", "key"):
        if not request.get(field).strip():
            raise PanelError(MISSED, field, f"{field} is required")
    bundle = certs.parse_bundle(request.get("crt"), request.get("key"), request.get("chain"))

    replacing = certificate_exists(panel.db, owner, name)
    users_of_cert = [
        domain for domain in list_webdomains(panel.db, owner) if domain.ssl_cert == name
    ]
    with change_set(panel) as changes:
        panel.db.execute(
            "INSERT OR IGNORE INTO certificates (owner, name) VALUES (?, ?)", (owner, name)
        )
        certs.write_files(changes.files, panel.layout.cert_files(owner, name), bundle)
        for domain in users_of_cert:
            changes.write_vhost(domain)

    logger.info(
        "%s certificate %s of %s (web domains: %s)",
        "replaced" if replacing else "imported",
        name,
        owner,
        ", ".join(domain.name for domain in users_of_cert) or "none",
    )
    return ok_doc(request.func, request.lang)


def _owner_for_delete(panel: Panel, request: Request, name: str) -> str:
    """Return the owner of certificate ``name``; the administrator may omit ``username``
    when only one user has a certificate of that name."""
    if not request.is_admin or request.get("username"):
        return _resolve_owner(panel, request)
    owners = [
        row["owner"]
        for row in panel.db.execute("SELECT owner FROM certificates WHERE name = ?", (name,))
    ]
    if len(owners) > 1:
        raise PanelError(
            MISSED, "username", f"several users have a certificate {name!r}: set username"
        )
    return owners[0] if owners else ""


def sslcert_delete(panel: Panel, request: Request) -> etree._Element:
    """Delete certificates; a certificate that a web domain uses is kept, with an error."""
    names = split_elid(request.get("elid"))
    if not names:
        raise PanelError(MISSED, "elid", "select a certificate to delete")

    targets: list[tuple[str, str]] = []
    for name in names:
        owner = _owner_for_delete(panel, request, name)
        if not owner or not certificate_exists(panel.db, owner, name):
            raise PanelError(MISSED, "elid", f"certificate {name!r} not found")
        users_of_cert = [d.name for d in list_webdomains(panel.db, owner) if d.ssl_cert == name]
        if users_of_cert:
            raise PanelError(
                VALUE,
                "elid",
                f"certificate {name!r} is used by web domain {', '.join(users_of_cert)}",
            )
        targets.append((owner, name))

    with change_set(panel) as changes:
        for owner, name in targets:
            panel.db.execute("DELETE FROM certificates WHERE owner = ? AND name = ?", (owner, name))
            certs.remove_files(changes.files, panel.layout.cert_files(owner, name))
    logger.info("deleted certificates %s", ", ".join(f"{owner}/{name}" for owner, name in targets))
    return ok_doc(request.func, request.lang)


FUNCTIONS = {
    "sslcert": sslcert_list,
    "sslcert.setcrt": sslcert_setcrt,
    "sslcert.delete": sslcert_delete,
}
