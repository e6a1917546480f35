"""Case, Task, CaseEvent, Attachment, LaneAssignment and Notification.

A case is pinned to the SOP version it started on. Each step that is reached
becomes a task; a task in an office lane is work for staff, a task in the
applicant's lane or an outside party's lane is a waiting state that staff
record (or, when the outside party is on the platform, its own staff act on).
Every change is written as a CaseEvent, which is never updated or deleted.
"""

import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from sigap.orgs.models import Organization, Position
from sigap.orgs.scoping import scoped
from sigap.orgs.validators import validate_name
from sigap.privacy import TokenField, decrypt, encrypted_storage
from sigap.sop.models import Sop, SopVersion

_CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
CODE_PATTERN = rf"[{_CODE_ALPHABET}]{{4}}-[{_CODE_ALPHABET}]{{4}}-[{_CODE_ALPHABET}]{{4}}"
# Limits of text typed on a task, kept in text columns: a note or reason, and the missing items of a return.
NOTE_MAX = 2000
MISSING_MAX = 4000
ADDRESS_MAX = 500  # the applicant's address, stored encrypted


def new_public_code() -> str:
    """A random tracking code such as "K7QH-2XPM-94TA" (no 0/O or 1/I to misread)."""
    raw = "".join(secrets.choice(_CODE_ALPHABET) for _ in range(12))
    return f"{raw[:4]}-{raw[4:8]}-{raw[8:]}"


class Case(models.Model):
    class Status(models.TextChoices):
        OFFICE = "proses", _("Diproses petugas")
        APPLICANT = "menunggu_pemohon", _("Menunggu pemohon")
        EXTERNAL = "menunggu_pihak_luar", _("Menunggu pihak luar")
        RETURNED = "berkas_dikembalikan", _("Berkas dikembalikan")
        DONE = "selesai", _("Selesai")

    class Result(models.TextChoices):
        """How a closed case ended, read from the path it took (advance.py): what the SOP gives, or a refusal."""

        GRANTED = "dikabulkan", _("Dikabulkan")
        REFUSED = "ditolak", _("Ditolak")
        ENDED = "berakhir", _("Berakhir")

    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="cases")
    sop = models.ForeignKey(Sop, on_delete=models.PROTECT, related_name="cases")
    version = models.ForeignKey(SopVersion, on_delete=models.PROTECT, related_name="cases")
    code = models.CharField(_("kode lacak"), max_length=14, unique=True, default=new_public_code)
    status = models.CharField(_("status"), max_length=30, choices=Status.choices, default=Status.OFFICE)
    applicant_name = models.CharField(_("nama pemohon"), max_length=200, validators=[validate_name])
    nik_encrypted = TokenField(editable=False)
    nik_hash = models.CharField(max_length=64, db_index=True, editable=False)
    nik_masked = models.CharField(_("NIK"), max_length=16, editable=False)
    phone_encrypted = TokenField(blank=True, editable=False)
    address_encrypted = TokenField(blank=True, editable=False)
    requirements = models.JSONField(_("kelengkapan"), default=list, help_text="[{item, ada}]")
    current_step = models.PositiveIntegerField(null=True, blank=True)
    result = models.CharField(_("akhir"), max_length=20, choices=Result.choices, blank=True)
    outcome = models.CharField(_("hasil"), max_length=300, blank=True, help_text="short: the output, or the refusal")
    opened_at = models.DateTimeField(_("diterima"))
    opened_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    expected_at = models.DateTimeField(_("perkiraan selesai"), null=True, blank=True)
    closed_at = models.DateTimeField(_("selesai"), null=True, blank=True)

    objects = scoped("organization")

    class Meta:
        ordering = ["-opened_at"]
        indexes = [models.Index(fields=["organization", "status", "opened_at"], name="case_org_status")]
        verbose_name = _("permohonan")
        verbose_name_plural = _("permohonan")

    def __str__(self):
        return self.code

    @property
    def phone(self) -> str:
        return decrypt(self.phone_encrypted)

    @property
    def address(self) -> str:
        return decrypt(self.address_encrypted)

    @property
    def nik(self) -> str:
        return decrypt(self.nik_encrypted)

    @property
    def is_open(self) -> bool:
        return self.status != self.Status.DONE

    @property
    def is_done(self) -> bool:
        return self.status == self.Status.DONE


