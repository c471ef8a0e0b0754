"""Integration tests: the order form, the periodic run and renewal against real servers.

Each test drives the module through the stand-in panel's mgrctl, with Pebble as the CA,
pebble-challtestsrv as its DNS and nginx serving the HTTP-01 alias.
"""
import json
import os
import sqlite3
import stat
import urllib.request

import pytest
from cryptography import x509

from tests.sandbox import Sandbox
from tests.sandbox.errors import MgrctlError

DOMAIN = "shop.example.test"
ALIAS = "www.shop.example.test"
SERVED_CERTIFICATE_TIMEOUT_S = 20


def mgrctl_json(sandbox: Sandbox, *args: str) -> dict:
    result = sandbox.mgrctl("-m", "ispmgr", "-o", "json", *args, check=False)
    return json.loads(result.stdout)["doc"]


def rows(doc: dict) -> list[dict]:
    elems = doc.get("elem", [])
    elems = elems if isinstance(elems, list) else [elems]
    return [{key: value.get("$", "") for key, value in elem.items() if isinstance(value, dict)}
            for elem in elems]


def make_user_and_domain(sandbox: Sandbox, user: str = "demo", domain: str = DOMAIN,
                         aliases: str = ALIAS, create_user: bool = True) -> None:
    if create_user:
        sandbox.mgrctl("-m", "ispmgr", "user.edit", "sok=ok", f"name={user}")
    sandbox.mgrctl("-m", "ispmgr", "webdomain.edit", "sok=ok", f"name={domain}",
                   f"owner={user}", f"aliases={aliases}", "ipaddrs=127.0.0.1")


def order(sandbox: Sandbox, *params: str, user: str = "demo") -> dict:
    return mgrctl_json(sandbox, "letsencrypt", f"su={user}", "sok=ok", *params)


def run_periodic(sandbox: Sandbox) -> None:
    sandbox.mgrctl("-m", "ispmgr", "letsencrypt.periodic", "wait=yes")


def certificate_rows(sandbox: Sandbox, user: str = "demo") -> dict[str, dict]:
    return {row["name"]: row for row in rows(mgrctl_json(sandbox, "sslcert", f"su={user}"))}


def database_snapshot(sandbox: Sandbox) -> list:
    path = sandbox.root / "var" / "letsencrypt.db"
    if not path.exists():
        return []
    with sqlite3.connect(path) as connection:
        return [connection.execute(f"SELECT * FROM {table}").fetchall()
                for table in ("cert_request", "event", "account")]


def log_rows(sandbox: Sandbox, cert_name: str = DOMAIN, user: str = "demo") -> list[dict]:
    return rows(mgrctl_json(sandbox, "letsencrypt.log", f"su={user}", f"elid={cert_name}"))


def test_form_lists_own_domains_with_aliases(sandbox):
    make_user_and_domain(sandbox)
    make_user_and_domain(sandbox, user="other", domain="other.example.test",
                         aliases="www.other.example.test")
    doc = mgrctl_json(sandbox, "letsencrypt", "su=demo")
    options = doc["slist"]
    options = options if isinstance(options, list) else [options]
    domains = next(o for o in options if o["$name"] == "domain")["val"]
    domains = domains if isinstance(domains, list) else [domains]
    assert [d["$key"] for d in domains] == [DOMAIN]
    assert doc["aliases"]["$"] == ALIAS
    assert doc["cert_name"]["$"] == DOMAIN


