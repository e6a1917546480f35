"""Business rules of letters: drafts from cases, signing with a number, voiding, rejection, correction.

Signing a case's letter is split so that no lock is held while a PDF is rendered
(issuing.py): the signing step's completion numbers the letter in a short
transaction, renders and signs it outside any lock, and marks it valid in the
completion's transaction. A correction is rare and stays all or nothing
(`letter_issue`): if any of it fails, nothing is kept and the number is not used.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sigap.cases.models import Case, Task
from sigap.cases.services import CaseError, task_send_back
from sigap.privacy import encrypt

from . import permissions, placeholders, sanitize
from .issuing import (
    SigningWork,
    case_values,
    discard_pdf,
    fill,
    letter_number,
    mark_signed,
    refuse_unauthorized,
    signed_pdf,
    store_pdf,
)
from .models import Letter, LetterTemplate, NumberFormat
from .numbering import check_pattern, number_format
from .selectors import signing_templates
from .signing import SigningError


def _templates_for(case: Case, step_number: int) -> list[LetterTemplate]:
    return signing_templates(organization=case.organization, sop_id=case.sop_id, step_number=step_number)


SAMPLE_NIK_MASKED = "3520********0003"


def sample_values(template: LetterTemplate, *, now=None) -> dict[str, str]:
    """Placeholder values for a template preview, made by the same mapping as a real case's."""
    now = now or timezone.now()
    case = Case(
        organization=template.sop.organization,
        sop=template.sop,
        code="CONT-OH12-3456",
        applicant_name="Siti Contoh",
        nik_masked=SAMPLE_NIK_MASKED,
        address_encrypted=encrypt("Desa Contoh RT 01 RW 02"),
        opened_at=now,
    )
    year = timezone.localtime(now).year
    letter = Letter(
        organization=template.organization,
        template=template,
        signed_at=now,
        signer_name="Nama Pejabat",
        signer_position="Kepala Dinas",
        nik_masked=SAMPLE_NIK_MASKED,
        number=number_format(
            organization=template.organization, classification=template.classification, number=1, year=year
        ),
    )
    return case_values(case, letter=letter)


def letter_draft_create(*, case: Case, template: LetterTemplate, now=None) -> Letter:
    """The draft of a template's letter for a case, from the case's current data (an open draft is refreshed)."""
    now = now or timezone.now()
    draft = Letter.objects.filter(case=case, template=template, status=Letter.Status.DRAFT).first()
    if draft is None:
        draft = Letter(case=case, template=template, organization=template.organization, created_at=now)
    draft.kind, draft.classification = template.name, template.classification
    draft.applicant_initials, draft.nik_masked = placeholders.initials(case.applicant_name), case.nik_masked
    draft.html = fill(template, case)
    draft.save()
    return draft


def letter_draft_regenerate(*, organization, code: str, user, now=None) -> Letter:
    """A new draft of a rejected letter from the case's corrected data; the rejected one stays in the history."""
    with transaction.atomic():
        rejected = (
            Letter.objects.select_for_update(of=("self",))
            .select_related("template", "case")
            .filter(organization=organization, code=code)
            .first()
        )
        if rejected is None:
            raise CaseError(_("Surat tidak ditemukan."))
        if not permissions.may_regenerate_draft(user, rejected):
            raise CaseError(
                _(
                    "Draf hanya dapat dibuat ulang dari draf yang ditolak, oleh pelaksana langkah penyiapannya, "
                    "selama belum ada draf baru."
                )
            )
        assert rejected.case is not None  # may_regenerate_draft: a case's letter
        return letter_draft_create(case=rejected.case, template=rejected.template, now=now)


def letter_issue(*, letter: Letter, signer, now=None) -> Letter:
    """Number, render, sign and store a letter in one transaction: all or nothing (a correction). Runs inside
    the caller's transaction if any; the file it wrote is deleted again if that rolls back here."""
    now = now or timezone.now()
    try:
        with transaction.atomic():
            letter = letter_number(letter=letter, signer=signer, now=now)
            try:
                pdf = signed_pdf(letter)
            except SigningError as exc:
                raise CaseError(str(exc)) from exc
            store_pdf(letter, pdf)
            mark_signed(letter)
            if letter.replaces_id:
                Letter.objects.filter(pk=letter.replaces_id, status=Letter.Status.VALID).update(
                    status=Letter.Status.REVOKED,
                    revoked_at=now,
                    note=_("Diganti dengan surat nomor %(n)s.") % {"n": letter.number},
                )
    except BaseException:
        discard_pdf(letter)
        raise
    return letter


SIGNABLE = (Letter.Status.DRAFT, *Letter.AWAITING_SIGNATURE)


def on_step_preparing(*, task: Task, step, case: Case, user, now) -> list[SigningWork]:
    """Case engine hook, in a short transaction before a signing step's completion: the step's letter is
    numbered (or, numbered already, signed again) by an official the template allows (letter_number
    refuses anyone else, and the completion with it); its signature is the work done outside any lock."""
    works = []
    for template in _templates_for(case, step.number):
        letter = Letter.objects.filter(case=case, template=template, status__in=SIGNABLE).order_by("created_at").first()
        letter = letter_number(
            letter=letter or letter_draft_create(case=case, template=template, now=now), signer=user, now=now
        )
        works.append(SigningWork(letter))
    return works


