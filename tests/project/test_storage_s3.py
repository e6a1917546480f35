"""Files on an S3-compatible object store (SIGAP_S3_BUCKET): uploads, signed letters, logos and the case archive
go through Django's storage API, against a local S3 server (moto's server mode); they reach users only through
the authorizing views, sent with Cache-Control: no-store, and nothing lands on the local disk."""

import io
import zipfile

import pypdf
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile

from sigap import privacy
from sigap.cases.opening import Requirement
from sigap.letters.models import Letter
from sigap.letters.signing import verify_pdf
from tests.factories import dtks_to_signing, login, open_case, pdf_bytes, png_bytes, run, s3_objects


def no_store(response) -> bool:
    return "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]


def test_settings_choose_s3_by_environment(s3_storage, settings):
    options = settings.STORAGES["default"]["OPTIONS"]
    assert options["bucket_name"] == s3_storage.bucket and options["endpoint_url"] == s3_storage.endpoint
    assert options["file_overwrite"] is False and options["default_acl"] is None


def test_upload_download_signed_letter_and_archive_through_s3(client, magetan_staff, s3_storage, settings):
    content = pdf_bytes()
    case = open_case(
        magetan_staff,
        "surat-keterangan-terdaftar-dtks",
        requirements=[Requirement("Fotokopi KTP pemohon", True, SimpleUploadedFile("ktp.pdf", content))],
    )
    attachment = case.attachments.get()
    stored = s3_objects(s3_storage.client, s3_storage.bucket)
    assert set(stored) == {attachment.file.name} and content not in stored[attachment.file.name]
    assert privacy.decrypt_bytes(stored[attachment.file.name]) == content  # encrypted at rest on the store too
    assert not any(settings.MEDIA_ROOT.rglob("*.pdf"))  # nothing on this machine's disk

    login(client, magetan_staff["loket"])
    response = client.get(f"/magetan/permohonan/{case.code}/berkas/{attachment.pk}/")
    assert response.status_code == 200 and b"".join(response.streaming_content) == content
    assert no_store(response) and response["Content-Type"] == "application/pdf"

    magetan = case.organization
    magetan.logo.save("kop.png", ContentFile(png_bytes(30, 20)))  # the letterhead's logo, on the store too
    run(case, magetan_staff["loket"], decision=True)
    run(case, magetan_staff["loket"])
    run(case, magetan_staff["kadis"])  # signs
    letter = Letter.objects.get(case=case)
    stored = s3_objects(s3_storage.client, s3_storage.bucket)
    assert set(stored) == {attachment.file.name, magetan.logo.name, letter.pdf.name}

    login(client, magetan_staff["kadis"])
    response = client.get(f"/magetan/surat/{letter.code}/pdf/")
    signed = b"".join(response.streaming_content)
    assert (
        response.status_code == 200 and no_store(response) and signed == privacy.decrypt_bytes(stored[letter.pdf.name])
    )
    check = verify_pdf(signed, expected_sha256=letter.sha256, organization=magetan)
    assert check.ok
    images = [image.image.size for page in pypdf.PdfReader(io.BytesIO(signed)).pages for image in page.images]
    assert (30, 20) in images  # the logo, read from the store

    response = client.get(f"/magetan/permohonan/{case.code}/arsip.zip")
    assert response.status_code == 200 and no_store(response)
    with zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content))) as archive:
        files = {name: archive.read(name) for name in archive.namelist()}
    assert content in files.values() and signed in files.values()


def test_two_uploads_with_the_same_name_keep_both_files(magetan_staff, s3_storage):
    """As on disk, a name in use gets a new one on the store: nothing is overwritten."""
    first = open_case(
        magetan_staff,
        "surat-keterangan-terdaftar-dtks",
        requirements=[Requirement("Fotokopi KTP pemohon", True, SimpleUploadedFile("ktp.png", png_bytes(8, 8)))],
    )
    attachment = first.attachments.get()
    name = attachment.file.name
    attachment.file.save(name.rsplit("/", 1)[-1], ContentFile(png_bytes(9, 9)), save=False)
    assert attachment.file.name != name
    assert len(s3_objects(s3_storage.client, s3_storage.bucket)) == 2


def test_store_urls_are_never_offered_to_users(client, magetan_staff, s3_storage):
    """The case and letter pages link files through the authorizing views, never through the store's address."""
    case = dtks_to_signing(magetan_staff)
    case.attachments.model.objects.filter(case=case).delete()
    run(case, magetan_staff["kadis"])
    login(client, magetan_staff["kadis"])
    letter = Letter.objects.get(case=case)
    for url in (f"/magetan/permohonan/{case.code}/", f"/magetan/surat/{letter.code}/"):
        page = client.get(url).content.decode()
        assert s3_storage.endpoint not in page and "X-Amz-" not in page and s3_storage.bucket not in page
