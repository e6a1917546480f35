"""What one step of a case costs in statements: the lock, the task's UPDATE, the history line, the next task,
the case's UPDATE (and the roles, when the caller has not read them already); a closing step reads the SOP
version's refusals once per version; a completion over HTTP adds only the session, the user and the
organization with the memberships, and writes no session for its message."""

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from sigap.cases import services
from sigap.orgs import roles
from tests.factories import login, open_case, step_now


def _statements(action) -> list[str]:
    with CaptureQueriesContext(connection) as captured:
        action()
    # savepoints come from the test's own transaction, not from the step
    return [q["sql"] for q in captured.captured_queries if not q["sql"].upper().startswith(("SAVEPOINT", "RELEASE"))]


def _complete(case, user, decision=None, *, held=None):
    task = step_now(case)
    organization = task.organization
    return lambda: services.task_finish(
        organization=organization,
        task_id=task.pk,
        user=user,
        decision=decision,
        now=task.started_at + datetime.timedelta(minutes=5),
        roles=held,
    )


STEP = ["SELECT", "UPDATE", "INSERT", "INSERT", "UPDATE"]  # lock, task, history line, next task, case


def _kinds(statements: list[str]) -> list[str]:
    return [sql.split()[0].upper() for sql in statements]


def test_an_ordinary_step_given_the_roles_runs_five_statements(magetan_staff):
    user = magetan_staff["loket"]
    warm = open_case(magetan_staff, "surat-keterangan-terdaftar-dtks")
    _complete(warm, user, decision=True)()  # the version's steps, calendar, lane mapping
    case = open_case(magetan_staff, "surat-keterangan-terdaftar-dtks", nik="3520010101010004")
    held = roles.roles_of(user, case.organization_id)
    statements = _statements(_complete(case, user, decision=True, held=held))
    assert _kinds(statements) == STEP, statements
    assert "FOR UPDATE" in statements[0] or connection.vendor == "sqlite"  # SQLite locks the whole database
    assert roles.roles_of(user, case.organization_id) is not held  # remembered for the step only


def test_a_step_without_the_roles_reads_them_once(magetan_staff):
    user = magetan_staff["loket"]
    _complete(open_case(magetan_staff, "surat-keterangan-terdaftar-dtks"), user, decision=True)()
    case = open_case(magetan_staff, "surat-keterangan-terdaftar-dtks", nik="3520010101010004")
    statements = _statements(_complete(case, user, decision=True))
    assert _kinds(statements) == ["SELECT", "SELECT", *STEP[1:]], statements
    assert "orgs_membership" in statements[1]


def test_a_completion_over_http_reads_the_task_only_in_the_lock_and_writes_no_session(client, magetan_staff):
    user = magetan_staff["loket"]
    login(client, user)
    for nik in ("3520014107850003", "3520010101010004"):  # the first warms the version's steps and mappings
        case = open_case(magetan_staff, "surat-keterangan-terdaftar-dtks", nik=nik)
        url = reverse("cases:complete", args=["magetan", case.code, step_now(case).pk])
        with CaptureQueriesContext(connection) as captured:
            response = client.post(url, {"decision": "ya"})
    statements = [
        q["sql"] for q in captured.captured_queries if not q["sql"].upper().startswith(("SAVEPOINT", "RELEASE"))
    ]
    tables = ["django_session", "auth_user", "orgs_membership"]  # session, user, organization with memberships
    assert [sql.split('"')[1] for sql in statements[:3]] == tables, statements
    assert _kinds(statements[3:]) == STEP, statements
    assert not any("django_session" in sql for sql in statements[3:])  # the message travels in its cookie
    assert response.status_code == 302
    page = client.get(response["Location"])
    assert "Langkah 2 selesai." in page.content.decode()


def test_the_refusals_of_a_version_are_read_once(magetan_staff):
    def to_end(case):
        statements = _statements(_complete(case, magetan_staff["loket"], decision=False))  # 2: belum terdaftar
        return statements + _statements(_complete(case, magetan_staff["loket"]))  # 3: ends the case

    first = to_end(open_case(magetan_staff, "surat-keterangan-terdaftar-dtks"))
    second = to_end(open_case(magetan_staff, "surat-keterangan-terdaftar-dtks", nik="3520010101010005"))
    refusals = 'SELECT "sop_sopversion"."data"'
    assert sum(sql.startswith(refusals) for sql in first) == 1
    assert not any(sql.startswith(refusals) for sql in second)
