"""sigap's URLs plus the benchmark floors: the least a Django request can do.

`<org>/bench/selesai/<slot>/` (POST) is the floor a task completion is judged
by: behind the same middleware (session, CSRF, authentication) and the same
organization lookup (`tenancy.page`, member audience) as the real completion, it
locks one task row with SELECT … FOR UPDATE and writes one UPDATE and two
INSERTs through the ORM (bench/models.py), then redirects as the real view does.
`bench/floor/` (POST) does exactly one UPDATE and one INSERT in a transaction,
with no authentication and no ORM: the ceiling any write endpoint of the same
stack (gunicorn, middleware, PostgreSQL) can reach. `bench/floor-read/` (GET)
does one SELECT and returns a small page: the floor for read pages such as the
inbox. Both use the tables `bench_counter` / `bench_event`, which
`bench/cases.py` creates with raw SQL; they are not part of sigap's schema.
"""

from django.db import connection, transaction
from django.db.models import F
from django.http import HttpResponse, HttpResponseRedirect
from django.urls import include, path
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from sigap.orgs.tenancy import Audience, page
from sigap.urls import urlpatterns as sigap_urlpatterns


@csrf_exempt
@require_POST
def floor_write(request):
    # One counter row per client, so clients do not queue on one row lock
    # (the real endpoint's clients also touch distinct rows).
    client = int(request.GET.get("c", "0"))
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE bench_counter SET n = n + 1 WHERE id = %s", [client])
        cursor.execute("INSERT INTO bench_event (client, at, note) VALUES (%s, now(), %s)", [client, "floor"])
    return HttpResponse("ok", content_type="text/plain")


@page(Audience.MEMBER)
@require_POST
def floor_complete(request, organization, slot):
    from bench.models import FloorEvent, FloorTask

    now = timezone.now()
    with transaction.atomic():
        task = FloorTask.objects.select_for_update().get(pk=slot)
        FloorTask.objects.filter(pk=task.pk).update(
            n=F("n") + 1, state="selesai", completed_at=now, completed_by_id=request.user.pk
        )
        FloorEvent.objects.create(task=task, at=now, actor=request.user, kind="diselesaikan", note="")
        FloorTask.objects.create(client=task.client, organization_id=organization.pk, state="terbuka")
    return HttpResponseRedirect(f"/{organization.slug}/")


@require_GET
def floor_read(request):
    with connection.cursor() as cursor:
        cursor.execute("SELECT n FROM bench_counter WHERE id = 0")
        row = cursor.fetchone()
    return HttpResponse(f"<!doctype html><title>floor</title><p>{row[0] if row else 0}</p>")


urlpatterns = [
    path("bench/floor/", floor_write, name="bench_floor"),
    path("bench/floor-read/", floor_read, name="bench_floor_read"),
    path("<slug:org>/bench/selesai/<int:slot>/", floor_complete, name="bench_floor_complete"),
    path("", include(sigap_urlpatterns)),
]
