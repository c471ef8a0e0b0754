"""Private keys, CSRs and the self-signed placeholder certificate."""
import datetime
from typing import Union

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.x509.oid import NameOID

PrivateKey = Union[ec.EllipticCurvePrivateKey, rsa.RSAPrivateKey]

KEY_TYPES = ("ec256", "ec384", "rsa2048", "rsa3072", "rsa4096")
DEFAULT_KEY_TYPE = "ec256"
ACCOUNT_KEY_TYPE = "ec256"
SELF_SIGNED_LIFETIME_DAYS = 365
RSA_PUBLIC_EXPONENT = 65537


def generate_key(key_type: str) -> PrivateKey:
    """Generate a private key of ``key_type`` (one of :data:`KEY_TYPES`)."""
    if key_type == "ec256":
        return ec.generate_private_key(ec.SECP256R1())
    if key_type == "ec384":
        return ec.generate_private_key(ec.SECP384R1())
    if key_type.startswith("rsa") and key_type in KEY_TYPES:
        return rsa.generate_private_key(RSA_PUBLIC_EXPONENT, int(key_type[3:]))
    raise ValueError(f"unknown key type {key_type!r}; expected one of {', '.join(KEY_TYPES)}")


def key_to_pem(key: PrivateKey) -> bytes:
    return key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                             serialization.NoEncryption())


def load_key(pem: bytes) -> PrivateKey:
    key = serialization.load_pem_private_key(pem, password=None)
    if not isinstance(key, (ec.EllipticCurvePrivateKey, rsa.RSAPrivateKey)):
        raise ValueError("only EC and RSA keys are supported")
    return key


def make_csr(key: PrivateKey, names: list[str]) -> bytes:
    """Return a PEM CSR for ``names`` (A-labels); the first name is also the subject CN."""
    builder = x509.CertificateSigningRequestBuilder().subject_name(
        x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, names[0])]) if len(names[0]) <= 64
        else x509.Name([]))
    builder = builder.add_extension(
        x509.SubjectAlternativeName([x509.DNSName(name) for name in names]), critical=False)
    return builder.sign(key, hashes.SHA256()).public_bytes(serialization.Encoding.PEM)


def make_self_signed(key: PrivateKey, names: list[str],
                     now: datetime.datetime) -> bytes:
    """Return a PEM self-signed certificate for ``names``, the placeholder until issuance.

    Its subject carries the organisation "Self-signed placeholder" so that it is named as
    such wherever the certificate is shown.
    """
    subject = x509.Name([
        x509.NameAttribute(NameOID.COMMON_NAME, names[0][:64]),
        x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Self-signed placeholder"),
    ])
    builder = (x509.CertificateBuilder()
               .subject_name(subject)
               .issuer_name(subject)
               .public_key(key.public_key())
               .serial_number(x509.random_serial_number())
               .not_valid_before(now - datetime.timedelta(minutes=5))
               .not_valid_after(now + datetime.timedelta(days=SELF_SIGNED_LIFETIME_DAYS))
               .add_extension(x509.SubjectAlternativeName([x509.DNSName(n) for n in names]),
                              critical=False)
               .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True))
    return builder.sign(key, hashes.SHA256()).public_bytes(serialization.Encoding.PEM)


def split_pem_chain(pem: bytes) -> list[bytes]:
    """Split concatenated PEM certificates into a list, leaf first."""
    marker = b"-----END CERTIFICATE-----"
    parts = []
    for chunk in pem.split(marker):
        chunk = chunk.strip()
        if chunk:
            parts.append(chunk + b"\n" + marker + b"\n")
    return parts