def test_order_issues_and_installs(sandbox):
    make_user_and_domain(sandbox)
    answer = order(sandbox, f"domain={DOMAIN}", f"aliases={ALIAS}", "email=admin@example.test")
    assert "error" not in answer

    placeholder = certificate_rows(sandbox)[DOMAIN]
    assert placeholder["type"] == "selfsigned"
    assert placeholder["names"] == f"{DOMAIN}, {ALIAS}"

    run_periodic(sandbox)
    issued = certificate_rows(sandbox)[DOMAIN]
    assert issued["type"] == "exist"
    assert issued["issuer"].startswith("Pebble Intermediate CA")
    assert issued["names"] == f"{DOMAIN}, {ALIAS}"

    intermediate = sandbox.pebble_roots()[1]
    served = sandbox.wait_for_served_certificate(
        DOMAIN, lambda cert: cert.issuer == intermediate.subject, SERVED_CERTIFICATE_TIMEOUT_S)
    san = served.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
    assert sorted(san.get_values_for_type(x509.DNSName)) == sorted([DOMAIN, ALIAS])

    notices = rows(mgrctl_json(sandbox, "notification", "su=demo"))
    assert [n["level"] for n in notices] == ["info"]
    assert DOMAIN in notices[0]["msg"]
    problems = rows(mgrctl_json(sandbox, "problems"))
    assert [p["level"] for p in problems] == ["info"]

    log = log_rows(sandbox)
    steps = [(row["step"], row["result"]) for row in log]
    assert steps[0] == ("request", "info")
    assert all("error_type" not in row for row in log)
    assert ("order", "ok") in steps
    assert ("finalize", "ok") in steps
    assert steps[-1] == ("install", "ok")


def test_issued_files_modes_and_tokens_removed(sandbox):
    make_user_and_domain(sandbox)
    order(sandbox, f"domain={DOMAIN}", f"aliases={ALIAS}")
    old_umask = os.umask(0o077)
    try:
        run_periodic(sandbox)
    finally:
        os.umask(old_umask)
    letsencrypt_etc = sandbox.root / "etc" / "letsencrypt"
    assert stat.S_IMODE((letsencrypt_etc / "account.key").stat().st_mode) == 0o600
    live = letsencrypt_etc / "live" / "demo" / DOMAIN
    assert stat.S_IMODE((live / "privkey.pem").stat().st_mode) == 0o600
    assert stat.S_IMODE((live / "cert.pem").stat().st_mode) == 0o644
    webroot = sandbox.root / "www" / "letsencrypt"
    assert stat.S_IMODE(webroot.stat().st_mode) == 0o755
    assert list(webroot.iterdir()) == []
    assert not list((letsencrypt_etc / "orders").iterdir())


@pytest.mark.parametrize("params, field", [
    (("domain=bad_name..test", f"aliases={ALIAS}"), "domain"),
    (("domain=other.example.test",), "domain"),
    ((f"domain={DOMAIN}", "aliases=www.elsewhere.test"), "aliases"),
    ((f"domain={DOMAIN}", "aliases=in valid!.shop.example.test"), "aliases"),
    ((f"domain={DOMAIN}", "cert_name=../evil"), "cert_name"),
    ((f"domain={DOMAIN}", "email=not-an-address"), "email"),
    ((f"domain={DOMAIN}", "key_type=dsa1024"), "key_type"),
    (("aliases=www.shop.example.test",), "domain"),
])
def test_bad_order_names_field_and_changes_nothing(sandbox, params, field):
    make_user_and_domain(sandbox)
    make_user_and_domain(sandbox, user="other", domain="other.example.test",
                         aliases="www.other.example.test")
    before_db = database_snapshot(sandbox)
    before_certs = certificate_rows(sandbox)
    answer = order(sandbox, *params)
    assert answer["error"]["$object"] == field
    assert answer["error"]["msg"]["$"]
    assert database_snapshot(sandbox) == before_db
    assert certificate_rows(sandbox) == before_certs


def test_error_message_in_russian(sandbox):
    make_user_and_domain(sandbox)
    answer = order(sandbox, f"domain={DOMAIN}", "aliases=www.elsewhere.test", "lang=ru")
    assert "не является поддоменом" in answer["error"]["msg"]["$"]


def test_name_reason_in_russian(sandbox):
    make_user_and_domain(sandbox)
    answer = order(sandbox, f"domain={DOMAIN}", "aliases=a_b.shop.example.test", "lang=ru")
    message = answer["error"]["msg"]["$"]
    assert "символ «_» недопустим" in message
    assert "Codepoint" not in message


