"""Tell the user and the administrators how a request ended.

The user gets a panel notification (``notify``), the administrators a problem record
(``problems.register``). A notification that the panel refuses is logged and dropped: it must
never undo or block the certificate it reports on.
"""
import logging

from ispplugin.errors import PanelCallError
from ispplugin.letsencrypt.messages import CATALOGUE
from ispplugin.letsencrypt.models import CertRequest
from ispplugin.panel.mgrctl import Mgrctl

log = logging.getLogger(__name__)


def _both_languages(message_id: str, **values: str) -> str:
    # NOTE: the panel's notify takes plain text and we do not know the user's language here,
    # so the text carries English and Russian.
    return " / ".join(CATALOGUE[lang][message_id].format(**values) for lang in ("en", "ru"))


class Notifier:
    """Send the outcome of a request to its owner and to the administrators."""

    def __init__(self, mgrctl: Mgrctl) -> None:
        self.mgrctl = mgrctl

    def __call__(self, request: CertRequest, success: bool, reason: str) -> None:
        if success:
            message_id, level = "notify_issued", "info"
            values = {"name": request.cert_name, "domain": request.domain,
                      "expires": f"{request.not_after:%Y-%m-%d}"}
        else:
            message_id, level = "notify_failed", "error"
            values = {"name": request.cert_name, "domain": request.domain, "reason": reason}
        text = _both_languages(message_id, **values)
        problem_id = f"letsencrypt_{request.owner}_{request.cert_name}"
        try:
            self.mgrctl.call("notify", name="letsencrypt", user=request.owner, level=level,
                             msg=text)
            self.mgrctl.call("problems.register", name="letsencrypt", id=problem_id,
                             level=level, info=text)
        except PanelCallError as exc:
            log.warning("notifications: %s: the panel rejected the notification: %s",
                        request.domain, exc)
