"""The ``letsencrypt`` form: order a certificate for one of the user's web domains.

Opening the form lists the acting user's web domains and pre-fills the chosen domain's aliases.
Submitting it checks every field before anything changes; then it installs a self-signed
certificate for the same names (so the site answers over HTTPS at once), switches the web
domain to it and queues the request for ``letsencrypt.periodic``.
"""
import datetime
import logging
import re
from dataclasses import dataclass

from ispplugin.errors import PanelCallError, RequestError
from ispplugin.letsencrypt import keys, names, worker
from ispplugin.letsencrypt.models import (ACTIVE_STATUSES, RESULT_INFO, STATUS_NEW, CertRequest,
                                          database, open_database, utcnow)
from ispplugin.panel.answer import BANNER_INFO, BANNER_WARNING, Answer
from ispplugin.panel.function import Context
from ispplugin.panel.request import Request

log = logging.getLogger(__name__)

CERT_NAME_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")
EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


@dataclass
class WebDomain:
    name: str
    owner: str
    aliases: list[str]


@dataclass
class Order:
    """A validated submission of the form."""

    owner: str
    domain: str
    names: list[str]
    cert_name: str
    email: str
    key_type: str
    ignored_wildcards: list[str]


def list_web_domains(context: Context, request: Request) -> list[WebDomain]:
    """Return the web domains the acting user may order for: their own, or all for an admin."""
    su = None if request.is_admin else request.user
    rows = context.mgrctl.call("webdomain", su=su).rows()
    return [WebDomain(row.get("name", ""), row.get("owner", request.user),
                      names.split_names(row.get("aliases", "")))
            for row in rows if row.get("name")]


def handle(context: Context, request: Request, answer: Answer) -> None:
    if request.is_submit:
        order = validate(context, request)
        submit(context, order)
        if order.ignored_wildcards:
            answer.banner("letsencrypt_wildcard_ignored", BANNER_WARNING, context.text(
                "wildcard_ignored", value=", ".join(order.ignored_wildcards),
                names=", ".join(names.to_unicode(n) for n in order.names)))
        answer.banner("letsencrypt_queued", BANNER_INFO, context.text("queued_banner"))
        answer.ok("func=sslcert")
        return
    _fill_form(context, request, answer)


def _fill_form(context: Context, request: Request, answer: Answer) -> None:
    domains = list_web_domains(context, request)
    answer.add_slist("domain", [(d.name, names.to_unicode(d.name)) for d in domains])
    answer.add_slist("key_type", [(key_type, key_type) for key_type in keys.KEY_TYPES])
    chosen = request.get("domain") or request.elid
    selected = next((d for d in domains if d.name == chosen), domains[0] if domains else None)
    if selected is None:
        return
    answer.set_value("domain", selected.name)
    answer.set_value("aliases", " ".join(a for a in selected.aliases
                                         if not names.is_wildcard(a)))
    if request.get("sv_field") != "domain":
        answer.set_value("cert_name", request.get("cert_name") or selected.name)
        answer.set_value("email", request.get("email"))
        answer.set_value("key_type", request.get("key_type") or keys.DEFAULT_KEY_TYPE)
    else:
        answer.set_value("cert_name", selected.name)


