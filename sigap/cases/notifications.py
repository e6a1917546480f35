"""Notifications for staff: the heads told of an overdue task, and marking them read."""

from __future__ import annotations

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_noop

from sigap.orgs.models import Membership, Organization

from .errors import stored_text
from .models import Notification, Task


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
    message = stored_text(
        gettext_noop("Permohonan %(code)s langkah %(n)s melewati batas waktu."),
        {"code": task.case.code, "n": task.step_number},
    )
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
