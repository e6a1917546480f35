"""Opening a case at the counter: the applicant, the requirements brought, the start step done.

Two guards against a second case for the same request: the counter form
carries the tracking code the case will get (`code`), so a form sent twice
(double click, back button) finds the case it already made instead of making
another; and an open case of the same applicant (NIK) on the same SOP is
named before a second one is opened, which the officer may then confirm.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Sequence
from dataclasses import dataclass

from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sigap.orgs.models import Organization
from sigap.orgs.validators import fits, name_checked, text_checked
from sigap.privacy import encrypt, keyed_hash
from sigap.sop.models import Sop, SopVersion, Step
from sigap.sop.selectors import version_steps

from .advance import advance
from .attachments import store_attachment
from .errors import CaseError
from .models import ADDRESS_MAX, CODE_PATTERN, NOTE_MAX, Case, CaseEvent
from .nik import parse_nik
from .phone import normalize_phone
from .uploads import CheckedUpload, check_upload


class AlreadyOpened(CaseError):
    """The counter form was sent again: its case exists already (`case`)."""

    def __init__(self, case: Case):
        super().__init__(
            _(
                "Permohonan ini sudah diterima dengan kode lacak %(code)s; formulir yang terkirim ulang tidak "
                "membuat permohonan kedua."
            )
            % {"code": case.code}
        )
        self.case = case


class OpenCaseExists(CaseError):
    """The applicant already has an open case on this SOP (`open_cases`); opening another needs a confirmation."""

    def __init__(self, open_cases: list[Case]):
        super().__init__(
            _(
                "Pemohon dengan NIK ini masih memiliki permohonan yang berjalan untuk layanan ini. Periksa "
                "permohonan itu dahulu; bila memang perlu permohonan baru, centang konfirmasi lalu kirim lagi."
            )
        )
        self.open_cases = open_cases


@dataclass
class Requirement:
    item: str
    present: bool
    upload: UploadedFile | None = None


def _established_version(organization: Organization, sop: Sop) -> SopVersion:
    """The SOP's current version, if the organization's and established: cases open on nothing else."""
    if sop.organization_id != organization.pk:
        raise CaseError(_("SOP ini bukan milik instansi ini"))
    version = sop.current_version
    if version is None or version.status != Sop.Status.ESTABLISHED:
        raise CaseError(
            _('SOP "%(sop)s" belum ditetapkan; permohonan hanya dapat dibuka pada SOP yang ditetapkan')
            % {"sop": sop.title}
        )
    return version


def applicant_name_checked(name: str) -> str:
    """The applicant's name trimmed; refused when empty, too long, or holding control or text-direction
    characters (orgs.validators), as the counter form and the correction form refuse it."""
    name = name_checked(name, label=_("Nama pemohon"), error=CaseError)
    if not name:
        raise CaseError(_("nama pemohon wajib diisi"))
    return fits(Case, "applicant_name", name, error=CaseError)


def case_open(
    *,
    organization: Organization,
    sop: Sop,
    opened_by,
    applicant_name: str,
    nik: str,
    phone: str = "",
    address: str = "",
    requirements: Sequence[Requirement] = (),
    note: str = "",
    code: str = "",
    confirm_duplicate: bool = True,
    now: datetime.datetime | None = None,
) -> Case:
    """Receive a request at the counter: the SOP's start step is done as the case opens.

    `code` is the tracking code the counter form was given; a second case with it is never made
    (AlreadyOpened names the first). With `confirm_duplicate=False` an open case of the same NIK on
    the same SOP refuses the opening (OpenCaseExists) until the officer confirms.
    """
    now = now or timezone.now()
    version = _established_version(organization, sop)
    if code and not re.fullmatch(CODE_PATTERN, code):
        raise CaseError(_("Formulir ini tidak sah; muat ulang halamannya lalu isi lagi."))
    applicant_name = applicant_name_checked(applicant_name)
    address = text_checked(address.strip(), label=_("Alamat"), limit=ADDRESS_MAX, error=CaseError)
    text_checked(note, label=_("Catatan"), limit=NOTE_MAX, error=CaseError)
    parsed = parse_nik(nik, today=timezone.localdate(now))
    phone = normalize_phone(phone)
    # Every upload is checked before anything is stored.
    checked: list[tuple[Requirement, CheckedUpload]] = [
        (r, check_upload(r.upload)) for r in requirements if r.upload is not None
    ]
    steps = version_steps(version.pk)
    start = next(step for step in steps.values() if step.kind == Step.Kind.START)
    with transaction.atomic():
        _refuse_second_case(organization, sop, code, keyed_hash(parsed.value), confirm_duplicate, opened_by)
        case = _create_case(
            code=code,
            organization=organization,
            sop=sop,
            version=version,
            applicant_name=applicant_name,
            nik_encrypted=encrypt(parsed.value),
            nik_hash=keyed_hash(parsed.value),
            nik_masked=parsed.masked,
            phone_encrypted=encrypt(phone),
            address_encrypted=encrypt(address),
            requirements=[{"item": r.item, "ada": bool(r.present)} for r in requirements],
            current_step=start.number,
            opened_at=now,
            opened_by=opened_by,
        )
        event = _opened(case, start, opened_by, now, note)
        for requirement, upload in checked:
            store_attachment(case, upload, requirement=requirement.item, user=opened_by, event=event)
        advance(case, steps, start, decision=None, actor=opened_by, now=now)
    return case


def _opened(case: Case, start: Step, opened_by, now: datetime.datetime, note: str) -> CaseEvent:
    return CaseEvent.objects.create(
        case=case,
        at=now,
        actor=opened_by,
        kind=CaseEvent.Kind.OPENED,
        step_number=start.number,
        lane_code=start.lane.code,
        note=note,
    )


def _same_form(case: Case, *, sop: Sop, nik_hash: str, opened_by) -> Case:
    """`case`, if this form made it (same SOP, applicant and officer); a code copied from another case is not
    this form's, and does not lead to that case."""
    if case.sop_id != sop.pk or case.nik_hash != nik_hash or case.opened_by_id != getattr(opened_by, "pk", None):
        raise CaseError(_("Formulir ini tidak sah; muat ulang halamannya lalu isi lagi."))
    return case


def _refuse_second_case(
    organization: Organization, sop: Sop, code: str, nik_hash: str, confirm_duplicate: bool, opened_by
):
    if code:
        sent_before = Case.objects.filter(organization=organization, code=code).first()
        if sent_before is not None:
            raise AlreadyOpened(_same_form(sent_before, sop=sop, nik_hash=nik_hash, opened_by=opened_by))
    if not confirm_duplicate:
        open_cases = list(
            Case.objects.filter(organization=organization, sop=sop, nik_hash=nik_hash)
            .exclude(status=Case.Status.DONE)
            .order_by("opened_at")
        )
        if open_cases:
            raise OpenCaseExists(open_cases)


def _create_case(*, code: str, organization: Organization, **fields) -> Case:
    """The case row; a form sent twice at the same moment finds the twin's case once that one commits."""
    if not code:
        return Case.objects.create(organization=organization, **fields)
    try:
        with transaction.atomic():
            return Case.objects.create(organization=organization, code=code, **fields)
    except IntegrityError:
        twin = Case.objects.filter(organization=organization, code=code).first()
        if twin is None:  # the code is taken elsewhere: this form's code is not its own
            raise CaseError(_("Formulir ini tidak sah; muat ulang halamannya lalu isi lagi.")) from None
        raise AlreadyOpened(
            _same_form(twin, sop=fields["sop"], nik_hash=fields["nik_hash"], opened_by=fields["opened_by"])
        ) from None
