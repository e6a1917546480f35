"""`manage.py sop_import PATH...`: validate and import SOP files and folders of them."""

from django.core.management.base import BaseCommand, CommandError

from sigap.orgs.tenancy import unscoped
from sigap.sop.services import sop_import
from sigap.sop.sopfile import SopFileError


class Command(BaseCommand):
    help = (
        "Impor berkas SOP (YAML/JSON): instansi, keputusan dan SOP. Berkas yang tidak berubah tidak mengubah apa pun."
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", help="berkas atau folder berkas SOP")

    @unscoped()  # runs for every organization (docs/architecture.md, "Tenancy")
    def handle(self, *args, paths, **options):
        try:
            report = sop_import(paths=paths)
        except SopFileError as exc:
            raise CommandError("Tidak ada yang diimpor; perbaiki dulu:\n" + str(exc)) from exc
        for line in report.lines():
            self.stdout.write(line)
        self.stdout.write(
            self.style.SUCCESS(
                f"{len(report.created)} baru, {len(report.updated)} berubah, {len(report.unchanged)} tetap."
            )
        )