def validate(context: Context, request: Request) -> Order:
    """Check every field of a submitted form; raise :class:`RequestError` on the first fault."""
    raw_domain = request.get("domain").strip()
    if not raw_domain:
        raise RequestError("missed", "domain", "domain_missing")
    try:
        domain = names.normalize_name(raw_domain)
    except names.InvalidName as exc:
        raise RequestError("value", "domain", "domain_invalid", value=raw_domain,
                           reason=context.text(exc.code, **exc.values)) from None
    owned = {d.name: d for d in list_web_domains(context, request)}
    if domain not in owned:
        raise RequestError("value", "domain", "domain_not_owned", value=raw_domain)
    owner = owned[domain].owner

    all_names = [domain]
    ignored = []
    for raw_alias in names.split_names(request.get("aliases")):
        if names.is_wildcard(raw_alias):
            # A typed "*" alias is ignored, as the vendor's module does: a wildcard needs DNS
            # validation and is ordered with a checkbox of its own.
            log.info("order_form: %s: ignoring the wildcard alias %s", domain, raw_alias)
            ignored.append(raw_alias)
            continue
        try:
            alias = names.normalize_name(raw_alias)
        except names.InvalidName as exc:
            raise RequestError("value", "aliases", "alias_invalid", value=raw_alias,
                               reason=context.text(exc.code, **exc.values)) from None
        if not names.is_subdomain(alias, domain):
            raise RequestError("value", "aliases", "alias_outside", value=raw_alias,
                               domain=names.to_unicode(domain))
        if alias not in all_names:
            all_names.append(alias)
    if len(all_names) > names.MAX_NAMES_PER_CERTIFICATE:
        raise RequestError("value", "aliases", "too_many_names",
                           max=str(names.MAX_NAMES_PER_CERTIFICATE), count=str(len(all_names)))

    cert_name = request.get("cert_name").strip() or domain
    if not CERT_NAME_RE.match(cert_name):
        raise RequestError("value", "cert_name", "cert_name_invalid", value=cert_name)
    email = request.get("email").strip()
    if email and not EMAIL_RE.match(email):
        raise RequestError("value", "email", "email_invalid", value=email)
    key_type = request.get("key_type").strip() or keys.DEFAULT_KEY_TYPE
    if key_type not in keys.KEY_TYPES:
        raise RequestError("value", "key_type", "key_type_invalid", value=key_type)

    open_database(context.root)
    previous = _latest_request(owner, cert_name)
    if previous is not None and previous.status in ACTIVE_STATUSES:
        raise RequestError("exists", "cert_name", "request_active", value=cert_name)
    if previous is None and _panel_has_certificate(context, owner, cert_name):
        raise RequestError("exists", "cert_name", "cert_name_taken", value=cert_name)
    return Order(owner, domain, all_names, cert_name, email, key_type, ignored)


def submit(context: Context, order: Order) -> CertRequest:
    """Install the self-signed placeholder, switch the domain to it and queue the request."""
    now = utcnow()
    key = keys.generate_key(order.key_type)
    cert_pem = keys.make_self_signed(key, order.names, now.replace(tzinfo=datetime.timezone.utc))
    try:
        context.mgrctl.call("sslcert.setcrt", username=order.owner, name=order.cert_name,
                            crt=cert_pem.decode("ascii"),
                            key=keys.key_to_pem(key).decode("ascii"), chain="", sok="ok")
        context.mgrctl.call("webdomain.edit", elid=order.domain, secure="on",
                            ssl_cert=order.cert_name, sok="ok")
    except PanelCallError as exc:
        log.error("order_form: %s: the panel rejected the self-signed certificate: %s",
                  order.domain, exc)
        raise RequestError("value", exc.error_object or "domain", "panel_refused",
                           step=exc.func,
                           reason=exc.panel_message) from exc
    with database.atomic():
        previous = _latest_request(order.owner, order.cert_name)
        request = previous or CertRequest(owner=order.owner, cert_name=order.cert_name)
        request.domain = order.domain
        request.name_list = order.names
        request.email = order.email
        request.key_type = order.key_type
        request.status = STATUS_NEW
        request.renewal = False
        request.order_url = None
        request.attempts = 0
        request.last_error = ""
        request.placed_at = now
        request.next_attempt_at = now
        request.save_state()
        request.add_event("request", RESULT_INFO,
                          f"queued for {', '.join(order.names)}; self-signed placeholder "
                          "installed")
        if order.ignored_wildcards:
            request.add_event("request", RESULT_INFO, "ignored the typed wildcard name(s) "
                              f"{', '.join(order.ignored_wildcards)}")
    log.info("order_form: %s: queued certificate %s of user %s for %s", order.domain,
             order.cert_name, order.owner, ", ".join(order.names))
    worker.spawn(context.root)
    return request


def _latest_request(owner: str, cert_name: str):
    return (CertRequest.select()
            .where(CertRequest.owner == owner, CertRequest.cert_name == cert_name)
            .order_by(CertRequest.id.desc()).first())


def _panel_has_certificate(context: Context, owner: str, cert_name: str) -> bool:
    rows = context.mgrctl.call("sslcert", su=owner).rows()
    return any(row.get("name") == cert_name for row in rows)
