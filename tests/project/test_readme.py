"""Every page, file, command and make target the README names exists (its settings link once led to a 404)."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import get_commands

from sigap.letters.models import Letter
from tests.factories import dtks_to_signing, login, make_staff, run

ROOT = Path(settings.BASE_DIR)
README = (ROOT / "README.md").read_text(encoding="utf-8")
NAMED = sorted(set(re.findall(r"`([^`\n]+)`", README)))
MADE_BY_MAKE = {".venv/", "var/", "bench/results/"}  # created by `make run` / `make bench`, ignored by git
LOCKS = {"runtime.lock", "dev.lock"}  # named beside `requirements/`


def addresses():
    return [name for name in NAMED if name.startswith("/") and "…" not in name]


def files():
    path = re.compile(r"^[\w.-]+(/[\w.<>-]*)*$")
    logins = ("magetan.", "bangkalan.", "jatim.")
    return [name for name in NAMED if path.match(name) and ("/" in name or "." in name) and not name.startswith(logins)]


def test_the_readme_names_what_is_checked_here():
    assert "/<instansi>/pengaturan/" in addresses() and "/v/<kode>" in addresses()
    assert "docs/architecture.md" in files() and "scripts/system-deps.sh" in files()


@pytest.mark.parametrize("name", files())
def test_every_file_the_readme_names_exists(name):
    if name in MADE_BY_MAKE:
        assert name.rstrip("/") in (ROOT / ".gitignore").read_text(), name
        return
    if name in LOCKS:
        name = f"requirements/{name}"
    assert (ROOT / name.replace("<instansi>", "magetan")).exists(), name


@pytest.mark.django_db
def test_every_address_the_readme_names_opens(client, magetan_staff):
    case = dtks_to_signing(magetan_staff)
    run(case, magetan_staff["kabid"])  # signs the letter
    letter = Letter.objects.get(case=case, status="sah")
    admin = make_staff("magetan", "sekretaris", "admin-mgt", admin=True)
    login(client, admin)
    values = {"<instansi>": "magetan", "<sop>": case.sop.code, "<kode>": letter.code}
    for name in addresses():
        url = re.sub(r"<\w+>", lambda m: values[m.group(0)], name)
        response = client.get(url, follow=True)
        assert response.status_code == 200, (name, url, response.status_code)


def test_every_command_and_make_target_the_readme_names_exists():
    commands = set(re.findall(r"manage\.py (\w+)", README))
    assert commands and commands <= set(get_commands()), commands - set(get_commands())
    makefile = (ROOT / "Makefile").read_text()
    targets = set(re.findall(r"\bmake (\w+)", README))
    assert targets and all(re.search(rf"^{t}:", makefile, re.M) for t in targets), targets
