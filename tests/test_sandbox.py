"""The sandbox of real servers: start-up, what each server serves, and stopping by pid."""

from __future__ import annotations

import json
import os
import socket
import ssl
import subprocess
import sys
import time
import urllib.error
import uuid
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.x509.oid import NameOID

from tests.sandbox import MgrctlError
from tests.sandbox import Sandbox
from tests.sandbox import SandboxError
from tests.sandbox import SandboxFactory
from tests.sandbox import client
from tests.sandbox.core import PERIODIC_PID_FILE
from tests.sandbox.core import START_TIME_TOLERANCE_S
from tests.sandbox.network import LOOPBACK_IPV4
from tests.sandbox.network import is_tcp_port_open
from tests.sandbox.processes import child_pids
from tests.sandbox.processes import is_pid_alive

REPO_ROOT = Path(__file__).resolve().parent.parent
CHILD_EXIT_TIMEOUT_S = 5.0
NGINX_RELOAD_TIMEOUT_S = 10.0
RELOAD_POLL_INTERVAL_S = 0.1


def _challenge_file(sandbox: Sandbox, name: str, content: str, mode: int) -> Path:
    path = sandbox.root / "www" / "letsencrypt" / name
    path.write_text(content)
    os.chmod(path, mode)
    return path


def _common_name(certificate: x509.Certificate) -> str:
    return str(certificate.subject.get_attributes_for_oid(NameOID.COMMON_NAME)[0].value)


def test_sandbox_starts_every_server(servers_sandbox: Sandbox) -> None:
    pids = servers_sandbox.pids()
    assert sorted(pids) == ["nginx", "pebble", "pebble-challtestsrv"]
    for name, pid in pids.items():
        assert is_pid_alive(pid), name
    for purpose, port in servers_sandbox.ports().items():
        assert is_tcp_port_open(port), purpose


def test_sandbox_environment_and_module_config(servers_sandbox: Sandbox) -> None:
    root = servers_sandbox.root
    assert servers_sandbox.env["MGR_ROOT"] == str(root)
    assert servers_sandbox.env["PATH"].split(os.pathsep)[0] == str(root / "sbin")
    assert servers_sandbox.acme_directory == (
        f"https://{LOOPBACK_IPV4}:{servers_sandbox.pebble_port}/dir")

    config_lines = (root / "etc" / "ispmgr.conf").read_text().splitlines()
    assert f"LetsencryptAcmeDirectory {servers_sandbox.acme_directory}" in config_lines
    assert f"LetsencryptAcmeCaBundle {servers_sandbox.pebble_tls_ca}" in config_lines
    assert "LetsencryptProcessCount 1" in config_lines


def test_pebble_directory_verified_with_generated_ca(servers_sandbox: Sandbox) -> None:
    body = client.fetch_https(servers_sandbox.acme_directory, servers_sandbox.pebble_tls_ca)
    directory = json.loads(body)
    for resource in ("newNonce", "newAccount", "newOrder"):
        assert directory[resource].startswith(
            f"https://{LOOPBACK_IPV4}:{servers_sandbox.pebble_port}/"), resource


def test_pebble_directory_rejects_other_ca(servers_sandbox: Sandbox, tmp_path: Path) -> None:
    from tests.sandbox.tls import create_certificate_authority, write_certificate

    other_ca = tmp_path / "other-ca.pem"
    write_certificate(other_ca, create_certificate_authority("Unrelated CA").certificate)
    with pytest.raises(urllib.error.URLError) as raised:
        client.fetch_https(servers_sandbox.acme_directory, other_ca)
    assert isinstance(raised.value.reason, ssl.SSLCertVerificationError)


def test_pebble_roots_form_a_chain(servers_sandbox: Sandbox) -> None:
    root, intermediate = servers_sandbox.pebble_roots()
    assert root.subject == root.issuer
    assert intermediate.issuer == root.subject
    assert _common_name(root).startswith("Pebble Root CA")
    assert _common_name(intermediate).startswith("Pebble Intermediate CA")


def test_mock_dns_answers_any_name(servers_sandbox: Sandbox) -> None:
    name = f"{uuid.uuid4().hex}.example.test"
    assert client.query_a(servers_sandbox.dns_port, name) == [LOOPBACK_IPV4]
    assert client.query_a(servers_sandbox.dns_port, "www.shop.example.test") == [LOOPBACK_IPV4]


def test_mock_dns_has_no_ipv6_default(servers_sandbox: Sandbox) -> None:
    import dns.message
    import dns.query
    import dns.rdatatype

    query = dns.message.make_query("shop.example.test", dns.rdatatype.AAAA)
    response = dns.query.udp(query, LOOPBACK_IPV4, port=servers_sandbox.dns_port,
                             timeout=client.NETWORK_TIMEOUT_S)
    assert response.answer == []


