"""The overdue sweep: office tasks past their limit are marked once and their heads told.

Safe when several copies run at once: each task is claimed for marking by a
conditional UPDATE (`overdue_at IS NULL`), so only one copy writes its event
and notifications.
"""

from __future__ import annotations

import datetime
from typing import cast

from django.db import transaction
from django.utils import timezone

from sigap.orgs.tenancy import unscoped

from .advance import event
from .models import CaseEvent, Task
from .notifications import notify_heads


def _overdue_candidates(now, batch: int) -> list[int]:
    """Ids of office tasks past their limit and not yet marked; another copy may mark them first."""
    return list(
        Task.objects.filter(
            state__in=Task.ACTIVE, kind=Task.Kind.OFFICE, due_limit__lt=now, overdue_at__isnull=True
        ).values_list("pk", flat=True)[:batch]
    )


def tasks_sweep(*, now=None, batch: int = 500) -> int:
    """Mark office tasks past their limit as overdue and tell the heads of the unit.

    Returns how many tasks this run marked.
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
                    continue  # another copy marked it, or it was completed in the meantime
                task = Task.objects.select_related("case", "case__sop", "organization").get(pk=task_id)
                due_limit = cast(datetime.datetime, task.due_limit)  # filtered on due_limit__lt
                event(task, CaseEvent.Kind.OVERDUE, None, now, data={"batas": due_limit.isoformat()})
                notify_heads(task, now)
                marked += 1
