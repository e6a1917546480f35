"""Checking uploaded documents before anything is stored.

The type is decided by the file's content (its signature bytes), never by its
name or the browser's claim; the size is capped (SIGAP_UPLOAD_MAX_BYTES).
"""

from __future__ import annotations

import hashlib
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


class UploadError(SigapError, ValueError):
    """An upload refused; the message names the file and says why, in Bahasa Indonesia."""


@dataclass
class CheckedUpload:
    file: UploadedFile
    content_type: str
    extension: str
    sha256: str


def check_upload(upload: UploadedFile) -> CheckedUpload:
    limit = settings.SIGAP_UPLOAD_MAX_BYTES
    size = cast(int, upload.size)  # every uploaded file has a size
    if size > limit:
        raise UploadError(
            _("%(name)s terlalu besar (%(size)s KB); batasnya %(limit)s KB")
            % {"name": upload.name, "size": size // 1024, "limit": limit // 1024}
        )
    if size == 0:
        raise UploadError(_("%(name)s kosong") % {"name": upload.name})
    upload.seek(0)
    head = upload.read(16)
    known = next((entry for entry in SIGNATURES if head.startswith(entry[0])), None)
    if known is None:
        raise UploadError(
            _("%(name)s bukan PDF, JPEG atau PNG (dilihat dari isinya, bukan dari namanya)") % {"name": upload.name}
        )
    _signature, content_type, extension = known
    digest = hashlib.sha256()
    upload.seek(0)
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return CheckedUpload(upload, content_type, extension, digest.hexdigest())