@pytest.mark.parametrize("host", ["shop.example.test", "localhost", "127.0.0.1",
                                  "no-vhost.invalid"])
def test_nginx_serves_challenge_for_any_host(servers_sandbox: Sandbox, host: str) -> None:
    token = uuid.uuid4().hex
    _challenge_file(servers_sandbox, token, f"{token}.key-authorization", 0o644)

    status, body = servers_sandbox.fetch_http(host, f"/.well-known/acme-challenge/{token}")
    assert status == 200
    assert body == f"{token}.key-authorization".encode()


def test_nginx_missing_challenge_is_not_found(servers_sandbox: Sandbox) -> None:
    status, _ = servers_sandbox.fetch_http("shop.example.test",
                                           "/.well-known/acme-challenge/missing")
    assert status == 404


def test_nginx_workers_cannot_read_private_files(servers_sandbox: Sandbox) -> None:
    token = uuid.uuid4().hex
    _challenge_file(servers_sandbox, token, "secret", 0o600)

    status, _ = servers_sandbox.fetch_http("shop.example.test",
                                           f"/.well-known/acme-challenge/{token}")
    # Under root the workers run as an unprivileged user, as a panel's web server does.
    # Otherwise they run as the file's owner and may read it.
    assert status == (403 if os.geteuid() == 0 else 200)


def test_nginx_default_https_certificate(servers_sandbox: Sandbox) -> None:
    certificate = servers_sandbox.served_certificate("no-vhost.invalid")
    assert _common_name(certificate) == "sandbox-default.invalid"


def test_wait_for_served_certificate_times_out(servers_sandbox: Sandbox) -> None:
    started = time.monotonic()
    with pytest.raises(SandboxError, match="no-vhost.invalid"):
        servers_sandbox.wait_for_served_certificate("no-vhost.invalid", lambda _: False, 0.5)
    assert time.monotonic() - started < 5.0


def test_panel_vhost_served_after_reload(servers_sandbox: Sandbox) -> None:
    servers_sandbox.mgrctl("-m", "ispmgr", "user.edit", "sok=ok", "name=demo")
    servers_sandbox.mgrctl("-m", "ispmgr", "webdomain.edit", "sok=ok", "name=shop.example.test",
                           "owner=demo", "aliases=www.shop.example.test", "ipaddrs=127.0.0.1")

    deadline = time.monotonic() + NGINX_RELOAD_TIMEOUT_S
    status, body = servers_sandbox.fetch_http("www.shop.example.test", "/")
    while status != 200 and time.monotonic() < deadline:
        time.sleep(RELOAD_POLL_INTERVAL_S)
        status, body = servers_sandbox.fetch_http("www.shop.example.test", "/")
    assert status == 200
    assert body == b"shop.example.test\n"


def test_mgrctl_error_carries_output(servers_sandbox: Sandbox) -> None:
    with pytest.raises(MgrctlError) as raised:
        servers_sandbox.mgrctl("-m", "ispmgr", "webdomain.edit", "sok=ok",
                               "name=shop.example.test", "owner=nobody-here")
    assert raised.value.returncode != 0
    assert raised.value.argv[0] == str(servers_sandbox.root / "sbin" / "mgrctl")
    assert raised.value.stdout or raised.value.stderr

    result = servers_sandbox.mgrctl("-m", "ispmgr", "webdomain.edit", "sok=ok",
                                    "name=shop.example.test", "owner=nobody-here", check=False)
    assert result.returncode == raised.value.returncode


def test_plugin_installed_into_panel(sandbox: Sandbox) -> None:
    xml = sandbox.root / "etc" / "xml" / "ispmgr_mod_letsencrypt.xml"
    assert xml.read_bytes() == (REPO_ROOT / "xml" / "ispmgr_mod_letsencrypt.xml").read_bytes()

    handler = sandbox.root / "addon" / "letsencrypt"
    assert handler.stat().st_mode & 0o777 == 0o750
    first_line, body = handler.read_text().split("\n", 1)
    assert first_line == f"#!{sys.executable}"
    source = (REPO_ROOT / "handlers" / "letsencrypt").read_text()
    assert body == source.split("\n", 1)[1]


def test_missing_plugin_file_fails_start(tmp_path: Path) -> None:
    sandbox = Sandbox(tmp_path / "sandbox", repo_root=tmp_path / "empty-repository")
    with pytest.raises(SandboxError, match="ispmgr_mod_letsencrypt.xml"):
        sandbox.start()
    assert sandbox.pids() == {}


