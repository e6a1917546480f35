"""Reads of letters and registers; each takes the organization."""

from __future__ import annotations

import datetime

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from sigap.cases.models import Case, CaseEvent
from sigap.orgs import config
from sigap.orgs.models import Organization
from sigap.orgs.tenancy import unscoped

from .models import Letter, LetterTemplate


def signing_templates(*, organization: Organization, sop_id: int, step_number: int) -> list[LetterTemplate]:
    """The letter templates a step of an SOP of `organization` signs (usually none or one).

    Which steps sign anything is remembered per organization (orgs.config), so a
    step that signs nothing, nearly every step, costs no query."""
    signing = config.remembered(
        organization,
        "signing-steps",
        lambda: set(LetterTemplate.objects.filter(sop__organization=organization).values_list("sop_id", "sign_step")),
    )
    if (sop_id, step_number) not in signing:
        return []
    return list(LetterTemplate.objects.filter(sop_id=sop_id, sign_step=step_number).select_related("organization"))


def letter_get(*, organization: Organization, code: str) -> Letter:
    return get_object_or_404(
        Letter.objects.select_related("template", "case", "organization", "replaces"),
        organization=organization,
        code=code,
    )


def letter_public(*, code: str) -> Letter | None:
    """The letter a verification code names, in whichever organization issued it (the code is random;
    docs/architecture.md, "Tenancy"). The verification page shows only what it is meant to."""
    with unscoped():
        return (
            Letter.objects.select_related("organization", "replaces")
            .filter(code=code, status__in=[Letter.Status.VALID, Letter.Status.REVOKED])
            .first()
        )


def letter_register(
    *,
    organization: Organization,
    start: datetime.date | None = None,
    end: datetime.date | None = None,
    status: str = "",
) -> QuerySet[Letter]:
    """Buku agenda surat keluar: every numbered letter, including revoked ones."""
    letters = Letter.objects.filter(organization=organization, sequence__isnull=False).select_related("signer", "case")
    if start:
        letters = letters.filter(signed_at__date__gte=start)
    if end:
        letters = letters.filter(signed_at__date__lte=end)
    if status:
        letters = letters.filter(status=status)
    return letters.order_by("year", "classification", "sequence")


def sop_register(
    *, organization: Organization, sop_code: str, start=None, end=None, status: str = "", officer_id: int | None = None
) -> QuerySet[Case]:
    """The register an SOP's Pencatatan asks for: one row per case."""
    cases = Case.objects.filter(organization=organization, sop__code=sop_code).select_related("opened_by")
    if start:
        cases = cases.filter(opened_at__date__gte=start)
    if end:
        cases = cases.filter(opened_at__date__lte=end)
    if status:
        cases = cases.filter(status=status)
    if officer_id:
        cases = cases.filter(opened_by_id=officer_id)
    return cases.order_by("opened_at", "pk")


def register_rows(cases: QuerySet[Case]):
    """Rows of an SOP register, streamed.

    Date in, code, applicant, NIK masked, status, outcome, letter, date out, officer.
    """
    letters = {}
    for case_id, number in (
        Letter.objects.filter(case__in=cases.values("pk"), sequence__isnull=False)
        .order_by("signed_at")
        .values_list("case_id", "number")
    ):
        letters[case_id] = number
    for case in cases.iterator(chunk_size=2000):
        yield {
            "tanggal_masuk": case.opened_at,
            "kode": case.code,
            "pemohon": case.applicant_name,
            "nik": case.nik_masked,
            "status": case.get_status_display(),
            "hasil": case.outcome,
            "nomor_surat": letters.get(case.pk, ""),
            "tanggal_keluar": case.closed_at,
            "petugas": case.opened_by.get_full_name() or case.opened_by.username,
        }


def templates(*, organization: Organization) -> QuerySet[LetterTemplate]:
    return LetterTemplate.objects.filter(organization=organization).select_related("sop")


def case_history(case: Case) -> QuerySet[CaseEvent]:
    return case.events.select_related("actor").order_by("at", "pk")
