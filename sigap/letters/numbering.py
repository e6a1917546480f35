"""Letter numbers: unique and gap-free per organization, classification and year.

The next number is taken from a LetterSequence row locked with SELECT ... FOR
UPDATE, never from max()+1: concurrent numberings wait for each other. A signing
step takes it in a short transaction of its own and renders the PDF after it
commits (issuing.py), so the lock is held for milliseconds; a letter whose signing
then fails keeps its number (signed again, or voided in the register). A
correction takes it inside its one transaction, which rolls it back on failure.
"""

from __future__ import annotations

from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from sigap.orgs.models import Organization

from .models import LetterSequence, NumberFormat

DEFAULT_PATTERN = "{klasifikasi}/{nomor}/{tahun}"


def number_take(*, organization: Organization, classification: str, year: int) -> tuple[int, str]:
    """Reserve the next number; must run inside the caller's transaction."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("number_take must run inside a transaction")
    key: dict[str, Any] = {"organization": organization, "classification": classification, "year": year}
    try:
        with transaction.atomic():  # a savepoint: a concurrent first insert must not abort the caller
            LetterSequence.objects.get_or_create(**key)
    except IntegrityError:
        pass
    sequence = LetterSequence.objects.select_for_update().get(**key)
    sequence.last_number += 1
    sequence.save(update_fields=["last_number"])
    return sequence.last_number, number_format(
        organization=organization, classification=classification, number=sequence.last_number, year=year
    )


def number_format(*, organization: Organization, classification: str, number: int, year: int) -> str:
    fmt = NumberFormat.objects.filter(organization=organization, classification=classification).first()
    pattern = fmt.pattern if fmt else DEFAULT_PATTERN
    return pattern.format(klasifikasi=classification, nomor=number, tahun=year)


def check_pattern(pattern: str) -> None:
    if "{nomor}" not in pattern:
        raise ValueError(_("format nomor harus memuat {nomor}"))
    try:
        pattern.format(klasifikasi="400.9", nomor=1, tahun=2026)
    except (KeyError, IndexError, ValueError) as exc:
        raise ValueError(
            _("format nomor hanya boleh memakai {klasifikasi}, {nomor} dan {tahun} (%(err)s)") % {"err": exc}
        ) from exc
