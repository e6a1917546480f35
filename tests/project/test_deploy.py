"""Production settings: `manage.py check --deploy` is clean, HTTPS is enforced when DEBUG is off, and letters' public
address (SIGAP_PUBLIC_URL) is set."""

import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.test import override_settings

from sigap.letters.checks import public_url_check

PRODUCTION = {
    "SIGAP_DEBUG": "0",
    "SIGAP_SECRET_KEY": "x" * 60 + "-only-for-this-check",
    "SIGAP_FIELD_KEYS": "f" * 60 + "-only-for-this-check",
    "SIGAP_HASH_KEY": "h" * 60 + "-only-for-this-check",
    "SIGAP_ALLOWED_HOSTS": "sigap.example.org",
    "SIGAP_PUBLIC_URL": "https://sigap.example.org",
}


def run_manage(*args, without=(), **extra_env):
    # A clean production environment: none of this process's SIGAP_ settings, nor the browser tests'
    # DJANGO_ALLOW_ASYNC_UNSAFE, which the deploy check rightly warns about.
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SIGAP_", "DJANGO_"))} | PRODUCTION | extra_env
    env = {k: v for k, v in env.items() if k not in without}
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=settings.BASE_DIR, env=env, capture_output=True, text=True
    )


def test_deploy_check_is_clean_under_production_settings():
    result = run_manage("check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_production_redirects_to_https_with_secure_cookies_and_hsts():
    code = (
        "from django.conf import settings as s; "
        "print(s.SECURE_SSL_REDIRECT, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_HSTS_SECONDS > 0)"
    )
    result = run_manage("shell", "--no-imports", "-c", code)
    assert result.stdout.split() == ["True", "True", "True", "True"], result.stderr
    # A development checkout (make run) stays on plain HTTP.
    result = run_manage("shell", "--no-imports", "-c", code, SIGAP_DEBUG="1")
    assert result.stdout.split() == ["False", "False", "False", "False"], result.stderr


def test_deploy_check_warns_when_the_public_address_is_missing():
    """Letters print SIGAP_PUBLIC_URL in their QR code: production without it would send readers to 127.0.0.1."""
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", without={"SIGAP_PUBLIC_URL"})
    assert result.returncode != 0 and "sigap.W001" in result.stderr and "SIGAP_PUBLIC_URL" in result.stderr


@pytest.mark.parametrize(
    "url, expected",
    [
        ("", ["sigap.W001"]),
        ("http://127.0.0.1:8000", ["sigap.W001"]),
        ("http://localhost:8011", ["sigap.W001"]),
        ("sigap.example.org", ["sigap.W001"]),
        ("http://sigap.example.org", ["sigap.W002"]),
        ("https://sigap.example.org", []),
    ],
)
def test_public_address_check_under_production_settings(url, expected):
    with override_settings(DEBUG=False, SIGAP_HTTPS=True, SIGAP_PUBLIC_URL=url):
        assert [w.id for w in public_url_check()] == expected


def test_public_address_check_is_silent_in_development_and_on_plain_http_sites():
    with override_settings(DEBUG=True, SIGAP_PUBLIC_URL="http://127.0.0.1:8000"):
        assert public_url_check() == []
    with override_settings(DEBUG=False, SIGAP_HTTPS=False, SIGAP_PUBLIC_URL="http://sigap.dinsos.internal"):
        assert public_url_check() == []


def test_make_run_gives_the_demo_its_own_address():
    """The demo's letters point at the running demo, not at the default port."""
    result = subprocess.run(
        ["make", "-n", "run", "HOST=192.0.2.10", "PORT=8011"],
        cwd=settings.BASE_DIR,
        env={k: v for k, v in os.environ.items() if k != "SIGAP_PUBLIC_URL"},
        capture_output=True,
        text=True,
    )
    assert "SIGAP_PUBLIC_URL=http://192.0.2.10:8011 " in result.stdout and "runserver 192.0.2.10:8011" in result.stdout
