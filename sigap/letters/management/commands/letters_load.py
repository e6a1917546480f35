"""`manage.py letters_load surat/`: number formats and letter templates from YAML, created when missing.

Templates an administrator already edited in the app are left as they are.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from sigap.letters import templatefile
from sigap.letters.letterfile import LetterFile, LetterFileError, load_file
from sigap.letters.models import LetterTemplate
from sigap.letters.numbering import check_pattern
from sigap.letters.services import number_format_set
from sigap.orgs.models import Organization
from sigap.orgs.services import organization_signing_set
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
        letter_files, problems = [], []
        for path in files:  # every file is checked before anything is loaded
            try:
                letter_files.append(load_file(path))
            except LetterFileError as exc:
                problems.extend(exc.problems)
        if problems:
            raise CommandError("\n".join(map(str, problems)))
        created = 0
        with transaction.atomic():
            for letter_file in letter_files:
                created += self._load(letter_file)
        self.stdout.write(self.style.SUCCESS(f"{created} templat surat baru."))

    def _load(self, letter_file: LetterFile) -> int:
        doc, path = letter_file.data, letter_file.path
        organization = Organization.objects.filter(slug=doc.get("instansi")).first()
        if organization is None:
            raise CommandError(str(letter_file.problem("instansi", f'"{doc["instansi"]}" tidak dikenal')))
        if "atas_nama" in doc:
            organization_signing_set(organization=organization, signs_on_behalf=bool(doc["atas_nama"]))
        for index, fmt in enumerate(doc["format_nomor"], 1):
            try:
                check_pattern(fmt["pola"])
            except ValueError as exc:
                raise CommandError(str(letter_file.problem(f"format_nomor[{index}].pola", str(exc)))) from exc
            number_format_set(organization=organization, classification=str(fmt["klasifikasi"]), pattern=fmt["pola"])
        created = 0
        for index, item in enumerate(doc["templat"], 1):
            ref = item["sop"]  # {"instansi", "kode"}: letterfile fills in the file's organization
            sop = Sop.objects.filter(organization__slug=ref["instansi"], code=ref["kode"]).first()
            if sop is None:
                message = f"SOP {ref['instansi']}/{ref['kode']} tidak ada"
                raise CommandError(str(letter_file.problem(f"templat[{index}].sop", message)))
            try:
                defaults = templatefile.template_fields(item, organization=organization, sop=sop)
            except templatefile.TemplateFileError as exc:
                raise CommandError(f"{path}: templat {item['kode']}: {exc}") from exc
            _template, made = LetterTemplate.objects.get_or_create(
                organization=organization, code=item["kode"], defaults=defaults
            )
            created += made
        return created
