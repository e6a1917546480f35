"""Side-by-side difference between two versions of an SOP.

Both versions are flattened into labelled lines (identity fields, lanes, and
each step's columns); difflib pairs them up so a reader sees, row by row,
what the revision changed.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass

from django.utils.translation import gettext as _

from .models import SopVersion

_IDENTITY = (
    ("nama", _("Nama SOP")),
    ("nomor_dokumen", _("No. Dokumen")),
    ("tanggal_pembuatan", _("Tanggal Pembuatan")),
    ("tanggal_terbit", _("Tanggal Terbit")),
    ("nomor_revisi", _("No. Revisi")),
    ("tanggal_efektif", _("Tanggal Efektif")),
    ("status", _("Status")),
)
_LISTS = (
    ("dasar_hukum", _("Dasar Hukum")),
    ("kualifikasi_pelaksana", _("Kualifikasi Pelaksana")),
    ("keterkaitan", _("Keterkaitan")),
    ("peralatan_perlengkapan", _("Peralatan/Perlengkapan")),
    ("peringatan", _("Peringatan")),
    ("pencatatan_pendataan", _("Pencatatan dan Pendataan")),
)
_STEP_FIELDS = (
    ("jenis", _("jenis")),
    ("pelaksana", _("pelaksana")),
    ("uraian", _("uraian")),
    ("pertanyaan", _("pertanyaan")),
    ("kelengkapan", _("kelengkapan")),
    ("waktu", _("waktu")),
    ("output", _("output")),
    ("keterangan", _("keterangan")),
    ("lanjut", _("lanjut ke")),
    ("ya", _("jika ya")),
    ("tidak", _("jika tidak")),
)


@dataclass
class DiffRow:
    kind: str  # equal, replace, insert, delete
    left_label: str
    left: str
    right_label: str
    right: str


def flatten(data: dict) -> list[tuple[str, str]]:
    """The SOP as (label, value) lines, in document order."""
    lines = []
    for key, label in _IDENTITY:
        if data.get(key):
            lines.append((label, str(data[key])))
    approved = data.get("disahkan_oleh") or {}
    if any(approved.values()):
        lines.append((_("Disahkan oleh"), " · ".join(v for v in approved.values() if v)))
    for key, label in _LISTS:
        for index, item in enumerate(data.get(key) or [], start=1):
            lines.append((f"{label} {index}", item))
    for lane in data.get("pelaksana") or []:
        lines.append((_("Pelaksana %s") % lane["kode"], f"{lane['nama']} ({lane['jenis']})"))
    for step in data.get("langkah") or []:
        for key, label in _STEP_FIELDS:
            value = step.get(key)
            if value not in (None, "") and not (key == "jenis" and value == "proses"):
                lines.append((_("Langkah %(n)s · %(f)s") % {"n": step["nomor"], "f": label}, str(value)))
    return lines


def version_diff(old: SopVersion, new: SopVersion) -> list[DiffRow]:
    left, right = flatten(old.data), flatten(new.data)
    matcher = difflib.SequenceMatcher(
        a=[f"{label}\x00{v}" for label, v in left], b=[f"{label}\x00{v}" for label, v in right], autojunk=False
    )
    rows: list[DiffRow] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            rows.extend(DiffRow("equal", *left[i], *right[j]) for i, j in zip(range(i1, i2), range(j1, j2)))
            continue
        span = max(i2 - i1, j2 - j1)
        for k in range(span):
            a = left[i1 + k] if i1 + k < i2 else ("", "")
            b = right[j1 + k] if j1 + k < j2 else ("", "")
            kind = "replace" if a[0] and b[0] else ("delete" if a[0] else "insert")
            rows.append(DiffRow(kind, *a, *b))
    return rows
