"""What the case-engine benchmark prints: progress lines, one-line summaries, the closing verdict.

Every timing is a ratio against a floor measured in the same run, or against a
target; nothing fails on a timing (DESIGN.md, "Habits")."""

from __future__ import annotations

import time

TARGETS = {
    "inbox_p95_ms": 100.0,
    "inbox_growth": 1.3,
    "throughput_ratio": 0.5,  # completion req/s over the authenticated floor's
    "complete_p99_ms": 100.0,  # open loop, at 80% of the completion's own maximum
    "step_cost_ratio": 1.0,  # sigap task_complete CPU + database per step over SpiffWorkflow's
}

_STARTED = time.monotonic()


def say(text: str = ""):
    print(text, flush=True)


def section(text: str):
    say(f"\n{text}  [{time.monotonic() - _STARTED:.0f} s]")


def ok_text(flag: bool) -> str:
    return "OK" if flag else "MISSED"


def cpu_text(summary: dict) -> str:
    cpu = summary.get("cpu") or {}
    return (
        f"{cpu.get('server_cpu_ms_per_request', 0):.1f} ms (app {cpu.get('app_cpu_ms_per_request', 0):.1f} + "
        f"db {cpu.get('db_cpu_ms_per_request', 0):.1f})"
    )


def status_line(by_status: dict) -> str:
    total = sum(by_status.values()) or 1
    return "cases by status: " + ", ".join(
        f"{k} {v:,} ({v / total:.1%})" for k, v in sorted(by_status.items(), key=lambda kv: -kv[1])
    )


def load_line(s: dict) -> str:
    if not s.get("requests"):
        return f"no requests completed {s.get('errors')}"
    return (
        f"{s['requests']:,} requests in {s['wall_s']:.1f} s = {s['rps']:.0f} req/s; p50 {s['p50_ms']:.1f} ms, "
        f"p95 {s['p95_ms']:.1f} ms, p99 {s['p99_ms']:.1f} ms, max {s['max_ms']:.0f} ms; HTTP {s['statuses']}"
        + (f"; errors {len(s['errors'])}: {s['errors'][:2]}" if s["errors"] else "")
    )


def verdict(report: dict) -> dict:
    lines: list[str] = []
    ok: dict[str, bool] = {}
    _inbox_verdict(report, lines, ok)
    if "throughput" in report:
        _throughput_verdict(report["throughput"], lines, ok)
    if "steps" in report:
        _steps_verdict(report["steps"], lines, ok)
    return {"ok": ok, "lines": lines}


def _inbox_verdict(report: dict, lines: list[str], ok: dict[str, bool]):
    for stage in report["stages"]:
        inbox, size = stage["inbox"], stage["cases"]
        fast = ok[f"inbox_p95_{size}"] = inbox["http"]["p95_ms"] < TARGETS["inbox_p95_ms"]
        indexed = ok[f"inbox_no_seq_scan_{size}"] = not inbox["explain"]["seq_scans_on_big_tables"]
        bounded = ok[f"inbox_plan_bounded_{size}"] = inbox["explain"].get("max_rows_removed_by_filter", 0) <= 10 * 200
        lines.append(
            f"inbox at {size:>9,} cases: p50 {inbox['http']['p50_ms']:6.1f} ms, p95 {inbox['http']['p95_ms']:6.1f} ms "
            f"(target < {TARGETS['inbox_p95_ms']:.0f}) {ok_text(fast)}; "
            f"plan {'without' if indexed else 'WITH'} Seq Scan on the big tables, "
            f"{inbox['explain'].get('max_rows_removed_by_filter', 0):,} rows removed by a filter"
            f"{'' if bounded else ' (UNBOUNDED: walks the history)'}"
        )
    if "inbox_growth" in report:
        growth = report["inbox_growth"]["p95_ms"]
        ok["inbox_growth"] = growth < TARGETS["inbox_growth"]
        lines.append(f"inbox growth p95 x{growth} (target < {TARGETS['inbox_growth']}) {ok_text(ok['inbox_growth'])}")


def _throughput_verdict(t: dict, lines: list[str], ok: dict[str, bool]):
    ratio = t.get("ratio_to_floor_auth") or 0
    ok["throughput_ratio"] = ratio >= TARGETS["throughput_ratio"]
    lines.append(
        f"complete {t['complete'].get('rps')} req/s vs authenticated floor "
        f"{t['floor_auth'].get('rps')} / {t['floor_auth_after'].get('rps')} req/s: "
        f"{ratio:.0%} (target >= {TARGETS['throughput_ratio']:.0%}) {ok_text(ok['throughput_ratio'])}"
    )
    lines.append(
        f"complete vs bare SQL floor {t['floor'].get('rps')} / {t['floor_after'].get('rps')} req/s: "
        f"{t.get('ratio_real_to_floor') or 0:.0%} (the earlier floor, kept for comparison)"
    )
    lines.append(
        f"server CPU per request: complete {cpu_text(t['complete'])}, authenticated floor {cpu_text(t['floor_auth'])} "
        f"= {t.get('cpu_ratio_to_floor_auth')}x; bare floor {cpu_text(t['floor'])} = {t.get('cpu_ratio_to_floor')}x"
    )
    if "paced_complete" in t:
        paced, floor = t["paced_complete"], t["paced_floor_auth"]
        ok["complete_p99_paced"] = paced.get("p99_ms", 1e9) < TARGETS["complete_p99_ms"]
        lines.append(
            f"complete at {t['paced_rate']} req/s offered (open loop, 80% of its maximum): "
            f"p50 {paced.get('p50_ms')} ms, "
            f"p95 {paced.get('p95_ms')} ms, p99 {paced.get('p99_ms')} ms "
            f"(target p99 < {TARGETS['complete_p99_ms']:.0f}) {ok_text(ok['complete_p99_paced'])}; "
            f"authenticated floor at the same rate p99 {floor.get('p99_ms')} ms"
        )
        lines.append(
            f"server CPU per request at that rate: complete {cpu_text(paced)}, authenticated floor {cpu_text(floor)}"
        )
    ok["completed_exactly_once"] = t["verification"]["ok"]
    lines.append(f"each targeted task completed exactly once: {'OK' if ok['completed_exactly_once'] else 'NO'}")


def _steps_verdict(s: dict, lines: list[str], ok: dict[str, bool]):
    sigap, peer = s["sigap"], s["spiff"]
    ratio = s["ratio_sigap_to_spiff"]
    ok["step_cost_ratio"] = ratio <= TARGETS["step_cost_ratio"]
    lines.append(
        f"per step without HTTP, CPU + database: sigap task_complete {step_text(sigap)}, "
        f"SpiffWorkflow {s['spiff_version']} {step_text(peer)}; sigap/peer {ratio:.2f}x "
        f"(target <= {TARGETS['step_cost_ratio']:.1f}) {ok_text(ok['step_cost_ratio'])}"
    )
    ok["bpmn_paths"] = s["model_check"]["ok"]
    lines.append(f"BPMN model walked on every path to its end, same steps as the SOP file: {ok_text(ok['bpmn_paths'])}")


def step_text(m: dict) -> str:
    return (
        f"{m['cost_ms_per_step']:.2f} ms (process {m['process_cpu_ms_per_step']:.2f} + "
        f"PostgreSQL {m['db_cpu_ms_per_step']:.2f}; wall {m['wall_ms_per_step']:.2f})"
    )
