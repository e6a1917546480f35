"""The peer of sigap's case engine: SpiffWorkflow, the BPMN engine a Python shop would otherwise embed.

The Magetan DTKS SOP (sops/magetan/surat-keterangan-terdaftar-dtks.yaml) as
BPMN is bench/bpmn/surat-keterangan-terdaftar-dtks.bpmn. `check_model` walks the
model on both answers of the decision to its end and compares the user tasks
met, their order and their lanes with the SOP file's steps (SpiffWorkflow's
parser does not report unreachable tasks; this does). `SpiffPeer.complete` is
one user task completed statelessly, as a web request must do it: lock the
instance row (SELECT … FOR UPDATE), deserialize the workflow, complete the
task, run the engine, serialize, UPDATE the row, INSERT one history row, COMMIT.
The instance is kept as text (the serializer's JSON as it comes, no jsonb parsing):
the cheapest storage the peer could have.
"""

from __future__ import annotations

import json
import logging
from functools import lru_cache
from pathlib import Path
from xml.etree import ElementTree

import yaml

ROOT = Path(__file__).resolve().parent.parent
BPMN = ROOT / "bench" / "bpmn" / "surat-keterangan-terdaftar-dtks.bpmn"
SOP_FILE = ROOT / "sops" / "magetan" / "surat-keterangan-terdaftar-dtks.yaml"
PROCESS = "surat_keterangan_terdaftar_dtks"
DECISION_TASK, ANSWER = "langkah_2", "terdaftar"
_BPMN_NS = "http://www.omg.org/spec/BPMN/20100524/MODEL"


@lru_cache
def spec(bpmn: Path = BPMN):
    """The parsed process, once per process (as a server would keep it)."""
    from SpiffWorkflow.bpmn.parser.BpmnParser import BpmnParser

    logging.getLogger("spiff").setLevel(logging.WARNING)  # a line per task state change otherwise
    parser = BpmnParser()
    parser.add_bpmn_file(str(bpmn))
    return parser.get_spec(PROCESS)


@lru_cache
def serializer():
    from SpiffWorkflow.bpmn.serializer.workflow import BpmnWorkflowSerializer

    return BpmnWorkflowSerializer()


def version() -> str:
    from SpiffWorkflow.version import __version__

    return __version__


def _number(task_name: str) -> int:
    return int(task_name.removeprefix("langkah_"))


def sop_paths() -> dict[bool, list[tuple[int, str]]]:
    """(step number, lane name) of every step after the start and before the end, for each answer
    at the SOP's decision, read from the SOP file itself."""
    sop = yaml.safe_load(SOP_FILE.read_text())["sop"]
    steps, lanes = sop["langkah"], {lane["kode"]: lane["nama"] for lane in sop["pelaksana"]}
    by_number, numbers = {s["nomor"]: s for s in steps}, [s["nomor"] for s in steps]

    def after(step: dict, answer: bool) -> int | None:
        kind = step.get("jenis", "proses")
        if kind == "selesai":
            return None
        if kind == "keputusan":
            return step["ya" if answer else "tidak"]
        if "lanjut" in step:
            return step["lanjut"]
        index = numbers.index(step["nomor"])
        return numbers[index + 1] if index + 1 < len(numbers) else None

    paths = {}
    for answer in (True, False):
        walked: list[tuple[int, str]] = []
        step = next(s for s in steps if s.get("jenis") == "mulai")
        while (number := after(step, answer)) is not None and len(walked) <= len(steps):
            step = by_number[number]
            if step.get("jenis") != "selesai":
                walked.append((number, lanes[step["pelaksana"]]))
        paths[answer] = walked
    return paths


def new_workflow(bpmn: Path = BPMN):
    from SpiffWorkflow.bpmn.workflow import BpmnWorkflow

    workflow = BpmnWorkflow(spec(bpmn))
    workflow.do_engine_steps()
    return workflow


def complete_next(workflow, answer: bool):
    """Complete the workflow's one ready user task (answering the decision if it is the decision)."""
    from SpiffWorkflow.util.task import TaskState

    task = workflow.get_next_task(state=TaskState.READY, manual=True)
    if task is None:
        raise RuntimeError("no user task is ready")
    if task.task_spec.name == DECISION_TASK:
        task.data[ANSWER] = answer
    task.run()
    workflow.do_engine_steps()
    return task


