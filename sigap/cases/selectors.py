"""Reads of the case engine for pages; every one is scoped to an organization."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import F, Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sigap.orgs import roles
from sigap.orgs.models import Organization
from sigap.orgs.tenancy import handover_scope
from sigap.privacy import keyed_hash
from sigap.sop.models import Lane, Sop
from sigap.sop.selectors import version_lanes
from sigap.worktime.calendar import WorkCalendar

from . import permissions
from .models import Case, CaseEvent, Notification, Task
from .nik import NikError, parse_nik

OVERDUE = "terlambat"  # the inbox's filter for tasks past their limit, beside the task states
INBOX_STATES = [*Task.State.choices[:2], (OVERDUE, gettext_lazy("Terlambat"))]


@dataclass
class LaneRef:
    sop: Sop
    lane: Lane

    @property
    def key(self) -> str:
        return f"{self.sop.code}:{self.lane.code}"


def user_lanes(*, organization: Organization, user) -> list[LaneRef]:
    """The office lanes of current SOPs that the user's positions work (one query once lanes are remembered)."""
    mine = roles.positions_of(user, organization)
    if not mine:
        return []
    sops = Sop.objects.filter(organization=organization, current_version__isnull=False)
    mapping = permissions.LaneMapping.of(organization)
    return [
        LaneRef(sop, lane)
        for sop in sops
        for lane in version_lanes(sop.current_version_id).values()
        if lane.kind == Lane.Kind.INTERNAL and mine & mapping.positions(sop.pk, lane)
    ]


def inbox(
    *,
    organization: Organization,
    user,
    lane_key: str = "",
    sop_code: str = "",
    state: str = "",
    mine_only: bool = False,
    lanes: list[LaneRef] | None = None,
) -> QuerySet[Task]:
    """Active tasks the user may act on, overdue first, then by due time."""
    now = timezone.now()
    if lanes is None:
        lanes = user_lanes(organization=organization, user=user)
    if lane_key:
        lanes = [ref for ref in lanes if ref.key == lane_key]
    scope = Q(pk__in=[])
    for ref in lanes:
        scope |= Q(sop=ref.sop, lane_code=ref.lane.code, kind=Task.Kind.OFFICE)
    if not lane_key:
        # Waiting tasks of the SOPs the user works on, and tasks handed over to this organization.
        sop_ids = {ref.sop.pk for ref in lanes}
        scope |= Q(sop_id__in=sop_ids, kind__in=[Task.Kind.APPLICANT, Task.Kind.EXTERNAL])
        own_sops = Sop.objects.filter(organization=organization).order_by().values_list("pk", flat=True)
        scope |= ~Q(sop_id__in=list(own_sops))  # handed over: a case on another organization's SOP
    scope |= Q(assignee=user)
    tasks = Task.objects.filter(scope, organization=organization, state__in=Task.ACTIVE)
    if sop_code:
        tasks = tasks.filter(sop__code=sop_code)
    if state == OVERDUE:
        tasks = tasks.filter(due_limit__lt=now)
    elif state in (Task.State.OPEN, Task.State.CLAIMED):
        tasks = tasks.filter(state=state)
    if mine_only:
        tasks = tasks.filter(assignee=user)
    # Ascending due time puts the overdue ones first; tasks without a due time come last.
    return tasks.select_related("case", "sop", "assignee").order_by(F("due_limit").asc(nulls_last=True), "started_at")


def case_get(*, organization: Organization, code: str) -> Case:
    return get_object_or_404(
        Case.objects.select_related("sop", "version", "sop__unit", "opened_by"),
        code=code.upper(),
        organization=organization,
    )


def case_get_for_task_org(*, organization: Organization, code: str) -> Case:
    """A case visible in an organization: its own, or one with a task handed over to it, found through
    that task in this organization's scope (read the rest of it in `tenancy.handover_scope`)."""
    related = ("sop", "version", "sop__unit", "opened_by")
    case = Case.objects.select_related(*related).filter(organization=organization, code=code.upper()).first()
    if case is not None:
        return case
    task = (
        Task.objects.filter(organization=organization, case__code=code.upper())
        .select_related(*(f"case__{name}" for name in related))
        .first()
    )
    if task is None:
        raise Http404
    return task.case


def case_readable_for_task_org(*, organization: Organization, user, code: str) -> Case:
    """`case_get_for_task_org`, 404 unless the user may read the case (asked in the hand-over scope)."""
    case = case_get_for_task_org(organization=organization, code=code)
    with handover_scope(organization.pk, case.organization_id):
        if not permissions.may_read_case(user, case):
            raise Http404
    return case


def task_in_case(*, organization: Organization, code: str, task_id: int, whole: bool = False) -> Task:
    """The task a URL names: a task of this organization in the case `code`, else 404.
    Only its id and step unless `whole`: the services read and lock it again anyway."""
    tasks = Task.objects.select_related("case") if whole else Task.objects.only("pk", "step_number")
    return get_object_or_404(tasks, pk=task_id, organization=organization, case__code=code.upper())


