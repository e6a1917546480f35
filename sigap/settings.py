"""Settings for sigap, read from the environment with safe defaults.

Out of the box sigap runs on SQLite with media on the local disk. Set
DATABASE_URL for PostgreSQL, SIGAP_DEBUG=1 for development, SIGAP_SECRET_KEY
and SIGAP_ALLOWED_HOSTS in production.
"""

import os
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    return os.environ.get(name, "1" if default else "0").lower() in ("1", "true", "yes", "on")


DEBUG = env_bool("SIGAP_DEBUG")
# The fallback key is for a development checkout only; `manage.py check --deploy`
# flags it, and production sets SIGAP_SECRET_KEY.
SECRET_KEY = os.environ.get("SIGAP_SECRET_KEY") or "django-insecure-sigap-development-key"

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

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "axes",
    "sigap.orgs",
    "sigap.sop",
    "sigap.cases",
    "sigap.letters",
    "sigap.worktime",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "sigap.middleware.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "sigap.orgs.edge.ControlCharacterMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
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

# Login throttling (django-axes): 5 failures per user and address lock for 15 minutes.
AXES_FAILURE_LIMIT = int(os.environ.get("SIGAP_LOGIN_FAILURE_LIMIT", 5))
AXES_COOLOFF_TIME = 0.25
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked.html"
AXES_VERBOSE = False

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

# Keys for personal data at rest (see sigap/privacy.py). Derived from SECRET_KEY
# unless set; production sets its own and keeps them with the backups.
SIGAP_FIELD_KEYS = [k for k in os.environ.get("SIGAP_FIELD_KEYS", "").split(",") if k] or ["field:" + SECRET_KEY]
SIGAP_HASH_KEY = os.environ.get("SIGAP_HASH_KEY") or "hash:" + SECRET_KEY

SIGAP_UPLOAD_MAX_BYTES = int(os.environ.get("SIGAP_UPLOAD_MAX_BYTES", 5 * 1024 * 1024))

# Letters: where each organization's signing key and certificate live, and the
# public address printed in QR codes for verification.
SIGAP_SIGNING_DIR = Path(os.environ.get("SIGAP_SIGNING_DIR", BASE_DIR / "var" / "keys"))
SIGAP_PUBLIC_URL = os.environ.get("SIGAP_PUBLIC_URL", "http://127.0.0.1:8000").rstrip("/")
