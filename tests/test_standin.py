"""Tests of the stand-in ISPmanager panel, driven through its mgrctl as the plugin drives it."""

from __future__ import annotations

import datetime
import http.client
import json
import os
import shutil
import socket
import sqlite3
import ssl
import stat
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, TypeVar

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from lxml import etree

from tests.standin.install import install_panel

MGRCTL_TIMEOUT_S = 60.0
NGINX_BINARY = "/usr/sbin/nginx"
NGINX_START_TIMEOUT_S = 10.0
NGINX_STOP_TIMEOUT_S = 10.0
NGINX_RELOAD_TIMEOUT_S = 10.0
POLL_INTERVAL_S = 0.1
HTTP_TIMEOUT_S = 5.0
CERT_LIFETIME = datetime.timedelta(days=30)

T = TypeVar("T")


# Helpers ---------------------------------------------------------------------------------------


def mgrctl(
    root: Path, *args: str, env: dict[str, str] | None = None, umask: int = -1
) -> subprocess.CompletedProcess[str]:
    """Run ROOT/sbin/mgrctl as a user would; without MGR_ROOT unless ``env`` sets it."""
    run_env = {key: value for key, value in os.environ.items() if key != "MGR_ROOT"}
    run_env.update(env or {})
    return subprocess.run(
        [str(root / "sbin" / "mgrctl"), "-m", "ispmgr", *args],
        capture_output=True,
        text=True,
        env=run_env,
        timeout=MGRCTL_TIMEOUT_S,
        umask=umask,
        check=False,
    )


def ok(root: Path, *args: str) -> str:
    """Run mgrctl, assert success and return its text output."""
    result = mgrctl(root, *args)
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


def json_doc(root: Path, *args: str) -> dict[str, Any]:
    result = mgrctl(root, "-o", "json", *args)
    return json.loads(result.stdout)["doc"]


def xml_doc(root: Path, *args: str) -> etree._Element:
    result = mgrctl(root, "-o", "xml", *args)
    return etree.fromstring(result.stdout.encode("utf-8"))


def rows(root: Path, *args: str) -> list[dict[str, str]]:
    """Return the list rows of a function as dictionaries, from the XML output."""
    doc = xml_doc(root, *args)
    return [{column.tag: column.text or "" for column in elem} for elem in doc.iterfind("elem")]


def error_of(result: subprocess.CompletedProcess[str]) -> str:
    """Return the text-mode error line, asserting the exit status 1."""
    assert result.returncode == 1, result.stdout + result.stderr
    return result.stdout.strip()


def wait_for(check: Callable[[], T], timeout_s: float, description: str) -> T:
    """Call ``check`` until it returns without raising; report its last error on timeout."""
    deadline = time.monotonic() + timeout_s
    while True:
        try:
            return check()
        except (AssertionError, OSError) as error:
            if time.monotonic() > deadline:
                raise AssertionError(
                    f"{description}: timed out after {timeout_s} s: {error}"
                ) from error
        time.sleep(POLL_INTERVAL_S)


def make_key() -> ec.EllipticCurvePrivateKey:
    return ec.generate_private_key(ec.SECP256R1())


def key_pem(key: ec.EllipticCurvePrivateKey) -> str:
    return key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode("ascii")


def cert_pem(cert: x509.Certificate) -> str:
    return cert.public_bytes(serialization.Encoding.PEM).decode("ascii")


def make_cert(
    key: ec.EllipticCurvePrivateKey,
    common_name: str,
    names: list[str],
    issuer: tuple[x509.Certificate, ec.EllipticCurvePrivateKey] | None = None,
) -> x509.Certificate:
    """Issue a certificate for ``key``, self-signed unless ``issuer`` (certificate, key) is set."""
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common_name)])
    issuer_name, signing_key = (issuer[0].subject, issuer[1]) if issuer else (subject, key)
    now = datetime.datetime.now(datetime.timezone.utc).replace(microsecond=0)
    builder = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(issuer_name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(hours=1))
        .not_valid_after(now + CERT_LIFETIME)
    )
    if names:
        builder = builder.add_extension(
            x509.SubjectAlternativeName([x509.DNSName(name) for name in names]), critical=False
        )
    if issuer is None and not names:
        builder = builder.add_extension(
            x509.BasicConstraints(ca=True, path_length=None), critical=True
        )
    return builder.sign(signing_key, hashes.SHA256())


class TestCA:
    """A CA certificate and key that issue leaf certificates for the tests."""

    __test__ = False

    def __init__(self) -> None:
        self.key = make_key()
        self.cert = make_cert(self.key, "Stand-in Test CA", [])

    def issue(self, names: list[str]) -> tuple[x509.Certificate, ec.EllipticCurvePrivateKey]:
        key = make_key()
        return make_cert(key, names[0], names, issuer=(self.cert, self.key)), key


def setcrt_args(
    owner: str, name: str, cert: x509.Certificate, key: ec.EllipticCurvePrivateKey, chain: str
) -> list[str]:
    return [
        "sslcert.setcrt",
        f"username={owner}",
        f"name={name}",
        f"crt={cert_pem(cert)}",
        f"key={key_pem(key)}",
        f"chain={chain}",
        "sok=ok",
    ]


def file_mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def panel(tmp_path: Path) -> Path:
    root = tmp_path / "mgr5"
    install_panel(root)
    return root


