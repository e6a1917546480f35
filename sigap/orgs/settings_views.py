"""Pengaturan: the settings menu's front door and the staff page an organization administrator manages.

The other settings pages belong to the apps whose data they edit (lane mapping in
sigap.cases, closures in sigap.worktime, letter templates in sigap.letters); each
registers its entry in sigap.orgs.settings_menu.
"""

from typing import cast

from django import forms
from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from .models import Membership, Position
from .services import StaffError, membership_set_active, staff_add
from .settings_menu import menu
from .tenancy import Audience, page


class StaffForm(forms.Form):
    username = forms.SlugField(label=gettext_lazy("Nama pengguna"), max_length=150)
    full_name = forms.CharField(label=gettext_lazy("Nama lengkap"), max_length=150)
    position: "forms.ModelChoiceField[Position]" = forms.ModelChoiceField(label=gettext_lazy("Jabatan"), queryset=None)
    password = forms.CharField(
        label=gettext_lazy("Kata sandi awal"),
        widget=forms.PasswordInput,
        required=False,
        help_text=gettext_lazy("Hanya untuk pengguna baru; paling sedikit 8 karakter."),
    )
    is_admin = forms.BooleanField(label=gettext_lazy("Administrator instansi"), required=False)

    def __init__(self, *args, organization, **kwargs):
        super().__init__(*args, **kwargs)
        field = cast(forms.ModelChoiceField, self.fields["position"])
        field.queryset = organization.positions.all()


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
            staff_add(organization=organization, **form.cleaned_data)
        except StaffError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("%(user)s ditambahkan.") % {"user": form.cleaned_data["username"]})
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
