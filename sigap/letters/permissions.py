"""Who may do what with letters, each rule written once (orgs.roles and the case engine's rules underneath)."""

from __future__ import annotations

from sigap.cases.models import Task
from sigap.cases.permissions import may_read_case, may_work
from sigap.orgs import config, roles
from sigap.orgs.permissions import rule

from .authority import signing_authority
from .models import Letter, LetterTemplate
from .selectors import signing_templates


@rule
def may_sign(user, letter: Letter) -> bool:
    """Sign a draft: the holder of the position its template names, or a head of unit a.n. that position
    where the organization allows it (authority.py) — never whoever merely recorded the step."""
    return (letter.status == Letter.Status.DRAFT or letter.awaits_signature) and signing_authority(
        user, letter
    ) is not None


@rule
def may_sign_letters(user, organization) -> bool:
    """Sign some letter of the organization (for the second factor, orgs.second_factor): a head of office or of
    a unit (who sign, sign a.n. and revoke), or the holder of a position a letter template names as signer."""
    held = roles.roles_of(user, organization)
    if held.heads_any_unit:
        return True
    named = config.remembered(
        organization,
        "signer-positions",
        lambda: set(
            LetterTemplate.objects.filter(organization=organization, signer_position__isnull=False).values_list(
                "signer_position_id", flat=True
            )
        ),
    )
    return bool(held.positions & named)


def waiting_drafts(task: Task) -> list[Letter]:
    """The drafts a task's step signs when it is completed, and the letters it numbered whose signing has not
    gone through (signed again by completing the step)."""
    case = task.case
    templates = signing_templates(organization=case.organization, sop_id=case.sop_id, step_number=task.step_number)
    if not templates:
        return []
    return list(
        Letter.objects.filter(
            case=case, template__in=templates, status__in=(Letter.Status.DRAFT, *Letter.AWAITING_SIGNATURE)
        ).select_related("template__signer_position", "template__sop", "organization")
    )


@rule
def may_reject_draft(user, task: Task) -> bool:
    """Send a draft back from its signing step: a worker of the step who may sign the draft."""
    return may_work(user, task) and any(may_sign(user, draft) for draft in waiting_drafts(task))


@rule
def may_regenerate_draft(user, letter: Letter) -> bool:
    """Make a new draft of a rejected one from the corrected case: the workers of the step it went back to."""
    if letter.status != Letter.Status.REJECTED or letter.case_id is None:
        return False
    if Letter.objects.filter(
        case_id=letter.case_id, template_id=letter.template_id, status=Letter.Status.DRAFT
    ).exists():
        return False
    task = (
        Task.objects.filter(case_id=letter.case_id, organization_id=letter.organization_id, state__in=Task.ACTIVE)
        .select_related("case__sop")
        .first()
    )
    return task is not None and task.step_number == letter.template.prepare_step and may_work(user, task)


@rule
def may_revoke(user, letter: Letter) -> bool:
    """Revoke or correct a signed letter: the head of office or the head of the letter's unit."""
    sop = letter.template.sop
    unit_id = sop.unit_id if sop.organization_id == letter.organization_id else None
    held = roles.roles_of(user, letter.organization_id)
    return held.is_superuser or held.heads(unit_id)


@rule
def may_read_letter(user, letter: Letter) -> bool:
    """Open a letter (page, preview, PDF): whoever may read its case; a letter of no case, the head of office."""
    if letter.case_id is not None:
        return may_read_case(user, letter.case)
    held = roles.roles_of(user, letter.organization_id)
    return held.is_superuser or held.is_head_of_office


@rule
def may_void(user, letter: Letter) -> bool:
    """Void a numbered letter whose signing has not gone through: who may sign it, or who may revoke letters."""
    return letter.awaits_signature and (signing_authority(user, letter) is not None or may_revoke(user, letter))


@rule
def may_edit_templates(user, organization) -> bool:
    """Letter templates are organization settings: its administrators."""
    return roles.is_administrator(user, organization)
