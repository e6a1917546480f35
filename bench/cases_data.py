"""Synthetic case history for the case-engine benchmark, written with PostgreSQL COPY.

Each case walks its SOP's step graph the way `sigap.cases.services` would:
one task per reached step (office, applicant or outside party; adoption steps
8-11 are handed over to `jatim`), decisions branch (mostly "ya"), a few files
are returned to the applicant and come back, office tasks past their limit get
`overdue_at` and an OVERDUE event as the sweep would give them, and every
transition writes its CaseEvent (OPENED, CLAIMED, COMPLETED/RECORDED, RESUMED,
RETURNED, HANDED_OVER, OVERDUE, CLOSED).

Time is what makes a case open or done: cases are opened at a steady rate
going back from now (newest first), each step takes a sampled time (mostly
about its SOP *waktu*, with a long tail of tasks left lying for days), and a
case whose walk reaches past now stops there with an active task. So the open
backlog is set by the office's rate and habits, not by how much history lies
behind it: loading older cases (the second stage) adds done history only.

The step graphs come from bench/cases_plans.py, the row layouts from
bench/cases_rows.py. Due times here are calendar approximations of the SOP durations (minutes and
hours as clock time, days as 24 h, months as 30 days), not the working
calendar: the rows only need a realistic spread for the indexes and the inbox
order. The tasks the throughput test completes get the same shape.
"""

from __future__ import annotations

import datetime
import hashlib
import hmac
import json
import random
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

import psycopg

from bench.cases_plans import DAY, SopPlan, StepPlan, build_plans
from bench.cases_rows import (
    check_references,
    copy_rows,
    drop_secondary_indexes,
    event_row,
    next_ids,
    set_sequences,
    task_row,
    ts,
)
from bench.cases_targets import OpenTasks

__all__ = ["SYNTHETIC_NIK", "Counts", "Generator", "build_plans"]

# Cases opened per calendar day over the three organizations: 1,000,000 cases is about four years.
RATE_PER_DAY = 700
SOP_MIX = (
    ("surat-keterangan-terdaftar-dtks", 0.55),
    ("reaktifasi-kartu-pbi-jkn", 0.40),
    ("pelayanan-proses-adopsi-anak", 0.05),
)
RETURN_RATE = 0.03
MISSING = "Fotokopi Kartu Keluarga"
SYNTHETIC_NIK = "3520014107850003"  # the one clear NIK behind every encrypted value (synthetic)

_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
_CASE_STATUS = {"kantor": "proses", "pemohon": "menunggu_pemohon", "luar": "menunggu_pihak_luar"}
_EVENT, _TASK, _CASE = "cases_caseevent", "cases_task", "cases_case"


@dataclass
class Counts:
    cases: int = 0
    tasks: int = 0
    events: int = 0
    open_cases: int = 0
    active_tasks: int = 0
    seconds: float = 0.0
    copy_seconds: float = 0.0
    index_seconds: float = 0.0
    by_status: dict[str, int] = field(default_factory=dict)

    def add(self, other: Counts):
        self.cases += other.cases
        self.tasks += other.tasks
        self.events += other.events
        self.open_cases += other.open_cases
        self.active_tasks += other.active_tasks
        for key, value in other.by_status.items():
            self.by_status[key] = self.by_status.get(key, 0) + value


