"""Letters from case to signed, numbered, verifiable PDF; registers and the archive."""

import datetime
import io
import zipfile

import pypdf
import pytest
from openpyxl import load_workbook

from sigap.cases import services as case_services
from sigap.letters import placeholders, services
from sigap.letters.models import Letter, LetterTemplate
from sigap.letters.signing import verify_pdf
from tests.factories import (
    MONDAY,
    NIK,
    decode_qr,
    dtks_to_signing,
    login,
    make_staff,
    open_case,
    pdf_text,
    run,
    step_now,
)


def test_placeholders_fill_and_escape():
    text = "<p>{{ nama_pemohon }} / {{nik_samaran}} / {{ tanggal_surat }}</p>"
    filled = placeholders.fill(
        text, {"nama_pemohon": "Siti <b>", "nik_samaran": "3520********0003", "tanggal_surat": "26 November 2026"}
    )
    assert filled == "<p>Siti &lt;b&gt; / 3520********0003 / 26 November 2026</p>"
    assert placeholders.indonesian_date(datetime.date(2026, 2, 1)) == "1 Februari 2026"
    assert placeholders.initials("Siti Nur Contoh") == "S.N.C."


def test_unknown_placeholder_is_refused_at_save_time_with_its_name(shipped_sops):
    template = LetterTemplate.objects.get(code="surat-keterangan-terdaftar-dtks")
    with pytest.raises(placeholders.PlaceholderError, match=r"\{\{ nama_ayah \}\}"):
        services.letter_template_save(template=template, user=None, title="X", body="<p>{{ nama_ayah }}</p>")
    template.refresh_from_db()
    assert "nama_ayah" not in template.body


def test_template_edit_page_refuses_unknown_placeholder_and_previews(client, magetan_staff):
    from tests.factories import make_staff

    admin = make_staff("magetan", "sekretaris", "admin-surat", admin=True)
    login(client, admin)
    url = "/magetan/surat/templat/surat-keterangan-terdaftar-dtks/"
    response = client.post(url, {"title": "Surat Keterangan", "body": "<p>{{ alamat_rumah }}</p>"})
    assert "alamat_rumah" in response.content.decode() and "tidak dikenal" in response.content.decode()
    response = client.post(
        url, {"title": "Surat Keterangan", "body": "<p>Nama: {{ nama_pemohon }}</p>", "pratinjau": "1"}
    )
    assert "Nama: Siti Contoh" in response.content.decode()
    client.post(url, {"title": "Surat Keterangan", "body": "<p>Nama: {{ nama_pemohon }}</p>"})
    assert LetterTemplate.objects.get(code="surat-keterangan-terdaftar-dtks").body == "<p>Nama: {{ nama_pemohon }}</p>"


def test_signing_step_numbers_signs_and_fixes_the_letter(magetan_staff):
    case = dtks_to_signing(magetan_staff)
    draft = Letter.objects.get(case=case)
    assert draft.status == "draf" and not draft.number and "Siti Contoh" in draft.html
    run(case, magetan_staff["kadis"])  # 5: the Kepala Dinas signs
    letter = Letter.objects.get(case=case)
    assert letter.status == "sah"
    assert letter.number == "400.9/1/403.107/2026"
    text = pdf_text(letter)
    assert "400.9/1/403.107/2026" in text and "PARMINTO BUDI UTOMO" in text and "3520********0003" in text
    assert NIK not in text
    with letter.pdf.open("rb") as handle:
        data = handle.read()
    import hashlib

    assert hashlib.sha256(data).hexdigest() == letter.sha256
    assert verify_pdf(data, expected_sha256=letter.sha256, organization=letter.organization).ok
    assert decode_qr(letter) == [f"http://127.0.0.1:8000/v/{letter.code}"]


