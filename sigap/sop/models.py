"""Decrees, SOPs and their immutable versions with lanes (Pelaksana) and steps.

An SOP (`Sop`) is the stable identity an office refers to ("SOP Surat
Keterangan Terdaftar DTKS"). Each import of a changed SOP file adds a
`SopVersion`; versions are never edited, so a case pinned to one keeps the
procedure it started on.
"""

from typing import cast

from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from sigap.orgs.models import Organization, Unit
from sigap.orgs.scoping import scoped
from sigap.worktime.durations import parse_duration


class Decree(models.Model):
    """A Keputusan Kepala Dinas that establishes SOPs (its lampiran)."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="decrees")
    number = models.CharField(_("nomor"), max_length=100)
    date = models.DateField(_("tanggal"), null=True, blank=True)
    title = models.TextField(_("tentang"))
    data = models.JSONField(default=dict, help_text="the decree as in its file")
    content_hash = models.CharField(max_length=64)
    source_path = models.CharField(max_length=300, blank=True)

    objects = scoped("organization")

    class Meta:
        ordering = ["organization", "-date"]
        constraints = [models.UniqueConstraint(fields=["organization", "number"], name="decree_number_per_org")]
        verbose_name = _("keputusan")
        verbose_name_plural = _("keputusan")

    def __str__(self):
        return self.number


class Sop(models.Model):
    class Status(models.TextChoices):
        ESTABLISHED = "ditetapkan", _("Ditetapkan")
        DRAFT = "draf", _("Draf")
        NOT_WRITTEN = "belum_disusun", _("Belum disusun")

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="sops")
    code = models.SlugField(_("kode"), max_length=100)
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="sops")
    decree = models.ForeignKey(Decree, on_delete=models.SET_NULL, null=True, blank=True, related_name="sops")
    letter = models.CharField(_("huruf"), max_length=3, blank=True)
    order = models.PositiveIntegerField(_("urutan"), default=0)
    title = models.CharField(_("nama SOP"), max_length=300)
    current_version = models.ForeignKey(
        "SopVersion", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = scoped("organization")

    class Meta:
        ordering = ["organization", "unit__order", "order", "letter", "title"]
        constraints = [models.UniqueConstraint(fields=["organization", "code"], name="sop_code_per_org")]
        verbose_name = _("SOP")
        verbose_name_plural = _("SOP")

    def __str__(self):
        return self.title

    @property
    def status(self) -> str:
        if self.current_version_id is None:
            return self.Status.NOT_WRITTEN
        return cast(SopVersion, self.current_version).status

    def get_status_display(self) -> str | Promise:
        return self.Status(self.status).label


class SopVersion(models.Model):
    """One revision of an SOP as imported from its file. Never changed after import."""

    sop = models.ForeignKey(Sop, on_delete=models.CASCADE, related_name="versions")
    revision = models.PositiveIntegerField(_("versi"))
    status = models.CharField(_("status"), max_length=20, choices=Sop.Status.choices[:2])
    content_hash = models.CharField(max_length=64)
    data = models.JSONField(help_text="the normalized SOP file content")
    source_path = models.CharField(max_length=300, blank=True)
    imported_at = models.DateTimeField(auto_now_add=True)

    # Identity table (kept as columns so pages and the case engine need no JSON digging).
    name = models.CharField(_("nama SOP"), max_length=300)
    document_number = models.CharField(_("nomor dokumen"), max_length=100, blank=True)
    made_on = models.DateField(_("tanggal pembuatan"), null=True, blank=True)
    issued_on = models.DateField(_("tanggal terbit"), null=True, blank=True)
    revision_label = models.CharField(_("nomor revisi"), max_length=50, blank=True)
    effective_on = models.DateField(_("tanggal efektif"), null=True, blank=True)

    objects = scoped("sop__organization")

    class Meta:
        ordering = ["sop", "-revision"]
        constraints = [models.UniqueConstraint(fields=["sop", "revision"], name="sop_revision_unique")]
        verbose_name = _("versi SOP")
        verbose_name_plural = _("versi SOP")

    def __str__(self):
        return f"{self.name} (versi {self.revision})"

    @property
    def approved_by(self) -> dict:
        return self.data.get("disahkan_oleh") or {}

    def identity_list(self, key: str) -> list[str]:
        return self.data.get(key) or []


class Lane(models.Model):
    """A Pelaksana column of the flowchart."""

    class Kind(models.TextChoices):
        APPLICANT = "pemohon", _("Pemohon")
        INTERNAL = "internal", _("Internal")
        EXTERNAL = "luar", _("Pihak luar")

    version = models.ForeignKey(SopVersion, on_delete=models.CASCADE, related_name="lanes")
    code = models.SlugField(_("kode"))
    name = models.CharField(_("nama"), max_length=200)
    kind = models.CharField(_("jenis"), max_length=20, choices=Kind.choices)
    order = models.PositiveIntegerField()
    unit_code = models.CharField(max_length=50, blank=True)
    position_codes = models.JSONField(default=list, blank=True)
    external_org = models.CharField(max_length=50, blank=True)
    from_step = models.PositiveIntegerField(null=True, blank=True)

    objects = scoped("version__sop__organization")

    class Meta:
        ordering = ["version", "order"]
        constraints = [models.UniqueConstraint(fields=["version", "code"], name="lane_code_per_version")]

    def __str__(self):
        return self.name


class Step(models.Model):
    """An uraian kegiatan with its Mutu Baku."""

    class Kind(models.TextChoices):
        START = "mulai", _("Mulai")
        PROCESS = "proses", _("Proses")
        DECISION = "keputusan", _("Keputusan")
        END = "selesai", _("Selesai")

    version = models.ForeignKey(SopVersion, on_delete=models.CASCADE, related_name="steps")
    number = models.PositiveIntegerField(_("nomor"))
    kind = models.CharField(_("jenis"), max_length=20, choices=Kind.choices)
    text = models.TextField(_("uraian kegiatan"))
    lane = models.ForeignKey(Lane, on_delete=models.CASCADE, related_name="steps")
    requirements = models.CharField(_("kelengkapan"), max_length=300, blank=True)
    duration_text = models.CharField(_("waktu"), max_length=50, blank=True)
    output = models.CharField(_("output"), max_length=300, blank=True)
    note = models.TextField(_("keterangan"), blank=True)
    question = models.CharField(_("pertanyaan"), max_length=300, blank=True)
    next_number = models.PositiveIntegerField(null=True, blank=True)
    yes_number = models.PositiveIntegerField(null=True, blank=True)
    no_number = models.PositiveIntegerField(null=True, blank=True)

    objects = scoped("version__sop__organization")

    class Meta:
        ordering = ["version", "number"]
        constraints = [models.UniqueConstraint(fields=["version", "number"], name="step_number_per_version")]

    def __str__(self):
        return f"{self.number}. {self.text[:60]}"

    @property
    def duration(self):
        return parse_duration(self.duration_text) if self.duration_text else None
