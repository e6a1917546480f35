"""Benchmark of letters: the signed letter PDF and the register export.

Run with `make bench` (or `.venv/bin/python bench/letters.py`). It creates a
throw-away test database (SQLite unless DATABASE_URL is set), imports the
shipped SOPs and letter templates, and measures:

- issuing a letter (number from the locked sequence, render with QR, PAdES
  signature, hash, store) — median and p95 — against a floor measured in the
  same run: the same letter HTML rendered to PDF by WeasyPrint without QR and
  signature;
- exporting an SOP register of 10,000 rows to Excel (openpyxl write-only),
  and the peak Python memory (tracemalloc) of the export at 2,000, 10,000 and
  50,000 rows, to show it stays flat.

Targets: letter median under 0.5 s; 10,000-row export under 5 s in constant
memory. Timing is reported, never asserted. Results go to bench/results/letters.json.
"""

from __future__ import annotations

import datetime
import json
import os
import statistics
import sys
import tempfile
import time
import tracemalloc
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
        rendering.html_to_pdf(rendering.letter_html(letter, with_qr=False))
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


def synthetic_rows(count):
    now = datetime.datetime(2026, 11, 26, 9, 0, tzinfo=datetime.UTC)
    for i in range(count):
        yield {
            "tanggal_masuk": now,
            "kode": f"ABCD-EFGH-{i:04d}",
            "pemohon": f"Pemohon Contoh {i}",
            "nik": "3520********0003",
            "status": "Selesai",
            "hasil": "Surat Keterangan Terdaftar DTKS",
            "nomor_surat": f"400.9/{i}/403.107/2026",
            "tanggal_keluar": now,
            "petugas": "Petugas Loket",
        }


def bench_register(org, users):
    """10,000 real cases through the register selector, plus synthetic rows for the memory curve."""
    from django.utils import timezone

    from sigap.cases.models import Case
    from sigap.letters import exports, selectors
    from sigap.sop.models import Sop

    sop = Sop.objects.get(organization=org, code="surat-keterangan-terdaftar-dtks")
    now = timezone.now()
    Case.objects.bulk_create(
        [
            Case(
                organization=org,
                sop=sop,
                version=sop.current_version,
                code=f"BNCH-{i:04d}-{i % 9999:04d}",
                applicant_name=f"Pemohon Contoh {i}",
                nik_encrypted="x",
                nik_hash=f"{i:064d}",
                nik_masked="3520********0003",
                opened_at=now,
                opened_by=users["staf-linjamsos"],
                status="selesai",
                outcome="Surat Keterangan Terdaftar DTKS",
                closed_at=now,
            )
            for i in range(10_000)
        ],
        batch_size=2000,
    )
    cases = selectors.sop_register(organization=org, sop_code=sop.code)
    times = []
    for _ in range(3):
        start = time.perf_counter()
        out = exports.xlsx(selectors.register_rows(cases), exports.SOP_REGISTER, title="Register")
        out.read()
        times.append(time.perf_counter() - start)
    memory = {}
    for count in (2_000, 10_000, 50_000):
        tracemalloc.start()
        exports.xlsx(synthetic_rows(count), exports.SOP_REGISTER, title="Register").close()
        memory[count] = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    return {
        "register_10k_xlsx_median_s": statistics.median(times),
        "rows": cases.count(),
        "peak_python_memory_bytes": memory,
        "memory_growth_10k_to_50k": memory[50_000] / memory[10_000],
    }


def main():
    repeat = int(os.environ.get("SIGAP_BENCH_REPEAT", "15"))
    setup()
    org, users = staff()
    results = {
        "letters": bench_letters(org, users, repeat),
        "register": bench_register(org, users),
        "targets": {"letter_issue_median_s": 0.5, "register_10k_xlsx_median_s": 5.0},
    }
    letter, r = results["letters"], results["register"]
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
    print("Register Excel (write-only)")
    print(
        f"  {r['rows']} baris              median {r['register_10k_xlsx_median_s'] * 1000:7.1f} ms (target < 5000 ms)"
    )
    for count, peak in r["peak_python_memory_bytes"].items():
        print(f"  puncak memori {count:>6} baris: {peak / 1024 / 1024:6.2f} MiB")
    print(f"  pertumbuhan memori 10k -> 50k baris: {r['memory_growth_10k_to_50k']:.2f}x")
    out = HERE / "results" / "letters.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(results, indent=2, default=str))


if __name__ == "__main__":
    main()
