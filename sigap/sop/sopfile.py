"""Reading and validating SOP files: YAML (or JSON) with Indonesian keys.

A file holds one of three documents, named by its top-level key:
``instansi`` (an organization with its units and positions), ``keputusan``
(a decree and its lampiran) or ``sop`` (one SOP version). Every problem is
reported with the file, the line and the field (``sops/x.yaml:42: langkah[3].waktu:
...``) in Bahasa Indonesia, and all problems of a file are reported at once.
The result of validation is a normalized dict: the same content always gives
the same dict, which is what is stored, hashed and exported.
"""

from __future__ import annotations

import datetime
import hashlib
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from django.utils.translation import gettext as _

from sigap.orgs.errors import SigapError
from sigap.worktime.durations import DurationError, parse_duration

from .flowgraph import FlowGraph

DOCUMENT_KINDS = ("instansi", "keputusan", "sop")
SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


@dataclass
class Problem:
    path: str
    line: int
    field: str
    message: str

    def __str__(self):
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.field}: {self.message}" if self.field else f"{where}: {self.message}"


class SopFileError(SigapError):
    """All problems found in one or more files; nothing was imported."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


@dataclass
class Document:
    """A validated file: its kind, normalized content and content hash."""

    kind: str
    data: dict
    path: str
    lines: dict[str, int] = field(default_factory=dict)

    def problem(self, key: str, message: str) -> Problem:
        """A problem with a top-level field, found after validation (e.g. an unknown organization)."""
        return Problem(self.path, self.lines.get(key, 0), key, message)

    @property
    def content_hash(self) -> str:
        return content_hash(self.data)


def content_hash(data: dict) -> str:
    canonical = json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)
    return hashlib.sha256(canonical.encode()).hexdigest()


# --- YAML with line numbers -------------------------------------------------


class _Loader(yaml.SafeLoader):
    """SafeLoader that keeps dates as text: the validator decides what a date is."""


_Loader.yaml_implicit_resolvers = {
    k: [(tag, rx) for tag, rx in v if tag != "tag:yaml.org,2002:timestamp"]
    for k, v in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


@dataclass
class _Node:
    value: object
    line: int


class _DuplicateKey(Exception):
    def __init__(self, key: str, line: int):
        self.key, self.line = key, line


def _convert(node, loader, depth: int = 0) -> _Node:
    line = node.start_mark.line + 1
    if depth > 50:
        raise yaml.YAMLError("terlalu dalam (alias yang berulang?)")
    if isinstance(node, yaml.MappingNode):
        result = {}
        for key_node, value_node in node.value:
            key = str(loader.construct_object(key_node, deep=True))
            if key in result:
                raise _DuplicateKey(key, key_node.start_mark.line + 1)
            result[key] = (_convert(value_node, loader, depth + 1), key_node.start_mark.line + 1)
        return _Node(result, line)
    if isinstance(node, yaml.SequenceNode):
        return _Node([_convert(item, loader, depth + 1) for item in node.value], line)
    return _Node(loader.construct_object(node, deep=True), line)


def _parse_text(text: str, path: str) -> _Node:
    loader = _Loader(text)
    try:
        root = loader.get_single_node()
        if root is None:
            raise SopFileError([Problem(path, 1, "", _("berkas kosong"))])
        return _convert(root, loader)
    except _DuplicateKey as exc:
        raise SopFileError([Problem(path, exc.line, exc.key, _("kunci ini ditulis dua kali"))]) from exc
    except (yaml.YAMLError, ValueError, TypeError, RecursionError) as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        line = mark.line + 1 if mark else 0
        reason = getattr(exc, "problem", None) or str(exc)
        raise SopFileError([Problem(path, line, "", _("bukan YAML yang sah: %(err)s") % {"err": reason})]) from exc
    finally:
        loader.dispose()


# --- a small schema checker ---------------------------------------------------


class _Checker:
    def __init__(self, path: str):
        self.path = path
        self.problems: list[Problem] = []

    def error(self, line: int, field_name: str, message: str):
        self.problems.append(Problem(self.path, line, field_name, message))

    def mapping(self, node: _Node, field_name: str, allowed: dict[str, bool]) -> dict[str, tuple[_Node, int]] | None:
        """Check that node is a mapping with only allowed keys and every required one."""
        if not isinstance(node.value, dict):
            self.error(node.line, field_name, _("harus berupa pasangan kunci: nilai"))
            return None
        for key, (_value, key_line) in node.value.items():
            if key not in allowed:
                known = ", ".join(sorted(allowed))
                self.error(
                    key_line,
                    _join(field_name, key),
                    _("kunci tidak dikenal (yang dikenal: %(known)s)") % {"known": known},
                )
        for key, required in allowed.items():
            if required and key not in node.value:
                self.error(node.line, _join(field_name, key), _("wajib diisi"))
        return node.value

    def text(self, entry, field_name, *, required=False, default="") -> str:
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
        return _clean(str(value))

    def slug(self, entry, field_name, *, required=False) -> str:
        value = self.text(entry, field_name, required=required)
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
            self.error(
                node.line, field_name, _('harus berupa bilangan bulat positif, bukan "%(v)s"') % {"v": node.value}
            )
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

    def text_list(self, entry, field_name) -> list[str]:
        if entry is None or entry[0].value is None:
            return []
        node = entry[0]
        if isinstance(node.value, str):
            return [_clean(node.value)]
        if not isinstance(node.value, list):
            self.error(node.line, field_name, _("harus berupa daftar"))
            return []
        items = []
        for index, item in enumerate(node.value):
            if isinstance(item.value, (dict, list)) or item.value is None:
                self.error(item.line, f"{field_name}[{index + 1}]", _("harus berupa teks"))
            else:
                items.append(_clean(str(item.value)))
        return items

    def items(self, entry, field_name) -> list[_Node]:
        if entry is None or entry[0].value is None:
            return []
        if not isinstance(entry[0].value, list):
            self.error(entry[0].line, field_name, _("harus berupa daftar"))
            return []
        return entry[0].value


def _join(prefix: str, key: str) -> str:
    return f"{prefix}.{key}" if prefix else key


def _clean(value: str) -> str:
    # Folded YAML scalars end in a newline; the official text never does.
    return value.strip()


# --- documents ---------------------------------------------------------------


def load_file(path: str | Path) -> Document:
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise SopFileError([Problem(str(path), 0, "", _("berkas harus berenkode UTF-8"))]) from exc
    return load_text(text, str(path))


def load_text(text: str, path: str = "<teks>") -> Document:
    root = _parse_text(text, path)
    checker = _Checker(path)
    if not isinstance(root.value, dict) or len(root.value) != 1 or next(iter(root.value)) not in DOCUMENT_KINDS:
        raise SopFileError(
            [
                Problem(
                    path, root.line, "", _("berkas harus berisi tepat satu kunci utama: instansi, keputusan atau sop")
                )
            ]
        )
    kind, (node, _line) = next(iter(root.value.items()))
    data = {"instansi": _organization, "keputusan": _decree, "sop": _sop}[kind](checker, node, "")
    if checker.problems:
        raise SopFileError(sorted(checker.problems, key=lambda p: p.line))
    lines = {key: line for key, (_value, line) in node.value.items()}
    return Document(kind=kind, data=data, path=path, lines=lines)


def _official(c: _Checker, entry, name: str) -> dict:
    """An official (position, name, rank, NIP); always all four keys, empty when not given."""
    keys = ("jabatan", "nama", "pangkat", "nip")
    fields = None
    if entry is not None and entry[0].value is not None:
        fields = c.mapping(entry[0], name, dict.fromkeys(keys, False))
    return {key: c.text((fields or {}).get(key), _join(name, key)) for key in keys}


def _organization(c: _Checker, node: _Node, name: str) -> dict:
    f = c.mapping(
        node,
        name,
        {
            "kode": True,
            "nama": True,
            "pemerintah": True,
            "tingkat": True,
            "kode_wilayah": False,
            "alamat": False,
            "kode_pos": False,
            "kota": False,
            "telepon": False,
            "faks": False,
            "email": False,
            "laman": False,
            "bidang": False,
            "jabatan": False,
        },
    )
    if f is None:
        return {}
    data: dict[str, Any] = {
        "kode": c.slug(f.get("kode"), "kode", required=True),
        "nama": c.text(f.get("nama"), "nama", required=True),
        "pemerintah": c.text(f.get("pemerintah"), "pemerintah", required=True),
        "tingkat": c.choice(f.get("tingkat"), "tingkat", ("kabupaten", "kota", "provinsi")),
    }
    for key in ("kode_wilayah", "alamat", "kode_pos", "kota", "telepon", "faks", "email", "laman"):
        data[key] = c.text(f.get(key), key)
    if data["kode_wilayah"] and not re.match(r"^\d{2}(\.\d{2})?$", data["kode_wilayah"]):
        c.error(f["kode_wilayah"][0].line, "kode_wilayah", _("harus berbentuk PP atau PP.KK, mis. 35.20"))
    units, unit_codes = [], set()
    for index, item in enumerate(c.items(f.get("bidang"), "bidang")):
        label = f"bidang[{index + 1}]"
        uf = c.mapping(item, label, {"kode": True, "nama": True, "singkatan": False})
        if uf is None:
            continue
        unit = {
            "kode": c.slug(uf.get("kode"), f"{label}.kode", required=True),
            "nama": c.text(uf.get("nama"), f"{label}.nama", required=True),
            "singkatan": c.text(uf.get("singkatan"), f"{label}.singkatan"),
        }
        if unit["kode"] in unit_codes:
            c.error(item.line, f"{label}.kode", _('kode bidang "%(v)s" dipakai dua kali') % {"v": unit["kode"]})
        unit_codes.add(unit["kode"])
        units.append(unit)
    positions, position_codes = [], set()
    for index, item in enumerate(c.items(f.get("jabatan"), "jabatan")):
        label = f"jabatan[{index + 1}]"
        pf = c.mapping(
            item,
            label,
            {
                "kode": True,
                "nama": True,
                "bidang": False,
                "kepala_dinas": False,
                "kepala_bidang": False,
                "pejabat": False,
                "pangkat": False,
                "nip": False,
            },
        )
        if pf is None:
            continue
        position = {
            "kode": c.slug(pf.get("kode"), f"{label}.kode", required=True),
            "nama": c.text(pf.get("nama"), f"{label}.nama", required=True),
            "bidang": c.slug(pf.get("bidang"), f"{label}.bidang"),
            "kepala_dinas": _flag(c, pf.get("kepala_dinas"), f"{label}.kepala_dinas"),
            "kepala_bidang": _flag(c, pf.get("kepala_bidang"), f"{label}.kepala_bidang"),
            "pejabat": c.text(pf.get("pejabat"), f"{label}.pejabat"),
            "pangkat": c.text(pf.get("pangkat"), f"{label}.pangkat"),
            "nip": c.text(pf.get("nip"), f"{label}.nip"),
        }
        if position["bidang"] and position["bidang"] not in unit_codes:
            c.error(
                pf["bidang"][0].line,
                f"{label}.bidang",
                _('bidang "%(v)s" tidak ada di daftar bidang') % {"v": position["bidang"]},
            )
        if position["kode"] in position_codes:
            c.error(item.line, f"{label}.kode", _('kode jabatan "%(v)s" dipakai dua kali') % {"v": position["kode"]})
        position_codes.add(position["kode"])
        positions.append(position)
    data["bidang"] = units
    data["jabatan"] = positions
    return data


def _flag(c: _Checker, entry, field_name) -> bool:
    if entry is None:
        return False
    if not isinstance(entry[0].value, bool):
        c.error(entry[0].line, field_name, _("harus ya/tidak (true/false)"))
        return False
    return entry[0].value


def _decree(c: _Checker, node: _Node, name: str) -> dict:
    f = c.mapping(
        node,
        name,
        {
            "instansi": True,
            "nomor": True,
            "tanggal": False,
            "ditetapkan_di": False,
            "judul": True,
            "mengubah": False,
            "menimbang": False,
            "mengingat": False,
            "diktum": False,
            "penandatangan": False,
            "lampiran": False,
        },
    )
    if f is None:
        return {}
    data: dict[str, Any] = {
        "instansi": c.slug(f.get("instansi"), "instansi", required=True),
        "nomor": c.text(f.get("nomor"), "nomor", required=True),
        "tanggal": c.date(f.get("tanggal"), "tanggal"),
        "ditetapkan_di": c.text(f.get("ditetapkan_di"), "ditetapkan_di"),
        "judul": c.text(f.get("judul"), "judul", required=True),
        "mengubah": c.text(f.get("mengubah"), "mengubah"),
        "menimbang": c.text_list(f.get("menimbang"), "menimbang"),
        "mengingat": c.text_list(f.get("mengingat"), "mengingat"),
        "penandatangan": _official(c, f.get("penandatangan"), "penandatangan"),
    }
    diktum = []
    for index, item in enumerate(c.items(f.get("diktum"), "diktum")):
        label = f"diktum[{index + 1}]"
        df = c.mapping(item, label, {"label": True, "isi": True})
        if df is not None:
            diktum.append(
                {
                    "label": c.text(df.get("label"), f"{label}.label", required=True),
                    "isi": c.text(df.get("isi"), f"{label}.isi", required=True),
                }
            )
    data["diktum"] = diktum
    lampiran, codes = [], set()
    for index, item in enumerate(c.items(f.get("lampiran"), "lampiran")):
        label = f"lampiran[{index + 1}]"
        lf = c.mapping(item, label, {"bidang": True, "judul": False, "sop": True})
        if lf is None:
            continue
        section: dict[str, Any] = {
            "bidang": c.slug(lf.get("bidang"), f"{label}.bidang", required=True),
            "judul": c.text(lf.get("judul"), f"{label}.judul"),
            "sop": [],
        }
        for sop_index, sop_item in enumerate(c.items(lf.get("sop"), f"{label}.sop")):
            sop_label = f"{label}.sop[{sop_index + 1}]"
            sf = c.mapping(sop_item, sop_label, {"kode": True, "huruf": False, "nama": True})
            if sf is None:
                continue
            entry = {
                "kode": c.slug(sf.get("kode"), f"{sop_label}.kode", required=True),
                "huruf": c.text(sf.get("huruf"), f"{sop_label}.huruf"),
                "nama": c.text(sf.get("nama"), f"{sop_label}.nama", required=True),
            }
            if entry["kode"] in codes:
                c.error(
                    sop_item.line, f"{sop_label}.kode", _('kode SOP "%(v)s" dipakai dua kali') % {"v": entry["kode"]}
                )
            codes.add(entry["kode"])
            section["sop"].append(entry)
        lampiran.append(section)
    data["lampiran"] = lampiran
    return data


STEP_KINDS = ("mulai", "proses", "keputusan", "selesai")
LANE_KINDS = ("pemohon", "internal", "luar")
SOP_STATUSES = ("ditetapkan", "draf")


def _sop(c: _Checker, node: _Node, name: str) -> dict:
    f = c.mapping(
        node,
        name,
        {
            "instansi": True,
            "kode": True,
            "bidang": True,
            "huruf": False,
            "status": True,
            "nomor_dokumen": False,
            "tanggal_pembuatan": False,
            "tanggal_terbit": False,
            "nomor_revisi": False,
            "tanggal_efektif": False,
            "disahkan_oleh": False,
            "nama": True,
            "dasar_hukum": False,
            "kualifikasi_pelaksana": False,
            "keterkaitan": False,
            "peralatan_perlengkapan": False,
            "peringatan": False,
            "pencatatan_pendataan": False,
            "persyaratan": False,
            "pelaksana": True,
            "langkah": True,
        },
    )
    if f is None:
        return {}
    data: dict[str, Any] = {
        "instansi": c.slug(f.get("instansi"), "instansi", required=True),
        "kode": c.slug(f.get("kode"), "kode", required=True),
        "bidang": c.slug(f.get("bidang"), "bidang", required=True),
        "huruf": c.text(f.get("huruf"), "huruf"),
        "status": c.choice(f.get("status"), "status", SOP_STATUSES),
        "nomor_dokumen": c.text(f.get("nomor_dokumen"), "nomor_dokumen"),
        "tanggal_pembuatan": c.date(f.get("tanggal_pembuatan"), "tanggal_pembuatan"),
        "tanggal_terbit": c.date(f.get("tanggal_terbit"), "tanggal_terbit"),
        "nomor_revisi": c.text(f.get("nomor_revisi"), "nomor_revisi"),
        "tanggal_efektif": c.date(f.get("tanggal_efektif"), "tanggal_efektif"),
        "disahkan_oleh": _official(c, f.get("disahkan_oleh"), "disahkan_oleh"),
        "nama": c.text(f.get("nama"), "nama", required=True),
    }
    for key in (
        "dasar_hukum",
        "kualifikasi_pelaksana",
        "keterkaitan",
        "peralatan_perlengkapan",
        "peringatan",
        "pencatatan_pendataan",
        "persyaratan",
    ):
        data[key] = c.text_list(f.get(key), key)
    data["pelaksana"] = _lanes(c, f.get("pelaksana"))
    data["langkah"] = _steps(c, f.get("langkah"), {lane["kode"] for lane in data["pelaksana"]})
    return data


def _lanes(c: _Checker, entry) -> list[dict]:
    lanes, codes = [], set()
    for index, item in enumerate(c.items(entry, "pelaksana")):
        label = f"pelaksana[{index + 1}]"
        lf = c.mapping(
            item,
            label,
            {
                "kode": True,
                "nama": True,
                "jenis": True,
                "bidang": False,
                "jabatan": False,
                "instansi": False,
                "mulai_langkah": False,
            },
        )
        if lf is None:
            continue
        lane = {
            "kode": c.slug(lf.get("kode"), f"{label}.kode", required=True),
            "nama": c.text(lf.get("nama"), f"{label}.nama", required=True),
            "jenis": c.choice(lf.get("jenis"), f"{label}.jenis", LANE_KINDS),
            "bidang": c.slug(lf.get("bidang"), f"{label}.bidang"),
            "jabatan": c.text_list(lf.get("jabatan"), f"{label}.jabatan"),
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


def _steps(c: _Checker, entry, lane_codes: set[str]) -> list[dict]:
    steps: list[dict] = []
    lines: dict[int, int] = {}
    for index, item in enumerate(c.items(entry, "langkah")):
        label = f"langkah[{index + 1}]"
        sf = c.mapping(
            item,
            label,
            {
                "nomor": True,
                "jenis": False,
                "uraian": True,
                "pelaksana": True,
                "kelengkapan": False,
                "waktu": False,
                "output": False,
                "keterangan": False,
                "pertanyaan": False,
                "lanjut": False,
                "ya": False,
                "tidak": False,
                "hasil_ditolak": False,
            },
        )
        if sf is None:
            continue
        number = c.integer(sf.get("nomor"), f"{label}.nomor", required=True)
        if number is not None:
            label = f"langkah {number}"
        step = {
            "nomor": number,
            "jenis": c.choice(sf.get("jenis"), f"{label}.jenis", STEP_KINDS, default="proses"),
            "uraian": c.text(sf.get("uraian"), f"{label}.uraian", required=True),
            "pelaksana": c.slug(sf.get("pelaksana"), f"{label}.pelaksana", required=True),
            "kelengkapan": c.text(sf.get("kelengkapan"), f"{label}.kelengkapan"),
            "waktu": c.text(sf.get("waktu"), f"{label}.waktu"),
            "output": c.text(sf.get("output"), f"{label}.output"),
            "keterangan": c.text(sf.get("keterangan"), f"{label}.keterangan"),
            "pertanyaan": c.text(sf.get("pertanyaan"), f"{label}.pertanyaan"),
            "lanjut": c.integer(sf.get("lanjut"), f"{label}.lanjut"),
            "ya": c.integer(sf.get("ya"), f"{label}.ya"),
            "tidak": c.integer(sf.get("tidak"), f"{label}.tidak"),
        }
        # Optional: the short outcome of a request refused on this step ("Tidak terdaftar — dikembalikan");
        # kept only when given, so files without it normalize (and hash) as before.
        if sf.get("hasil_ditolak") is not None:
            step["hasil_ditolak"] = c.text(sf.get("hasil_ditolak"), f"{label}.hasil_ditolak")
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
        if number is not None:
            if number in lines:
                c.error(
                    item.line,
                    f"{label}.nomor",
                    _("nomor langkah %(n)s dipakai dua kali (juga di baris %(line)s)")
                    % {"n": number, "line": lines[number]},
                )
                continue
            lines[number] = item.line
        step["_line"] = item.line
        step["_fields"] = {key: value[1] for key, value in sf.items()}
        steps.append(step)
    if entry is not None and not steps and not c.problems:
        c.error(entry[0].line, "langkah", _("SOP harus punya langkah"))
    if steps and not c.problems:
        _check_flow(c, steps)
    for step in steps:
        step.pop("_line", None)
        step.pop("_fields", None)
    return sorted(steps, key=lambda s: s["nomor"] or 0)


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


def _check_flow(c: _Checker, steps: list[dict]):
    """Every target exists, decisions have both branches, one start, an end, all reachable (`FlowGraph`)."""
    ordered = sorted(steps, key=lambda s: s["nomor"])
    by_number = {s["nomor"]: s for s in ordered}
    for problem in FlowGraph.from_steps(ordered).problems():
        message = _FLOW_MESSAGES[problem.code](problem)
        if problem.number is None:  # the whole flow: at its first step, or its last when no end is found
            c.error(ordered[-1 if problem.code == "no-end" else 0]["_line"], "langkah", message)
            continue
        step, label = by_number[problem.number], f"langkah {problem.number}"
        missing = problem.code == "missing-branch"
        line = step["_line"] if missing or not problem.field else step["_fields"][problem.field]
        c.error(line, f"{label}.{problem.field}" if problem.field else label, message)


def discover(paths: list[str | Path]) -> list[Path]:
    """Files named on the command line, and the .yaml/.yml/.json files inside named folders."""
    found = []
    for path in map(Path, paths):
        if path.is_dir():
            found.extend(sorted(p for p in path.rglob("*") if p.suffix in (".yaml", ".yml", ".json") and p.is_file()))
        else:
            found.append(path)
    return found