@pytest.fixture
def alice(panel: Path) -> Path:
    """A panel with the users alice and bob."""
    ok(panel, "user.edit", "sok=ok", "name=alice", "passwd=secret")
    ok(panel, "user.edit", "sok=ok", "name=bob")
    return panel


@pytest.fixture(scope="module")
def ca() -> TestCA:
    return TestCA()


# Installation ----------------------------------------------------------------------------------


def test_install_creates_layout(tmp_path: Path) -> None:
    root = tmp_path / "mgr5"
    old_umask = os.umask(0o077)
    try:
        install_panel(root)
    finally:
        os.umask(old_umask)

    for directory in ("", "etc/nginx/vhosts", "var/www/httpd-cert", "www/letsencrypt", "addon"):
        assert file_mode(root / directory) == 0o755, directory
    assert json.loads((root / "etc/standin.json").read_text()) == {"nginx": None}

    alias = (root / "etc/nginx/letsencrypt-alias.conf").read_text()
    assert "location ^~ /.well-known/acme-challenge/ {" in alias
    assert f'alias "{root}/www/letsencrypt/";' in alias
    assert "default_type text/plain;" in alias

    script = root / "sbin/mgrctl"
    assert file_mode(script) == 0o755
    assert script.read_text().splitlines()[0] == f"#!{sys.executable}"

    tables = (
        sqlite3.connect(root / "var/standin.db")
        .execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        .fetchall()
    )
    assert {"users", "webdomains", "certificates", "problems", "notifications"} <= {
        t[0] for t in tables
    }


def test_install_writes_nginx_settings(tmp_path: Path) -> None:
    settings = {
        "binary": NGINX_BINARY,
        "conf": str(tmp_path / "nginx.conf"),
        "prefix": str(tmp_path),
        "pid_file": str(tmp_path / "nginx.pid"),
        "listen": "127.0.0.1",
        "http_port": 8080,
        "https_port": 8443,
    }
    install_panel(tmp_path / "mgr5", nginx=settings)
    assert json.loads((tmp_path / "mgr5/etc/standin.json").read_text()) == {"nginx": settings}

    with pytest.raises(ValueError):
        install_panel(tmp_path / "other", nginx={"binary": NGINX_BINARY})


def test_mgrctl_root_from_env(panel: Path, tmp_path: Path) -> None:
    other = tmp_path / "other"
    install_panel(other)
    ok(other, "user.edit", "sok=ok", "name=carol")

    result = mgrctl(panel, "user", env={"MGR_ROOT": str(other)})
    assert result.stdout == "name=carol level=user\n"
    assert ok(panel, "user") == ""


def test_mgrctl_usage_errors(panel: Path) -> None:
    assert mgrctl(panel).returncode == 2
    assert mgrctl(panel, "-o", "yaml", "user").returncode == 2
    assert mgrctl(panel, "user.edit", "sok").returncode == 2


# Users and access ------------------------------------------------------------------------------


def test_user_create_list_delete(panel: Path) -> None:
    assert ok(panel, "user.edit", "sok=ok", "name=alice") == "OK\n"
    ok(panel, "user.edit", "sok=ok", "name=bob")
    assert rows(panel, "user") == [
        {"name": "alice", "level": "user"},
        {"name": "bob", "level": "user"},
    ]
    assert ok(panel, "user.edit", "elid=alice") == "name=alice\nlevel=user\n"

    assert error_of(mgrctl(panel, "user.edit", "sok=ok", "name=alice")).startswith(
        "ERROR exists(name):"
    )
    assert error_of(mgrctl(panel, "user.edit", "sok=ok", "name=Bad Name")).startswith(
        "ERROR value(name):"
    )
    assert error_of(mgrctl(panel, "user.edit", "sok=ok")).startswith("ERROR missed(name):")

    assert ok(panel, "user.delete", "elid=alice, bob") == "OK\n"
    assert rows(panel, "user") == []
    assert error_of(mgrctl(panel, "user.delete", "elid=alice")).startswith("ERROR missed(elid):")


def test_user_functions_are_root_only(alice: Path) -> None:
    result = mgrctl(alice, "user", "su=alice")
    assert error_of(result) == "ERROR access(user): function user is for the administrator"
    assert error_of(mgrctl(alice, "user.edit", "sok=ok", "name=eve", "su=alice")).startswith(
        "ERROR access("
    )
    assert [row["name"] for row in rows(alice, "user")] == ["alice", "bob"]


def test_su_unknown_user(panel: Path) -> None:
    assert error_of(mgrctl(panel, "webdomain", "su=nobody")).startswith("ERROR access(su):")


def test_user_delete_removes_sites_and_certs(alice: Path, ca: TestCA) -> None:
    cert, key = ca.issue(["a.example.com"])
    ok(alice, *setcrt_args("alice", "a", cert, key, ""))
    ok(
        alice,
        "webdomain.edit",
        "sok=ok",
        "name=a.example.com",
        "owner=alice",
        "secure=on",
        "ssl_cert=a",
    )

    ok(alice, "user.delete", "elid=alice")
    assert rows(alice, "webdomain") == []
    assert rows(alice, "sslcert") == []
    assert not (alice / "etc/nginx/vhosts/alice/a.example.com.conf").exists()
    assert not (alice / "var/www/httpd-cert/alice/a.key").exists()