def test_stop_closes_ports_and_ends_processes(tmp_path: Path) -> None:
    sandbox = Sandbox(tmp_path / "sandbox", install_plugin=False)
    sandbox.start()
    try:
        pids = list(sandbox.pids().values())
        workers = child_pids(sandbox.pids()["nginx"])
        ports = sandbox.ports()
        assert workers, "nginx has no worker processes"
    finally:
        sandbox.stop()

    for pid in pids + workers:
        assert not is_pid_alive(pid), pid
    for purpose, port in ports.items():
        assert not is_tcp_port_open(port), purpose
    sandbox.stop()


def test_start_failure_stops_started_servers(tmp_path: Path) -> None:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as taken:
        taken.bind((LOOPBACK_IPV4, 0))
        taken.listen()
        taken_port = taken.getsockname()[1]

        sandbox = Sandbox(tmp_path / "sandbox", install_plugin=False, http_port=taken_port)
        with pytest.raises(SandboxError, match="nginx") as raised:
            sandbox.start()

    assert "Address already in use" in str(raised.value)
    pids = sandbox.pids()
    assert sorted(pids) == ["nginx", "pebble", "pebble-challtestsrv"]
    for name, pid in pids.items():
        assert not is_pid_alive(pid), name
    for purpose, port in sandbox.ports().items():
        if purpose != "http":
            assert not is_tcp_port_open(port), purpose


def test_stop_ends_periodic_worker(make_sandbox: SandboxFactory) -> None:
    sandbox = make_sandbox(install_plugin=False)
    worker = subprocess.Popen(["sleep", "60"])
    try:
        pid_file = sandbox.root / PERIODIC_PID_FILE
        pid_file.parent.mkdir(parents=True, exist_ok=True)
        pid_file.write_text(f"{worker.pid}\n")

        sandbox.stop()

        assert worker.wait(timeout=CHILD_EXIT_TIMEOUT_S) == -15
    finally:
        worker.kill()
        worker.wait()


def test_stop_spares_older_process_in_pid_file(make_sandbox: SandboxFactory) -> None:
    unrelated = subprocess.Popen(["sleep", "60"])
    try:
        time.sleep(START_TIME_TOLERANCE_S + 0.5)
        sandbox = make_sandbox(install_plugin=False)
        pid_file = sandbox.root / PERIODIC_PID_FILE
        pid_file.parent.mkdir(parents=True, exist_ok=True)
        pid_file.write_text(f"{unrelated.pid}\n")

        sandbox.stop()

        assert unrelated.poll() is None
    finally:
        unrelated.kill()
        unrelated.wait()


def test_pebble_validates_http01_through_nginx(make_sandbox: SandboxFactory) -> None:
    import datetime

    import josepy
    from acme import challenges
    from acme import client as acme_client
    from acme import crypto_util
    from acme import messages
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import rsa

    # No rejected nonces, so this test does not depend on the client's badNonce retry.
    sandbox = make_sandbox(install_plugin=False, nonce_reject_percent=0)
    names = ["shop.example.test", "www.shop.example.test"]

    account_key = josepy.JWKRSA(key=rsa.generate_private_key(public_exponent=65537,
                                                             key_size=2048))
    network = acme_client.ClientNetwork(account_key, verify_ssl=str(sandbox.pebble_tls_ca),
                                        user_agent="ispplugin-sandbox-test")
    directory = acme_client.ClientV2.get_directory(sandbox.acme_directory, network)
    acme = acme_client.ClientV2(directory, network)
    acme.new_account(messages.NewRegistration.from_data(terms_of_service_agreed=True))

    certificate_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    key_pem = certificate_key.private_bytes(serialization.Encoding.PEM,
                                            serialization.PrivateFormat.PKCS8,
                                            serialization.NoEncryption())
    order = acme.new_order(crypto_util.make_csr(key_pem, names))
    for authorization in order.authorizations:
        challenge = next(body for body in authorization.body.challenges
                         if isinstance(body.chall, challenges.HTTP01))
        response, validation = challenge.response_and_validation(account_key)
        _challenge_file(sandbox, challenge.chall.encode("token"), validation, 0o644)
        acme.answer_challenge(challenge, response)

    deadline = datetime.datetime.now() + datetime.timedelta(seconds=60)
    order = acme.poll_and_finalize(order, deadline)

    leaf = x509.load_pem_x509_certificates(order.fullchain_pem.encode())[0]
    _, intermediate = sandbox.pebble_roots()
    assert leaf.issuer == intermediate.subject
    alternative_names = leaf.extensions.get_extension_for_class(x509.SubjectAlternativeName)
    assert sorted(alternative_names.value.get_values_for_type(x509.DNSName)) == sorted(names)