class Task(models.Model):
    class Kind(models.TextChoices):
        OFFICE = "kantor", _("Petugas")
        APPLICANT = "pemohon", _("Pemohon")
        EXTERNAL = "luar", _("Pihak luar")

    class State(models.TextChoices):
        OPEN = "terbuka", _("Belum diambil")
        CLAIMED = "diambil", _("Sedang dikerjakan")
        DONE = "selesai", _("Selesai")
        CANCELLED = "batal", _("Dibatalkan")

    ACTIVE = (State.OPEN, State.CLAIMED)

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="tasks")
    sop = models.ForeignKey(
        Sop, on_delete=models.PROTECT, related_name="+", db_index=False, help_text="the case's SOP, for the inbox index"
    )
    # The organization whose staff act on the task: the case's, or the outside
    # organization's when a lane is handed over to one on the platform.
    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="tasks")
    step_number = models.PositiveIntegerField()
    lane_code = models.SlugField(db_index=False)
    kind = models.CharField(max_length=10, choices=Kind.choices)
    state = models.CharField(max_length=10, choices=State.choices, default=State.OPEN)
    purpose = models.TextField(blank=True, help_text="why a waiting task exists, e.g. the missing items, every one")
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="tasks"
    )
    started_at = models.DateTimeField()
    due_target = models.DateTimeField(null=True, blank=True)
    due_limit = models.DateTimeField(null=True, blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+", db_index=False
    )
    decision = models.BooleanField(null=True, blank=True)
    note = models.TextField(blank=True)
    overdue_at = models.DateTimeField(null=True, blank=True)
    escalated_at = models.DateTimeField(null=True, blank=True)

    objects = scoped("organization")

    class Meta:
        ordering = ["due_limit"]
        # Only active tasks are ever looked up by due time, and they stay a small share of
        # all tasks as history grows: partial indexes keep the inbox and the sweep fast and
        # stable at millions of rows (see bench/cases.py).
        indexes = [
            models.Index(
                fields=["organization", "due_limit", "started_at"],
                name="task_active_due",
                condition=models.Q(state__in=["terbuka", "diambil"]),
            ),
            models.Index(
                fields=["organization", "sop", "lane_code", "due_limit"],
                name="task_inbox",
                condition=models.Q(state__in=["terbuka", "diambil"]),
            ),
            models.Index(
                fields=["assignee", "due_limit"],
                name="task_assignee",
                condition=models.Q(state__in=["terbuka", "diambil"]),
            ),
            models.Index(
                fields=["due_limit"],
                name="task_sweep",
                condition=models.Q(state__in=["terbuka", "diambil"], overdue_at__isnull=True, kind="kantor"),
            ),
        ]

    def __str__(self):
        return f"{self.case.code} langkah {self.step_number}"

    @property
    def is_active(self) -> bool:
        return self.state in self.ACTIVE

    @property
    def is_office(self) -> bool:
        return self.kind == self.Kind.OFFICE


class CaseEvent(models.Model):
    """One line of a case's history. Append-only."""

    class Kind(models.TextChoices):
        OPENED = "dibuka", _("Permohonan diterima")
        CLAIMED = "diambil", _("Tugas diambil")
        RELEASED = "dilepas", _("Tugas dilepas")
        REASSIGNED = "dialihkan", _("Tugas dialihkan")
        COMPLETED = "diselesaikan", _("Langkah diselesaikan")
        RECORDED = "dicatat", _("Tindakan pihak luar dicatat")
        RECORDED_APPLICANT = "dicatat_pemohon", _("Tindakan pemohon dicatat")
        RETURNED = "dikembalikan", _("Berkas dikembalikan")
        RESUMED = "dilanjutkan", _("Pemohon kembali, permohonan dilanjutkan")
        SENT_BACK = "dikirim_balik", _("Dikembalikan ke langkah sebelumnya")
        HANDED_OVER = "diserahkan", _("Diserahkan ke instansi lain")
        OVERDUE = "terlambat", _("Melewati batas waktu")
        CLOSED = "ditutup", _("Permohonan selesai")
        CORRECTED = "dikoreksi", _("Data permohonan dikoreksi")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="events")
    task = models.ForeignKey(Task, on_delete=models.CASCADE, null=True, blank=True, related_name="events")
    at = models.DateTimeField()
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    step_number = models.PositiveIntegerField(null=True, blank=True)
    lane_code = models.CharField(max_length=50, blank=True)
    decision = models.BooleanField(null=True, blank=True)
    note = models.TextField(blank=True)
    data = models.JSONField(default=dict, blank=True)

    objects = scoped("case__organization")

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.kind} {self.at}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValueError("CaseEvent is append-only")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError("CaseEvent is append-only")


class Attachment(models.Model):
    """A document uploaded for a case: a requirement item or a note on a step."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="attachments")
    event = models.ForeignKey(CaseEvent, on_delete=models.SET_NULL, null=True, blank=True, related_name="attachments")
    requirement = models.CharField(max_length=300, blank=True)
    file = models.FileField(upload_to="berkas/%Y/%m/", storage=encrypted_storage)  # KTP, KK...: encrypted at rest
    original_name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=50)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_at = models.DateTimeField(auto_now_add=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    objects = scoped("case__organization")

    def __str__(self):
        return self.original_name


class LaneAssignment(models.Model):
    """An organization administrator's choice of which positions work a lane of an SOP.

    Without one, a lane is worked by the positions its SOP file names, or by every
    position of the unit it names.
    """

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="lane_assignments")
    sop = models.ForeignKey(Sop, on_delete=models.CASCADE, related_name="lane_assignments")
    lane_code = models.SlugField()
    positions = models.ManyToManyField(Position, related_name="lane_assignments")

    objects = scoped("organization")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["sop", "lane_code"], name="lane_assignment_unique")]

    def __str__(self):
        return self.lane_code


class Notification(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    task = models.ForeignKey(Task, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    message = models.CharField(max_length=300)
    created_at = models.DateTimeField()
    read_at = models.DateTimeField(null=True, blank=True)

    objects = scoped("organization")

    class Meta:
        ordering = ["-created_at"]
        constraints = [models.UniqueConstraint(fields=["user", "task"], name="one_notification_per_task_user")]

    def __str__(self):
        return self.message
