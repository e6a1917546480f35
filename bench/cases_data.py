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

Due times here are calendar approximations of the SOP durations (minutes and
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

UTC = datetime.UTC
DAY = 86400.0
# Cases opened per calendar day over the three organizations: 1,000,000 cases is about four years.
RATE_PER_DAY = 700
SOP_MIX = (
    ("surat-keterangan-terdaftar-dtks", 0.55),
    ("reaktifasi-kartu-pbi-jkn", 0.40),
    ("pelayanan-proses-adopsi-anak", 0.05),
)
YES = {"surat-keterangan-terdaftar-dtks": 0.85, "reaktifasi-kartu-pbi-jkn": 0.8, "pelayanan-proses-adopsi-anak": 0.7}
RETURN_RATE = 0.03
MISSING = "Fotokopi Kartu Keluarga"
SYNTHETIC_NIK = "3520014107850003"  # the one clear NIK behind every encrypted value (synthetic)

_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
_TASK_KIND = {"pemohon": "pemohon", "luar": "luar", "internal": "kantor"}
_CASE_STATUS = {"kantor": "proses", "pemohon": "menunggu_pemohon", "luar": "menunggu_pihak_luar"}

CASE_COLUMNS = (
    "id",
    "organization_id",
    "sop_id",
    "version_id",
    "code",
    "status",
    "applicant_name",
    "nik_encrypted",
    "nik_hash",
    "nik_masked",
    "phone_encrypted",
    "address_encrypted",
    "requirements",
    "current_step",
    "outcome",
    "opened_at",
    "opened_by_id",
    "expected_at",
    "closed_at",
)
TASK_COLUMNS = (
    "id",
    "case_id",
    "sop_id",
    "organization_id",
    "step_number",
    "lane_code",
    "kind",
    "state",
    "purpose",
    "assignee_id",
    "started_at",
    "due_target",
    "due_limit",
    "completed_at",
    "completed_by_id",
    "decision",
    "note",
    "overdue_at",
    "escalated_at",
)
EVENT_COLUMNS = (
    "id",
    "case_id",
    "task_id",
    "at",
    "actor_id",
    "kind",
    "step_number",
    "lane_code",
    "decision",
    "note",
    "data",
)
TABLES = (("cases_case", CASE_COLUMNS), ("cases_task", TASK_COLUMNS), ("cases_caseevent", EVENT_COLUMNS))


def _seconds(amount) -> float:
    """A rough calendar length of an SOP amount (see the module docstring)."""
    factor = {"menit": 60, "jam": 3600, "hari": DAY, "minggu": 7 * DAY, "bulan": 30 * DAY, "tahun": 365 * DAY}[
        amount.unit
    ]
    return amount.value * factor


@dataclass
class StepPlan:
    number: int
    kind: str
    lane_code: str
    task_kind: str
    organization_id: int
    target_s: float | None
    limit_s: float | None
    output: str
    text: str
    next_number: int | None
    yes_number: int | None
    no_number: int | None
    workers: list[int]
    rest_s: float = 0.0  # limit time of the expected ("ya") path after this step


@dataclass
class SopPlan:
    organization_id: int
    organization_slug: str
    region: str
    sop_id: int
    version_id: int
    code: str
    steps: dict[int, StepPlan]
    start: StepPlan
    counter: list[int]
    requirements: str
    yes: float

    def next_of(self, step: StepPlan, decision: bool | None) -> StepPlan | None:
        if step.kind == "selesai":
            return None
        if step.kind == "keputusan":
            number = step.yes_number if decision else step.no_number
        elif step.next_number is not None:
            number = step.next_number
        else:
            later = sorted(n for n in self.steps if n > step.number)
            number = later[0] if later else None
        return self.steps[number] if number is not None else None


def build_plans(*, organizations: list[str], staff) -> dict[str, list[SopPlan]]:
    """The step graphs of each organization's established SOPs, with who may work each lane."""
    from sigap.cases import permissions
    from sigap.orgs.models import Organization, Position
    from sigap.worktime.durations import parse_duration
    from sigap.sop.models import Sop

    position_key = {p.pk: (p.organization.slug, p.code) for p in Position.objects.select_related("organization")}

    def users_of(position_ids) -> list[int]:
        found = []
        for pk in sorted(position_ids):
            found.extend(staff.by_position.get(position_key[pk], []))
        return found

    orgs = {o.slug: o for o in Organization.objects.all()}
    plans: dict[str, list[SopPlan]] = {}
    for slug in organizations:
        org = orgs[slug]
        plans[slug] = []
        for sop in Sop.objects.filter(organization=org, current_version__status="ditetapkan").select_related(
            "current_version", "unit"
        ):
            version = sop.current_version
            lanes = {lane.code: lane for lane in version.lanes.all()}
            internal = {
                code: permissions.lane_positions(organization=org, sop_id=sop.pk, lane=lane)
                for code, lane in lanes.items()
                if lane.kind == "internal"
            }
            waiting = set(Position.objects.filter(organization=org, unit_id=sop.unit_id).values_list("pk", flat=True))
            for positions in internal.values():
                waiting |= positions
            steps = {}
            for step in version.steps.select_related("lane"):
                lane = lanes[step.lane.code]
                task_org = org
                if lane.kind == "luar" and lane.external_org and lane.external_org in orgs:
                    task_org = orgs[lane.external_org]
                if task_org != org:
                    workers = users_of(Position.objects.filter(organization=task_org).values_list("pk", flat=True))
                elif lane.kind == "internal":
                    workers = users_of(internal[lane.code])
                else:
                    workers = users_of(waiting)
                duration = parse_duration(step.duration_text) if step.duration_text else None
                steps[step.number] = StepPlan(
                    number=step.number,
                    kind=step.kind,
                    lane_code=lane.code,
                    task_kind=_TASK_KIND[lane.kind],
                    organization_id=task_org.pk,
                    target_s=_seconds(duration.target) if duration else None,
                    limit_s=_seconds(duration.limit) if duration else None,
                    output=step.output,
                    text=step.text,
                    next_number=step.next_number,
                    yes_number=step.yes_number,
                    no_number=step.no_number,
                    workers=workers,
                )
            start = next(s for s in steps.values() if s.kind == "mulai")
            plan = SopPlan(
                organization_id=org.pk,
                organization_slug=slug,
                region=org.region_code.replace(".", ""),
                sop_id=sop.pk,
                version_id=version.pk,
                code=sop.code,
                steps=steps,
                start=start,
                counter=staff.by_position.get((slug, f"staf-{sop.unit.code}"), []),
                requirements=json.dumps([{"item": item, "ada": True} for item in version.identity_list("persyaratan")]),
                yes=YES.get(sop.code, 0.8),
            )
            for step in steps.values():  # expected remaining time, as services._expected_completion walks it
                rest, current, seen = 0.0, step, {step.number}
                while True:
                    current = plan.next_of(current, True)
                    if current is None or current.kind == "selesai" or current.number in seen:
                        break
                    seen.add(current.number)
                    rest += current.limit_s or 0.0
                step.rest_s = rest
            plans[slug].append(plan)
    return plans


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


class Generator:
    """Writes cases with their tasks and events; ids are assigned here, sequences set after each load."""

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
            self.next_ids = {
                table: conn.execute(f"SELECT coalesce(max(id), 0) + 1 FROM {table}").fetchone()[0]
                for table, _cols in TABLES
            }

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
            indexes = _drop_secondary_indexes(conn)
            conn.commit()
            pending = None
            for begin in range(first, last, chunk):
                end = min(last, begin + chunk)
                rng = random.Random(f"{self.seed}:{begin}")
                rows = ([], [], [])
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
            _check_references(conn)
            self._set_sequences(conn)
            conn.commit()
        total.seconds = time.perf_counter() - started
        if progress:
            progress(last - first, last - first, total.seconds)
        return total

    def _copy_commit(self, conn, rows):
        self._copy(conn, rows)
        conn.commit()

    def _case(self, index: int, rng: random.Random, rows, counts: Counts):
        slug = self.orgs[index % len(self.orgs)]
        plan = self._pick(slug, rng)
        opened = self.now - (index + rng.random()) * DAY / RATE_PER_DAY
        case_id = self._id("cases_case")
        counter = rng.choice(plan.counter)
        cases, tasks, events = rows
        events.append(
            (
                self._id("cases_caseevent"),
                case_id,
                None,
                _ts(opened),
                counter,
                "dibuka",
                plan.start.number,
                plan.start.lane_code,
                None,
                "",
                "{}",
            )
        )
        moment, done, decision, last_output = opened, plan.start, None, ""
        returned, loops, actor = False, 0, counter
        status, current, expected, closed, outcome = "proses", plan.start.number, None, None, ""
        while True:
            target = plan.next_of(done, decision)
            if target.kind == "selesai":
                status, current, closed = "selesai", target.number, moment
                outcome = last_output or done.text
                events.append(
                    (
                        self._id("cases_caseevent"),
                        case_id,
                        None,
                        _ts(moment),
                        actor,
                        "ditutup",
                        target.number,
                        target.lane_code,
                        None,
                        outcome,
                        "{}",
                    )
                )
                break
            decision = None
            if target.kind == "keputusan":
                decision = rng.random() < plan.yes
                if not decision and target.no_number < target.number:
                    loops += 1
                    decision = loops > 2  # a third incomplete file: this time the applicant gets it right
            may_return = (
                not returned
                and target.task_kind == "kantor"
                and target.kind != "keputusan"
                and rng.random() < RETURN_RATE
            )
            if target.organization_id != plan.organization_id:  # its task is the next id `_task` takes
                events.append(
                    (
                        self._id("cases_caseevent"),
                        case_id,
                        self.next_ids["cases_task"],
                        _ts(moment),
                        actor,
                        "diserahkan",
                        target.number,
                        target.lane_code,
                        None,
                        "Dinas Sosial Provinsi Jawa Timur",
                        "{}",
                    )
                )
            _task_id, finished, worker = self._task(
                case_id, plan, target, moment, rng, tasks, events, may_return=may_return, decision=decision
            )
            if finished is None:  # still open
                status, current = _CASE_STATUS[target.task_kind], target.number
                expected = _ts(moment + (target.limit_s or 0) + target.rest_s)
                break
            if may_return:
                returned = True
                # "berkas dikembalikan": the applicant brings the missing item, then the same step again
                back = self._waiting(case_id, plan, target, finished, rng, tasks, events)
                if back is None:
                    status, current = "berkas_dikembalikan", target.number
                    break
                _task_id, finished, worker = self._task(
                    case_id, plan, target, back, rng, tasks, events, may_return=False, decision=None
                )
                if finished is None:
                    status, current = _CASE_STATUS[target.task_kind], target.number
                    expected = _ts(back + (target.limit_s or 0) + target.rest_s)
                    break
            if target.output:
                last_output = target.output
            moment, done, actor = finished, target, worker
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
                outcome,
                _ts(opened),
                counter,
                expected,
                _ts(closed) if closed else None,
            )
        )
        counts.cases += 1
        counts.by_status[status] = counts.by_status.get(status, 0) + 1
        if status != "selesai":
            counts.open_cases += 1
            counts.active_tasks += 1

    def _task(
        self,
        case_id,
        plan: SopPlan,
        step: StepPlan,
        start: float,
        rng: random.Random,
        tasks,
        events,
        *,
        may_return: bool,
        decision: bool | None,
    ):
        """One task from `start`; returns (task id, finished at or None if still active, who finished it)."""
        task_id = self._id("cases_task")
        target = _ts(start + step.target_s) if step.target_s is not None else None
        limit_at = start + step.limit_s if step.limit_s is not None else None
        limit = _ts(limit_at) if limit_at is not None else None
        took = self._duration(step, rng)
        finished = start + took
        worker = rng.choice(step.workers)
        overdue = None
        if step.task_kind == "kantor" and limit_at is not None and min(finished, self.now) > limit_at + 300:
            overdue = limit_at + rng.uniform(0, 300)  # the sweep runs every five minutes
        if finished >= self.now:
            claimed = step.task_kind == "kantor" and rng.random() < 0.35
            tasks.append(
                (
                    task_id,
                    case_id,
                    plan.sop_id,
                    step.organization_id,
                    step.number,
                    step.lane_code,
                    step.task_kind,
                    "diambil" if claimed else "terbuka",
                    "",
                    worker if claimed else None,
                    _ts(start),
                    target,
                    limit,
                    None,
                    None,
                    None,
                    "",
                    _ts(overdue) if overdue else None,
                    _ts(overdue) if overdue else None,
                )
            )
            if claimed:
                at = min(self.now - 1, start + rng.uniform(60, max(120, (self.now - start) / 2)))
                events.append(
                    (
                        self._id("cases_caseevent"),
                        case_id,
                        task_id,
                        _ts(at),
                        worker,
                        "diambil",
                        step.number,
                        step.lane_code,
                        None,
                        "",
                        "{}",
                    )
                )
            if overdue:
                events.append(self._overdue_event(case_id, task_id, step, overdue, limit))
            return task_id, None, None
        note = "berkas belum lengkap" if may_return else ""
        tasks.append(
            (
                task_id,
                case_id,
                plan.sop_id,
                step.organization_id,
                step.number,
                step.lane_code,
                step.task_kind,
                "selesai",
                "",
                worker,
                _ts(start),
                target,
                limit,
                _ts(finished),
                worker,
                decision,
                note,
                _ts(overdue) if overdue else None,
                _ts(overdue) if overdue else None,
            )
        )
        if step.task_kind == "kantor" and rng.random() < 0.3:
            events.append(
                (
                    self._id("cases_caseevent"),
                    case_id,
                    task_id,
                    _ts(start + min(took / 2, 120)),
                    worker,
                    "diambil",
                    step.number,
                    step.lane_code,
                    None,
                    "",
                    "{}",
                )
            )
        if overdue:
            events.append(self._overdue_event(case_id, task_id, step, overdue, limit))
        if may_return:
            events.append(
                (
                    self._id("cases_caseevent"),
                    case_id,
                    task_id,
                    _ts(finished),
                    worker,
                    "dikembalikan",
                    step.number,
                    step.lane_code,
                    None,
                    note,
                    json.dumps({"kurang": [MISSING]}),
                )
            )
        else:
            kind = "diselesaikan" if step.task_kind == "kantor" else "dicatat"
            data = json.dumps({"output": step.output}) if step.output else "{}"
            events.append(
                (
                    self._id("cases_caseevent"),
                    case_id,
                    task_id,
                    _ts(finished),
                    worker,
                    kind,
                    step.number,
                    step.lane_code,
                    decision,
                    "",
                    data,
                )
            )
        return task_id, finished, worker

    def _waiting(self, case_id, plan: SopPlan, step: StepPlan, start: float, rng: random.Random, tasks, events):
        """The applicant's task after a returned file; when they came back, or None if they have not yet."""
        task_id = self._id("cases_task")
        back = start + rng.uniform(DAY, 14 * DAY)
        worker = rng.choice(step.workers)
        purpose = f"Melengkapi berkas: {MISSING}"
        if back >= self.now:
            tasks.append(
                (
                    task_id,
                    case_id,
                    plan.sop_id,
                    plan.organization_id,
                    step.number,
                    step.lane_code,
                    "pemohon",
                    "terbuka",
                    purpose,
                    None,
                    _ts(start),
                    None,
                    None,
                    None,
                    None,
                    None,
                    "",
                    None,
                    None,
                )
            )
            return None
        tasks.append(
            (
                task_id,
                case_id,
                plan.sop_id,
                plan.organization_id,
                step.number,
                step.lane_code,
                "pemohon",
                "selesai",
                purpose,
                worker,
                _ts(start),
                None,
                None,
                _ts(back),
                worker,
                None,
                "",
                None,
                None,
            )
        )
        data = json.dumps({"output": step.output}) if step.output else "{}"
        events.append(
            (
                self._id("cases_caseevent"),
                case_id,
                task_id,
                _ts(back),
                worker,
                "dilanjutkan",
                step.number,
                step.lane_code,
                None,
                "",
                data,
            )
        )
        return back

    def _overdue_event(self, case_id, task_id, step: StepPlan, at: float, limit):
        return (
            self._id("cases_caseevent"),
            case_id,
            task_id,
            _ts(at),
            None,
            "terlambat",
            step.number,
            step.lane_code,
            None,
            "",
            json.dumps({"batas": limit.isoformat()}),
        )

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

    # -- tasks for the throughput test --------------------------------------------------

    def open_tasks(self, *, assignments: list[tuple[int, str]], per_client: int, seed: int = 7) -> list[dict]:
        """Fresh cases waiting at their first office step (DTKS step 2 is a decision, PBI-JKN step 2 is not),
        `per_client` for each (client number, organization slug). Returns the targets in order."""
        rng = random.Random(seed)
        rows = ([], [], [])
        targets = []
        for client, slug in assignments:
            plans = {p.code: p for p in self.plans[slug]}
            for n in range(per_client):
                plan = plans["surat-keterangan-terdaftar-dtks" if n % 2 == 0 else "reaktifasi-kartu-pbi-jkn"]
                step = plan.next_of(plan.start, None)
                opened = self.now - rng.uniform(60, 1800)
                case_id, task_id = self._id("cases_case"), self._id("cases_task")
                counter = rng.choice(plan.counter)
                code = self._code(case_id, rng)
                rows[0].append(
                    (
                        case_id,
                        plan.organization_id,
                        plan.sop_id,
                        plan.version_id,
                        code,
                        "proses",
                        f"{rng.choice(self.names[0])} {rng.choice(self.names[1])}",
                        self.encrypted["nik"],
                        self._nik_hash(plan.region, case_id, rng),
                        self._masked(plan.region),
                        self.encrypted["phone"],
                        self.encrypted["address"],
                        plan.requirements,
                        step.number,
                        "",
                        _ts(opened),
                        counter,
                        _ts(opened + step.limit_s + step.rest_s),
                        None,
                    )
                )
                rows[1].append(
                    (
                        task_id,
                        case_id,
                        plan.sop_id,
                        plan.organization_id,
                        step.number,
                        step.lane_code,
                        "kantor",
                        "terbuka",
                        "",
                        None,
                        _ts(opened),
                        _ts(opened + step.target_s),
                        _ts(opened + step.limit_s),
                        None,
                        None,
                        None,
                        "",
                        None,
                        None,
                    )
                )
                rows[2].append(
                    (
                        self._id("cases_caseevent"),
                        case_id,
                        None,
                        _ts(opened),
                        counter,
                        "dibuka",
                        plan.start.number,
                        plan.start.lane_code,
                        None,
                        "",
                        "{}",
                    )
                )
                targets.append(
                    {
                        "client": client,
                        "org": slug,
                        "code": code,
                        "task_id": task_id,
                        "case_id": case_id,
                        "decision": step.kind == "keputusan",
                    }
                )
        with psycopg.connect(self.conninfo) as conn:
            self._copy(conn, rows)
            self._set_sequences(conn)
            conn.commit()
        return targets

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

    @staticmethod
    def _copy(conn, rows):
        with conn.cursor() as cursor:
            for (table, columns), data in zip(TABLES, rows):
                if not data:
                    continue
                with cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
                    for row in data:
                        copy.write_row(row)

    @staticmethod
    def _set_sequences(conn):
        for table, _cols in TABLES:
            conn.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT coalesce(max(id), 1) FROM {table}))"
            )


