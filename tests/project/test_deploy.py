"""Production settings: `manage.py check --deploy` is clean, and HTTPS is enforced when DEBUG is off."""

import os
import subprocess
import sys

from django.conf import settings

PRODUCTION = {
    "SIGAP_DEBUG": "0",
    "SIGAP_SECRET_KEY": "x" * 60 + "-only-for-this-check",
    "SIGAP_ALLOWED_HOSTS": "sigap.example.org",
}


def run_manage(*args, **extra_env):
    # A clean production environment: none of this process's SIGAP_ settings, nor the browser tests'
    # DJANGO_ALLOW_ASYNC_UNSAFE, which the deploy check rightly warns about.
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SIGAP_", "DJANGO_"))} | PRODUCTION | extra_env
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
