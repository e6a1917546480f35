"""The tenancy mechanism: scoped querysets fail loudly, services check what they are given,
hand-overs share only their case, and the paths that span organizations say so."""

import pytest
from django.contrib.auth import get_user_model
from django_scopes import ScopeError, scope

from sigap.cases import services
from sigap.cases.models import Case, CaseEvent, Task
from sigap.letters.models import Letter
from sigap.orgs.models import Organization
from sigap.orgs.permissions import ask
from sigap.orgs.tenancy import organization_scope
from sigap.sop.models import Sop, Step
from sigap.worktime.models import Closure
from tests.factories import login, open_case, run, step_now


@pytest.mark.parametrize("model", [Case, Task, CaseEvent, Letter, Sop, Step, Closure])
def test_a_query_outside_any_organization_raises(shipped_sops, model):
    with scope(), pytest.raises(ScopeError):
        list(model.objects.all())


def test_a_scope_sees_only_its_organization(magetan_staff):
    case = open_case(magetan_staff, "surat-keterangan-terdaftar-dtks")
    bangkalan = Organization.objects.get(slug="bangkalan")
    with organization_scope(bangkalan.pk):
        assert not Case.objects.filter(code=case.code).exists()
        assert not CaseEvent.objects.filter(case_id=case.pk).exists()
        assert set(Sop.objects.values_list("organization_id", flat=True)) == {bangkalan.pk}
    with organization_scope(case.organization_id):
        assert Case.objects.get(code=case.code) == case


def test_closures_for_every_organization_are_seen_in_every_scope(shipped_sops):
    magetan, bangkalan = (Organization.objects.get(slug=s) for s in ("magetan", "bangkalan"))
    shared = Closure.objects.create(organization=None, date="2026-12-28", name="Libur bersama contoh")
    own = Closure.objects.create(organization=magetan, date="2026-12-29", name="Hari jadi contoh")
    with organization_scope(bangkalan.pk):
        assert list(Closure.objects.filter(pk__in=[shared.pk, own.pk])) == [shared]
    with organization_scope(magetan.pk):
        assert set(Closure.objects.filter(pk__in=[shared.pk, own.pk])) == {shared, own}


def test_a_service_refuses_a_task_of_another_organization(magetan_staff):
    case = open_case(magetan_staff, "surat-keterangan-terdaftar-dtks")
    task = step_now(case)
    bangkalan = Organization.objects.get(slug="bangkalan")
    with pytest.raises(services.CaseError, match="tidak ditemukan"):
        services.task_complete(organization=bangkalan, task_id=task.pk, user=magetan_staff["bangkalan"], decision=True)
    with pytest.raises(services.CaseError, match="tidak ditemukan"):
        services.task_claim(organization=bangkalan, task_id=task.pk, user=magetan_staff["bangkalan"])
    task.refresh_from_db()
    assert task.state == Task.State.OPEN and task.assignee is None


def adoption_at_the_province(staff):
    case = open_case(staff, "pelayanan-proses-adopsi-anak")
    for decision in (None, None, None, True):
        run(case, staff["rehsos"], decision=decision)
    run(case, staff["kabid_rehsos"])  # 6: the Magetan pengantar is signed
    while step_now(case).organization.slug == "magetan":
        run(case, staff["rehsos"])
    return case


def test_the_province_sees_the_handed_over_case_and_nothing_else_of_the_kabupaten(client, magetan_staff):
    case = adoption_at_the_province(magetan_staff)
    other = open_case(magetan_staff, "surat-keterangan-terdaftar-dtks")
    pengantar = Letter.objects.get(case=case, organization__slug="magetan")
    task = step_now(case)
    assert task.organization.slug == "jatim"
    login(client, magetan_staff["jatim"])
    page = client.get(f"/jatim/permohonan/{case.code}/")
    assert page.status_code == 200
    text = page.content.decode()
    assert case.nik_masked in text and "Riwayat" in text and "Surat Pengantar Adopsi" in text
    assert f"/magetan/surat/{pengantar.code}/" not in text  # listed, not opened
    inbox = client.get("/jatim/kotak-masuk/").content.decode()
    assert case.code in inbox
    for url in (
        f"/jatim/permohonan/{other.code}/",
        f"/magetan/permohonan/{case.code}/",
        f"/jatim/surat/{pengantar.code}/",
        f"/jatim/permohonan/{case.code}/tanda-terima/",
        f"/jatim/permohonan/{case.code}/arsip.zip",
    ):
        assert client.get(url).status_code == 404, url
    # The province works its step through the page; the case goes on at the kabupaten's next step.
    response = client.post(f"/jatim/permohonan/{case.code}/tugas/{task.pk}/selesai/", {"decision": "ya"})
    assert response.status_code == 302
    task.refresh_from_db()
    assert task.state == Task.State.DONE and task.completed_by == magetan_staff["jatim"]


def test_django_admin_spans_every_organization_for_the_platform_superuser(client, magetan_staff):
    open_case(magetan_staff, "surat-keterangan-terdaftar-dtks")
    admin = get_user_model().objects.create_superuser("platform", password="rahasia-uji-123")
    login(client, admin)
    magetan = Organization.objects.get(slug="magetan")  # its page lists its units and positions (inlines)
    for url in (
        "/admin/",
        "/admin/orgs/organization/",
        "/admin/worktime/closure/",
        f"/admin/orgs/organization/{magetan.pk}/change/",
    ):
        assert client.get(url).status_code == 200, url


def test_the_template_tag_asks_only_registered_permissions(magetan_staff):
    case = open_case(magetan_staff, "surat-keterangan-terdaftar-dtks")
    task = step_now(case)
    assert ask("may_work", magetan_staff["loket"], task) is True
    assert ask("may_work", magetan_staff["bangkalan"], task) is False
    assert ask("may_reassign", magetan_staff["kabid"], task) is True
    assert ask("may_reassign", magetan_staff["loket"], task) is False
    with pytest.raises(LookupError):
        ask("may_do_anything", magetan_staff["kadis"], task)
