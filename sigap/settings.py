"""Settings for sigap, read from the environment with safe defaults.

Out of the box sigap runs on SQLite with media on the local disk. Set
DATABASE_URL for PostgreSQL, SIGAP_DEBUG=1 for development; production (DEBUG
off) refuses to start without its own SIGAP_SECRET_KEY, SIGAP_FIELD_KEYS and
SIGAP_HASH_KEY (`manage.py sigap_keys` makes them) and sets SIGAP_ALLOWED_HOSTS.
"""

import os
from pathlib import Path

import dj_database_url
from csp.constants import NONCE, NONE, SELF, UNSAFE_INLINE
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    return os.environ.get(name, "1" if default else "0").lower() in ("1", "true", "yes", "on")


DEBUG = env_bool("SIGAP_DEBUG")

# Keys. SECRET_KEY signs sessions and tokens only; personal data at rest has keys of its own (sigap/privacy.py):
# SIGAP_FIELD_KEYS (comma-separated, newest first: older ones still read until `manage.py rotate_field_key`
# has re-encrypted everything) and SIGAP_HASH_KEY (the keyed hash NIK are found by). Changing SECRET_KEY never
# touches personal data. A development checkout (SIGAP_DEBUG=1) runs on fixed public development values;
# production refuses to start without its own.
KEY_VARIABLES = ("SIGAP_SECRET_KEY", "SIGAP_FIELD_KEYS", "SIGAP_HASH_KEY")
DEVELOPMENT_KEYS = {
    "SIGAP_SECRET_KEY": "django-insecure-sigap-development-key",
    "SIGAP_FIELD_KEYS": "field:django-insecure-sigap-development-key",
    "SIGAP_HASH_KEY": "hash:django-insecure-sigap-development-key",
}
MINIMUM_KEY_LENGTH = 32


def production_key_problems(environ) -> list[str]:
    """What production lacks of its keys: unset, too short, or the public development value. Of the field keys
    only the newest one writes, and is checked; older ones only read what is not re-encrypted yet (even data
    written under the development key, until `rotate_field_key` has moved it to the new key)."""
    problems = []
    for name in KEY_VARIABLES:
        value = environ.get(name, "").split(",")[0] if name == "SIGAP_FIELD_KEYS" else environ.get(name, "")
        if not value.strip():
            problems.append(f"{name} belum diisi")
        elif len(value.strip()) < MINIMUM_KEY_LENGTH or value.strip() == DEVELOPMENT_KEYS[name]:
            problems.append(f"{name} harus kunci acak sendiri (minimal {MINIMUM_KEY_LENGTH} karakter)")
    return problems


if not DEBUG and (_key_problems := production_key_problems(os.environ)):
    raise ImproperlyConfigured(
        "sigap tidak berjalan di produksi (SIGAP_DEBUG mati) tanpa kuncinya sendiri: "
        + "; ".join(_key_problems)
        + ". Buat kunci baru dengan `SIGAP_DEBUG=1 python manage.py sigap_keys`, tulis barisnya di berkas "
        "lingkungan server dan simpan bersama cadangan basis data (tanpa SIGAP_FIELD_KEYS dan SIGAP_HASH_KEY "
        "data pribadi di cadangan tidak terbaca). Untuk pengembangan setel SIGAP_DEBUG=1."
    )
_keys = {name: os.environ.get(name, "").strip() or DEVELOPMENT_KEYS[name] for name in KEY_VARIABLES}
SECRET_KEY = _keys["SIGAP_SECRET_KEY"]
# Keys for personal data at rest (sigap/privacy.py): never derived from SECRET_KEY; production keeps them with
# the backups (without them the backups cannot be read).
SIGAP_FIELD_KEYS = [k.strip() for k in _keys["SIGAP_FIELD_KEYS"].split(",") if k.strip()]
SIGAP_HASH_KEY = _keys["SIGAP_HASH_KEY"]

ALLOWED_HOSTS = os.environ.get("SIGAP_ALLOWED_HOSTS", "127.0.0.1,localhost").split(",")

