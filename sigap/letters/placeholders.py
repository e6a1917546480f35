"""The documented placeholders of letter templates, filled from a case.

A template writes `{{ nama_pemohon }}`; an unknown name is refused when the
template is saved, naming it. Values are HTML-escaped.

`{{ nik }}`, the applicant's full NIK, is allowed only in templates addressed to
another agency that needs it (BPJS, for a reactivation). Filling leaves it as it
is: the stored letter never holds the NIK, and `rendering` puts the masked NIK
in its place on screen and the decrypted one only into the signed PDF.

A line of a template that is one whole element (a table row, paragraph, list
item or div) and whose placeholders of the case's data are all empty is left
out: an address the counter did not record prints no bare "Alamat :" row. The
values filled only at signing (number, date, the official) never drop a line.
"""

from __future__ import annotations

import datetime
import re

from django.utils.html import escape
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sigap.orgs.errors import SigapError

PATTERN = re.compile(r"\{\{\s*([a-zA-Z_][a-zA-Z0-9_]*)\s*\}\}")
MONTHS = [
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
]

PLACEHOLDERS = {
    "nama_pemohon": gettext_lazy("nama pemohon"),
    "inisial_pemohon": gettext_lazy("inisial pemohon, mis. S.C."),
    "nik_samaran": gettext_lazy("NIK pemohon yang disamarkan, mis. 3520********0003"),
    "nik": gettext_lazy(
        "NIK pemohon lengkap: hanya untuk surat ke instansi lain, tercetak hanya di PDF bertanda tangan"
    ),
    "alamat_pemohon": gettext_lazy("alamat pemohon"),
    "kode_lacak": gettext_lazy("kode lacak permohonan"),
    "nama_layanan": gettext_lazy("nama SOP/layanan"),
    "tanggal_permohonan": gettext_lazy("tanggal permohonan diterima, mis. 26 November 2026"),
    "tanggal_surat": gettext_lazy("tanggal surat ditandatangani"),
    "nomor_surat": gettext_lazy("nomor surat (terisi saat ditandatangani)"),
    "nama_pejabat": gettext_lazy("nama pejabat penandatangan"),
    "nip_pejabat": gettext_lazy("NIP pejabat penandatangan"),
    "jabatan_pejabat": gettext_lazy("jabatan pejabat penandatangan"),
    "pangkat_pejabat": gettext_lazy("pangkat pejabat penandatangan"),
    "nama_instansi": gettext_lazy("nama instansi"),
    "kota_instansi": gettext_lazy("kota instansi"),
}


class PlaceholderError(SigapError, ValueError):
    """A template naming a placeholder that does not exist; the message names it, in Bahasa Indonesia."""


def indonesian_date(day: datetime.date | datetime.datetime | None) -> str:
    if day is None:
        return ""
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def unknown_placeholders(text: str) -> list[str]:
    return sorted({name for name in PATTERN.findall(text) if name not in PLACEHOLDERS})


FULL_NIK = "nik"
FULL_NIK_MARK = "{{ nik }}"


def check(text: str, *, to_other_agency: bool = False) -> None:
    unknown = unknown_placeholders(text)
    if unknown:
        raise PlaceholderError(
            _("Placeholder tidak dikenal: %(names)s (yang dikenal: %(known)s)")
            % {"names": ", ".join(f"{{{{ {n} }}}}" for n in unknown), "known": ", ".join(PLACEHOLDERS)}
        )
    if not to_other_agency and FULL_NIK in PATTERN.findall(text):
        raise PlaceholderError(
            _(
                "{{ nik }} (NIK lengkap) hanya boleh dipakai pada templat surat yang ditujukan ke instansi lain; "
                "pakai {{ nik_samaran }}."
            )
        )


# Filled when the letter is signed: empty in a draft, but never absent from the signed letter.
AT_SIGNING = frozenset(
    {"tanggal_surat", "nomor_surat", "nama_pejabat", "nip_pejabat", "jabatan_pejabat", "pangkat_pejabat"}
)
# The sanitizer (sanitize.py) opens a table's rows with `<tbody>` on the line of the first one: a line
# "<tbody><tr>…</tr>" is the row's line, and leaving the row out keeps the `<tbody>`.
WHOLE_ELEMENT = re.compile(r"^(\s*(?:<(?:thead|tbody|tfoot)>)?)\s*<(tr|p|li|div)\b[^>]*>.*</\2>\s*$", re.DOTALL)


def _kept(line: str, values: dict[str, str]) -> str:
    """The line, or what is left of it when it is one element whose case placeholders are all empty."""
    names = PATTERN.findall(line)
    if not names or any(name == FULL_NIK or name in AT_SIGNING or values.get(name, "").strip() for name in names):
        return line
    element = WHOLE_ELEMENT.match(line)
    # One element only: `<p>…</p><p>…</p>` on one line is two, and none of them is dropped.
    if element is None or len(re.findall(rf"<{element.group(2)}\b", line)) != 1:
        return line
    return element.group(1).strip()


def fill(text: str, values: dict[str, str], *, to_other_agency: bool = False) -> str:
    """The text with its placeholders replaced; the full NIK's placeholder stays as one mark for rendering.
    A whole-element line whose case placeholders are all empty is left out (module docstring)."""
    check(text, to_other_agency=to_other_agency)
    text = "".join(_kept(line, values) for line in text.splitlines(keepends=True))

    def value(match: re.Match) -> str:
        name = match.group(1)
        # Braces are escaped too, so a value that reads "{{ nik }}" can never become the full NIK's mark.
        return FULL_NIK_MARK if name == FULL_NIK else escape(values.get(name, "")).replace("{", "&#123;")

    return PATTERN.sub(value, text)


def show_nik(html: str, nik: str) -> str:
    """The letter's HTML with the full NIK's mark replaced by `nik` (the masked one, or the full one for the PDF)."""
    return html.replace(FULL_NIK_MARK, escape(nik))


INITIALS_MAX = 20  # Letter.applicant_initials


def initials(name: str, limit: int = INITIALS_MAX) -> str:
    """Initials: "Siti Nur Contoh" -> "S.N.C."; of a name of many words, those that fit `limit`, then "…"."""
    marks = [f"{part[0].upper()}." for part in name.split()]
    text = "".join(marks)
    while len(text) > limit:
        marks.pop()
        text = "".join(marks) + "…"
    return text
