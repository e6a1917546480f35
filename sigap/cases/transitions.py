"""Task transitions: claim, release, reassign, complete, send back, return documents.

Concurrency: each transition runs through `_transition`, which locks the task
and its case in one statement and checks that the task is still active and the
user may act on it; the change itself is a conditional UPDATE
(`... WHERE state IN (open, claimed)`) that goes on only when exactly one row
changed. Two officers completing the same task, or a double click, give one
completion; the other gets a CaseError.
"""

from __future__ import annotations

from collections.abc import Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, cast

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from sigap.orgs.models import Organization
from sigap.orgs.roles import Roles, forget_for_request, remember_for_request
from sigap.orgs.tenancy import handover_scope, organization_scope
from sigap.orgs.validators import text_checked
from sigap.sop.models import Step
from sigap.sop.selectors import version_steps

from . import hooks, permissions
from .advance import advance, case_at, create_task, done_kind, event
from .corrections import receive_missing
from .errors import CaseError, TaskNotFound, stored_text
from .locking import locked_task
from .models import MISSING_MAX, NOTE_MAX, Case, CaseEvent, Task

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractUser


def _locked_task(organization: Organization, task_id: int) -> Task:
    """The organization's task with its case, both locked (one statement, compiled once: cases.locking).

    The task's organization is `organization`, and so is the case's unless the task was handed over
    (the case's own organization is then read when needed): the organization as the caller read it
    (a request reads it at its start) rather than joined again into the lock."""
    task = locked_task(organization.pk, task_id)
    if task is None:
        raise TaskNotFound(_("tugas tidak ditemukan"))
    task.organization = organization
    if task.case.organization_id == organization.pk:
        task.case.organization = organization
    return task


@contextmanager
def _transition(
    *,
    organization: Organization,
    task_id: int,
    user,
    worker: bool = True,
    unclaimed: bool = True,
    case_code: str | None = None,
    roles: Roles | None = None,
):
    """The preamble of every task transition, once: one transaction; the organization's task and its case
    locked, in the organization's scope whoever calls; a handed-over task's case readable
    (tenancy.handover_scope); the task still active; and, unless told otherwise, the user one of its
    workers (`worker`) and nobody else holding it (`unclaimed`).

    `case_code` (a page's URL): the task must belong to that case, else TaskNotFound, as for an unknown id.
    `roles`: the user's roles in the organization, already read (a page's `request.roles`), so the
    permission check does not read the memberships again (orgs.roles.remember_for_request)."""
    token = remember_for_request(user, roles) if roles is not None else None
    try:
        with transaction.atomic(), organization_scope(organization.pk):
            task = _locked_task(organization, task_id)
            if case_code is not None and task.case.code != case_code.upper():
                raise TaskNotFound(_("tugas tidak ditemukan"))
            with handover_scope(organization.pk, task.case.organization_id):
                _require_active(task)
                if worker:
                    _require_worker(user, task)
                if unclaimed:
                    _require_not_claimed_by_other(user, task)
                yield task
    finally:
        if token is not None:
            forget_for_request(token)


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


def task_claim(*, organization: Organization, task_id: int, user, now=None, case_code: str | None = None) -> Task:
    now = now or timezone.now()
    with _transition(
        organization=organization, task_id=task_id, user=user, unclaimed=False, case_code=case_code
    ) as task:
        if task.state == Task.State.CLAIMED:
            if task.assignee_id == user.pk:
                return task
            assignee = cast("AbstractUser", task.assignee)  # a claimed task has an assignee
            raise CaseError(
                _("Tugas ini sudah diambil oleh %(who)s.") % {"who": assignee.get_full_name() or assignee.username}
            )
        if Task.objects.filter(pk=task.pk, state=Task.State.OPEN).update(state=Task.State.CLAIMED, assignee=user) != 1:
            raise CaseError(_("Tugas ini baru saja diambil orang lain."))
        event(task, CaseEvent.Kind.CLAIMED, user, now)
    task.refresh_from_db()
    return task


