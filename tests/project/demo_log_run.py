"""Run by tests/project/test_logs.py in a process of its own, configured as production logs (JSON to a file):
the demo's data loaded, then a day's requests of the counter, a search by NIK and by name, a case page, an
upload and its download, a failed login. Prints the demo's personal data as JSON for the test to look for."""

import io
import json
import os
import sys

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sigap.settings")
django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.core.files.uploadedfile import SimpleUploadedFile  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402

from sigap.cases.models import Case  # noqa: E402
from sigap.orgs.tenancy import unscoped  # noqa: E402

APPLICANT = {"applicant_name": "Wartini Kusumaningrum", "nik": "3520016505780002", "phone": "081377712345"}
ADDRESS = "Dusun Contohsari RT 07 RW 02"


def main(cases: int) -> None:
    quiet = io.StringIO()
    call_command("migrate", verbosity=0)
    call_command("sop_import", str(settings.SIGAP_SOP_DIR), stdout=quiet)
    call_command("letters_load", str(settings.BASE_DIR / "surat"), stdout=quiet)
    call_command("letters_demo_cert", stdout=quiet)
    call_command("demo_load", cases=cases, stdout=quiet)
    with unscoped():
        some = Case.objects.filter(organization__slug="magetan").order_by("pk").first()
        assert some is not None
        known_nik, known_name = some.nik, some.applicant_name
    client = Client()
    client.post("/masuk/", {"username": "magetan.staf-linjamsos", "password": "salah-sandi"})
    client.force_login(
        get_user_model().objects.get(username="magetan.staf-linjamsos"), "django.contrib.auth.backends.ModelBackend"
    )
    client.get("/magetan/kotak-masuk/")
    client.post("/magetan/permohonan/", {"q": known_nik})
    client.get("/magetan/permohonan/", {"q": known_nik})  # the wrong way, in the address
    client.get("/magetan/permohonan/", {"q": known_name})
    client.get(f"/magetan/permohonan/{some.code}/")
    client.get(f"/magetan/permohonan/{some.code}/koreksi/")
    client.get("/magetan/permohonan/NOPE-NOPE-NOPE/", {"q": known_nik})  # a 404, logged by Django too
    opened = client.post(
        "/magetan/permohonan/baru/surat-keterangan-terdaftar-dtks/",
        {**APPLICANT, "address": ADDRESS, "req_0": "on", "file_0": SimpleUploadedFile("ktp-wartini.png", png())},
    )
    with unscoped():
        new = Case.objects.order_by("-pk").first()
        assert opened.status_code == 302 and new is not None and new.applicant_name == APPLICANT["applicant_name"]
        attachment = new.attachments.get()
        client.get(f"/magetan/permohonan/{new.code}/berkas/{attachment.pk}/")
        client.get(f"/magetan/permohonan/{new.code}/tanda-terima/")
        people = [
            {"name": c.applicant_name, "nik": c.nik, "phone": c.phone, "address": c.address} for c in Case.objects.all()
        ]
    staff = [u.get_full_name() for u in get_user_model().objects.all() if " " in u.get_full_name()]
    print(json.dumps({"people": people, "staff": staff}))


def png() -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "white").save(buffer, format="PNG")
    return buffer.getvalue()


if __name__ == "__main__":
    main(int(sys.argv[1]))