def on_step_completed(*, task: Task, step, case: Case, next_task, user, decision, now):
    """Case engine hook: a draft when the case reaches a signing step (the signature itself was committed
    with the completion: on_step_preparing)."""
    if next_task is not None:
        for template in _templates_for(case, next_task.step_number):
            letter_draft_create(case=case, template=template, now=now)


def letter_void(*, letter: Letter, by, reason: str, now=None) -> Letter:
    """Abandon a numbered letter whose signing did not go through: it keeps its number in the register, voided
    with the reason (numbers never have gaps), and a new draft waits at the signing step."""
    now = now or timezone.now()
    if not reason.strip():
        raise CaseError(_("Sebutkan alasan pembatalan."))
    with transaction.atomic():
        letter = (
            Letter.objects.select_for_update(of=("self",))
            .select_related("organization", "template__signer_position", "template__sop", "case__sop")
            .get(pk=letter.pk)
        )
        if not letter.awaits_signature:
            raise CaseError(_("Hanya surat bernomor yang belum ditandatangani yang dapat dibatalkan."))
        if not permissions.may_void(by, letter):
            refuse_unauthorized(letter, by)
        letter.status, letter.note, letter.revoked_at = Letter.Status.VOID, reason.strip(), now
        letter.save(update_fields=["status", "note", "revoked_at"])
        if letter.case is not None:
            letter_draft_create(case=letter.case, template=letter.template, now=now)
    return letter


def letter_reject(*, organization, task_id: int, user, reason: str, now=None) -> Task:
    """The signing official sends the draft back to the preparing step with a reason."""
    now = now or timezone.now()
    with transaction.atomic():
        task = Task.objects.select_related("case").filter(organization=organization, pk=task_id).first()
        if task is None:
            raise CaseError(_("Tugas tidak ditemukan."))
        templates = _templates_for(task.case, task.step_number)
        if not templates:
            raise CaseError(_("Langkah ini bukan langkah penandatanganan surat."))
        drafts = permissions.waiting_drafts(task)
        if drafts and not permissions.may_reject_draft(user, task):  # only who may sign it sends it back
            refuse_unauthorized(drafts[0], user)
        back = task_send_back(
            organization=organization,
            task_id=task_id,
            user=user,
            to_step=templates[0].prepare_step,
            reason=reason,
            now=now,
        )
        letters = Letter.objects.filter(case=task.case, template__in=templates)
        letters.filter(status=Letter.Status.DRAFT).update(status=Letter.Status.REJECTED, note=reason)
        # A letter numbered already keeps its number: voided with the reason, it stays in the register.
        letters.filter(status__in=Letter.AWAITING_SIGNATURE).update(
            status=Letter.Status.VOID, note=reason, revoked_at=now
        )
    return back


def _check_may_revoke(user, letter: Letter) -> None:
    if not permissions.may_revoke(user, letter):
        raise CaseError(
            _("Anda tidak berwenang mencabut atau mengoreksi surat ini: hanya Kepala Dinas atau kepala bidangnya.")
        )


def letter_revoke(*, letter: Letter, by, reason: str, now=None) -> Letter:
    """Void a signed letter; it stays in the register with the reason."""
    _check_may_revoke(by, letter)
    if not reason.strip():
        raise CaseError(_("Sebutkan alasan pencabutan."))
    changed = Letter.objects.filter(pk=letter.pk, status=Letter.Status.VALID).update(
        status=Letter.Status.REVOKED, revoked_at=now or timezone.now(), note=reason.strip()
    )
    if changed != 1:
        raise CaseError(_("Hanya surat yang sah yang dapat dicabut."))
    letter.refresh_from_db()
    return letter


def letter_correct(*, letter: Letter, by, reason: str, now=None) -> Letter:
    """A correction: a new letter that references the old one and revokes it when signed (all or nothing)."""
    now = now or timezone.now()
    _check_may_revoke(by, letter)
    if not reason.strip():
        raise CaseError(_("Sebutkan alasan koreksi."))
    with transaction.atomic():
        letter = Letter.objects.select_for_update(of=("self",)).get(pk=letter.pk)
        if letter.status != Letter.Status.VALID:
            raise CaseError(_("Hanya surat yang sah yang dapat dikoreksi."))
        if Letter.objects.filter(replaces=letter).exists():
            raise CaseError(_("Surat ini sudah punya koreksi."))
        correction = Letter.objects.create(
            case=letter.case,
            template=letter.template,
            organization=letter.organization,
            kind=letter.kind,
            classification=letter.classification,
            html=letter.html,
            applicant_initials=letter.applicant_initials,
            nik_masked=letter.nik_masked,
            replaces=letter,
            note=reason,
            created_at=now,
        )
        return letter_issue(letter=correction, signer=by, now=now)


def letter_template_save(*, template: LetterTemplate, user, body: str, title: str) -> LetterTemplate:
    """Save a template's title and body; the body keeps only what a letter may contain (sanitize.py)."""
    body = sanitize.letter_body(body)
    placeholders.check(body, to_other_agency=template.to_other_agency)  # refuses an unknown placeholder by name
    template.body, template.title, template.updated_by = body, title, user
    template.save()
    return template


def number_format_set(*, organization, classification: str, pattern: str) -> NumberFormat:
    check_pattern(pattern)
    fmt, _created = NumberFormat.objects.update_or_create(
        organization=organization, classification=classification, defaults={"pattern": pattern}
    )
    return fmt
