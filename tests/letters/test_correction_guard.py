"""Once a case has a valid signed letter, the applicant data the letter prints cannot be corrected silently."""

import pytest

from sigap.cases import corrections
from sigap.cases.errors import CaseError
from sigap.cases.models import CaseEvent
from sigap.letters import services as letters
from sigap.letters.models import Letter
from tests.factories import dtks_to_signing, login, run

REFUSED = "Surat sudah ditandatangani; cabut surat terlebih dahulu"


@pytest.fixture
def signed(magetan_staff, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    case = dtks_to_signing(magetan_staff)
    run(case, magetan_staff["kadis"])  # 5: signed; step 6 (handing over) keeps the case open
    case.refresh_from_db()
    assert case.is_open and Letter.objects.get(case=case).status == Letter.Status.VALID
    return case


def _correct(case, user, **fields):
    return corrections.case_correct_applicant(
        organization=case.organization,
        case_id=case.pk,
        user=user,
        **{"applicant_name": "Siti Contoh", "phone": "081200000000", "address": "Jl. Contoh 1", **fields},
        reason="salah ketik",
    )


@pytest.mark.parametrize(
    "fields", [{"applicant_name": "Siti Contoh Baru"}, {"nik": "3520015507900002"}, {"address": "Jl. Lain 5"}]
)
def test_printed_data_of_a_signed_letter_is_not_corrected(magetan_staff, signed, fields):
    with pytest.raises(CaseError, match=REFUSED):
        _correct(signed, magetan_staff["loket"], **fields)
    signed.refresh_from_db()
    assert signed.applicant_name == "Siti Contoh" and signed.address == "Jl. Contoh 1"
    assert not signed.events.filter(kind=CaseEvent.Kind.CORRECTED).exists()


def test_the_phone_may_still_be_corrected(magetan_staff, signed):
    _correct(signed, magetan_staff["loket"], phone="081399998888")
    signed.refresh_from_db()
    assert signed.phone == "081399998888"


def test_the_page_says_why_and_after_revoking_the_correction_goes_through(client, magetan_staff, signed):
    login(client, magetan_staff["loket"])
    response = client.post(
        f"/magetan/permohonan/{signed.code}/koreksi/",
        {
            "bagian": "pemohon",
            "applicant_name": "Siti Contoh Baru",
            "phone": "081200000000",
            "address": "Jl. Contoh 1",
            "reason": "salah ketik",
        },
    )
    assert response.status_code == 200 and REFUSED in response.content.decode()
    letters.letter_revoke(letter=Letter.objects.get(case=signed), by=magetan_staff["kadis"], reason="nama salah")
    _correct(signed, magetan_staff["loket"], applicant_name="Siti Contoh Baru")
    signed.refresh_from_db()
    assert signed.applicant_name == "Siti Contoh Baru"
