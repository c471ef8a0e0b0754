"""Parsing, checking, describing and storing the certificates imported with sslcert.setcrt."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.x509.oid import NameOID

from .errors import VALUE, PanelError
from .files import FileTransaction
from .layout import CertPaths

CERT_FILE_MODE = 0o644
KEY_FILE_MODE = 0o600
DATE_FORMAT = "%Y-%m-%d %H:%M:%S"

PEM_BLOCK = re.compile(r"-----BEGIN ([A-Z0-9 ]+)-----\r?\n.*?-----END \1-----", re.DOTALL)
CERTIFICATE_LABEL = "CERTIFICATE"


@dataclass(frozen=True)
class CertBundle:
    """A certificate, its private key (PEM, as imported) and the chain of issuers."""

    certificate: x509.Certificate
    key_pem: bytes
    chain: list[x509.Certificate]

    @property
    def crt_pem(self) -> bytes:
        return self.certificate.public_bytes(serialization.Encoding.PEM)

    @property
    def chain_pem(self) -> bytes:
        return b"".join(cert.public_bytes(serialization.Encoding.PEM) for cert in self.chain)


def _pem_blocks(text: str, field: str) -> list[tuple[str, str]]:
    """Return the (label, block) pairs of ``text``, which must hold nothing but PEM blocks.

    :raises PanelError: (value, ``field``) when text outside the blocks is not whitespace.
    """
    blocks = [(match.group(1), match.group(0)) for match in PEM_BLOCK.finditer(text)]
    if PEM_BLOCK.sub("", text).strip():
        raise PanelError(VALUE, field, f"{field} contains text that is not a PEM block")
    return blocks


def _load_certificates(text: str, field: str) -> list[x509.Certificate]:
    certificates = []
    for label, block in _pem_blocks(text, field):
        if label != CERTIFICATE_LABEL:
            raise PanelError(VALUE, field, f"{field} contains a {label} block, not a CERTIFICATE")
        try:
            certificates.append(x509.load_pem_x509_certificate(block.encode("ascii")))
        except ValueError as error:
            raise PanelError(
                VALUE, field, f"{field} is not a valid PEM certificate: {error}"
            ) from error
    return certificates


def _public_key_der(key: object) -> bytes:
    return key.public_bytes(  # type: ignore[attr-defined]
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    )


def parse_bundle(crt: str, key: str, chain: str) -> CertBundle:
    """Check an imported certificate, key and chain.

    ``crt`` must hold exactly one PEM certificate, ``key`` one unencrypted PEM private key that
    matches it, and ``chain`` zero or more PEM certificates.

    :raises PanelError: (value, crt|key|chain) naming what is wrong.
    """
    certificates = _load_certificates(crt, "crt")
    if len(certificates) != 1:
        raise PanelError(
            VALUE,
            "crt",
            f"crt must contain exactly one PEM certificate, found {len(certificates)}; "
            "put the issuers in chain",
        )

    key_blocks = _pem_blocks(key, "key")
    if len(key_blocks) != 1:
        raise PanelError(
            VALUE, "key", f"key must contain one PEM private key, found {len(key_blocks)} blocks"
        )
    key_pem = key_blocks[0][1].encode("ascii") + b"\n"
    try:
        private_key = serialization.load_pem_private_key(key_pem, password=None)
    except (ValueError, TypeError) as error:
        raise PanelError(
            VALUE, "key", f"key is not a valid unencrypted PEM private key: {error}"
        ) from error

    if _public_key_der(private_key.public_key()) != _public_key_der(certificates[0].public_key()):
        raise PanelError(VALUE, "key", "the private key does not match the certificate")

    return CertBundle(
        certificate=certificates[0],
        key_pem=key_pem,
        chain=_load_certificates(chain, "chain"),
    )


def _common_name(name: x509.Name) -> str:
    values = name.get_attributes_for_oid(NameOID.COMMON_NAME)
    return str(values[0].value) if values else ""


def _format_time(moment: datetime) -> str:
    return moment.strftime(DATE_FORMAT)


def describe(certificate: x509.Certificate) -> dict[str, str]:
    """Return the sslcert list columns that come from the certificate itself."""
    try:
        san = certificate.extensions.get_extension_for_class(x509.SubjectAlternativeName)
        names = san.value.get_values_for_type(x509.DNSName)
    except x509.ExtensionNotFound:
        names = []

    return {
        "type": "selfsigned" if certificate.issuer == certificate.subject else "exist",
        "subject": _common_name(certificate.subject),
        "issuer": _common_name(certificate.issuer),
        "names": ", ".join(names),
        "valid_after": _format_time(certificate.not_valid_before_utc),
        "expire": _format_time(certificate.not_valid_after_utc),
    }


def write_files(files: FileTransaction, paths: CertPaths, bundle: CertBundle) -> None:
    """Write .crt, .key (0600), .ca (the chain) and .crtca (certificate then chain)."""
    files.write(paths.key, bundle.key_pem, KEY_FILE_MODE)
    files.write(paths.crt, bundle.crt_pem, CERT_FILE_MODE)
    files.write(paths.ca, bundle.chain_pem, CERT_FILE_MODE)
    files.write(paths.crtca, bundle.crt_pem + bundle.chain_pem, CERT_FILE_MODE)


def remove_files(files: FileTransaction, paths: CertPaths) -> None:
    for path in paths.all():
        files.remove(path)
