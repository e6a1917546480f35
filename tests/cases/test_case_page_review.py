"""Defects a reviewer found on the case pages: phone numbers, masked history, the resume checklist, the
returned-documents checklist, refused cases, the receipt's times, the correction button and its reason."""

import datetime

import pytest

from sigap.cases import corrections, services
from sigap.cases.errors import CaseError
from sigap.cases.models import Case, CaseEvent
from sigap.cases.phone import mask_phone, normalize_phone
from sigap.orgs.models import Organization
from sigap.sop.models import Sop
from tests.factories import MONDAY, NIK, login, open_case, run, step_now

DTKS = "surat-keterangan-terdaftar-dtks"


def correct_url(case):
    return f"/magetan/permohonan/{case.code}/koreksi/"


def _correction(**fields):
    return {
        "bagian": "pemohon",
        "applicant_name": "Siti Contoh",
        "nik": "",
        "phone": "081200000000",
        "address": "Jl. Contoh 1",
        "reason": "salah ketik",
        **fields,
    }


# 8: phone numbers


@pytest.mark.parametrize(
    ("typed", "stored"),
    [("0812-3456 7890", "081234567890"), ("+62 812 3456 7890", "+6281234567890"), ("  ", ""), ("02153", None)],
)
def test_phone_numbers_are_normalized_or_refused(typed, stored):
    if stored is None:
        with pytest.raises(CaseError, match="8 sampai 15 angka"):
            normalize_phone(typed)
    else:
        assert normalize_phone(typed) == stored


@pytest.mark.parametrize("typed", ["abc", "0812abc", "08+12345678", "1" * 16])
def test_the_counter_form_refuses_a_phone_that_is_not_one(client, magetan_staff, typed):
    login(client, magetan_staff["loket"])
    response = client.post(
        f"/magetan/permohonan/baru/{DTKS}/", {"applicant_name": "Sri Contoh", "nik": NIK, "phone": typed}
    )
    assert response.status_code == 200 and "Nomor telepon" in response.content.decode()
    assert not Case.objects.exists()


def test_the_services_refuse_a_phone_that_is_not_one(magetan_staff):
    with pytest.raises(CaseError, match="Nomor telepon"):
        services.case_open(
            organization=Organization.objects.get(slug="magetan"),
            sop=Sop.objects.get(organization__slug="magetan", code=DTKS),
            opened_by=magetan_staff["loket"],
            applicant_name="Sri Contoh",
            nik=NIK,
            phone="abc",
        )
    case = open_case(magetan_staff, DTKS)
    with pytest.raises(CaseError, match="Nomor telepon"):
        corrections.case_correct_applicant(
            organization=case.organization,
            case_id=case.pk,
            user=magetan_staff["loket"],
            applicant_name="Siti Contoh",
            phone="abc",
            reason="nomor baru",
        )
    case.refresh_from_db()
    assert case.phone == "081200000000" and not case.events.filter(kind=CaseEvent.Kind.CORRECTED).exists()


def test_the_correction_form_refuses_a_phone_that_is_not_one(client, magetan_staff):
    case = open_case(magetan_staff, DTKS)
    login(client, magetan_staff["loket"])
    response = client.post(correct_url(case), _correction(phone="abc"))
    assert response.status_code == 200 and "Nomor telepon hanya boleh berisi angka" in response.content.decode()
    case.refresh_from_db()
    assert case.phone == "081200000000"


# 9: phone and address masked in the history


def test_phone_and_address_are_masked_in_the_stored_event_and_on_the_page(client, magetan_staff):
    case = open_case(magetan_staff, DTKS)
    login(client, magetan_staff["loket"])
    client.post(correct_url(case), _correction(phone="081234567890", address="Dusun Baru RT 1"))
    event = case.events.get(kind=CaseEvent.Kind.CORRECTED)
    stored = repr(event.data)
    for secret in ("081234567890", "081200000000", "Dusun Baru RT 1", "Jl. Contoh 1"):
        assert secret not in stored
    assert mask_phone("081234567890") in stored
    page = client.get(f"/magetan/permohonan/{case.code}/").content.decode()
    assert "<del>0812****0000</del> → 0812****7890" in page and "<del>Jl.…</del> → Dusun…" in page
    assert "081234567890" not in page and "Dusun Baru RT 1" not in page


