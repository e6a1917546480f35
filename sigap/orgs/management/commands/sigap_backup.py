"""`manage.py sigap_backup --out DIR`: a consistent backup of the database and every stored file (orgs.backup)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from sigap.orgs.backup import BackupError, backup_create
from sigap.orgs.tenancy import unscoped


class Command(BaseCommand):
    help = "Cadangkan basis data dan semua berkas tersimpan ke sebuah folder (konsisten, satu snapshot)."

    def add_arguments(self, parser):
        parser.add_argument("--out", required=True, type=Path, help="folder cadangan (baru atau kosong)")

    @unscoped()  # every organization's rows (docs/architecture.md, "Tenancy")
    def handle(self, *args, out, **options):
        try:
            manifest = backup_create(out=out)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        rows = sum(manifest["counts"].values())
        self.stdout.write(f"Cadangan di {out}: {rows} baris, {len(manifest['files'])} berkas.")
