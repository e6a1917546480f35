"""The case engine's services, one import away: `from sigap.cases import services`.

Each lives in a module named for what it holds — opening (a case at the
counter), transitions (claim, release, reassign, complete, send back, return
documents), sweep (overdue tasks), lanes (who works a lane), attachments and
notifications; advance holds what opening and the transitions share (next
step, new task, due times, the end). Every service is one transaction.
"""

from .attachments import attachment_add
from .errors import CaseError, TaskNotFound, stored_text
from .lanes import lane_assignment_set
from .notifications import notifications_mark_read
from .opening import Requirement, case_open
from .sweep import tasks_sweep
from .transitions import (
    Completion,
    case_return_documents,
    task_claim,
    task_complete,
    task_finish,
    task_reassign,
    task_release,
    task_send_back,
)

__all__ = [
    "CaseError",
    "Completion",
    "Requirement",
    "TaskNotFound",
    "attachment_add",
    "case_open",
    "case_return_documents",
    "lane_assignment_set",
    "notifications_mark_read",
    "stored_text",
    "task_claim",
    "task_complete",
    "task_finish",
    "task_reassign",
    "task_release",
    "task_send_back",
    "tasks_sweep",
]
