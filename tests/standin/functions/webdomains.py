"""Web domains (sites): ``webdomain``, ``webdomain.edit``, ``webdomain.delete``.

Every change rewrites the domain's vhost file and reloads nginx, or changes nothing.
"""

from __future__ import annotations

import logging
from dataclasses import replace

from lxml import etree

from ..responses import add_fields, add_row, new_doc, ok_doc
from ..changes import change_set
from ..context import Panel, Request, split_elid
from ..errors import ACCESS, EXISTS, MISSED, VALUE, PanelError
from ..names import format_switch, normalize_domain, parse_ipaddrs, parse_switch, split_list
from ..store import (
    WebDomain,
    certificate_exists,
    list_webdomains,
    load_webdomain,
    save_webdomain,
    user_exists,
)

logger = logging.getLogger(__name__)

DEFAULT_IPADDRS = ["127.0.0.1"]


def _columns(domain: WebDomain) -> dict[str, str]:
    return {
        "name": domain.name,
        "owner": domain.owner,
        "aliases": " ".join(domain.aliases),
        "ipaddr": " ".join(domain.ipaddrs),
        "secure": format_switch(domain.secure),
        "ssl_cert": domain.ssl_cert,
        "redirect_http": format_switch(domain.redirect_http),
    }


def _form_values(domain: WebDomain) -> dict[str, str]:
    """Return the form fields; the form calls the addresses ``ipaddrs``, the list ``ipaddr``."""
    return {
        ("ipaddrs" if column == "ipaddr" else column): value
        for column, value in _columns(domain).items()
    }


def _load_visible(panel: Panel, request: Request, name: str) -> WebDomain:
    """Return the web domain ``name``; a user-level caller sees only their own domains."""
    domain = load_webdomain(panel.db, name.lower())
    if domain is None or (not request.is_admin and domain.owner != request.user):
        raise PanelError(MISSED, "elid", f"web domain {name!r} not found")
    return domain


def _resolve_owner(panel: Panel, request: Request) -> str:
    """Return the owner of a new domain: the caller, or for the administrator ``owner``."""
    owner = request.get("owner")
    if not request.is_admin:
        if owner and owner != request.user:
            raise PanelError(ACCESS, "owner", "a user can create web domains only for themselves")
        return request.user
    if not owner:
        raise PanelError(MISSED, "owner", "the owner is required")
    if not user_exists(panel.db, owner):
        raise PanelError(MISSED, "owner", f"user {owner!r} not found")
    return owner


def _parse_aliases(value: str, name: str) -> list[str]:
    aliases = [
        normalize_domain(alias, "aliases", allow_wildcard=True) for alias in split_list(value)
    ]
    return [alias for alias in dict.fromkeys(aliases) if alias != name]


def _check_names_free(panel: Panel, domain: WebDomain) -> None:
    """:raises PanelError: (exists) when another web domain uses the name or an alias."""
    for other in list_webdomains(panel.db):
        if other.name == domain.name:
            continue
        used_names = {other.name, *other.aliases}
        if domain.name in used_names:
            raise PanelError(
                EXISTS, "name", f"{domain.name} is already used by web domain {other.name}"
            )
        clash = sorted(used_names.intersection(domain.aliases))
        if clash:
            raise PanelError(
                EXISTS, "aliases", f"{clash[0]} is already used by web domain {other.name}"
            )


def _check_tls(panel: Panel, domain: WebDomain) -> None:
    """:raises PanelError: (value, ssl_cert) unless ssl_cert names a certificate of the owner."""
    if domain.secure and not domain.ssl_cert:
        raise PanelError(VALUE, "ssl_cert", "secure=on requires ssl_cert, the certificate's name")
    if domain.ssl_cert and not certificate_exists(panel.db, domain.owner, domain.ssl_cert):
        raise PanelError(
            VALUE, "ssl_cert", f"user {domain.owner} has no certificate named {domain.ssl_cert!r}"
        )


def webdomain_list(panel: Panel, request: Request) -> etree._Element:
    doc = new_doc(request.func, request.lang)
    for domain in list_webdomains(panel.db, request.owner_filter()):
        add_row(doc, _columns(domain))
    return doc


