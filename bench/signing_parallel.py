"""Benchmark of parallel signing on PostgreSQL: 200 signing steps completed at once.

    .venv/bin/python bench/signing_parallel.py                  # 200 signings, 2 x cores + 1 worker processes
    .venv/bin/python bench/signing_parallel.py --signings 50 --no-locked   # a smoke run

It uses DATABASE_URL when it is PostgreSQL, else PostgreSQL on 127.0.0.1, and creates (and drops)
its own database `sigap_bench_signing`. It imports the shipped SOPs and letter templates and brings
cases of the DTKS SOP to their signing step. Then all signings are requested at the same moment
and served by a pool of worker processes (each its own database connection, as gunicorn's workers
would), in three runs over the same pool:

- **floor**: the same letters rendered (letter HTML with its QR code, WeasyPrint) and signed (PAdES)
  without numbering, storing or any transaction;
- **split**: completing each signing step (`cases.services.task_complete`): the number in a short
  transaction, render and signature outside any lock, the letter marked valid with the step's completion
  (letters/issuing.py);
- **locked**: for comparison, `letters.services.letter_issue` on as many other drafts: number, render,
  signature and file in one transaction that holds the number's lock throughout (what completing the
  step did before the split; corrections still issue so). `--no-locked` leaves it out.

For each run: throughput (signings per second over the whole run), the latency of each signing from
the common request moment (p50, p99, max: queueing included) and its service time (from the moment a
worker picked it up). The split run is reported as ratios to the floor. Afterwards the database is
checked: numbers 1..N with no gap and no duplicate, every letter valid with its file, every step
completed once. Timing is reported, never asserted. Results go to bench/results/signing_parallel.json.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sigap.settings")
os.environ.setdefault("SIGAP_LOG_LEVEL", "WARNING")
BENCH_DB = "sigap_bench_signing"
RESULTS = HERE / "results" / "signing_parallel.json"


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--signings", type=int, default=200)
    parser.add_argument("--workers", type=int, default=2 * (os.cpu_count() or 1) + 1)
    parser.add_argument("--no-locked", action="store_true", help="leave out the one-transaction comparison")
    return parser.parse_args(argv)


def setup(count: int, locked: bool):
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        os.environ["DATABASE_URL"] = "postgres://postgres@127.0.0.1:5432/postgres"
    import django
    from django.conf import settings

    tmp = Path(tempfile.mkdtemp(prefix="sigap-bench-signing-"))
    django.setup()
    settings.MEDIA_ROOT = tmp / "media"
    settings.SIGAP_SIGNING_DIR = tmp / "keys"
    settings.DATABASES["default"].setdefault("TEST", {})["NAME"] = BENCH_DB
    os.environ["SIGAP_BENCH_ORIGINAL_DB"] = settings.DATABASES["default"]["NAME"]
    from django.core.management import call_command
    from django.db import connection
    from django.test.utils import setup_test_environment

    setup_test_environment()
    connection.creation.create_test_db(verbosity=0, autoclobber=True)
    devnull = open(os.devnull, "w")
    call_command("sop_import", str(ROOT / "sops"), stdout=devnull)
    call_command("letters_load", str(ROOT / "surat"), stdout=devnull)
    call_command("letters_demo_cert", stdout=devnull)
    from bench.letters import drafts, staff
    from sigap.orgs.tenancy import unscoped

    with unscoped():
        org, users = staff()
        signing = [letter.pk for letter in drafts(org, users, count + 1)]  # the first one warms up
        others = [letter.pk for letter in drafts(org, users, count)] if locked else []
    return signing[0], signing[1:], others, users["kabid-linjamsos"].pk


# Worker processes ------------------------------------------------------------------------------------


def _floor(letter_pk: int, signer_pk: int) -> None:
    """Render and sign a letter as it will be issued, without a number taken, a row written or a lock."""
    import copy

    from django.utils import timezone

    from sigap.letters import issuing
    from sigap.letters.models import Letter

    letter = copy.copy(Letter.objects.select_related("organization", "template", "case").get(pk=letter_pk))
    letter.number, letter.signed_at, letter.signer_name = "400.9/999/403.107/2026", timezone.now(), "Kepala Bidang"
    issuing.signed_pdf(letter)


def _split(letter_pk: int, signer_pk: int) -> None:
    from django.contrib.auth import get_user_model

    from sigap.cases import services
    from sigap.cases.models import Task
    from sigap.letters.models import Letter

    letter = Letter.objects.get(pk=letter_pk)
    task = Task.objects.select_related("organization").get(case_id=letter.case_id, state__in=Task.ACTIVE)
    user = get_user_model().objects.get(pk=signer_pk)
    services.task_complete(organization=task.organization, task_id=task.pk, user=user)


def _locked(letter_pk: int, signer_pk: int) -> None:
    from django.contrib.auth import get_user_model

    from sigap.letters import services
    from sigap.letters.models import Letter

    services.letter_issue(letter=Letter.objects.get(pk=letter_pk), signer=get_user_model().objects.get(pk=signer_pk))


ACTIONS = {"floor": _floor, "split": _split, "locked": _locked}


def _worker(jobs, results, ready, start, warm_pk: int, signer_pk: int) -> None:
    from django.db import connections

    from sigap.orgs.tenancy import unscoped

    connections.close_all()  # a connection of its own, never the parent's
    with unscoped():
        _floor(warm_pk, signer_pk)  # fonts, templates and the signing key loaded before the clock starts
        ready.put(os.getpid())
        start.wait()
        while True:
            job = jobs.get()
            if job is None:
                break
            kind, letter_pk = job
            picked = time.monotonic()
            error = ""
            try:
                ACTIONS[kind](letter_pk, signer_pk)
            except Exception as exc:  # reported, the run goes on
                error = f"{type(exc).__name__}: {exc}"[:200]
            results.put((kind, letter_pk, picked, time.monotonic(), error))
    connections.close_all()


def run(kind: str, letters: list[int], workers: int, warm_pk: int, signer_pk: int) -> dict:
    """All signings requested at one moment, served by `workers` processes; their times from that moment."""
    from django.db import connections

    connections.close_all()
    context = multiprocessing.get_context("fork")
    jobs, results, ready, start = context.Queue(), context.Queue(), context.Queue(), context.Event()
    for pk in letters:
        jobs.put((kind, pk))
    for _ in range(workers):
        jobs.put(None)
    processes = [
        context.Process(target=_worker, args=(jobs, results, ready, start, warm_pk, signer_pk)) for _ in range(workers)
    ]
    for process in processes:
        process.start()
    for _ in processes:
        ready.get()
    requested = time.monotonic()
    start.set()
    done = [results.get() for _ in letters]
    for process in processes:
        process.join()
    latency = [finished - requested for _kind, _pk, _picked, finished, _error in done]
    service = [finished - picked for _kind, _pk, picked, finished, _error in done]
    makespan = max(latency)
    return {
        "signings": len(letters),
        "workers": workers,
        "errors": [error for *_rest, error in done if error][:5],
        "error_count": sum(1 for *_rest, error in done if error),
        "throughput_per_s": len(letters) / makespan,
        "makespan_s": makespan,
        "latency_p50_s": percentile(latency, 0.50),
        "latency_p99_s": percentile(latency, 0.99),
        "latency_max_s": makespan,
        "service_p50_s": percentile(service, 0.50),
        "service_p99_s": percentile(service, 0.99),
        "service_mean_s": statistics.fmean(service),
    }


def percentile(values, q):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def check(letters: list[int], others: list[int]) -> dict:
    """Numbers 1..N without gap or duplicate, each letter valid with its file, each step completed once."""
    from sigap.cases.models import CaseEvent, Task
    from sigap.letters.models import Letter, LetterSequence
    from sigap.orgs.tenancy import unscoped

    with unscoped():
        issued = Letter.objects.filter(pk__in=[*letters, *others])
        sequences = sorted(issued.values_list("sequence", flat=True))
        cases = issued.filter(pk__in=letters).values("case_id")
        valid_with_file = all(
            letter.status == Letter.Status.VALID and letter.pdf and letter.pdf.storage.exists(letter.pdf.name)
            for letter in issued
        )
        return {
            "numbers_consecutive": sequences == list(range(1, len(sequences) + 1)),
            "last_number": LetterSequence.objects.get().last_number,
            "all_valid_with_file": valid_with_file,
            "steps_completed_once": CaseEvent.objects.filter(
                case_id__in=cases, kind=CaseEvent.Kind.COMPLETED, step_number=5
            ).count()
            == len(letters),
            "signing_tasks_left_open": Task.objects.filter(
                case_id__in=cases, step_number=5, state__in=Task.ACTIVE
            ).count(),
        }


def main(argv=None):
    args = parse_args(argv)
    warm, letters, others, signer = setup(args.signings, not args.no_locked)
    results = {"floor": run("floor", letters, args.workers, warm, signer)}
    results["split"] = run("split", letters, args.workers, warm, signer)
    if others:
        results["locked"] = run("locked", others, args.workers, warm, signer)
    results["check"] = check(letters, others)
    floor = results["floor"]
    results["ratios_to_floor"] = {
        name: {
            "throughput": results[name]["throughput_per_s"] / floor["throughput_per_s"],
            "latency_p99": results[name]["latency_p99_s"] / floor["latency_p99_s"],
        }
        for name in ("split", "locked")
        if name in results
    }
    print(f"\nPenandatanganan paralel — {args.signings} surat sekaligus, {args.workers} proses pekerja (PostgreSQL)")
    for name, label in (
        ("floor", "lantai: render + TTE saja"),
        ("split", "langkah TTE (dipisah)"),
        ("locked", "satu transaksi (terkunci)"),
    ):
        if name not in results:
            continue
        r = results[name]
        print(
            f"  {label:28s} {r['throughput_per_s']:6.2f} surat/s  p50 {r['latency_p50_s']:6.2f} s  "
            f"p99 {r['latency_p99_s']:6.2f} s  layanan p99 {r['service_p99_s']:6.2f} s  galat {r['error_count']}"
        )
    for name, ratio in results["ratios_to_floor"].items():
        print(f"  {name} / lantai: throughput {ratio['throughput']:.2f}x  p99 {ratio['latency_p99']:.2f}x")
    print(f"  pemeriksaan: {results['check']}")
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(results, indent=2, default=str))
    from django.db import connection

    connection.creation.destroy_test_db(os.environ["SIGAP_BENCH_ORIGINAL_DB"], verbosity=0)


if __name__ == "__main__":
    main()
