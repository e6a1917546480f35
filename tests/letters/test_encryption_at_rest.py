"""Personal data at rest: a letter's stored rendering and its signed PDF are encrypted in the database and the
file storage (sigap/privacy.py); what staff download is still the signed PDF; letters written before are
encrypted by the migration; `rotate_field_key` moves every encrypted value to the newest key."""

import hashlib
import importlib
import io
import zipfile
from pathlib import Path

import pypdf
import pytest
from django.apps import apps
from django.conf import settings as django_settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command
from django.db import connection

from sigap.cases.models import Case
from sigap.letters.models import Letter
from sigap.letters.signing import verify_pdf
from tests.factories import NIK, dtks_to_signing, login, run

NAME, ADDRESS = "Siti Contoh", "Jl. Contoh 1"  # what open_case gives the applicant
OLD_KEY, NEW_KEY = "old-field-key-" + "o" * 40, "new-field-key-" + "n" * 40

migration = importlib.import_module("sigap.letters.migrations.0003_letter_html_and_pdf_encrypted_at_rest")


def signed_letter(staff) -> Letter:
    case = dtks_to_signing(staff)
    run(case, staff["kabid"])
    return Letter.objects.get(case=case, status=Letter.Status.VALID)


def stored(letter, column: str) -> str:
    """A column as the database holds it."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {column} FROM letters_letter WHERE id = %s", [letter.pk])
        return cursor.fetchone()[0]


def stored_html(letter) -> str:
    return stored(letter, "html")


def stored_file(letter) -> bytes:
    return (Path(django_settings.MEDIA_ROOT) / stored(letter, "pdf")).read_bytes()


def downloaded(client, letter) -> bytes:
    response = client.get(f"/magetan/surat/{letter.code}/pdf/")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    return b"".join(response.streaming_content)


def assert_valid_signed_pdf(data: bytes, letter) -> None:
    assert hashlib.sha256(data).hexdigest() == letter.sha256
    assert verify_pdf(data, expected_sha256=letter.sha256, organization=letter.organization).ok
    text = " ".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(data)).pages)
    assert NAME in text and ADDRESS in text


def test_stored_rendering_and_signed_pdf_hold_no_personal_data_in_clear(client, magetan_staff):
    letter = signed_letter(magetan_staff)
    assert NAME in letter.html and ADDRESS in letter.html  # the one accessor decrypts
    raw = stored_html(letter)
    assert raw.startswith("gAAAAA") and NAME not in raw and ADDRESS not in raw and "<table>" not in raw
    on_disk = stored_file(letter)
    assert b"%PDF" not in on_disk and NAME.encode() not in on_disk
    with pytest.raises(pypdf.errors.PdfReadError):
        pypdf.PdfReader(io.BytesIO(on_disk))
    login(client, magetan_staff["loket"])
    assert_valid_signed_pdf(downloaded(client, letter), letter)


def test_the_case_archive_holds_the_signed_pdf_itself(client, magetan_staff):
    letter = signed_letter(magetan_staff)
    login(client, magetan_staff["loket"])
    response = client.get(f"/magetan/permohonan/{letter.case.code}/arsip.zip")
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    [name] = [name for name in archive.namelist() if name.startswith("surat/")]
    assert_valid_signed_pdf(archive.read(name), letter)


def make_legacy(letter) -> str:
    """The letter as it was stored before encryption at rest: clear HTML, a clear PDF file."""
    html, pdf = letter.html, letter.pdf.read()
    name = default_storage.save("surat/2026/lama.pdf", ContentFile(pdf))
    with connection.cursor() as cursor:
        cursor.execute("UPDATE letters_letter SET html = %s, pdf = %s WHERE id = %s", [html, name, letter.pk])
    assert NAME in stored_html(letter) and stored_file(letter).startswith(b"%PDF")
    return name


def test_the_migration_encrypts_letters_stored_before_and_can_run_again(
    client, magetan_staff, django_capture_on_commit_callbacks
):
    letter = signed_letter(magetan_staff)
    legacy = make_legacy(letter)
    with django_capture_on_commit_callbacks(execute=True):
        migration.encrypt_existing(apps, None)
    assert NAME not in stored_html(letter) and not stored_file(letter).startswith(b"%PDF")
    assert not default_storage.exists(legacy)  # the clear file is gone
    encrypted_name = stored(letter, "pdf")
    with django_capture_on_commit_callbacks(execute=True):
        migration.encrypt_existing(apps, None)  # again: nothing changes
    letter.refresh_from_db()
    assert letter.pdf.name == encrypted_name != legacy and NAME in letter.html
    login(client, magetan_staff["loket"])
    assert_valid_signed_pdf(downloaded(client, letter), letter)
    with django_capture_on_commit_callbacks(execute=True):
        migration.decrypt_existing(apps, None)  # the way back gives the clear letter again
    assert NAME in stored_html(letter) and stored_file(letter).startswith(b"%PDF")


def test_rotating_the_field_key_re_encrypts_everything_and_the_old_key_can_go(
    client, magetan_staff, settings, django_capture_on_commit_callbacks
):
    settings.SIGAP_FIELD_KEYS = [OLD_KEY]
    letters = [signed_letter(magetan_staff) for _ in range(3)]
    case_ids = [letter.case_id for letter in letters]
    settings.SIGAP_FIELD_KEYS = [NEW_KEY]
    with pytest.raises(ValueError):  # without the old key nothing reads
        Case.objects.get(pk=case_ids[0]).nik  # noqa: B018

    settings.SIGAP_FIELD_KEYS = [NEW_KEY, OLD_KEY]
    with pytest.raises(CommandError, match="memerlukan kunci lama"):
        call_command("rotate_field_key", "--check", stdout=io.StringIO())
    out = io.StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("rotate_field_key", "--batch-size", "2", stdout=out)
    report = out.getvalue()
    assert "letters.Letter.html: 0 sudah memakai kunci terbaru, 3 dienkripsi ulang" in report, report
    assert "letters.Letter.pdf: 0 sudah memakai kunci terbaru, 3 dienkripsi ulang" in report, report
    assert "cases.Case.nik_encrypted:" in report and "cases.Case.address_encrypted:" in report
    again = io.StringIO()
    call_command("rotate_field_key", stdout=again)  # resumable and idempotent: nothing left to do
    assert " 0 dienkripsi ulang" in again.getvalue() and " 1 dienkripsi ulang" not in again.getvalue()
    check = io.StringIO()
    call_command("rotate_field_key", "--check", stdout=check)
    assert "kunci lama boleh dihapus" in check.getvalue()

    settings.SIGAP_FIELD_KEYS = [NEW_KEY]  # the old key removed: everything still reads
    for case_id in case_ids:
        case = Case.objects.get(pk=case_id)
        assert case.nik == NIK and case.address == ADDRESS and case.phone
    login(client, magetan_staff["loket"])
    for letter in letters:
        letter = Letter.objects.get(pk=letter.pk)
        assert NAME in letter.html
        assert_valid_signed_pdf(downloaded(client, letter), letter)
    assert len(list(default_storage.listdir("surat/2026")[1])) == 3  # the files under the old key are gone


def test_rotation_reports_values_no_key_opens_and_keeps_them(magetan_staff, settings):
    settings.SIGAP_FIELD_KEYS = ["a-key-that-was-lost-" + "x" * 40]
    case = dtks_to_signing(magetan_staff)
    settings.SIGAP_FIELD_KEYS = [NEW_KEY]
    before = Case.objects.filter(pk=case.pk).values_list("nik_encrypted", flat=True).get()
    out = io.StringIO()
    with pytest.raises(CommandError, match="tidak dapat dibuka"):
        call_command("rotate_field_key", stdout=out)
    assert "cases.Case.nik_encrypted: 0 sudah memakai kunci terbaru, 0 dienkripsi ulang, 1 tidak dapat dibuka" in (
        out.getvalue()
    )
    assert Case.objects.filter(pk=case.pk).values_list("nik_encrypted", flat=True).get() == before
    with pytest.raises(CommandError, match="tidak dapat dibuka"):
        call_command("rotate_field_key", "--check", stdout=io.StringIO())
    with pytest.raises(CommandError, match="batch-size"):
        call_command("rotate_field_key", "--batch-size", "0", stdout=io.StringIO())


cases_migration = importlib.import_module("sigap.cases.migrations.0007_attachment_files_encrypted_at_rest")


def test_uploaded_documents_are_encrypted_at_rest_and_served_as_uploaded(
    client, magetan_staff, django_capture_on_commit_callbacks
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from sigap.cases import services as case_services
    from sigap.cases.models import Attachment
    from tests.factories import pdf_bytes, png_bytes

    case = dtks_to_signing(magetan_staff)
    uploads = {"ktp.pdf": pdf_bytes(), "kk.png": png_bytes()}
    for name, data in uploads.items():
        case_services.attachment_add(
            case=case, user=magetan_staff["loket"], requirement=name, upload=SimpleUploadedFile(name, data)
        )
    login(client, magetan_staff["loket"])
    for attachment in Attachment.objects.filter(case=case):
        original = uploads[attachment.requirement]
        path = Path(django_settings.MEDIA_ROOT) / attachment.file.name
        assert path.read_bytes()[:6] == b"gAAAAA" and original[:4] not in path.read_bytes()
        response = client.get(f"/magetan/permohonan/{case.code}/berkas/{attachment.pk}/")
        served = b"".join(response.streaming_content)
        assert served == original and hashlib.sha256(served).hexdigest() == attachment.sha256

    # Files stored before encryption at rest are encrypted by the migration.
    attachment = Attachment.objects.filter(case=case).first()
    clear_name = default_storage.save("berkas/2026/11/lama.pdf", ContentFile(uploads["ktp.pdf"]))
    Attachment.objects.filter(pk=attachment.pk).update(file=clear_name, requirement="ktp.pdf")
    with django_capture_on_commit_callbacks(execute=True):
        cases_migration.encrypt_existing(apps, None)
        cases_migration.encrypt_existing(apps, None)
    attachment.refresh_from_db()
    assert attachment.file.name != clear_name and not default_storage.exists(clear_name)
    assert (Path(django_settings.MEDIA_ROOT) / attachment.file.name).read_bytes()[:6] == b"gAAAAA"
    with attachment.file.open("rb") as handle:
        assert handle.read() == uploads["ktp.pdf"]
