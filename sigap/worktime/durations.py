"""The one parser for the *waktu* column of an SOP ("5 Menit", "1-3 Jam", "3 bulan-1 tahun").

A duration is a target (the lower end) and a limit (the upper end); a single
amount has both ends equal. Units are kept as written (never turn days into
hours): how an amount becomes a due time is the working calendar's business.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.utils.translation import gettext as _

from sigap.orgs.errors import SigapError

UNITS = ("menit", "jam", "hari", "minggu", "bulan", "tahun")
_UNIT_ALIASES = {
    "menit": "menit",
    "mnt": "menit",
    "jam": "jam",
    "hari": "hari",
    "minggu": "minggu",
    "pekan": "minggu",
    "bulan": "bulan",
    "bln": "bulan",
    "tahun": "tahun",
    "thn": "tahun",
}
# Only to check that a range goes upward: amounts are compared within a family
# (working minutes, working days, calendar months), and families by their size.
_FAMILY = {"menit": (0, 1), "jam": (0, 60), "hari": (1, 1), "minggu": (1, 5), "bulan": (2, 1), "tahun": (2, 12)}

_AMOUNT = r"(\d+)\s*([a-zA-Z]+)?"
_PATTERN = re.compile(rf"^\s*{_AMOUNT}\s*(?:(?:-|–|—|s/d|s\.d\.|sampai)\s*{_AMOUNT})?\s*$", re.IGNORECASE)


class DurationError(SigapError, ValueError):
    """Raised with a message in Bahasa Indonesia when a waktu cannot be read."""


@dataclass(frozen=True)
class Amount:
    value: int
    unit: str

    def __str__(self):
        return f"{self.value} {self.unit}"

    def _rank(self):
        family, factor = _FAMILY[self.unit]
        return family, self.value * factor


@dataclass(frozen=True)
class Duration:
    target: Amount
    limit: Amount

    @property
    def is_range(self) -> bool:
        return self.target != self.limit

    def __str__(self):
        if not self.is_range:
            return str(self.target)
        if self.target.unit == self.limit.unit:
            return f"{self.target.value}-{self.limit.value} {self.limit.unit}"
        return f"{self.target}-{self.limit}"

    def as_dict(self) -> dict:
        return {
            "target": {"nilai": self.target.value, "satuan": self.target.unit},
            "batas": {"nilai": self.limit.value, "satuan": self.limit.unit},
        }


def _unit(word: str | None, text: str) -> str | None:
    if word is None:
        return None
    unit = _UNIT_ALIASES.get(word.lower())
    if unit is None:
        raise DurationError(
            _(
                'satuan waktu "%(unit)s" tidak dikenal dalam "%(text)s" '
                "(pakai menit, jam, hari, minggu, bulan atau tahun)"
            )
            % {"unit": word, "text": text}
        )
    return unit


def parse_duration(text: str) -> Duration:
    """Parse a waktu such as "30 Menit", "1-2 bulan" or "3 bulan-1 tahun"."""
    match = _PATTERN.match(str(text))
    if not match:
        raise DurationError(
            _('waktu "%(text)s" tidak dapat dibaca; contoh yang benar: "5 Menit", "1-3 Jam", "3 bulan-1 tahun"')
            % {"text": text}
        )
    low_value, low_word, high_value, high_word = match.groups()
    low_unit, high_unit = _unit(low_word, text), _unit(high_word, text)
    if high_value is None:
        if low_unit is None:
            raise DurationError(_('waktu "%(text)s" tidak menyebut satuan') % {"text": text})
        amount = Amount(int(low_value), low_unit)
        return _checked(Duration(amount, amount), text)
    if high_unit is None:
        raise DurationError(_('waktu "%(text)s" tidak menyebut satuan') % {"text": text})
    target = Amount(int(low_value), low_unit or high_unit)
    return _checked(Duration(target, Amount(int(high_value), high_unit)), text)


def _checked(duration: Duration, text: str) -> Duration:
    if duration.target.value <= 0 or duration.limit.value <= 0:
        raise DurationError(_('waktu "%(text)s" harus lebih dari nol') % {"text": text})
    if duration.target._rank() > duration.limit._rank():
        raise DurationError(
            _('rentang waktu "%(text)s" terbalik: batas bawah lebih besar dari batas atas') % {"text": text}
        )
    return duration
