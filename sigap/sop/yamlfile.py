"""Reading YAML (or JSON) files with the line of every value, for files people write by hand.

SOP files (sopfile.py) and letter-template files (`surat/*.yaml`, letters'
letterfile.py) are read here. The reader is PyYAML's safe loader: no tags
that build Python objects, dates kept as text (the schema decides what a date
is), a key written twice refused, and aliases that nest themselves refused.
What a file may hold is bounded so that a hostile or mistaken file is refused
quickly: at most `MAX_FILE_BYTES` of text and `MAX_VALUES` values once its
aliases are expanded (a "billion laughs" file stops there), keys only plain
text. Every problem is a `Problem` (file, line, field, message in Bahasa Indonesia),
raised together in a `YamlFileError`.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml
from django.utils.translation import gettext as _

from sigap.orgs.errors import SigapError

_MAX_DEPTH = 50
MAX_FILE_BYTES = 1024 * 1024
# Values of the file with every alias expanded; the largest shipped file holds about 400.
MAX_VALUES = 20_000


@dataclass
class Problem:
    path: str
    line: int
    field: str
    message: str

    def __str__(self):
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.field}: {self.message}" if self.field else f"{where}: {self.message}"


class YamlFileError(SigapError):
    """All problems found in one or more files; nothing was loaded."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


@dataclass
class Node:
    """A value read from the file and the line it starts on.

    A mapping's value is a dict of key -> (Node, line of the key); a sequence's
    a list of Nodes; anything else the plain value.
    """

    value: object
    line: int


class _Loader(yaml.SafeLoader):
    """SafeLoader that keeps dates as text: the validator decides what a date is."""


_Loader.yaml_implicit_resolvers = {
    k: [(tag, rx) for tag, rx in v if tag != "tag:yaml.org,2002:timestamp"]
    for k, v in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


class _DuplicateKey(Exception):
    def __init__(self, key: str, line: int):
        self.key, self.line = key, line


class _TooManyValues(Exception):
    def __init__(self, line: int):
        self.line = line


class _Budget:
    """Counts the values built from the file (aliases counted each time they are expanded)."""

    def __init__(self, limit: int):
        self.left = limit

    def spend(self, node) -> None:
        self.left -= 1
        if self.left < 0:
            raise _TooManyValues(node.start_mark.line + 1)


_PLAIN_TAGS = {yaml.MappingNode: "tag:yaml.org,2002:map", yaml.SequenceNode: "tag:yaml.org,2002:seq"}


def _convert(node, loader, budget: _Budget, depth: int = 0) -> Node:
    line = node.start_mark.line + 1
    budget.spend(node)
    if depth > _MAX_DEPTH:
        raise yaml.constructor.ConstructorError(None, None, "terlalu dalam (alias yang berulang?)", node.start_mark)
    if type(node) in _PLAIN_TAGS and node.tag != _PLAIN_TAGS[type(node)]:
        # A scalar's tag is refused by the safe constructor; a collection's would be silently dropped.
        raise yaml.constructor.ConstructorError(None, None, f"tag {node.tag} tidak diizinkan", node.start_mark)
    if isinstance(node, yaml.MappingNode):
        result = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                # A key that is a list or a mapping (or an alias of one) would be expanded to text whole.
                raise yaml.constructor.ConstructorError(None, None, "kunci harus berupa teks", key_node.start_mark)
            budget.spend(key_node)
            key = str(loader.construct_object(key_node, deep=True))
            if key in result:
                raise _DuplicateKey(key, key_node.start_mark.line + 1)
            result[key] = (_convert(value_node, loader, budget, depth + 1), key_node.start_mark.line + 1)
        return Node(result, line)
    if isinstance(node, yaml.SequenceNode):
        return Node([_convert(item, loader, budget, depth + 1) for item in node.value], line)
    return Node(loader.construct_object(node, deep=True), line)


def parse_text(text: str, path: str) -> Node:
    """The root Node of a YAML text; raises YamlFileError for an empty file, one too large or anything not YAML."""
    if len(text) > MAX_FILE_BYTES or len(text.encode("utf-8", "surrogatepass")) > MAX_FILE_BYTES:
        raise YamlFileError([_too_large(path)])
    loader = _Loader(text)
    try:
        root = loader.get_single_node()
        if root is None:
            raise YamlFileError([Problem(path, 1, "", _("berkas kosong"))])
        return _convert(root, loader, _Budget(MAX_VALUES))
    except _TooManyValues as exc:
        message = _("berkas berisi lebih dari %(n)s nilai (juga setelah alias diuraikan)") % {"n": MAX_VALUES}
        raise YamlFileError([Problem(path, exc.line, "", message)]) from exc
    except _DuplicateKey as exc:
        raise YamlFileError([Problem(path, exc.line, exc.key, _("kunci ini ditulis dua kali"))]) from exc
    except (yaml.YAMLError, ValueError, TypeError, RecursionError) as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        line = mark.line + 1 if mark else 0
        reason = getattr(exc, "problem", None) or str(exc)
        raise YamlFileError([Problem(path, line, "", _("bukan YAML yang sah: %(err)s") % {"err": reason})]) from exc
    finally:
        loader.dispose()


def read_text(path: str | Path) -> str:
    """A file's text; raises YamlFileError when it is not UTF-8 or cannot be read."""
    path = Path(path)
    try:
        with path.open("rb") as file:
            raw = file.read(MAX_FILE_BYTES + 1)
        if len(raw) > MAX_FILE_BYTES:
            raise YamlFileError([_too_large(str(path))])
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise YamlFileError([Problem(str(path), 0, "", _("berkas harus berenkode UTF-8"))]) from exc


def _too_large(path: str) -> Problem:
    return Problem(path, 0, "", _("berkas lebih besar dari %(n)s KB") % {"n": MAX_FILE_BYTES // 1024})
