"""Where a step of `services.task_complete` spends its process CPU: cProfile over walked cases on PostgreSQL.

    DATABASE_URL=postgres://…/<bench database> .venv/bin/python bench/profile_step.py [--cases 60] [--top 30]

Uses the data of an earlier `bench/cases.py` run (as `--reuse` does) and the walker of
bench/cases_steps.py, roles read once per user outside the profiled section (as a request
does); one warm-up batch, batches timed without the profiler (process CPU per step), then
the profiled batch (process CPU time, not wall time), printed sorted by tottime and cumtime.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=60, help="cases walked in the profiled batch (~4 steps each)")
    parser.add_argument("--batches", type=int, default=3, help="batches timed without the profiler first")
    parser.add_argument("--top", type=int, default=30)
    parser.add_argument("--output", type=Path, help="also write the raw profile here (pstats)")
    args = parser.parse_args(argv)
    if "DATABASE_URL" not in os.environ:
        raise SystemExit("set DATABASE_URL to the database of an earlier bench/cases.py run")
    os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings_bench"
    os.environ.setdefault("SIGAP_LOG_LEVEL", "WARNING")
    import django

    django.setup()
    from sigap.orgs.tenancy import unscoped

    with unscoped():
        return _profile(args)


def _profile(args) -> int:
    from bench import cases_setup
    from bench.cases import _generator
    from bench.cases_steps import SigapWalker

    staff = cases_setup.load_staff(clients=16)
    walker = SigapWalker(_generator(os.environ["DATABASE_URL"], staff), staff)
    warm, measured = walker.tasks(10, seed=900), walker.tasks(args.cases, seed=901)
    walker.walk(warm)
    per_step = []
    for batch in range(args.batches):
        timed = walker.tasks(args.cases, seed=910 + batch)
        cpu = time.process_time()
        steps = walker.walk(timed)
        per_step.append((time.process_time() - cpu) * 1000 / steps)
    print(
        f"without the profiler, process CPU per step in {args.batches} batches of {args.cases} cases: "
        + ", ".join(f"{ms:.2f}" for ms in per_step)
        + f" ms (median {statistics.median(per_step):.2f})"
    )
    profile = cProfile.Profile(time.process_time)  # CPU of this process only: waiting on PostgreSQL is not in it
    profile.enable()
    steps = walker.walk(measured)
    profile.disable()
    print(f"{steps} steps profiled")
    if args.output:
        profile.dump_stats(args.output)
    for key in ("tottime", "cumtime"):
        out = io.StringIO()
        pstats.Stats(profile, stream=out).sort_stats(key).print_stats(args.top)
        print(out.getvalue())
    return 0


if __name__ == "__main__":
    sys.exit(main())
