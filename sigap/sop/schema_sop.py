"""The schema of an ``sop`` document: one SOP version with its identity table, lanes and steps.

Checks the Nodes of the document with a `Checker` and returns the normalized
dict (sopfile.py). The flow of the steps (targets, branches, one start, an
end, every step reachable) is judged by the one flow graph (flowgraph.py);
this module only says it in words, at the right line.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from sigap.worktime.durations import DurationError, parse_duration

from .filecheck import LONG_TEXT, SLUG_LENGTH, Checker, keys
from .flowgraph import KINDS as STEP_KINDS
from .flowgraph import FlowGraph, FlowProblem
from .schema_office import official
from .yamlfile import Node

LANE_KINDS = ("pemohon", "internal", "luar")
SOP_STATUSES = ("ditetapkan", "draf")
_IDENTITY_LISTS = (
    "dasar_hukum",
    "kualifikasi_pelaksana",
    "keterkaitan",
    "peralatan_perlengkapan",
    "peringatan",
    "pencatatan_pendataan",
    "persyaratan",
)
_SOP_KEYS = keys(
    "instansi kode bidang status nama pelaksana langkah",
    "huruf nomor_dokumen tanggal_pembuatan tanggal_terbit nomor_revisi tanggal_efektif disahkan_oleh "
    + " ".join(_IDENTITY_LISTS),
)
_LANE_KEYS = keys("kode nama jenis", "bidang jabatan instansi mulai_langkah")
_STEP_KEYS = keys(
    "nomor uraian pelaksana", "jenis kelengkapan waktu output keterangan pertanyaan lanjut ya tidak hasil_ditolak"
)
# Each text of a step with the length of its column (sop.models.Step).
_STEP_TEXTS = {"kelengkapan": 300, "waktu": 50, "output": 300, "keterangan": LONG_TEXT, "pertanyaan": 300}


def sop(c: Checker, node: Node, name: str) -> dict:
    f = c.mapping(node, name, _SOP_KEYS)
    if f is None:
        return {}
    data: dict[str, Any] = {
        "instansi": c.slug(f.get("instansi"), "instansi", required=True),
        "kode": c.slug(f.get("kode"), "kode", required=True, max_length=100),
        "bidang": c.slug(f.get("bidang"), "bidang", required=True),
        "huruf": c.text(f.get("huruf"), "huruf", max_length=3),
        "status": c.choice(f.get("status"), "status", SOP_STATUSES),
        "nomor_dokumen": c.text(f.get("nomor_dokumen"), "nomor_dokumen", max_length=100),
        "tanggal_pembuatan": c.date(f.get("tanggal_pembuatan"), "tanggal_pembuatan"),
        "tanggal_terbit": c.date(f.get("tanggal_terbit"), "tanggal_terbit"),
        "nomor_revisi": c.text(f.get("nomor_revisi"), "nomor_revisi", max_length=50),
        "tanggal_efektif": c.date(f.get("tanggal_efektif"), "tanggal_efektif"),
        "disahkan_oleh": official(c, f.get("disahkan_oleh"), "disahkan_oleh"),
        "nama": c.text(f.get("nama"), "nama", required=True, max_length=300, name=True),
    }
    for key in _IDENTITY_LISTS:
        data[key] = c.text_list(f.get(key), key)
    data["pelaksana"] = _lanes(c, f.get("pelaksana"))
    data["langkah"] = _steps(c, f.get("langkah"), {lane["kode"] for lane in data["pelaksana"]})
    return data


def _lanes(c: Checker, entry) -> list[dict]:
    lanes, codes = [], set()
    for index, item in enumerate(c.items(entry, "pelaksana")):
        label = f"pelaksana[{index + 1}]"
        lf = c.mapping(item, label, _LANE_KEYS)
        if lf is None:
            continue
        lane = {
            "kode": c.slug(lf.get("kode"), f"{label}.kode", required=True),
            "nama": c.text(lf.get("nama"), f"{label}.nama", required=True, max_length=200, name=True),
            "jenis": c.choice(lf.get("jenis"), f"{label}.jenis", LANE_KINDS),
            "bidang": c.slug(lf.get("bidang"), f"{label}.bidang"),
            "jabatan": c.text_list(lf.get("jabatan"), f"{label}.jabatan", max_length=SLUG_LENGTH),
            "instansi": c.slug(lf.get("instansi"), f"{label}.instansi"),
            "mulai_langkah": c.integer(lf.get("mulai_langkah"), f"{label}.mulai_langkah"),
        }
        if lane["kode"] in codes:
            c.error(item.line, f"{label}.kode", _('kode pelaksana "%(v)s" dipakai dua kali') % {"v": lane["kode"]})
        codes.add(lane["kode"])
        lanes.append(lane)
    if entry is not None and not lanes and not c.problems:
        c.error(entry[0].line, "pelaksana", _("SOP harus punya sedikitnya satu pelaksana"))
    return lanes


def _steps(c: Checker, entry, lane_codes: set[str]) -> list[dict]:
    steps: list[dict] = []
    lines: dict[int, int] = {}  # step number -> the line it was first given on
    for index, item in enumerate(c.items(entry, "langkah")):
        step = _step(c, item, f"langkah[{index + 1}]", lane_codes)
        if step is None:
            continue
        number = step["nomor"]
        if number is not None:
            if number in lines:
                c.error(
                    item.line,
                    f"langkah {number}.nomor",
                    _("nomor langkah %(n)s dipakai dua kali (juga di baris %(line)s)")
                    % {"n": number, "line": lines[number]},
                )
                continue
            lines[number] = item.line
        steps.append(step)
    if entry is not None and not steps and not c.problems:
        c.error(entry[0].line, "langkah", _("SOP harus punya langkah"))
    if steps and not c.problems:
        _check_flow(c, steps)
    for step in steps:
        step.pop("_line", None)
        step.pop("_fields", None)
    return sorted(steps, key=lambda s: s["nomor"] or 0)


def _step(c: Checker, item: Node, label: str, lane_codes: set[str]) -> dict | None:
    """One step, with the lines of the step (`_line`) and of its fields (`_fields`) for the flow check."""
    sf = c.mapping(item, label, _STEP_KEYS)
    if sf is None:
        return None
    number = c.integer(sf.get("nomor"), f"{label}.nomor", required=True)
    if number is not None:
        label = f"langkah {number}"
    step: dict[str, Any] = {
        "nomor": number,
        "jenis": c.choice(sf.get("jenis"), f"{label}.jenis", STEP_KINDS, default="proses"),
        "uraian": c.text(sf.get("uraian"), f"{label}.uraian", required=True, max_length=LONG_TEXT),
        "pelaksana": c.slug(sf.get("pelaksana"), f"{label}.pelaksana", required=True),
    }
    for key, max_length in _STEP_TEXTS.items():
        step[key] = c.text(sf.get(key), f"{label}.{key}", max_length=max_length)
    for key in ("lanjut", "ya", "tidak"):
        step[key] = c.integer(sf.get(key), f"{label}.{key}")
    # Optional: the short outcome of a request refused on this step ("Tidak terdaftar — dikembalikan");
    # kept only when given, so files without it normalize (and hash) as before.
    if sf.get("hasil_ditolak") is not None:
        step["hasil_ditolak"] = c.text(sf.get("hasil_ditolak"), f"{label}.hasil_ditolak", max_length=300)
    if step["pelaksana"] and lane_codes and step["pelaksana"] not in lane_codes:
        c.error(
            sf["pelaksana"][0].line,
            f"{label}.pelaksana",
            _('pelaksana "%(v)s" tidak ada di daftar pelaksana (%(known)s)')
            % {"v": step["pelaksana"], "known": ", ".join(sorted(lane_codes))},
        )
    if step["waktu"]:
        try:
            parse_duration(step["waktu"])
        except DurationError as exc:
            c.error(sf["waktu"][0].line, f"{label}.waktu", str(exc))
    step["_line"] = item.line
    step["_fields"] = {key: value[1] for key, value in sf.items()}
    return step


_FLOW_MESSAGES = {
    "missing-branch": lambda p: _('langkah keputusan harus punya cabang "ya" dan "tidak"'),
    "decision-next": lambda p: _('langkah keputusan memakai "ya" dan "tidak", bukan "lanjut"'),
    "branch-not-decision": lambda p: _('hanya langkah keputusan yang punya cabang "%(b)s"') % {"b": p.field},
    "end-next": lambda p: _("langkah selesai tidak punya langkah berikutnya"),
    "dangling": lambda p: _("menunjuk ke langkah %(n)s yang tidak ada") % {"n": p.target},
    "self": lambda p: _("menunjuk ke dirinya sendiri"),
    "falls-off": lambda p: _('langkah terakhir harus berjenis selesai atau menyebut "lanjut"'),
    "starts": lambda p: _("SOP harus punya tepat satu langkah mulai (ada %(n)s)") % {"n": p.target},
    "no-end": lambda p: _("SOP tidak punya langkah selesai"),
    "unreachable": lambda p: _("langkah ini tidak dapat dicapai dari langkah mulai"),
}


def _check_flow(c: Checker, steps: list[dict]):
    """Every target exists, decisions have both branches, one start, an end, all reachable (`FlowGraph`)."""
    ordered = sorted(steps, key=lambda s: s["nomor"])
    by_number = {s["nomor"]: s for s in ordered}
    for problem in FlowGraph.from_steps(ordered).problems():
        c.error(*_where(problem, ordered, by_number), _FLOW_MESSAGES[problem.code](problem))


def _where(problem: FlowProblem, ordered: list[dict], by_number: dict[int, dict]) -> tuple[int, str]:
    """The line and field of a flow problem: the field's own line, else the step's."""
    if problem.number is None:  # the whole flow: at its first step, or its last when no end is found
        return ordered[-1 if problem.code == "no-end" else 0]["_line"], "langkah"
    step, label = by_number[problem.number], f"langkah {problem.number}"
    if not problem.field:
        return step["_line"], label
    line = step["_line"] if problem.code == "missing-branch" else step["_fields"][problem.field]
    return line, f"{label}.{problem.field}"
