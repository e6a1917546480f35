"""Pengaturan › Hari libur: an administrator adds and removes local closure days; national holidays are shown.

Listed in the organization's settings menu from `WorktimeConfig.ready()` (sigap.orgs.settings_menu).
"""

import datetime

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sigap.orgs.tenancy import Audience, page

from .calendar import WorkCalendar, national_holidays
from .models import Closure
from .services import CalendarError, closure_add, closure_remove


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
        "worktime/settings_closures.html",
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
