"""Forms of the case pages: they check input shape; the services hold the rules."""

from collections.abc import Sequence
from typing import cast

from django import forms
from django.utils.translation import gettext_lazy as _

from sigap.orgs.validators import validate_name

from .models import NOTE_MAX, Case
from .nik import NikError, parse_nik
from .phone import PhoneError, normalize_phone


class PhoneField(forms.CharField):
    """An optional Indonesian phone number, normalized: digits with an optional leading + (phone.py)."""

    def clean(self, value):
        try:
            return normalize_phone(super().clean(value))
        except PhoneError as exc:
            raise forms.ValidationError(str(exc)) from exc


class NikField(forms.CharField):
    """A NIK checked as nik.parse_nik checks it (16 digits, a real region and birth date); empty only if optional."""

    def clean(self, value):
        value = super().clean(value)
        if not value:
            return ""
        try:
            return parse_nik(value).value
        except NikError as exc:
            raise forms.ValidationError(str(exc)) from exc


class CaseOpenForm(forms.Form):
    applicant_name = forms.CharField(label=_("Nama pemohon"), max_length=200, validators=[validate_name])
    nik = NikField(label=_("NIK"), max_length=20, help_text=_("16 angka sesuai KTP/KK"))
    phone = PhoneField(label=_("Nomor telepon/WA"), max_length=30, required=False)
    address = forms.CharField(
        label=_("Alamat"), max_length=500, widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    note = forms.CharField(
        label=_("Catatan"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    # The tracking code the case will get: the same form sent twice finds the case it made (opening.case_open).
    token = forms.CharField(widget=forms.HiddenInput, max_length=14, required=False)
    confirm_duplicate = forms.BooleanField(
        label=_("Saya sudah memeriksa permohonan yang masih berjalan; tetap buka permohonan baru"), required=False
    )

    def __init__(self, *args, requirements: Sequence[str] = (), **kwargs):
        super().__init__(*args, **kwargs)
        self.requirement_items = list(requirements)
        for index, item in enumerate(self.requirement_items):
            self.fields[f"req_{index}"] = forms.BooleanField(label=item, required=False)
            self.fields[f"file_{index}"] = forms.FileField(
                label=_("Unggah %(item)s") % {"item": item}, required=False, allow_empty_file=True
            )

    def main_fields(self):
        return [self[name] for name in ("applicant_name", "nik", "phone", "address", "note")]

    def requirement_rows(self):
        return [(self[f"req_{i}"], self[f"file_{i}"]) for i in range(len(self.requirement_items))]


class CaseSearchForm(forms.Form):
    q = forms.CharField(label=_("Cari"), max_length=200, required=False)
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[("", _("Semua status")), *Case.Status.choices],
        required=False,
        error_messages={"invalid_choice": _("Status tidak dikenal.")},  # Django's message repeats the raw value
    )
    result = forms.ChoiceField(
        label=_("Hasil"),
        choices=[("", _("Semua hasil")), *Case.Result.choices],
        required=False,
        error_messages={"invalid_choice": _("Hasil tidak dikenal.")},
    )


class ChecklistField(forms.Field):
    """Ticked items of a checklist the page offers (the SOP's requirements); each is checked as text."""

    widget = forms.CheckboxSelectMultiple

    def to_python(self, value) -> list[str]:
        return [str(item).strip() for item in value or [] if str(item).strip()]

    def validate(self, value) -> None:
        super().validate(value)
        for item in value:
            forms.CharField(max_length=300).clean(item)  # no NUL, not over-long


class CompleteForm(forms.Form):
    decision = forms.TypedChoiceField(
        label=_("Keputusan"),
        required=False,
        choices=[("ya", _("Ya")), ("tidak", _("Tidak"))],
        coerce=lambda v: v == "ya",
        empty_value=None,
    )
    note = forms.CharField(
        label=_("Catatan"), widget=forms.Textarea(attrs={"rows": 2}), required=False, max_length=NOTE_MAX
    )
    # On a resume: the missing items the applicant brought (corrections.resume_items offers them).
    diterima = ChecklistField(label=_("Kelengkapan yang dibawa"), required=False)
    # A step that signs a letter asks for a code of the signer's second factor in this same form.
    kode_otp = forms.CharField(label=_("Kode autentikator"), required=False, max_length=64)


class ReturnForm(forms.Form):
    """Berkas dikembalikan: the missing items ticked from the SOP's requirements, and any others typed."""

    kurang = ChecklistField(label=_("Kelengkapan yang kurang"), required=False)
    missing = forms.CharField(
        label=_("Kelengkapan lain yang kurang (satu per baris)"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        max_length=2000,
    )
    note = forms.CharField(
        label=_("Catatan"), widget=forms.Textarea(attrs={"rows": 2}), required=False, max_length=NOTE_MAX
    )

    def missing_items(self) -> list[str]:
        typed = [line.strip() for line in self.cleaned_data["missing"].splitlines() if line.strip()]
        return [*self.cleaned_data["kurang"], *typed]


class ReassignForm(forms.Form):
    user = forms.TypedChoiceField(label=_("Alihkan kepada"), coerce=int)

    def __init__(self, *args, candidates=(), **kwargs):
        super().__init__(*args, **kwargs)
        field = cast(forms.TypedChoiceField, self.fields["user"])
        field.choices = [(u.pk, u.get_full_name() or u.username) for u in candidates]


class ApplicantCorrectionForm(forms.Form):
    applicant_name = forms.CharField(label=_("Nama pemohon"), max_length=200, validators=[validate_name])
    # Never filled in with the stored NIK: what is shown on screen is masked. Empty keeps it.
    nik = NikField(label=_("NIK baru"), max_length=20, required=False, help_text=_("Kosongkan bila NIK tidak berubah."))
    phone = PhoneField(label=_("Nomor telepon/WA"), max_length=30, required=False)
    address = forms.CharField(
        label=_("Alamat"), max_length=500, widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    reason = forms.CharField(
        label=_("Alasan koreksi"), max_length=500, error_messages={"required": _("Alasan koreksi wajib diisi.")}
    )


class RequirementsForm(forms.Form):
    reason = forms.CharField(label=_("Catatan"), max_length=500, required=False)

    def __init__(self, *args, checklist: dict[str, bool], **kwargs):
        super().__init__(*args, **kwargs)
        self.requirement_items = list(checklist)
        for index, (item, present) in enumerate(checklist.items()):
            self.fields[f"req_{index}"] = forms.BooleanField(label=item, required=False, initial=present)
            self.fields[f"file_{index}"] = forms.FileField(
                label=_("Unggah %(item)s") % {"item": item}, required=False, allow_empty_file=True
            )

    def requirement_rows(self):
        return [(self[f"req_{i}"], self[f"file_{i}"]) for i in range(len(self.requirement_items))]
