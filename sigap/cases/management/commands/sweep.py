"""`manage.py sweep`: mark overdue tasks and notify the heads of unit. Idempotent; for cron.

Its clock is the database's, not the machine's: sweepers on several machines whose clocks drift apart all
judge "overdue" by one clock, so none marks a task early. `--now` sets the moment by hand."""

import datetime

from django.core.management.base import BaseCommand
from django.db import connection
from django.utils import timezone

from sigap.cases.services import tasks_sweep
from sigap.orgs.tenancy import unscoped


def database_now() -> datetime.datetime:
    """The database server's clock (PostgreSQL); SQLite runs inside this process, so its clock is ours."""
    if connection.vendor != "postgresql":
        return timezone.now()
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement_timestamp()")
        return cursor.fetchone()[0]


class Command(BaseCommand):
    help = "Tandai tugas yang melewati batas waktu dan beri tahu kepala bidang. Aman dijalankan berulang dan bersamaan."

    def add_arguments(self, parser):
        parser.add_argument(
            "--now",
            type=datetime.datetime.fromisoformat,
            help="saat penilaian, ISO 8601 dengan zona waktu (bawaan: jam basis data)",
        )

    @unscoped()  # runs for every organization (docs/architecture.md, "Tenancy")
    def handle(self, *args, now=None, **options):
        if now is not None and timezone.is_naive(now):
            now = timezone.make_aware(now)
        marked = tasks_sweep(now=now or database_now())
        self.stdout.write(f"{marked} tugas ditandai terlambat.")