# Transport security. Production (DEBUG off) is served over HTTPS only: plain HTTP is redirected, cookies are
# sent over HTTPS only, and browsers are told to come back over HTTPS for a year (HSTS). Behind a reverse proxy
# that terminates TLS, set SIGAP_PROXY_SSL_HEADER=1 so the proxy's X-Forwarded-Proto is trusted.
SIGAP_HTTPS = env_bool("SIGAP_HTTPS", default=not DEBUG)
SECURE_SSL_REDIRECT = SIGAP_HTTPS
SESSION_COOKIE_SECURE = SIGAP_HTTPS
CSRF_COOKIE_SECURE = SIGAP_HTTPS
SECURE_HSTS_SECONDS = int(os.environ.get("SIGAP_HSTS_SECONDS", 365 * 24 * 3600 if SIGAP_HTTPS else 0))
# sigap runs on a host name of its own (e.g. sigap.<kabupaten>.go.id), so HSTS covers the names below it and
# allows preloading; an office that shares its host name with plain-HTTP services sets these to 0.
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SIGAP_HSTS_INCLUDE_SUBDOMAINS", default=SIGAP_HTTPS)
SECURE_HSTS_PRELOAD = env_bool("SIGAP_HSTS_PRELOAD", default=SIGAP_HTTPS)
if env_bool("SIGAP_PROXY_SSL_HEADER"):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SESSION_COOKIE_HTTPONLY = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Content-Security-Policy on every page (django-csp). Scripts run only from sigap's own static files: no page
# carries an inline script, an on... handler or a javascript: address (tests/project/test_csp.py reads every
# template). A <style> element needs the request's nonce (`<style nonce="{{ request.csp_nonce }}">`, the case
# page's current step); style attributes stay allowed (style-src-attr) for the SOP document, whose widths and
# heights are computed per SOP, and run no script. img-src data: serves Bootstrap's icons and the QR code.
# The letter preview sends a stricter policy of its own (letters/views.py).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF, NONCE],
        "style-src-attr": [UNSAFE_INLINE],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [NONE],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
    },
}

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "axes",
    "csp",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "sigap.orgs",
    "sigap.sop",
    "sigap.cases",
    "sigap.letters",
    "sigap.worktime",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "sigap.middleware.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "sigap.orgs.edge.ControlCharacterMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
    "sigap.orgs.second_factor.IdleLogoutMiddleware",
    "sigap.orgs.tenancy.UnscopedAdminMiddleware",
    "sigap.orgs.errorpages.OwnNotFoundPageMiddleware",
]

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"

# Login throttling (django-axes): 5 failures per user and address lock for 15 minutes, and 20 failures from
# one address whatever the usernames (password spraying) lock the address (sigap.orgs.throttle).
SIGAP_LOGIN_FAILURE_LIMIT = int(os.environ.get("SIGAP_LOGIN_FAILURE_LIMIT", 5))
SIGAP_LOGIN_ADDRESS_FAILURE_LIMIT = int(os.environ.get("SIGAP_LOGIN_ADDRESS_FAILURE_LIMIT", 20))
# How many reverse proxies in front of sigap append to X-Forwarded-For; 0: the connection's peer is the client.
SIGAP_TRUSTED_PROXY_COUNT = int(os.environ.get("SIGAP_TRUSTED_PROXY_COUNT", 0))
AXES_FAILURE_LIMIT = "sigap.orgs.throttle.failure_limit"
AXES_CLIENT_IP_CALLABLE = "sigap.orgs.client.client_address"
AXES_COOLOFF_TIME = 0.25
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked.html"
AXES_VERBOSE = False

# Two-factor authentication (sigap/orgs/second_factor.py): required of administrators and of everyone who may
# sign; their sessions end after this many minutes without a request. Each wrong code doubles the wait.
SIGAP_SIGNER_IDLE_MINUTES = int(os.environ.get("SIGAP_SIGNER_IDLE_MINUTES", 15))
OTP_TOTP_ISSUER = "sigap"
OTP_TOTP_THROTTLE_FACTOR = 1
OTP_STATIC_THROTTLE_FACTOR = 1

ROOT_URLCONF = "sigap.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "sigap" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "sigap.orgs.context_processors.membership",
            ],
        },
    },
]

WSGI_APPLICATION = "sigap.wsgi.application"

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{BASE_DIR / 'var' / 'sigap.sqlite3'}"),
        conn_max_age=int(os.environ.get("SIGAP_DB_CONN_MAX_AGE", "0")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Wait for a writer instead of failing at once; WAL lets readers go on.
    DATABASES["default"].setdefault("OPTIONS", {}).update({"timeout": 20, "init_command": "PRAGMA journal_mode=WAL;"})

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]

LANGUAGE_CODE = "id"
LANGUAGES = [("id", "Bahasa Indonesia"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "sigap" / "locale"]
TIME_ZONE = "Asia/Jakarta"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "var" / "static"
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("SIGAP_MEDIA_ROOT", BASE_DIR / "var" / "media"))
STATICFILES_DIRS = [BASE_DIR / "sigap" / "static"]
WHITENOISE_USE_FINDERS = True

# Where the SOP files of every organization live (one folder per organization).
SIGAP_SOP_DIR = Path(os.environ.get("SIGAP_SOP_DIR", BASE_DIR / "sops"))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("SIGAP_LOG_LEVEL", "INFO")},
    "loggers": {"weasyprint": {"level": "ERROR"}, "fontTools": {"level": "ERROR"}},
}

SIGAP_UPLOAD_MAX_BYTES = int(os.environ.get("SIGAP_UPLOAD_MAX_BYTES", 5 * 1024 * 1024))

