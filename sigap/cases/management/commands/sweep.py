"""`manage.py sweep`: mark overdue tasks and notify the heads of unit. Idempotent; for cron."""

from django.core.management.base import BaseCommand

from sigap.cases.services import tasks_sweep
from sigap.orgs.tenancy import unscoped


class Command(BaseCommand):
    help = "Tandai tugas yang melewati batas waktu dan beri tahu kepala bidang. Aman dijalankan berulang dan bersamaan."

    @unscoped()  # runs for every organization (docs/architecture.md, "Tenancy")
    def handle(self, *args, **options):
        marked = tasks_sweep()
        self.stdout.write(f"{marked} tugas ditandai terlambat.")
