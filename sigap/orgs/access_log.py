"""The access log: who read which personal data, when and from where. Append-only.

Every view that shows an applicant's personal data (a case page, its printouts
and uploaded files, the case archive, a letter and its PDF, the register
exports) and every search by NIK calls `record_access(request, action, obj)`
once it has decided the user may read it. A record names the organization
that owns the data, the user, the moment, the action, the object (its kind,
its code or id and the case's tracking code), the client's address
(`client.client_address`) and the start of its user agent. A NIK is
never stored: a NIK search keeps the NIK's keyed hash (`privacy.keyed_hash`,
the same the cases keep), so the administrator finds it by typing the NIK.

Records are never changed or deleted: `save` refuses an existing row, the
queryset refuses `update` and `delete`, Django admin shows them read-only, and
on PostgreSQL (and SQLite) a trigger refuses UPDATE and DELETE (migration
0006). The administrator searches and exports them (access_log_views.py).
"""

from __future__ import annotations

import re

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sigap.privacy import keyed_hash

from .client import client_address
from .models import Organization
from .scoping import scoped

USER_AGENT_LENGTH = 200
NIK_KIND = "nik"


class AppendOnly(ValueError):
    """An attempt to change or remove an access record."""


class AccessRecordQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnly("access records are append-only")

    def delete(self):
        raise AppendOnly("access records are append-only")

    def bulk_update(self, objs, fields, batch_size=None):
        raise AppendOnly("access records are append-only")


class AccessRecord(models.Model):
    class Action(models.TextChoices):
        CASE_VIEW = "permohonan_dibuka", _("Halaman permohonan dibuka")
        CASE_PRINT = "permohonan_dicetak", _("Cetakan permohonan dibuka")
        NIK_SEARCH = "cari_nik", _("Pencarian NIK")
        FILE_VIEW = "berkas_dibuka", _("Berkas unggahan dibuka")
        ARCHIVE = "arsip_diunduh", _("Arsip permohonan (ZIP) diunduh")
        LETTER_VIEW = "surat_dibuka", _("Surat dibuka")
        LETTER_PDF = "pdf_surat_diunduh", _("PDF surat diunduh")
        REGISTER_EXPORT = "register_diekspor", _("Register SOP diekspor")
        LETTER_REGISTER_EXPORT = "agenda_diekspor", _("Agenda surat keluar diekspor")

    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")
    username = models.CharField(max_length=150, help_text="as it was at the time of reading")
    at = models.DateTimeField(default=timezone.now)
    action = models.CharField(max_length=30, choices=Action.choices)
    object_kind = models.CharField(max_length=20, blank=True, help_text="case, letter, attachment, sop, nik")
    object_ref = models.CharField(max_length=64, blank=True, help_text="its code or id; a NIK's keyed hash")
    case_code = models.CharField(max_length=14, blank=True)
    subject_key = models.CharField(
        max_length=64, blank=True, help_text="the keyed hash of the NIK whose data was read or searched for"
    )
    detail = models.CharField(max_length=20, blank=True, help_text="e.g. the export's format")
    client_address = models.GenericIPAddressField(null=True, blank=True)
    user_agent = models.CharField(max_length=USER_AGENT_LENGTH, blank=True)

    # django-scopes builds the manager class in a factory the type checker cannot follow (pyproject.toml).
    objects = scoped("organization", queryset=AccessRecordQuerySet)  # type: ignore[django-manager-missing]
    every_organization = models.Manager.from_queryset(AccessRecordQuerySet)()

    class Meta:
        base_manager_name = "every_organization"
        ordering = ("-at", "-pk")
        indexes = (
            models.Index(fields=["organization", "at"], name="access_org_at"),
            models.Index(fields=["organization", "case_code"], name="access_org_case"),
            models.Index(fields=["organization", "object_ref"], name="access_org_ref"),
            models.Index(fields=["organization", "subject_key"], name="access_org_subject"),
        )
        verbose_name = _("catatan akses")
        verbose_name_plural = _("catatan akses")

    def __str__(self):
        return f"{self.username} {self.action} {self.at:%Y-%m-%d %H:%M}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AppendOnly("access records are append-only")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnly("access records are append-only")


def nik_key(text: str) -> str | None:
    """The keyed hash a NIK search is recorded under (spaces, dots and dashes dropped, as `parse_nik` does);
    None when the text is not 16 digits."""
    value = re.sub(r"[\s.\-]", "", str(text or ""))
    return keyed_hash(value) if re.fullmatch(r"\d{16}", value) else None


def _describe(obj) -> tuple[str, str, str, str, int | None]:
    """(kind, ref, case code, the keyed hash of its applicant's NIK, owning organization id) of a Case, Letter,
    Attachment, Sop or similar object."""
    if obj is None:
        return "", "", "", "", None
    kind = obj._meta.model_name
    case = obj if kind == "case" else (getattr(obj, "case", None) if getattr(obj, "case_id", None) else None)
    ref = str(getattr(obj, "code", "") or obj.pk)
    organization_id = case.organization_id if case is not None else getattr(obj, "organization_id", None)
    subject = getattr(case, "nik_hash", "") if case is not None else ""
    return kind, ref, case.code if case is not None else "", subject, organization_id


def record_access(request, action: AccessRecord.Action, obj=None, *, nik: str = "", detail: str = "") -> AccessRecord:
    """Write down that the request's user read `obj` (or searched for `nik`, stored only as its keyed hash).
    The record belongs to the organization owning the data: for a case handed over, the case's."""
    kind, ref, case_code, subject, organization_id = _describe(obj)
    if nik:
        key = nik_key(nik)
        if key is None:
            raise ValueError("not a NIK")  # never store what was typed
        kind, ref, subject = NIK_KIND, key, key
    user = request.user if request.user.is_authenticated else None
    return AccessRecord.objects.create(
        organization_id=organization_id or request.organization.pk,
        user=user,
        username=user.get_username() if user is not None else "",
        action=action,
        object_kind=kind,
        object_ref=ref,
        case_code=case_code,
        subject_key=subject,
        detail=detail,
        client_address=client_address(request),
        user_agent=request.META.get("HTTP_USER_AGENT", "").replace("\x00", "")[:USER_AGENT_LENGTH],
    )