def task_release(*, organization: Organization, task_id: int, user, now=None, case_code: str | None = None) -> Task:
    now = now or timezone.now()
    with _transition(
        organization=organization, task_id=task_id, user=user, worker=False, unclaimed=False, case_code=case_code
    ) as task:
        if (
            Task.objects.filter(pk=task.pk, state=Task.State.CLAIMED, assignee=user).update(
                state=Task.State.OPEN, assignee=None
            )
            != 1
        ):
            raise CaseError(_("Hanya petugas yang mengambil tugas ini yang dapat melepasnya."))
        event(task, CaseEvent.Kind.RELEASED, user, now)
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
        event(task, CaseEvent.Kind.REASSIGNED, by, now, data={"kepada": to_user.get_full_name() or to_user.username})
    task.refresh_from_db()
    return task


@dataclass(frozen=True)
class Completion:
    """What a completion did: the task finished (as the lock read it) and the task that follows (None at the end)."""

    done: Task
    next_task: Task | None


def _decision_of(step, task: Task, decision: bool | None) -> bool | None:
    """The answer a step takes: Ya/Tidak on a decision (required), none on any other step or on a resume."""
    if step.kind != Step.Kind.DECISION or task.purpose:
        return None
    if decision is None:
        raise CaseError(
            _("Langkah ini adalah keputusan: pilih Ya atau Tidak (%(q)s).") % {"q": step.question or step.text}
        )
    return decision


def task_finish(
    *,
    organization: Organization,
    task_id: int,
    user,
    decision: bool | None = None,
    note: str = "",
    received: Sequence[str] | None = None,
    now=None,
    case_code: str | None = None,
    roles: Roles | None = None,
) -> Completion:
    """Finish a task (or record that the applicant / outside party acted) and move the case on.

    On a resume, `received` (when given) names the missing items the applicant brought: the case's
    requirements record follows (corrections.receive_missing). `case_code` and `roles` as for
    `_transition` (a page passes both). Returns the finished task and the next one (None at the end).

    A step whose completion waits for slow work (hooks.on_step_preparing: letters render and sign) takes
    three steps: a short transaction prepares it with the task locked, the work runs outside any lock,
    and the completion's own transaction checks the task again and commits the work with it (a double
    click completes once: the second finds the task done, and its work is discarded).
    """
    now = now or timezone.now()
    text_checked(note, label=_("Catatan"), limit=NOTE_MAX, error=CaseError)
    locked = {"organization": organization, "task_id": task_id, "user": user, "case_code": case_code, "roles": roles}
    with _transition(**locked) as task:
        step = version_steps(task.case.version_id)[task.step_number]
        decision = _decision_of(step, task, decision)
        works = [] if task.purpose else hooks.step_preparing(task=task, step=step, case=task.case, user=user, now=now)
        if not works:  # nearly every step: done in this one transaction
            return _finish(task, step, user=user, decision=decision, note=note, received=received, now=now)
    for work in works:
        work.run()
    try:
        with _transition(**locked) as task:
            return _finish(task, step, user=user, decision=decision, note=note, now=now, works=works)
    except BaseException:
        for work in works:
            work.discard()
        raise


def _finish(task: Task, step, *, user, decision, note, now, received=None, works=()) -> Completion:
    """The completion itself, inside `_transition`: the task's conditional UPDATE, the prepared work
    committed, the history line, the next step and the hooks."""
    case = task.case
    steps = version_steps(case.version_id)
    # The row is locked and checked to be the organization's (`_transition`): updated by its id
    # through the base manager, without the scope's filter built again.
    changed = Task._base_manager.filter(pk=task.pk, state__in=Task.ACTIVE).update(
        state=Task.State.DONE,
        completed_at=now,
        completed_by=user,
        decision=decision,
        note=note,
        assignee=task.assignee or user,
    )
    if changed != 1:
        raise CaseError(_("Tugas ini sudah diselesaikan; tidak ada yang diubah."))
    for work in works:
        work.commit()
    event(
        task,
        done_kind(task),
        user,
        now,
        decision=decision,
        note=note,
        data={"output": step.output} if step.output else {},
    )
    if task.purpose:  # the applicant came back with what was missing: same step again
        if received is not None:
            receive_missing(case, received, user=user, now=now)
        again = create_task(case, step, now=now)
        case_at(case, steps, step, again)
        return Completion(task, again)
    next_task = advance(case, steps, step, decision=decision, actor=user, now=now, recorded=True)
    hooks.step_completed(task=task, step=step, case=case, next_task=next_task, user=user, decision=decision, now=now)
    return Completion(task, next_task)


