"""Command lines and configuration for Pebble and pebble-challtestsrv (Debian package pebble)."""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path

from .network import LOOPBACK_IPV4
from .tls import TlsFiles

PEBBLE_BINARY = "/usr/bin/pebble"
CHALLTESTSRV_BINARY = "/usr/bin/pebble-challtestsrv"


def challtestsrv_argv(dns_port: int, management_port: int) -> list[str]:
    """Return the command line of a pebble-challtestsrv that serves only mock DNS.

    Its DNS server answers every A query with 127.0.0.1 and no AAAA query, so Pebble validates
    HTTP-01 challenges against the sandbox's nginx over IPv4. Its own HTTP-01, HTTPS-01 and
    TLS-ALPN-01 responders are disabled because nginx serves the challenges.
    """
    return [
        CHALLTESTSRV_BINARY,
        "-dns01", f"{LOOPBACK_IPV4}:{dns_port}",
        "-http01", "",
        "-https01", "",
        "-tlsalpn01", "",
        "-management", f"{LOOPBACK_IPV4}:{management_port}",
        "-defaultIPv4", LOOPBACK_IPV4,
        "-defaultIPv6", "",
    ]


def write_pebble_config(path: Path, *, acme_port: int, management_port: int, tls: TlsFiles,
                        http01_port: int, tlsalpn01_port: int) -> None:
    """Write Pebble's JSON configuration.

    :param acme_port: port of the ACME server (directory at https://127.0.0.1:PORT/dir).
    :param management_port: port of the management interface (/roots/0, /intermediates/0).
    :param tls: certificate and key for both listeners.
    :param http01_port: port Pebble connects to when it validates an HTTP-01 challenge.
    :param tlsalpn01_port: port Pebble connects to for TLS-ALPN-01; nothing listens there.
    """
    config = {
        "pebble": {
            "listenAddress": f"{LOOPBACK_IPV4}:{acme_port}",
            "managementListenAddress": f"{LOOPBACK_IPV4}:{management_port}",
            "certificate": str(tls.certificate),
            "privateKey": str(tls.key),
            "httpPort": http01_port,
            "tlsPort": tlsalpn01_port,
            "ocspResponderURL": "",
            "externalAccountBindingRequired": False,
        }
    }
    path.write_text(json.dumps(config, indent=2) + "\n")


def pebble_argv(config_path: Path, dns_port: int) -> list[str]:
    return [PEBBLE_BINARY, "-config", str(config_path),
            "-dnsserver", f"{LOOPBACK_IPV4}:{dns_port}"]


def pebble_environment(base: Mapping[str, str], nonce_reject_percent: int | None) -> dict[str, str]:
    """Return Pebble's environment: no validation delay and, if given, the nonce reject rate.

    Without nonce_reject_percent Pebble keeps its default of rejecting 5% of valid nonces.
    """
    env = dict(base)
    env["PEBBLE_VA_NOSLEEP"] = "1"
    if nonce_reject_percent is not None:
        if not 0 <= nonce_reject_percent <= 100:
            raise ValueError(f"nonce_reject_percent must be 0..100, got {nonce_reject_percent}")
        env["PEBBLE_WFE_NONCEREJECT"] = str(nonce_reject_percent)
    return env