# Web domains -----------------------------------------------------------------------------------


def test_webdomain_create_and_list(alice: Path) -> None:
    ok(
        alice,
        "webdomain.edit",
        "sok=ok",
        "name=Example.COM",
        "owner=alice",
        "aliases=www.example.com, shop.example.com",
    )
    assert rows(alice, "webdomain") == [
        {
            "name": "example.com",
            "owner": "alice",
            "aliases": "www.example.com shop.example.com",
            "ipaddr": "127.0.0.1",
            "secure": "off",
            "ssl_cert": "",
            "redirect_http": "off",
        }
    ]
    form = xml_doc(alice, "webdomain.edit", "elid=example.com")
    assert form.findtext("name") == "example.com"
    assert form.findtext("ipaddrs") == "127.0.0.1"

    vhost = (alice / "etc/nginx/vhosts/alice/example.com.conf").read_text()
    assert "listen 127.0.0.1:80;" in vhost
    assert "server_name example.com www.example.com shop.example.com;" in vhost
    include = f'include "{alice}/etc/nginx/letsencrypt-alias.conf";'
    assert vhost.index(include) < vhost.index("location / {")
    assert 'return 200 "example.com\\n";' in vhost
    assert "ssl_certificate" not in vhost


def test_webdomain_create_errors(alice: Path) -> None:
    ok(
        alice,
        "webdomain.edit",
        "sok=ok",
        "name=example.com",
        "owner=alice",
        "aliases=www.example.com",
    )
    cases = [
        (["name=example.com", "owner=alice"], "ERROR exists(name):"),
        (["name=www.example.com", "owner=bob"], "ERROR exists(name):"),
        (["name=b.example.com", "owner=bob", "aliases=www.example.com"], "ERROR exists(aliases):"),
        (["name=bad_name!.com", "owner=alice"], "ERROR value(name):"),
        (["owner=alice"], "ERROR missed(name):"),
        (["name=c.example.com"], "ERROR missed(owner):"),
        (["name=c.example.com", "owner=carol"], "ERROR missed(owner):"),
        (["name=c.example.com", "owner=alice", "ipaddrs=300.1.1.1"], "ERROR value(ipaddrs):"),
        (["name=c.example.com", "owner=alice", "secure=yes"], "ERROR value(secure):"),
        (["name=c.example.com", "owner=alice", "secure=on"], "ERROR value(ssl_cert):"),
    ]
    for params, expected in cases:
        line = error_of(mgrctl(alice, "webdomain.edit", "sok=ok", *params))
        assert line.startswith(expected), (params, line)
    assert [row["name"] for row in rows(alice, "webdomain")] == ["example.com"]
    assert sorted(p.name for p in (alice / "etc/nginx/vhosts").rglob("*.conf")) == [
        "example.com.conf"
    ]


def test_webdomain_user_sees_only_own(alice: Path) -> None:
    ok(alice, "webdomain.edit", "sok=ok", "name=alice.example.com", "su=alice")
    ok(alice, "webdomain.edit", "sok=ok", "name=bob.example.com", "owner=bob")

    assert [row["name"] for row in rows(alice, "webdomain", "su=alice")] == ["alice.example.com"]
    assert rows(alice, "webdomain", "su=alice")[0]["owner"] == "alice"
    for args in (
        ["webdomain.edit", "elid=bob.example.com"],
        ["webdomain.edit", "sok=ok", "elid=bob.example.com", "aliases=x.example.com"],
        ["webdomain.delete", "elid=bob.example.com"],
    ):
        assert error_of(mgrctl(alice, *args, "su=alice")).startswith("ERROR missed(elid):"), args
    line = error_of(
        mgrctl(alice, "webdomain.edit", "sok=ok", "name=x.example.com", "owner=bob", "su=alice")
    )
    assert line.startswith("ERROR access(owner):")
    assert len(rows(alice, "webdomain")) == 2


def test_webdomain_edit_and_delete(alice: Path) -> None:
    ok(
        alice,
        "webdomain.edit",
        "sok=ok",
        "name=example.com",
        "owner=alice",
        "aliases=www.example.com",
    )
    ok(alice, "webdomain.edit", "sok=ok", "elid=example.com", "ipaddrs=127.0.0.2 ::1")

    row = rows(alice, "webdomain")[0]
    assert row["aliases"] == "www.example.com"
    assert row["ipaddr"] == "127.0.0.2 ::1"
    vhost = (alice / "etc/nginx/vhosts/alice/example.com.conf").read_text()
    assert "listen 127.0.0.2:80;" in vhost
    assert "listen [::1]:80;" in vhost

    line = error_of(mgrctl(alice, "webdomain.edit", "sok=ok", "elid=example.com", "name=other.com"))
    assert line.startswith("ERROR value(name):")

    ok(alice, "webdomain.delete", "elid=example.com")
    assert rows(alice, "webdomain") == []
    assert not (alice / "etc/nginx/vhosts/alice/example.com.conf").exists()


def test_webdomain_secure_needs_own_cert(alice: Path, ca: TestCA) -> None:
    cert, key = ca.issue(["example.com"])
    ok(alice, *setcrt_args("bob", "bobs", cert, key, ""))
    ok(alice, "webdomain.edit", "sok=ok", "name=example.com", "owner=alice")

    line = error_of(
        mgrctl(alice, "webdomain.edit", "sok=ok", "elid=example.com", "secure=on", "ssl_cert=bobs")
    )
    assert line == "ERROR value(ssl_cert): user alice has no certificate named 'bobs'"
    assert rows(alice, "webdomain")[0]["secure"] == "off"


