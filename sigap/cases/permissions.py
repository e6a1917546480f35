"""Who may act on which task and who may read which case: the case engine's rules, each written once.

Office lanes map to positions (an administrator's LaneAssignment, else the
positions the SOP file names, else every position of the lane's unit). Waiting
tasks (applicant, outside party) are recorded by the staff of the SOP's unit
or of any office lane; a task handed over to another organization on the
platform is worked by that organization's staff.

Reading a case is need-to-know (docs/architecture.md, "Need-to-know"): the
positions that work it (`case_positions`), the heads of their units, the head
of office, whoever took part in it, and the staff of an organization a task of
it was handed over to. Being an administrator alone reads no case.
`may_read_case` answers for one case, `readable_filter` is the same rule as a
filter of an organization's cases for lists, searches and exports.
"""

from __future__ import annotations

from django.db.models import Q

from sigap.orgs import config, roles
from sigap.orgs.models import Organization, Position
from sigap.orgs.permissions import rule
from sigap.sop.models import Lane, SopVersion
from sigap.sop.selectors import version_lanes

from .models import Case, CaseEvent, LaneAssignment, Task


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
    return _version_positions(LaneMapping.of(case.organization), case.sop_id, case.sop.unit_id, case.version_id)


def _version_positions(mapping: LaneMapping, sop_id: int, unit_id: int, version_id: int) -> set[int]:
    allowed = set(mapping.unit_positions(unit_id))
    for lane in version_lanes(version_id).values():
        if lane.kind == Lane.Kind.INTERNAL:
            allowed |= mapping.positions(sop_id, lane)
    return allowed


def _reads_by_post(held: roles.Roles, mapping: LaneMapping, sop_id: int, unit_id: int, version_id: int) -> bool:
    """The user's posts read the cases of an SOP version: a position that works it, or the head of a unit
    that holds such a position (the SOP's own unit always does)."""
    positions = _version_positions(mapping, sop_id, unit_id, version_id)
    if held.positions & positions:
        return True
    units = {unit for pk, _code, unit, _unit_code in mapping.all if pk in positions and unit is not None}
    return bool(held.units_headed & (units | {unit_id}))


def _took_part(user, case: Case) -> bool:
    """Opened it, acted on it (its history names the user) or holds one of its tasks."""
    return (
        CaseEvent.objects.filter(case=case, actor_id=user.pk).exists()
        or Task.objects.filter(case=case, assignee_id=user.pk).exists()
    )


def _handed_to_member(user, case: Case) -> bool:
    """The user is staff of an organization a task of the case was handed over to (its step needs the case)."""
    handed_to = (
        Task.objects.filter(case=case).exclude(organization_id=case.organization_id).values_list("organization_id")
    )
    return any(roles.is_member(user, organization_id) for (organization_id,) in handed_to.distinct())


@rule
def may_read_case(user, case: Case) -> bool:
    """Read a case's personal data (its page, files, letters, archive): need-to-know, see the module docstring.
    The platform superuser and the head of office read every case of the organization."""
    if user is None or not user.is_authenticated:
        return False
    held = roles.roles_of(user, case.organization_id)
    if held.is_superuser or held.is_head_of_office:
        return True
    if held.is_member:
        mapping = LaneMapping.of(case.organization)
        return _reads_by_post(held, mapping, case.sop_id, case.sop.unit_id, case.version_id) or _took_part(user, case)
    return _handed_to_member(user, case)


def readable_filter(user, organization: Organization) -> Q | None:
    """`may_read_case` as a filter of the organization's own cases; None when the user reads all of them."""
    held = roles.roles_of(user, organization)
    if held.is_superuser or held.is_head_of_office:
        return None
    if not held.is_member or not user.is_authenticated:
        return Q(pk__in=[])
    mapping = LaneMapping.of(organization)
    versions = SopVersion.objects.filter(sop__organization=organization).values_list("pk", "sop_id", "sop__unit_id")
    by_post = [pk for pk, sop_id, unit_id in versions if _reads_by_post(held, mapping, sop_id, unit_id, pk)]
    return (
        Q(version_id__in=by_post)
        | Q(pk__in=CaseEvent.objects.filter(case__organization=organization, actor_id=user.pk).values("case_id"))
        | Q(pk__in=Task.objects.filter(organization=organization, assignee_id=user.pk).values("case_id"))
    )


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
    unit and of its office lanes, the head of office and of the unit (an administrator only through a post)."""
    held = roles.roles_of(user, case.organization_id)
    if held.is_superuser or held.heads(case.sop.unit_id):
        return True
    return bool(held.positions & case_positions(case))


@rule
def may_correct(user, case: Case) -> bool:
    """Correct the applicant's data and the requirements, add missing uploads: while the case is open."""
    return case.is_open and may_work_case(user, case)