def test_wildcard_alias_is_ignored_with_warning(sandbox):
    make_user_and_domain(sandbox)
    answer = order(sandbox, f"domain={DOMAIN}", f"aliases=*.{DOMAIN} {ALIAS}")
    assert "error" not in answer
    banners = answer["banner"] if isinstance(answer["banner"], list) else [answer["banner"]]
    warning = next(b for b in banners if b["$id"] == "letsencrypt_wildcard_ignored")
    assert warning["$status"] == "2"
    assert f"*.{DOMAIN}" in warning["msg"]["$"]
    assert certificate_rows(sandbox)[DOMAIN]["names"] == f"{DOMAIN}, {ALIAS}"
    assert any(f"*.{DOMAIN}" in row.get("detail", "") for row in log_rows(sandbox))


def test_log_without_selection_is_missed(sandbox):
    make_user_and_domain(sandbox)
    doc = mgrctl_json(sandbox, "letsencrypt.log", "su=demo")
    assert doc["error"]["$type"] == "missed"
    assert doc["error"]["$object"] == "elid"


@pytest.mark.parametrize("params, error_type, field", [
    (("force_update=maybe",), "value", "force_update"),
    (("force_update=yes",), "missed", "cert_name"),
    (("force_update=yes", "cert_name=nothing.example.test", "user_name=demo"), "value",
     "cert_name"),
])
def test_check_update_bad_parameters(sandbox, params, error_type, field):
    doc = mgrctl_json(sandbox, "letsencrypt.check.update", *params)
    assert doc["error"]["$type"] == error_type
    assert doc["error"]["$object"] == field


def test_duplicate_active_request_rejected(sandbox):
    make_user_and_domain(sandbox)
    first = order(sandbox, f"domain={DOMAIN}")
    assert "error" not in first
    second = order(sandbox, f"domain={DOMAIN}")
    assert second["error"]["$type"] == "exists"
    assert second["error"]["$object"] == "cert_name"


def test_failed_validation_keeps_placeholder_and_reports(sandbox):
    broken = "broken.example.test"
    make_user_and_domain(sandbox, domain=broken, aliases="")
    # Nothing listens on 127.0.0.2, so Pebble's HTTP-01 request fails to connect.
    request = urllib.request.Request(
        f"http://127.0.0.1:{sandbox.dns_management_port}/add-a",
        data=json.dumps({"host": broken + ".", "addresses": ["127.0.0.2"]}).encode(),
        method="POST")
    with urllib.request.urlopen(request, timeout=5) as response:
        assert response.status == 200
    order(sandbox, f"domain={broken}")
    run_periodic(sandbox)
    assert certificate_rows(sandbox)[broken]["type"] == "selfsigned"
    failures = [row for row in log_rows(sandbox, broken) if row["result"] == "error"]
    assert failures
    assert failures[0]["error_type"] == "connection"
    assert broken in failures[0]["detail"]
    assert "port 80" in failures[0]["hint"]
    russian = rows(mgrctl_json(sandbox, "letsencrypt.log", "su=demo", f"elid={broken}",
                               "lang=ru"))
    assert "порт 80" in next(r for r in russian if r["result"] == "error")["hint"]


def test_forced_renewal_replaces_certificate(sandbox):
    make_user_and_domain(sandbox)
    order(sandbox, f"domain={DOMAIN}", f"aliases={ALIAS}")
    run_periodic(sandbox)
    live = sandbox.root / "etc" / "letsencrypt" / "live" / "demo" / DOMAIN / "cert.pem"
    first_serial = x509.load_pem_x509_certificate(live.read_bytes()).serial_number

    sandbox.mgrctl("-m", "ispmgr", "letsencrypt.check.update", "force_update=yes",
                   f"cert_name={DOMAIN}", "user_name=demo")
    run_periodic(sandbox)
    second_serial = x509.load_pem_x509_certificate(live.read_bytes()).serial_number
    assert second_serial != first_serial
    served = sandbox.wait_for_served_certificate(
        DOMAIN, lambda cert: cert.serial_number == second_serial, SERVED_CERTIFICATE_TIMEOUT_S)
    assert served.serial_number == second_serial
    assert ("renewal", "info") in [(r["step"], r["result"]) for r in log_rows(sandbox)]


