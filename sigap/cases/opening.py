"""Opening a case at the counter: the applicant, the requirements brought, the start step done."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sigap.orgs.models import Organization
from sigap.privacy import encrypt, keyed_hash
from sigap.sop.models import Sop, SopVersion, Step
from sigap.sop.selectors import version_steps

from .advance import advance
from .attachments import store_attachment
from .errors import CaseError
from .models import Case, CaseEvent
from .nik import parse_nik
from .uploads import CheckedUpload, check_upload


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
    now: datetime.datetime | None = None,
) -> Case:
    """Receive a request at the counter: the SOP's start step is done as the case opens."""
    now = now or timezone.now()
    version = _established_version(organization, sop)
    if not applicant_name.strip():
        raise CaseError(_("nama pemohon wajib diisi"))
    parsed = parse_nik(nik, today=timezone.localdate(now))
    checked: list[tuple[Requirement, CheckedUpload]] = []
    for requirement in requirements:
        if requirement.upload is not None:
            checked.append((requirement, check_upload(requirement.upload)))  # refuse before storing anything
    steps = version_steps(version.pk)
    start = next(step for step in steps.values() if step.kind == Step.Kind.START)
    with transaction.atomic():
        case = Case.objects.create(
            organization=organization,
            sop=sop,
            version=version,
            applicant_name=applicant_name.strip(),
            nik_encrypted=encrypt(parsed.value),
            nik_hash=keyed_hash(parsed.value),
            nik_masked=parsed.masked,
            phone_encrypted=encrypt(phone.strip()),
            address_encrypted=encrypt(address.strip()),
            requirements=[{"item": r.item, "ada": bool(r.present)} for r in requirements],
            current_step=start.number,
            opened_at=now,
            opened_by=opened_by,
        )
        event = CaseEvent.objects.create(
            case=case,
            at=now,
            actor=opened_by,
            kind=CaseEvent.Kind.OPENED,
            step_number=start.number,
            lane_code=start.lane.code,
            note=note,
        )
        for requirement, upload in checked:
            store_attachment(case, upload, requirement=requirement.item, user=opened_by, event=event)
        advance(case, steps, start, decision=None, actor=opened_by, now=now)
    return case
