"""The staff page sets each member's NIP and pangkat/golongan, which the letters they sign then carry; the
signing page turns "a.n." signing by heads of unit on and off."""

import pytest

from sigap.cases import services as case_services
from sigap.letters.models import Letter
from sigap.orgs import services
from sigap.orgs.models import Membership, Organization
from tests.factories import dtks_to_signing, login, make_staff, pdf_text, run


@pytest.fixture
def admin(magetan_staff):
    return make_staff("magetan", "sekretaris", "admin-mgt", admin=True)


def _membership(user):
    return Membership.objects.get(user=user)


def _identity_url(membership):
    return f"/magetan/pengaturan/staf/{membership.pk}/identitas/"


def test_an_administrator_sets_a_signers_nip_and_rank_and_the_signed_letter_carries_them(client, magetan_staff, admin):
    kadis = _membership(magetan_staff["kadis"])
    login(client, admin)
    staff_page = client.get("/magetan/pengaturan/staf/").content.decode()
    assert f'href="{_identity_url(kadis)}"' in staff_page
    response = client.post(_identity_url(kadis), {"nip": "198001012005011003", "rank": "  Pembina Utama Muda (IV/c) "})
    assert response.status_code == 302 and response.url == "/magetan/pengaturan/staf/"
    kadis.refresh_from_db()
    assert kadis.nip == "19800101 200501 1 003" and kadis.rank == "Pembina Utama Muda (IV/c)"
    staff_page = client.get("/magetan/pengaturan/staf/").content.decode()
    assert "19800101 200501 1 003" in staff_page and "Pembina Utama Muda (IV/c)" in staff_page

    case = dtks_to_signing(magetan_staff)
    run(case, magetan_staff["kadis"])
    text = pdf_text(Letter.objects.get(case=case))
    assert "NIP. 19800101 200501 1 003" in text and "Pembina Utama Muda (IV/c)" in text
    assert "19721221 199302 1 002" not in text  # the position's own NIP from its SOP file gave way

    # changed again, and then emptied: the next letter carries the new value, then the position's own
    client.post(_identity_url(kadis), {"nip": "19800101 200501 1 004", "rank": ""})
    case = dtks_to_signing(magetan_staff)
    run(case, magetan_staff["kadis"])
    assert "NIP. 19800101 200501 1 004" in pdf_text(Letter.objects.get(case=case))
    client.post(_identity_url(kadis), {"nip": "", "rank": ""})
    case = dtks_to_signing(magetan_staff)
    run(case, magetan_staff["kadis"])
    assert "NIP. 19721221 199302 1 002" in pdf_text(Letter.objects.get(case=case))


BAD_NIP = [
    ("12345", "18 angka"),
    ("1" * 19, "18 angka"),
    ("1" * 5000, "paling banyak 64 karakter"),
    ("19800101-200501-1-003", "18 angka"),
    ("198001012005011ABC", "18 angka"),
    ("１９８００１０１２００５０１１００３", "18 angka"),  # full-width digits
    ("19801301 200501 1 003", "tanggal lahir"),
    ("19800101 200513 1 003", "bulan pengangkatan"),
    ("19800101 200501 3 003", "1 (laki-laki) atau 2 (perempuan)"),
]


@pytest.mark.parametrize(("nip", "message"), BAD_NIP)
def test_a_bad_nip_is_refused_with_a_clear_message(client, magetan_staff, admin, nip, message):
    kadis = _membership(magetan_staff["kadis"])
    login(client, admin)
    response = client.post(_identity_url(kadis), {"nip": nip, "rank": "Pembina (IV/a)"})
    assert response.status_code == 200
    page = response.content.decode()
    assert message.lower() in page.lower() and 'class="invalid-feedback"' in page
    kadis.refresh_from_db()
    assert kadis.nip == "" and kadis.rank == ""  # nothing half-written


@pytest.mark.parametrize(("rank", "message"), [("P" * 201, "paling banyak 200 karakter")])
def test_a_bad_rank_is_refused_with_a_clear_message(client, magetan_staff, admin, rank, message):
    kadis = _membership(magetan_staff["kadis"])
    login(client, admin)
    response = client.post(_identity_url(kadis), {"nip": "198001012005011003", "rank": rank})
    assert response.status_code == 200 and message.lower() in response.content.decode().lower()
    kadis.refresh_from_db()
    assert kadis.nip == "" and kadis.rank == ""


