"""Organization, Unit and Position: who the office is and who holds which post."""

import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _

from . import letterhead
from .scoping import scoped
from .validators import validate_name


class Organization(models.Model):
    class Level(models.TextChoices):
        KABUPATEN = "kabupaten", _("Kabupaten")
        KOTA = "kota", _("Kota")
        PROVINSI = "provinsi", _("Provinsi")

    slug = models.SlugField(_("kode"), unique=True)
    name = models.CharField(_("nama"), max_length=200, validators=[validate_name])
    government = models.CharField(_("pemerintah"), max_length=200, help_text=_("baris pertama kop surat"))
    level = models.CharField(_("tingkat"), max_length=20, choices=Level.choices)
    region_code = models.CharField(_("kode wilayah"), max_length=5, blank=True, help_text="35.20")
    address = models.CharField(_("alamat"), max_length=300, blank=True)
    postal_code = models.CharField(_("kode pos"), max_length=10, blank=True)
    city = models.CharField(_("kota"), max_length=100, blank=True, help_text=_("tempat penetapan"))
    phone = models.CharField(_("telepon"), max_length=50, blank=True)
    fax = models.CharField(_("faks"), max_length=50, blank=True)
    email = models.EmailField(_("email"), blank=True)
    website = models.CharField(_("laman"), max_length=200, blank=True)
    logo = models.ImageField(_("logo kop surat"), upload_to="logo/", blank=True)
    signs_on_behalf = models.BooleanField(
        _("penandatanganan a.n."),
        default=False,
        help_text=_("kepala bidang boleh menandatangani surat atas nama (a.n.) kepala dinas"),
    )
    content_hash = models.CharField(max_length=64, blank=True, editable=False)
    # Renewed on every change to the organization's settings (calendar, lanes, letter templates); see config.py.
    config_stamp = models.UUIDField(default=uuid.uuid4, editable=False)

    class Meta:
        ordering = ["name"]
        verbose_name = _("instansi")
        verbose_name_plural = _("instansi")

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        # A form holding the row since before a settings change must not write the old stamp back:
        # only config.changed() sets it on an existing row.
        if not self._state.adding and kwargs.get("update_fields") is None:
            kwargs["update_fields"] = [
                f.name for f in self._meta.concrete_fields if not f.primary_key and f.name != "config_stamp"
            ]
        super().save(*args, **kwargs)

    @property
    def letterhead_name(self) -> str:
        """The second line of the letterhead: "Dinas Sosial" under "Pemerintah Kabupaten Magetan"."""
        return letterhead.letterhead_name(self.name, self.government)


class Unit(models.Model):
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="units")
    code = models.SlugField(_("kode"))
    name = models.CharField(_("nama"), max_length=200, validators=[validate_name])
    short_name = models.CharField(_("singkatan"), max_length=100, blank=True, validators=[validate_name])
    order = models.PositiveIntegerField(_("urutan"), default=0)

    objects = scoped("organization")

    class Meta:
        ordering = ["organization", "order", "name"]
        constraints = [models.UniqueConstraint(fields=["organization", "code"], name="unit_code_per_org")]
        verbose_name = _("bidang")
        verbose_name_plural = _("bidang")

    def __str__(self):
        return self.name


class Position(models.Model):
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="positions")
    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, null=True, blank=True, related_name="positions")
    code = models.SlugField(_("kode"))
    title = models.CharField(_("jabatan"), max_length=200)
    is_head_of_office = models.BooleanField(_("kepala dinas"), default=False)
    is_head_of_unit = models.BooleanField(_("kepala bidang"), default=False)
    official_name = models.CharField(_("nama pejabat"), max_length=200, blank=True, validators=[validate_name])
    official_rank = models.CharField(_("pangkat"), max_length=100, blank=True)
    official_nip = models.CharField(_("NIP"), max_length=30, blank=True)
    order = models.PositiveIntegerField(_("urutan"), default=0)

    objects = scoped("organization")

    class Meta:
        ordering = ["organization", "order", "title"]
        constraints = [models.UniqueConstraint(fields=["organization", "code"], name="position_code_per_org")]
        verbose_name = _("jabatan")
        verbose_name_plural = _("jabatan")

    def __str__(self):
        return self.title


class Membership(models.Model):
    """A staff member's place in an organization: one position, maybe administrator."""

    user = models.ForeignKey("auth.User", on_delete=models.CASCADE, related_name="memberships")
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="memberships")
    position = models.ForeignKey(Position, on_delete=models.PROTECT, related_name="memberships")
    is_admin = models.BooleanField(_("administrator instansi"), default=False)
    is_active = models.BooleanField(_("aktif"), default=True)
    # The person's own civil-service identity, printed under their signature; a position's
    # official_* fields (from its SOP file) are used where these are empty.
    nip = models.CharField(_("NIP"), max_length=30, blank=True)
    rank = models.CharField(_("pangkat/golongan"), max_length=100, blank=True, help_text="Pembina Tk. I (IV/b)")

    objects = scoped("organization")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "organization", "position"], name="membership_unique"),
        ]
        verbose_name = _("keanggotaan")
        verbose_name_plural = _("keanggotaan")

    def __str__(self):
        return f"{self.user} · {self.position}"


from .access_log import AccessRecord  # noqa: E402,F401  (the access log's model lives with its functions)
