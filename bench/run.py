"""Benchmark of the official SOP documents: the HTML page, the SOP PDF and the Buku SOP.

Run with `make bench` (`.venv/bin/python bench/run.py`). It sets up a
throw-away database (SQLite in memory, or a test database next to the one
DATABASE_URL names), imports sops/, and measures the median of several runs
(time.perf_counter) of:

- one SOP document page through the Django test client, against a plain
  Django page with the same rows;
- each established SOP as a PDF, and the Buku SOP of every organization that
  has established SOPs, against a plain HTML document with the same rows and
  characters (no SVG) printed by the same WeasyPrint.

It prints a table of medians and ratios to the floors and writes it as JSON to
bench/results/latest.json. Targets: an SOP PDF under 0.5 s, the Magetan book
under 2 s. Timing is reported, never asserted.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import statistics
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
if sys.path and Path(sys.path[0]).resolve() == HERE:
    sys.path[0] = str(ROOT)  # import bench.* and sigap.* from the project root, not bench/ itself
elif str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sigap.settings")
os.environ.setdefault("SIGAP_ALLOWED_HOSTS", "testserver,localhost,127.0.0.1")
os.environ.setdefault("SIGAP_LOG_LEVEL", "WARNING")
os.environ.setdefault("SIGAP_HTTPS", "0")  # the test client speaks plain HTTP; no redirect to measure

TARGETS = {"sop_pdf": 0.5, "book_pdf:magetan": 2.0}


def median_time(fn, repeat: int) -> tuple[float, list[float]]:
    fn()  # warm up: fonts, templates, imports
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times), times


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7, help="runs per measurement (default 7)")
    parser.add_argument("--paper", default="A4", choices=["A4", "F4"])
    parser.add_argument("--output", default=str(HERE / "results" / "latest.json"))
    args = parser.parse_args(argv)

    import django

    django.setup()
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import override_settings, setup_test_environment, teardown_test_environment

    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
    try:
        return _run(args, settings, Client, override_settings)
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
        teardown_test_environment()


class Recorder:
    """The measurements of the run, in order, each with its floor and target."""

    def __init__(self):
        self.results: list[dict] = []

    def record(self, name, seconds, samples, floor=None, target=None, note=""):
        self.results.append(
            {
                "name": name,
                "median_s": round(seconds, 4),
                "min_s": round(min(samples), 4),
                "samples_s": [round(s, 4) for s in samples],
                "floor_s": round(floor, 4) if floor is not None else None,
                "ratio": round(seconds / floor, 2) if floor else None,
                "target_s": target,
                "meets_target": (seconds < target) if target else None,
                "note": note,
            }
        )


def _run(args, settings, Client, override_settings) -> int:
    import weasyprint

    from sigap.orgs.models import Organization
    from sigap.orgs.tenancy import organization_scope, unscoped
    from sigap.sop import selectors
    from sigap.sop.services import sop_import

    with unscoped():  # the import spans every organization, as the management command does
        sop_import(paths=[settings.SIGAP_SOP_DIR])
        organizations = list(Organization.objects.order_by("slug"))
    recorder = Recorder()
    for org in organizations:
        with organization_scope(org.pk):  # what a page of that organization sees
            established = [v for v in selectors.sop_current_versions(organization=org) if v.status == "ditetapkan"]
            if established:
                _measure_organization(args, org, established, Client(), override_settings, recorder)
    _print(recorder.results)
    _write(args, settings, weasyprint.__version__, recorder.results)
    return 0


def _measure_organization(args, org, established, client, override_settings, recorder: Recorder):
    from bench import floors
    from sigap.sop import documents, selectors

    repeat = args.repeat
    versions = [selectors.sop_version_get(organization=org, code=v.sop.code, revision=v.revision) for v in established]
    # The HTML page: the largest SOP of the organization (most steps), through the whole Django stack.
    largest = max(versions, key=lambda v: (len(v.steps.all()), v.sop.code))
    url = f"/{org.slug}/sop/{largest.sop.code}/dokumen/"
    assert client.get(url).status_code == 200
    page, page_samples = median_time(lambda: client.get(url), repeat)
    with override_settings(ROOT_URLCONF="bench.floors"):
        floor_url = f"/{org.slug}/sop/{largest.sop.code}/polos/"
        assert client.get(floor_url).status_code == 200
        page_floor, _ = median_time(lambda: client.get(floor_url), repeat)
    recorder.record(
        f"sop_html_page:{org.slug}/{largest.sop.code}",
        page,
        page_samples,
        page_floor,
        note="GET .../dokumen/ via the test client; floor: plain Django page, same rows",
    )
    for version in versions:
        seconds, samples = median_time(lambda version=version: documents.sop_pdf(version, paper=args.paper), repeat)
        floor, _ = _pdf_floor(floors.plain_pdf_html([version], paper=args.paper), repeat)
        recorder.record(
            f"sop_pdf:{org.slug}/{version.sop.code}",
            seconds,
            samples,
            floor,
            TARGETS["sop_pdf"],
            note=f"{args.paper}, {len(version.steps.all())} langkah",
        )
    _measure_book(args, org, versions, recorder)


def _pdf_floor(html: str, repeat: int):
    from sigap.orgs.pdf import render_pdf

    return median_time(lambda: render_pdf(html), repeat)


def _measure_book(args, org, versions, recorder: Recorder):
    from bench import floors
    from sigap.orgs.pdf import render_pdf
    from sigap.sop import documents, selectors

    book_repeat = max(3, args.repeat // 2)
    start = time.perf_counter()
    documents.book_pdf(org, paper=args.paper)
    first = time.perf_counter() - start
    book_times = []
    for _ in range(book_repeat):
        start = time.perf_counter()
        documents.book_pdf(org, paper=args.paper)
        book_times.append(time.perf_counter() - start)
    decree = selectors.decree_list(organization=org).first()
    extra = []
    if decree is not None:
        extra = [decree.title, *decree.data.get("menimbang", []), *decree.data.get("mengingat", [])]
        extra += [d["isi"] for d in decree.data.get("diktum", [])]
    book_floor_html = floors.plain_pdf_html(versions, paper=args.paper, extra_paragraphs=extra)
    floor_times = []
    render_pdf(book_floor_html)
    for _ in range(book_repeat):
        start = time.perf_counter()
        render_pdf(book_floor_html)
        floor_times.append(time.perf_counter() - start)
    recorder.record(
        f"book_pdf:{org.slug}",
        statistics.median(book_times),
        book_times,
        statistics.median(floor_times),
        TARGETS.get(f"book_pdf:{org.slug}"),
        note=f"{args.paper}, {len(versions)} SOP; first run {first:.2f} s",
    )


def _write(args, settings, weasyprint_version: str, results: list[dict]):
    output = Path(args.output)
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(
        json.dumps(
            {
                "when": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
                "python": platform.python_version(),
                "weasyprint": weasyprint_version,
                "machine": platform.machine(),
                "cpus": os.cpu_count(),
                "load_average": list(os.getloadavg()) if hasattr(os, "getloadavg") else None,
                "database": settings.DATABASES["default"]["ENGINE"],
                "repeat": args.repeat,
                "paper": args.paper,
                "results": results,
            },
            indent=2,
            ensure_ascii=False,
        )
        + "\n"
    )
    print(f"\n{output.relative_to(ROOT) if output.is_relative_to(ROOT) else output}")


def _print(results):
    headers = ("pengukuran", "median", "tercepat", "lantai", "rasio", "target", "")
    rows = []
    for r in results:
        rows.append(
            (
                r["name"],
                f"{r['median_s'] * 1000:.0f} ms",
                f"{r['min_s'] * 1000:.0f} ms",
                f"{r['floor_s'] * 1000:.0f} ms" if r["floor_s"] is not None else "-",
                f"{r['ratio']:.2f}x" if r["ratio"] is not None else "-",
                f"< {r['target_s']:.1f} s" if r["target_s"] else "",
                ("ok" if r["meets_target"] else "LEWAT") if r["target_s"] else "",
            )
        )
    widths = [max(len(str(x)) for x in column) for column in zip(headers, *rows)]

    def line(values):
        return "  ".join(str(v).ljust(w) if i == 0 else str(v).rjust(w) for i, (v, w) in enumerate(zip(values, widths)))

    if hasattr(os, "getloadavg"):
        print(f"beban mesin (load average 1/5/15 menit): {' / '.join(f'{x:.2f}' for x in os.getloadavg())}")
    print(line(headers))
    print("  ".join("-" * w for w in widths))
    for row in rows:
        print(line(row))


if __name__ == "__main__":
    sys.exit(main())
