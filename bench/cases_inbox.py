"""The inbox page of the case-engine benchmark: one logged-in officer, sequential requests over HTTP,
its SQL counted in-process and its task query's plan (EXPLAIN ANALYZE) checked for scans of the history."""

from __future__ import annotations

import os
import re
import time

from bench.cases_db import BIG_TABLES, conninfo
from bench.cases_report import TARGETS, cpu_text, say
from bench.cases_setup import PASSWORD


def measure_inbox(args, url, server, staff, log_path) -> dict:
    from django.contrib.auth import get_user_model

    from sigap.cases import selectors
    from sigap.orgs.models import Organization

    organization = Organization.objects.get(slug="magetan")
    user = get_user_model().objects.get(username=staff.inbox_user)
    path = f"/{organization.slug}/kotak-masuk/"
    scope = selectors.inbox(organization=organization, user=user)
    in_scope = scope.count()
    overdue = selectors.inbox(organization=organization, user=user, state="terlambat").count()
    result: dict = {
        "user": staff.inbox_user,
        "path": path,
        "active_tasks_in_scope": in_scope,
        "overdue_in_scope": overdue,
        "how": (
            "HTTP against gunicorn, one logged-in client, sequential requests after every worker has served "
            "the page and the floor three times"
        ),
    }
    say(f"   {staff.inbox_user}: {in_scope:,} active tasks in the inbox's scope ({overdue:,} overdue); page shows 200")

    result["queries"] = inbox_queries(path, user)
    say(
        f"   one inbox page runs {result['queries']['count']} SQL queries "
        f"({result['queries']['sql_ms']:.1f} ms of SQL in-process)"
    )

    http, floor, rows = _over_http(args, url, server, staff, log_path, path, result)
    result["http"], result["floor_read"] = http, floor
    ok = http["p95_ms"] < TARGETS["inbox_p95_ms"]
    say(
        f"   inbox over HTTP, {http['requests']} requests: p50 {http['p50_ms']:.1f} ms, p95 {http['p95_ms']:.1f} ms, "
        f"p99 {http['p99_ms']:.1f} ms ({rows} rows on the page) — target p95 < {TARGETS['inbox_p95_ms']:.0f} ms: "
        f"{'OK' if ok else 'MISSED'}"
    )
    say(
        f"   floor (GET, one SELECT) same session: p50 {floor['p50_ms']:.2f} ms, p95 {floor['p95_ms']:.2f} ms; "
        f"inbox/floor p50 x{http['p50_ms'] / floor['p50_ms']:.1f}"
    )
    say(f"   server CPU per request (gunicorn + PostgreSQL): inbox {cpu_text(http)}, floor {cpu_text(floor)}")

    result["explain"] = explain_inbox(scope)
    _say_explain(result["explain"])
    return result


def _over_http(args, url, server, staff, log_path, path: str, result: dict):
    """The inbox and the read floor, sequential requests of one logged-in officer, after a warm-up."""
    from bench.cases_http import CpuMeter, Session, gunicorn, run_concurrent, run_sequential

    with gunicorn(server, database_url=url, log_path=log_path) as (port, pid):
        meter = CpuMeter(server_pid=pid, conninfo=conninfo(url))
        session = Session(port)
        session.login(staff.inbox_user, PASSWORD)
        status, _h, page = session.request("GET", path)
        rows = page.decode().count("data-task=")
        result["rows_on_page"] = rows
        if status != 200:
            raise RuntimeError(f"inbox answered HTTP {status}")
        # Concurrent warm-up, so that every worker has rendered the page before the timed requests.
        warmers = [Session(port) for _ in range(args.workers)]
        for warmer in warmers:
            warmer.cookies = dict(session.cookies)
        run_concurrent(warmers, [[("GET", path, None), ("GET", "/bench/floor-read/", None)] * 3 for _ in warmers])
        for warmer in warmers:
            warmer.close()
        result["load_average_before"] = os.getloadavg()
        before = meter.snapshot()
        http = run_sequential(session, path, args.inbox_requests).summary()
        http["cpu"] = meter.since(before, http["requests"])
        before = meter.snapshot()
        floor = run_sequential(session, "/bench/floor-read/", args.inbox_requests).summary()
        floor["cpu"] = meter.since(before, floor["requests"])
        result["load_average_after"] = os.getloadavg()
        session.close()
    return http, floor, rows


def _say_explain(explain: dict):
    say("   EXPLAIN (ANALYZE, BUFFERS) of the inbox's task query (selectors.inbox(...)[:200]):")
    for line in explain["scan_lines"]:
        say(f"     {line}")
    say(f"     execution {explain['execution_ms']} ms, planning {explain['planning_ms']} ms")
    if explain["seq_scans_on_big_tables"]:
        say("   !!! SEQ SCAN ON A BIG TABLE in the inbox plan: " + "; ".join(explain["seq_scans_on_big_tables"]))
    else:
        say("   no Seq Scan on cases_task / cases_case / cases_caseevent")
    if explain["max_rows_removed_by_filter"] > 10 * 200:
        say(
            "   !!! an index scan in the inbox plan throws away "
            f"{explain['max_rows_removed_by_filter']:,} rows "
            "(walking an index of all tasks and filtering): the plan does not scale with history"
        )


def inbox_queries(path: str, user) -> dict:
    """The SQL of one inbox page, rendered in-process by Django's test Client."""
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    if "testserver" not in settings.ALLOWED_HOSTS:
        settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    client = Client()
    client.force_login(user)
    client.get(path)
    with CaptureQueriesContext(connection) as captured:
        started = time.perf_counter()
        response = client.get(path)
        elapsed = time.perf_counter() - started
    queries = captured.captured_queries
    slowest = sorted(queries, key=lambda q: float(q["time"]), reverse=True)[:3]
    return {
        "count": len(queries),
        "status": response.status_code,
        "in_process_ms": round(elapsed * 1000, 2),
        "sql_ms": round(sum(float(q["time"]) for q in queries) * 1000, 2),
        "slowest": [{"ms": round(float(q["time"]) * 1000, 2), "sql": q["sql"][:600]} for q in slowest],
    }


def explain_inbox(scope) -> dict:
    query = scope[:200]
    query.explain(analyze=True, buffers=True)  # once to warm the cache; the second run is reported
    plan = query.explain(analyze=True, buffers=True)
    lines = plan.splitlines()
    scans = [
        line.strip()
        for line in lines
        if re.search(r"Scan|Sort Key|Limit|Join|Nested Loop|Gather|Rows Removed by Filter", line)
    ]
    seq = [line.strip() for line in lines if re.search(rf"Seq Scan on ({'|'.join(BIG_TABLES)})\b", line)]
    removed = [int(n) for n in re.findall(r"Rows Removed by Filter: (\d+)", plan)]

    def number(label):
        match = re.search(rf"{label}: ([\d.]+) ms", plan)
        return float(match.group(1)) if match else None

    return {
        "plan": plan,
        "scan_lines": scans,
        "seq_scans_on_big_tables": seq,
        "max_rows_removed_by_filter": max(removed, default=0),
        "index_scans": [line for line in scans if "Index" in line],
        "execution_ms": number("Execution Time"),
        "planning_ms": number("Planning Time"),
        "sql": str(query.query),
    }
