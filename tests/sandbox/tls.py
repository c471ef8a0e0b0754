"""A throw-away certificate authority for the sandbox's own TLS listeners.

Pebble needs a certificate for its ACME and management listeners, and nginx one for its
default HTTPS server. Both are issued by a CA generated per sandbox, whose PEM the ACME client
is configured to trust. It is unrelated to the CA that Pebble itself runs for ACME orders.
"""

from __future__ import annotations

import datetime
import ipaddress
import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID
from cryptography.x509.oid import NameOID

# Validity of the generated certificates. A sandbox runs for minutes, so one day is enough.
# The backdating covers clock differences between the processes that check them.
CERTIFICATE_LIFETIME = datetime.timedelta(days=1)
CERTIFICATE_BACKDATE = datetime.timedelta(minutes=5)

KEY_FILE_MODE = 0o600


@dataclass(frozen=True)
class CertificateAuthority:
    """A CA certificate and its private key."""

    certificate: x509.Certificate
    key: ec.EllipticCurvePrivateKey


@dataclass(frozen=True)
class TlsFiles:
    """Paths of a PEM certificate and its PEM private key."""

    certificate: Path
    key: Path


def _validity() -> tuple[datetime.datetime, datetime.datetime]:
    now = datetime.datetime.now(datetime.timezone.utc)
    return now - CERTIFICATE_BACKDATE, now + CERTIFICATE_LIFETIME


def create_certificate_authority(common_name: str) -> CertificateAuthority:
    """Generate a self-signed ECDSA P-256 CA that may only issue end-entity certificates."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common_name)])
    not_before, not_after = _validity()
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(not_before)
        .not_valid_after(not_after)
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(
            x509.KeyUsage(digital_signature=True, content_commitment=False,
                          key_encipherment=False, data_encipherment=False,
                          key_agreement=False, key_cert_sign=True, crl_sign=True,
                          encipher_only=False, decipher_only=False),
            critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()),
                       critical=False)
        .sign(key, hashes.SHA256())
    )
    return CertificateAuthority(certificate=certificate, key=key)


def issue_server_certificate(
        authority: CertificateAuthority, dns_names: Sequence[str],
        ip_addresses: Sequence[str] = ()) -> tuple[x509.Certificate, ec.EllipticCurvePrivateKey]:
    """Issue a TLS server certificate for dns_names and ip_addresses, signed by authority."""
    key = ec.generate_private_key(ec.SECP256R1())
    alternative_names: list[x509.GeneralName] = [x509.DNSName(name) for name in dns_names]
    alternative_names += [x509.IPAddress(ipaddress.ip_address(ip)) for ip in ip_addresses]
    not_before, not_after = _validity()
    certificate = (
        x509.CertificateBuilder()
        .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, dns_names[0])]))
        .issuer_name(authority.certificate.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(not_before)
        .not_valid_after(not_after)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(x509.SubjectAlternativeName(alternative_names), critical=False)
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(authority.key.public_key()),
            critical=False)
        .sign(authority.key, hashes.SHA256())
    )
    return certificate, key


def write_certificate(path: Path, certificate: x509.Certificate) -> None:
    path.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))


def write_private_key(path: Path, key: ec.EllipticCurvePrivateKey) -> None:
    """Write key as unencrypted PKCS#8 PEM, readable by its owner only."""
    pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                            serialization.NoEncryption())
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, KEY_FILE_MODE)
    with os.fdopen(descriptor, "wb") as file:
        file.write(pem)


def write_server_files(directory: Path, stem: str, authority: CertificateAuthority,
                       dns_names: Sequence[str], ip_addresses: Sequence[str] = ()) -> TlsFiles:
    """Issue a server certificate and write it as DIRECTORY/STEM-cert.pem and STEM-key.pem."""
    certificate, key = issue_server_certificate(authority, dns_names, ip_addresses)
    files = TlsFiles(certificate=directory / f"{stem}-cert.pem", key=directory / f"{stem}-key.pem")
    write_certificate(files.certificate, certificate)
    write_private_key(files.key, key)
    return files