def task_complete(
    *,
    organization: Organization,
    task_id: int,
    user,
    decision: bool | None = None,
    note: str = "",
    received: Sequence[str] | None = None,
    now=None,
    roles: Roles | None = None,
) -> Task | None:
    """`task_finish`, answering the next task only (None when the case reached its end); `roles` as there."""
    return task_finish(
        organization=organization,
        task_id=task_id,
        user=user,
        decision=decision,
        note=note,
        received=received,
        now=now,
        roles=roles,
    ).next_task


def task_send_back(*, organization: Organization, task_id: int, user, to_step: int, reason: str, now=None) -> Task:
    """Close an office task and start an earlier step again (e.g. a draft letter rejected at signing)."""
    now = now or timezone.now()
    if not reason.strip():
        raise CaseError(_("Sebutkan alasannya."))
    text_checked(reason, label=_("Alasan"), limit=NOTE_MAX, error=CaseError)
    with _transition(organization=organization, task_id=task_id, user=user) as task:
        case = task.case
        step = version_steps(case.version_id).get(to_step)
        if step is None:
            raise CaseError(_("Langkah %(n)s tidak ada dalam SOP ini.") % {"n": to_step})
        Task.objects.filter(pk=task.pk, state__in=Task.ACTIVE).update(
            state=Task.State.DONE, completed_at=now, completed_by=user, note=reason
        )
        event(task, CaseEvent.Kind.SENT_BACK, user, now, note=reason, data={"ke_langkah": to_step})
        back = create_task(case, step, now=now)
        case_at(case, version_steps(case.version_id), step, back)
        return back


def case_return_documents(
    *, organization: Organization, task_id: int, user, missing: list[str], note: str = "", now=None
) -> Task:
    """Berkas dikembalikan: stop the office task and wait for the applicant to bring the missing items."""
    now = now or timezone.now()
    missing = list(dict.fromkeys(m.strip() for m in missing if m and m.strip()))  # once each, in order
    if not missing:
        raise CaseError(_("Sebutkan kelengkapan yang kurang."))
    listed = text_checked(", ".join(missing), label=_("Kelengkapan yang kurang"), limit=MISSING_MAX, error=CaseError)
    text_checked(note, label=_("Catatan"), limit=NOTE_MAX, error=CaseError)
    with _transition(organization=organization, task_id=task_id, user=user) as task:
        if task.kind != Task.Kind.OFFICE:
            raise CaseError(_("Berkas hanya dapat dikembalikan dari langkah petugas."))
        Task.objects.filter(pk=task.pk, state__in=Task.ACTIVE).update(
            state=Task.State.DONE, completed_at=now, completed_by=user, note=note
        )
        event(task, CaseEvent.Kind.RETURNED, user, now, note=note, data={"kurang": missing})
        case = task.case
        step = version_steps(case.version_id)[task.step_number]
        # The applicant has no SOP time to bring what is missing: the waiting task has no due time.
        waiting = create_task(
            case,
            step,
            now=now,
            kind=Task.Kind.APPLICANT,
            timed=False,
            purpose=stored_text(gettext_noop("Melengkapi berkas: %s"), listed),
        )
        case.status = Case.Status.RETURNED
        case.expected_at = None  # unknown until the applicant brings what is missing
        case.save(update_fields=["status", "expected_at"])
    return waiting
