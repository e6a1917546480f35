"""Benchmark of letters: the signed letter PDF and the register export.

Run with `make bench` (or `.venv/bin/python bench/letters.py`). It creates a
throw-away test database (SQLite unless DATABASE_URL is set), imports the
shipped SOPs and letter templates, and measures:

- issuing a letter (number from the locked sequence, render with QR, PAdES
  signature, hash, store) — median and p95 — against a floor measured in the
  same run: the same letter HTML rendered to PDF by WeasyPrint without QR and
  signature;
- exporting an SOP register of 10,000 rows to Excel (openpyxl write-only)
  against its floor in the same run, openpyxl writing the same cells from memory,
  and the peak Python memory (tracemalloc) of both (bench/letters_register.py).

Targets: letter median under 0.5 s; the 10,000-row export within 1.5x of its floor
in constant memory. Timing is reported, never asserted. Results go to
bench/results/letters.json.

The benchmark loads data for every organization, as a management command does,
so it runs unscoped (sigap.orgs.tenancy); the export itself runs in its
organization's scope, as the register view does.
"""

from __future__ import annotations

import json
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


def percentile(values, q):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def setup():
    import django
    from django.conf import settings

    tmp = Path(tempfile.mkdtemp(prefix="sigap-bench-"))
    django.setup()
    settings.MEDIA_ROOT = tmp / "media"
    settings.SIGAP_SIGNING_DIR = tmp / "keys"
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    from django.db import connection
    from django.test.utils import setup_test_environment

    setup_test_environment()
    connection.creation.create_test_db(verbosity=0, autoclobber=True)
    from django.core.management import call_command

    call_command("sop_import", str(ROOT / "sops"), stdout=open(os.devnull, "w"))
    call_command("letters_load", str(ROOT / "surat"), stdout=open(os.devnull, "w"))
    call_command("letters_demo_cert", stdout=open(os.devnull, "w"))
    return tmp


def staff():
    from django.contrib.auth import get_user_model

    from sigap.orgs.models import Membership, Organization, Position

    org = Organization.objects.get(slug="magetan")
    users = {}
    for code in ("staf-linjamsos", "kabid-linjamsos"):
        user = get_user_model().objects.create_user(username=code, password="x")
        Membership.objects.create(
            user=user, organization=org, position=Position.objects.get(organization=org, code=code)
        )
        users[code] = user
    return org, users


def drafts(org, users, count):
    """Cases of the DTKS SOP waiting at the signing step, each with its draft letter."""
    from sigap.cases import services
    from sigap.letters.models import Letter
    from sigap.sop.models import Sop

    sop = Sop.objects.get(organization=org, code="surat-keterangan-terdaftar-dtks")
    result = []
    for i in range(count):
        case = services.case_open(
            organization=org,
            sop=sop,
            opened_by=users["staf-linjamsos"],
            applicant_name=f"Pemohon Contoh {i}",
            nik="3520014107850003",
            address="Desa Contoh",
        )
        task = case.tasks.get(state="terbuka")
        task = services.task_complete(
            organization=task.organization, task_id=task.pk, user=users["staf-linjamsos"], decision=True
        )
        services.task_complete(organization=task.organization, task_id=task.pk, user=users["staf-linjamsos"])
        result.append(Letter.objects.get(case=case, status="draf"))
    return result


def bench_letters(org, users, repeat):
    from sigap.letters import rendering, services

    letters = drafts(org, users, repeat + 1)
    services.letter_issue(letter=letters[0], signer=users["kabid-linjamsos"])  # warm up fonts and templates
    issue_times, floor_times = [], []
    for letter in letters[1:]:
        start = time.perf_counter()
        rendering.letter_pdf(letter, with_qr=False)
        floor_times.append(time.perf_counter() - start)
        start = time.perf_counter()
        services.letter_issue(letter=letter, signer=users["kabid-linjamsos"])
        issue_times.append(time.perf_counter() - start)
    return {
        "letter_issue_median_s": statistics.median(issue_times),
        "letter_issue_p95_s": percentile(issue_times, 0.95),
        "floor_median_s": statistics.median(floor_times),
        "floor_p95_s": percentile(floor_times, 0.95),
        "ratio_median": statistics.median(issue_times) / statistics.median(floor_times),
        "runs": len(issue_times),
    }


TARGETS = {"letter_issue_median_s": 0.5, "register_ratio_to_floor": 1.5}


def main():
    from bench.letters_register import bench_register, report

    repeat = int(os.environ.get("SIGAP_BENCH_REPEAT", "15"))
    setup()
    from sigap.orgs.tenancy import unscoped

    with unscoped():
        org, users = staff()
        results = {
            "letters": bench_letters(org, users, repeat),
            "register": bench_register(org, users["staf-linjamsos"]),
            "targets": TARGETS,
        }
    letter = results["letters"]
    print(f"\nSurat (letter) — {letter['runs']:d} runs")
    print(
        f"  terbit + QR + tanda tangan  median {letter['letter_issue_median_s'] * 1000:7.1f} ms  "
        f"p95 {letter['letter_issue_p95_s'] * 1000:7.1f} ms"
    )
    print(
        f"  lantai: HTML->PDF saja      median {letter['floor_median_s'] * 1000:7.1f} ms  "
        f"p95 {letter['floor_p95_s'] * 1000:7.1f} ms"
    )
    print(f"  rasio terhadap lantai       {letter['ratio_median']:.2f}x   (target median < 500 ms)")
    for line in report(results["register"], TARGETS["register_ratio_to_floor"]):
        print(line)
    out = HERE / "results" / "letters.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(results, indent=2, default=str))


if __name__ == "__main__":
    main()
