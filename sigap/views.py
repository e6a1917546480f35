"""Pages of the platform as a whole: the front page lists every organization's SOP library; /health/."""

import logging
import uuid

from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from sigap.middleware import server_id
from sigap.orgs.tenancy import Audience, page
from sigap.sop.selectors import organization_libraries

logger = logging.getLogger(__name__)


@page(Audience.PUBLIC)
def home(request):
    return render(request, "sop/home.html", {"organizations": organization_libraries()})


@page(Audience.PUBLIC)
@require_GET
@never_cache
def health(request):
    """For the load balancer and monitoring: 200 when the database answers a query and the file storage takes,
    finds and removes a probe; 503 naming the part that failed (never its error, which stays in the log)."""
    checks = {"database": _check(_database), "storage": _check(_storage)}
    healthy = all(value == "ok" for value in checks.values())
    return JsonResponse(
        {"status": "ok" if healthy else "error", **checks, "server": server_id()}, status=200 if healthy else 503
    )


def _check(probe) -> str:
    try:
        probe()
    except Exception as exc:
        logger.error("health check %s failed: %s", probe.__name__.strip("_"), type(exc).__name__)
        return "error"
    return "ok"


def _database() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


def _storage() -> None:
    storage = storages["default"]
    name = storage.save(f"health/probe-{uuid.uuid4().hex}.txt", ContentFile(b"ok"))
    try:
        if not storage.exists(name):
            raise FileNotFoundError(name)
    finally:
        storage.delete(name)