def test_modified_pdf_fails_verification(client, magetan_staff):
    case = dtks_to_signing(magetan_staff)
    run(case, magetan_staff["kabid"])
    letter = Letter.objects.get(case=case)
    with letter.pdf.open("rb") as handle:
        data = bytearray(handle.read())
    page = client.get(f"/v/{letter.code}").content.decode()
    assert "SAH" in page and letter.number in page and "S.C." in page and "3520********0003" in page
    assert "Siti Contoh" not in page and NIK not in page
    ok = client.post(f"/v/{letter.code}", {"file": io.BytesIO(bytes(data))}).content.decode()
    assert 'data-check="cocok"' in ok
    data[len(data) // 3] ^= 0x01
    tampered = io.BytesIO(bytes(data))
    tampered.name = "surat.pdf"
    bad = client.post(f"/v/{letter.code}", {"file": tampered}).content.decode()
    assert 'data-check="tidak-cocok"' in bad and "Isi berkas berbeda" in bad


def test_rejected_draft_goes_back_to_the_preparing_step(magetan_staff):
    case = dtks_to_signing(magetan_staff)
    task = step_now(case)
    back = services.letter_reject(
        organization=task.organization, task_id=task.pk, user=magetan_staff["kadis"], reason="Alamat belum lengkap"
    )
    assert back.step_number == 4
    rejected = Letter.objects.get(case=case)
    assert rejected.status == "ditolak" and rejected.note == "Alamat belum lengkap"
    assert case.events.filter(kind="dikirim_balik", note="Alamat belum lengkap").exists()
    run(case, magetan_staff["loket"])  # 4 again: a fresh draft
    run(case, magetan_staff["kadis"])  # 5: signed
    assert list(Letter.objects.filter(case=case).order_by("created_at").values_list("status", flat=True)) == [
        "ditolak",
        "sah",
    ]
    assert Letter.objects.get(case=case, status="sah").number == "400.9/1/403.107/2026"


def test_numbers_are_consecutive_and_a_revoked_number_stays_in_the_register(client, magetan_staff):
    letters = []
    for _ in range(3):
        case = dtks_to_signing(magetan_staff)
        run(case, magetan_staff["kabid"])
        letters.append(Letter.objects.get(case=case))
    assert [letter.sequence for letter in letters] == [1, 2, 3]
    services.letter_revoke(letter=letters[1], by=magetan_staff["kadis"], reason="Salah nama")
    correction = services.letter_correct(letter=letters[2], by=magetan_staff["kadis"], reason="Koreksi alamat")
    assert correction.sequence == 4 and correction.replaces_id == letters[2].pk
    letters[2].refresh_from_db()
    assert letters[2].status == "dicabut" and correction.number in letters[2].note
    login(client, magetan_staff["loket"])
    register = client.get("/magetan/surat/").content.decode()
    for number in ("400.9/1/403.107/2026", "400.9/2/403.107/2026", "400.9/3/403.107/2026", "400.9/4/403.107/2026"):
        assert number in register
    assert "Salah nama" in register
    public = client.get(f"/v/{letters[1].code}").content.decode()
    assert "TELAH DICABUT" in public


def test_adoption_letters_magetan_pengantar_and_province_sk(magetan_staff):
    s = magetan_staff
    case = open_case(s, "pelayanan-proses-adopsi-anak")
    for user, decision in ((s["rehsos"], None), (s["rehsos"], None), (s["rehsos"], None), (s["rehsos"], True)):
        run(case, user, decision=decision)
    assert Letter.objects.get(case=case, organization__slug="magetan").status == "draf"
    run(case, s["kabid_rehsos"])  # 6: surat pengantar signed by Kabid Yanrehsos
    pengantar = Letter.objects.get(case=case, organization__slug="magetan")
    assert pengantar.status == "sah" and pengantar.kind == "Surat Pengantar Adopsi"
    for _ in range(3):  # 7 by Magetan, 8 and 9 by the province
        run(case, s["rehsos"] if step_now(case).organization.slug == "magetan" else s["jatim"])
    assert step_now(case).step_number == 10
    run(case, make_staff("jatim", "kadis", "kadis-jatim"))  # 10: the province's Kepala Dinas issues the SK
    sk = Letter.objects.get(case=case, organization__slug="jatim")
    assert sk.status == "sah" and sk.number == "400.9.4/1/107.3/2026"
    assert verify_pdf(sk.pdf.open("rb").read(), expected_sha256=sk.sha256, organization=sk.organization).ok


def test_sop_register_excel_matches_the_cases(client, magetan_staff):
    cases = [dtks_to_signing(magetan_staff) for _ in range(3)]
    run(cases[0], magetan_staff["kabid"])
    login(client, magetan_staff["loket"])
    response = client.get("/magetan/register/surat-keterangan-terdaftar-dtks/", {"format": "xlsx"})
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    sheet = workbook.active
    assert sheet.freeze_panes == "A2" and sheet.auto_filter.ref == "A1:I4"
    header = [c.value for c in sheet[1]]
    assert header[:4] == ["Tanggal masuk", "Kode lacak", "Pemohon", "NIK"]
    rows = {row[1]: row for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert set(rows) == {c.code for c in cases}
    signed = rows[cases[0].code]
    assert isinstance(signed[0], datetime.datetime) and signed[3] == "3520********0003"
    assert signed[6] == Letter.objects.get(case=cases[0]).number
    assert rows[cases[1].code][6] is None
    pdf = client.get("/magetan/register/surat-keterangan-terdaftar-dtks/", {"format": "pdf"})
    text = " ".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(pdf.content)).pages)
    assert "Halaman 1 dari" in text and cases[0].code in text and "PARMINTO BUDI UTOMO" in text