def test_request_older_than_a_day_fails_and_notifies(sandbox):
    make_user_and_domain(sandbox)
    order(sandbox, f"domain={DOMAIN}")
    sandbox.mgrctl("-m", "ispmgr", "letsencrypt.periodic", "wait=yes")
    path = sandbox.root / "var" / "letsencrypt.db"
    with sqlite3.connect(path) as connection:
        connection.execute("UPDATE cert_request SET status='new', order_url=NULL, "
                           "placed_at=datetime('now', '-25 hours'), "
                           "next_attempt_at=datetime('now', '-1 minute')")
    run_periodic(sandbox)
    with sqlite3.connect(path) as connection:
        status = connection.execute("SELECT status FROM cert_request").fetchone()[0]
    assert status == "failed"
    last = log_rows(sandbox)[-1]
    assert (last["step"], last["result"]) == ("timeout", "error")
    levels = [n["level"] for n in rows(mgrctl_json(sandbox, "notification", "su=demo"))]
    assert levels == ["info", "error"]
    # The certificate issued earlier stays installed.
    assert certificate_rows(sandbox)[DOMAIN]["type"] == "exist"


def test_forced_renewal_of_unknown_certificate(sandbox):
    with pytest.raises(MgrctlError) as caught:
        sandbox.mgrctl("-m", "ispmgr", "letsencrypt.check.update", "force_update=yes",
                       "cert_name=nothing.example.test", "user_name=demo")
    assert "nothing.example.test" in caught.value.stdout


def test_forced_renewal_needs_user_for_shared_name(sandbox):
    make_user_and_domain(sandbox)
    make_user_and_domain(sandbox, user="other", domain="other.example.test", aliases="")
    order(sandbox, f"domain={DOMAIN}", "cert_name=site")
    order(sandbox, "domain=other.example.test", "cert_name=site", user="other")
    run_periodic(sandbox)
    doc = mgrctl_json(sandbox, "letsencrypt.check.update", "force_update=yes", "cert_name=site")
    assert doc["error"]["$object"] == "user_name"
    ok = mgrctl_json(sandbox, "letsencrypt.check.update", "force_update=yes", "cert_name=site",
                     "user_name=other")
    assert "error" not in ok


def test_check_update_leaves_fresh_certificates(sandbox):
    make_user_and_domain(sandbox)
    order(sandbox, f"domain={DOMAIN}")
    run_periodic(sandbox)
    events_before = len(log_rows(sandbox))
    sandbox.mgrctl("-m", "ispmgr", "letsencrypt.check.update")
    assert len(log_rows(sandbox)) == events_before


def test_log_of_foreign_certificate_rejected(sandbox):
    make_user_and_domain(sandbox)
    make_user_and_domain(sandbox, user="other", domain="other.example.test", aliases="")
    order(sandbox, f"domain={DOMAIN}")
    doc = mgrctl_json(sandbox, "letsencrypt.log", "su=other", f"elid={DOMAIN}")
    assert doc["error"]["$object"] == "elid"


def test_maximum_log_level_records_acme_traffic_without_keys(sandbox):
    (sandbox.root / "etc" / "debug.conf").write_text("ispmgr.ssl 9\n", encoding="utf-8")
    make_user_and_domain(sandbox)
    order(sandbox, f"domain={DOMAIN}")
    run_periodic(sandbox)
    log_text = (sandbox.root / "var" / "letsencrypt.log").read_text(encoding="utf-8")
    assert "Sending POST request" in log_text
    assert "mgrctl: calling" in log_text
    assert "PRIVATE KEY" not in log_text
    assert certificate_rows(sandbox)[DOMAIN]["type"] == "exist"


def test_default_log_level_has_no_acme_traffic(sandbox):
    make_user_and_domain(sandbox)
    order(sandbox, f"domain={DOMAIN}")
    run_periodic(sandbox)
    log_text = (sandbox.root / "var" / "letsencrypt.log").read_text(encoding="utf-8")
    assert "Sending POST request" not in log_text
    assert f"issuer INFO issuer: {DOMAIN}: certificate {DOMAIN} installed" in log_text
