"""One step of a case without HTTP: sigap's `task_complete` against SpiffWorkflow's stateless completion.

Both walk the same cases of the DTKS SOP to their end in this process, one step
at a time, on Django's one connection to the same PostgreSQL: 4 of 5 cases are
"terdaftar" (steps 2, 4, 5, 6), the fifth is not (steps 2, 3). Cost per step is the
CPU of this process plus the CPU of its PostgreSQL backend, over all steps of a
round; the two engines alternate rounds so that a disturbance on the machine
touches both. The database holds no letter templates, so neither side drafts a
letter at the signing step. sigap is given each user's roles, read once outside the
timed section, as a request's page decorator reads them once (`roles=`); the step
then runs its five statements.
"""

from __future__ import annotations

import time

from bench.cases_http import CpuMeter
from bench.cases_report import TARGETS, ok_text, say, step_text

ROUNDS = 2


def _answer(index: int) -> bool:
    return index % 5 != 4


class _Cost:
    """Process CPU, backend CPU and wall time over many steps."""

    def __init__(self):
        self.process = self.db = self.wall = 0.0
        self.steps = 0

    def measure(self, work, backend_pid: int):
        p0, d0, w0 = time.process_time(), CpuMeter._cpu(backend_pid), time.perf_counter()
        self.steps += work()
        self.wall += time.perf_counter() - w0
        self.db += CpuMeter._cpu(backend_pid) - d0
        self.process += time.process_time() - p0

    def summary(self) -> dict:
        per = 1000 / max(self.steps, 1)
        return {
            "steps": self.steps,
            "process_cpu_ms_per_step": round(self.process * per, 3),
            "db_cpu_ms_per_step": round(self.db * per, 3),
            "cost_ms_per_step": round((self.process + self.db) * per, 3),
            "wall_ms_per_step": round(self.wall * per, 3),
        }


class SigapWalker:
    """Cases of bench-a waiting at DTKS step 2, walked to the end through `services.task_complete`."""

    def __init__(self, generator, staff):
        from django.contrib.auth import get_user_model

        from sigap.orgs.models import Organization
        from sigap.orgs.roles import roles_of

        self.generator, self.organization = generator, Organization.objects.get(slug="bench-a")
        counter_id = next(pk for pk, name in staff.username.items() if name == staff.clients[0][0])
        head_id = staff.by_position[("bench-a", "kabid-linjamsos")][0]
        users = get_user_model().objects.in_bulk([counter_id, head_id])
        counter, head = users[counter_id], users[head_id]
        self.users = {"bidang-linjamsos": counter, "pimpinan": head}
        self.counter = counter
        # Read once per user outside the timed section, as a request's page decorator reads them once.
        self.roles = {lane: roles_of(user, self.organization) for lane, user in self.users.items()}

    def tasks(self, count: int, seed: int) -> list[int]:
        made = self.generator.open_tasks(assignments=[(0, "bench-a")], per_client=2 * count, seed=seed)
        return [t["task_id"] for t in made if t["decision"]][:count]

    def walk(self, task_ids: list[int]) -> int:
        from sigap.cases import services

        steps = 0
        for index, first in enumerate(task_ids):
            task_id: int | None = first
            lane = "bidang-linjamsos"
            while task_id is not None:
                # the decision is read at step 2 only; task_complete ignores it elsewhere
                task = services.task_complete(
                    organization=self.organization,
                    task_id=task_id,
                    user=self.users[lane],
                    decision=_answer(index),
                    roles=self.roles[lane],
                )
                steps += 1
                task_id, lane = (task.pk, task.lane_code) if task is not None else (None, lane)
        return steps


class SpiffWalker:
    def __init__(self, actor_id: int):
        from bench.cases_spiff import SpiffPeer

        self.peer, self.actor_id = SpiffPeer(), actor_id
        self.peer.create_tables()

    def tasks(self, count: int, seed: int) -> list[int]:
        return self.peer.start(count)

    def walk(self, instance_ids: list[int]) -> int:
        steps = 0
        for index, instance_id in enumerate(instance_ids):
            done = False
            while not done:
                done = self.peer.complete(instance_id, answer=_answer(index), actor_id=self.actor_id)
                steps += 1
        return steps


def measure_steps(args, staff, generator) -> dict:
    from django.db import connection

    from bench import cases_spiff

    check = cases_spiff.check_model()
    say(
        f"   BPMN model {cases_spiff.BPMN.name}: paths {check['paths']} walked to the end, "
        f"compared with the SOP file: {'OK' if check['ok'] else 'PROBLEMS ' + '; '.join(check['problems'])}"
    )
    count = 20 if args.quick else 150
    sigap = SigapWalker(generator, staff)
    spiff = SpiffWalker(sigap.counter.pk)
    walkers = {"sigap": sigap, "spiff": spiff}
    batches = {name: [w.tasks(count, seed=100 + r) for r in range(ROUNDS + 1)] for name, w in walkers.items()}
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        backend = cursor.fetchone()[0]
    for name, walker in walkers.items():  # warm-up round: caches, prepared plans, imports
        walker.walk(batches[name][0])
    costs = {name: _Cost() for name in walkers}
    for r in range(1, ROUNDS + 1):
        for name, walker in walkers.items():
            costs[name].measure(lambda walker=walker, name=name, r=r: walker.walk(batches[name][r]), backend)
    result = {name: cost.summary() for name, cost in costs.items()}
    ratio = round(result["sigap"]["cost_ms_per_step"] / result["spiff"]["cost_ms_per_step"], 3)
    result.update(
        {
            "cases_per_round": count,
            "rounds": ROUNDS,
            "spiff_version": cases_spiff.version(),
            "model_check": check,
            "ratio_sigap_to_spiff": ratio,
        }
    )
    say(
        f"   sigap task_complete:  {step_text(result['sigap'])} per step, {result['sigap']['steps']} steps "
        "(each user's roles read once, outside the timed section, and passed in, as a request does)"
    )
    say(
        f"   SpiffWorkflow {result['spiff_version']}: {step_text(result['spiff'])} per step, "
        f"{result['spiff']['steps']} steps"
    )
    say(
        f"   sigap/peer CPU + database per step {ratio:.2f}x (target <= {TARGETS['step_cost_ratio']:.1f}): "
        f"{ok_text(ratio <= TARGETS['step_cost_ratio'])}"
    )
    return result