def test_the_services_refuse_what_the_form_would_let_through(magetan_staff):
    magetan = Organization.objects.get(slug="magetan")
    kadis = _membership(magetan_staff["kadis"])
    for nip, rank, message in [
        ("19800101 200501 1 003\x01", "", "karakter kendali"),
        ("", "Pembina\x07", "karakter kendali"),
        ("", "P" * 101, "paling banyak 100 karakter"),
        ("1" * 40, "", "18 angka"),
    ]:
        with pytest.raises(services.StaffError, match=message):
            services.membership_identity_set(organization=magetan, membership_id=kadis.pk, nip=nip, rank=rank)
    kadis.refresh_from_db()
    assert kadis.nip == "" and kadis.rank == ""


def test_a_membership_of_another_organization_is_out_of_reach(client, magetan_staff, admin):
    bangkalan = _membership(magetan_staff["bangkalan"])
    magetan = Organization.objects.get(slug="magetan")
    with pytest.raises(services.StaffError, match="bukan anggota instansi ini"):
        services.membership_identity_set(
            organization=magetan, membership_id=bangkalan.pk, nip="198001012005011003", rank=""
        )
    login(client, admin)
    assert client.get(_identity_url(bangkalan)).status_code == 404
    assert client.post(_identity_url(bangkalan), {"nip": "198001012005011003"}).status_code == 404
    assert client.post("/magetan/pengaturan/staf/9999999999999/identitas/", {"nip": ""}).status_code == 404
    bangkalan.refresh_from_db()
    assert bangkalan.nip == ""


def test_only_administrators_set_a_nip(client, magetan_staff):
    kadis = _membership(magetan_staff["kadis"])
    login(client, magetan_staff["kadis"])
    assert client.post(_identity_url(kadis), {"nip": "198001012005011003"}).status_code == 404
    kadis.refresh_from_db()
    assert kadis.nip == ""


def test_turning_on_behalf_signing_off_refuses_the_head_of_unit_and_names_who_signs(client, magetan_staff, admin):
    magetan = Organization.objects.get(slug="magetan")
    assert magetan.signs_on_behalf
    stamp = magetan.config_stamp
    login(client, admin)
    page = client.get("/magetan/pengaturan/staf/").content.decode()
    assert 'href="/magetan/pengaturan/penandatanganan/"' in page
    page = client.get("/magetan/pengaturan/penandatanganan/").content.decode()
    assert 'name="signs_on_behalf"' in page and "checked" in page

    response = client.post("/magetan/pengaturan/penandatanganan/", {})
    assert response.status_code == 302
    magetan.refresh_from_db()
    assert not magetan.signs_on_behalf and magetan.config_stamp != stamp
    assert "checked" not in client.get("/magetan/pengaturan/penandatanganan/").content.decode()
    case = dtks_to_signing(magetan_staff)
    with pytest.raises(case_services.CaseError, match="ditandatangani oleh Kepala Dinas Sosial Kabupaten Magetan\\."):
        run(case, magetan_staff["kabid"])
    assert Letter.objects.get(case=case).status == "draf"

    client.post("/magetan/pengaturan/penandatanganan/", {"signs_on_behalf": "on"})
    assert Organization.objects.get(slug="magetan").signs_on_behalf
    run(case, magetan_staff["kabid"])
    assert Letter.objects.get(case=case).on_behalf_of == "Kepala Dinas Sosial Kabupaten Magetan"


def test_only_administrators_change_the_signing_setting(client, magetan_staff):
    login(client, magetan_staff["kadis"])
    assert client.post("/magetan/pengaturan/penandatanganan/", {}).status_code == 404
    assert Organization.objects.get(slug="magetan").signs_on_behalf


def test_the_pages_and_the_refusals_read_in_english(client, magetan_staff, admin):
    kadis = _membership(magetan_staff["kadis"])
    login(client, admin)
    client.cookies["django_language"] = "en"
    page = client.post(_identity_url(kadis), {"nip": "12345"}).content.decode()
    assert "The NIP must be 18 digits" in page and "Rank/grade" in page
    page = client.get("/magetan/pengaturan/penandatanganan/").content.decode()
    assert "Heads of unit may sign letters on behalf of (a.n.) the head of office" in page and ">Signing</a>" in page
