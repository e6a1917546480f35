"""The one permission check of the case engine: who may act on which task.

Office lanes map to positions (an administrator's LaneAssignment, else the
positions the SOP file names, else every position of the lane's unit). Waiting
tasks (applicant, outside party) are recorded by the staff of the SOP's unit
or of any office lane; a task handed over to another organization on the
platform is worked by that organization's staff.
"""

from __future__ import annotations

from sigap.orgs import config
from sigap.orgs.access import is_org_admin, member_positions
from sigap.orgs.models import Organization, Position
from sigap.sop.models import Lane
from sigap.sop.selectors import version_lanes

from .models import LaneAssignment, Task


def lane_positions(*, organization: Organization, sop_id: int, lane: Lane) -> set[int]:
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


def task_positions(task: Task) -> set[int]:
    """Positions that may act on a task."""
    case = task.case
    if task.organization_id != case.organization_id:
        return LaneMapping.of(task.organization).every_position()
    lanes = version_lanes(case.version_id)
    mapping = LaneMapping.of(case.organization)
    if task.kind == Task.Kind.OFFICE:
        return mapping.positions(case.sop_id, lanes[task.lane_code])
    allowed = mapping.unit_positions(case.sop.unit_id)
    for lane in lanes.values():
        if lane.kind == Lane.Kind.INTERNAL:
            allowed |= mapping.positions(case.sop_id, lane)
    return allowed


def can_work(user, task: Task) -> bool:
    if task.assignee_id is not None and task.assignee_id == user.pk:
        return True
    return bool(member_positions(user, task.organization_id) & task_positions(task))


def can_reassign(user, task: Task) -> bool:
    """Heads of the SOP's unit, the head of office and administrators reassign tasks."""
    if is_org_admin(user, task.organization):
        return True
    mine = Position.objects.filter(pk__in=member_positions(user, task.organization_id))
    if mine.filter(is_head_of_office=True).exists():
        return True
    if task.organization_id == task.case.organization_id:
        return mine.filter(is_head_of_unit=True, unit_id=task.case.sop.unit_id).exists()
    return mine.filter(is_head_of_unit=True).exists()
