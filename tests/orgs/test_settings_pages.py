"""Organization settings in the app: staff, lane mapping and local closures."""

import datetime

import pytest

from sigap.cases import permissions
from sigap.cases.models import LaneAssignment, Task
from sigap.orgs.models import Membership, Position
from sigap.worktime.models import Closure
from tests.factories import login, make_staff, open_case


def test_only_administrators_reach_settings(client, magetan_staff):
    login(client, magetan_staff["loket"])
    assert client.get("/magetan/pengaturan/staf/").status_code == 404
    admin = make_staff("magetan", "sekretaris", "admin-mgt", admin=True)
    login(client, admin)
    assert client.get("/magetan/pengaturan/staf/").status_code == 200
    assert client.get("/bangkalan/pengaturan/staf/").status_code == 404


def test_admin_adds_a_staff_member_who_can_then_work_the_lane(client, magetan_staff):
    admin = make_staff("magetan", "sekretaris", "admin-mgt", admin=True)
    login(client, admin)
    position = Position.objects.get(organization__slug="magetan", code="staf-linjamsos")
    response = client.post(
        "/magetan/pengaturan/staf/",
        {
            "username": "petugas-baru",
            "full_name": "Dewi Contoh",
            "position": position.pk,
            "password": "kata-sandi-kuat-9",
        },
    )
    assert response.status_code == 302
    member = Membership.objects.get(user__username="petugas-baru")
    case = open_case(magetan_staff, "surat-keterangan-terdaftar-dtks")
    assert permissions.may_work(member.user, case.tasks.get(state="terbuka"))
    client.post(f"/magetan/pengaturan/staf/{member.pk}/status/", {"aktif": "0"})
    assert not permissions.may_work(member.user, case.tasks.get(state="terbuka"))


def test_weak_password_is_refused_in_bahasa(client, magetan_staff):
    admin = make_staff("magetan", "sekretaris", "admin-mgt", admin=True)
    login(client, admin)
    position = Position.objects.get(organization__slug="magetan", code="staf-linjamsos")
    response = client.post(
        "/magetan/pengaturan/staf/", {"username": "x1", "full_name": "X", "position": position.pk, "password": "123"}
    )
    assert response.status_code == 200
    assert not Membership.objects.filter(user__username="x1").exists()


def test_lane_mapping_changes_who_works_a_lane(client, magetan_staff):
    admin = make_staff("magetan", "sekretaris", "admin-mgt", admin=True)
    case = open_case(magetan_staff, "surat-keterangan-terdaftar-dtks")
    task = case.tasks.get(state="terbuka")
    assert not permissions.may_work(magetan_staff["sekretariat"], task)
    login(client, admin)
    sekretariat = Position.objects.get(organization__slug="magetan", code="staf-sekretariat")
    client.post(
        "/magetan/pengaturan/pelaksana/",
        {"sop": "surat-keterangan-terdaftar-dtks", "lane": "bidang-linjamsos", "positions": [sekretariat.pk]},
    )
    assert LaneAssignment.objects.filter(lane_code="bidang-linjamsos").exists()
    task = Task.objects.get(pk=task.pk)  # read anew, as the next request does
    assert permissions.may_work(magetan_staff["sekretariat"], task)
    assert not permissions.may_work(magetan_staff["loket"], task)
    client.post(
        "/magetan/pengaturan/pelaksana/", {"sop": "surat-keterangan-terdaftar-dtks", "lane": "bidang-linjamsos"}
    )
    task = Task.objects.get(pk=task.pk)
    assert permissions.may_work(magetan_staff["loket"], task)


def test_local_closure_moves_due_times(client, magetan_staff):
    admin = make_staff("magetan", "sekretaris", "admin-mgt", admin=True)
    login(client, admin)
    client.post("/magetan/pengaturan/hari-libur/", {"date": "2026-12-01", "name": "Hari Jadi Contoh"})
    assert Closure.objects.get().name == "Hari Jadi Contoh"
    page = client.get("/magetan/pengaturan/hari-libur/").content.decode()
    assert "Hari Jadi Contoh" in page and "Natal" in page
    from zoneinfo import ZoneInfo

    late_monday = datetime.datetime(2026, 11, 30, 15, 58, tzinfo=ZoneInfo("Asia/Jakarta"))
    case = open_case(magetan_staff, "surat-keterangan-terdaftar-dtks", now=late_monday)
    due = case.tasks.get(state="terbuka").due_limit.astimezone(ZoneInfo("Asia/Jakarta"))
    assert due == datetime.datetime(2026, 12, 2, 7, 33, tzinfo=ZoneInfo("Asia/Jakarta"))


@pytest.mark.parametrize("owner", ["bangkalan", None])
def test_deleting_a_closure_of_another_organization_is_not_found(client, magetan_staff, owner):
    """Another office's closure, or one for every office: 404 and nothing changed, not "dihapus"."""
    from sigap.orgs.models import Organization

    organization = Organization.objects.get(slug=owner) if owner else None
    closure = Closure.objects.create(organization=organization, date=datetime.date(2026, 12, 1), name="Libur Lain")
    login(client, make_staff("magetan", "sekretaris", "admin-mgt", admin=True))
    response = client.post(f"/magetan/pengaturan/hari-libur/{closure.pk}/hapus/", follow=True)
    assert response.status_code == 404 and "dihapus" not in response.content.decode()
    assert Closure.objects.filter(pk=closure.pk).exists()


@pytest.mark.parametrize(
    ("lane", "positions", "message"),
    [
        ("tidak-ada", ["own"], "Pelaksana ini bukan pelaksana internal SOP ini."),
        ("pemohon", ["own"], "Pelaksana ini bukan pelaksana internal SOP ini."),
        ("x" * 5000, ["own"], "Pelaksana ini bukan pelaksana internal SOP ini."),
        ("bidang-linjamsos", ["bangkalan"], "Jabatan yang dipilih bukan jabatan instansi ini."),
        ("bidang-linjamsos", ["own", "bangkalan"], "Jabatan yang dipilih bukan jabatan instansi ini."),
        ("bidang-linjamsos", ["abc"], "Jabatan yang dipilih bukan jabatan instansi ini."),
    ],
)
def test_lane_mapping_refuses_unknown_lanes_and_other_organizations_positions(
    client, magetan_staff, lane, positions, message
):
    """These were saved (an unknown lane code) or silently dropped (another office's position) with "disimpan"."""
    own = Position.objects.get(organization__slug="magetan", code="staf-sekretariat")
    other = Position.objects.get(organization__slug="bangkalan", code="staf-linjamsos")
    ids = {"own": own.pk, "bangkalan": other.pk}
    login(client, make_staff("magetan", "sekretaris", "admin-mgt", admin=True))
    LaneAssignment.objects.all().delete()
    response = client.post(
        "/magetan/pengaturan/pelaksana/",
        {"sop": "surat-keterangan-terdaftar-dtks", "lane": lane, "positions": [ids.get(p, p) for p in positions]},
        follow=True,
    )
    page = response.content.decode()
    assert message in page and "Pemetaan pelaksana disimpan" not in page
    assert not LaneAssignment.objects.exists()
