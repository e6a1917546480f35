"""`manage.py sweep`: mark overdue tasks and notify the heads of unit. Idempotent; for cron."""

from django.core.management.base import BaseCommand

from sigap.cases.services import tasks_sweep


class Command(BaseCommand):
    help = "Tandai tugas yang melewati batas waktu dan beri tahu kepala bidang. Aman dijalankan berulang dan bersamaan."

    def handle(self, *args, **options):
        marked = tasks_sweep()
        self.stdout.write(f"{marked} tugas ditandai terlambat.")
