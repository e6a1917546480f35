"""Imports run one way: orgs ← worktime ← sop ← cases ← letters (DESIGN.md).

Read from the source with ast, so a new import against the direction fails here, not in review. Templates
count too: a template of a lower app that loads a higher app's tag library, includes its templates or
links to its URLs.
"""

import ast
import re
from pathlib import Path

import pytest
from django.conf import settings

LAYERS = ["orgs", "worktime", "sop", "cases", "letters"]
SIGAP = Path(settings.BASE_DIR) / "sigap"


def imported_apps(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = set()
    for node in ast.walk(tree):
        names = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [node.module]
        for name in names:
            parts = name.split(".")
            if parts[0] == "sigap" and len(parts) > 1 and parts[1] in LAYERS:
                found.add(parts[1])
    return found


def template_apps(path: Path) -> set[str]:
    text = path.read_text(encoding="utf-8")
    found = set(re.findall(r"""{%\s*(?:include|extends)\s+["'](\w+)/""", text))
    found.update(re.findall(r"""{%\s*url\s+["'](\w+):""", text))
    for libraries in re.findall(r"{%\s*load\s+([^%]+)%}", text):
        found.update(name for name in libraries.split() if name in LAYERS)
    return found & set(LAYERS)


@pytest.mark.parametrize("app", LAYERS)
def test_an_app_imports_only_the_apps_below_it(app):
    allowed = set(LAYERS[: LAYERS.index(app) + 1])
    wrong = []
    for path in sorted((SIGAP / app).rglob("*.py")):
        if "migrations" in path.parts:
            continue
        wrong += [f"{path.relative_to(SIGAP)} imports sigap.{other}" for other in imported_apps(path) - allowed]
    for path in sorted((SIGAP / app).rglob("*.html")):
        wrong += [f"{path.relative_to(SIGAP)} uses the {other} app" for other in template_apps(path) - allowed]
    assert not wrong, "\n".join(wrong)
