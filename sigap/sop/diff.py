"""Side-by-side difference between two versions of an SOP.

Both versions are flattened into labelled lines — every field of the SOP
file: identity, lists, each lane and each step's columns — with the names a
reader knows from the official form ("Pelaksana", "Mutu Baku — Waktu") and
values as the document shows them (a lane's name, not its code; "Draf", not
"draf"; "9 Februari 2022", not an ISO date). difflib pairs the lines up so a
reader sees, row by row, what the revision changed.
"""

from __future__ import annotations

import datetime
import difflib
from collections.abc import Callable
from dataclasses import dataclass

from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from sigap.orgs.models import Organization, Position, Unit

from .models import Lane, Sop, SopVersion, Step

_IDENTITY = (
    ("nama", gettext_lazy("Nama SOP")),
    ("bidang", gettext_lazy("Bidang")),
    ("huruf", gettext_lazy("Huruf dalam Keputusan")),
    ("status", gettext_lazy("Status")),
    ("nomor_dokumen", gettext_lazy("No. Dokumen")),
    ("tanggal_pembuatan", gettext_lazy("Tanggal Pembuatan")),
    ("tanggal_terbit", gettext_lazy("Tanggal Terbit")),
    ("nomor_revisi", gettext_lazy("No. Revisi")),
    ("tanggal_efektif", gettext_lazy("Tanggal Efektif")),
)
_APPROVED = (
    ("jabatan", gettext_lazy("Disahkan oleh — Jabatan")),
    ("nama", gettext_lazy("Disahkan oleh — Nama")),
    ("pangkat", gettext_lazy("Disahkan oleh — Pangkat")),
    ("nip", gettext_lazy("Disahkan oleh — NIP")),
)
_LISTS = (
    ("dasar_hukum", gettext_lazy("Dasar Hukum")),
    ("kualifikasi_pelaksana", gettext_lazy("Kualifikasi Pelaksana")),
    ("keterkaitan", gettext_lazy("Keterkaitan")),
    ("peralatan_perlengkapan", gettext_lazy("Peralatan/Perlengkapan")),
    ("peringatan", gettext_lazy("Peringatan")),
    ("pencatatan_pendataan", gettext_lazy("Pencatatan dan Pendataan")),
    ("persyaratan", gettext_lazy("Persyaratan")),
)
_LANE_FIELDS = (
    ("jenis", gettext_lazy("Jenis")),
    ("bidang", gettext_lazy("Bidang")),
    ("jabatan", gettext_lazy("Jabatan")),
    ("instansi", pgettext_lazy("pelaksana dari instansi lain", "Instansi")),
    ("mulai_langkah", gettext_lazy("Mulai dari langkah")),
)
_STEP_FIELDS = (
    ("jenis", gettext_lazy("Jenis")),
    ("pelaksana", gettext_lazy("Pelaksana")),
    ("uraian", gettext_lazy("Uraian Kegiatan")),
    ("pertanyaan", gettext_lazy("Pertanyaan")),
    ("kelengkapan", gettext_lazy("Mutu Baku — Kelengkapan")),
    ("waktu", gettext_lazy("Mutu Baku — Waktu")),
    ("output", gettext_lazy("Mutu Baku — Output")),
    ("keterangan", gettext_lazy("Keterangan")),
    ("lanjut", gettext_lazy("Lanjut ke langkah")),
    ("ya", gettext_lazy("Jika Ya, ke langkah")),
    ("tidak", gettext_lazy("Jika Tidak, ke langkah")),
)


@dataclass
class DiffRow:
    kind: str  # equal, replace, insert, delete
    left_label: str
    left: str
    right_label: str
    right: str


@dataclass
class Names:
    """What codes in an SOP file stand for: units, positions and organizations by code."""

    units: dict[str, str]
    positions: dict[str, str]
    organizations: dict[str, str]

    @classmethod
    def of(cls, *versions: SopVersion) -> Names:
        organization = versions[0].sop.organization
        slugs = {lane.get("instansi") for v in versions for lane in v.data.get("pelaksana") or []} - {None, ""}
        return cls(
            units=dict(Unit.objects.filter(organization=organization).values_list("code", "name")),
            positions=dict(Position.objects.filter(organization=organization).values_list("code", "title")),
            organizations=dict(Organization.objects.filter(slug__in=slugs).values_list("slug", "name")),
        )


def _choice(choices) -> Callable[[str], str]:
    labels = dict(choices)
    return lambda value: str(labels.get(value, value))


def _date(value: str) -> str:
    try:
        return date_format(datetime.date.fromisoformat(value), "j F Y")
    except (TypeError, ValueError):
        return str(value)


def _lines(pairs, prefix: str = "") -> list[tuple[str, str]]:
    return [(f"{prefix}{label}", value) for label, value in pairs if value not in (None, "", [])]


def _identity(data: dict, names: Names) -> list[tuple[str, str]]:
    shown: dict[str, Callable[[str], str]] = {
        "bidang": lambda code: names.units.get(code, code),
        "status": _choice(Sop.Status.choices),
        "tanggal_pembuatan": _date,
        "tanggal_terbit": _date,
        "tanggal_efektif": _date,
    }
    lines = _lines((str(label), shown.get(key, str)(data[key])) for key, label in _IDENTITY if data.get(key))
    approved = data.get("disahkan_oleh") or {}
    lines += _lines((str(label), approved.get(key)) for key, label in _APPROVED)
    for key, label in _LISTS:
        lines += [(f"{label} {index}", item) for index, item in enumerate(data.get(key) or [], start=1)]
    return lines


def _lanes(data: dict, names: Names) -> list[tuple[str, str]]:
    shown: dict[str, Callable] = {
        "jenis": _choice(Lane.Kind.choices),
        "bidang": lambda code: names.units.get(code, code),
        "jabatan": lambda codes: ", ".join(names.positions.get(code, code) for code in codes),
        "instansi": lambda slug: names.organizations.get(slug, slug),
        "mulai_langkah": str,
    }
    lines = []
    for index, lane in enumerate(data.get("pelaksana") or [], start=1):
        prefix = _("Pelaksana %(n)s") % {"n": index}
        lines.append((prefix, lane["nama"]))
        fields = ((label, shown[key](lane[key]) if lane.get(key) else "") for key, label in _LANE_FIELDS)
        lines += _lines(fields, prefix=f"{prefix} · ")
    return lines


def _steps(data: dict) -> list[tuple[str, str]]:
    lane_names = {lane["kode"]: lane["nama"] for lane in data.get("pelaksana") or []}
    shown: dict[str, Callable] = {
        "jenis": _choice(Step.Kind.choices),
        "pelaksana": lambda code: lane_names.get(code, code),
    }
    lines = []
    for step in data.get("langkah") or []:
        prefix = _("Langkah %(n)s") % {"n": step["nomor"]}
        fields = (
            (label, shown.get(key, str)(step[key]) if step.get(key) not in (None, "") else "")
            for key, label in _STEP_FIELDS
        )
        lines += _lines(fields, prefix=f"{prefix} · ")
    return lines


def flatten(data: dict, names: Names | None = None) -> list[tuple[str, str]]:
    """The SOP as (label, value) lines, in document order."""
    names = names or Names({}, {}, {})
    return _identity(data, names) + _lanes(data, names) + _steps(data)


def version_diff(old: SopVersion, new: SopVersion) -> list[DiffRow]:
    names = Names.of(old, new)
    left, right = flatten(old.data, names), flatten(new.data, names)
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
