"""Moving a case from step to step: the task a step becomes, its due time, the case's
status and expected completion, the end, and the history line each change writes.

Shared by opening and the transitions; none of these functions opens a
transaction of its own (their callers hold one).
"""

from __future__ import annotations

from functools import lru_cache
from typing import cast

from django.utils.translation import gettext_noop

from sigap.orgs.models import Organization
from sigap.orgs.tenancy import unscoped
from sigap.sop.flowgraph import FlowGraph
from sigap.sop.models import Lane, SopVersion, Step
from sigap.worktime.calendar import WorkCalendar
from sigap.worktime.durations import parse_duration

from .errors import stored_text
from .models import Case, CaseEvent, Task

# The events that finish a step and carry its output.
DONE_KINDS = (CaseEvent.Kind.COMPLETED, CaseEvent.Kind.RECORDED, CaseEvent.Kind.RECORDED_APPLICANT)
_EVENT_KIND: dict[str, CaseEvent.Kind] = {
    Task.Kind.OFFICE: CaseEvent.Kind.COMPLETED,
    Task.Kind.APPLICANT: CaseEvent.Kind.RECORDED_APPLICANT,
    Task.Kind.EXTERNAL: CaseEvent.Kind.RECORDED,
}

_TASK_KIND: dict[str, Task.Kind] = {
    Lane.Kind.APPLICANT: Task.Kind.APPLICANT,
    Lane.Kind.EXTERNAL: Task.Kind.EXTERNAL,
    Lane.Kind.INTERNAL: Task.Kind.OFFICE,
}
_CASE_STATUS: dict[str, Case.Status] = {
    Task.Kind.OFFICE: Case.Status.OFFICE,
    Task.Kind.APPLICANT: Case.Status.APPLICANT,
    Task.Kind.EXTERNAL: Case.Status.EXTERNAL,
}


# Flow graphs of the step maps `version_steps` keeps, by the identity of the map (a new map, a new graph).
_graphs: dict[int, tuple[dict[int, Step], FlowGraph]] = {}


def flow(steps: dict[int, Step]) -> FlowGraph:
    """The version's flow graph: which step follows which is sop.flowgraph's one rule.
    Built once per step map: every step of a case asks it one to three times."""
    held = _graphs.get(id(steps))
    if held is not None and held[0] is steps:
        return held[1]
    graph = FlowGraph.from_steps(steps.values())
    if len(_graphs) > 512:
        _graphs.clear()
    _graphs[id(steps)] = (steps, graph)
    return graph


def advance(
    case: Case, steps: dict[int, Step], done: Step, *, decision, actor, now, recorded: bool = False
) -> Task | None:
    """Move the case from a finished step to the next: a new task, or the end. `recorded`: the finished
    step's history line (with its output) is written already, as the last of the case's path."""
    target = steps[cast(int, flow(steps).next_after(done.number, decision))]  # `done` is not the end
    if target.kind == Step.Kind.END:
        _close(case, done, target, actor=actor, now=now, recorded=recorded)
        return None
    task = create_task(case, target, now=now)
    if task.organization_id != case.organization_id:
        CaseEvent(
            case=case,
            task=task,
            at=now,
            actor=actor,
            kind=CaseEvent.Kind.HANDED_OVER,
            step_number=target.number,
            lane_code=target.lane.code,
            note=task.organization.name,
        ).save(force_insert=True)
    case_at(case, steps, target, task)
    return task


def _close(case: Case, done: Step, end: Step, *, actor, now, recorded: bool) -> None:
    case.status, case.closed_at, case.current_step = Case.Status.DONE, now, end.number
    case.result, case.outcome = _result(case, done if recorded else None)
    case.expected_at = None
    case.save(update_fields=["status", "closed_at", "current_step", "result", "outcome", "expected_at"])
    CaseEvent(
        case=case,
        at=now,
        actor=actor,
        kind=CaseEvent.Kind.CLOSED,
        step_number=end.number,
        lane_code=end.lane.code,
        note=case.outcome,
    ).save(force_insert=True)