def test_webdomain_secure_vhost(alice: Path, ca: TestCA) -> None:
    cert, key = ca.issue(["example.com"])
    ok(alice, *setcrt_args("alice", "example", cert, key, cert_pem(ca.cert)))
    ok(alice, "webdomain.edit", "sok=ok", "name=example.com", "su=alice")
    ok(
        alice,
        "webdomain.edit",
        "sok=ok",
        "elid=example.com",
        "secure=on",
        "ssl_cert=example",
        "redirect_http=on",
        "su=alice",
    )

    row = rows(alice, "webdomain")[0]
    assert (row["secure"], row["ssl_cert"], row["redirect_http"]) == ("on", "example", "on")
    vhost = (alice / "etc/nginx/vhosts/alice/example.com.conf").read_text()
    assert "listen 127.0.0.1:443 ssl;" in vhost
    assert f'ssl_certificate "{alice}/var/www/httpd-cert/alice/example.crtca";' in vhost
    assert f'ssl_certificate_key "{alice}/var/www/httpd-cert/alice/example.key";' in vhost
    assert "return 301 https://$host$request_uri;" in vhost
    assert vhost.count("letsencrypt-alias.conf") == 2


# Certificates ----------------------------------------------------------------------------------


def test_setcrt_creates_files(alice: Path, ca: TestCA) -> None:
    cert, key = ca.issue(["example.com", "www.example.com"])
    result = mgrctl(
        alice, *setcrt_args("alice", "example", cert, key, cert_pem(ca.cert)), umask=0o077
    )
    assert result.stdout == "OK\n"

    base = alice / "var/www/httpd-cert/alice"
    assert (base / "example.crt").read_text() == cert_pem(cert)
    assert (base / "example.ca").read_text() == cert_pem(ca.cert)
    assert (base / "example.crtca").read_text() == cert_pem(cert) + cert_pem(ca.cert)
    assert serialization.load_pem_private_key((base / "example.key").read_bytes(), None)
    assert file_mode(base / "example.key") == 0o600
    for suffix in ("crt", "ca", "crtca"):
        assert file_mode(base / f"example.{suffix}") == 0o644, suffix
    assert not [p.name for p in base.iterdir() if p.name.startswith(".")]

    assert rows(alice, "sslcert") == [
        {
            "name": "example",
            "owner": "alice",
            "type": "exist",
            "subject": "example.com",
            "issuer": "Stand-in Test CA",
            "names": "example.com, www.example.com",
            "valid_after": cert.not_valid_before_utc.strftime("%Y-%m-%d %H:%M:%S"),
            "expire": cert.not_valid_after_utc.strftime("%Y-%m-%d %H:%M:%S"),
        }
    ]


def test_setcrt_selfsigned_type_and_empty_chain(alice: Path) -> None:
    key = make_key()
    cert = make_cert(key, "self.example.com", ["self.example.com"])
    ok(alice, *setcrt_args("alice", "self", cert, key, ""))
    assert rows(alice, "sslcert")[0]["type"] == "selfsigned"
    assert (alice / "var/www/httpd-cert/alice/self.ca").read_text() == ""


def test_setcrt_replace_keeps_users(alice: Path, ca: TestCA) -> None:
    first, first_key = ca.issue(["example.com"])
    ok(alice, *setcrt_args("alice", "example", first, first_key, ""))
    ok(
        alice,
        "webdomain.edit",
        "sok=ok",
        "name=example.com",
        "owner=alice",
        "secure=on",
        "ssl_cert=example",
    )
    vhost = alice / "etc/nginx/vhosts/alice/example.com.conf"
    vhost_before = vhost.read_text()
    vhost_inode = vhost.stat().st_ino

    second, second_key = ca.issue(["example.com", "www.example.com"])
    ok(alice, *setcrt_args("alice", "example", second, second_key, cert_pem(ca.cert)))

    base = alice / "var/www/httpd-cert/alice"
    assert (base / "example.crtca").read_text() == cert_pem(second) + cert_pem(ca.cert)
    assert (
        serialization.load_pem_private_key((base / "example.key").read_bytes(), None).public_key()
        == second_key.public_key()
    )
    assert [row["names"] for row in rows(alice, "sslcert")] == ["example.com, www.example.com"]
    assert vhost.read_text() == vhost_before
    assert vhost.stat().st_ino != vhost_inode, "the vhost was not rewritten"


