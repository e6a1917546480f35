"""A small schema checker for files read with `yamlfile`: fields, their types, and line-numbered problems.

A schema is plain code: `Checker.mapping` checks a mapping's keys (unknown
ones refused, required ones present) and the typed readers (`text`, `slug`,
`integer`, `date`, `choice`, `flag`, `text_list`, `items`) return a clean
value or record a problem (in Bahasa Indonesia) with the line of the value.
An entry is what a mapping holds for a key: (Node, line of the key), or None
when the key is absent.

Every value is bounded: a text by `max_length` (the column it is stored in;
`LONG_TEXT` for free text), a list by `max_items` (`MAX_ITEMS`), a number by
`MAX_INTEGER`, so an over-long value is a problem at its line, not a database
error or a document hundreds of pages long.
"""

from __future__ import annotations

import datetime
import re

from django.utils.translation import gettext as _

from sigap.orgs.validators import NAME_REFUSED

from .yamlfile import Node, Problem

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
LONG_TEXT = 2000  # free text (a step's description, a consideration of a decree); columns set their own
SHORT_TEXT = 300  # the default: most texts are stored in columns of 300 characters or less
SLUG_LENGTH = 50
MAX_ITEMS = 200
MAX_INTEGER = 100_000


class Checker:
    """Checks the Nodes of one file against a schema, collecting every problem (`problems`)."""

    def __init__(self, path: str):
        self.path = path
        self.problems: list[Problem] = []

    def error(self, line: int, field_name: str, message: str):
        self.problems.append(Problem(self.path, line, field_name, message))

    def mapping(self, node: Node, field_name: str, allowed: dict[str, bool]) -> dict[str, tuple[Node, int]] | None:
        """Check that node is a mapping with only allowed keys and every required one."""
        if not isinstance(node.value, dict):
            self.error(node.line, field_name, _("harus berupa pasangan kunci: nilai"))
            return None
        for key, (_value, key_line) in node.value.items():
            if key not in allowed:
                known = ", ".join(sorted(allowed))
                self.error(
                    key_line,
                    join(field_name, key),
                    _("kunci tidak dikenal (yang dikenal: %(known)s)") % {"known": known},
                )
        for key, required in allowed.items():
            if required and key not in node.value:
                self.error(node.line, join(field_name, key), _("wajib diisi"))
        return node.value

    def text(self, entry, field_name, *, required=False, default="", max_length=SHORT_TEXT, name=False) -> str:
        """A text value of at most `max_length` characters; `name`: no control or text-direction characters
        (sigap.orgs.validators)."""
        value = self._text(entry, field_name, required=required, default=default, max_length=max_length)
        if name and NAME_REFUSED.search(value):
            self.error(
                entry[0].line, field_name, _("tidak boleh memuat karakter kendali atau karakter pengatur arah teks")
            )
        return value

    def _text(self, entry, field_name, *, required, default, max_length) -> str:
        if entry is None:
            return default
        node, _line = entry
        value = node.value
        if value is None or value == "":
            if required:
                self.error(node.line, field_name, _("wajib diisi"))
            return default
        if isinstance(value, (dict, list)):
            self.error(node.line, field_name, _("harus berupa teks"))
            return default
        return self._bounded(clean(str(value)), node.line, field_name, max_length)

    def _bounded(self, value: str, line: int, field_name: str, max_length: int) -> str:
        if len(value) > max_length:
            self.error(
                line,
                field_name,
                _("paling banyak %(max)s karakter (sekarang %(n)s)") % {"max": max_length, "n": len(value)},
            )
        return value

    def slug(self, entry, field_name, *, required=False, max_length=SLUG_LENGTH) -> str:
        value = self.text(entry, field_name, required=required, max_length=max_length)
        if value and not SLUG.match(value):
            self.error(
                entry[0].line,
                field_name,
                _('"%(v)s" bukan kode yang sah (huruf kecil, angka dan tanda hubung)') % {"v": value},
            )
        return value

    def integer(self, entry, field_name, *, required=False):
        if entry is None:
            if required:
                self.error(0, field_name, _("wajib diisi"))
            return None
        node, _line = entry
        if node.value is None:
            if required:
                self.error(node.line, field_name, _("wajib diisi"))
            return None
        if isinstance(node.value, bool) or not isinstance(node.value, int) or node.value < 0:
            shown = "[…]" if isinstance(node.value, list) else "{…}" if isinstance(node.value, dict) else node.value
            self.error(node.line, field_name, _('harus berupa bilangan bulat positif, bukan "%(v)s"') % {"v": shown})
            return None
        if node.value > MAX_INTEGER:
            self.error(node.line, field_name, _("paling besar %(max)s") % {"max": MAX_INTEGER})
            return None
        return node.value

    def date(self, entry, field_name) -> str | None:
        value = self.text(entry, field_name)
        if not value:
            return None
        try:
            return datetime.date.fromisoformat(value).isoformat()
        except ValueError:
            self.error(
                entry[0].line,
                field_name,
                _('tanggal "%(v)s" harus berformat TTTT-BB-HH, mis. 2022-02-09') % {"v": value},
            )
            return None

    def choice(self, entry, field_name, choices, *, default=None) -> str | None:
        """A value from choices; when absent, the default (required fields are checked by mapping())."""
        value = self.text(entry, field_name)
        if not value:
            return default
        if value not in choices:
            self.error(
                entry[0].line,
                field_name,
                _('"%(v)s" tidak dikenal (pilih: %(c)s)') % {"v": value, "c": ", ".join(choices)},
            )
            return default
        return value

    def flag(self, entry, field_name) -> bool:
        if entry is None:
            return False
        if not isinstance(entry[0].value, bool):
            self.error(entry[0].line, field_name, _("harus ya/tidak (true/false)"))
            return False
        return entry[0].value

    def text_list(self, entry, field_name, *, max_length=LONG_TEXT) -> list[str]:
        if entry is None or entry[0].value is None:
            return []
        node = entry[0]
        if isinstance(node.value, str):
            return [self._bounded(clean(node.value), node.line, field_name, max_length)]
        if not isinstance(node.value, list):
            self.error(node.line, field_name, _("harus berupa daftar"))
            return []
        if not self._few_enough(node, field_name, MAX_ITEMS):
            return []
        items = []
        for index, item in enumerate(node.value):
            if isinstance(item.value, (dict, list)) or item.value is None:
                self.error(item.line, f"{field_name}[{index + 1}]", _("harus berupa teks"))
            else:
                items.append(self._bounded(clean(str(item.value)), item.line, f"{field_name}[{index + 1}]", max_length))
        return items

    def items(self, entry, field_name, *, max_items=MAX_ITEMS) -> list[Node]:
        if entry is None or entry[0].value is None:
            return []
        if not isinstance(entry[0].value, list):
            self.error(entry[0].line, field_name, _("harus berupa daftar"))
            return []
        if not self._few_enough(entry[0], field_name, max_items):
            return []
        return entry[0].value

    def _few_enough(self, node: Node, field_name: str, max_items: int) -> bool:
        assert isinstance(node.value, list)
        if len(node.value) <= max_items:
            return True
        self.error(
            node.line,
            field_name,
            _("terlalu banyak (%(n)s butir; paling banyak %(max)s)") % {"n": len(node.value), "max": max_items},
        )
        return False


def join(prefix: str, key: str) -> str:
    return f"{prefix}.{key}" if prefix else key


def clean(value: str) -> str:
    # Folded YAML scalars end in a newline; the official text never does.
    return value.strip()


def keys(required: str, optional: str = "") -> dict[str, bool]:
    """The allowed keys of a mapping for `Checker.mapping`: space-separated names, required and optional."""
    return {**dict.fromkeys(required.split(), True), **dict.fromkeys(optional.split(), False)}
