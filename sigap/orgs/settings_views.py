"""Pengaturan: the settings menu's front door, the staff pages and the signing setting an administrator manages.

The other settings pages belong to the apps whose data they edit (lane mapping in
sigap.cases, closures in sigap.worktime, letter templates in sigap.letters); each
registers its entry in sigap.orgs.settings_menu.
"""

from typing import cast

from django import forms
from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from .models import Membership, Position
from .services import (
    StaffError,
    membership_identity_set,
    membership_set_active,
    nip_normalize,
    organization_signing_set,
    rank_normalize,
    staff_add,
)
from .settings_menu import menu
from .tenancy import Audience, page
from .validators import validate_name


class StaffForm(forms.Form):
    username = forms.SlugField(label=gettext_lazy("Nama pengguna"), max_length=150)
    full_name = forms.CharField(label=gettext_lazy("Nama lengkap"), max_length=150, validators=[validate_name])
    position: "forms.ModelChoiceField[Position]" = forms.ModelChoiceField(label=gettext_lazy("Jabatan"), queryset=None)
    password = forms.CharField(
        label=gettext_lazy("Kata sandi awal"),
        widget=forms.PasswordInput,
        required=False,
        help_text=gettext_lazy(
            "Hanya untuk pengguna baru; paling sedikit 8 karakter. Kosongkan untuk mengirim undangan ke e-mail."
        ),
    )
    email = forms.EmailField(
        label=gettext_lazy("E-mail"),
        required=False,
        help_text=gettext_lazy("Pengguna baru tanpa kata sandi awal menerima tautan untuk membuat kata sandinya."),
    )
    is_admin = forms.BooleanField(label=gettext_lazy("Administrator instansi"), required=False)

    def __init__(self, *args, organization, **kwargs):
        super().__init__(*args, **kwargs)
        field = cast(forms.ModelChoiceField, self.fields["position"])
        field.queryset = organization.positions.all()


class IdentityForm(forms.Form):
    """The NIP and pangkat/golongan under a signature; the rules are the service's (normalizers in services.py)."""

    nip = forms.CharField(
        label=gettext_lazy("NIP"),
        max_length=64,
        required=False,
        help_text=gettext_lazy("18 angka, misalnya 19800101 200501 1 003; kosongkan bila bukan ASN."),
    )
    rank = forms.CharField(
        label=gettext_lazy("Pangkat/golongan"),
        max_length=200,
        required=False,
        help_text=gettext_lazy("Misalnya Pembina Tk. I (IV/b)."),
    )

    def _normalized(self, name, normalize):
        try:
            return normalize(self.cleaned_data[name])
        except StaffError as exc:
            raise forms.ValidationError(str(exc)) from None

    def clean_nip(self):
        return self._normalized("nip", nip_normalize)

    def clean_rank(self):
        return self._normalized("rank", rank_normalize)


class SigningForm(forms.Form):
    signs_on_behalf = forms.BooleanField(
        label=gettext_lazy("Kepala bidang boleh menandatangani surat atas nama (a.n.) kepala dinas"),
        required=False,
        widget=forms.CheckboxInput(attrs={"class": "form-check-input"}),
    )


@page(Audience.ADMINISTRATOR)
def index(request, organization):
    """/<org>/pengaturan/ opens the first page of the settings menu the user may see."""
    entries = menu(request.user, organization)
    if not entries:
        raise Http404
    return redirect(entries[0]["url"])


@page(Audience.ADMINISTRATOR)
def staff(request, organization):
    form = StaffForm(request.POST or None, organization=organization)
    if request.method == "POST" and form.is_valid():
        try:
            membership, invited = staff_add(organization=organization, **form.cleaned_data)
        except StaffError as exc:
            form.add_error(None, str(exc))
        else:
            added = {"user": form.cleaned_data["username"], "email": membership.user.email}
            if invited:
                messages.success(request, _("%(user)s ditambahkan; undangan dikirim ke %(email)s.") % added)
            else:
                messages.success(request, _("%(user)s ditambahkan.") % added)
            return redirect("settings:staff", organization.slug)
    memberships = Membership.objects.filter(organization=organization).select_related(
        "user", "position", "position__unit"
    )
    return render(
        request,
        "orgs/settings_staff.html",
        {
            "organization": organization,
            "form": form,
            "memberships": memberships.order_by("-is_active", "position__order"),
        },
    )


@page(Audience.ADMINISTRATOR)
@require_POST
def staff_toggle(request, organization, membership_id):
    try:
        membership = membership_set_active(
            organization=organization,
            membership_id=membership_id,
            active=request.POST.get("aktif") == "1",
            by=request.user,
        )
    except Membership.DoesNotExist:
        raise Http404 from None
    except StaffError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Status %(user)s diperbarui.") % {"user": membership.user.username})
    return redirect("settings:staff", organization.slug)


@page(Audience.ADMINISTRATOR)
def staff_identity(request, organization, membership_id):
    """/<org>/pengaturan/staf/<id>/identitas/: the NIP and pangkat/golongan printed under a member's signature."""
    membership: Membership = get_object_or_404(
        Membership.objects.select_related("user", "position"), pk=membership_id, organization=organization
    )
    form = IdentityForm(request.POST or None, initial={"nip": membership.nip, "rank": membership.rank})
    if request.method == "POST" and form.is_valid():
        try:
            membership_identity_set(organization=organization, membership_id=membership.pk, **form.cleaned_data)
        except StaffError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("NIP dan pangkat %(user)s disimpan.") % {"user": membership.user.username})
            return redirect("settings:staff", organization.slug)
    return render(
        request,
        "orgs/settings_staff_identity.html",
        {"organization": organization, "membership": membership, "form": form},
    )


@page(Audience.ADMINISTRATOR)
def signing(request, organization):
    """/<org>/pengaturan/penandatanganan/: whether heads of unit sign "a.n." the head of office."""
    # An unticked box sends nothing: the form is bound on every POST, not only a non-empty one.
    data = request.POST if request.method == "POST" else None
    form = SigningForm(data, initial={"signs_on_behalf": organization.signs_on_behalf})
    if request.method == "POST" and form.is_valid():
        organization_signing_set(organization=organization, signs_on_behalf=form.cleaned_data["signs_on_behalf"])
        messages.success(request, _("Pengaturan penandatanganan disimpan."))
        return redirect("settings:signing", organization.slug)
    return render(request, "orgs/settings_signing.html", {"organization": organization, "form": form})
