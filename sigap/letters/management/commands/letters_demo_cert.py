"""`manage.py letters_demo_cert`: a self-signed signing certificate for every organization that has none (demo only)."""

from django.core.management.base import BaseCommand

from sigap.letters.signing import key_paths, make_self_signed
from sigap.orgs.models import Organization
from sigap.orgs.tenancy import unscoped


class Command(BaseCommand):
    help = "Buat sertifikat tanda tangan contoh (self-signed) untuk instansi yang belum punya. Hanya untuk demo."

    @unscoped()  # runs for every organization (docs/architecture.md, "Tenancy")
    def handle(self, *args, **options):
        for organization in Organization.objects.all():
            key, cert = key_paths(organization.slug)
            if key.exists() and cert.exists():
                continue
            make_self_signed(organization)
            self.stdout.write(f"Sertifikat contoh dibuat: {cert}")
