"""Forms for letters: template editing checks placeholders at save time."""

from django import forms
from django.utils.translation import gettext_lazy as _

from . import placeholders, sanitize


class TemplateForm(forms.Form):
    title = forms.CharField(label=_("Judul surat"), max_length=200)
    body = forms.CharField(label=_("Isi surat (HTML dengan placeholder)"), widget=forms.Textarea(attrs={"rows": 18}))

    def __init__(self, *args, to_other_agency: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.to_other_agency = to_other_agency

    def clean_body(self):
        body = sanitize.letter_body(self.cleaned_data["body"])  # what is previewed is what is saved
        try:
            placeholders.check(body, to_other_agency=self.to_other_agency)
        except placeholders.PlaceholderError as exc:
            raise forms.ValidationError(str(exc)) from exc
        return body


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Alasan"), widget=forms.Textarea(attrs={"rows": 2}), max_length=1000)


class VerifyForm(forms.Form):
    file = forms.FileField(label=_("Berkas PDF surat"))

    def clean_file(self):
        """A file that is not a PDF (by its first bytes, not its name) is refused as such, not compared."""
        upload = self.cleaned_data["file"]
        head = upload.read(1024)
        upload.seek(0)
        if b"%PDF-" not in head:
            raise forms.ValidationError(_("Berkas ini bukan PDF. Unggah berkas PDF surat yang Anda terima."))
        return upload


class RegisterFilterForm(forms.Form):
    mulai = forms.DateField(label=_("Dari tanggal"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    sampai = forms.DateField(label=_("Sampai tanggal"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    status = forms.CharField(required=False)
    petugas = forms.IntegerField(required=False, min_value=1, max_value=2**31 - 1)
