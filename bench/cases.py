"""Case-engine benchmark on PostgreSQL: the inbox as history grows, and task completion throughput.

    .venv/bin/python bench/cases.py                # 1,000,000 cases (the inbox measured at 100,000 and 1,000,000)
    .venv/bin/python bench/cases.py --quick        # 20,000 cases, fewer requests: a smoke run of a few minutes
    .venv/bin/python bench/cases.py --reuse        # measure again on the data of the last run (no generation)
    .venv/bin/python bench/cases.py --reuse --app-root /tmp/checkout   # the same data, served from a changed checkout

It uses DATABASE_URL when set (an empty PostgreSQL database, or a loaded one with
--reuse), else it drops and creates `sigap_bench` on 127.0.0.1. Steps:

1. migrate, `sop_import sops/`, two synthetic organizations (bench-a, bench-b) with copies
   of Magetan's SOPs, staff with memberships;
2. history loaded with COPY in two stages (the newest tenth, then the rest): secondary indexes dropped
   and rebuilt, foreign keys checked in bulk afterwards; VACUUM ANALYZE after each;
3. after each stage, the inbox page `/magetan/kotak-masuk/` over HTTP (gunicorn), sequential
   requests of one logged-in officer, with EXPLAIN (ANALYZE, BUFFERS) of its task query;
4. task completion over HTTP (bench/cases_throughput.py): 16 logged-in clients (bench-a, bench-b)
   POST `.../tugas/<id>/selesai/` (CSRF on) on distinct open tasks, closed loop, against two floors
   in the same run: the authenticated floor `<org>/bench/selesai/<slot>/` (the same middleware and
   organization lookup, SELECT … FOR UPDATE of one task row, one UPDATE and two INSERTs through the
   ORM), which the completion is judged by, and the bare SQL floor `bench/floor/` (one UPDATE + one
   INSERT, no authentication); then an open-loop phase at 80% of the completion's measured
   throughput for latency at a load the server can carry; afterwards the database is checked:
   every targeted task completed exactly once;
5. one step without HTTP (bench/cases_steps.py): sigap's `services.task_complete` against
   SpiffWorkflow completing a user task statelessly on a BPMN model of the DTKS SOP
   (bench/cases_spiff.py, bench/bpmn/), CPU of the process plus its PostgreSQL backend per step.

Besides wall-clock latency and throughput it reports the CPU that gunicorn and the
PostgreSQL backends spent per request, which other work on the machine disturbs far
less. Timings are reported as ratios against the floor and against targets; nothing
here fails on a timing (DESIGN.md, "Habits"). Results go to bench/results/cases.json.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if sys.path and Path(sys.path[0]).resolve() == ROOT / "bench":
    sys.path[0] = str(ROOT)  # import bench.* and sigap.* from the project root, not bench/ itself
elif str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench import cases_db  # noqa: E402 (path set above)
from bench.cases_report import TARGETS, say, section, status_line, verdict  # noqa: E402
from bench.cases_setup import ORGS, database_url  # noqa: E402

RESULTS = ROOT / "bench" / "results" / "cases.json"


def parse_args(argv=None):
    cores = os.cpu_count() or 1
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter
    )
    add = parser.add_argument
    add("--cases", type=int, default=None, help="cases in all (default 1,000,000; 20,000 with --quick)")
    add("--first-stage", type=int, default=None, help="cases at the first inbox measurement (default a tenth)")
    add("--quick", action="store_true", help="20,000 cases and fewer requests (smoke run)")
    add("--clients", type=int, default=16)
    add("--per-client", type=int, default=None, help="completions per client (default 300; 10 with --quick)")
    add(
        "--paced-per-client",
        type=int,
        default=None,
        help="completions per client in the paced (open-loop) phase at 80%% of the measured throughput "
        "(default 60; 5 with --quick; 0: no paced phase)",
    )
    add(
        "--inbox-requests", type=int, default=None, help="timed inbox requests per stage (default 250; 30 with --quick)"
    )
    add("--workers", type=int, default=2 * cores + 1)
    add("--worker-class", default="sync", choices=("sync", "gthread"))
    add("--threads", type=int, default=1, help="threads per gthread worker")
    add(
        "--conn-max-age", type=int, default=600, help="SIGAP_DB_CONN_MAX_AGE for gunicorn (0: a connection per request)"
    )
    add(
        "--app-root",
        type=Path,
        default=ROOT,
        help="checkout gunicorn serves (default this one; point it at a scratch copy to try a change)",
    )
    add(
        "--reuse",
        action="store_true",
        help="keep the data of an earlier run (DATABASE_URL or sigap_bench): measure the inbox once and the throughput",
    )
    add("--time-limit", type=float, default=600.0, help="seconds a load phase may take at most")
    add("--output", type=Path, default=RESULTS)
    args = parser.parse_args(argv)
    args.cases = args.cases or (20_000 if args.quick else 1_000_000)
    args.first_stage = args.first_stage or max(1, args.cases // 10)
    args.per_client = args.per_client or (10 if args.quick else 300)
    if args.paced_per_client is None:
        args.paced_per_client = 5 if args.quick else 60
    args.inbox_requests = args.inbox_requests or (30 if args.quick else 250)
    args.warm_up = 5 if args.quick else 20
    return args


def main(argv=None) -> int:
    args = parse_args(argv)
    url, created = database_url(reuse=args.reuse)
    os.environ["DATABASE_URL"] = url
    os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings_bench"
    os.environ.setdefault("SIGAP_LOG_LEVEL", "WARNING")  # no per-login lines from django-axes in the report
    import django

    django.setup()
    from sigap.orgs.tenancy import unscoped

    # The benchmark loads and checks data of every organization, as a management command does;
    # what it measures (pages, services) enters its own organization's scope.
    with unscoped():
        return _run(args, url, created)


def _run(args, url: str, created: bool) -> int:
    from bench.cases_http import ServerConfig

    report: dict = {
        "benchmark": "cases",
        "started": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "machine": {"cores": os.cpu_count(), "python": platform.python_version(), "platform": platform.platform()},
        "database": cases_db.redacted(url) + (" (created by this run)" if created else ""),
        "arguments": {k: str(v) if isinstance(v, Path) else v for k, v in vars(args).items()},
        "targets": TARGETS,
    }
    server = ServerConfig(
        workers=args.workers,
        worker_class=args.worker_class,
        threads=args.threads,
        conn_max_age=args.conn_max_age,
        app_root=args.app_root.resolve(),
    )
    report["server"] = server.describe()
    log_path = args.output.with_suffix(".gunicorn.log")
    args.output.parent.mkdir(parents=True, exist_ok=True)
    log_path.write_bytes(b"")
    say(
        f"sigap case-engine benchmark: {'existing data' if args.reuse else f'{args.cases:,} cases'}, "
        f"database {cases_db.redacted(url)}"
    )
    say(f"server: {server.describe()}; {os.cpu_count()} cores")

    staff = _setup(args, report)
    slots = cases_db.create_floor_tables(url, args.clients)
    generator = _generator(url, staff)
    _stages(args, url, server, staff, generator, log_path, report)

    from bench.cases_steps import measure_steps
    from bench.cases_throughput import measure_throughput

    section(f"4. task completion over HTTP: {args.clients} clients x {args.per_client} distinct open tasks")
    report["throughput"] = measure_throughput(args, url, server, staff, generator, log_path, slots)
    section("5. one step without HTTP: sigap task_complete vs SpiffWorkflow (CPU + database per step)")
    report["steps"] = measure_steps(args, staff, generator)

    report["finished"] = time.strftime("%Y-%m-%dT%H:%M:%S%z")
    report["verdict"] = verdict(report)
    section("summary")
    for line in report["verdict"]["lines"]:
        say(f"   {line}")
    args.output.write_text(json.dumps(report, indent=2, ensure_ascii=False, default=str))
    say(f"\nresults: {args.output.relative_to(ROOT) if args.output.is_relative_to(ROOT) else args.output}")
    return 0


def _setup(args, report: dict):
    from bench import cases_setup

    t0 = time.perf_counter()
    if args.reuse:
        staff = cases_setup.load_staff(clients=args.clients)
        report["setup"] = {"reused": True, "users": len(staff.username)}
        section(f"1. setup: reusing the database and its {len(staff.username)} staff (--reuse)")
        return staff
    imported = cases_setup.migrate_and_import()
    staff = cases_setup.create_staff(clients=args.clients)
    report["setup"] = {
        "seconds": round(time.perf_counter() - t0, 1),
        "sop_files": imported,
        "users": len(staff.username),
        "organizations": list(ORGS),
    }
    section(
        f"1. setup: migrate, sop_import sops/ + copies for bench-a, bench-b, {len(staff.username)} staff "
        f"({report['setup']['seconds']} s)"
    )
    return staff


def _generator(url: str, staff):
    from django.conf import settings
    from django.utils import timezone

    from bench import cases_data
    from sigap.privacy import encrypt

    plans = cases_data.build_plans(organizations=list(ORGS), staff=staff)
    encrypted = {
        "nik": encrypt(cases_data.SYNTHETIC_NIK),
        "phone": encrypt("081200000000"),
        "address": encrypt("Desa Contoh RT 01 RW 02"),
    }
    return cases_data.Generator(
        conninfo=cases_db.conninfo(url),
        plans=plans,
        hash_key=settings.SIGAP_HASH_KEY,
        encrypted=encrypted,
        now=timezone.now(),
    )


def _stages(args, url, server, staff, generator, log_path, report: dict):
    """History in two stages (or the reused data), the inbox measured after each."""
    from bench.cases_inbox import measure_inbox

    report["stages"] = []
    loaded = 0
    sizes = (None,) if args.reuse else tuple(dict.fromkeys((min(args.first_stage, args.cases), args.cases)))
    for stage_size in sizes:
        if stage_size is None:
            cases_db.analyze(url)
            tables = cases_db.table_stats(url)
            stage = {"cases": tables["cases_case"]["rows"], "reused": True, "tables": tables}
        else:
            section(f"2. generating cases {loaded:,} .. {stage_size:,} (COPY)")
            stage = _load_stage(url, generator, loaded, stage_size)
            loaded = stage_size
        for table, info in stage["tables"].items():
            say(f"   {table:<18} {info['rows']:>12,} rows  {info['size_mb']:>9,.0f} MB (with indexes)")
        say(f"   active tasks (terbuka/diambil): {stage['tables']['cases_task']['active']:,}")
        section(f"3. inbox at {stage['cases']:,} cases")
        stage["inbox"] = measure_inbox(args, url, server, staff, log_path)
        report["stages"].append(stage)
    if len(report["stages"]) > 1:
        first, last = report["stages"][0], report["stages"][-1]
        growth = {k: round(last["inbox"]["http"][k] / first["inbox"]["http"][k], 2) for k in ("p50_ms", "p95_ms")}
        report["inbox_growth"] = growth
        say(
            f"\n   inbox growth {first['cases']:,} -> {last['cases']:,} cases: "
            f"p50 x{growth['p50_ms']}, p95 x{growth['p95_ms']} "
            f"(target < {TARGETS['inbox_growth']}x) {'OK' if growth['p95_ms'] < TARGETS['inbox_growth'] else 'MISSED'}"
        )


def _load_stage(url: str, generator, loaded: int, stage_size: int) -> dict:
    counts = generator.load_history(loaded, stage_size, progress=_progress)
    t1 = time.perf_counter()
    cases_db.vacuum_analyze(url)
    stage = {
        "cases": stage_size,
        "generated": {
            "cases": counts.cases,
            "tasks": counts.tasks,
            "events": counts.events,
            "seconds": round(counts.seconds, 1),
            "copy_seconds": round(counts.copy_seconds, 1),
            "index_seconds": round(counts.index_seconds, 1),
            "vacuum_analyze_seconds": round(time.perf_counter() - t1, 1),
            "open_cases_generated": counts.open_cases,
            "status": counts.by_status,
        },
        "tables": cases_db.table_stats(url),
    }
    generated = counts.tasks + counts.events + counts.cases
    say(
        f"   {counts.cases:,} cases in {counts.seconds:.1f} s ({generated:,} rows, "
        f"{generated / max(counts.seconds, 1e-9):,.0f} rows/s: "
        f"COPY {counts.copy_seconds:.1f} s, indexes rebuilt {counts.index_seconds:.1f} s, references checked "
        f"{counts.seconds - counts.copy_seconds - counts.index_seconds:.1f} s); "
        f"VACUUM ANALYZE {stage['generated']['vacuum_analyze_seconds']} s"
    )
    say(f"   {status_line(counts.by_status)}")
    return stage


def _progress(done: int, total: int, seconds: float):
    if done == total or done % 100_000 < 20_000:
        say(f"   .. {done:,}/{total:,} cases, {seconds:.0f} s")


if __name__ == "__main__":
    raise SystemExit(main())
