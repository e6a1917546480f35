"""A DTKS request from the counter to the signed letter, clicked through in Chromium."""

import pytest

from sigap.cases.models import Case, CaseEvent
from tests.factories import NIK, otp_code

from .conftest import sign_in, sign_out

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def complete_current_step(page, decision=None, button="Selesai"):
    if decision is not None:
        page.check(f"#d-{decision}")
    page.get_by_role("button", name=button, exact=True).click()
    page.wait_for_selector(".alert-success")


def test_dtks_request_from_counter_to_end(page, magetan_staff):
    sign_in(page, "loket")
    page.goto("/magetan/permohonan/baru/")
    page.get_by_role("link", name="Surat Keterangan Terdaftar DTKS").click()
    page.fill("#id_applicant_name", "Siti Contoh")
    page.fill("#id_nik", NIK)
    page.check("#id_req_0")
    page.check("#id_req_1")
    page.get_by_role("button", name="Terima dan buat tanda terima").click()
    page.wait_for_selector("text=Permohonan diterima dengan kode lacak")
    case = Case.objects.get()
    assert case.code in page.url
    assert page.locator(".case-flow-doc").get_attribute("data-current-step") == "2"

    # A double click on "Selesai" completes the step once.
    page.check("#d-ya")
    page.get_by_role("button", name="Selesai", exact=True).dblclick()
    page.wait_for_selector(".alert-success")
    assert case.events.filter(kind=CaseEvent.Kind.COMPLETED, step_number=2).count() == 1
    assert page.locator(".case-flow-doc").get_attribute("data-current-step") == "4"
    complete_current_step(page)  # 4: print the letter

    # Step 5 belongs to the heads' lane: the counter officer cannot act on it.
    assert page.locator("text=Anda bukan pelaksana langkah ini.").is_visible()
    sign_out(page)
    sign_in(page, "kabid")
    page.goto("/magetan/kotak-masuk/")
    page.get_by_role("link", name=case.code).click()
    assert page.locator("[data-letter-status=draf]").is_visible()
    page.fill("#kode_otp", otp_code(magetan_staff["kabid"]))  # signing asks for a fresh code
    complete_current_step(page, button="Setujui dan tandatangani")  # 5: signed
    assert page.locator("[data-letter-status=sah]").inner_text().count("400.9/1/403.107/") == 1
    sign_out(page)

    sign_in(page, "loket")
    page.goto(f"/magetan/permohonan/{case.code}/")
    complete_current_step(page)  # 6: handed over
    assert page.locator("[data-status]").get_attribute("data-status") == "selesai"
    timeline = page.locator("ol.timeline li").all_inner_texts()
    assert timeline[0].startswith("Permohonan diterima") and timeline[-1].startswith("Permohonan selesai")
    case.refresh_from_db()
    assert case.status == Case.Status.DONE and case.outcome == "Surat Keterangan Terdaftar DTKS"


def test_dtks_not_registered_branch_in_the_browser(page, magetan_staff):
    from tests.factories import open_case

    case = open_case(magetan_staff, "surat-keterangan-terdaftar-dtks")
    sign_in(page, "loket")
    page.goto(f"/magetan/permohonan/{case.code}/")
    complete_current_step(page, "tidak")
    assert page.locator(".case-flow-doc").get_attribute("data-current-step") == "3"
    complete_current_step(page)
    assert page.locator("[data-status]").get_attribute("data-status") == "selesai"
