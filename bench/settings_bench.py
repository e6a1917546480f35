"""Settings for the case-engine benchmark (`bench/cases.py`): sigap's own settings
plus the floor URLs, so the floor views run in the same process, middleware and
database setup as the pages being measured."""

import os

from django.conf import global_settings

# The benchmark's server runs with DEBUG off, as production does, which refuses to start without its own keys:
# fixed benchmark keys (synthetic data only) unless the environment gives some.
for _name in ("SIGAP_SECRET_KEY", "SIGAP_FIELD_KEYS", "SIGAP_HASH_KEY"):
    os.environ.setdefault(_name, f"{_name.lower()}-for-the-benchmark-only-never-in-production")

from sigap.settings import *  # noqa: E402, F403

ROOT_URLCONF = "bench.floor_urls"
INSTALLED_APPS = [*INSTALLED_APPS, "bench.apps.BenchConfig"]  # noqa: F405 (the authenticated floor's tables)

# Logging in is setup, not a measured request: a cheap hasher (as the tests use)
# keeps sixteen logins from costing seconds of PBKDF2. No measured request hashes a password.
# The usual hashers stay behind it, so logins made by another run (`--reuse`) still verify.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher", *global_settings.PASSWORD_HASHERS]

# The benchmark speaks plain HTTP to gunicorn on 127.0.0.1, as the TLS-terminating proxy in front of a
# production server does; HTTPS redirects and secure-only cookies would turn every request into a 301.
SECURE_SSL_REDIRECT = False
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
