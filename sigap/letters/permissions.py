"""Who may do what with letters, each rule written once (orgs.roles and the case engine's rules underneath)."""

from __future__ import annotations

from sigap.cases.models import Task
from sigap.cases.permissions import may_work
from sigap.orgs import roles
from sigap.orgs.permissions import rule

from .models import Letter


@rule
def may_sign(user, task: Task) -> bool:
    """Approve and sign the draft of a signing step: the workers of that step."""
    return may_work(user, task)


@rule
def may_reject_draft(user, task: Task) -> bool:
    """Send a draft back from its signing step: whoever may sign it."""
    return may_sign(user, task)


@rule
def may_revoke(user, letter: Letter) -> bool:
    """Revoke or correct a signed letter: the head of office or the head of the letter's unit."""
    sop = letter.template.sop
    unit_id = sop.unit_id if sop.organization_id == letter.organization_id else None
    held = roles.roles_of(user, letter.organization_id)
    return held.is_superuser or held.heads(unit_id)


@rule
def may_edit_templates(user, organization) -> bool:
    """Letter templates are organization settings: its administrators."""
    return roles.is_administrator(user, organization)