def _drop_secondary_indexes(conn) -> list[str]:
    """Drop the indexes of the loaded tables that no constraint owns; returns their definitions."""
    rows = conn.execute(
        "SELECT i.indexname, i.indexdef FROM pg_indexes i"
        " WHERE i.schemaname = current_schema() AND i.tablename = ANY(%s)"
        " AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)",
        [[table for table, _cols in TABLES]],
    ).fetchall()
    for name, _definition in rows:
        conn.execute(f'DROP INDEX "{name}"')
    return [definition for _name, definition in rows]


def _check_references(conn):
    """Every foreign key of the loaded tables points at an existing row (checked once, in bulk)."""
    keys = conn.execute(
        "SELECT c.conrelid::regclass::text, a.attname, c.confrelid::regclass::text, af.attname FROM pg_constraint c"
        " JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]"
        " JOIN pg_attribute af ON af.attrelid = c.confrelid AND af.attnum = c.confkey[1]"
        " WHERE c.contype = 'f' AND c.conrelid::regclass::text = ANY(%s)",
        [[table for table, _cols in TABLES]],
    ).fetchall()
    for table, column, target, target_column in keys:
        dangling = conn.execute(
            f'SELECT count(*) FROM {table} t WHERE t."{column}" IS NOT NULL'
            f' AND NOT EXISTS (SELECT 1 FROM {target} r WHERE r."{target_column}" = t."{column}")'
        ).fetchone()[0]
        if dangling:
            raise RuntimeError(f"{dangling} rows of {table}.{column} point at no {target} row")


def _ts(seconds: float) -> datetime.datetime:
    return datetime.datetime.fromtimestamp(seconds, UTC)


def _names():
    from sigap.cases.demo import FAMILY, GIVEN

    return GIVEN, FAMILY
