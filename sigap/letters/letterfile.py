"""Reading a letter-template file (`surat/<organization>.yaml`) with line-numbered problems.

The file is read by the same YAML reader as SOP files (sop/yamlfile.py) and
checked against its schema before anything is loaded: a missing key, a value
of the wrong type or broken YAML is reported with the file, the line and the
field in Bahasa Indonesia (``surat/x.yaml:12: templat[2].isi: wajib diisi``),
every problem of the file at once. The result is the file's content with
clean values, in the shape `letters_load` reads.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from django.utils.translation import gettext as _

from sigap.sop.filecheck import Checker
from sigap.sop.yamlfile import Node, Problem, YamlFileError, parse_text, read_text

_FILE_KEYS = {"instansi": True, "atas_nama": False, "format_nomor": False, "templat": False}
_FORMAT_KEYS = {"klasifikasi": True, "pola": True}
_TEMPLATE_KEYS = {
    "kode": True,
    "jenis": True,
    "sop": True,
    "langkah_penyiapan": True,
    "langkah_tandatangan": True,
    "penandatangan": False,
    "kepada_instansi_lain": False,
    "klasifikasi": True,
    "judul": True,
    "isi": True,
}


class LetterFileError(YamlFileError):
    """All problems of a letter-template file; nothing was loaded."""


@dataclass
class LetterFile:
    """A checked letter-template file: `data` is what its `surat` key holds, cleaned."""

    path: str
    data: dict
    lines: dict[str, int] = field(default_factory=dict)  # field -> line, for problems found later

    def problem(self, field_name: str, message: str) -> Problem:
        return Problem(self.path, self.lines.get(field_name, 0), field_name, message)


def load_file(path: str | Path) -> LetterFile:
    try:
        return load_text(read_text(path), str(path))
    except YamlFileError as exc:
        raise LetterFileError(exc.problems) from exc


def load_text(text: str, path: str = "<teks>") -> LetterFile:
    """The checked content of a letter-template file; raises LetterFileError naming every problem."""
    try:
        root = parse_text(text, path)
    except YamlFileError as exc:
        raise LetterFileError(exc.problems) from exc
    if not isinstance(root.value, dict) or list(root.value) != ["surat"]:
        raise LetterFileError([Problem(path, root.line, "", _("berkas harus berisi tepat satu kunci utama: surat"))])
    checker = Checker(path)
    result = LetterFile(path, {})
    result.data = _letters(checker, root.value["surat"][0], result.lines)
    if checker.problems:
        raise LetterFileError(sorted(checker.problems, key=lambda p: p.line))
    return result


def _letters(c: Checker, node: Node, lines: dict[str, int]) -> dict:
    f = c.mapping(node, "surat", _FILE_KEYS)
    if f is None:
        return {}
    lines.update({key: value[0].line for key, value in f.items()})
    data: dict = {"instansi": c.slug(f.get("instansi"), "instansi", required=True)}
    if "atas_nama" in f:  # only when the file says so: the organization's setting is left alone otherwise
        data["atas_nama"] = c.flag(f["atas_nama"], "atas_nama")
    data["format_nomor"] = []
    for index, item in enumerate(c.items(f.get("format_nomor"), "format_nomor")):
        label = f"format_nomor[{index + 1}]"
        ff = c.mapping(item, label, _FORMAT_KEYS)
        if ff is not None:
            lines.update({f"{label}.{key}": value[0].line for key, value in ff.items()})
            data["format_nomor"].append(
                {
                    "klasifikasi": c.text(ff.get("klasifikasi"), f"{label}.klasifikasi", required=True, limit=30),
                    "pola": c.text(ff.get("pola"), f"{label}.pola", required=True, limit=100),
                }
            )
    data["templat"] = []
    for index, item in enumerate(c.items(f.get("templat"), "templat")):
        template = _template(c, item, f"templat[{index + 1}]", data["instansi"], lines)
        if template is not None:
            data["templat"].append(template)
    return data


def _template(c: Checker, node: Node, label: str, organization: str, lines: dict[str, int]) -> dict | None:
    tf = c.mapping(node, label, _TEMPLATE_KEYS)
    if tf is None:
        return None
    lines.update({f"{label}.{key}": value[0].line for key, value in tf.items()})
    return {
        "kode": c.slug(tf.get("kode"), f"{label}.kode", required=True),
        "jenis": c.text(tf.get("jenis"), f"{label}.jenis", required=True, limit=200),
        "sop": _sop_reference(c, tf.get("sop"), f"{label}.sop", organization),
        "langkah_penyiapan": _step_number(c, tf, label, "langkah_penyiapan"),
        "langkah_tandatangan": _step_number(c, tf, label, "langkah_tandatangan"),
        "penandatangan": c.slug(tf.get("penandatangan"), f"{label}.penandatangan"),
        "kepada_instansi_lain": c.flag(tf.get("kepada_instansi_lain"), f"{label}.kepada_instansi_lain"),
        "klasifikasi": c.text(tf.get("klasifikasi"), f"{label}.klasifikasi", required=True, limit=30),
        "judul": c.text(tf.get("judul"), f"{label}.judul", required=True, limit=200),
        "isi": c.text(tf.get("isi"), f"{label}.isi", required=True),
    }


def _step_number(c: Checker, fields: dict, label: str, key: str) -> int | None:
    # A missing key is reported by `mapping`; an empty one here.
    return c.integer(fields.get(key), f"{label}.{key}", required=key in fields)


def _sop_reference(c: Checker, entry, label: str, organization: str) -> dict:
    """The SOP a template belongs to: a code of the file's organization, or `instansi` and `kode`."""
    if entry is not None and isinstance(entry[0].value, dict):
        rf = c.mapping(entry[0], label, {"instansi": True, "kode": True}) or {}
        return {
            "instansi": c.slug(rf.get("instansi"), f"{label}.instansi", required=True),
            "kode": c.slug(rf.get("kode"), f"{label}.kode", required=True),
        }
    return {"instansi": organization, "kode": c.slug(entry, label, required=True)}
