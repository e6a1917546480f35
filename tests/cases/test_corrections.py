"""Corrections of an open case (sigap.cases.corrections) and its files, through services and pages."""

import logging

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from sigap.cases import corrections
from sigap.cases.errors import CaseError
from sigap.cases.models import Attachment, Case, CaseEvent
from sigap.cases.opening import Requirement
from sigap.privacy import keyed_hash
from tests.factories import NIK, login, open_case, pdf_bytes, png_bytes, run

NEW_NIK = "3520015507900002"  # synthetic: Magetan, a woman born 15 July 1990


@pytest.fixture
def case(magetan_staff):
    return open_case(magetan_staff, "surat-keterangan-terdaftar-dtks")


def correct_url(case):
    return f"/magetan/permohonan/{case.code}/koreksi/"


class Records(logging.Handler):
    def __init__(self):
        super().__init__(logging.DEBUG)
        self.lines: list[str] = []

    def emit(self, record):
        self.lines.append(record.getMessage() + repr(getattr(record, "args", "")))


def test_the_applicant_is_corrected_with_before_and_after_in_the_history(client, magetan_staff, case):
    records = Records()
    logging.getLogger().addHandler(records)
    try:
        login(client, magetan_staff["loket"])
        response = client.post(
            correct_url(case),
            {
                "bagian": "pemohon",
                "applicant_name": "Siti Contoh Baru",
                "nik": NEW_NIK,
                "phone": "081299999999",
                "address": "Jl. Contoh 2",
                "reason": "salah ketik",
            },
        )
    finally:
        logging.getLogger().removeHandler(records)
    assert response.status_code == 302 and response.url == f"/magetan/permohonan/{case.code}/"
    case.refresh_from_db()
    assert case.applicant_name == "Siti Contoh Baru" and case.nik == NEW_NIK and case.nik_hash == keyed_hash(NEW_NIK)
    assert case.nik_masked == "3520********0002" and case.phone == "081299999999" and case.address == "Jl. Contoh 2"
    event = case.events.get(kind=CaseEvent.Kind.CORRECTED)
    stored = repr(event.data) + event.note
    assert "3520********0003" in stored and "3520********0002" in stored
    # Never the full NIK; phone and address stay encrypted in the history as on the case.
    for secret in (NIK, NEW_NIK, "081299999999", "081200000000", "Jl. Contoh 2"):
        assert secret not in stored
        assert not any(secret in line for line in records.lines)
    page = client.get(f"/magetan/permohonan/{case.code}/").content.decode()
    assert "Data permohonan dikoreksi" in page and "salah ketik" in page
    assert "Nama pemohon: <del>Siti Contoh</del> → Siti Contoh Baru" in page
    assert "NIK: <del>3520********0003</del> → 3520********0002" in page
    # Phone and address are personal data: masked in the history, as the NIK is.
    assert "Nomor telepon/WA: <del>0812****0000</del> → 0812****9999" in page
    assert "Alamat: <del>Jl.…</del> → Jl.…" in page
    for secret in (NIK, NEW_NIK, "081299999999", "081200000000", "Jl. Contoh 2", "Contoh 1"):
        assert secret not in page
    # The corrected NIK finds the case, the old one no longer does.
    assert case.code in client.post("/magetan/permohonan/", {"q": NEW_NIK}).content.decode()
    assert case.code not in client.post("/magetan/permohonan/", {"q": NIK}).content.decode()


def test_the_correction_page_never_shows_the_full_nik(client, magetan_staff, case):
    login(client, magetan_staff["loket"])
    page = client.get(correct_url(case)).content.decode()
    assert "NIK sekarang: 3520********0003" in page and NIK not in page and 'value="Siti Contoh"' in page


def test_an_empty_nik_keeps_it_and_nothing_changed_is_refused(magetan_staff, case):
    with pytest.raises(CaseError, match="Tidak ada yang berubah"):
        corrections.case_correct_applicant(
            organization=case.organization,
            case_id=case.pk,
            user=magetan_staff["loket"],
            applicant_name="Siti Contoh",
            phone="081200000000",
            address="Jl. Contoh 1",
            reason="periksa",
        )
    event = corrections.case_correct_applicant(
        organization=case.organization,
        case_id=case.pk,
        user=magetan_staff["loket"],
        applicant_name="Siti Contoh",
        phone="0813 0000 0000",
        address="Jl. Contoh 1",
        reason="nomor baru",
    )
    case.refresh_from_db()
    assert case.nik == NIK and [c.label for c in corrections.changes_of(event)] == ["Nomor telepon/WA"]