def test_an_event_stored_encrypted_before_is_shown_masked(magetan_staff):
    from sigap.privacy import encrypt

    case = open_case(magetan_staff, DTKS)
    event = CaseEvent.objects.create(
        case=case,
        at=MONDAY,
        kind=CaseEvent.Kind.CORRECTED,
        data={"koreksi": [{"isian": "phone", "sebelum": encrypt("abc"), "sesudah": encrypt("081234567890")}]},
    )
    assert [(c.before, c.after) for c in corrections.changes_of(event)] == [("***", "0812****7890")]


# 23: a correction needs a reason


def test_a_correction_without_a_reason_is_refused(client, magetan_staff):
    case = open_case(magetan_staff, DTKS)
    login(client, magetan_staff["loket"])
    response = client.post(correct_url(case), _correction(applicant_name="Siti Baru", reason="  "))
    assert response.status_code == 200 and "Alasan koreksi wajib diisi." in response.content.decode()
    with pytest.raises(CaseError, match="Alasan koreksi wajib diisi"):
        corrections.case_correct_applicant(
            organization=case.organization, case_id=case.pk, user=magetan_staff["loket"], applicant_name="Siti Baru"
        )
    case.refresh_from_db()
    assert case.applicant_name == "Siti Contoh" and not case.events.filter(kind=CaseEvent.Kind.CORRECTED).exists()


# 22: the correction link is a button like the others


def test_the_correction_link_is_a_normal_secondary_button(client, magetan_staff):
    case = open_case(magetan_staff, DTKS)
    login(client, magetan_staff["loket"])
    page = client.get(f"/magetan/permohonan/{case.code}/").content.decode()
    assert '<a class="btn btn-outline-primary btn-sm" id="koreksi"' in page


# 10 and 11: returned documents, the checklist, the resume


def _returned(staff, missing):
    requirements = [
        services.Requirement("Fotokopi KTP pemohon", True),
        services.Requirement("Fotokopi Kartu Keluarga", False),
        services.Requirement("Surat pengantar dari Desa/Kelurahan", False),
    ]
    case = open_case(staff, DTKS, requirements=requirements)
    services.case_return_documents(
        organization=case.organization,
        task_id=step_now(case).pk,
        user=staff["loket"],
        missing=missing,
        now=MONDAY + datetime.timedelta(minutes=3),
    )
    return case


def test_the_return_checklist_is_the_versions_requirements_without_the_steps_kelengkapan(client, magetan_staff):
    case = open_case(magetan_staff, DTKS)
    login(client, magetan_staff["loket"])
    page = client.get(f"/magetan/permohonan/{case.code}/").content.decode()
    assert 'name="kurang"' in page and 'value="Fotokopi Kartu Keluarga"' in page
    assert 'name="kurang" id="kurang-4"' not in page and 'value="Berkas"' not in page  # the step's "Berkas"


