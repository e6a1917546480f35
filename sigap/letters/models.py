"""LetterTemplate, NumberFormat, LetterSequence and Letter.

A template says which SOP step signs which output, which position signs it, and
holds the letter's body with placeholders. A letter is a draft until the signing step approves it: then
it gets its number from the locked per-organization sequence and its content is
fixed (numbered, awaiting its signature); once rendered and signed, its PDF and
SHA-256 are stored and it is valid. A numbered letter whose signing failed keeps
its number and is signed again, or is voided with a reason: it stays in the
register either way. A signed letter never changes; a correction is a new letter
that revokes the old one.
"""

import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from sigap.cases.models import Case
from sigap.orgs.models import Organization, Position
from sigap.orgs.scoping import scoped
from sigap.privacy import EncryptedTextField, encrypted_storage
from sigap.sop.models import Sop


def new_verification_code() -> str:
    return secrets.token_urlsafe(12)


class NumberFormat(models.Model):
    """How an organization numbers the letters of one classification, e.g. "{klasifikasi}/{nomor}/403.107/{tahun}"."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="number_formats")
    classification = models.CharField(_("klasifikasi"), max_length=30)
    pattern = models.CharField(_("format nomor"), max_length=100)

    objects = scoped("organization")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["organization", "classification"], name="number_format_unique")]

    def __str__(self):
        return self.pattern


class LetterSequence(models.Model):
    """The last number given per organization, classification and year; locked while a letter is signed."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    classification = models.CharField(max_length=30)
    year = models.PositiveIntegerField()
    last_number = models.PositiveIntegerField(default=0)

    objects = scoped("organization")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["organization", "classification", "year"], name="sequence_unique")
        ]

    def __str__(self):
        return f"{self.classification}/{self.year}: {self.last_number}"


class LetterTemplate(models.Model):
    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="letter_templates", help_text="the issuing organization"
    )
    code = models.SlugField(_("kode"))
    name = models.CharField(_("jenis surat"), max_length=200)
    sop = models.ForeignKey(Sop, on_delete=models.CASCADE, related_name="letter_templates")
    sign_step = models.PositiveIntegerField(_("langkah penandatanganan"))
    prepare_step = models.PositiveIntegerField(_("langkah penyiapan"), help_text="where a rejected draft goes back")
    classification = models.CharField(_("klasifikasi"), max_length=30)
    title = models.CharField(_("judul surat"), max_length=200)
    body = models.TextField(_("isi surat"))
    signer_position = models.ForeignKey(
        Position,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("jabatan penandatangan"),
        help_text="the position that signs; empty: the head of office",
    )
    to_other_agency = models.BooleanField(
        _("ditujukan ke instansi lain"),
        default=False,
        help_text="addressed to an agency that needs the full NIK ({{ nik }}), printed only in the signed PDF",
    )
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = scoped("organization")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["organization", "code"], name="letter_template_unique")]
        ordering = ["organization", "name"]

    def __str__(self):
        return self.name


class Letter(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draf", _("Draf")
        REJECTED = "ditolak", _("Draf ditolak")
        NUMBERED = "bernomor", _("Bernomor, menunggu tanda tangan")
        FAILED = "gagal", _("Gagal ditandatangani")
        VALID = "sah", _("Sah")
        REVOKED = "dicabut", _("Dicabut")
        VOID = "batal", pgettext_lazy("status surat", "Batal")

    # Numbered but not (yet) signed: signed again by the signing step, or voided.
    AWAITING_SIGNATURE = (Status.NUMBERED, Status.FAILED)

    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="letters")
    case = models.ForeignKey(Case, on_delete=models.PROTECT, null=True, blank=True, related_name="letters")
    template = models.ForeignKey(LetterTemplate, on_delete=models.PROTECT, related_name="letters")
    code = models.CharField(max_length=20, unique=True, default=new_verification_code)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    kind = models.CharField(_("jenis surat"), max_length=200)
    classification = models.CharField(max_length=30)
    year = models.PositiveIntegerField(null=True, blank=True)
    sequence = models.PositiveIntegerField(null=True, blank=True)
    number = models.CharField(_("nomor surat"), max_length=100, blank=True)
    # The letter body prints the applicant's name, address (and for another agency the NIK): encrypted at rest.
    html = EncryptedTextField(help_text="the letter body; fixed when signed")
    applicant_initials = models.CharField(max_length=20, blank=True)
    nik_masked = models.CharField(max_length=16, blank=True)
    signer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    signer_name = models.CharField(
        max_length=301, blank=True, help_text="the user's full name: first (150), last (150)"
    )
    signer_nip = models.CharField(max_length=30, blank=True)
    signer_position = models.CharField(max_length=200, blank=True)
    signer_rank = models.CharField(max_length=100, blank=True)
    on_behalf_of = models.CharField(max_length=200, blank=True, help_text='the position signed for ("a.n."), if any')
    signed_at = models.DateTimeField(null=True, blank=True)
    pdf = models.FileField(upload_to="surat/%Y/", blank=True, storage=encrypted_storage)  # encrypted at rest
    sha256 = models.CharField(max_length=64, blank=True)
    replaces = models.OneToOneField("self", on_delete=models.PROTECT, null=True, blank=True, related_name="replaced_by")
    note = models.TextField(
        blank=True, help_text="why a draft was rejected, its signing failed, or a letter was voided or revoked"
    )
    revoked_at = models.DateTimeField(null=True, blank=True, help_text="when it was revoked or voided")
    created_at = models.DateTimeField()

    objects = scoped("organization")

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "classification", "year", "sequence"], name="letter_number_unique"
            ),
        ]
        indexes = [models.Index(fields=["organization", "signed_at"], name="letter_register")]

    def __str__(self):
        return self.number or f"draf {self.kind}"

    @property
    def awaits_signature(self) -> bool:
        return self.status in self.AWAITING_SIGNATURE
