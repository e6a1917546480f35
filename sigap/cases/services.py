"""Business rules of the case engine. Every function is one transaction.

Concurrency: each transition changes a task with a conditional UPDATE
(`... WHERE state IN (open, claimed)`) and goes on only when exactly one row
changed, after locking the task and its case. Two officers completing the same
task, or a double click, give one completion; the other gets a CaseError.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, cast

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from sigap.orgs.errors import SigapError
from sigap.orgs.models import Membership, Organization
from sigap.orgs.tenancy import handover_scope, organization_scope, unscoped
from sigap.privacy import encrypt, keyed_hash
from sigap.sop.durations import parse_duration
from sigap.sop.models import Lane, Sop, Step
from sigap.sop.selectors import version_steps
from sigap.worktime.calendar import WorkCalendar

from . import hooks, permissions
from .models import Attachment, Case, CaseEvent, LaneAssignment, Notification, Task
from .nik import parse_nik
from .uploads import CheckedUpload, check_upload

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractUser


def stored_text(message: str, values) -> str:
    """Text kept in the database is written in the office's language, whoever's request made it."""
    with translation.override(settings.LANGUAGE_CODE):
        return str(_(message)) % values


class CaseError(SigapError):
    """A transition that cannot happen; the message is for the user, in Bahasa Indonesia."""


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


@dataclass
class Requirement:
    item: str
    present: bool
    upload: UploadedFile | None = None


def case_open(
    *,
    organization: Organization,
    sop: Sop,
    opened_by,
    applicant_name: str,
    nik: str,
    phone: str = "",
    address: str = "",
    requirements: Sequence[Requirement] = (),
    note: str = "",
    now: datetime.datetime | None = None,
) -> Case:
    """Receive a request at the counter: the SOP's start step is done as the case opens."""
    now = now or timezone.now()
    if sop.organization_id != organization.pk:
        raise CaseError(_("SOP ini bukan milik instansi ini"))
    version = sop.current_version
    if version is None or version.status != "ditetapkan":
        raise CaseError(
            _('SOP "%(sop)s" belum ditetapkan; permohonan hanya dapat dibuka pada SOP yang ditetapkan')
            % {"sop": sop.title}
        )
    if not applicant_name.strip():
        raise CaseError(_("nama pemohon wajib diisi"))
    parsed = parse_nik(nik, today=timezone.localdate(now))
    checked: list[tuple[Requirement, CheckedUpload]] = []
    for requirement in requirements:
        if requirement.upload is not None:
            checked.append((requirement, check_upload(requirement.upload)))  # refuse before storing anything
    steps = version_steps(version.pk)
    start = next(step for step in steps.values() if step.kind == Step.Kind.START)
    with transaction.atomic():
        case = Case.objects.create(
            organization=organization,
            sop=sop,
            version=version,
            applicant_name=applicant_name.strip(),
            nik_encrypted=encrypt(parsed.value),
            nik_hash=keyed_hash(parsed.value),
            nik_masked=parsed.masked,
            phone_encrypted=encrypt(phone.strip()),
            address_encrypted=encrypt(address.strip()),
            requirements=[{"item": r.item, "ada": bool(r.present)} for r in requirements],
            current_step=start.number,
            opened_at=now,
            opened_by=opened_by,
        )
        event = CaseEvent.objects.create(
            case=case,
            at=now,
            actor=opened_by,
            kind=CaseEvent.Kind.OPENED,
            step_number=start.number,
            lane_code=start.lane.code,
            note=note,
        )
        for requirement, upload in checked:
            _store(case, upload, requirement=requirement.item, user=opened_by, event=event)
        _advance(case, steps, start, decision=None, actor=opened_by, now=now)
    return case


def _store(case: Case, upload: CheckedUpload, *, requirement: str, user, event: CaseEvent | None) -> Attachment:
    attachment = Attachment(
        case=case,
        event=event,
        requirement=requirement,
        original_name=cast(str, upload.file.name)[:255],  # check_upload has read it
        content_type=upload.content_type,
        size=cast(int, upload.file.size),
        sha256=upload.sha256,
        uploaded_by=user,
    )
    upload.file.seek(0)
    attachment.file.save(
        f"{case.code}-{upload.sha256[:12]}.{upload.extension}", ContentFile(upload.file.read()), save=False
    )
    attachment.save()
    return attachment


