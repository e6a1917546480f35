"""Tables of the authenticated floor (bench/floor_urls.py, `floor_complete`).

A completion locks a task row, updates it, and inserts its history event and the
next task. The floor does the same number of statements on rows of the same
kind, through the same ORM: it locks the client's FloorTask, updates it, inserts
one FloorEvent and one FloorTask. No migrations: bench/cases_db.py creates the
tables in the benchmark database, which sigap's schema never sees.
"""

from django.conf import settings
from django.db import models


class FloorTask(models.Model):
    client = models.IntegerField()
    organization_id = models.IntegerField(null=True)
    state = models.CharField(max_length=20)
    n = models.BigIntegerField(default=0)
    completed_at = models.DateTimeField(null=True)
    completed_by_id = models.IntegerField(null=True)

    class Meta:
        app_label = "bench"
        db_table = "bench_floor_task"

    def __str__(self):
        return f"floor task {self.pk} of client {self.client}"


class FloorEvent(models.Model):
    task = models.ForeignKey(FloorTask, on_delete=models.CASCADE, related_name="+")
    at = models.DateTimeField()
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=20)
    note = models.TextField(blank=True)
    data = models.JSONField(default=dict)

    class Meta:
        app_label = "bench"
        db_table = "bench_floor_event"

    def __str__(self):
        return f"{self.kind} of floor task {self.task_id}"