def test_setcrt_errors_change_nothing(alice: Path, ca: TestCA) -> None:
    cert, key = ca.issue(["example.com"])
    ok(alice, *setcrt_args("alice", "example", cert, key, ""))
    crt_before = (alice / "var/www/httpd-cert/alice/example.crt").read_text()

    other, other_key = ca.issue(["example.com"])
    good = {"crt": cert_pem(other), "key": key_pem(other_key), "chain": ""}
    cases = [
        ({"key": key_pem(key)}, "ERROR value(key): the private key does not match the certificate"),
        (
            {"crt": "not a certificate"},
            "ERROR value(crt): crt contains text that is not a PEM block",
        ),
        (
            {"crt": cert_pem(other).replace("M", "A", 3)},
            "ERROR value(crt): crt is not a valid PEM certificate",
        ),
        (
            {"crt": cert_pem(other) + cert_pem(ca.cert)},
            "ERROR value(crt): crt must contain exactly one",
        ),
        (
            {"key": "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n"},
            "ERROR value(key):",
        ),
        ({"chain": "garbage"}, "ERROR value(chain):"),
        ({"chain": key_pem(other_key)}, "ERROR value(chain): chain contains a PRIVATE KEY block"),
        ({"crt": ""}, "ERROR missed(crt):"),
    ]
    for change, expected in cases:
        params = good | change
        result = mgrctl(
            alice,
            "sslcert.setcrt",
            "username=alice",
            "name=example",
            f"crt={params['crt']}",
            f"key={params['key']}",
            f"chain={params['chain']}",
            "sok=ok",
        )
        assert error_of(result).startswith(expected), (change, result.stdout)
    assert (alice / "var/www/httpd-cert/alice/example.crt").read_text() == crt_before


def test_setcrt_owner_rules(alice: Path, ca: TestCA) -> None:
    cert, key = ca.issue(["example.com"])
    args = setcrt_args("alice", "example", cert, key, "")
    no_username = [arg for arg in args if not arg.startswith("username=")]

    assert error_of(mgrctl(alice, *no_username)).startswith("ERROR missed(username):")
    bad_owner = ["username=carol" if arg.startswith("username=") else arg for arg in args]
    assert error_of(mgrctl(alice, *bad_owner)).startswith("ERROR missed(username):")
    bad_name = ["name=../x" if arg.startswith("name=") else arg for arg in args]
    assert error_of(mgrctl(alice, *bad_name)).startswith("ERROR value(name):")

    ok(alice, *no_username, "su=bob")
    assert error_of(mgrctl(alice, *args, "su=bob")).startswith("ERROR access(username):")
    assert [(row["owner"], row["name"]) for row in rows(alice, "sslcert")] == [("bob", "example")]
    assert rows(alice, "sslcert", "su=alice") == []


def test_sslcert_delete(alice: Path, ca: TestCA) -> None:
    cert, key = ca.issue(["example.com"])
    ok(alice, *setcrt_args("alice", "used", cert, key, ""))
    ok(alice, *setcrt_args("alice", "spare", cert, key, ""))
    ok(
        alice,
        "webdomain.edit",
        "sok=ok",
        "name=example.com",
        "owner=alice",
        "secure=on",
        "ssl_cert=used",
    )

    line = error_of(mgrctl(alice, "sslcert.delete", "elid=used", "su=alice"))
    assert line == "ERROR value(elid): certificate 'used' is used by web domain example.com"
    assert error_of(mgrctl(alice, "sslcert.delete", "elid=spare", "su=bob")).startswith(
        "ERROR missed(elid):"
    )

    ok(alice, "sslcert.delete", "elid=spare")
    assert [row["name"] for row in rows(alice, "sslcert")] == ["used"]
    assert not list((alice / "var/www/httpd-cert/alice").glob("spare.*"))


# Output formats --------------------------------------------------------------------------------


def test_output_json(alice: Path) -> None:
    created = json_doc(alice, "webdomain.edit", "sok=ok", "name=one.example.com", "owner=alice")
    assert created == {"$lang": "en", "$func": "webdomain.edit", "ok": {}}

    single = json_doc(alice, "webdomain")
    assert single["elem"]["name"] == {"$": "one.example.com"}
    assert single["elem"]["ssl_cert"] == {}

    ok(alice, "webdomain.edit", "sok=ok", "name=two.example.com", "owner=bob")
    listed = json_doc(alice, "webdomain")
    assert [elem["name"]["$"] for elem in listed["elem"]] == ["one.example.com", "two.example.com"]

    error = json_doc(alice, "webdomain.edit", "sok=ok", "name=one.example.com", "owner=alice")
    assert error["error"]["$type"] == "exists"
    assert error["error"]["$object"] == "name"
    assert error["error"]["msg"]["$"] == "web domain one.example.com already exists"


def test_output_xml_and_text(alice: Path) -> None:
    result = mgrctl(alice, "-o", "xml", "webdomain.edit", "sok=ok", "name=bad..name", "owner=alice")
    assert result.returncode == 1
    assert result.stdout.startswith("<?xml version='1.0' encoding='UTF-8'?>")
    error = etree.fromstring(result.stdout.encode()).find("error")
    assert (error.get("type"), error.get("object"), error.get("lang")) == ("value", "name", "en")
    assert error.findtext("msg") == "'bad..name' is not a valid domain name"

    ok(alice, "webdomain.edit", "sok=ok", "name=one.example.com", "owner=alice")
    text = ok(alice, "webdomain")
    assert text == (
        "name=one.example.com owner=alice aliases= ipaddr=127.0.0.1 secure=off ssl_cert="
        " redirect_http=off\n"
    )
    assert ok(alice, "-ojson", "user").startswith("{")


