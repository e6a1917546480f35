"""The register export benchmark: 10,000 cases of an SOP register to Excel, against its floor.

The floor is openpyxl in write-only mode writing the same rows (the same header, the
same values with the same cell types: local dates, strings, empty cells) from a list
already in memory, to the same kind of file, in the same run. What the export adds
on top is reading the cases and turning them into cells. Peak Python memory
(tracemalloc) is measured for both, and for the export at 2,000, 10,000 and 50,000
synthetic rows to show it stays flat.
"""

from __future__ import annotations

import datetime
import statistics
import tempfile
import time
import tracemalloc

ROWS = 10_000
RUNS = 5


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


def make_cases(org, user, count: int = ROWS):
    """`count` closed DTKS cases of `org`, opened a minute apart (distinct timestamps, as real ones are)."""
    from django.utils import timezone

    from sigap.cases.models import Case
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
                opened_at=now - datetime.timedelta(minutes=count - i),
                opened_by=user,
                status="selesai",
                outcome="Surat Keterangan Terdaftar DTKS",
                closed_at=now - datetime.timedelta(minutes=count - i - 30),
            )
            for i in range(count)
        ],
        batch_size=2000,
    )
    return sop


def floor_xlsx(header: list[str], rows: list[list]) -> tempfile.SpooledTemporaryFile:
    """openpyxl write-only, nothing else: header and value rows appended, saved."""
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Register")
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    out = tempfile.SpooledTemporaryFile(max_size=256 * 1024)
    workbook.save(out)
    out.seek(0)
    return out


def floor_rows(cases) -> tuple[list[str], list[list]]:
    """The exact cells the export writes, computed beforehand (not timed)."""
    from django.utils import timezone

    from sigap.letters import exports, selectors

    def cell(value):
        if isinstance(value, datetime.datetime):
            return timezone.localtime(value).replace(tzinfo=None)
        return "" if value is None else value

    columns = exports.SOP_REGISTER
    rows = [[cell(row.get(c.key)) for c in columns] for row in selectors.register_rows(cases)]
    return [c.title for c in columns], rows


def _timed(work) -> float:
    start = time.perf_counter()
    work().read()
    return time.perf_counter() - start


def _peak(work) -> int:
    tracemalloc.start()
    try:
        work().close()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def bench_register(org, user) -> dict:
    """Export and floor alternated RUNS times each (medians), then their memory peaks."""
    from sigap.letters import exports, selectors
    from sigap.orgs.tenancy import organization_scope

    with organization_scope(org.pk):
        sop = make_cases(org, user)
        cases = selectors.sop_register(organization=org, sop_code=sop.code)
        header, rows = floor_rows(cases)

        def export():
            return exports.xlsx(selectors.register_rows(cases), exports.SOP_REGISTER, title="Register")

        def floor():
            return floor_xlsx(header, rows)

        export(), floor()  # warm up: imports, query plans
        times: dict[str, list[float]] = {"export": [], "floor": []}
        for _ in range(RUNS):
            times["floor"].append(_timed(floor))
            times["export"].append(_timed(export))
        memory = {"export_10k": _peak(export), "floor_10k": _peak(floor)}
        count = cases.count()
    curve = {
        n: _peak(lambda n=n: exports.xlsx(synthetic_rows(n), exports.SOP_REGISTER, title="Register"))
        for n in (2_000, 10_000, 50_000)
    }
    export_s, floor_s = statistics.median(times["export"]), statistics.median(times["floor"])
    return {
        "rows": count,
        "runs": RUNS,
        "register_10k_xlsx_median_s": export_s,
        "floor_10k_xlsx_median_s": floor_s,
        "ratio_to_floor": export_s / floor_s,
        "times_s": times,
        "peak_python_memory_bytes": memory,
        "peak_python_memory_synthetic_bytes": curve,
        "memory_growth_10k_to_50k": curve[50_000] / curve[10_000],
    }


def report(r: dict, target_ratio: float) -> list[str]:
    mib = 1024 * 1024
    memory = r["peak_python_memory_bytes"]
    lines = [
        "Register Excel (write-only)",
        f"  {r['rows']} baris dari basis data  median {r['register_10k_xlsx_median_s'] * 1000:7.1f} ms  "
        f"(puncak memori {memory['export_10k'] / mib:.2f} MiB)",
        f"  lantai: openpyxl dari memori     median {r['floor_10k_xlsx_median_s'] * 1000:7.1f} ms  "
        f"(puncak memori {memory['floor_10k'] / mib:.2f} MiB, baris sudah di memori)",
        f"  rasio terhadap lantai            {r['ratio_to_floor']:.2f}x   (target <= {target_ratio:.1f}x) "
        f"{'OK' if r['ratio_to_floor'] <= target_ratio else 'MISSED'}",
    ]
    for count, peak in r["peak_python_memory_synthetic_bytes"].items():
        lines.append(f"  puncak memori ekspor {count:>6} baris: {peak / mib:6.2f} MiB")
    lines.append(f"  pertumbuhan memori 10k -> 50k baris: {r['memory_growth_10k_to_50k']:.2f}x")
    return lines
