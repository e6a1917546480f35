"""`manage.py letters_load surat/`: number formats and letter templates from YAML, created when missing.

Templates an administrator already edited in the app are left as they are.
"""

from pathlib import Path

import yaml
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from sigap.letters import templatefile
from sigap.letters.models import LetterTemplate
from sigap.letters.numbering import check_pattern
from sigap.letters.services import number_format_set
from sigap.orgs.models import Organization
from sigap.orgs.tenancy import unscoped
from sigap.sop.models import Sop


class Command(BaseCommand):
    help = "Muat format nomor dan templat surat dari berkas YAML (templat yang sudah ada tidak ditimpa)."

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+")

    @unscoped()  # runs for every organization (docs/architecture.md, "Tenancy")
    def handle(self, *args, paths, **options):
        files = []
        for path in map(Path, paths):
            files.extend(sorted(path.glob("*.yaml")) if path.is_dir() else [path])
        created = 0
        with transaction.atomic():
            for path in files:
                created += self._load(path)
        self.stdout.write(self.style.SUCCESS(f"{created} templat surat baru."))

    def _load(self, path: Path) -> int:
        doc = (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("surat")
        if not doc:
            raise CommandError(f"{path}: kunci utama 'surat' tidak ada")
        organization = Organization.objects.filter(slug=doc.get("instansi")).first()
        if organization is None:
            raise CommandError(f'{path}: instansi "{doc.get("instansi")}" tidak dikenal')
        fields = templatefile.organization_fields(doc)
        if fields:
            Organization.objects.filter(pk=organization.pk).update(**fields)
        for fmt in doc.get("format_nomor") or []:
            try:
                check_pattern(fmt["pola"])
            except ValueError as exc:
                raise CommandError(f"{path}: format_nomor {fmt['klasifikasi']}: {exc}") from exc
            number_format_set(organization=organization, classification=str(fmt["klasifikasi"]), pattern=fmt["pola"])
        created = 0
        for item in doc.get("templat") or []:
            ref = item["sop"] if isinstance(item["sop"], dict) else {"instansi": organization.slug, "kode": item["sop"]}
            sop = Sop.objects.filter(organization__slug=ref["instansi"], code=ref["kode"]).first()
            if sop is None:
                raise CommandError(f"{path}: templat {item['kode']}: SOP {ref['instansi']}/{ref['kode']} tidak ada")
            try:
                defaults = templatefile.template_fields(item, organization=organization, sop=sop)
            except templatefile.TemplateFileError as exc:
                raise CommandError(f"{path}: templat {item['kode']}: {exc}") from exc
            _template, made = LetterTemplate.objects.get_or_create(
                organization=organization, code=item["kode"], defaults=defaults
            )
            created += made
        return created
