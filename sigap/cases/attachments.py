"""Documents uploaded for a case: checked as what they claim to be, then stored."""

from __future__ import annotations

from typing import cast

from django.core.files.base import ContentFile
from django.db import transaction

from .models import Attachment, Case, CaseEvent
from .uploads import CheckedUpload, check_upload


def store_attachment(
    case: Case, upload: CheckedUpload, *, requirement: str, user, event: CaseEvent | None
) -> Attachment:
    """Store an upload `check_upload` has accepted; the caller holds the transaction."""
    attachment = Attachment(
        case=case,
        event=event,
        requirement=requirement,
        original_name=cast(str, upload.file.name)[:255],  # check_upload has read it
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
