"""Reading and validating SOP files: YAML (or JSON) with Indonesian keys.

A file holds one of three documents, named by its top-level key:
``instansi`` (an organization with its units and positions), ``keputusan``
(a decree and its lampiran) or ``sop`` (one SOP version). Every problem is
reported with the file, the line and the field (``sops/x.yaml:42: langkah[3].waktu:
...``) in Bahasa Indonesia, and all problems of a file are reported at once.
The result of validation is a normalized dict: the same content always gives
the same dict, which is what is stored, hashed and exported.

The file is read by yamlfile.py, checked with filecheck.py against the schema
of its kind (schema_office.py: instansi and keputusan; schema_sop.py: sop).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path

from django.utils.translation import gettext as _

from . import schema_office, schema_sop
from .filecheck import Checker
from .yamlfile import Problem, YamlFileError, parse_text, read_text

DOCUMENT_KINDS = ("instansi", "keputusan", "sop")


class SopFileError(YamlFileError):
    """All problems found in one or more SOP files; nothing was imported."""


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


def load_file(path: str | Path) -> Document:
    try:
        text = read_text(path)
    except YamlFileError as exc:
        raise SopFileError(exc.problems) from exc
    return load_text(text, str(path))


def load_text(text: str, path: str = "<teks>") -> Document:
    try:
        root = parse_text(text, path)
    except YamlFileError as exc:
        raise SopFileError(exc.problems) from exc
    checker = Checker(path)
    if not isinstance(root.value, dict) or len(root.value) != 1 or next(iter(root.value)) not in DOCUMENT_KINDS:
        raise SopFileError(
            [
                Problem(
                    path, root.line, "", _("berkas harus berisi tepat satu kunci utama: instansi, keputusan atau sop")
                )
            ]
        )
    kind, (node, _line) = next(iter(root.value.items()))
    data = {"instansi": schema_office.organization, "keputusan": schema_office.decree, "sop": schema_sop.sop}[kind](
        checker, node, ""
    )
    if checker.problems:
        raise SopFileError(sorted(checker.problems, key=lambda p: p.line))
    lines = {key: line for key, (_value, line) in node.value.items()}
    return Document(kind=kind, data=data, path=path, lines=lines)


def discover(paths: list[str | Path]) -> list[Path]:
    """Files named on the command line, and the .yaml/.yml/.json files inside named folders."""
    found = []
    for path in map(Path, paths):
        if path.is_dir():
            found.extend(sorted(p for p in path.rglob("*") if p.suffix in (".yaml", ".yml", ".json") and p.is_file()))
        else:
            found.append(path)
    return found
