"""`manage.py sigap_orphans [--delete]`: stored files no row names (a write whose transaction never committed)."""

import datetime

from django.core.files.storage import storages
from django.core.management.base import BaseCommand

from sigap.orgs.backup import stored_files_orphaned
from sigap.orgs.tenancy import unscoped


class Command(BaseCommand):
    help = "Daftar (dan hapus dengan --delete) berkas tersimpan yang tidak dirujuk baris mana pun."

    def add_arguments(self, parser):
        parser.add_argument("--delete", action="store_true")
        parser.add_argument("--older-than", type=int, default=60, help="menit (bawaan 60)")

    @unscoped()  # every organization's rows (docs/architecture.md, "Tenancy")
    def handle(self, *args, delete, older_than, **options):
        names = stored_files_orphaned(older_than=datetime.timedelta(minutes=older_than))
        for name in names:
            if delete:
                storages["default"].delete(name)
            self.stdout.write(name)
        self.stdout.write(f"{len(names)} berkas tanpa baris{' dihapus' if delete else ''}.")
