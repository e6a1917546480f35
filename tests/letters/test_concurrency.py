"""Sixteen letters signed at the same moment get sixteen distinct, consecutive numbers (PostgreSQL)."""

import pytest

from sigap.letters.models import Letter, LetterSequence
from tests.cases.test_concurrency import pytestmark  # noqa: F401 - skip marker for SQLite
from tests.factories import THREADS, open_case, run, run_in_parallel, step_now


@pytest.mark.django_db(transaction=True)
def test_sixteen_parallel_signings_get_consecutive_numbers(magetan_staff):
    from sigap.cases import services

    tasks = []
    for _ in range(THREADS):
        case = open_case(magetan_staff, "surat-keterangan-terdaftar-dtks")
        run(case, magetan_staff["loket"], decision=True)
        run(case, magetan_staff["loket"])
        tasks.append(step_now(case))
    outcomes = run_in_parallel(
        lambda i: services.task_complete(
            organization=tasks[i].organization, task_id=tasks[i].pk, user=magetan_staff["kabid"]
        )
    )
    assert all(o[0] == "ok" for o in outcomes), outcomes
    letters = Letter.objects.filter(status="sah")
    assert sorted(letters.values_list("sequence", flat=True)) == list(range(1, THREADS + 1))
    assert len(set(letters.values_list("number", flat=True))) == THREADS
    assert LetterSequence.objects.get().last_number == THREADS
