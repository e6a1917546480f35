"""Uploads open as what they claim to be before anything is stored (sigap.cases.uploads)."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from sigap.cases.models import Attachment, Case
from sigap.cases.uploads import UploadError, check_upload
from tests.factories import NIK, login, pdf_bytes, png_bytes


def jpeg_bytes() -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "white").save(buffer, format="JPEG")
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("name", "content", "content_type"),
    [
        ("ktp.png", png_bytes(), "image/png"),
        ("ktp.jpg", jpeg_bytes(), "image/jpeg"),
        ("ktp.pdf", pdf_bytes(), "application/pdf"),
    ],
)
def test_real_files_are_accepted(name, content, content_type):
    checked = check_upload(SimpleUploadedFile(name, content))
    assert checked.content_type == content_type and len(checked.sha256) == 64


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("ktp.pdf", b"%PDF-1.4\n%fake pdf\n", "ktp.pdf tidak dapat dibuka sebagai PDF"),  # 19 bytes
        ("ktp.pdf", pdf_bytes()[: len(pdf_bytes()) // 2], "ktp.pdf tidak dapat dibuka sebagai PDF"),
        ("kk.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, "kk.png tidak dapat dibuka sebagai gambar PNG"),
        ("kk.png", png_bytes(64, 64)[:-30], "kk.png tidak dapat dibuka sebagai gambar PNG"),
        ("foto.jpg", b"\xff\xd8\xff\xe0" + b"\x00" * 64, "foto.jpg tidak dapat dibuka sebagai gambar JPEG"),
        ("ktp.pdf", b"MZ\x90\x00 not a pdf", "ktp.pdf bukan PDF, JPEG atau PNG"),
    ],
)
def test_files_that_do_not_open_are_refused_naming_the_file(name, content, message):
    with pytest.raises(UploadError, match=message):
        check_upload(SimpleUploadedFile(name, content))


def test_a_password_locked_pdf_is_refused():
    import pypdf

    writer = pypdf.PdfWriter()
    writer.add_blank_page(width=100, height=100)
    writer.encrypt("rahasia")
    buffer = io.BytesIO()
    writer.write(buffer)
    with pytest.raises(UploadError, match="dikunci dengan kata sandi"):
        check_upload(SimpleUploadedFile("ktp.pdf", buffer.getvalue()))


def test_a_control_character_in_the_file_name_stays_out_of_the_message():
    with pytest.raises(UploadError) as refused:
        check_upload(SimpleUploadedFile("k\x00t\x1bp.pdf", b"%PDF-1.4\n%fake pdf\n"))
    assert str(refused.value).startswith("ktp.pdf tidak dapat dibuka")


def test_fake_pdf_on_the_counter_form_stores_nothing(client, magetan_staff, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    login(client, magetan_staff["loket"])
    response = client.post(
        "/magetan/permohonan/baru/surat-keterangan-terdaftar-dtks/",
        {
            "applicant_name": "Sri Contoh",
            "nik": NIK,
            "file_0": SimpleUploadedFile("ktp.pdf", png_bytes(), content_type="application/pdf"),
            "file_1": SimpleUploadedFile("kk.pdf", b"%PDF-1.4\n%fake pdf\n", content_type="application/pdf"),
        },
    )
    assert response.status_code == 200
    assert "kk.pdf tidak dapat dibuka sebagai PDF" in response.content.decode()
    assert not Case.objects.exists() and not Attachment.objects.exists()
    assert not any(tmp_path.rglob("*.*"))


def test_the_forms_tell_the_upload_limit_that_applies(client, magetan_staff, settings):
    from tests.factories import login, open_case

    settings.SIGAP_UPLOAD_MAX_BYTES = 2 * 1024 * 1024
    login(client, magetan_staff["loket"])
    counter = client.get("/magetan/permohonan/baru/surat-keterangan-terdaftar-dtks/").content.decode()
    case = open_case(magetan_staff, "surat-keterangan-terdaftar-dtks")
    correction = client.get(f"/magetan/permohonan/{case.code}/koreksi/").content.decode()
    for page in (counter, correction):
        assert "paling besar 2 MB" in page and "5 MB" not in page


def test_an_empty_file_on_the_counter_form_is_named_and_nothing_is_stored(client, magetan_staff, tmp_path, settings):
    """A zero-byte file used to make the form invalid without a word on the page."""
    settings.MEDIA_ROOT = tmp_path
    login(client, magetan_staff["loket"])
    response = client.post(
        "/magetan/permohonan/baru/surat-keterangan-terdaftar-dtks/",
        {
            "applicant_name": "Sri Contoh",
            "nik": NIK,
            "file_0": SimpleUploadedFile("ktp.pdf", b"", content_type="application/pdf"),
        },
    )
    assert response.status_code == 200 and "ktp.pdf kosong" in response.content.decode()
    assert not Case.objects.exists() and not Attachment.objects.exists()
    assert not any(tmp_path.rglob("*.*"))


def test_an_empty_file_on_the_correction_page_is_named_and_nothing_is_stored(client, magetan_staff, tmp_path, settings):
    from tests.factories import open_case

    settings.MEDIA_ROOT = tmp_path
    case = open_case(magetan_staff, "surat-keterangan-terdaftar-dtks")
    login(client, magetan_staff["loket"])
    response = client.post(
        f"/magetan/permohonan/{case.code}/koreksi/",
        {"bagian": "kelengkapan", "req_0": "on", "file_1": SimpleUploadedFile("kk.png", b"", content_type="image/png")},
    )
    assert response.status_code == 200 and "kk.png kosong" in response.content.decode()
    assert not Attachment.objects.exists() and not any(tmp_path.rglob("*.*"))