def _new_domain(panel: Panel, request: Request) -> WebDomain:
    if not request.get("name"):
        raise PanelError(MISSED, "name", "the domain name is required")
    name = normalize_domain(request.get("name"), "name")
    if load_webdomain(panel.db, name) is not None:
        raise PanelError(EXISTS, "name", f"web domain {name} already exists")

    return WebDomain(
        name=name,
        owner=_resolve_owner(panel, request),
        aliases=_parse_aliases(request.get("aliases"), name),
        ipaddrs=parse_ipaddrs(request.get("ipaddrs"), "ipaddrs") or list(DEFAULT_IPADDRS),
        secure=parse_switch(request.get("secure"), "secure"),
        ssl_cert=request.get("ssl_cert"),
        redirect_http=parse_switch(request.get("redirect_http"), "redirect_http"),
    )


def _edited_domain(panel: Panel, request: Request, elid: str) -> WebDomain:
    """Return the domain ``elid`` with the fields present in the request changed."""
    domain = _load_visible(panel, request, elid)
    params = request.params

    if "name" in params and normalize_domain(params["name"], "name") != domain.name:
        raise PanelError(VALUE, "name", "a web domain cannot be renamed")
    if params.get("owner") and params["owner"] != domain.owner:
        raise PanelError(VALUE, "owner", "the owner of a web domain cannot be changed")

    changes: dict[str, object] = {}
    if "aliases" in params:
        changes["aliases"] = _parse_aliases(params["aliases"], domain.name)
    if "ipaddrs" in params:
        changes["ipaddrs"] = parse_ipaddrs(params["ipaddrs"], "ipaddrs") or list(DEFAULT_IPADDRS)
    for switch in ("secure", "redirect_http"):
        if switch in params:
            changes[switch] = parse_switch(params[switch], switch)
    if "ssl_cert" in params:
        changes["ssl_cert"] = params["ssl_cert"]
    return replace(domain, **changes)


def webdomain_edit(panel: Panel, request: Request) -> etree._Element:
    """Open the form (no ``sok``), create a domain (``sok`` without ``elid``) or edit one.

    Creating needs ``name``; the owner is the caller, or for the administrator ``owner``.
    ``aliases`` and ``ipaddrs`` are space- or comma-separated; ``ipaddrs`` defaults to
    127.0.0.1. ``secure=on`` needs ``ssl_cert`` naming a certificate of the owner.
    """
    elid = request.get("elid")

    if not request.is_submit:
        if elid:
            domain = _load_visible(panel, request, elid)
        else:
            owner = "" if request.is_admin else request.user
            domain = WebDomain("", owner, [], list(DEFAULT_IPADDRS), False, "", False)
        doc = new_doc(request.func, request.lang)
        add_fields(doc, _form_values(domain))
        return doc

    domain = _edited_domain(panel, request, elid) if elid else _new_domain(panel, request)
    _check_names_free(panel, domain)
    _check_tls(panel, domain)

    with change_set(panel) as changes:
        save_webdomain(panel.db, domain)
        changes.write_vhost(domain)
    logger.info(
        "%s web domain %s of %s", "updated" if elid else "created", domain.name, domain.owner
    )
    return ok_doc(request.func, request.lang)


def webdomain_delete(panel: Panel, request: Request) -> etree._Element:
    names = split_elid(request.get("elid"))
    if not names:
        raise PanelError(MISSED, "elid", "select a web domain to delete")
    domains = [_load_visible(panel, request, name) for name in names]

    with change_set(panel) as changes:
        for domain in domains:
            panel.db.execute("DELETE FROM webdomains WHERE name = ?", (domain.name,))
            changes.remove_vhost(domain)
    logger.info("deleted web domains %s", ", ".join(domain.name for domain in domains))
    return ok_doc(request.func, request.lang)


FUNCTIONS = {
    "webdomain": webdomain_list,
    "webdomain.edit": webdomain_edit,
    "webdomain.delete": webdomain_delete,
}