def test_parallel_calls(alice: Path) -> None:
    processes = [
        subprocess.Popen(
            [
                str(alice / "sbin/mgrctl"),
                "webdomain.edit",
                "sok=ok",
                f"name=site{index}.example.com",
                "su=alice",
            ],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        for index in range(8)
    ]
    for process in processes:
        stdout, stderr = process.communicate(timeout=MGRCTL_TIMEOUT_S)
        assert (process.returncode, stdout) == (0, b"OK\n"), stderr
    assert len(rows(alice, "webdomain")) == 8
    assert len(list((alice / "etc/nginx/vhosts/alice").glob("*.conf"))) == 8


def test_unknown_function(panel: Path) -> None:
    assert (
        error_of(mgrctl(panel, "no.such.func"))
        == "ERROR missed(func): unknown function 'no.such.func'"
    )


def test_lang_parameter(panel: Path) -> None:
    doc = xml_doc(panel, "user", "lang=ru")
    assert doc.get("lang") == "ru"
    assert error_of(mgrctl(panel, "user", "lang=de")).startswith("ERROR value(lang):")


# Problems and notifications --------------------------------------------------------------------


def test_problems(alice: Path) -> None:
    ok(
        alice,
        "problems.register",
        "name=letsencrypt",
        "id=example.com",
        "level=error",
        "info=order failed",
    )
    ok(
        alice,
        "problems.register",
        "name=letsencrypt",
        "id=example.com",
        "level=warning",
        "info=retrying",
    )
    assert rows(alice, "problems") == [
        {"name": "letsencrypt", "id": "example.com", "level": "warning", "info": "retrying"}
    ]
    assert error_of(mgrctl(alice, "problems.register", "name=x", "level=fatal")).startswith(
        "ERROR value(level):"
    )
    assert error_of(mgrctl(alice, "problems", "su=alice")).startswith("ERROR access(problems):")


def test_notifications(alice: Path) -> None:
    ok(alice, "notify", "name=letsencrypt", "user=alice", "level=info", "msg=Certificate issued")
    ok(alice, "notify", "name=letsencrypt", "user=bob", "level=error", "msg=Validation failed")

    assert len(rows(alice, "notification")) == 2
    assert rows(alice, "notification", "su=alice") == [
        {"name": "letsencrypt", "user": "alice", "level": "info", "msg": "Certificate issued"}
    ]
    assert error_of(
        mgrctl(alice, "notify", "name=x", "user=carol", "level=info", "msg=m")
    ).startswith("ERROR missed(user):")
    assert error_of(
        mgrctl(alice, "notify", "name=x", "user=bob", "level=info", "msg=m", "su=alice")
    ).startswith("ERROR access(notify):")


# Plugin functions ------------------------------------------------------------------------------

PLUGIN_XML = """<?xml version="1.0" encoding="UTF-8"?>
<mgrdata>
  <handler name="standintest" type="xml">
    <func name="standintest.echo"/>
    <func name="standintest.crash"/>
    <func name="standintest.badxml"/>
    <func name="standintest.notdoc"/>
    <func name="standintest.nested"/>
  </handler>
  <metadata name="standintest.echo" type="form">
    <form><field name="domain"><input type="text" name="domain" required="yes"/></field></form>
  </metadata>
  <metadata name="standintest.other" type="list"/>
  <lang name="en">
    <messages name="standintest.echo"><msg name="title">Echo</msg></messages>
    <messages name="standintest.other"><msg name="title">Other</msg></messages>
  </lang>
  <lang name="ru">
    <messages name="standintest.echo"><msg name="title">Эхо</msg></messages>
  </lang>
</mgrdata>
"""

# The handler prints its stdin and its PARAM_*/AUTH_* environment back; three functions fail.
PLUGIN_HANDLER = """#!{python}
import os
import subprocess
import sys

from lxml import etree

func = os.environ["PARAM_func"]
if func == "standintest.crash":
    sys.stderr.write("Traceback: standintest crashed on purpose\\n")
    sys.exit(3)
if func == "standintest.badxml":
    sys.stdout.write("<doc><unclosed></doc>")
    sys.exit(0)
if func == "standintest.notdoc":
    sys.stdout.write("<answer/>")
    sys.exit(0)
if func == "standintest.nested":
    mgrctl = os.path.join(os.environ["MGR_ROOT"], "sbin", "mgrctl")
    users = subprocess.run([mgrctl, "-o", "xml", "user"], capture_output=True, check=True).stdout
    doc = etree.Element("doc")
    doc.append(etree.fromstring(users))
    sys.stdout.buffer.write(etree.tostring(doc))
    sys.exit(0)

received = etree.fromstring(sys.stdin.buffer.read())
doc = etree.Element("doc")
etree.SubElement(doc, "received").append(received)
env = etree.SubElement(doc, "env")
for key in sorted(os.environ):
    if key.startswith(("PARAM_", "AUTH_")) or key == "MGR_ROOT":
        etree.SubElement(env, "var", name=key).text = os.environ[key]
etree.SubElement(doc, "domain").text = os.environ.get("PARAM_domain", "")
sys.stderr.write("echo handler ran\\n")
sys.stdout.buffer.write(etree.tostring(doc, encoding="UTF-8"))
"""


@pytest.fixture
def plugin(alice: Path) -> Path:
    (alice / "etc/xml/ispmgr_mod_standintest.xml").write_text(PLUGIN_XML, encoding="utf-8")
    handler = alice / "addon/standintest"
    handler.write_text(PLUGIN_HANDLER.replace("{python}", sys.executable), encoding="utf-8")
    handler.chmod(0o750)
    return alice


def test_plugin_receives_request(plugin: Path) -> None:
    result = mgrctl(
        plugin,
        "-o",
        "xml",
        "standintest.echo",
        "domain=example.com",
        "elid=x, y",
        "lang=ru",
        "su=alice",
        env={"PARAM_leak": "1", "AUTH_USER": "mallory", "MGR_ROOT": str(plugin)},
    )
    assert result.returncode == 0, result.stdout
    doc = etree.fromstring(result.stdout.encode("utf-8"))

    env = {var.get("name"): var.text for var in doc.find("env")}
    assert env == {
        "AUTH_LEVEL": "16",
        "AUTH_USER": "alice",
        "MGR_ROOT": str(plugin),
        "PARAM_domain": "example.com",
        "PARAM_elid": "x, y",
        "PARAM_func": "standintest.echo",
        "PARAM_lang": "ru",
    }

    received = doc.find("received/doc")
    assert (received.get("lang"), received.get("func")) == ("ru", "standintest.echo")
    assert [child.tag for child in received] == ["metadata", "messages"]
    assert received.find("metadata").get("name") == "standintest.echo"
    assert received.find("metadata/form/field/input").get("name") == "domain"
    assert received.findtext("messages/msg[@name='title']") == "Эхо"

    assert "echo handler ran" in (plugin / "var/standin.log").read_text(encoding="utf-8")


def test_plugin_root_caller_and_text_output(plugin: Path) -> None:
    result = mgrctl(plugin, "standintest.echo", "domain=example.com")
    assert result.stdout == "domain=example.com\n"

    doc = xml_doc(plugin, "standintest.echo")
    env = {var.get("name"): var.text for var in doc.find("env")}
    assert (env["AUTH_USER"], env["AUTH_LEVEL"], env["PARAM_lang"]) == ("root", "30", "en")
    assert doc.findtext("received/doc/messages/msg") == "Echo"


@pytest.mark.parametrize("func", ["standintest.crash", "standintest.badxml", "standintest.notdoc"])
def test_plugin_failure_is_error(plugin: Path, func: str) -> None:
    result = mgrctl(plugin, func)
    assert error_of(result) == (
        f"ERROR internal({func}): plugin terminated with an error or returned an invalid XML"
    )
    if func == "standintest.crash":
        log = (plugin / "var/standin.log").read_text(encoding="utf-8")
        assert "exited with status 3" in log
        assert "Traceback: standintest crashed on purpose" in log


def test_plugin_handler_calls_mgrctl(plugin: Path) -> None:
    doc = xml_doc(plugin, "standintest.nested")
    assert [name.text for name in doc.iterfind("doc/elem/name")] == ["alice", "bob"]


def test_plugin_functions_listed(plugin: Path) -> None:
    names = ok(plugin, "-i").splitlines()
    assert "name=standintest.echo" in names
    assert "name=webdomain.edit" in names


# nginx -----------------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def http_get(port: int, host: str, path: str) -> tuple[int, str, dict[str, str]]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=HTTP_TIMEOUT_S)
    try:
        connection.request("GET", path, headers={"Host": host})
        response = connection.getresponse()
        return response.status, response.read().decode("utf-8"), dict(response.getheaders())
    finally:
        connection.close()


def https_get(port: int, host: str, path: str) -> tuple[int, str]:
    context = ssl.create_default_context()
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    connection = http.client.HTTPSConnection(
        "127.0.0.1", port, timeout=HTTP_TIMEOUT_S, context=context
    )
    try:
        connection.request("GET", path, headers={"Host": host})
        response = connection.getresponse()
        return response.status, response.read().decode("utf-8")
    finally:
        connection.close()


def served_certificate(port: int, server_name: str) -> bytes:
    """Return the DER certificate that the TLS server presents for ``server_name``."""
    context = ssl.create_default_context()
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    with socket.create_connection(("127.0.0.1", port), timeout=HTTP_TIMEOUT_S) as sock:
        with context.wrap_socket(sock, server_hostname=server_name) as tls:
            der = tls.getpeercert(binary_form=True)
    assert der is not None
    return der


NGINX_MAIN_CONF = """daemon off;
worker_processes 1;
pid {prefix}/nginx.pid;
error_log {prefix}/error.log info;
events {{ worker_connections 64; }}
http {{
    access_log {prefix}/access.log;
    client_body_temp_path {prefix}/client_body;
    proxy_temp_path {prefix}/proxy;
    fastcgi_temp_path {prefix}/fastcgi;
    uwsgi_temp_path {prefix}/uwsgi;
    scgi_temp_path {prefix}/scgi;
    server {{
        listen 127.0.0.1:{http_port} default_server;
        return 404;
    }}
    include {root}/etc/nginx/vhosts/*/*.conf;
}}
"""


@pytest.fixture
def traversable_dir() -> Iterator[Path]:
    """Create a 0755 directory in /tmp, because nginx workers (user nobody) cannot enter the
    0700 directories above pytest's tmp_path."""
    path = Path(tempfile.mkdtemp(prefix="standin-nginx-"))
    path.chmod(0o755)
    yield path
    shutil.rmtree(path)


@pytest.fixture
def nginx_panel(tmp_path: Path, traversable_dir: Path) -> Iterator[tuple[Path, int, int]]:
    """A panel whose vhosts a real nginx serves; yields (root, http_port, https_port)."""
    root = traversable_dir / "mgr5"
    prefix = tmp_path / "nginx"
    prefix.mkdir()
    http_port, https_port = free_port(), free_port()
    conf = prefix / "nginx.conf"
    conf.write_text(NGINX_MAIN_CONF.format(prefix=prefix, root=root, http_port=http_port))

    install_panel(
        root,
        nginx={
            "binary": NGINX_BINARY,
            "conf": str(conf),
            "prefix": str(prefix),
            "pid_file": str(prefix / "nginx.pid"),
            "listen": "127.0.0.1",
            "http_port": http_port,
            "https_port": https_port,
        },
    )

    with open(prefix / "stderr.log", "wb") as nginx_output:
        process = subprocess.Popen(
            [NGINX_BINARY, "-c", str(conf), "-p", str(prefix)],
            stdout=nginx_output,
            stderr=nginx_output,
        )
    try:
        wait_for(
            lambda: assert_status(http_get(http_port, "unknown.test", "/")[0], 404),
            NGINX_START_TIMEOUT_S,
            "nginx start",
        )
        wait_for(
            lambda: (prefix / "nginx.pid").read_text(), NGINX_START_TIMEOUT_S, "nginx pid file"
        )
        yield root, http_port, https_port
    finally:
        process.terminate()
        try:
            process.wait(timeout=NGINX_STOP_TIMEOUT_S)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=NGINX_STOP_TIMEOUT_S)