def test_the_resume_offers_the_missing_items_ticked_and_updates_the_requirements(client, magetan_staff):
    case = _returned(magetan_staff, ["Fotokopi Kartu Keluarga", "Surat pengantar dari Desa/Kelurahan", "Foto rumah"])
    waiting = step_now(case)
    login(client, magetan_staff["loket"])
    page = client.get(f"/magetan/permohonan/{case.code}/").content.decode()
    for item in ("Fotokopi Kartu Keluarga", "Surat pengantar dari Desa/Kelurahan", "Foto rumah"):
        assert f'value="{item}" checked' in page
    assert page.count('name="diterima"') == 3
    # The applicant brought the KK and the photo, not the letter from the village.
    response = client.post(
        f"/magetan/permohonan/{case.code}/tugas/{waiting.pk}/selesai/",
        {"diterima": ["Fotokopi Kartu Keluarga", "Foto rumah"]},
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert corrections.checklist(case) == {
        "Fotokopi KTP pemohon": True,
        "Fotokopi Kartu Keluarga": True,
        "Surat pengantar dari Desa/Kelurahan": False,
        "Foto rumah": True,
    }
    event = case.events.get(kind=CaseEvent.Kind.CORRECTED)
    assert {c["item"] for c in event.data["kelengkapan"]} == {"Fotokopi Kartu Keluarga", "Foto rumah"}
    # Back at the office decision, the page warns that an item is still missing.
    page = client.get(f"/magetan/permohonan/{case.code}/").content.decode()
    assert 'id="masih-kurang"' in page and "Surat pengantar dari Desa/Kelurahan" in page
    assert 'name="decision"' in page


def test_a_resume_with_everything_brought_leaves_no_warning(client, magetan_staff):
    case = _returned(magetan_staff, ["Fotokopi Kartu Keluarga", "Surat pengantar dari Desa/Kelurahan"])
    waiting = step_now(case)
    login(client, magetan_staff["loket"])
    client.post(
        f"/magetan/permohonan/{case.code}/tugas/{waiting.pk}/selesai/",
        {"diterima": ["Fotokopi Kartu Keluarga", "Surat pengantar dari Desa/Kelurahan"]},
    )
    case.refresh_from_db()
    assert all(corrections.checklist(case).values())
    assert 'id="masih-kurang"' not in client.get(f"/magetan/permohonan/{case.code}/").content.decode()


def test_a_resume_naming_an_item_not_offered_is_refused(client, magetan_staff):
    case = _returned(magetan_staff, ["Fotokopi Kartu Keluarga"])
    waiting = step_now(case)
    with pytest.raises(CaseError, match="bukan kelengkapan"):
        services.task_complete(
            organization=case.organization, task_id=waiting.pk, user=magetan_staff["loket"], received=["Lain"]
        )
    assert step_now(case).pk == waiting.pk


# 12: a refused case is told apart from a granted one


def _refused_and_granted(staff):
    refused = open_case(staff, DTKS)
    run(refused, staff["loket"], decision=False)  # 2: not registered
    run(refused, staff["loket"])  # 3: returned, the case ends refused
    refused.refresh_from_db()
    granted = open_case(staff, DTKS, nik="3520015507900002")
    Case.objects.filter(pk=granted.pk).update(status=Case.Status.DONE, result=Case.Result.GRANTED)
    return refused, granted


def test_a_refused_case_shows_its_result_on_the_case_page(client, magetan_staff):
    refused, _ = _refused_and_granted(magetan_staff)
    assert refused.result == Case.Result.REFUSED
    login(client, magetan_staff["loket"])
    page = client.get(f"/magetan/permohonan/{refused.code}/").content.decode()
    assert 'class="badge text-bg-danger" data-status="selesai" data-result="ditolak">Selesai — ditolak<' in page
    assert "text-bg-success" not in page


def test_the_case_list_shows_and_filters_by_result(client, magetan_staff):
    refused, granted = _refused_and_granted(magetan_staff)
    login(client, magetan_staff["loket"])
    page = client.get("/magetan/permohonan/").content.decode()
    assert "Selesai — ditolak" in page and "Selesai — dikabulkan" in page and 'name="result"' in page
    only_refused = client.get("/magetan/permohonan/?result=ditolak").content.decode()
    assert refused.code in only_refused and granted.code not in only_refused
    only_granted = client.post("/magetan/permohonan/", {"result": "dikabulkan"}).content.decode()
    assert granted.code in only_granted and refused.code not in only_granted
    bad = client.get("/magetan/permohonan/?result=%3Cx%3E").content.decode()
    assert "Hasil tidak dikenal." in bad and "<x>" not in bad


# 17: one time format with the zone on the receipt and the slip


def test_the_receipt_and_the_slip_give_every_time_with_its_zone(client, magetan_staff):
    case = _returned(magetan_staff, ["Fotokopi Kartu Keluarga"])
    Case.objects.filter(pk=case.pk).update(expected_at=MONDAY + datetime.timedelta(days=1))
    login(client, magetan_staff["loket"])
    receipt = client.get(f"/magetan/permohonan/{case.code}/tanda-terima/").content.decode()
    assert "Senin, 23 November 2026 09:00 WIB" in receipt and "Selasa, 24 November 2026 09:00 WIB" in receipt
    slip = client.get(f"/magetan/permohonan/{case.code}/kelengkapan-kurang/").content.decode()
    assert "Senin, 23 November 2026 09:03 WIB" in slip


def test_the_receipt_and_the_slip_carry_the_one_letterhead(client, magetan_staff):
    """Both printouts share one head: the office's letterhead name as letters print it, under its government."""
    import re

    case = _returned(magetan_staff, ["Fotokopi Kartu Keluarga"])
    login(client, magetan_staff["loket"])
    heads = []
    for url in (
        f"/magetan/permohonan/{case.code}/tanda-terima/",
        f"/magetan/permohonan/{case.code}/kelengkapan-kurang/",
    ):
        page = client.get(url).content.decode()
        heads.append(re.search(r'<div class="kop.*?</div>\s*</div>', page, re.S).group(0))
    organization = case.organization
    assert heads[0] == heads[1]
    assert f">{organization.letterhead_name}<" in heads[0] and organization.letterhead_name != organization.name
