"""Need-to-know inside an office: a member reads the cases of the lanes they work, heads their units' cases,
the head of office every case; a member of another lane gets 404 and empty lists."""

import pytest

from sigap.cases import permissions, selectors
from sigap.cases.lanes import lane_assignment_set
from sigap.cases.models import Case
from sigap.orgs.models import Position
from sigap.sop.models import Sop
from tests.factories import NIK, login, make_staff, open_case, run

DTKS = "surat-keterangan-terdaftar-dtks"
ADOPTION = "pelayanan-proses-adopsi-anak"


def personal_urls(case, attachment, letter):
    base = f"/magetan/permohonan/{case.code}/"
    return [
        base,
        base + "tanda-terima/",
        base + "koreksi/",
        base + f"berkas/{attachment.pk}/",
        base + "arsip.zip",
        f"/magetan/surat/{letter.code}/",
        f"/magetan/surat/{letter.code}/pratinjau/",
        f"/magetan/surat/{letter.code}/pdf/",
    ]


def test_a_member_of_another_lane_gets_404_and_empty_lists(client, magetan_staff, signed_dtks):
    case, attachment, letter = signed_dtks
    administrator = make_staff("magetan", "sekretaris", "admin-saja", admin=True)  # administration: no lane
    for user in (magetan_staff["rehsos"], magetan_staff["kabid_rehsos"], magetan_staff["sekretariat"], administrator):
        login(client, user)
        for url in personal_urls(case, attachment, letter):
            assert client.get(url).status_code == 404, (user.username, url)
        link = f"/magetan/permohonan/{case.code}/"
        assert link not in client.post("/magetan/permohonan/", {"q": NIK}).content.decode(), user.username
        assert link not in client.get("/magetan/permohonan/", {"q": case.code}).content.decode()
        assert link not in client.get("/magetan/permohonan/").content.decode()
        assert case.code not in client.get(f"/magetan/register/{DTKS}/").content.decode()
        assert letter.number not in client.get("/magetan/surat/").content.decode()
        assert not list(selectors.readable_cases(organization=case.organization, user=user))


@pytest.mark.parametrize("who", ["loket", "kabid", "kadis"])
def test_the_lane_the_head_of_unit_and_the_head_of_office_read_the_case(client, magetan_staff, signed_dtks, who):
    case, attachment, letter = signed_dtks
    login(client, magetan_staff[who])
    for url in personal_urls(case, attachment, letter):
        assert client.get(url).status_code == 200, url
    assert f"/magetan/permohonan/{case.code}/" in client.post("/magetan/permohonan/", {"q": NIK}).content.decode()
    assert case.code in client.get(f"/magetan/register/{DTKS}/").content.decode()
    assert letter.number in client.get("/magetan/surat/").content.decode()
    xlsx = client.get(f"/magetan/register/{DTKS}/", {"format": "xlsx"})
    assert xlsx.status_code == 200


def test_an_administrator_who_works_a_lane_reads_its_cases_only(client, magetan_staff, signed_dtks):
    case, _attachment, _letter = signed_dtks
    adoption = open_case(magetan_staff, ADOPTION)
    administrator = make_staff("magetan", "staf-linjamsos", "admin-linjamsos", admin=True)
    login(client, administrator)
    assert client.get(f"/magetan/permohonan/{case.code}/").status_code == 200
    assert client.get(f"/magetan/permohonan/{adoption.code}/").status_code == 404


def test_who_opened_a_case_of_another_lane_reads_it_and_the_lane_does(client, magetan_staff):
    adoption = open_case(magetan_staff, ADOPTION)  # opened at the counter by the Linjamsos officer
    for who, status in (("loket", 200), ("rehsos", 200), ("kabid_rehsos", 200), ("kabid", 404), ("sekretariat", 404)):
        login(client, magetan_staff[who])
        assert client.get(f"/magetan/permohonan/{adoption.code}/").status_code == status, who


def test_a_lane_given_to_other_positions_brings_their_head_along(client, magetan_staff, signed_dtks):
    case, _attachment, _letter = signed_dtks
    organization = case.organization
    head_of_secretariat = make_staff("magetan", "sekretaris", "sekdin")
    login(client, magetan_staff["sekretariat"])
    assert client.get(f"/magetan/permohonan/{case.code}/").status_code == 404
    staff_position = Position.objects.get(organization=organization, code="staf-sekretariat")
    lane_assignment_set(
        organization=organization,
        sop=Sop.objects.get(organization=organization, code=DTKS),
        lane_code="bidang-linjamsos",
        position_ids=[staff_position.pk],
    )
    organization.refresh_from_db()  # the request reads the organization's new stamp
    assert client.get(f"/magetan/permohonan/{case.code}/").status_code == 200
    login(client, head_of_secretariat)
    assert client.get(f"/magetan/permohonan/{case.code}/").status_code == 200
    login(client, magetan_staff["rehsos"])
    assert client.get(f"/magetan/permohonan/{case.code}/").status_code == 404


def test_the_province_reads_only_the_case_handed_over_to_it(client, magetan_staff):
    s = magetan_staff
    adoption = open_case(s, ADOPTION)
    other = open_case(s, ADOPTION)
    for user, decision in ((s["rehsos"], None),) * 3 + ((s["rehsos"], True), (s["kadis"], None), (s["rehsos"], None)):
        run(adoption, user, decision=decision)
    assert adoption.tasks.filter(organization__slug="jatim").exists()
    login(client, s["jatim"])
    assert client.get(f"/jatim/permohonan/{adoption.code}/").status_code == 200
    assert client.get(f"/jatim/permohonan/{other.code}/").status_code == 404


def test_the_list_filter_and_the_case_rule_agree(magetan_staff, signed_dtks):
    case, _attachment, _letter = signed_dtks
    cases = [case, open_case(magetan_staff, ADOPTION), open_case(magetan_staff, "reaktifasi-kartu-pbi-jkn")]
    administrator = make_staff("magetan", "sekretaris", "admin-saja", admin=True)
    for user in [*magetan_staff.values(), administrator]:
        listed = set(selectors.readable_cases(organization=case.organization, user=user))
        assert listed == {
            c for c in Case.objects.filter(pk__in=[c.pk for c in cases]) if permissions.may_read_case(user, c)
        }