def test_register_filters_by_status_and_period(client, magetan_staff):
    done = dtks_to_signing(magetan_staff)
    run(done, magetan_staff["kabid"])
    run(done, magetan_staff["loket"])
    dtks_to_signing(magetan_staff, now=MONDAY + datetime.timedelta(days=7))
    login(client, magetan_staff["loket"])
    page = client.get("/magetan/register/surat-keterangan-terdaftar-dtks/", {"status": "selesai"}).content.decode()
    assert done.code in page and "1 permohonan" in page
    page = client.get("/magetan/register/surat-keterangan-terdaftar-dtks/", {"mulai": "2026-11-30"}).content.decode()
    assert done.code not in page


def test_case_archive_zip(client, magetan_staff):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.factories import pdf_bytes

    case = dtks_to_signing(magetan_staff)
    case_services.attachment_add(
        case=case,
        user=magetan_staff["loket"],
        requirement="Fotokopi KTP pemohon",
        upload=SimpleUploadedFile("ktp.pdf", pdf_bytes()),
    )
    run(case, magetan_staff["kadis"])
    login(client, magetan_staff["loket"])
    response = client.get(f"/magetan/permohonan/{case.code}/arsip.zip")
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    names = archive.namelist()
    assert "index.html" in names and "riwayat.html" in names
    assert any(n.startswith("berkas/") for n in names)
    assert "surat/400.9-1-403.107-2026.pdf" in names
    index = archive.read("index.html").decode()
    assert case.code in index and "Fotokopi KTP pemohon" in index
    assert "Permohonan diterima" in archive.read("riwayat.html").decode()


def test_letters_of_another_organization_are_404(client, magetan_staff):
    case = dtks_to_signing(magetan_staff)
    run(case, magetan_staff["kadis"])
    letter = Letter.objects.get(case=case)
    login(client, magetan_staff["bangkalan"])
    for url in (
        f"/magetan/surat/{letter.code}/",
        f"/magetan/surat/{letter.code}/pdf/",
        "/magetan/surat/",
        f"/magetan/permohonan/{case.code}/arsip.zip",
        "/magetan/register/surat-keterangan-terdaftar-dtks/",
    ):
        assert client.get(url).status_code == 404, url
    assert client.get(f"/bangkalan/surat/{letter.code}/").status_code == 404


def test_a_failed_correction_leaves_nothing_behind(magetan_staff, tmp_path, settings):
    from sigap.cases.services import CaseError

    case = dtks_to_signing(magetan_staff)
    run(case, magetan_staff["kabid"])
    letter = Letter.objects.get(case=case)
    good_keys = settings.SIGAP_SIGNING_DIR
    settings.SIGAP_SIGNING_DIR = tmp_path  # no certificate: signing fails
    with pytest.raises(CaseError, match="belum dipasang"):
        services.letter_correct(letter=letter, by=magetan_staff["kadis"], reason="Koreksi")
    assert Letter.objects.filter(case=case).count() == 1
    settings.SIGAP_SIGNING_DIR = good_keys
    correction = services.letter_correct(letter=letter, by=magetan_staff["kadis"], reason="Koreksi")
    assert correction.sequence == 2


def test_only_the_units_head_or_the_head_of_office_revokes(client, magetan_staff):
    case = dtks_to_signing(magetan_staff)
    run(case, magetan_staff["kabid"])
    letter = Letter.objects.get(case=case)
    login(client, magetan_staff["kabid_rehsos"])  # head of another unit
    assert client.post(f"/magetan/surat/{letter.code}/cabut/", {"reason": "x"}).status_code == 404
    login(client, magetan_staff["loket"])
    assert client.post(f"/magetan/surat/{letter.code}/cabut/", {"reason": "x"}).status_code == 404
    login(client, magetan_staff["kabid"])
    client.post(f"/magetan/surat/{letter.code}/cabut/", {"reason": "Salah alamat"})
    letter.refresh_from_db()
    assert letter.status == "dicabut"


def test_register_filter_with_a_huge_officer_id_is_not_an_error(client, magetan_staff):
    login(client, magetan_staff["loket"])
    response = client.get("/magetan/register/surat-keterangan-terdaftar-dtks/", {"petugas": "9" * 30})
    assert response.status_code == 200


def test_rejecting_a_draft_claimed_by_another_official_is_refused(magetan_staff):
    from sigap.cases import services as case_services
    from sigap.cases.services import CaseError

    case = dtks_to_signing(magetan_staff)
    task = step_now(case)
    case_services.task_claim(organization=task.organization, task_id=task.pk, user=magetan_staff["kabid"])
    with pytest.raises(CaseError, match="sedang dikerjakan"):
        services.letter_reject(organization=task.organization, task_id=task.pk, user=magetan_staff["kadis"], reason="x")
    with pytest.raises(CaseError, match="sedang dikerjakan"):
        case_services.case_return_documents(
            organization=task.organization, task_id=task.pk, user=magetan_staff["kadis"], missing=["KK"]
        )
