"""Keys: production refuses to start without its own secret, field and hash keys and says how to make them;
`manage.py sigap_keys` makes them; personal data never depends on SECRET_KEY."""

import os
import subprocess
import sys

import pytest
from django.conf import settings

from tests.project.test_deploy import PRODUCTION, run_manage

KEYS = ("SIGAP_SECRET_KEY", "SIGAP_FIELD_KEYS", "SIGAP_HASH_KEY")


def setup_django(**env):
    """Load the settings in a clean process with only the given SIGAP_ variables."""
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("SIGAP_", "DJANGO_"))} | env
    return subprocess.run(
        [sys.executable, "-c", "import django; django.setup(); print('ok')"],
        cwd=settings.BASE_DIR,
        env=clean | {"DJANGO_SETTINGS_MODULE": "sigap.settings"},
        capture_output=True,
        text=True,
    )


@pytest.mark.parametrize("missing", KEYS)
def test_production_refuses_to_start_without_each_key(missing):
    result = run_manage("check", without={missing})
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr and f"{missing} belum diisi" in result.stderr
    assert "python manage.py sigap_keys" in result.stderr
    assert not any(f"{other} belum diisi" in result.stderr for other in KEYS if other != missing)


def test_production_without_any_key_names_all_three_and_never_uses_the_development_key():
    result = setup_django(SIGAP_DEBUG="0")
    assert result.returncode != 0 and "ok" not in result.stdout
    assert all(f"{name} belum diisi" in result.stderr for name in KEYS), result.stderr


@pytest.mark.parametrize(
    "name, value",
    [
        ("SIGAP_FIELD_KEYS", "field:django-insecure-sigap-development-key"),
        ("SIGAP_FIELD_KEYS", "short-new-key," + "f" * 60),
        ("SIGAP_FIELD_KEYS", ",".join(["field:django-insecure-sigap-development-key", "f" * 60])),
        ("SIGAP_HASH_KEY", "too-short"),
        ("SIGAP_SECRET_KEY", "django-insecure-sigap-development-key"),
    ],
)
def test_production_refuses_development_or_short_keys(name, value):
    result = run_manage("check", **{name: value})
    assert result.returncode != 0 and f"{name} harus kunci acak sendiri" in result.stderr


def test_production_with_its_own_keys_starts_and_development_needs_none():
    assert setup_django(**PRODUCTION).stdout.strip() == "ok"
    # An older field key only reads what is not re-encrypted yet, even one that was the development key.
    old = PRODUCTION["SIGAP_FIELD_KEYS"] + ",field:django-insecure-sigap-development-key"
    assert setup_django(**(PRODUCTION | {"SIGAP_FIELD_KEYS": old})).stdout.strip() == "ok"
    assert setup_django(SIGAP_DEBUG="1").stdout.strip() == "ok"


def test_personal_data_keys_do_not_depend_on_the_secret_key():
    code = (
        "from django.conf import settings as s; from sigap import privacy; "
        "print(s.SIGAP_FIELD_KEYS, s.SIGAP_HASH_KEY, privacy.keyed_hash('3520000000000003'))"
    )
    first = run_manage("shell", "--no-imports", "-c", code, SIGAP_DEBUG="1", SIGAP_SECRET_KEY="a" * 50)
    second = run_manage("shell", "--no-imports", "-c", code, SIGAP_DEBUG="1", SIGAP_SECRET_KEY="b" * 50)
    assert first.returncode == 0, first.stderr
    assert first.stdout == second.stdout
    assert "a" * 50 not in first.stdout


def test_sigap_keys_prints_fresh_keys_that_production_accepts():
    made = run_manage("sigap_keys", SIGAP_DEBUG="1")
    assert made.returncode == 0, made.stderr
    lines = dict(line.split("=", 1) for line in made.stdout.split())
    assert sorted(lines) == sorted(KEYS)
    assert all(len(value) >= 32 for value in lines.values()) and len(set(lines.values())) == 3
    again = dict(line.split("=", 1) for line in run_manage("sigap_keys", SIGAP_DEBUG="1").stdout.split())
    assert not set(again.values()) & set(lines.values())
    assert setup_django(**(PRODUCTION | lines)).stdout.strip() == "ok"


def test_sigap_keys_rotate_from_puts_a_new_field_key_first():
    current = "c" * 40 + "," + "d" * 40
    made = run_manage("sigap_keys", f"--rotate-from={current}", SIGAP_DEBUG="1")
    name, value = made.stdout.strip().split("=", 1)
    new, *old = value.split(",")
    assert name == "SIGAP_FIELD_KEYS" and old == ["c" * 40, "d" * 40] and len(new) >= 32


def test_make_lint_runs_the_deploy_check_with_fresh_keys_of_its_own():
    result = subprocess.run(
        ["make", "-n", "lint", "VENV=/nonexistent"], cwd=settings.BASE_DIR, capture_output=True, text=True
    )
    deploy = next(line for line in result.stdout.split("\n") if "SIGAP_DEBUG=0" in line)
    assert "manage.py sigap_keys" in deploy
