"""Concurrent transitions on real parallel database connections (PostgreSQL).

SQLite serializes writers, so these tests run where DATABASE_URL points to
PostgreSQL (as .ci/run does) and are skipped otherwise.
"""

import pytest
from django.db import connection

from sigap.cases import services
from sigap.cases.models import CaseEvent, Task
from tests.factories import THREADS, open_case, run_in_parallel

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="needs PostgreSQL for real parallel connections"
)


@pytest.mark.django_db(transaction=True)
def test_sixteen_officers_complete_the_same_task_once(magetan_staff):
    from tests.factories import make_staff

    officers = [make_staff("magetan", "staf-linjamsos", f"petugas{i}") for i in range(THREADS)]
    case = open_case(magetan_staff, "surat-keterangan-terdaftar-dtks")
    task = case.tasks.get(state=Task.State.OPEN)
    outcomes = run_in_parallel(
        lambda i: services.task_complete(
            organization=task.organization, task_id=task.pk, user=officers[i], decision=True
        )
    )
    successes = [o for o in outcomes if o[0] == "ok"]
    failures = [o for o in outcomes if o[0] == "error"]
    assert len(successes) == 1
    assert len(failures) == THREADS - 1
    assert all(isinstance(exc, services.CaseError) and "sudah diselesaikan" in str(exc) for _, exc in failures)
    assert CaseEvent.objects.filter(case=case, kind=CaseEvent.Kind.COMPLETED, step_number=2).count() == 1
    assert Task.objects.filter(case=case, step_number=4).count() == 1


@pytest.mark.django_db(transaction=True)
def test_parallel_claims_give_one_holder(magetan_staff):
    from tests.factories import make_staff

    officers = [make_staff("magetan", "staf-linjamsos", f"klaim{i}") for i in range(THREADS)]
    case = open_case(magetan_staff, "surat-keterangan-terdaftar-dtks")
    task = case.tasks.get(state=Task.State.OPEN)
    outcomes = run_in_parallel(
        lambda i: services.task_claim(organization=task.organization, task_id=task.pk, user=officers[i])
    )
    assert sum(1 for o in outcomes if o[0] == "ok") == 1
    task.refresh_from_db()
    assert task.state == Task.State.CLAIMED
    assert CaseEvent.objects.filter(case=case, kind=CaseEvent.Kind.CLAIMED).count() == 1


@pytest.mark.django_db(transaction=True)
def test_parallel_work_on_different_cases_loses_no_update(magetan_staff):
    cases = [open_case(magetan_staff, "surat-keterangan-terdaftar-dtks") for _ in range(THREADS)]
    tasks = [c.tasks.get(state=Task.State.OPEN) for c in cases]
    outcomes = run_in_parallel(
        lambda i: services.task_complete(
            organization=tasks[i].organization, task_id=tasks[i].pk, user=magetan_staff["loket"], decision=True
        )
    )
    assert all(o[0] == "ok" for o in outcomes)
    for case in cases:
        case.refresh_from_db()
        assert case.current_step == 4
        assert case.events.filter(kind=CaseEvent.Kind.COMPLETED).count() == 1
