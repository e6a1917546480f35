"""The counter form: one case per request sent, a warning for an applicant's open case, a NIK from elsewhere noted."""

import re

import pytest

from sigap.cases import services
from sigap.cases.models import Case
from sigap.cases.opening import AlreadyOpened, OpenCaseExists
from tests.factories import NIK, login, open_case

URL = "/magetan/permohonan/baru/surat-keterangan-terdaftar-dtks/"
NIK_NGAWI = "3521014107850005"  # synthetic: Kabupaten Ngawi
NIK_JATENG = "3301014107850006"  # synthetic: Jawa Tengah


def counter_form(client) -> dict:
    page = client.get(URL).content.decode()
    token = re.search(r'name="token" value="([^"]+)"', page).group(1)
    return {"applicant_name": "Sri Contoh", "nik": NIK, "req_0": "on", "token": token}


def test_the_counter_form_sent_twice_makes_one_case(client, magetan_staff):
    login(client, magetan_staff["loket"])
    data = counter_form(client)
    first = client.post(URL, data)
    again = client.post(URL, data, follow=True)  # the back button, or a second click
    case = Case.objects.get()
    assert first.url == f"/magetan/permohonan/{case.code}/" and case.code == data["token"]
    assert again.redirect_chain[-1][0] == f"/magetan/permohonan/{case.code}/"
    assert f"sudah diterima dengan kode lacak {case.code}" in again.content.decode()
    assert case.events.count() == 1 and case.tasks.count() == 1


def test_the_service_refuses_a_second_case_for_the_same_code(magetan_staff):
    first = open_case(magetan_staff, "surat-keterangan-terdaftar-dtks")
    with pytest.raises(AlreadyOpened) as refused:
        services.case_open(
            organization=first.organization,
            sop=first.sop,
            opened_by=magetan_staff["loket"],
            applicant_name="Siti Contoh",
            nik=NIK,
            code=first.code,
        )
    assert refused.value.case == first and Case.objects.count() == 1


def test_a_forged_code_is_refused(magetan_staff):
    other = open_case(magetan_staff, "surat-keterangan-terdaftar-dtks")
    for code in ("<script>", "x" * 14, other.code.lower()):
        with pytest.raises(services.CaseError, match="Formulir ini tidak sah"):
            services.case_open(
                organization=other.organization,
                sop=other.sop,
                opened_by=magetan_staff["loket"],
                applicant_name="A",
                nik=NIK,
                code=code,
            )
    assert Case.objects.count() == 1


def test_an_open_case_of_the_same_nik_and_sop_is_named_and_needs_a_confirmation(client, magetan_staff):
    existing = open_case(magetan_staff, "surat-keterangan-terdaftar-dtks")
    login(client, magetan_staff["loket"])
    data = counter_form(client)
    warned = client.post(URL, data)
    page = warned.content.decode()
    assert warned.status_code == 200 and Case.objects.count() == 1
    assert f'href="/magetan/permohonan/{existing.code}/"' in page and 'name="confirm_duplicate"' in page
    confirmed = client.post(URL, {**data, "confirm_duplicate": "on"})
    assert confirmed.status_code == 302 and Case.objects.count() == 2


def test_a_closed_case_or_another_sop_is_no_duplicate(magetan_staff):
    from tests.factories import run

    closed = open_case(magetan_staff, "surat-keterangan-terdaftar-dtks")
    run(closed, magetan_staff["loket"], decision=False)
    run(closed, magetan_staff["loket"])
    closed.refresh_from_db()
    assert closed.status == Case.Status.DONE
    other_sop = open_case(magetan_staff, "reaktifasi-kartu-pbi-jkn")
    case = services.case_open(
        organization=closed.organization,
        sop=closed.sop,
        opened_by=magetan_staff["loket"],
        applicant_name="Siti Contoh",
        nik=NIK,
        confirm_duplicate=False,
    )
    assert case.pk not in (closed.pk, other_sop.pk)
    with pytest.raises(OpenCaseExists) as refused:
        services.case_open(
            organization=closed.organization,
            sop=closed.sop,
            opened_by=magetan_staff["loket"],
            applicant_name="Siti Contoh",
            nik=NIK,
            confirm_duplicate=False,
        )
    assert refused.value.open_cases == [case]


@pytest.mark.parametrize(
    ("nik", "issued"),
    [(NIK_NGAWI, "Jawa Timur · Kabupaten Ngawi (kode 35.21)"), (NIK_JATENG, "Jawa Tengah (kode 33.01)")],
)
def test_a_nik_from_another_regency_is_accepted_with_a_visible_note(client, magetan_staff, nik, issued):
    login(client, magetan_staff["loket"])
    response = client.post(URL, {**counter_form(client), "nik": nik}, follow=True)
    case = Case.objects.get()
    page = response.content.decode()
    note = f"NIK ini terbit di {issued}, bukan di wilayah instansi ini (kode 35.20)"
    assert page.count(note) == 2  # the message after opening, and the case page itself
    assert note in client.get(f"/magetan/permohonan/{case.code}/").content.decode()


def test_a_nik_of_the_regency_has_no_note(client, magetan_staff):
    case = open_case(magetan_staff, "surat-keterangan-terdaftar-dtks")
    login(client, magetan_staff["loket"])
    assert "NIK ini terbit di" not in client.get(f"/magetan/permohonan/{case.code}/").content.decode()


def test_the_province_is_told_only_about_a_nik_of_another_province():
    from sigap.cases.nik import region_note

    assert region_note("3520********0003", "35") == ""
    assert "Jawa Tengah" in region_note("3301********0006", "35")
    assert region_note(NIK_JATENG, "") == ""


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("applicant_name", "S" * 5000, "paling banyak 200 karakter"),
        ("nik", "3" * 5000, "paling banyak 20 karakter"),
        ("address", "D" * 5000, "paling banyak 500 karakter"),
        ("note", "N" * 50000, "paling banyak 2000 karakter"),
        ("token", "K7QH-2XPM-94T!", "Formulir ini tidak sah"),
    ],
)
def test_bad_input_on_the_counter_form_gets_a_clear_message(client, magetan_staff, field, value, message):
    login(client, magetan_staff["loket"])
    response = client.post(URL, {**counter_form(client), field: value})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Case.objects.exists()