def _result(case: Case, last: Step | None = None) -> tuple[Case.Result, str]:
    """How the case ended, from the last step on its path that says so: one whose SOP file names
    `hasil_ditolak` refuses with that short outcome; one with an output grants it; else it just ended.
    `last`: the step finished last, whose history line is written; when it says so itself, the history
    is not read."""
    refusals = version_refusals(case.version_id)
    if last is not None and last.number in refusals:
        return Case.Result.REFUSED, refusals[last.number]
    if last is not None and last.output:
        return Case.Result.GRANTED, last.output
    result, outcome = Case.Result.ENDED, ""
    # The case is locked by the transition and is the organization's: its own lines, by its id, without the
    # scope's join to the case again.
    done = (
        CaseEvent._base_manager.filter(case_id=case.pk, kind__in=DONE_KINDS)
        .order_by("at", "pk")
        .values_list("step_number", "data")
    )
    for step_number, data in done:
        if step_number in refusals:
            result, outcome = Case.Result.REFUSED, refusals[step_number]
        elif data.get("output"):
            result, outcome = Case.Result.GRANTED, data["output"]
    return result, outcome or stored_text(gettext_noop("Selesai"), {})


@lru_cache(maxsize=256)
def version_refusals(version_id: int) -> dict[int, str]:
    """The steps of an SOP version that end a request refused, with the short outcome each gives
    (`hasil_ditolak` in the SOP file). Versions never change, so this is kept in memory (as
    `sop.selectors.version_steps`); read unscoped by the id of the case's version."""
    with unscoped():
        data = SopVersion.objects.values_list("data", flat=True).get(pk=version_id)
    return {step["nomor"]: step["hasil_ditolak"] for step in data.get("langkah", []) if step.get("hasil_ditolak")}


def case_at(case: Case, steps: dict[int, Step], step: Step, task: Task) -> None:
    """The case now waits on `task` for `step`: its status, current step and expected completion."""
    calendar = WorkCalendar.for_organization(case.organization)
    case.current_step = step.number
    case.status = _CASE_STATUS[task.kind]
    case.expected_at = expected_completion(calendar, steps, step, task)
    case.save(update_fields=["current_step", "status", "expected_at"])


def create_task(case: Case, step: Step, *, now, kind: str | None = None, purpose: str = "", timed: bool = True) -> Task:
    """A task for a step, due by the calendar of the organization that works it (untimed: no due time)."""
    lane = step.lane
    organization = case.organization
    if lane.kind == Lane.Kind.EXTERNAL and lane.external_org:
        organization = Organization.objects.filter(slug=lane.external_org).first() or organization
    target = limit = None
    if timed and step.duration_text:
        target, limit = WorkCalendar.for_organization(organization).due_range(now, parse_duration(step.duration_text))
    # Inserted as instances: the scoped manager's create() would build the scope's filter for nothing
    # (an INSERT has no WHERE); the organization is the case's or the lane's, set here.
    created = Task(
        case=case,
        sop_id=case.sop_id,
        organization=organization,
        step_number=step.number,
        lane_code=lane.code,
        kind=kind or _TASK_KIND[lane.kind],
        started_at=now,
        due_target=target,
        due_limit=limit,
        purpose=purpose,
    )
    created.save(force_insert=True)
    return created


def expected_completion(calendar: WorkCalendar, steps: dict[int, Step], current: Step, task: Task):
    """The due limit at the end of the expected path (a decision taken as "ya") from the current task."""
    graph = flow(steps)
    when, step, seen = task.due_limit or task.started_at, current, {current.number}
    while True:
        number = graph.next_after(step.number, True)
        if number is None or number in seen:
            return when
        seen.add(number)
        step = steps[number]
        if step.kind == Step.Kind.END:
            return when
        if step.duration_text:
            when = calendar.due_range(when, parse_duration(step.duration_text))[1]


def done_kind(task: Task) -> CaseEvent.Kind:
    """The history line of a finished task: the office's work, or what the applicant or an outside party did."""
    if task.purpose:  # the applicant came back with what was missing
        return CaseEvent.Kind.RESUMED
    return _EVENT_KIND[task.kind]


def event(task: Task, kind, user, now, *, decision=None, note="", data=None) -> CaseEvent:
    """One history line about a task (inserted as an instance, as in `create_task`)."""
    line = CaseEvent(
        case_id=task.case_id,
        task=task,
        at=now,
        actor=user,
        kind=kind,
        step_number=task.step_number,
        lane_code=task.lane_code,
        decision=decision,
        note=note,
        data=data or {},
    )
    line.save(force_insert=True)
    return line
