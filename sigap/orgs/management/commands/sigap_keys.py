"""`manage.py sigap_keys`: fresh keys for a server's environment file (SIGAP_SECRET_KEY, SIGAP_FIELD_KEYS,
SIGAP_HASH_KEY), each a random URL-safe string from the secrets module.

With `--rotate-from "<current SIGAP_FIELD_KEYS>"` the field keys line puts a new key in front of the current
ones (for `manage.py rotate_field_key`); the other two lines are left out, since a new hash key would lose every
NIK look-up and a new secret key only signs everyone out."""

import secrets

from django.core.management.base import BaseCommand


def new_key() -> str:
    return secrets.token_urlsafe(48)


class Command(BaseCommand):
    help = (
        "Cetak kunci baru untuk berkas lingkungan server: SIGAP_SECRET_KEY, SIGAP_FIELD_KEYS dan SIGAP_HASH_KEY. "
        "Dengan --rotate-from, hanya SIGAP_FIELD_KEYS: kunci baru di depan kunci yang sekarang."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--rotate-from",
            metavar="SIGAP_FIELD_KEYS",
            help="kunci data yang dipakai sekarang (dipisah koma); kunci baru ditaruh di depannya",
        )

    def handle(self, *args, rotate_from=None, **options):
        if rotate_from is not None:
            current = [key.strip() for key in rotate_from.split(",") if key.strip()]
            self.stdout.write(f"SIGAP_FIELD_KEYS={','.join([new_key(), *current])}")
            return
        self.stdout.write(f"SIGAP_SECRET_KEY={new_key()}")
        self.stdout.write(f"SIGAP_FIELD_KEYS={new_key()}")
        self.stdout.write(f"SIGAP_HASH_KEY={new_key()}")
