"""The transitions' lock (cases.locking) is compiled once and then run with each step's values: it finds a
task only in the organization asked for, whichever organization's call compiled it, and gives the task with
its case as stored. A closing step whose own line says how the case ended does not read the history again."""

import datetime

import pytest
from django.db import transaction

from sigap.cases import locking, services
from sigap.orgs.models import Organization
from tests.factories import open_case, step_now


def test_the_compiled_lock_finds_a_task_only_in_its_own_organization(magetan_staff):
    case = open_case(magetan_staff, "surat-keterangan-terdaftar-dtks")
    task = step_now(case)
    magetan, bangkalan = Organization.objects.get(slug="magetan"), Organization.objects.get(slug="bangkalan")
    locking._plan.cache_clear()
    outsider, loket = magetan_staff["bangkalan"], magetan_staff["loket"]

    with pytest.raises(services.TaskNotFound):  # compiles the statement, asked for by another organization
        services.task_complete(organization=bangkalan, task_id=task.pk, user=outsider, decision=True)
    later = task.started_at + datetime.timedelta(minutes=5)
    following = services.task_complete(organization=magetan, task_id=task.pk, user=loket, decision=True, now=later)
    assert following is not None and following.case_id == case.pk
    with pytest.raises(services.TaskNotFound):
        services.task_complete(organization=bangkalan, task_id=following.pk, user=outsider)
    assert locking._plan.cache_info().currsize == 1  # one statement served all three

    following.refresh_from_db()
    assert following.state == following.State.OPEN  # the refused attempt wrote nothing


def test_the_locked_task_carries_its_case_as_stored(magetan_staff, django_assert_num_queries):
    case = open_case(magetan_staff, "surat-keterangan-terdaftar-dtks")
    task = step_now(case)
    with transaction.atomic(), django_assert_num_queries(1):
        locked = locking.locked_task(case.organization_id, task.pk)
        assert locked is not None
        assert [getattr(locked, f.attname) for f in task._meta.concrete_fields] == [
            getattr(task, f.attname) for f in task._meta.concrete_fields
        ]
        assert [getattr(locked.case, f.attname) for f in case._meta.concrete_fields] == [
            getattr(case, f.attname) for f in case._meta.concrete_fields
        ]
    assert locked.case.nik == case.nik


def test_a_closing_step_that_refuses_or_grants_does_not_read_the_history_again(magetan_staff):
    """The step just finished says how the case ended (step 3: refused, step 6: granted): no read of the
    case's history lines at the close."""
    from django.test.utils import CaptureQueriesContext

    from tests.factories import run

    refused = open_case(magetan_staff, "surat-keterangan-terdaftar-dtks")
    run(refused, magetan_staff["loket"], decision=False)  # step 2: not registered, on to step 3
    with CaptureQueriesContext(transaction.get_connection()) as captured:
        assert run(refused, magetan_staff["loket"]) is None
    assert not any('FROM "cases_caseevent"' in q["sql"] for q in captured.captured_queries)
    refused.refresh_from_db()
    assert (refused.result, refused.outcome) == (refused.Result.REFUSED, "Tidak terdaftar — dikembalikan")

    granted = open_case(magetan_staff, "surat-keterangan-terdaftar-dtks", nik="3520010101010004")
    run(granted, magetan_staff["loket"], decision=True)
    while step_now(granted).step_number != 6:
        run(granted, magetan_staff["kabid"] if step_now(granted).lane_code == "pimpinan" else magetan_staff["loket"])
    with CaptureQueriesContext(transaction.get_connection()) as captured:
        assert run(granted, magetan_staff["loket"]) is None
    assert not any('FROM "cases_caseevent"' in q["sql"] for q in captured.captured_queries)
    granted.refresh_from_db()
    assert (granted.result, granted.outcome) == (granted.Result.GRANTED, "Surat Keterangan Terdaftar DTKS")
