"""`manage.py demo_load`: demo logins for every position and about 200 synthetic Magetan cases."""

from django.core.management.base import BaseCommand

from sigap.cases.demo import DEMO_PASSWORD, DEMO_TOTP_SECRET, demo_cases, demo_staff
from sigap.orgs.tenancy import unscoped


class Command(BaseCommand):
    help = "Muat data contoh: akun petugas untuk setiap jabatan dan sekitar 200 permohonan sintetis (idempoten)."

    def add_arguments(self, parser):
        parser.add_argument("--cases", type=int, default=200)

    @unscoped()  # runs for every organization (docs/architecture.md, "Tenancy")
    def handle(self, *args, cases, **options):
        staff = demo_staff()
        made = demo_cases(count=cases)
        self.stdout.write(
            f"{len(staff)} akun petugas; {made} permohonan contoh dibuat."
            if made
            else f"{len(staff)} akun petugas; permohonan contoh sudah ada."
        )
        self.stdout.write(f"Akun contoh (kata sandi semuanya {DEMO_PASSWORD}):")
        for username, _org, title in staff:
            self.stdout.write(f"  {username:32} {title}")
        self.stdout.write(f"  {'admin':32} Administrator platform")
        self.stdout.write(
            f"Penandatangan dan administrator memakai autentikator dengan kunci {DEMO_TOTP_SECRET} "
            "(README, Demo logins; kode saat ini: manage.py demo_totp <akun>)."
        )
