"""Request middleware of the project: the language, and the request log.

Language: Bahasa Indonesia unless the user chose English (Django's language cookie).

Django's LocaleMiddleware would follow the browser's Accept-Language; an
office's browsers are often set to English while its staff and citizens read
Indonesian, so the browser's wish is not enough: only an explicit choice is.
"""

import logging
import socket
import time

from django.conf import settings
from django.utils import translation

request_log = logging.getLogger("sigap.request")


class LanguageMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.supported = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        language = chosen if chosen in self.supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        return response


class RequestLog:
    """One log line per request: method, path without its query string, status, time taken, user id and server.

    Never the query string (searches by NIK or name), never a name: the user is logged by id."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        started = time.monotonic()
        response = self.get_response(request)
        user = getattr(request, "user", None)
        request_log.info(
            "%s %s %s",
            request.method,
            request.path,
            response.status_code,
            extra={
                "method": request.method,
                "path": request.path,
                "status": response.status_code,
                "duration_ms": round((time.monotonic() - started) * 1000, 1),
                "user_id": user.pk if user is not None and user.is_authenticated else None,
                "server": server_id(),
            },
        )
        return response


def server_id() -> str:
    """The name this app server gives itself (SIGAP_SERVER_ID, else the host name)."""
    return settings.SIGAP_SERVER_ID or socket.gethostname()
