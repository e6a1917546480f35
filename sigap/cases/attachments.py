"""Documents uploaded for a case: checked as what they claim to be, then stored; the name they are served by."""

from __future__ import annotations

import os
from typing import cast

from django.core.files.base import ContentFile
from django.db import transaction

from .models import Attachment, Case, CaseEvent
from .uploads import SIGNATURES, CheckedUpload, check_upload

# The types check_upload lets in, each with the name endings a file of that type may keep when it is served.
SERVED_TYPES: dict[str, tuple[str, ...]] = {
    content_type: (f".{extension}",) for _signature, content_type, extension in SIGNATURES
}
SERVED_TYPES["image/jpeg"] += (".jpeg",)


def clean_name(raw: str) -> str:
    """A file name as it may be stored and sent in a header: no folders, no control or bidi characters, no
    double quote (a header parser that ignores backslash escapes would end the name there)."""
    name = "".join(ch for ch in os.path.basename(raw.replace("\\", "/")) if ch.isprintable()).strip()
    name = name.replace('"', "'")
    return name[:255] or "berkas"


def served_name(attachment: Attachment) -> str:
    """The name a file is offered under: the name it came with, ending as what its content was checked to be
    ("ktp.pdf.html" holding a PDF is saved as "ktp.pdf.html.pdf", never as an HTML page)."""
    name = clean_name(attachment.original_name)
    endings = SERVED_TYPES.get(attachment.content_type)
    if endings and not name.lower().endswith(endings):
        name = f"{name[: 255 - len(endings[0])]}{endings[0]}"
    return name


def store_attachment(
    case: Case, upload: CheckedUpload, *, requirement: str, user, event: CaseEvent | None
) -> Attachment:
    """Store an upload `check_upload` has accepted; the caller holds the transaction."""
    attachment = Attachment(
        case=case,
        event=event,
        requirement=requirement,
        original_name=clean_name(cast(str, upload.file.name)),  # check_upload has read it
        content_type=upload.content_type,
        size=cast(int, upload.file.size),
        sha256=upload.sha256,
        uploaded_by=user,
    )
    upload.file.seek(0)
    attachment.file.save(
        f"{case.code}-{upload.sha256[:12]}.{upload.extension}", ContentFile(upload.file.read()), save=False
    )
    attachment.save()
    return attachment


def attachment_add(*, case: Case, user, upload, requirement: str = "") -> Attachment:
    checked = check_upload(upload)
    with transaction.atomic():
        return store_attachment(case, checked, requirement=requirement, user=user, event=None)
