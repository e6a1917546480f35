"""Notifications for staff: the heads told of an overdue task, and marking them read.

A notification's stored `message` is the office-language copy kept for the record;
what a reader sees is composed again at display time in the reader's language
(`notification_text`), from the task the notification is about.
"""

from __future__ import annotations

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext, gettext_noop

from sigap.orgs.models import Membership, Organization

from .errors import stored_text
from .models import Notification, Task

OVERDUE = gettext_noop("Permohonan %(code)s langkah %(n)s melewati batas waktu.")


def _overdue_values(task: Task) -> dict:
    return {"code": task.case.code, "n": task.step_number}


def notify_heads(task: Task, now) -> None:
    """The heads of the SOP's unit and the head of office hear of an overdue task, once each."""
    heads = (
        Membership.objects.filter(organization=task.organization, is_active=True)
        .filter(
            Q(position__is_head_of_unit=True, position__unit_id=task.case.sop.unit_id)
            | Q(position__is_head_of_office=True)
        )
        .values_list("user_id", flat=True)
        .distinct()
    )
    message = stored_text(OVERDUE, _overdue_values(task))
    Notification.objects.bulk_create(
        [
            Notification(user_id=user_id, organization=task.organization, task=task, message=message, created_at=now)
            for user_id in heads
        ],
        ignore_conflicts=True,
    )


def notifications_mark_read(*, organization: Organization, user, now=None) -> int:
    return Notification.objects.filter(organization=organization, user=user, read_at__isnull=True).update(
        read_at=now or timezone.now()
    )


def notification_text(notification: Notification) -> str:
    """The notification in the active language (an overdue task is the one kind there is)."""
    if notification.task is None:
        return notification.message
    return gettext(OVERDUE) % _overdue_values(notification.task)
