"""Reads of the SOP library for pages and commands; each takes the organization (or an immutable version)."""

from functools import lru_cache

from django.db.models import F, Q, QuerySet

from sigap.orgs.models import Organization
from sigap.orgs.tenancy import unscoped

from .models import Decree, Lane, Sop, SopVersion, Step


def sop_list(*, organization: Organization, query: str = "") -> QuerySet[Sop]:
    sops = Sop.objects.filter(organization=organization).select_related("unit", "current_version")
    if query:
        sops = sops.filter(Q(title__icontains=query) | Q(current_version__name__icontains=query))
    return sops.order_by("unit__order", "order", "letter")


def sop_get(*, organization: Organization, code: str) -> Sop:
    return Sop.objects.select_related("unit", "current_version", "decree").get(organization=organization, code=code)


def sop_current_versions(*, organization: Organization) -> list[SopVersion]:
    return list(
        SopVersion.objects.filter(sop__organization=organization, sop__current_version=F("pk"))
        .select_related("sop")
        .order_by("sop__unit__order", "sop__order")
    )


def sop_version_get(*, organization: Organization, code: str, revision: int) -> SopVersion:
    return (
        SopVersion.objects.select_related("sop", "sop__organization", "sop__unit")
        .prefetch_related("lanes", "steps__lane")
        .get(sop__organization=organization, sop__code=code, revision=revision)
    )


def sop_versions(*, organization: Organization, code: str) -> list[SopVersion]:
    """Every version of an SOP, newest first."""
    return list(
        SopVersion.objects.filter(sop__organization=organization, sop__code=code)
        .select_related("sop")
        .order_by("-revision")
    )


def decree_list(*, organization: Organization) -> QuerySet[Decree]:
    return Decree.objects.filter(organization=organization).order_by("-date")


@lru_cache(maxsize=256)
def version_steps(version_id: int) -> dict[int, Step]:
    """A version's steps by number, with their lanes. Versions never change, so this is kept in memory.

    Read unscoped: the id always comes from a row found in scope (a case, an SOP), and what is
    remembered must not depend on the scope that first asked (docs/architecture.md, "Tenancy")."""
    with unscoped():
        return {step.number: step for step in Step.objects.filter(version_id=version_id).select_related("lane")}


@lru_cache(maxsize=256)
def version_lanes(version_id: int) -> dict[str, Lane]:
    """A version's lanes by code (immutable, kept in memory; read unscoped as `version_steps`)."""
    with unscoped():
        return {lane.code: lane for lane in Lane.objects.filter(version_id=version_id)}