def readable_cases(*, organization: Organization, user) -> QuerySet[Case]:
    """The organization's cases the user may read (permissions.may_read_case): every list, search and
    export of cases starts here."""
    cases = Case.objects.filter(organization=organization)
    where = permissions.readable_filter(user, organization)
    return cases if where is None else cases.filter(where)


def case_readable(*, organization: Organization, user, code: str) -> Case:
    """A case of this organization the user may read, else 404."""
    case = case_get(organization=organization, code=code)
    if not permissions.may_read_case(user, case):
        raise Http404
    return case


def case_search(
    *,
    organization: Organization,
    user,
    query: str = "",
    status: str = "",
    result: str = "",
    sop_code: str = "",
) -> QuerySet[Case]:
    cases = readable_cases(organization=organization, user=user).select_related("sop")
    query = query.strip()
    if query:
        try:
            nik = parse_nik(query)
            cases = cases.filter(nik_hash=keyed_hash(nik.value))
        except NikError:
            cases = cases.filter(Q(code__iexact=query) | Q(applicant_name__icontains=query))
    if status:
        cases = cases.filter(status=status)
    if result:
        cases = cases.filter(result=result)
    if sop_code:
        cases = cases.filter(sop__code=sop_code)
    return cases.order_by("-opened_at")


def case_timeline(case: Case) -> list[CaseEvent]:
    return list(case.events.select_related("actor").order_by("at", "pk"))


def case_time_split(case: Case, *, now=None) -> dict[str, int]:
    """Working minutes spent by the office, the applicant and outside parties."""
    now = now or timezone.now()
    calendar = WorkCalendar.for_organization(case.organization)
    split: dict[str, int] = {Task.Kind.OFFICE: 0, Task.Kind.APPLICANT: 0, Task.Kind.EXTERNAL: 0}
    for task in case.tasks.all():
        end = task.completed_at or now
        split[task.kind] += calendar.working_minutes_between(task.started_at, end)
    return {str(kind): minutes for kind, minutes in split.items()}  # keyed by kind: "kantor", "pemohon", "luar"


def return_checklist(case: Case) -> list[tuple[str, bool]]:
    """What the office may mark missing when it returns the documents: the SOP version's requirements
    (persyaratan) only, each once; ticked, those not brought when the case opened. A step's kelengkapan
    ("Berkas") names the step's paperwork, not what the applicant brings; anything else is typed as free text."""
    missing_at_opening = {r.get("item") for r in case.requirements if not r.get("ada")}
    items = list(dict.fromkeys(case.version.identity_list("persyaratan")))
    return [(item, item in missing_at_opening) for item in items]


@dataclass
class Returned:
    """The latest "berkas dikembalikan" of a case: when, by whom, and what the applicant must bring."""

    at: datetime.datetime
    by: str
    items: list[str]
    note: str
    step_number: int | None


def last_return(case: Case) -> Returned | None:
    event = case.events.filter(kind=CaseEvent.Kind.RETURNED).select_related("actor").order_by("-at", "-pk").first()
    if event is None:
        return None
    by = (event.actor.get_full_name() or event.actor.username) if event.actor else ""
    return Returned(event.at, by, list(event.data.get("kurang", [])), event.note, event.step_number)


def lane_name(task: Task) -> str:
    """The name of the lane (Pelaksana) that works the task's step, as the SOP file names it."""
    lane = version_lanes(task.case.version_id).get(task.lane_code)
    return lane.name if lane is not None else task.get_kind_display()


def completion_notice(task: Task) -> str:
    """What the officer is told after completing a task."""
    if task.purpose:
        return _("Pemohon sudah melengkapi berkas; permohonan dilanjutkan.")
    return _("Langkah %(n)s selesai.") % {"n": task.step_number}


def active_task(case: Case) -> Task | None:
    return case.tasks.filter(state__in=Task.ACTIVE).select_related("assignee", "organization").first()


def unread_notifications(*, organization: Organization, user) -> QuerySet[Notification]:
    return Notification.objects.filter(organization=organization, user=user, read_at__isnull=True)


def on_time_rate(*, organization: Organization, sop_code: str = "") -> dict:
    """Share of completed office tasks finished by their due limit.

    Only office tasks count: time waiting on the applicant or an outside party
    is recorded but never held against the office.
    """
    tasks = Task.objects.filter(
        organization=organization, kind=Task.Kind.OFFICE, state=Task.State.DONE, due_limit__isnull=False
    )
    if sop_code:
        tasks = tasks.filter(sop__code=sop_code)
    total = tasks.count()
    on_time = tasks.filter(completed_at__lte=F("due_limit")).count()
    return {"total": total, "on_time": on_time, "percent": round(100 * on_time / total, 1) if total else None}
