"""What an administrator may change about the working calendar.

The defaults (Perpres 21/2023 hours, national holidays and cuti bersama) are
code in `calendar.py`; these rows are the exceptions: an organization's own
hours for a weekday, and local closure days.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from sigap.orgs.scoping import scoped


class WorkingHours(models.Model):
    """An organization's hours for one weekday, replacing the default; no opening time means closed."""

    class Weekday(models.IntegerChoices):
        SENIN = 0, _("Senin")
        SELASA = 1, _("Selasa")
        RABU = 2, _("Rabu")
        KAMIS = 3, _("Kamis")
        JUMAT = 4, _("Jumat")
        SABTU = 5, _("Sabtu")
        MINGGU = 6, _("Minggu")

    organization = models.ForeignKey(
        "orgs.Organization", on_delete=models.CASCADE, related_name="working_hours", verbose_name=_("instansi")
    )
    weekday = models.PositiveSmallIntegerField(_("hari"), choices=Weekday.choices)
    opens = models.TimeField(
        _("jam buka"), null=True, blank=True, help_text=_("kosongkan bila kantor tutup pada hari ini")
    )
    closes = models.TimeField(_("jam tutup"), null=True, blank=True)
    break_start = models.TimeField(_("mulai istirahat"), null=True, blank=True)
    break_end = models.TimeField(_("selesai istirahat"), null=True, blank=True)

    objects = scoped("organization", shared_when_null=True)

    class Meta:
        ordering = ["organization", "weekday"]
        constraints = [
            models.UniqueConstraint(fields=["organization", "weekday"], name="working_hours_weekday_per_org"),
        ]
        verbose_name = _("jam kerja")
        verbose_name_plural = _("jam kerja")

    def __str__(self):
        day = self.get_weekday_display()
        if self.opens is None:
            return _("%(day)s: tutup") % {"day": day}
        return f"{day}: {self.opens:%H:%M}–{self.closes:%H:%M}"

    def clean(self):
        if self.opens is None:
            if self.closes or self.break_start or self.break_end:
                raise ValidationError(_("Hari tutup tidak memiliki jam tutup atau jam istirahat."))
            return
        if self.closes is None or self.closes <= self.opens:
            raise ValidationError({"closes": _("Jam tutup harus setelah jam buka.")})
        if (self.break_start is None) != (self.break_end is None):
            raise ValidationError(_("Isi mulai dan selesai istirahat, atau kosongkan keduanya."))
        if (
            self.break_start is not None
            and self.break_end is not None
            and not (self.opens < self.break_start < self.break_end < self.closes)
        ):
            raise ValidationError(_("Istirahat harus berada di antara jam buka dan jam tutup."))


class Closure(models.Model):
    """A day the office is closed that the national calendar does not know (e.g. a local event)."""

    organization = models.ForeignKey(
        "orgs.Organization",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="closures",
        verbose_name=_("instansi"),
        help_text=_("kosongkan bila berlaku untuk semua instansi"),
    )
    date = models.DateField(_("tanggal"))
    name = models.CharField(_("keterangan"), max_length=200)
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)

    objects = scoped("organization", shared_when_null=True)

    class Meta:
        ordering = ["date"]
        constraints = [
            models.UniqueConstraint(fields=["organization", "date"], name="closure_date_per_org"),
            # NULLs are distinct in a unique constraint, so the all-organizations rows need their own.
            models.UniqueConstraint(
                fields=["date"], condition=Q(organization__isnull=True), name="closure_date_all_orgs"
            ),
        ]
        verbose_name = _("hari tutup")
        verbose_name_plural = _("hari tutup")

    def __str__(self):
        return f"{self.date:%Y-%m-%d} {self.name}"
