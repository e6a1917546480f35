"""PAdES signatures with the organization's certificate (pyHanko), and checking an uploaded PDF.

Each organization's key and certificate are PEM files in SIGAP_SIGNING_DIR:
`<slug>.key.pem` and `<slug>.cert.pem`. `manage.py letters_demo_cert` makes a
self-signed pair for the demo; a real office installs the one it was issued.
"""

from __future__ import annotations

import datetime
import hashlib
import io
import logging
from dataclasses import dataclass
from pathlib import Path
from typing import cast

from django.conf import settings
from django.utils.translation import gettext as _

from sigap.orgs.errors import SigapError

logger = logging.getLogger(__name__)


class SigningError(SigapError):
    """A letter that cannot be signed or verified; the message is in Bahasa Indonesia."""


def key_paths(slug: str) -> tuple[Path, Path]:
    folder = Path(settings.SIGAP_SIGNING_DIR)
    return folder / f"{slug}.key.pem", folder / f"{slug}.cert.pem"


_signers: dict[tuple, object] = {}


def _signer(key: Path, cert: Path):
    """The organization's signer, loaded once per key file version.

    Parsing an RSA key is the slowest part of signing (cryptography checks the
    key on every load, and pyHanko reloads it for each signature), so the
    parsed key is kept and used directly for PKCS#1 v1.5 signatures.
    """
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.padding import PKCS1v15
    from cryptography.hazmat.primitives.asymmetric.rsa import RSAPrivateKey
    from pyhanko.sign import signers
    from pyhanko.sign.general import get_pyca_cryptography_hash

    cache_key = (str(key), key.stat().st_mtime_ns, str(cert), cert.stat().st_mtime_ns)
    if cache_key not in _signers:
        private_key = serialization.load_pem_private_key(key.read_bytes(), password=None)

        class CachedKeySigner(signers.SimpleSigner):
            def sign_raw(self, data: bytes, digest_algorithm: str) -> bytes:
                mechanism = self.get_signature_mechanism_for_digest(digest_algorithm).signature_algo
                if mechanism != "rsassa_pkcs1v15":
                    return super().sign_raw(data, digest_algorithm)
                rsa_key = cast(RSAPrivateKey, private_key)  # a PKCS#1 v1.5 mechanism: the key is RSA
                return rsa_key.sign(data, PKCS1v15(), get_pyca_cryptography_hash(digest_algorithm))

        loaded = signers.SimpleSigner.load(str(key), str(cert))
        for stale in [k for k in _signers if k[0] == str(key)]:  # a replaced key file
            del _signers[stale]
        _signers[cache_key] = CachedKeySigner(
            signing_key=loaded.signing_key, signing_cert=loaded.signing_cert, cert_registry=loaded.cert_registry
        )
    return _signers[cache_key]


def sign_pdf(pdf: bytes, *, organization, reason: str) -> bytes:
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers

    key, cert = key_paths(organization.slug)
    if not (key.exists() and cert.exists()):
        logger.error("signing certificate missing: %s", cert)
        raise SigningError(
            _("Sertifikat tanda tangan elektronik %(org)s belum dipasang; hubungi administrator.")
            % {"org": organization.name}
        )
    signer = _signer(key, cert)
    meta = signers.PdfSignatureMetadata(
        field_name="TandaTangan",
        subfilter=fields.SigSeedSubFilter.PADES,
        reason=reason,
        location=organization.city or organization.name,
    )
    return signers.sign_pdf(IncrementalPdfFileWriter(io.BytesIO(pdf)), meta, signer=signer).getvalue()


@dataclass
class Verification:
    same_file: bool
    signature_intact: bool
    signed_by_office: bool

    @property
    def ok(self) -> bool:
        return self.same_file and self.signature_intact and self.signed_by_office


def verify_pdf(data: bytes, *, expected_sha256: str, organization) -> Verification:
    """Is this exactly the issued file, and does its signature hold with the office's certificate?"""
    from pyhanko.keys import load_cert_from_pemder
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    same = hashlib.sha256(data).hexdigest() == expected_sha256
    intact = trusted = False
    try:
        signatures = PdfFileReader(io.BytesIO(data)).embedded_signatures
        if signatures:
            _key, cert = key_paths(organization.slug)
            context = ValidationContext(
                trust_roots=[load_cert_from_pemder(str(cert))], moment=datetime.datetime.now(datetime.UTC)
            )
            status = validate_pdf_signature(signatures[0], context)
            intact = bool(status.intact and status.valid)
            trusted = bool(status.trusted) and intact
    except Exception:
        intact = trusted = False
    return Verification(same, intact, trusted)


def make_self_signed(organization, *, days: int = 3650) -> tuple[Path, Path]:
    """A demo key and self-signed certificate for an organization (never for production)."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import rsa
    from cryptography.x509.oid import NameOID

    key_path, cert_path = key_paths(organization.slug)
    key_path.parent.mkdir(parents=True, exist_ok=True)
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "ID"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, organization.name),
            x509.NameAttribute(NameOID.COMMON_NAME, f"{organization.name} (DEMO)"),
        ]
    )
    now = datetime.datetime.now(datetime.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=days))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=True,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=True,
                crl_sign=True,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .sign(key, hashes.SHA256())
    )
    key_path.write_bytes(
        key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    )
    key_path.chmod(0o600)
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    return key_path, cert_path