def _next_number(step: Step, steps: dict[int, Step], decision: bool | None) -> int | None:
    if step.kind == Step.Kind.END:
        return None
    if step.kind == Step.Kind.DECISION:
        return step.yes_number if decision else step.no_number
    if step.next_number is not None:
        return step.next_number
    later = sorted(n for n in steps if n > step.number)
    return later[0] if later else None


def _advance(case: Case, steps: dict[int, Step], done: Step, *, decision, actor, now):
    """Move the case from a finished step to the next: a new task, or the end."""
    target = steps[cast(int, _next_number(done, steps, decision))]  # `done` is not the end
    if target.kind == Step.Kind.END:
        done_kinds = (CaseEvent.Kind.COMPLETED, CaseEvent.Kind.RECORDED)
        outputs = [e.data.get("output") for e in case.events.filter(kind__in=done_kinds) if e.data.get("output")]
        case.status, case.closed_at, case.current_step = Case.Status.DONE, now, target.number
        case.outcome = outputs[-1] if outputs else done.text
        case.expected_at = None
        case.save(update_fields=["status", "closed_at", "current_step", "outcome", "expected_at"])
        CaseEvent.objects.create(
            case=case,
            at=now,
            actor=actor,
            kind=CaseEvent.Kind.CLOSED,
            step_number=target.number,
            lane_code=target.lane.code,
            note=case.outcome,
        )
        return None
    task = _create_task(case, target, now=now)
    if task.organization_id != case.organization_id:
        CaseEvent.objects.create(
            case=case,
            task=task,
            at=now,
            actor=actor,
            kind=CaseEvent.Kind.HANDED_OVER,
            step_number=target.number,
            lane_code=target.lane.code,
            note=task.organization.name,
        )
    _case_at(case, steps, target, task)
    return task


def _case_at(case: Case, steps: dict[int, Step], step: Step, task: Task):
    """The case now waits on `task` for `step`: its status, current step and expected completion."""
    calendar = WorkCalendar.for_organization(case.organization)
    case.current_step = step.number
    case.status = _CASE_STATUS[task.kind]
    case.expected_at = _expected_completion(calendar, steps, step, task)
    case.save(update_fields=["current_step", "status", "expected_at"])


