"""The completion page reads its task only in the service's lock: a task named under another case's code,
or unknown, still gets 404 and nothing is written; the success message reaches the case page."""

from django.urls import reverse

from sigap.cases.models import CaseEvent, Task
from tests.factories import login, open_case, step_now


def test_a_task_under_another_cases_code_is_not_found_and_nothing_changes(client, magetan_staff):
    login(client, magetan_staff["loket"])
    case = open_case(magetan_staff, "surat-keterangan-terdaftar-dtks")
    other = open_case(magetan_staff, "surat-keterangan-terdaftar-dtks", nik="3520010101010004")
    task = step_now(case)
    events = CaseEvent.objects.count()
    response = client.post(reverse("cases:complete", args=["magetan", other.code, task.pk]), {"decision": "ya"})
    assert response.status_code == 404
    task.refresh_from_db()
    assert task.state in Task.ACTIVE and CaseEvent.objects.count() == events


def test_an_unknown_task_is_not_found(client, magetan_staff):
    login(client, magetan_staff["loket"])
    case = open_case(magetan_staff, "surat-keterangan-terdaftar-dtks")
    response = client.post(reverse("cases:complete", args=["magetan", case.code, 999_999]), {"decision": "ya"})
    assert response.status_code == 404


def test_a_completion_tells_its_step_and_a_second_one_is_refused(client, magetan_staff):
    login(client, magetan_staff["loket"])
    case = open_case(magetan_staff, "surat-keterangan-terdaftar-dtks")
    url = reverse("cases:complete", args=["magetan", case.code.lower(), step_now(case).pk])  # codes match any case
    assert "Langkah 2 selesai." in client.post(url, {"decision": "ya"}, follow=True).content.decode()
    again = client.post(url, {"decision": "ya"}, follow=True).content.decode()
    assert "sudah diselesaikan" in again
