"""Which positions work an office lane of an SOP: the administrator's choice."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from sigap.orgs.models import Organization
from sigap.sop.models import Lane, Sop

from .errors import CaseError
from .models import LaneAssignment


def lane_assignment_set(*, organization: Organization, sop: Sop, lane_code: str, position_ids: list[int]):
    """Choose which positions work an office lane of an SOP (an empty choice restores the SOP file's mapping)."""
    if sop.organization_id != organization.pk:
        raise CaseError(_("SOP ini bukan milik instansi ini"))
    if not Lane.objects.filter(version_id=sop.current_version_id, kind=Lane.Kind.INTERNAL, code=lane_code).exists():
        raise CaseError(_("Pelaksana ini tidak ada dalam SOP ini."))
    positions = list(organization.positions.filter(pk__in=position_ids))
    with transaction.atomic():
        if not positions:
            LaneAssignment.objects.filter(sop=sop, lane_code=lane_code).delete()
            return None
        assignment, _created = LaneAssignment.objects.get_or_create(
            organization=organization, sop=sop, lane_code=lane_code
        )
        assignment.positions.set(positions)
        return assignment
