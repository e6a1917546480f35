"""Pengaturan: an organization administrator manages staff, lane mapping and local closures in the app."""

import datetime
from typing import cast

from django import forms
from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from sigap.cases import permissions
from sigap.cases.models import LaneAssignment
from sigap.cases.services import CaseError, lane_assignment_set
from sigap.sop.models import Lane, Sop, SopVersion
from sigap.worktime.calendar import WorkCalendar, national_holidays
from sigap.worktime.models import Closure
from sigap.worktime.services import CalendarError, closure_add, closure_remove

from .models import Membership, Position
from .services import StaffError, membership_set_active, staff_add
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


@page(Audience.ADMINISTRATOR)
def lanes(request, organization):
    sops = Sop.objects.filter(organization=organization, current_version__isnull=False).select_related(
        "current_version"
    )
    if request.method == "POST":
        sop: Sop = get_object_or_404(sops, code=request.POST.get("sop"))
        lane_code = request.POST.get("lane", "")
        try:
            lane_assignment_set(
                organization=organization,
                sop=sop,
                lane_code=lane_code,
                position_ids=[int(p) for p in request.POST.getlist("positions") if p.isdigit()],
            )
        except CaseError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("Pemetaan pelaksana disimpan."))
        return redirect("settings:lanes", organization.slug)
    rows = []
    positions = list(organization.positions.all())
    assignments = {(a.sop_id, a.lane_code): a for a in LaneAssignment.objects.filter(organization=organization)}
    for sop in sops:
        for lane in cast(SopVersion, sop.current_version).lanes.filter(kind=Lane.Kind.INTERNAL):
            chosen = permissions.lane_positions(organization=organization, sop_id=sop.pk, lane=lane)
            rows.append(
                {
                    "sop": sop,
                    "lane": lane,
                    "chosen": chosen,
                    "custom": (sop.pk, lane.code) in assignments,
                    "chosen_titles": [p.title for p in positions if p.pk in chosen],
                }
            )
    return render(
        request, "orgs/settings_lanes.html", {"organization": organization, "rows": rows, "positions": positions}
    )


@page(Audience.ADMINISTRATOR)
def closures(request, organization):
    if request.method == "POST":
        try:
            day = datetime.date.fromisoformat(request.POST.get("date", ""))
            closure_add(organization=organization, date=day, name=request.POST.get("name", ""))
        except ValueError:
            messages.error(request, _("Tanggal tidak sah."))
        except CalendarError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("Hari libur lokal ditambahkan."))
        return redirect("settings:closures", organization.slug)
    year = datetime.date.today().year
    calendar = WorkCalendar.for_organization(organization)
    national = [(d, calendar.closed_reason(d)) for d in sorted(national_holidays(year))]
    return render(
        request,
        "orgs/settings_closures.html",
        {
            "organization": organization,
            "closures": Closure.objects.filter(organization=organization).order_by("date"),
            "national": national,
            "year": year,
        },
    )


@page(Audience.ADMINISTRATOR)
@require_POST
def closure_delete(request, organization, closure_id):
    try:
        closure_remove(organization=organization, closure_id=closure_id)
    except Closure.DoesNotExist:
        raise Http404 from None
    messages.success(request, _("Hari libur lokal dihapus."))
    return redirect("settings:closures", organization.slug)
