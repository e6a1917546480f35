"""Pengaturan › Pemetaan pelaksana: an administrator chooses which positions work each office lane of an SOP.

Listed in the organization's settings menu from `CasesConfig.ready()` (sigap.orgs.settings_menu).
"""

from typing import cast

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from sigap.orgs.tenancy import Audience, page
from sigap.sop.models import Lane, Sop, SopVersion

from . import permissions
from .models import LaneAssignment
from .services import CaseError, lane_assignment_set


@page(Audience.ADMINISTRATOR)
def lanes(request, organization):
    sops = Sop.objects.filter(organization=organization, current_version__isnull=False).select_related(
        "current_version"
    )
    if request.method == "POST":
        sop: Sop = get_object_or_404(sops, code=request.POST.get("sop"))
        try:
            lane_assignment_set(
                organization=organization,
                sop=sop,
                lane_code=request.POST.get("lane", ""),
                position_ids=[_position_id(p) for p in request.POST.getlist("positions")],
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
        request, "cases/settings_lanes.html", {"organization": organization, "rows": rows, "positions": positions}
    )


def _position_id(value: str) -> int:
    """A position's id as the form sends it; anything else is an id no position has (the service refuses it)."""
    return int(value) if value.isascii() and value.isdigit() and len(value) <= 18 else 0