def bpmn_walk(answer: bool, bpmn: Path = BPMN) -> tuple[list[tuple[int, str]], list[str]]:
    """The user tasks (number, lane) a case meets on `answer`, through serialize/deserialize between
    steps as the peer does; and the names of every task completed when the workflow ended."""
    from SpiffWorkflow.util.task import TaskState

    state = serializer().serialize_json(new_workflow(bpmn))
    walked: list[tuple[int, str]] = []
    for _ in range(20):
        workflow = serializer().deserialize_json(state)
        if workflow.is_completed():
            return walked, [t.task_spec.name for t in workflow.get_tasks(state=TaskState.COMPLETED)]
        task = complete_next(workflow, answer)
        walked.append((_number(task.task_spec.name), task.task_spec.lane))
        state = serializer().serialize_json(workflow)
    raise RuntimeError("the workflow did not end within 20 user tasks")


def check_model(bpmn: Path = BPMN) -> dict:
    """Both branches walked to the end; every user task of the model reached; the same steps, in the same
    order and lanes, as the SOP file. Returns {"ok", "paths", "problems"}."""
    expected = sop_paths()
    problems, paths, reached = [], {}, set()
    for answer, sop_path in expected.items():
        walked, completed = bpmn_walk(answer, bpmn)
        paths["ya" if answer else "tidak"] = [number for number, _lane in walked]
        reached.update(number for number, _lane in walked)
        if walked != sop_path:
            problems.append(f"answer {answer}: BPMN walks {walked}, the SOP file {sop_path}")
        if "langkah_7" not in completed:
            problems.append(f"answer {answer}: the end event (step 7) was not reached")
    # From the file, not the parsed spec: the parser keeps only what the start event's flows lead to.
    user_tasks = {_number(node.get("id", "")) for node in ElementTree.parse(bpmn).iter(f"{{{_BPMN_NS}}}userTask")}
    if user_tasks - reached:
        problems.append(f"user tasks no path reaches: {sorted(user_tasks - reached)}")
    sop_steps = {number for path in expected.values() for number, _lane in path}
    if sop_steps != user_tasks:
        problems.append(f"SOP steps {sorted(sop_steps)} but BPMN user tasks {sorted(user_tasks)}")
    return {"ok": not problems, "paths": paths, "problems": problems}


class SpiffPeer:
    """Workflow instances in PostgreSQL, one row each, on Django's connection (the driver sigap uses)."""

    INSTANCE, HISTORY = "bench_spiff_instance", "bench_spiff_history"

    def create_tables(self):
        from django.db import connection

        with connection.cursor() as cursor:
            cursor.execute(f"DROP TABLE IF EXISTS {self.HISTORY}, {self.INSTANCE}")
            cursor.execute(
                f"CREATE TABLE {self.INSTANCE} (id bigserial PRIMARY KEY, state text NOT NULL, "
                "completed boolean NOT NULL DEFAULT false, updated_at timestamptz NOT NULL DEFAULT now())"
            )
            cursor.execute(
                f"CREATE TABLE {self.HISTORY} (id bigserial PRIMARY KEY, "
                f"instance_id bigint NOT NULL REFERENCES {self.INSTANCE} (id), at timestamptz NOT NULL, "
                "task text NOT NULL, actor_id integer NOT NULL, data text NOT NULL)"
            )
            cursor.execute(f"CREATE INDEX ON {self.HISTORY} (instance_id)")

    def start(self, count: int) -> list[int]:
        """`count` new instances waiting at step 2 (the start is not measured)."""
        from django.db import connection, transaction

        state = serializer().serialize_json(new_workflow())
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {self.INSTANCE} (state) SELECT %s FROM generate_series(1, %s) RETURNING id",
                [state, count],
            )
            return [row[0] for row in cursor.fetchall()]

    def complete(self, instance_id: int, *, answer: bool, actor_id: int) -> bool:
        """One user task, as one web request would: True when the workflow has ended."""
        from django.db import connection, transaction

        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(f"SELECT state FROM {self.INSTANCE} WHERE id = %s FOR UPDATE", [instance_id])
            workflow = serializer().deserialize_json(cursor.fetchone()[0])
            task = complete_next(workflow, answer)
            done = workflow.is_completed()
            cursor.execute(
                f"UPDATE {self.INSTANCE} SET state = %s, completed = %s, updated_at = now() WHERE id = %s",
                [serializer().serialize_json(workflow), done, instance_id],
            )
            cursor.execute(
                f"INSERT INTO {self.HISTORY} (instance_id, at, task, actor_id, data) VALUES (%s, now(), %s, %s, %s)",
                [instance_id, task.task_spec.name, actor_id, json.dumps(task.data, default=str)],
            )
        return done
