"""Indonesian phone numbers of applicants: the one check the counter form, the correction form and the
services share, and the masked form the history shows."""

from __future__ import annotations

import re

from django.utils.translation import gettext as _

from sigap.privacy import keep_ends

from .errors import CaseError

MIN_DIGITS, MAX_DIGITS = 8, 15


class PhoneError(CaseError):
    """A phone number that is not one; the message is for the user."""


def normalize_phone(text: str) -> str:
    """Digits with an optional leading +, spaces and hyphens allowed: "0812-3456 7890" → "081234567890".
    An empty text stays empty (the number is optional); anything else raises PhoneError."""
    text = text.strip()
    if not text:
        return ""
    if not re.fullmatch(r"\+?[0-9][0-9 \-]*", text):
        raise PhoneError(_("Nomor telepon hanya boleh berisi angka, tanda + di depan, spasi atau tanda hubung."))
    number = re.sub(r"[ \-]", "", text)
    digits = len(number.lstrip("+"))
    if not MIN_DIGITS <= digits <= MAX_DIGITS:
        raise PhoneError(
            _("Nomor telepon harus terdiri dari %(min)d sampai %(max)d angka.") % {"min": MIN_DIGITS, "max": MAX_DIGITS}
        )
    return number


def mask_phone(number: str) -> str:
    """What the history shows of a phone number: "081234567890" → "0812****7890"; a short one is all stars."""
    if not number:
        return ""
    return keep_ends(number) if len(number) >= 10 else "*" * len(number)


def mask_address(address: str) -> str:
    """What the history shows of an address: its first word and an ellipsis, never the whole address."""
    words = address.split()
    return f"{words[0]}…" if words else ""
