"""What one step of a case costs in statements: the lock, the roles, the task's UPDATE, the history line,
the next task, the case's UPDATE; a closing step reads the SOP version's refusals once per version."""

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext

from sigap.cases import services
from tests.factories import open_case, step_now


def _statements(action) -> list[str]:
    with CaptureQueriesContext(connection) as captured:
        action()
    # savepoints come from the test's own transaction, not from the step
    return [q["sql"] for q in captured.captured_queries if not q["sql"].upper().startswith(("SAVEPOINT", "RELEASE"))]


def _complete(case, user, decision=None):
    task = step_now(case)
    organization = task.organization
    return lambda: services.task_complete(
        organization=organization,
        task_id=task.pk,
        user=user,
        decision=decision,
        now=task.started_at + datetime.timedelta(minutes=5),
    )


def test_an_ordinary_step_runs_six_statements(magetan_staff):
    warm = open_case(magetan_staff, "surat-keterangan-terdaftar-dtks")
    _complete(warm, magetan_staff["loket"], decision=True)()  # the version's steps, calendar, lane mapping
    case = open_case(magetan_staff, "surat-keterangan-terdaftar-dtks", nik="3520010101010004")
    statements = _statements(_complete(case, magetan_staff["loket"], decision=True))
    kinds = [sql.split()[0].upper() for sql in statements]
    assert kinds == ["SELECT", "SELECT", "UPDATE", "INSERT", "INSERT", "UPDATE"], statements
    assert "FOR UPDATE" in statements[0] or connection.vendor == "sqlite"  # SQLite locks the whole database


def test_the_refusals_of_a_version_are_read_once(magetan_staff):
    def to_end(case):
        statements = _statements(_complete(case, magetan_staff["loket"], decision=False))  # 2: belum terdaftar
        return statements + _statements(_complete(case, magetan_staff["loket"]))  # 3: ends the case

    first = to_end(open_case(magetan_staff, "surat-keterangan-terdaftar-dtks"))
    second = to_end(open_case(magetan_staff, "surat-keterangan-terdaftar-dtks", nik="3520010101010005"))
    refusals = 'SELECT "sop_sopversion"."data"'
    assert sum(sql.startswith(refusals) for sql in first) == 1
    assert not any(sql.startswith(refusals) for sql in second)
