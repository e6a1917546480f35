"""Issuing a letter: number it, render and sign it outside any lock, store it.

Completing a signing step (cases.hooks.on_step_preparing) takes three parts:

1. `letter_number`, in a short transaction with the task locked: the next number from the locked
   sequence (numbering.py) and the content fixed; the letter is NUMBERED. This commits on its own:
   from here the number is in the register and is never given again.
2. `SigningWork.run`, outside any transaction and lock: render (WeasyPrint), sign (PAdES) and write
   the file (`store_pdf`). A failure marks the letter FAILED with the reason; it keeps its number
   and the step stays open. Completing the step again signs it again ("Coba lagi"), or the letter
   is voided (services.letter_void) and stays in the register with the reason.
3. `SigningWork.commit`, inside the step's completion transaction: the letter becomes VALID with its
   file, by a conditional UPDATE from NUMBERED/FAILED (a double click, or a voiding meanwhile, is
   refused and rolls the completion back).

Files: each attempt writes under a name of its own. A completion that rolls back deletes the file it
wrote (`discard_pdf`, unless a committed row names it); a process killed between writing the file and
committing leaves the letter NUMBERED (signed again by the next completion) and a file no row names,
which `manage.py letters_orphans` removes.
"""

from __future__ import annotations

import copy
import hashlib
import logging
import secrets
from dataclasses import dataclass

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sigap.cases.errors import CaseError
from sigap.cases.models import Case
from sigap.orgs import second_factor
from sigap.orgs.tenancy import organization_scope

from . import placeholders, rendering
from .authority import signing_authority, who_signs
from .models import Letter, LetterTemplate
from .numbering import number_take
from .signing import SigningError, sign_pdf

logger = logging.getLogger(__name__)


def refuse_unauthorized(letter: Letter, signer) -> None:
    raise CaseError(
        _("%(user)s tidak berwenang menandatangani %(kind)s. Surat ini ditandatangani oleh %(who)s.")
        % {
            "user": (signer.get_full_name() or signer.username) if signer else _("Pengguna ini"),
            "kind": letter.kind,
            "who": who_signs(letter),
        }
    )


def letter_number(*, letter: Letter, signer, now=None) -> Letter:
    """Approve a draft: the next number, the signer and the content fixed; NUMBERED, awaiting its signature.

    A letter already numbered (its signing failed, or was cut short) keeps its number and content: it is
    answered as it is, to be signed again. Only the position the template names signs (or a head of unit
    a.n. it, where allowed): authority.py. Runs inside the caller's transaction if any."""
    now = now or timezone.now()
    with transaction.atomic():
        letter = (
            Letter.objects.select_for_update(of=("self",))
            .select_related("organization", "template__signer_position", "template__sop", "case", "case__sop")
            .get(pk=letter.pk)
        )
        if letter.status != Letter.Status.DRAFT and not letter.awaits_signature:
            raise CaseError(_("Surat ini bukan draf lagi; tidak ada yang ditandatangani."))
        authority = signing_authority(signer, letter)
        if authority is None:
            refuse_unauthorized(letter, signer)
        assert authority is not None
        if not second_factor.is_fresh(signer):  # like a signing passphrase: a code typed into this very form
            raise CaseError(_("Masukkan kode autentikator Anda untuk menandatangani surat ini."))
        if letter.status == Letter.Status.DRAFT:
            _fix(letter, signer, authority, now)
    return letter


def _fix(letter: Letter, signer, authority, now) -> None:
    year = timezone.localtime(now).year
    letter.sequence, letter.number = number_take(
        organization=letter.organization, classification=letter.classification, year=year
    )
    letter.year, letter.signer, letter.signed_at = year, signer, now
    letter.signer_name, letter.signer_nip, letter.signer_position = authority.name, authority.nip, authority.position
    letter.signer_rank, letter.on_behalf_of = authority.rank, authority.on_behalf_of
    if letter.case is not None:
        letter.html = fill(letter.template, letter.case, letter=letter)
    letter.status = Letter.Status.NUMBERED
    letter.save()