def assert_status(actual: int, expected: int) -> None:
    assert actual == expected, f"HTTP status {actual}, expected {expected}"


def test_nginx_serves_alias_and_certificate(nginx_panel: tuple[Path, int, int], ca: TestCA) -> None:
    root, http_port, https_port = nginx_panel
    ok(root, "user.edit", "sok=ok", "name=alice")
    ok(
        root,
        "webdomain.edit",
        "sok=ok",
        "name=example.test",
        "aliases=www.example.test",
        "su=alice",
    )

    (root / "www/letsencrypt/token-1").write_text("token-1.keyauth")
    (root / "www/letsencrypt/token-1").chmod(0o644)

    def alias_served() -> None:
        status, body, _headers = http_get(
            http_port, "www.example.test", "/.well-known/acme-challenge/token-1"
        )
        assert_status(status, 200)
        assert body == "token-1.keyauth"

    wait_for(alias_served, NGINX_RELOAD_TIMEOUT_S, "ACME alias over HTTP")
    assert http_get(http_port, "example.test", "/")[:2] == (200, "example.test\n")

    first, first_key = ca.issue(["example.test", "www.example.test"])
    ok(root, *setcrt_args("alice", "example", first, first_key, cert_pem(ca.cert)))
    ok(
        root,
        "webdomain.edit",
        "sok=ok",
        "elid=example.test",
        "secure=on",
        "ssl_cert=example",
        "redirect_http=on",
        "su=alice",
    )

    first_der = first.public_bytes(serialization.Encoding.DER)
    wait_for(
        lambda: assert_status(
            0 if served_certificate(https_port, "example.test") == first_der else 1, 0
        ),
        NGINX_RELOAD_TIMEOUT_S,
        "HTTPS with the imported certificate",
    )
    assert https_get(https_port, "example.test", "/") == (200, "example.test\n")
    assert https_get(https_port, "example.test", "/.well-known/acme-challenge/token-1") == (
        200,
        "token-1.keyauth",
    )

    # Old workers may still respond on the HTTP port for a moment after the reload.
    def redirected() -> None:
        status, _body, headers = http_get(http_port, "example.test", "/page?q=1")
        assert_status(status, 301)
        assert headers["Location"] == f"https://example.test:{https_port}/page?q=1"

    wait_for(redirected, NGINX_RELOAD_TIMEOUT_S, "HTTP redirect to HTTPS")
    alias_served()

    second, second_key = ca.issue(["example.test", "www.example.test"])
    ok(root, *setcrt_args("alice", "example", second, second_key, cert_pem(ca.cert)))
    second_der = second.public_bytes(serialization.Encoding.DER)
    wait_for(
        lambda: assert_status(
            0 if served_certificate(https_port, "www.example.test") == second_der else 1, 0
        ),
        NGINX_RELOAD_TIMEOUT_S,
        "HTTPS with the replaced certificate",
    )


def test_nginx_rejected_config_keeps_files(nginx_panel: tuple[Path, int, int]) -> None:
    root, http_port, _https_port = nginx_panel
    ok(root, "user.edit", "sok=ok", "name=alice")
    ok(root, "webdomain.edit", "sok=ok", "name=example.test", "su=alice")
    vhost = root / "etc/nginx/vhosts/alice/example.test.conf"
    before = vhost.read_text()

    # A stray file breaks the configuration, so the next change must fail and change nothing.
    broken = root / "etc/nginx/vhosts/alice/broken.conf"
    broken.write_text("this is not nginx syntax\n")
    result = mgrctl(
        root, "webdomain.edit", "sok=ok", "elid=example.test", "aliases=www.example.test"
    )
    assert error_of(result).startswith("ERROR internal(nginx): nginx rejected the configuration")
    assert vhost.read_text() == before
    assert rows(root, "webdomain")[0]["aliases"] == ""

    broken.unlink()
    assert http_get(http_port, "example.test", "/")[:2] == (200, "example.test\n")
