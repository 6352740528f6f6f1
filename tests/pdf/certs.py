"""Test certificates made at test time, and offline validation against them as the trust root."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID
from pyhanko.keys import load_cert_from_pemder
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko_certvalidator import ValidationContext

PASSWORD = b"mat-khau"
Status = tuple[bool, bool, bool, str, str]


def make_certificate(
    folder: Path, common_name: str, password: bytes = PASSWORD
) -> tuple[Path, Path]:
    """Write a self-signed signing certificate as (p12, cert.pem) in `folder` and return them."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name(
        [
            x509.NameAttribute(NameOID.COMMON_NAME, common_name),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "UBND xã Bình Lư"),
        ]
    )
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=30))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(True, True, False, False, False, True, False, False, False),
            critical=True,
        )
        .sign(key, hashes.SHA256())
    )
    p12 = folder / "nguoi-ky.p12"
    p12.write_bytes(
        pkcs12.serialize_key_and_certificates(
            b"nguoi-ky", key, cert, None, serialization.BestAvailableEncryption(password)
        )
    )
    pem = folder / "nguoi-ky.pem"
    pem.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    return p12, pem


def validate(pdf: Path, pem: Path) -> list[Status]:
    """Return (intact, valid, trusted, coverage, modification) of every signature, offline."""
    root = load_cert_from_pemder(str(pem))  # type: ignore[no-untyped-call]  # unannotated
    context = ValidationContext(trust_roots=[root], allow_fetching=False)
    found: list[Status] = []
    with pdf.open("rb") as handle:
        for signature in PdfFileReader(handle).embedded_signatures:
            status = validate_pdf_signature(signature, context)
            coverage, modification = status.coverage, status.modification_level
            found.append(
                (
                    status.intact,
                    status.valid,
                    status.trusted,
                    coverage.name if coverage else "?",
                    modification.name if modification else "?",
                )
            )
    return found