def case_values(case: Case, *, letter: Letter | None = None) -> dict[str, str]:
    """The placeholders' values for a case: a draft's (no letter yet) or a numbered letter's."""
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


def fill(template: LetterTemplate, case: Case, *, letter: Letter | None = None) -> str:
    return placeholders.fill(template.body, case_values(case, letter=letter), to_other_agency=template.to_other_agency)


def signed_pdf(letter: Letter) -> bytes:
    """The letter rendered as issued (with its QR code) and signed (PAdES). The full NIK of a letter to
    another agency is decrypted here, into the PDF only (placeholders.py)."""
    issued = copy.copy(letter)
    issued.status = Letter.Status.VALID  # what it is once the signature is stored
    full_nik = letter.case.nik if letter.case is not None and letter.template.to_other_agency else ""
    return sign_pdf(
        rendering.letter_pdf(issued, full_nik=full_nik),
        organization=letter.organization,
        reason=f"{letter.kind} {letter.number}",
    )


def store_pdf(letter: Letter, pdf: bytes) -> None:
    """The one place a signed PDF is written: its hash, and the file under a name of its own for this
    attempt (two attempts at the same letter never write the same file). The row names it only when
    the caller's transaction commits (`mark_signed`)."""
    letter.sha256 = hashlib.sha256(pdf).hexdigest()
    name = f"{letter.organization.slug}-{letter.year}-{letter.sequence:05d}-{letter.code}-{secrets.token_hex(4)}.pdf"
    letter.pdf.save(name, ContentFile(pdf), save=False)


def discard_pdf(letter: Letter) -> None:
    """Delete the file `store_pdf` wrote, unless a committed row names it (the completion went through)."""
    name = letter.pdf.name
    if name and not Letter._base_manager.filter(pk=letter.pk, pdf=name).exists():
        letter.pdf.storage.delete(name)


def mark_signed(letter: Letter, **fields) -> None:
    """NUMBERED or FAILED to VALID with the stored file, or CaseError when it is no longer awaiting it."""
    changed = Letter.objects.filter(pk=letter.pk, status__in=Letter.AWAITING_SIGNATURE).update(
        status=Letter.Status.VALID, pdf=letter.pdf.name, sha256=letter.sha256, **fields
    )
    if changed != 1:
        raise CaseError(
            _("Surat nomor %(n)s sudah ditandatangani atau dibatalkan; tidak ada yang diubah.") % {"n": letter.number}
        )
    letter.status = Letter.Status.VALID
    for field, value in fields.items():
        setattr(letter, field, value)


@dataclass
class SigningWork:
    """A numbered letter's signature, as the case engine runs it for a signing step (cases.hooks.StepWork)."""

    letter: Letter

    def run(self) -> None:
        letter = self.letter
        with organization_scope(letter.organization_id):
            try:
                store_pdf(letter, signed_pdf(letter))
            except Exception as exc:
                self._failed(exc)
                raise CaseError(
                    _(
                        "Surat nomor %(n)s belum ditandatangani: %(why)s Nomornya tetap tercatat; "
                        "coba lagi, atau batalkan surat dengan alasannya."
                    )
                    % {"n": letter.number, "why": letter.note}
                ) from exc

    def _failed(self, exc: Exception) -> None:
        letter = self.letter
        if isinstance(exc, SigningError):
            letter.note = str(exc)
        else:
            logger.exception("signing letter %s failed", letter.pk)
            letter.note = _("Terjadi kesalahan saat membuat atau menandatangani PDF.")
        if letter.pdf.name:
            discard_pdf(letter)
        Letter._base_manager.filter(pk=letter.pk, status__in=Letter.AWAITING_SIGNATURE).update(
            status=Letter.Status.FAILED, note=letter.note
        )

    def commit(self) -> None:
        mark_signed(self.letter, note="")

    def discard(self) -> None:
        discard_pdf(self.letter)


PDF_FOLDER = "surat"
