"""Faults on PostgreSQL, each bounded in time: clocks that disagree between sweepers, and the database restarted
in the middle of a load (a private cluster this test starts itself, never the machine's own). Afterwards no
committed transition is lost, nothing is half-written, and the app serves again without manual steps."""

import datetime
import io
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection

from sigap.cases.models import CaseEvent, Task
from tests.factories import free_port, open_case, process_environment, step_now

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


# PostgreSQL restarted in the middle of a load ---------------------------------------------------------------------

PG_BIN = Path("/usr/lib/postgresql/15/bin")
private_cluster_possible = pytest.mark.skipif(
    not (PG_BIN / "pg_ctl").exists() or os.geteuid() != 0 or shutil.which("runuser") is None,
    reason="needs PostgreSQL 15's binaries and root (the cluster runs as the postgres user)",
)


def as_postgres(*command, timeout=60):
    return subprocess.run(
        ["runuser", "-u", "postgres", "--", *command], capture_output=True, text=True, timeout=timeout, check=True
    )


@pytest.fixture
def private_cluster():
    """A PostgreSQL cluster of this test only: its own data directory, port and socket folder; stopped after."""
    import tempfile

    folder = Path(tempfile.mkdtemp(prefix="sigap-pg-"))
    shutil.chown(folder, "postgres", "postgres")
    data, port = folder / "data", free_port()
    as_postgres(str(PG_BIN / "initdb"), "-D", str(data), "-U", "postgres", "-A", "trust", "--no-sync")
    options = f"-p {port} -k {folder} -c listen_addresses=127.0.0.1"

    def pg_ctl(*args):
        return as_postgres(str(PG_BIN / "pg_ctl"), "-D", str(data), "-l", str(folder / "log"), "-w", *args)

    pg_ctl("-o", options, "start")
    try:
        yield SimpleNamespace(
            url=f"postgres://postgres@127.0.0.1:{port}/postgres",
            restart=lambda: pg_ctl("-m", "immediate", "-o", options, "restart"),
        )
    finally:
        subprocess.run(
            ["runuser", "-u", "postgres", "--", str(PG_BIN / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"],
            capture_output=True,
            timeout=60,
        )
        shutil.rmtree(folder, ignore_errors=True)


def lines_until(process, wanted, deadline, seen):
    """Read the load's lines into `seen` until `wanted(seen)` holds or the deadline passes."""
    while not wanted(seen):
        assert time.monotonic() < deadline, seen[-5:]
        line = process.stdout.readline()
        assert line, f"the load ended early: {process.stderr.read()[-2000:]}"
        seen.append(line.split())


def start_load(script, stop, env):
    return subprocess.Popen(
        [*script, "load", str(stop), "90"],
        cwd=settings.BASE_DIR,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def state_of(script, env) -> dict:
    checked = subprocess.run(
        [*script, "check"], cwd=settings.BASE_DIR, env=env, capture_output=True, text=True, timeout=60
    )
    assert checked.returncode == 0, checked.stderr[-3000:]
    return json.loads(checked.stdout.strip().splitlines()[-1])


@private_cluster_possible
def test_a_database_restart_and_a_killed_process_mid_load_lose_and_half_write_nothing(private_cluster, tmp_path):
    """A process working cases from the counter to signed letters (as an app server does, through the services)
    sees its database restarted (immediate shutdown: a crash), goes on, and then a second one is killed with
    SIGKILL while it signs. Every step either process saw committed is there; no done task lacks its event, no
    letter number its letter, no signed letter its file; a file whose row never committed is removed by
    `sigap_orphans --delete`, as the sweeper runs it; and the app serves again untouched."""
    deadline = time.monotonic() + 170
    env = process_environment() | {
        "DATABASE_URL": private_cluster.url,
        "SIGAP_MEDIA_ROOT": str(tmp_path / "media"),
        "SIGAP_SIGNING_DIR": str(tmp_path / "keys"),
        "SIGAP_LOG_JSON": "0",
        "SIGAP_ALLOWED_HOSTS": "testserver",
        "SIGAP_HTTPS": "0",
    }
    script = [sys.executable, "-m", "tests.project.fault_load"]
    setup = subprocess.run(
        [*script, "setup"], cwd=settings.BASE_DIR, env=env, capture_output=True, text=True, timeout=120
    )
    assert setup.returncode == 0, setup.stderr[-3000:]
    seen: list[list[str]] = []

    # 1. The database restarts under the load.
    stop = tmp_path / "stop"
    load = start_load(script, stop, env)
    try:
        lines_until(load, lambda s: sum(line[0] == "ok" for line in s) >= 3, deadline, seen)
        private_cluster.restart()
        restarted = len(seen)
        lines_until(load, lambda s: any(line[-1] == "3" for line in s[restarted:]), deadline, seen)
        stop.touch()
        rest, errors = load.communicate(timeout=max(1, deadline - time.monotonic()))
    finally:
        if load.poll() is None:
            load.kill()
    assert load.returncode == 0, errors[-3000:]
    seen += [line.split() for line in rest.splitlines()]
    assert any(line[0] == "error" for line in seen)  # the restart was felt

    # 2. A process killed with SIGKILL while it signs (the signing step renders for well over half a second).
    stop.unlink()
    load = start_load(script, stop, env)
    try:
        lines_until(load, lambda s: s[-1:] != [] and s[-1][0] == "ok" and s[-1][-1] == "2", deadline, seen)
        time.sleep(0.5)  # into the signing step's rendering
        load.kill()
        load.wait(timeout=10)
        seen += [line.split() for line in load.stdout.read().splitlines()]
    finally:
        if load.poll() is None:
            load.kill()

    cleaned = manage("sigap_orphans", "--delete", "--older-than", "0", env=env)
    assert cleaned.returncode == 0, cleaned.stderr[-2000:]
    state = state_of(script, env)
    assert state["done_without_event"] == 0
    assert state["numbers_without_letter"] == []
    assert state["letters_without_file"] == []
    assert state["files_without_row"] == []
    for line in seen:
        if line[0] == "ok":
            assert state["done_steps"].get(line[1], 0) >= int(line[2]), line
    assert state["signed"] >= 1  # signed after the restart
    health = manage(
        "shell",
        "--no-imports",
        "-c",
        "from django.test import Client; print(Client().get('/health/').status_code)",
        env=env,
    )
    assert health.stdout.strip() == "200", health.stderr[-2000:]
