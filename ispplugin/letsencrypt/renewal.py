"""``letsencrypt.check.update``: queue the certificates that are due for renewal.

A certificate is due when a third of its lifetime or less is left, or 7 days or less, whatever
lifetime the CA chose. ``force_update=yes cert_name=NAME user_name=USER`` queues one now.
Renewal rebuilds the name list from the web domain's current aliases; the installed
certificate stays in place until the new one is issued.
"""
import datetime
import logging
from typing import Optional

from ispplugin.errors import PanelCallError, RequestError
from ispplugin.letsencrypt import names, worker
from ispplugin.letsencrypt.event_log import find_request
from ispplugin.letsencrypt.models import (ACTIVE_STATUSES, RESULT_INFO, STATUS_ISSUED,
                                          STATUS_NEW, CertRequest, open_database, utcnow)
from ispplugin.panel.answer import Answer
from ispplugin.panel.function import Context
from ispplugin.panel.request import Request

log = logging.getLogger(__name__)

RENEW_WHEN_LIFETIME_LEFT = 1 / 3
RENEW_DAYS_BEFORE_EXPIRY = 7


def is_due(not_before: datetime.datetime, not_after: datetime.datetime,
           now: datetime.datetime) -> bool:
    """Tell whether a certificate valid from ``not_before`` to ``not_after`` is due now."""
    lifetime = not_after - not_before
    left = not_after - now
    return (left <= lifetime * RENEW_WHEN_LIFETIME_LEFT
            or left <= datetime.timedelta(days=RENEW_DAYS_BEFORE_EXPIRY))


def current_names(context: Context, request: CertRequest) -> Optional[list[str]]:
    """Return the web domain's names now (domain, then aliases), or ``None`` if it is gone."""
    try:
        rows = context.mgrctl.call("webdomain", su=request.owner).rows()
    except PanelCallError as exc:
        log.warning("renewal: %s: cannot read the web domain: %s", request.domain, exc)
        return None
    row = next((r for r in rows if r.get("name") == request.domain), None)
    if row is None:
        return None
    result = [request.domain]
    for alias in names.split_names(row.get("aliases", "")):
        try:
            alias = names.normalize_name(alias)
        except names.InvalidName:
            continue
        if names.is_subdomain(alias, request.domain) and alias not in result:
            result.append(alias)
    return result


def queue_renewal(context: Context, request: CertRequest, reason: str) -> None:
    now = utcnow()
    fresh = current_names(context, request)
    if fresh:
        request.name_list = fresh
    request.status = STATUS_NEW
    request.renewal = True
    request.order_url = None
    request.attempts = 0
    request.placed_at = now
    request.next_attempt_at = now
    request.save_state()
    request.add_event("renewal", RESULT_INFO, f"queued: {reason}")
    log.info("renewal: %s: queued certificate %s of user %s (%s)", request.domain,
             request.cert_name, request.owner, reason)


def handle(context: Context, request: Request, answer: Answer) -> None:
    open_database(context.root)
    queued = 0
    force_update = request.get("force_update", "no")
    if force_update not in ("yes", "no"):
        raise RequestError("value", "force_update", "force_update_invalid", value=force_update)
    if force_update == "yes":
        cert_name = request.get("cert_name")
        if not cert_name:
            raise RequestError("missed", "cert_name", "cert_name_missing")
        cert_request = find_request(request, cert_name, request.get("user_name"),
                                    field="cert_name", owner_field="user_name")
        if cert_request.status in ACTIVE_STATUSES:
            raise RequestError("exists", "cert_name", "already_queued", value=cert_name)
        queue_renewal(context, cert_request, "forced by " + (request.user or "root"))
        queued = 1
    else:
        now = utcnow()
        issued = CertRequest.select().where(CertRequest.status == STATUS_ISSUED,
                                            CertRequest.not_after.is_null(False))
        for cert_request in issued:
            if is_due(cert_request.not_before, cert_request.not_after, now):
                queue_renewal(context, cert_request,
                              f"expires {cert_request.not_after:%Y-%m-%d %H:%M} UTC")
                queued += 1
    if queued:
        worker.spawn(context.root)
    answer.ok()
