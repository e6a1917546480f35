"""`manage.py demo_totp <username>`: the code a demo login's authenticator shows now (demo data only)."""

import base64

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django_otp.oath import TOTP

from sigap.cases.demo import DEMO_TOTP_SECRET
from sigap.orgs import second_factor


class Command(BaseCommand):
    help = "Tampilkan kode autentikator saat ini untuk akun contoh (hanya data contoh)."

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, *args, username, **options):
        user = get_user_model().objects.filter(username=username).first()
        device = second_factor.authenticator_of(user) if user is not None else None
        demo_key = base64.b32decode(DEMO_TOTP_SECRET).hex()
        if device is None or device.key != demo_key:
            raise CommandError(f"{username}: bukan akun contoh dengan autentikator contoh.")
        totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
        self.stdout.write(f"{totp.token():06d}")