# Letters: where each organization's signing key and certificate live, and the
# public address printed in QR codes for verification.
SIGAP_SIGNING_DIR = Path(os.environ.get("SIGAP_SIGNING_DIR", BASE_DIR / "var" / "keys"))
SIGAP_PUBLIC_URL = os.environ.get("SIGAP_PUBLIC_URL", "http://127.0.0.1:8000").rstrip("/")

# Mail (staff invitations): printed to the console unless a backend is set, e.g.
# SIGAP_EMAIL_BACKEND=django.core.mail.backends.smtp.EmailBackend with SIGAP_EMAIL_HOST and friends.
EMAIL_BACKEND = os.environ.get("SIGAP_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = os.environ.get("SIGAP_EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("SIGAP_EMAIL_PORT", 25))
EMAIL_HOST_USER = os.environ.get("SIGAP_EMAIL_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("SIGAP_EMAIL_PASSWORD", "")
EMAIL_USE_TLS = env_bool("SIGAP_EMAIL_TLS")
DEFAULT_FROM_EMAIL = os.environ.get("SIGAP_EMAIL_FROM", "sigap@localhost")
# --- Production on more than one machine (docs/deployment.md) -----------------------------------------------------
# Files: every upload, signed letter, logo and archive goes through Django's storage API (storages["default"]).
# On one machine that is the local folder SIGAP_MEDIA_ROOT; with several app servers set SIGAP_S3_BUCKET (and
# SIGAP_S3_ENDPOINT_URL for MinIO or another S3-compatible store) so they share one object store. Files are never
# served from the store's own address: only authorizing views read them and send them on.
SIGAP_S3_BUCKET = os.environ.get("SIGAP_S3_BUCKET", "")
if SIGAP_S3_BUCKET:
    _default_storage: dict = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": SIGAP_S3_BUCKET,
            "endpoint_url": os.environ.get("SIGAP_S3_ENDPOINT_URL") or None,
            # Unset: boto3's own chain (AWS_ACCESS_KEY_ID, an instance role, ~/.aws).
            "access_key": os.environ.get("SIGAP_S3_ACCESS_KEY_ID") or None,
            "secret_key": os.environ.get("SIGAP_S3_SECRET_ACCESS_KEY") or None,
            "region_name": os.environ.get("SIGAP_S3_REGION") or None,
            "location": os.environ.get("SIGAP_S3_PREFIX", ""),
            "addressing_style": os.environ.get("SIGAP_S3_ADDRESSING_STYLE") or None,  # "path" for MinIO
            "signature_version": "s3v4",
            "default_acl": None,  # the bucket's own policy: private
            "querystring_auth": True,  # a URL of the store, were one ever made, is signed and expires
            "file_overwrite": False,  # as on disk: a name in use gets a new one, nothing is replaced
        },
    }
else:
    _default_storage = {"BACKEND": "django.core.files.storage.FileSystemStorage"}  # MEDIA_ROOT
STORAGES = {
    "default": _default_storage,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
FILE_UPLOAD_PERMISSIONS = 0o640
FILE_UPLOAD_DIRECTORY_PERMISSIONS = 0o750

# Each app server names itself in /health/ (the host name unless set), so a check through the proxy tells which
# server answered. /health/ is also answered over plain HTTP, for a load balancer's checks inside the network.
SIGAP_SERVER_ID = os.environ.get("SIGAP_SERVER_ID", "")
SECURE_REDIRECT_EXEMPT = [r"^health/$"]

# Logs: one JSON object per line in production (SIGAP_LOG_JSON=0 for plain text), so a log collector reads fields
# instead of parsing text. No log line carries personal data: the request log names the path without its query
# string (searches by NIK or name travel in the query string) and the user by id (sigap.middleware.RequestLog).
_logging: dict = LOGGING  # the LOGGING above, extended
if env_bool("SIGAP_LOG_JSON", default=not DEBUG):
    _logging["formatters"] = {
        "json": {
            "()": "sigap.logs.JsonFormatter",
            "fmt": "%(asctime)s %(levelname)s %(name)s %(message)s",
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
        }
    }
    _logging["handlers"]["console"]["formatter"] = "json"
if os.environ.get("SIGAP_LOG_FILE"):
    _logging["handlers"]["file"] = {"class": "logging.FileHandler", "filename": os.environ["SIGAP_LOG_FILE"]}
    if "formatters" in _logging:
        _logging["handlers"]["file"]["formatter"] = "json"
    _logging["root"]["handlers"].append("file")
MIDDLEWARE.insert(0, "sigap.middleware.RequestLog")  # outermost: it sees every answer, redirects too
# A connection kept between requests (SIGAP_DB_CONN_MAX_AGE) is checked before reuse: after a database restart
# the first request gets a new connection instead of an error.
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
# --- end of production block ---------------------------------------------------------------------------------------
