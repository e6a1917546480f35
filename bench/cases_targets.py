"""Fresh cases waiting at their first office step, for the measurements that complete tasks.

A mixin of `bench.cases_data.Generator`: it uses the generator's ids, names,
codes and NIK hashes, so these cases look like the generated history.
"""

from __future__ import annotations

import random

import psycopg

from bench.cases_plans import SopPlan
from bench.cases_rows import copy_rows, event_row, next_ids, set_sequences, task_row, ts

_EVENT, _TASK, _CASE = "cases_caseevent", "cases_task", "cases_case"


class OpenTasks:
    conninfo: str
    plans: dict[str, list[SopPlan]]
    names: tuple
    encrypted: dict[str, str]
    now: float
    next_ids: dict[str, int]

    def open_tasks(self, *, assignments: list[tuple[int, str]], per_client: int, seed: int = 7) -> list[dict]:
        """Fresh cases waiting at their first office step (DTKS step 2 is a decision, PBI-JKN step 2 is not),
        `per_client` for each (client number, organization slug). Returns the targets in order."""
        rng = random.Random(seed)
        rows: tuple[list, list, list] = ([], [], [])
        targets = []
        with psycopg.connect(self.conninfo) as conn:
            self.next_ids = next_ids(conn)  # completions since the last load took ids from the sequences
        for client, slug in assignments:
            plans = {p.code: p for p in self.plans[slug]}
            for n in range(per_client):
                plan = plans["surat-keterangan-terdaftar-dtks" if n % 2 == 0 else "reaktifasi-kartu-pbi-jkn"]
                target = self._open_case(plan, rng, rows)
                targets.append({"client": client, "org": slug, **target})
        with psycopg.connect(self.conninfo) as conn:
            copy_rows(conn, rows)
            set_sequences(conn)
            conn.commit()
        return targets

    def _open_case(self, plan: SopPlan, rng: random.Random, rows) -> dict:
        step = plan.next_of(plan.start, None)
        assert step is not None and step.target_s is not None and step.limit_s is not None
        opened = self.now - rng.uniform(60, 1800)
        case_id, task_id = self._id(_CASE), self._id(_TASK)
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
                "",  # result: open
                "",  # outcome
                ts(opened),
                counter,
                ts(opened + step.limit_s + step.rest_s),
                None,
            )
        )
        rows[1].append(
            task_row(
                task_id,
                case_id,
                plan.sop_id,
                step,
                kind="kantor",
                state="terbuka",
                started=ts(opened),
                organization_id=plan.organization_id,
                target=ts(opened + step.target_s),
                limit=ts(opened + step.limit_s),
            )
        )
        rows[2].append(event_row(self._id(_EVENT), case_id, None, ts(opened), counter, "dibuka", plan.start))
        return {"code": code, "task_id": task_id, "case_id": case_id, "decision": step.kind == "keputusan"}
