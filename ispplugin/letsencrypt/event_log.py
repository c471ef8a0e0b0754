"""The ``letsencrypt.log`` list: the events of the selected certificate's request."""
from ispplugin.errors import RequestError
from ispplugin.letsencrypt.models import RESULT_ERROR, CertRequest, Event, open_database
from ispplugin.panel.answer import Answer
from ispplugin.panel.function import Context
from ispplugin.panel.request import Request


def find_request(request: Request, cert_name: str, owner: str = "",
                 field: str = "elid", owner_field: str = "owner") -> CertRequest:
    """Return the latest request for ``cert_name`` that the acting user may see.

    A user sees only their own certificates; an administrator sees every user's, narrowed to
    ``owner`` when given.

    :param field: the request parameter that named the certificate, for the error
    :param owner_field: the request parameter that named the owner, for the error
    :raises RequestError: no certificate named, no such Let's Encrypt certificate, or an
        administrator's name that several users' certificates share
    """
    if not cert_name:
        raise RequestError("missed", field, "elid_missing")
    query = CertRequest.select().where(CertRequest.cert_name == cert_name)
    if not request.is_admin:
        query = query.where(CertRequest.owner == request.user)
    elif owner:
        query = query.where(CertRequest.owner == owner)
    found = list(query.order_by(CertRequest.id.desc()))
    if not found:
        raise RequestError("value", field, "cert_not_found", value=cert_name)
    if len({item.owner for item in found}) > 1:
        raise RequestError("missed", owner_field, "user_name_missing", value=cert_name)
    return found[0]


def _hint(context: Context, event: Event) -> str:
    """Return what to fix after a failed step, in the request's language; empty if unknown."""
    code = event.error_type or (event.step if event.result == RESULT_ERROR else "")
    if not code:
        return ""
    message_id = f"hint_{code}"
    text = context.text(message_id)
    return "" if text == message_id else text


def handle(context: Context, request: Request, answer: Answer) -> None:
    open_database(context.root)
    cert_name = request.get("plid") or request.elid
    cert_request = find_request(request, cert_name, request.get("owner"))
    events = (Event.select().where(Event.request == cert_request)
              .order_by(Event.created_at, Event.id))
    for event in events:
        columns = {
            "time": f"{event.created_at:%Y-%m-%d %H:%M:%S}",
            "step": event.step,
            "result": event.result,
            "error_type": event.error_type,
            "detail": event.detail,
            "hint": _hint(context, event),
        }
        answer.add_row({name: value for name, value in columns.items() if value})
