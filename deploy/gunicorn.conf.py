"""gunicorn for sigap: `gunicorn -c deploy/gunicorn.conf.py sigap.wsgi` (docs/deployment.md).

The app server is stateless: sessions and data are in PostgreSQL, files in the object store, so any number of
them run behind the proxy. No access log here: sigap's own request log (sigap.middleware.RequestLog) writes one
JSON line per request without query strings; gunicorn's own messages are JSON lines too."""

import os

bind = os.environ.get("SIGAP_BIND", "0.0.0.0:8000")
workers = int(os.environ.get("SIGAP_WEB_WORKERS", "3"))
timeout = int(os.environ.get("SIGAP_WEB_TIMEOUT", "120"))  # the proxy waits 120 s as well
graceful_timeout = 30
max_requests = 2000  # workers are renewed now and then, so a slow leak never grows
max_requests_jitter = 200
accesslog = None
logconfig_dict = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "json": {
            "()": "sigap.logs.JsonFormatter",
            "fmt": "%(asctime)s %(levelname)s %(name)s %(message)s",
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
        }
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "json"}},
    "loggers": {"gunicorn.error": {"handlers": ["console"], "level": "INFO", "propagate": False}},
}