def test_missing_uploads_are_added_and_the_checklist_corrected(client, magetan_staff, case):
    login(client, magetan_staff["loket"])
    page = client.get(correct_url(case)).content.decode()
    assert "Fotokopi Kartu Keluarga" in page  # the SOP's whole list, not only what was recorded at opening
    items = list(corrections.checklist(case))
    assert items[:2] == ["Fotokopi KTP pemohon", "Fotokopi Kartu Keluarga"]
    response = client.post(
        correct_url(case),
        {
            "bagian": "kelengkapan",
            "req_0": "",  # the ID card copy was ticked by mistake
            "file_1": SimpleUploadedFile("kk.png", png_bytes(), content_type="image/png"),
            "reason": "pemohon kembali membawa KK",
        },
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert [(r["item"], r["ada"]) for r in case.requirements][:2] == [
        ("Fotokopi KTP pemohon", False),
        ("Fotokopi Kartu Keluarga", True),
    ]
    event = case.events.get(kind=CaseEvent.Kind.CORRECTED)
    attachment = Attachment.objects.get()
    assert attachment.event == event and attachment.requirement == "Fotokopi Kartu Keluarga"
    page = client.get(f"/magetan/permohonan/{case.code}/").content.decode()
    assert "Fotokopi KTP pemohon: <del>ada</del> → belum ada" in page
    assert "Fotokopi Kartu Keluarga: <del>belum ada</del> → ada" in page
    assert "Berkas ditambahkan: Fotokopi Kartu Keluarga: kk.png" in page


def test_a_bad_upload_changes_nothing(client, magetan_staff, case):
    login(client, magetan_staff["loket"])
    response = client.post(
        correct_url(case),
        {
            "bagian": "kelengkapan",
            "req_0": "on",
            "req_2": "on",
            "file_1": SimpleUploadedFile("kk.pdf", b"%PDF-1.4\n%fake pdf\n", content_type="application/pdf"),
        },
    )
    assert response.status_code == 200 and "kk.pdf tidak dapat dibuka sebagai PDF" in response.content.decode()
    case.refresh_from_db()
    assert [r["item"] for r in case.requirements] == ["Fotokopi KTP pemohon"]
    assert not Attachment.objects.exists() and not case.events.filter(kind=CaseEvent.Kind.CORRECTED).exists()


def test_an_item_outside_the_checklist_is_refused(magetan_staff, case):
    with pytest.raises(CaseError, match="bukan kelengkapan permohonan ini"):
        corrections.case_update_requirements(
            organization=case.organization,
            case_id=case.pk,
            user=magetan_staff["loket"],
            requirements=[Requirement("Surat sakti", True)],
        )


def test_a_closed_case_is_not_corrected(client, magetan_staff, case):
    run(case, magetan_staff["loket"], decision=False)
    run(case, magetan_staff["loket"])
    case.refresh_from_db()
    assert case.status == Case.Status.DONE
    with pytest.raises(CaseError, match="sudah selesai"):
        corrections.case_correct_applicant(
            organization=case.organization, case_id=case.pk, user=magetan_staff["loket"], applicant_name="X"
        )
    login(client, magetan_staff["loket"])
    assert 'id="koreksi"' not in client.get(f"/magetan/permohonan/{case.code}/").content.decode()
    response = client.post(correct_url(case), {"bagian": "pemohon", "applicant_name": "X"}, follow=True)
    assert "tidak dapat dikoreksi" in response.content.decode()
    case.refresh_from_db()
    assert case.applicant_name == "Siti Contoh"


def test_only_staff_who_work_the_case_correct_it(client, magetan_staff, case):
    outsider = magetan_staff["sekretariat"]  # a member of the office, not of the SOP's unit or lanes
    with pytest.raises(CaseError, match="tidak termasuk petugas"):
        corrections.case_correct_applicant(
            organization=case.organization, case_id=case.pk, user=outsider, applicant_name="X"
        )
    login(client, outsider)
    assert 'id="koreksi"' not in client.get(f"/magetan/permohonan/{case.code}/").content.decode()
    client.post(correct_url(case), {"bagian": "pemohon", "applicant_name": "X"})
    login(client, magetan_staff["kabid"])  # the head of the unit does
    assert 'id="koreksi"' in client.get(f"/magetan/permohonan/{case.code}/").content.decode()
    login(client, magetan_staff["bangkalan"])
    assert client.get(correct_url(case)).status_code == 404
    case.refresh_from_db()
    assert case.applicant_name == "Siti Contoh"


def test_a_case_of_another_organization_is_not_found_by_the_service(magetan_staff, case):
    from sigap.orgs.models import Organization

    with pytest.raises(CaseError, match="tidak ditemukan"):
        corrections.case_correct_applicant(
            organization=Organization.objects.get(slug="bangkalan"),
            case_id=case.pk,
            user=magetan_staff["bangkalan"],
            applicant_name="X",
        )


def test_uploaded_files_open_from_the_case_page_for_members_only(client, magetan_staff, magetan_case_with_files):
    case, pdf, png = magetan_case_with_files
    login(client, magetan_staff["sekretariat"])  # a member of the office outside the case's lanes reads nothing
    assert client.get(f"/magetan/permohonan/{case.code}/").status_code == 404
    assert client.get(f"/magetan/permohonan/{case.code}/berkas/{pdf.pk}/").status_code == 404
    login(client, magetan_staff["kabid"])  # the head of the SOP's unit reads it
    page = client.get(f"/magetan/permohonan/{case.code}/").content.decode()
    url = f"/magetan/permohonan/{case.code}/berkas/{pdf.pk}/"
    assert f'href="{url}"' in page and "/media/" not in page
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'inline; filename="ktp.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff" and "no-store" in response["Cache-Control"]
    assert b"".join(response.streaming_content) == pdf_bytes()
    download = client.get(f"/magetan/permohonan/{case.code}/berkas/{png.pk}/", {"unduh": "1"})
    assert download["Content-Type"] == "image/png" and download["Content-Disposition"].startswith("attachment;")
    assert client.get(f"/magetan/permohonan/{case.code}/berkas/{png.pk + 1000}/").status_code == 404
    other = open_case(magetan_staff, "reaktifasi-kartu-pbi-jkn")
    assert client.get(f"/magetan/permohonan/{other.code}/berkas/{pdf.pk}/").status_code == 404  # not its case
    for outsider, slug in ((magetan_staff["bangkalan"], "magetan"), (magetan_staff["bangkalan"], "bangkalan")):
        login(client, outsider)
        assert client.get(f"/{slug}/permohonan/{case.code}/berkas/{pdf.pk}/").status_code == 404
    client.logout()
    assert client.get(url).status_code == 302


@pytest.fixture
def magetan_case_with_files(magetan_staff):
    case = open_case(
        magetan_staff,
        "surat-keterangan-terdaftar-dtks",
        requirements=[
            Requirement("Fotokopi KTP pemohon", True, SimpleUploadedFile("ktp.pdf", pdf_bytes())),
            Requirement("Fotokopi Kartu Keluarga", True, SimpleUploadedFile("kk.png", png_bytes())),
        ],
    )
    return case, Attachment.objects.get(original_name="ktp.pdf"), Attachment.objects.get(original_name="kk.png")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"applicant_name": "S" * 5000}, "paling banyak 200 karakter"),
        ({"applicant_name": "Siti", "nik": "35200"}, "NIK harus 16 angka"),
        ({"applicant_name": "Siti", "phone": "9" * 300}, "paling banyak 30 karakter"),
        ({"applicant_name": "Siti", "address": "J" * 5000}, "paling banyak 500 karakter"),
        ({"applicant_name": "Siti", "reason": "R" * 5000}, "paling banyak 500 karakter"),
        ({"applicant_name": "   "}, "Bidang ini tidak boleh kosong"),
    ],
)
def test_bad_input_on_the_correction_form_gets_a_clear_message(client, magetan_staff, case, data, message):
    login(client, magetan_staff["loket"])
    response = client.post(correct_url(case), {"bagian": "pemohon", **data})
    assert response.status_code == 200 and message in response.content.decode()
    case.refresh_from_db()
    assert case.applicant_name == "Siti Contoh" and not case.events.filter(kind=CaseEvent.Kind.CORRECTED).exists()


def test_a_nul_in_the_requirements_note_is_refused_and_changes_nothing(client, magetan_staff, case):
    login(client, magetan_staff["loket"])
    response = client.post(correct_url(case), {"bagian": "kelengkapan", "req_1": "on", "reason": "KK\x00"})
    assert response.status_code == 400 and "karakter kendali" in response.content.decode()
    assert not case.events.filter(kind=CaseEvent.Kind.CORRECTED).exists()
