"""Clients that talk to the sandbox's servers on loopback: HTTPS, plain HTTP, TLS and DNS."""

from __future__ import annotations

import http.client
import socket
import ssl
import urllib.request
from pathlib import Path

import dns.message
import dns.query
import dns.rdatatype
from cryptography import x509

from .network import LOOPBACK_IPV4

NETWORK_TIMEOUT_S = 5.0


def fetch_https(url: str, ca_file: Path, timeout_s: float = NETWORK_TIMEOUT_S) -> bytes:
    """GET url, verifying the server against ca_file, and return the body.

    Proxy settings from the environment are ignored, so the request stays on loopback.

    :raises urllib.error.URLError: on a connection, TLS or HTTP error status.
    """
    context = ssl.create_default_context(cafile=str(ca_file))
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}),
                                         urllib.request.HTTPSHandler(context=context))
    with opener.open(url, timeout=timeout_s) as response:
        return bytes(response.read())


def fetch_http(port: int, hostname: str, path: str,
               timeout_s: float = NETWORK_TIMEOUT_S) -> tuple[int, bytes]:
    """GET path from 127.0.0.1:port with the Host header hostname. Return status and body."""
    connection = http.client.HTTPConnection(LOOPBACK_IPV4, port, timeout=timeout_s)
    try:
        connection.request("GET", path, headers={"Host": hostname})
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


def served_certificate(port: int, hostname: str,
                       timeout_s: float = NETWORK_TIMEOUT_S) -> x509.Certificate:
    """Return the certificate served on 127.0.0.1:port for the SNI name hostname.

    The certificate is not verified, because the caller inspects it.
    """
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    with socket.create_connection((LOOPBACK_IPV4, port), timeout=timeout_s) as sock:
        with context.wrap_socket(sock, server_hostname=hostname) as tls:
            der = tls.getpeercert(binary_form=True)
    if der is None:
        raise ssl.SSLError(f"the server on port {port} sent no certificate for {hostname}")
    return x509.load_der_x509_certificate(der)


def query_a(port: int, name: str, timeout_s: float = NETWORK_TIMEOUT_S) -> list[str]:
    """Return the addresses in the A records for name from the DNS server on 127.0.0.1:port."""
    query = dns.message.make_query(name, dns.rdatatype.A)
    response = dns.query.udp(query, LOOPBACK_IPV4, port=port, timeout=timeout_s)
    return [rdata.address for rrset in response.answer if rrset.rdtype == dns.rdatatype.A
            for rdata in rrset]
