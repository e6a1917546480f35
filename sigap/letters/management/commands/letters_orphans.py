"""`manage.py letters_orphans`: delete signed-PDF files that no letter names (a signing cut short by a crash).

A signing step writes its PDF before the transaction that names it commits; if the process dies in between,
the letter stays numbered (signed again by the next completion) and the file is left over. Run it from cron,
e.g. daily; files younger than `--min-age` minutes are spared, so a signing in progress keeps its file.
"""

import datetime

from django.core.management.base import BaseCommand
from django.utils import timezone

from sigap.letters.issuing import pdf_orphans
from sigap.letters.models import Letter
from sigap.orgs.tenancy import unscoped


class Command(BaseCommand):
    help = "Hapus berkas PDF surat yang tidak tercatat pada surat mana pun (sisa penandatanganan yang terputus)."

    def add_arguments(self, parser):
        parser.add_argument("--min-age", type=int, default=60, help="umur minimum berkas, dalam menit (60)")
        parser.add_argument("--dry-run", action="store_true", help="hanya tampilkan, jangan hapus")

    @unscoped()  # runs for every organization (docs/architecture.md, "Tenancy")
    def handle(self, *args, min_age: int, dry_run: bool, **options):
        storage = Letter._meta.get_field("pdf").storage
        older_than = timezone.now() - datetime.timedelta(minutes=min_age)
        count = 0
        for name in pdf_orphans(older_than=older_than):
            if not dry_run:
                storage.delete(name)
            self.stdout.write(name)
            count += 1
        self.stdout.write(f"{count} berkas yatim {'ditemukan' if dry_run else 'dihapus'}.")
