"""`manage.py sop_export --org SLUG --format json|yaml`: every current SOP of an organization.

Without --output the whole set goes to standard output as one document; with
--output DIR each SOP is written to DIR/<kode>.<format>, a file `sop_import`
reads back to the same data.
"""

import json
from pathlib import Path

import yaml
from django.core.management.base import BaseCommand, CommandError

from sigap.orgs.models import Organization
from sigap.orgs.tenancy import unscoped
from sigap.sop.selectors import sop_current_versions
from sigap.sop.services import sop_version_export


def dump(document: dict, fmt: str) -> str:
    if fmt == "json":
        return json.dumps(document, ensure_ascii=False, indent=2) + "\n"
    return yaml.safe_dump(document, allow_unicode=True, sort_keys=False, width=100)


class Command(BaseCommand):
    help = "Ekspor semua SOP terkini sebuah instansi sebagai JSON atau YAML."

    def add_arguments(self, parser):
        parser.add_argument("--org", required=True, help="kode instansi, mis. magetan")
        parser.add_argument("--format", choices=["json", "yaml"], default="yaml")
        parser.add_argument("--output", help="folder tujuan; satu berkas per SOP")

    @unscoped()  # runs for every organization (docs/architecture.md, "Tenancy")
    def handle(self, *args, org, format, output, **options):
        organization = Organization.objects.filter(slug=org).first()
        if organization is None:
            raise CommandError(f'Instansi "{org}" tidak dikenal.')
        versions = sop_current_versions(organization=organization)
        if output:
            folder = Path(output)
            folder.mkdir(parents=True, exist_ok=True)
            for version in versions:
                (folder / f"{version.sop.code}.{format}").write_text(
                    dump(sop_version_export(version), format), encoding="utf-8"
                )
            self.stderr.write(f"{len(versions)} SOP ditulis ke {folder}")
            return
        document = {
            "format": "sigap-sop/1",
            "instansi": organization.slug,
            "sop": [sop_version_export(v)["sop"] for v in versions],
        }
        self.stdout.write(dump(document, format), ending="")
