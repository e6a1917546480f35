"""Business rules of letters: drafts from cases, signing with a number, rejection, correction.

Signing is one transaction: the number comes from the locked sequence, the
content is fixed, the PDF is rendered, signed (PAdES) and hashed, and the file
stored. If any of it fails, nothing is kept and the number is not used.
"""

from __future__ import annotations

import hashlib

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sigap.cases.models import Case, Task
from sigap.cases.services import CaseError, task_send_back
from sigap.orgs import second_factor
from sigap.privacy import encrypt

from . import permissions, placeholders, rendering
from .authority import signing_authority, who_signs
from .models import Letter, LetterTemplate, NumberFormat
from .numbering import check_pattern, number_format, number_take
from .selectors import signing_templates
from .signing import SigningError, sign_pdf


def _templates_for(case: Case, step_number: int) -> list[LetterTemplate]:
    return signing_templates(organization=case.organization, sop_id=case.sop_id, step_number=step_number)


def case_values(case: Case, *, letter: Letter | None = None) -> dict[str, str]:
    organization = letter.organization if letter else case.organization
    return {
        "nama_pemohon": case.applicant_name,
        "inisial_pemohon": placeholders.initials(case.applicant_name),
        "nik_samaran": case.nik_masked,
        "alamat_pemohon": case.address,
        "kode_lacak": case.code,
        "nama_layanan": case.sop.title,
        "tanggal_permohonan": placeholders.indonesian_date(timezone.localtime(case.opened_at)),
        "tanggal_surat": placeholders.indonesian_date(timezone.localtime(letter.signed_at))
        if letter and letter.signed_at
        else "",
        "nomor_surat": letter.number if letter else "",
        "nama_pejabat": letter.signer_name if letter else "",
        "nip_pejabat": letter.signer_nip if letter else "",
        "jabatan_pejabat": letter.signer_position if letter else "",
        "pangkat_pejabat": letter.signer_rank if letter else "",
        "nama_instansi": organization.name,
        "kota_instansi": organization.city,
    }


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


def _fill(template: LetterTemplate, case: Case, *, letter: Letter | None = None) -> str:
    return placeholders.fill(template.body, case_values(case, letter=letter), to_other_agency=template.to_other_agency)


def letter_draft_create(*, case: Case, template: LetterTemplate, now=None) -> Letter:
    """The draft of a template's letter for a case, from the case's current data (an open draft is refreshed)."""
    now = now or timezone.now()
    draft = Letter.objects.filter(case=case, template=template, status=Letter.Status.DRAFT).first()
    if draft is None:
        draft = Letter(case=case, template=template, organization=template.organization, created_at=now)
    draft.kind, draft.classification = template.name, template.classification
    draft.applicant_initials, draft.nik_masked = placeholders.initials(case.applicant_name), case.nik_masked
    draft.html = _fill(template, case)
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


def _refuse_unauthorized(letter: Letter, signer) -> None:
    raise CaseError(
        _("%(user)s tidak berwenang menandatangani %(kind)s. Surat ini ditandatangani oleh %(who)s.")
        % {
            "user": (signer.get_full_name() or signer.username) if signer else _("Pengguna ini"),
            "kind": letter.kind,
            "who": who_signs(letter),
        }
    )


def letter_issue(*, letter: Letter, signer, now=None) -> Letter:
    """Approve a draft: number, fix, render, sign and store it. Runs inside the caller's transaction if any.

    Only the position the template names signs (or a head of unit a.n. it, where allowed): authority.py."""
    now = now or timezone.now()
    with transaction.atomic():
        letter = (
            Letter.objects.select_for_update(of=("self",))
            .select_related("organization", "template__signer_position", "template__sop", "case", "case__sop")
            .get(pk=letter.pk)
        )
        if letter.status != Letter.Status.DRAFT:
            raise CaseError(_("Surat ini bukan draf lagi; tidak ada yang ditandatangani."))
        authority = signing_authority(signer, letter)
        if authority is None:
            _refuse_unauthorized(letter, signer)
        assert authority is not None
        if not second_factor.is_fresh(signer):  # like a signing passphrase: a code typed into this very form
            raise CaseError(_("Masukkan kode autentikator Anda untuk menandatangani surat ini."))
        year = timezone.localtime(now).year
        letter.sequence, letter.number = number_take(
            organization=letter.organization, classification=letter.classification, year=year
        )
        letter.year, letter.signer, letter.signed_at = year, signer, now
        letter.signer_name, letter.signer_nip, letter.signer_position = (
            authority.name,
            authority.nip,
            authority.position,
        )
        letter.signer_rank, letter.on_behalf_of = authority.rank, authority.on_behalf_of
        if letter.case is not None:
            letter.html = _fill(letter.template, letter.case, letter=letter)
        letter.status = Letter.Status.VALID
        _sign_and_store(letter)
        letter.save()
        if letter.replaces_id:
            Letter.objects.filter(pk=letter.replaces_id, status=Letter.Status.VALID).update(
                status=Letter.Status.REVOKED,
                revoked_at=now,
                note=_("Diganti dengan surat nomor %(n)s.") % {"n": letter.number},
            )
    return letter


def _sign_and_store(letter: Letter) -> None:
    """Render, sign, hash and attach the PDF. The full NIK of a letter to another agency is decrypted here,
    into the PDF only (placeholders.py)."""
    full_nik = letter.case.nik if letter.case is not None and letter.template.to_other_agency else ""
    try:
        pdf = sign_pdf(
            rendering.html_to_pdf(rendering.letter_html(letter, full_nik=full_nik)),
            organization=letter.organization,
            reason=f"{letter.kind} {letter.number}",
        )
    except SigningError as exc:
        raise CaseError(str(exc)) from exc
    letter.sha256 = hashlib.sha256(pdf).hexdigest()
    letter.pdf.save(
        f"{letter.organization.slug}-{letter.year}-{letter.sequence:05d}-{letter.code}.pdf",
        ContentFile(pdf),
        save=False,
    )


def on_step_completed(*, task: Task, step, case: Case, next_task, user, decision, now):
    """Case engine hook: a draft when the case reaches a signing step; the signed letter when it is completed
    (by an official the template allows: letter_issue refuses anyone else, and the completion with it)."""
    for template in _templates_for(case, step.number):
        draft = Letter.objects.filter(case=case, template=template, status=Letter.Status.DRAFT).first()
        letter_issue(letter=draft or letter_draft_create(case=case, template=template, now=now), signer=user, now=now)
    if next_task is not None:
        for template in _templates_for(case, next_task.step_number):
            letter_draft_create(case=case, template=template, now=now)


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
            _refuse_unauthorized(drafts[0], user)
        back = task_send_back(
            organization=organization,
            task_id=task_id,
            user=user,
            to_step=templates[0].prepare_step,
            reason=reason,
            now=now,
        )
        Letter.objects.filter(case=task.case, template__in=templates, status=Letter.Status.DRAFT).update(
            status=Letter.Status.REJECTED, note=reason
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
