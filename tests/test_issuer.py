"""Integration tests of the request state machine against Pebble, run in-process."""
import os
import stat

from ispplugin.letsencrypt import http01
from ispplugin.letsencrypt.acme_session import AcmeSession
from ispplugin.letsencrypt.issuer import Issuer
from ispplugin.letsencrypt.models import (STATUS_ISSUED, STATUS_NEW, STATUS_PENDING,
                                          CertRequest, open_database, utcnow)
from ispplugin.letsencrypt.settings import Settings
from ispplugin.panel.config import PanelConfig
from ispplugin.panel.mgrctl import Mgrctl
from tests.test_order_flow import (ALIAS, DOMAIN, certificate_rows, make_user_and_domain,
                                   order)


def test_http01_token_modes_ignore_umask(tmp_path):
    old = os.umask(0o077)
    try:
        path = http01.deploy(tmp_path, "abc_DEF-123", "abc_DEF-123.thumbprint", "a.example")
    finally:
        os.umask(old)
    assert stat.S_IMODE(path.stat().st_mode) == 0o644
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o755
    http01.cleanup(tmp_path, "abc_DEF-123", "a.example")
    assert not path.exists()


def test_http01_rejects_path_in_token(tmp_path):
    try:
        http01.deploy(tmp_path, "../../etc/passwd", "x", "a.example")
    except ValueError as exc:
        assert "invalid HTTP-01 token" in str(exc)
    else:
        raise AssertionError("a token with a path was accepted")


def _issuer(sandbox) -> Issuer:
    settings = Settings.from_config(PanelConfig.load(sandbox.root))
    session = AcmeSession(sandbox.root, settings)
    return Issuer(sandbox.root, session, Mgrctl(sandbox.root))


def _queue_directly(names: list[str]) -> CertRequest:
    """Queue a request as the form does, without starting a worker that would race the test."""
    now = utcnow()
    request = CertRequest(owner="demo", cert_name=names[0], domain=names[0],
                          key_type="ec256", status=STATUS_NEW, placed_at=now,
                          next_attempt_at=now, updated_at=now)
    request.name_list = names
    request.save()
    return request


def test_request_resumes_saved_order_after_crash(sandbox):
    make_user_and_domain(sandbox)
    open_database(sandbox.root)
    request = _queue_directly([DOMAIN, ALIAS])

    _issuer(sandbox)._place_order(request)
    saved_order = request.order_url
    assert request.status == STATUS_PENDING

    # A new process: nothing in memory but what the database holds.
    reloaded = CertRequest.get_by_id(request.id)
    _issuer(sandbox).advance(reloaded)
    assert reloaded.status == STATUS_ISSUED
    steps = [event.step for event in reloaded.events]
    assert steps.count("order") == 1
    assert saved_order in next(e.detail for e in reloaded.events if e.step == "order")
    assert certificate_rows(sandbox)[DOMAIN]["type"] == "exist"


def test_two_requests_with_process_count_two(sandbox):
    with open(sandbox.root / "etc" / "ispmgr.conf", "a", encoding="utf-8") as conf:
        conf.write("LetsencryptProcessCount 2\n")
    make_user_and_domain(sandbox)
    make_user_and_domain(sandbox, domain="blog.example.test", aliases="www.blog.example.test",
                         create_user=False)
    assert "error" not in order(sandbox, f"domain={DOMAIN}")
    assert "error" not in order(sandbox, "domain=blog.example.test",
                                "aliases=www.blog.example.test")
    sandbox.mgrctl("-m", "ispmgr", "letsencrypt.periodic", "wait=yes")
    rows = certificate_rows(sandbox)
    assert rows[DOMAIN]["type"] == "exist"
    assert rows["blog.example.test"]["type"] == "exist"


def test_unknown_account_is_registered_again(sandbox):
    from ispplugin.letsencrypt.models import Account

    make_user_and_domain(sandbox)
    open_database(sandbox.root)
    _issuer(sandbox).session.client  # registers the account
    account = Account.get()
    account.uri = account.uri.rsplit("/", 1)[0] + "/0000"
    account.save()
    request = _queue_directly([DOMAIN])

    _issuer(sandbox).advance(request)
    assert request.status == STATUS_NEW
    assert [e.error_type for e in request.events] == ["accountDoesNotExist"]
    assert Account.select().count() == 0

    request.next_attempt_at = utcnow()
    _issuer(sandbox).advance(request)
    assert request.status == STATUS_ISSUED
    assert Account.select().count() == 1
