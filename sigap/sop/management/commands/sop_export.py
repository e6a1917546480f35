"""`manage.py sop_export --org SLUG --format json|yaml`: the whole SOP set of an organization.

Without --output the set goes to standard output as one document: every SOP of
the organization in decree order, a written one as its SOP file, one the decree
establishes but nobody has written yet by its code, unit, letter and title with
status "belum_disusun" (sigap.sop.export). With --output DIR each written SOP
is written to DIR/<kode>.<format> and each decree to DIR/<its file name>.<format>:
files `sop_import` reads back to the same data.
"""

import json
from pathlib import Path

import yaml
from django.core.management.base import BaseCommand, CommandError

from sigap.orgs.models import Organization
from sigap.orgs.tenancy import unscoped
from sigap.sop import export
from sigap.sop.models import Sop
from sigap.sop.selectors import decree_list, sop_current_versions
from sigap.sop.services import sop_version_export


def dump(document: dict, fmt: str) -> str:
    if fmt == "json":
        return json.dumps(document, ensure_ascii=False, indent=2) + "\n"
    return yaml.safe_dump(document, allow_unicode=True, sort_keys=False, width=100)


class Command(BaseCommand):
    help = "Ekspor seluruh SOP sebuah instansi (yang sudah dan yang belum disusun) sebagai JSON atau YAML."

    def add_arguments(self, parser):
        parser.add_argument("--org", required=True, help="kode instansi, mis. magetan")
        parser.add_argument("--format", choices=["json", "yaml"], default="yaml")
        parser.add_argument("--output", help="folder tujuan; satu berkas per SOP dan per keputusan")

    @unscoped()  # runs for every organization (docs/architecture.md, "Tenancy")
    def handle(self, *args, org, format, output, **options):
        organization = Organization.objects.filter(slug=org).first()
        if organization is None:
            raise CommandError(f'Instansi "{org}" tidak dikenal.')
        if not output:
            self.stdout.write(dump(export.sop_set_export(organization=organization), format), ending="")
            return
        folder = Path(output)
        folder.mkdir(parents=True, exist_ok=True)
        versions = sop_current_versions(organization=organization)
        for version in versions:
            (folder / f"{version.sop.code}.{format}").write_text(
                dump(sop_version_export(version), format), encoding="utf-8"
            )
        decrees = list(decree_list(organization=organization))
        for decree in decrees:
            (folder / f"{export.decree_file_stem(decree)}.{format}").write_text(
                dump(export.decree_export(decree), format), encoding="utf-8"
            )
        unwritten = Sop.objects.filter(organization=organization, current_version__isnull=True).count()
        self.stderr.write(
            f"{len(versions)} SOP dan {len(decrees)} keputusan ditulis ke {folder}; "
            f"{unwritten} SOP dalam keputusan belum disusun"
        )
