"""Letters refuse a correction of applicant data that a signed letter prints (registered in apps.py)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from sigap.cases.errors import CaseError
from sigap.cases.models import Case

from .models import Letter

# What a letter prints of the applicant; the phone is not printed and stays correctable.
PRINTED = ("applicant_name", "nik", "address")


def refuse_printed_changes(*, case: Case, fields, **context) -> None:
    """A case with a valid signed letter keeps the name, NIK and address the letter carries: the letter
    must be revoked first, so that the data and the signed letter never silently differ. A numbered letter
    awaiting its signature has its content fixed likewise: it is voided first."""
    if not set(fields) & set(PRINTED):
        return
    if Letter.objects.filter(case=case, status=Letter.Status.VALID).exists():
        raise CaseError(
            _("Surat sudah ditandatangani; cabut surat terlebih dahulu untuk mengoreksi data yang tercetak.")
        )
    if Letter.objects.filter(case=case, status__in=Letter.AWAITING_SIGNATURE).exists():  # its content is fixed
        raise CaseError(
            _(
                "Surat sudah bernomor dan menunggu tanda tangan; batalkan surat terlebih dahulu untuk mengoreksi data "
                "yang tercetak."
            )
        )
