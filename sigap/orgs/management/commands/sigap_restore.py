"""`manage.py sigap_restore --from DIR`: restore a backup into an empty database and storage, then check it."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from sigap.orgs.backup import BackupError, backup_restore
from sigap.orgs.tenancy import unscoped


class Command(BaseCommand):
    help = "Pulihkan cadangan sigap_backup ke basis data dan penyimpanan berkas yang kosong, lalu periksa isinya."

    def add_arguments(self, parser):
        parser.add_argument("--from", dest="source", required=True, type=Path, help="folder cadangan")

    @unscoped()  # every organization's rows (docs/architecture.md, "Tenancy")
    def handle(self, *args, source, **options):
        try:
            manifest = backup_restore(source=source)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        rows = sum(manifest["counts"].values())
        self.stdout.write(f"Dipulihkan dari {source}: {rows} baris, {len(manifest['files'])} berkas; jumlahnya cocok.")
