"""Reads of the SOP library for pages and commands; each takes the organization (or an immutable version)."""

import re
import unicodedata
from functools import lru_cache

from django.db.models import Count, F, QuerySet

from sigap.orgs.models import Organization
from sigap.orgs.tenancy import unscoped

from .models import Decree, Lane, Sop, SopVersion, Step

# Spellings that Indonesian titles mix (the decree's "Reaktifasi", KBBI's "reaktivasi"; "Survey"/"survei"),
# folded to one letter each. Applied to the query and the titles alike, so a fold never loses a match.
_SPELLING_FOLDS = (("ph", "f"), ("v", "f"), ("q", "k"), ("c", "k"), ("x", "ks"), ("y", "i"), ("dj", "j"), ("oe", "u"))


def search_key(text: str) -> str:
    """Text as SOP search compares it: lower case without accents, punctuation and hyphens as spaces,
    common spelling variants folded ("PBI-JKN" and "pbi jkn", "Reaktifasi" and "reaktivasi" are equal)."""
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii").lower()
    text = " ".join(re.sub(r"[^0-9a-z]+", " ", text).split())
    for variant, canonical in _SPELLING_FOLDS:
        text = text.replace(variant, canonical)
    return text


def search_matches(query: str, *texts: str) -> bool:
    """Every word of the query occurs in one of the texts (in any order), or the query with its spaces
    dropped occurs in a text with its spaces dropped ("pbijkn")."""
    words = search_key(query).split()
    keys = [search_key(text) for text in texts if text]
    if not words:
        return True
    if all(any(word in key for key in keys) for word in words):
        return True
    joined = "".join(words)
    return any(joined in key.replace(" ", "") for key in keys)


def sop_list(*, organization: Organization, query: str = "") -> list[Sop]:
    """The organization's SOPs in decree order; with a query, those whose title or code matches it
    (`search_matches`). An office has tens of SOPs, so the match runs here rather than in SQL."""
    sops = (
        Sop.objects.filter(organization=organization)
        .select_related("unit", "current_version", "decree")
        .order_by("unit__order", "order", "letter")
    )
    if not query.strip():
        return list(sops)
    return [
        sop
        for sop in sops
        if search_matches(query, sop.title, sop.code, sop.current_version.name if sop.current_version else "")
    ]


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


def organization_libraries() -> QuerySet[Organization]:
    """Every organization with the number of SOPs in its library, for the platform's front page."""
    return Organization.objects.annotate(sop_count=Count("sops")).order_by("level", "name")
