"""Reads of letters and registers; each takes the organization."""

from __future__ import annotations

import datetime

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from sigap.cases.models import Case, CaseEvent
from sigap.cases.permissions import readable_filter
from sigap.cases.selectors import readable_cases
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
    user,
    start: datetime.date | None = None,
    end: datetime.date | None = None,
    status: str = "",
) -> QuerySet[Letter]:
    """Buku agenda surat keluar: every numbered letter the user may read (permissions.may_read_letter: those of
    the cases the user reads), revoked and voided ones (with their reason) and those awaiting their signature
    included: numbers have no gaps."""
    letters = (
        Letter.objects.filter(organization=organization, sequence__isnull=False)
        .select_related("signer", "case")
        .defer("html")
    )  # encrypted: not decrypted for a register row
    if readable_filter(user, organization) is not None:  # not every case: the letters of those read
        letters = letters.filter(case__in=readable_cases(organization=organization, user=user).values("pk"))
    if start:
        letters = letters.filter(signed_at__date__gte=start)
    if end:
        letters = letters.filter(signed_at__date__lte=end)
    if status:
        letters = letters.filter(status=status)
    return letters.order_by("year", "classification", "sequence")


def sop_register(
    *,
    organization: Organization,
    user,
    sop_code: str,
    start=None,
    end=None,
    status: str = "",
    officer_id: int | None = None,
) -> QuerySet[Case]:
    """The register an SOP's Pencatatan asks for: one row per case the user may read."""
    cases = readable_cases(organization=organization, user=user).filter(sop__code=sop_code).select_related("opened_by")
    if start:
        cases = cases.filter(opened_at__date__gte=start)
    if end:
        cases = cases.filter(opened_at__date__lte=end)
    if status:
        cases = cases.filter(status=status)
    if officer_id:
        cases = cases.filter(opened_by_id=officer_id)
    return cases.order_by("opened_at", "pk")


_REGISTER_FIELDS = (
    "pk",
    "opened_at",
    "code",
    "applicant_name",
    "nik_masked",
    "status",
    "outcome",
    "closed_at",
    "opened_by__first_name",
    "opened_by__last_name",
    "opened_by__username",
)


def register_rows(cases: QuerySet[Case]):
    """Rows of an SOP register, streamed.

    Date in, code, applicant, NIK masked, status, outcome, letter, date out, officer.
    Two queries whatever the size (the numbered letters, then the cases as plain tuples);
    status labels and officer names are worked out once each, not once per row.
    """
    letters = dict(
        Letter.objects.filter(
            case__in=cases.values("pk"), status__in=[Letter.Status.VALID, Letter.Status.REVOKED]
        )  # issued: not a number whose signing is awaited or was abandoned
        .order_by("signed_at")
        .values_list("case_id", "number")
    )
    statuses = {value: str(label) for value, label in Case.Status.choices}
    officers: dict[tuple, str] = {}
    for pk, opened_at, code, name, nik, status, outcome, closed_at, *officer in cases.values_list(
        *_REGISTER_FIELDS
    ).iterator(chunk_size=2000):
        key = tuple(officer)
        if key not in officers:  # AbstractUser.get_full_name, else the username
            first, last, username = officer
            officers[key] = f"{first} {last}".strip() or username
        yield {
            "tanggal_masuk": opened_at,
            "kode": code,
            "pemohon": name,
            "nik": nik,
            "status": statuses.get(status, status),
            "hasil": outcome,
            "nomor_surat": letters.get(pk, ""),
            "tanggal_keluar": closed_at,
            "petugas": officers[key],
        }


def templates(*, organization: Organization) -> QuerySet[LetterTemplate]:
    return LetterTemplate.objects.filter(organization=organization).select_related("sop")


def case_history(case: Case) -> QuerySet[CaseEvent]:
    return case.events.select_related("actor").order_by("at", "pk")