def _create_task(
    case: Case, step: Step, *, now, kind: str | None = None, purpose: str = "", timed: bool = True
) -> Task:
    """A task for a step, due by the calendar of the organization that works it (untimed: no due time)."""
    lane = step.lane
    organization = case.organization
    if lane.kind == Lane.Kind.EXTERNAL and lane.external_org:
        organization = Organization.objects.filter(slug=lane.external_org).first() or organization
    target = limit = None
    if timed and step.duration_text:
        target, limit = WorkCalendar.for_organization(organization).due_range(now, parse_duration(step.duration_text))
    return Task.objects.create(
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


def _expected_completion(calendar: WorkCalendar, steps: dict[int, Step], current: Step, task: Task):
    """The due limit at the end of the expected path (a decision taken as "ya") from the current task."""
    when, step, seen = task.due_limit or task.started_at, current, {current.number}
    while True:
        number = _next_number(step, steps, True)
        if number is None or number in seen:
            return when
        seen.add(number)
        step = steps[number]
        if step.kind == Step.Kind.END:
            return when
        if step.duration_text:
            when = calendar.due_range(when, parse_duration(step.duration_text))[1]


def _locked_task(organization: Organization, task_id: int) -> Task:
    """The organization's task with its case and the case's organization, task and case locked (one statement)."""
    try:
        return (
            Task.objects.select_for_update(of=("self", "case"))
            .select_related("case", "case__organization")
            .get(pk=task_id, organization=organization)
        )
    except Task.DoesNotExist:
        raise CaseError(_("tugas tidak ditemukan")) from None


@contextmanager
def _transition(*, organization: Organization, task_id: int, user, worker: bool = True, unclaimed: bool = True):
    """The preamble of every task transition, once: one transaction; the organization's task and its case
    locked, in the organization's scope whoever calls; a handed-over task's case readable
    (tenancy.handover_scope); the task still active; and, unless told otherwise, the user one of its
    workers (`worker`) and nobody else holding it (`unclaimed`)."""
    with transaction.atomic(), organization_scope(organization.pk):
        task = _locked_task(organization, task_id)
        with handover_scope(organization.pk, task.case.organization_id):
            _require_active(task)
            if worker:
                _require_worker(user, task)
            if unclaimed:
                _require_not_claimed_by_other(user, task)
            yield task


def _require_active(task: Task):
    if task.state == Task.State.DONE:
        who = task.completed_by.get_full_name() or task.completed_by.username if task.completed_by else ""
        if who:
            raise CaseError(_("Tugas ini sudah diselesaikan oleh %(who)s; tidak ada yang diubah.") % {"who": who})
        raise CaseError(_("Tugas ini sudah diselesaikan; tidak ada yang diubah."))
    if task.state == Task.State.CANCELLED:
        raise CaseError(_("Tugas ini sudah dibatalkan; tidak ada yang diubah."))


def _require_worker(user, task: Task):
    if not permissions.may_work(user, task):
        raise CaseError(_("Anda tidak termasuk pelaksana langkah ini."))


def _require_not_claimed_by_other(user, task: Task):
    if task.state == Task.State.CLAIMED and task.assignee_id not in (None, user.pk):
        assignee = cast("AbstractUser", task.assignee)
        raise CaseError(
            _("Tugas ini sedang dikerjakan %(who)s; minta dialihkan bila perlu.")
            % {"who": assignee.get_full_name() or assignee.username}
        )


def task_claim(*, organization: Organization, task_id: int, user, now=None) -> Task:
    now = now or timezone.now()
    with _transition(organization=organization, task_id=task_id, user=user, unclaimed=False) as task:
        if task.state == Task.State.CLAIMED:
            if task.assignee_id == user.pk:
                return task
            assignee = cast("AbstractUser", task.assignee)  # a claimed task has an assignee
            raise CaseError(
                _("Tugas ini sudah diambil oleh %(who)s.") % {"who": assignee.get_full_name() or assignee.username}
            )
        if Task.objects.filter(pk=task.pk, state=Task.State.OPEN).update(state=Task.State.CLAIMED, assignee=user) != 1:
            raise CaseError(_("Tugas ini baru saja diambil orang lain."))
        _event(task, CaseEvent.Kind.CLAIMED, user, now)
    task.refresh_from_db()
    return task


def task_release(*, organization: Organization, task_id: int, user, now=None) -> Task:
    now = now or timezone.now()
    with _transition(organization=organization, task_id=task_id, user=user, worker=False, unclaimed=False) as task:
        if (
            Task.objects.filter(pk=task.pk, state=Task.State.CLAIMED, assignee=user).update(
                state=Task.State.OPEN, assignee=None
            )
            != 1
        ):
            raise CaseError(_("Hanya petugas yang mengambil tugas ini yang dapat melepasnya."))
        _event(task, CaseEvent.Kind.RELEASED, user, now)
    task.refresh_from_db()
    return task


def task_reassign(*, organization: Organization, task_id: int, by, to_user, now=None) -> Task:
    now = now or timezone.now()
    with _transition(organization=organization, task_id=task_id, user=by, worker=False, unclaimed=False) as task:
        if not permissions.may_reassign(by, task):
            raise CaseError(_("Hanya kepala bidang, kepala dinas atau administrator yang dapat mengalihkan tugas."))
        task.assignee = None  # the new holder must be a lane worker in their own right
        if not permissions.may_work(to_user, task):
            raise CaseError(
                _("%(who)s bukan pelaksana langkah ini.") % {"who": to_user.get_full_name() or to_user.username}
            )
        Task.objects.filter(pk=task.pk, state__in=Task.ACTIVE).update(state=Task.State.CLAIMED, assignee=to_user)
        _event(task, CaseEvent.Kind.REASSIGNED, by, now, data={"kepada": to_user.get_full_name() or to_user.username})
    task.refresh_from_db()
    return task


def task_complete(
    *, organization: Organization, task_id: int, user, decision: bool | None = None, note: str = "", now=None
) -> Task | None:
    """Finish a task (or record that the applicant / outside party acted) and move the case on.

    Returns the next task, or None when the case reached its end.
    """
    now = now or timezone.now()
    with _transition(organization=organization, task_id=task_id, user=user) as task:
        case = task.case
        steps = version_steps(case.version_id)
        step = steps[task.step_number]
        decides = step.kind == Step.Kind.DECISION and not task.purpose
        if decides and decision is None:
            raise CaseError(
                _("Langkah ini adalah keputusan: pilih Ya atau Tidak (%(q)s).") % {"q": step.question or step.text}
            )
        if not decides:
            decision = None
        changed = Task.objects.filter(pk=task.pk, state__in=Task.ACTIVE).update(
            state=Task.State.DONE,
            completed_at=now,
            completed_by=user,
            decision=decision,
            note=note,
            assignee=task.assignee or user,
        )
        if changed != 1:
            raise CaseError(_("Tugas ini sudah diselesaikan; tidak ada yang diubah."))
        kind = CaseEvent.Kind.COMPLETED if task.kind == Task.Kind.OFFICE else CaseEvent.Kind.RECORDED
        if task.purpose:
            kind = CaseEvent.Kind.RESUMED
        _event(task, kind, user, now, decision=decision, note=note, data={"output": step.output} if step.output else {})
        if task.purpose:  # the applicant came back with what was missing: same step again
            next_task = _create_task(case, step, now=now)
            _case_at(case, steps, step, next_task)
            return next_task
        next_task = _advance(case, steps, step, decision=decision, actor=user, now=now)
        hooks.step_completed(
            task=task, step=step, case=case, next_task=next_task, user=user, decision=decision, now=now
        )
        return next_task


def task_send_back(*, organization: Organization, task_id: int, user, to_step: int, reason: str, now=None) -> Task:
    """Close an office task and start an earlier step again (e.g. a draft letter rejected at signing)."""
    now = now or timezone.now()
    if not reason.strip():
        raise CaseError(_("Sebutkan alasannya."))
    with _transition(organization=organization, task_id=task_id, user=user) as task:
        case = task.case
        step = version_steps(case.version_id).get(to_step)
        if step is None:
            raise CaseError(_("Langkah %(n)s tidak ada dalam SOP ini.") % {"n": to_step})
        Task.objects.filter(pk=task.pk, state__in=Task.ACTIVE).update(
            state=Task.State.DONE, completed_at=now, completed_by=user, note=reason
        )
        _event(task, CaseEvent.Kind.SENT_BACK, user, now, note=reason, data={"ke_langkah": to_step})
        back = _create_task(case, step, now=now)
        _case_at(case, version_steps(case.version_id), step, back)
        return back


def case_return_documents(
    *, organization: Organization, task_id: int, user, missing: list[str], note: str = "", now=None
) -> Task:
    """Berkas dikembalikan: stop the office task and wait for the applicant to bring the missing items."""
    now = now or timezone.now()
    missing = [m.strip() for m in missing if m and m.strip()]
    if not missing:
        raise CaseError(_("Sebutkan kelengkapan yang kurang."))
    with _transition(organization=organization, task_id=task_id, user=user) as task:
        if task.kind != Task.Kind.OFFICE:
            raise CaseError(_("Berkas hanya dapat dikembalikan dari langkah petugas."))
        Task.objects.filter(pk=task.pk, state__in=Task.ACTIVE).update(
            state=Task.State.DONE, completed_at=now, completed_by=user, note=note
        )
        _event(task, CaseEvent.Kind.RETURNED, user, now, note=note, data={"kurang": missing})
        case = task.case
        step = version_steps(case.version_id)[task.step_number]
        # The applicant has no SOP time to bring what is missing: the waiting task has no due time.
        waiting = _create_task(
            case,
            step,
            now=now,
            kind=Task.Kind.APPLICANT,
            timed=False,
            purpose=stored_text(gettext_noop("Melengkapi berkas: %s"), ", ".join(missing)),
        )
        case.status = Case.Status.RETURNED
        case.expected_at = None  # unknown until the applicant brings what is missing
        case.save(update_fields=["status", "expected_at"])
    return waiting


def _event(task: Task, kind, user, now, *, decision=None, note="", data=None) -> CaseEvent:
    return CaseEvent.objects.create(
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


def attachment_add(*, case: Case, user, upload, requirement: str = "") -> Attachment:
    checked = check_upload(upload)
    with transaction.atomic():
        return _store(case, checked, requirement=requirement, user=user, event=None)


def _overdue_candidates(now, batch: int) -> list[int]:
    """Ids of office tasks past their limit and not yet marked; another copy may mark them first."""
    return list(
        Task.objects.filter(
            state__in=Task.ACTIVE, kind=Task.Kind.OFFICE, due_limit__lt=now, overdue_at__isnull=True
        ).values_list("pk", flat=True)[:batch]
    )


def tasks_sweep(*, now=None, batch: int = 500) -> int:
    """Mark office tasks past their limit as overdue and tell the heads of the unit.

    Safe when several copies run at once: each task is claimed for marking by a
    conditional UPDATE (`overdue_at IS NULL`), so only one copy writes its event
    and notifications. Returns how many tasks this run marked.
    """
    now = now or timezone.now()
    with unscoped():  # every organization's tasks (docs/architecture.md, "Tenancy")
        return _sweep(now, batch)


def _sweep(now, batch: int) -> int:
    marked = 0
    while True:
        ids = _overdue_candidates(now, batch)
        if not ids:
            return marked
        for task_id in ids:
            with transaction.atomic():
                if (
                    Task.objects.filter(
                        pk=task_id, overdue_at__isnull=True, state__in=Task.ACTIVE, due_limit__lt=now
                    ).update(overdue_at=now, escalated_at=now)
                    != 1
                ):
                    continue
                task = Task.objects.select_related("case", "case__sop", "organization").get(pk=task_id)
                due_limit = cast(datetime.datetime, task.due_limit)  # filtered on due_limit__lt
                _event(task, CaseEvent.Kind.OVERDUE, None, now, data={"batas": due_limit.isoformat()})
                heads = (
                    Membership.objects.filter(organization=task.organization, is_active=True)
                    .filter(
                        Q(position__is_head_of_unit=True, position__unit_id=task.case.sop.unit_id)
                        | Q(position__is_head_of_office=True)
                    )
                    .values_list("user_id", flat=True)
                    .distinct()
                )
                message = stored_text(
                    gettext_noop("Permohonan %(code)s langkah %(n)s melewati batas waktu."),
                    {"code": task.case.code, "n": task.step_number},
                )
                Notification.objects.bulk_create(
                    [
                        Notification(
                            user_id=user_id, organization=task.organization, task=task, message=message, created_at=now
                        )
                        for user_id in heads
                    ],
                    ignore_conflicts=True,
                )
                marked += 1


def lane_assignment_set(*, organization: Organization, sop: Sop, lane_code: str, position_ids: list[int]):
    """Choose which positions work an office lane of an SOP (an empty choice restores the SOP file's mapping)."""
    if sop.organization_id != organization.pk:
        raise CaseError(_("SOP ini bukan milik instansi ini"))
    positions = list(organization.positions.filter(pk__in=position_ids))
    with transaction.atomic():
        if not positions:
            LaneAssignment.objects.filter(sop=sop, lane_code=lane_code).delete()
            return None
        assignment, _created = LaneAssignment.objects.get_or_create(
            organization=organization, sop=sop, lane_code=lane_code
        )
        assignment.positions.set(positions)
        return assignment


def notifications_mark_read(*, organization: Organization, user, now=None) -> int:
    return Notification.objects.filter(organization=organization, user=user, read_at__isnull=True).update(
        read_at=now or timezone.now()
    )