class Generator(OpenTasks):
    """Writes cases with their tasks and events; ids are assigned here, sequences set after each load.

    The open tasks the throughput and step measurements complete come from `OpenTasks.open_tasks`."""

    def __init__(
        self,
        *,
        conninfo: str,
        plans: dict[str, list[SopPlan]],
        hash_key: str,
        encrypted: dict[str, str],
        now: datetime.datetime,
        seed: int = 2026,
    ):
        self.conninfo = conninfo
        self.plans = plans
        self.orgs = list(plans)
        self.hash_key = hash_key.encode()
        self.encrypted = encrypted
        self.now = now.timestamp()
        self.seed = seed
        self.names = _names()
        with psycopg.connect(conninfo) as conn:
            self.next_ids = next_ids(conn)

    # -- the history ------------------------------------------------------------------

    def load_history(self, first: int, last: int, *, chunk: int = 20000, progress=None) -> Counts:
        """Cases number `first` .. `last - 1`, counted back in time from now (case 0 is the newest).

        Loaded the way one loads a big table: the secondary indexes are dropped and
        built again at the end, and foreign keys are not checked row by row
        (session_replication_role = replica) but all at once afterwards, each
        reference by one anti-join; a dangling one stops the run. A writer thread
        COPYs one chunk while the next is generated, so Python and PostgreSQL run on
        separate cores.
        """
        total = Counts()
        started = time.perf_counter()
        with psycopg.connect(self.conninfo) as conn, ThreadPoolExecutor(max_workers=1) as writer:
            conn.execute("SET synchronous_commit = off")
            conn.execute("SET session_replication_role = replica")
            conn.execute("SET maintenance_work_mem = '512MB'")
            indexes = drop_secondary_indexes(conn)
            conn.commit()
            pending = None
            for begin in range(first, last, chunk):
                end = min(last, begin + chunk)
                rng = random.Random(f"{self.seed}:{begin}")
                rows: tuple[list, list, list] = ([], [], [])
                counts = Counts()
                for index in range(begin, end):
                    self._case(index, rng, rows, counts)
                counts.tasks, counts.events = len(rows[1]), len(rows[2])
                if pending is not None:
                    pending.result()
                    if progress:
                        progress(begin - first, last - first, time.perf_counter() - started)
                pending = writer.submit(self._copy_commit, conn, rows)
                total.add(counts)
            if pending is not None:
                pending.result()
            total.copy_seconds = time.perf_counter() - started
            for definition in indexes:
                conn.execute(definition)
            conn.commit()
            total.index_seconds = time.perf_counter() - started - total.copy_seconds
            check_references(conn)
            set_sequences(conn)
            conn.commit()
        total.seconds = time.perf_counter() - started
        if progress:
            progress(last - first, last - first, total.seconds)
        return total

    @staticmethod
    def _copy_commit(conn, rows):
        copy_rows(conn, rows)
        conn.commit()

    def _case(self, index: int, rng: random.Random, rows, counts: Counts):
        slug = self.orgs[index % len(self.orgs)]
        plan = self._pick(slug, rng)
        opened = self.now - (index + rng.random()) * DAY / RATE_PER_DAY
        case_id = self._id(_CASE)
        counter = rng.choice(plan.counter)
        cases, tasks, events = rows
        events.append(event_row(self._id(_EVENT), case_id, None, ts(opened), counter, "dibuka", plan.start))
        status, current, expected, closed, outcome = self._walk(case_id, plan, opened, counter, rng, tasks, events)
        cases.append(
            (
                case_id,
                plan.organization_id,
                plan.sop_id,
                plan.version_id,
                self._code(case_id, rng),
                status,
                f"{rng.choice(self.names[0])} {rng.choice(self.names[1])}",
                self.encrypted["nik"],
                self._nik_hash(plan.region, index, rng),
                self._masked(plan.region),
                self.encrypted["phone"],
                self.encrypted["address"],
                plan.requirements,
                current,
                ("dikabulkan" if outcome else "berakhir") if status == "selesai" else "",  # Case.result
                outcome,
                ts(opened),
                counter,
                expected,
                ts(closed) if closed else None,
            )
        )
        counts.cases += 1
        counts.by_status[status] = counts.by_status.get(status, 0) + 1
        if status != "selesai":
            counts.open_cases += 1
            counts.active_tasks += 1

    def _walk(self, case_id, plan: SopPlan, opened: float, counter: int, rng: random.Random, tasks, events):
        """The case's steps from the start until it ends or reaches now.

        Returns (status, current step, expected completion, closed at, outcome)."""
        moment, done, decision, last_output = opened, plan.start, None, ""
        returned, loops, actor = False, 0, counter
        while True:
            target = plan.next_of(done, decision)
            assert target is not None  # every path of an established SOP reaches its end step
            if target.kind == "selesai":
                outcome = last_output or done.text
                events.append(
                    event_row(self._id(_EVENT), case_id, None, ts(moment), actor, "ditutup", target, note=outcome)
                )
                return "selesai", target.number, None, moment, outcome
            decision = None
            if target.kind == "keputusan":
                decision = rng.random() < plan.yes
                if not decision and target.no_number is not None and target.no_number < target.number:
                    loops += 1
                    decision = loops > 2  # a third incomplete file: this time the applicant gets it right
            may_return = (
                not returned
                and target.task_kind == "kantor"
                and target.kind != "keputusan"
                and rng.random() < RETURN_RATE
            )
            if target.organization_id != plan.organization_id:  # its task is the next id `_task` takes
                note = "Dinas Sosial Provinsi Jawa Timur"
                task_id = self.next_ids[_TASK]
                events.append(
                    event_row(self._id(_EVENT), case_id, task_id, ts(moment), actor, "diserahkan", target, note=note)
                )
            finished, worker = self._task(case_id, plan, target, moment, rng, tasks, events, may_return, decision)
            if finished is None:  # still open
                expected = ts(moment + (target.limit_s or 0) + target.rest_s)
                return _CASE_STATUS[target.task_kind], target.number, expected, None, ""
            if may_return:
                returned = True
                # "berkas dikembalikan": the applicant brings the missing item, then the same step again
                back = self._waiting(case_id, plan, target, finished, rng, tasks, events)
                if back is None:
                    return "berkas_dikembalikan", target.number, None, None, ""
                finished, worker = self._task(case_id, plan, target, back, rng, tasks, events, False, None)
                if finished is None:
                    expected = ts(back + (target.limit_s or 0) + target.rest_s)
                    return _CASE_STATUS[target.task_kind], target.number, expected, None, ""
            if target.output:
                last_output = target.output
            moment, done, actor = finished, target, worker

    def _task(self, case_id, plan: SopPlan, step: StepPlan, start: float, rng, tasks, events, may_return, decision):
        """One task from `start`; returns (finished at, or None if still active; who finished it)."""
        task_id = self._id(_TASK)
        target = ts(start + step.target_s) if step.target_s is not None else None
        limit_at = start + step.limit_s if step.limit_s is not None else None
        limit = ts(limit_at) if limit_at is not None else None
        took = self._duration(step, rng)
        finished = start + took
        worker = rng.choice(step.workers)
        overdue = None
        if step.task_kind == "kantor" and limit_at is not None and min(finished, self.now) > limit_at + 300:
            overdue = limit_at + rng.uniform(0, 300)  # the sweep runs every five minutes
        row = {"kind": step.task_kind, "started": ts(start), "target": target, "limit": limit}
        row["overdue"] = ts(overdue) if overdue else None
        if finished >= self.now:
            claimed = step.task_kind == "kantor" and rng.random() < 0.35
            state, assignee = ("diambil", worker) if claimed else ("terbuka", None)
            tasks.append(task_row(task_id, case_id, plan.sop_id, step, state=state, assignee=assignee, **row))
            if claimed:
                at = min(self.now - 1, start + rng.uniform(60, max(120, (self.now - start) / 2)))
                events.append(event_row(self._id(_EVENT), case_id, task_id, ts(at), worker, "diambil", step))
            if overdue:
                events.append(self._overdue_event(case_id, task_id, step, overdue, limit))
            return None, None
        note = "berkas belum lengkap" if may_return else ""
        done = {"completed_at": ts(finished), "completed_by": worker, "decision": decision, "note": note}
        tasks.append(task_row(task_id, case_id, plan.sop_id, step, state="selesai", assignee=worker, **row, **done))
        if step.task_kind == "kantor" and rng.random() < 0.3:
            events.append(
                event_row(self._id(_EVENT), case_id, task_id, ts(start + min(took / 2, 120)), worker, "diambil", step)
            )
        if overdue:
            events.append(self._overdue_event(case_id, task_id, step, overdue, limit))
        if may_return:
            data = json.dumps({"kurang": [MISSING]})
            events.append(
                event_row(
                    self._id(_EVENT), case_id, task_id, ts(finished), worker, "dikembalikan", step, note=note, data=data
                )
            )
        else:
            kind = "diselesaikan" if step.task_kind == "kantor" else "dicatat"
            data = json.dumps({"output": step.output}) if step.output else "{}"
            events.append(
                event_row(
                    self._id(_EVENT), case_id, task_id, ts(finished), worker, kind, step, decision=decision, data=data
                )
            )
        return finished, worker

    def _waiting(self, case_id, plan: SopPlan, step: StepPlan, start: float, rng: random.Random, tasks, events):
        """The applicant's task after a returned file; when they came back, or None if they have not yet."""
        task_id = self._id(_TASK)
        back = start + rng.uniform(DAY, 14 * DAY)
        worker = rng.choice(step.workers)
        row = {"kind": "pemohon", "purpose": f"Melengkapi berkas: {MISSING}", "organization_id": plan.organization_id}
        if back >= self.now:
            tasks.append(task_row(task_id, case_id, plan.sop_id, step, state="terbuka", started=ts(start), **row))
            return None
        done = {"assignee": worker, "completed_at": ts(back), "completed_by": worker}
        tasks.append(task_row(task_id, case_id, plan.sop_id, step, state="selesai", started=ts(start), **row, **done))
        data = json.dumps({"output": step.output}) if step.output else "{}"
        events.append(event_row(self._id(_EVENT), case_id, task_id, ts(back), worker, "dilanjutkan", step, data=data))
        return back

    def _overdue_event(self, case_id, task_id, step: StepPlan, at: float, limit):
        data = json.dumps({"batas": limit.isoformat()})
        return event_row(self._id(_EVENT), case_id, task_id, ts(at), None, "terlambat", step, data=data)

    @staticmethod
    def _duration(step: StepPlan, rng: random.Random) -> float:
        base = step.target_s or 600.0
        r = rng.random()
        if step.task_kind == "kantor":
            if r < 0.80:
                return max(60.0, base * rng.uniform(0.3, 2.5))
            if r < 0.92:
                return rng.uniform(3600, 8 * 3600)
            return rng.uniform(DAY, 30 * DAY)  # left lying: the long tail that makes the backlog
        if r < 0.75:
            return max(60.0, base * rng.uniform(0.3, 1.5))
        if r < 0.95:
            return base * rng.uniform(1.5, 4) + rng.uniform(3600, 3 * DAY)
        return base + rng.uniform(3 * DAY, 30 * DAY)

    # -- helpers ----------------------------------------------------------------------

    def _pick(self, slug: str, rng: random.Random) -> SopPlan:
        r, acc = rng.random(), 0.0
        plans = {p.code: p for p in self.plans[slug]}
        for code, share in SOP_MIX:
            acc += share
            if r < acc:
                return plans[code]
        return plans[SOP_MIX[-1][0]]

    def _id(self, table: str) -> int:
        value = self.next_ids[table]
        self.next_ids[table] = value + 1
        return value

    @staticmethod
    def _code(case_id: int, rng: random.Random) -> str:
        """Random-looking like `new_public_code`, unique by construction: six random letters, six from the id."""
        tail, n = [], case_id
        for _ in range(6):
            n, digit = divmod(n, 32)
            tail.append(_ALPHABET[digit])
        raw = "".join(rng.choice(_ALPHABET) for _ in range(6)) + "".join(tail)
        return f"{raw[:4]}-{raw[4:8]}-{raw[8:]}"

    def _nik_hash(self, region: str, index: int, rng: random.Random) -> str:
        day, month, year = (
            rng.randint(1, 28) + (40 if rng.random() < 0.5 else 0),
            rng.randint(1, 12),
            rng.randint(40, 99),
        )
        nik = f"{region}{1 + index % 18:02d}{day:02d}{month:02d}{year:02d}{rng.randint(1, 9999):04d}"
        return hmac.new(self.hash_key, nik.encode(), hashlib.sha256).hexdigest()

    @staticmethod
    def _masked(region: str) -> str:
        return f"{region}********{SYNTHETIC_NIK[-4:]}"


def _names():
    from sigap.cases.demo import FAMILY, GIVEN

    return GIVEN, FAMILY
