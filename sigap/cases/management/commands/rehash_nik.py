"""`manage.py rehash_nik`: recompute every case's NIK look-up hash with the current SIGAP_HASH_KEY.

Only needed when the hash key had to change (an installation that ran on the public development key, or a
leaked key): until it has run, a search by NIK does not find the cases opened before. It decrypts each NIK with
SIGAP_FIELD_KEYS, works in batches, each its own transaction, and skips hashes that are already right, so it
can be interrupted and run again; `--check` fails while any hash is stale."""

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from sigap import privacy
from sigap.cases.models import Case
from sigap.orgs.tenancy import unscoped


class Command(BaseCommand):
    help = (
        "Hitung ulang hash pencarian NIK semua permohonan dengan SIGAP_HASH_KEY yang sekarang (setelah kunci hash "
        "diganti); --check melaporkan apakah masih ada hash lama."
    )

    def add_arguments(self, parser):
        parser.add_argument("--batch-size", type=int, default=500, help="baris per transaksi (bawaan 500)")
        parser.add_argument("--check", action="store_true", help="hanya periksa: gagal bila masih ada hash lama")

    @unscoped()  # every organization's cases (docs/architecture.md, "Tenancy")
    def handle(self, *args, batch_size: int, check: bool, **options):
        if batch_size < 1:
            raise CommandError("--batch-size harus paling sedikit 1")
        current = stale = unreadable = 0
        after = 0
        while True:
            with transaction.atomic():
                rows = Case.objects.filter(pk__gt=after).order_by("pk")
                batch = list(
                    (rows if check else rows.select_for_update()).values_list("pk", "nik_encrypted", "nik_hash")[
                        :batch_size
                    ]
                )
                for pk, token, old_hash in batch:
                    try:
                        new_hash = privacy.keyed_hash(privacy.decrypt(token))
                    except privacy.KeyMissing:
                        unreadable += 1
                        continue
                    if new_hash == old_hash:
                        current += 1
                        continue
                    stale += 1
                    if not check:
                        Case.objects.filter(pk=pk).update(nik_hash=new_hash)
            if len(batch) < batch_size:
                break
            after = batch[-1][0]
        verb = "masih memakai hash lama" if check else "dihitung ulang"
        self.stdout.write(f"{current} hash sudah benar, {stale} {verb}, {unreadable} NIK tidak dapat dibuka.")
        if unreadable or (check and stale):
            raise CommandError("Masih ada hash NIK yang tidak sesuai dengan SIGAP_HASH_KEY.")
