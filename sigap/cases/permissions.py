"""Who may act on which task: the case engine's rules, each written once (orgs.roles underneath).

Office lanes map to positions (an administrator's LaneAssignment, else the
positions the SOP file names, else every position of the lane's unit). Waiting
tasks (applicant, outside party) are recorded by the staff of the SOP's unit
or of any office lane; a task handed over to another organization on the
platform is worked by that organization's staff.
"""

from __future__ import annotations

from sigap.orgs import config, roles
from sigap.orgs.models import Organization, Position
from sigap.orgs.permissions import rule
from sigap.sop.models import Lane
from sigap.sop.selectors import version_lanes

from .models import Case, LaneAssignment, Task


def lane_positions(*, organization: Organization, sop_id: int, lane: Lane) -> frozenset[int] | set[int]:
    """The positions whose holders work an office lane of an SOP in an organization."""
    return LaneMapping.of(organization).positions(sop_id, lane)


class LaneMapping:
    """Which positions work which lanes in an organization: an administrator's LaneAssignment,
    else the positions the SOP file names, else every position of the lane's unit.
    Loaded once and remembered until the organization's settings change (orgs.config)."""

    def __init__(self, organization: Organization):
        self.assigned = {
            (a.sop_id, a.lane_code): frozenset(p.pk for p in a.positions.all())
            for a in LaneAssignment.objects.filter(organization=organization).prefetch_related("positions")
        }
        self.all = list(
            Position.objects.filter(organization=organization).values_list("pk", "code", "unit_id", "unit__code")
        )

    @classmethod
    def of(cls, organization: Organization) -> LaneMapping:
        return config.remembered(organization, "lane-mapping", lambda: cls(organization))

    def positions(self, sop_id: int, lane: Lane) -> frozenset[int] | set[int]:
        if (sop_id, lane.code) in self.assigned:
            return self.assigned[(sop_id, lane.code)]
        if lane.position_codes:
            return {pk for pk, code, _unit, _unit_code in self.all if code in lane.position_codes}
        if lane.unit_code:
            return {pk for pk, _code, _unit, unit_code in self.all if unit_code == lane.unit_code}
        return set()

    def unit_positions(self, unit_id: int) -> set[int]:
        return {pk for pk, _code, unit, _unit_code in self.all if unit == unit_id}

    def every_position(self) -> set[int]:
        return {pk for pk, *_rest in self.all}


def task_positions(task: Task) -> frozenset[int] | set[int]:
    """Positions that may act on a task."""
    case = task.case
    if task.organization_id != case.organization_id:
        return LaneMapping.of(task.organization).every_position()
    if task.kind == Task.Kind.OFFICE:
        return LaneMapping.of(case.organization).positions(case.sop_id, version_lanes(case.version_id)[task.lane_code])
    return case_positions(case)


def case_positions(case: Case) -> set[int]:
    """Positions that work a case as a whole: the SOP's unit and every office lane of its version."""
    mapping = LaneMapping.of(case.organization)
    allowed = set(mapping.unit_positions(case.sop.unit_id))
    for lane in version_lanes(case.version_id).values():
        if lane.kind == Lane.Kind.INTERNAL:
            allowed |= mapping.positions(case.sop_id, lane)
    return allowed


@rule
def may_work(user, task: Task) -> bool:
    """Claim, complete or return a task: whoever it is assigned to, or the holders of its lane's positions."""
    if task.assignee_id is not None and task.assignee_id == user.pk:
        return True
    return bool(roles.positions_of(user, task.organization_id) & task_positions(task))


@rule
def may_claim(user, task: Task) -> bool:
    return task.state == Task.State.OPEN and may_work(user, task)


@rule
def may_release(user, task: Task) -> bool:
    """Give a claimed task back to the lane's inbox: the one who claimed it."""
    return task.state == Task.State.CLAIMED and task.assignee_id == user.pk


@rule
def may_reassign(user, task: Task) -> bool:
    """Administrators, the head of office and the head of the SOP's unit reassign tasks
    (for a task handed over to this organization: any of its heads)."""
    held = roles.roles_of(user, task.organization_id)
    if held.is_administrator:
        return True
    if task.organization_id == task.case.organization_id:
        return held.heads(task.case.sop.unit_id)
    return held.heads_any_unit


@rule
def may_open_case(user, organization) -> bool:
    """Receive a request at the counter: any member of the organization."""
    return roles.is_member(user, organization)


@rule
def may_work_case(user, case: Case) -> bool:
    """Work a case as a whole (its applicant's data, its requirements, its files): the staff of the SOP's
    unit and of its office lanes, the head of office and of the unit, administrators."""
    held = roles.roles_of(user, case.organization_id)
    if held.is_administrator or held.heads(case.sop.unit_id):
        return True
    return bool(held.positions & case_positions(case))


@rule
def may_correct(user, case: Case) -> bool:
    """Correct the applicant's data and the requirements, add missing uploads: while the case is open."""
    return case.is_open and may_work_case(user, case)


@rule
def may_view_files(user, case: Case) -> bool:
    """Open the documents uploaded for a case: members of the case's own organization, and of an organization
    a task of the case was handed over to, whose step needs them (docs/architecture.md, Tenancy)."""
    if roles.is_member(user, case.organization_id):
        return True
    handed_to = (
        Task.objects.filter(case=case).exclude(organization_id=case.organization_id).values_list("organization_id")
    )
    return any(roles.is_member(user, organization_id) for (organization_id,) in handed_to.distinct())
