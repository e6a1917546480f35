"""Checking uploaded documents before anything is stored.

The type is decided by the file's content (its signature bytes), never by its
name or the browser's claim, and the file must then open as that type: an image
must decode with Pillow, a PDF must parse with pypdf and have a page. The size
is capped (SIGAP_UPLOAD_MAX_BYTES).
"""

from __future__ import annotations

import hashlib
import io
import warnings
from dataclasses import dataclass
from typing import cast

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _

from sigap.orgs.errors import SigapError

SIGNATURES = (
    (b"%PDF-", "application/pdf", "pdf"),
    (b"\xff\xd8\xff", "image/jpeg", "jpg"),
    (b"\x89PNG\r\n\x1a\n", "image/png", "png"),
)
PILLOW_FORMATS = {"image/jpeg": "JPEG", "image/png": "PNG"}


class UploadError(SigapError, ValueError):
    """An upload refused; the message names the file and says why, in Bahasa Indonesia."""


@dataclass
class CheckedUpload:
    file: UploadedFile
    content_type: str
    extension: str
    sha256: str


def check_upload(upload: UploadedFile) -> CheckedUpload:
    name = display_name(upload)
    limit = settings.SIGAP_UPLOAD_MAX_BYTES
    size = cast(int, upload.size)  # every uploaded file has a size
    if size > limit:
        raise UploadError(
            _("%(name)s terlalu besar (%(size)s KB); batasnya %(limit)s KB")
            % {"name": name, "size": size // 1024, "limit": limit // 1024}
        )
    if size == 0:
        raise UploadError(_("%(name)s kosong") % {"name": name})
    upload.seek(0)
    head = upload.read(16)
    known = next((entry for entry in SIGNATURES if head.startswith(entry[0])), None)
    if known is None:
        raise UploadError(
            _("%(name)s bukan PDF, JPEG atau PNG (dilihat dari isinya, bukan dari namanya)") % {"name": name}
        )
    _signature, content_type, extension = known
    upload.seek(0)
    content = upload.read()  # at most SIGAP_UPLOAD_MAX_BYTES, checked above
    if content_type == "application/pdf":
        _require_pdf(content, name)
    else:
        _require_image(content, PILLOW_FORMATS[content_type], name)
    upload.seek(0)
    return CheckedUpload(upload, content_type, extension, hashlib.sha256(content).hexdigest())


def display_name(upload: UploadedFile) -> str:
    """The file's name as the user chose it, cut to a length a message can carry, without control characters."""
    raw = str(upload.name or _("berkas tanpa nama"))
    cleaned = "".join(ch for ch in raw if ch.isprintable())
    return cleaned[:80] + ("…" if len(cleaned) > 80 else "")


def _require_image(content: bytes, expected: str, name: str) -> None:
    from PIL import Image

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(content)) as image:
                found = image.format
                image.verify()
            with Image.open(io.BytesIO(content)) as image:
                image.load()  # verify() does not decode the pixels; a truncated file fails here
    except (OSError, SyntaxError, ValueError, Image.DecompressionBombError, Image.DecompressionBombWarning):
        found = None
    if found != expected:
        raise UploadError(
            _("%(name)s tidak dapat dibuka sebagai gambar %(format)s (berkas rusak atau tidak lengkap)")
            % {"name": name, "format": expected}
        )


def _require_pdf(content: bytes, name: str) -> None:
    import pypdf
    from pypdf.errors import PyPdfError

    try:
        reader = pypdf.PdfReader(io.BytesIO(content))
        if reader.is_encrypted and not reader.decrypt(""):
            raise UploadError(_("%(name)s dikunci dengan kata sandi; unggah PDF tanpa kata sandi") % {"name": name})
        pages = len(reader.pages)
    except UploadError:
        raise
    except (PyPdfError, OSError, ValueError, KeyError, TypeError, AttributeError, RecursionError):
        pages = 0
    if pages == 0:
        raise UploadError(
            _("%(name)s tidak dapat dibuka sebagai PDF (berkas rusak atau tidak lengkap)") % {"name": name}
        )
