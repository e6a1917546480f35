"""Corrections of an open case: the applicant's data, the requirements checklist, uploads brought later.

Each correction is one transaction on the locked case and one CORRECTED event in the history that
keeps what changed, before and after. The NIK, the phone and the address appear there masked only
(personal data: never in clear in the history); other apps may refuse a correction (hooks.on_correction).
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop

from sigap.orgs.models import Organization
from sigap.orgs.tenancy import organization_scope
from sigap.orgs.validators import text_checked
from sigap.privacy import decrypt, encrypt, keyed_hash

from . import hooks, permissions
from .attachments import store_attachment
from .errors import CaseError, stored_text
from .models import ADDRESS_MAX, NOTE_MAX, Case, CaseEvent
from .nik import parse_nik
from .opening import Requirement, applicant_name_checked
from .phone import mask_address, mask_phone, normalize_phone
from .selectors import last_return
from .uploads import CheckedUpload, check_upload, display_name

# What each corrected field is called in the history; the personal ones are kept masked there.
FIELDS = {
    "applicant_name": gettext_lazy("Nama pemohon"),
    "nik": gettext_lazy("NIK"),
    "phone": gettext_lazy("Nomor telepon/WA"),
    "address": gettext_lazy("Alamat"),
}
ENCRYPTED = ("phone", "address")  # stored encrypted on the case, masked in the history
MASKS = {"phone": mask_phone, "address": mask_address}


@dataclass
class Change:
    label: str
    before: str
    after: str


def _locked_case(organization: Organization, case_id: int, user) -> Case:
    try:
        case = (
            Case.objects.select_for_update(of=("self",))
            .select_related("sop", "version", "organization")
            .get(pk=case_id, organization=organization)
        )
    except Case.DoesNotExist:
        raise CaseError(_("permohonan tidak ditemukan")) from None
    if not case.is_open:
        raise CaseError(_("Permohonan ini sudah selesai; datanya tidak dapat dikoreksi lagi."))
    if not permissions.may_correct(user, case):
        raise CaseError(_("Anda tidak termasuk petugas yang menangani permohonan ini."))
    return case


def _event(case: Case, user, now, *, note: str, data: dict) -> CaseEvent:
    return CaseEvent.objects.create(
        case=case,
        at=now,
        actor=user,
        kind=CaseEvent.Kind.CORRECTED,
        step_number=case.current_step,
        note=note,
        data=data,
    )


def case_correct_applicant(
    *,
    organization: Organization,
    case_id: int,
    user,
    applicant_name: str,
    nik: str = "",
    phone: str = "",
    address: str = "",
    reason: str = "",
    now: datetime.datetime | None = None,
) -> CaseEvent:
    """Correct the applicant's name, NIK, phone and address of an open case (an empty `nik` keeps it).

    A reason is required; the functions registered with hooks.on_correction may refuse the change
    (letters does once the case has a signed letter that prints the data)."""
    now = now or timezone.now()
    applicant_name, address, reason = applicant_name_checked(applicant_name), address.strip(), reason.strip()
    text_checked(address, label=_("Alamat"), limit=ADDRESS_MAX, error=CaseError)
    text_checked(reason, label=_("Alasan koreksi"), limit=NOTE_MAX, error=CaseError)
    phone = normalize_phone(phone)
    parsed = parse_nik(nik, today=timezone.localdate(now)) if nik.strip() else None
    with transaction.atomic(), organization_scope(organization.pk):
        case = _locked_case(organization, case_id, user)
        if not reason:
            raise CaseError(_("Alasan koreksi wajib diisi."))
        changes: list[dict] = []
        if applicant_name != case.applicant_name:
            changes.append({"isian": "applicant_name", "sebelum": case.applicant_name, "sesudah": applicant_name})
            case.applicant_name = applicant_name
        new_hash = keyed_hash(parsed.value) if parsed else case.nik_hash
        if parsed and new_hash != case.nik_hash:
            changes.append({"isian": "nik", "sebelum": case.nik_masked, "sesudah": parsed.masked})
            case.nik_encrypted, case.nik_hash, case.nik_masked = encrypt(parsed.value), new_hash, parsed.masked
        for field, value in (("phone", phone), ("address", address)):
            current = getattr(case, field)
            if value != current:
                mask = MASKS[field]
                changes.append({"isian": field, "sebelum": mask(current), "sesudah": mask(value), "tersamar": True})
                setattr(case, f"{field}_encrypted", encrypt(value))
        if not changes:
            raise CaseError(_("Tidak ada yang berubah; data pemohon tetap."))
        hooks.correction_proposed(case=case, fields=[change["isian"] for change in changes], user=user, now=now)
        case.save(
            update_fields=[
                "applicant_name",
                "nik_encrypted",
                "nik_hash",
                "nik_masked",
                "phone_encrypted",
                "address_encrypted",
            ]
        )
        return _event(case, user, now, note=reason, data={"koreksi": changes})


def case_update_requirements(
    *,
    organization: Organization,
    case_id: int,
    user,
    requirements: Sequence[Requirement],
    reason: str = "",
    now: datetime.datetime | None = None,
) -> CaseEvent:
    """Correct the requirements checklist of an open case and store what the applicant brought later.

    Every upload is checked before anything is stored; an item with an upload counts as present.
    Items are those of the case's checklist (an item outside it is refused).
    """
    now = now or timezone.now()
    checked: list[tuple[str, CheckedUpload]] = [
        (r.item, check_upload(r.upload)) for r in requirements if r.upload is not None
    ]
    with transaction.atomic(), organization_scope(organization.pk):
        case = _locked_case(organization, case_id, user)
        before = checklist(case)
        wanted = {r.item: bool(r.present or r.upload is not None) for r in requirements}
        unknown = sorted(set(wanted) - set(before))
        if unknown:
            raise CaseError(_("%(item)s bukan kelengkapan permohonan ini") % {"item": unknown[0]})
        after = {**before, **wanted}
        changed = [
            {"item": item, "sebelum": before[item], "sesudah": after[item]}
            for item in before
            if before[item] != after[item]
        ]
        if not changed and not checked:
            raise CaseError(_("Tidak ada yang berubah; kelengkapan tetap."))
        case.requirements = [{"item": item, "ada": present} for item, present in after.items()]
        case.save(update_fields=["requirements"])
        data: dict = {"kelengkapan": changed}
        if checked:
            data["berkas"] = [f"{item}: {display_name(upload.file)}" for item, upload in checked]
        event = _event(case, user, now, note=reason.strip(), data=data)
        for item, upload in checked:
            store_attachment(case, upload, requirement=item, user=user, event=event)
        return event


def checklist(case: Case) -> dict[str, bool]:
    """The case's requirements, item by item: the SOP version's list, with what was recorded at opening
    (an item recorded that the list no longer names is kept)."""
    recorded = {row["item"]: bool(row["ada"]) for row in case.requirements}
    items = case.version.identity_list("persyaratan")
    return {**{item: recorded.get(item, False) for item in items}, **recorded}


def changes_of(event: CaseEvent) -> list[Change]:
    """What a CORRECTED event changed, readable for staff; the NIK, phone and address masked (an event
    written before they were stored masked holds them encrypted: decrypted only to be masked)."""
    rows: list[Change] = []
    for change in event.data.get("koreksi", []):
        field = change.get("isian", "")
        before, after = change.get("sebelum", ""), change.get("sesudah", "")
        if field in ENCRYPTED and not change.get("tersamar"):
            before, after = _masked(field, before), _masked(field, after)
        rows.append(Change(str(FIELDS.get(field, field)), before or "—", after or "—"))
    for change in event.data.get("kelengkapan", []):
        rows.append(Change(change["item"], _present(change["sebelum"]), _present(change["sesudah"])))
    return rows


def _masked(field: str, token: str) -> str:
    try:
        return MASKS[field](decrypt(token))
    except ValueError:  # a key that was retired: the history still shows that something changed
        return "…"


def _present(value: bool) -> str:
    return _("ada") if value else _("belum ada")


def resume_items(case: Case) -> list[str]:
    """What the applicant was asked to bring at the latest "berkas dikembalikan", and any requirement still
    recorded as missing, each once: the checklist offered when the applicant comes back."""
    returned = last_return(case)
    return list(dict.fromkeys([*(returned.items if returned else []), *still_missing(case)]))


def still_missing(case: Case) -> list[str]:
    """The requirements the case's record still has as not brought."""
    return [item for item, present in checklist(case).items() if not present]


def receive_missing(case: Case, received: Sequence[str], *, user, now) -> CaseEvent | None:
    """Record, as the applicant comes back, which of the missing items were brought (runs inside the resume's
    transaction, on its locked case). Items not offered are refused; what changed is a CORRECTED event."""
    offered = resume_items(case)
    unknown = [item for item in received if item not in offered]
    if unknown:
        raise CaseError(_("%(item)s bukan kelengkapan permohonan ini") % {"item": unknown[0]})
    before = checklist(case)
    after = {**before, **{item: item in received for item in offered}}
    changed = [
        {"item": item, "sebelum": before.get(item, False), "sesudah": after[item]}
        for item in after
        if before.get(item, False) != after[item]
    ]
    case.requirements = [{"item": item, "ada": present} for item, present in after.items()]
    case.save(update_fields=["requirements"])
    if not changed:
        return None
    return _event(
        case,
        user,
        now,
        note=stored_text(gettext_noop("Pemohon kembali dengan kelengkapan."), {}),
        data={"kelengkapan": changed},
    )
