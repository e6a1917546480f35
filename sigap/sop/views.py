"""Pages of the SOP library: the public index, an SOP's page, its versions and their differences."""

from typing import cast

from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext as _

from sigap.orgs.models import Unit
from sigap.orgs.tenancy import Audience, page

from . import documents, selectors
from .diff import version_diff
from .models import Sop, SopVersion


@page(Audience.PUBLIC)
def sop_index(request, organization):
    query = request.GET.get("q", "").strip()
    sops = selectors.sop_list(organization=organization, query=query)
    units: dict[Unit, list[Sop]] = {}
    for sop in sops:
        units.setdefault(sop.unit, []).append(sop)
    return render(
        request,
        "sop/index.html",
        {
            "organization": organization,
            "units": units,
            "query": query,
            "decrees": selectors.decree_list(organization=organization),
        },
    )


@page(Audience.PUBLIC)
def sop_detail(request, organization, code, revision=None):
    try:
        sop = selectors.sop_get(organization=organization, code=code)
        version = None
        if revision is not None or sop.current_version_id is not None:
            version = selectors.sop_version_get(
                organization=organization,
                code=code,
                revision=revision or cast(SopVersion, sop.current_version).revision,
            )
    except (Sop.DoesNotExist, SopVersion.DoesNotExist):
        raise Http404 from None
    return render(
        request,
        "sop/detail.html",
        {
            "organization": organization,
            "sop": sop,
            "version": version,
            "document_html": documents.sop_html(version) if version else None,
            "versions": selectors.sop_versions(organization=organization, code=code),
        },
    )


def _chosen_version(value: str | None, versions: list[SopVersion], default: SopVersion) -> SopVersion | str:
    """The version a `dari`/`ke` parameter names, or the reason it names none (shown on the page)."""
    if value is None or value.strip() == "":
        return default
    by_revision = {v.revision: v for v in versions}
    available = ", ".join(str(revision) for revision in sorted(by_revision))
    try:
        revision = int(value.strip())
    except ValueError:
        return _("“%(value)s” bukan nomor versi. Versi yang tersedia: %(available)s.") % {
            "value": value[:40],
            "available": available,
        }
    if revision not in by_revision:
        return _("Versi %(revision)s tidak ada pada SOP ini. Versi yang tersedia: %(available)s.") % {
            "revision": revision,
            "available": available,
        }
    return by_revision[revision]


def _previous(versions: list[SopVersion], version: SopVersion) -> SopVersion:
    """The version before this one (versions are newest first), or the version itself when it is the first."""
    older = [v for v in versions if v.revision < version.revision]
    return older[0] if older else version


@page(Audience.PUBLIC)
def sop_compare(request, organization, code):
    """Two versions side by side; one version only, the same version twice or an unknown one is said in words."""
    versions = selectors.sop_versions(organization=organization, code=code)
    if not versions:
        raise Http404
    right = _chosen_version(request.GET.get("ke"), versions, versions[0])
    if not isinstance(right, SopVersion):
        problems, right = [right], versions[0]
    else:
        problems = []
    left = _chosen_version(request.GET.get("dari"), versions, _previous(versions, right))
    if not isinstance(left, SopVersion):
        problems, left = [left, *problems], _previous(versions, right)
    same = left.pk == right.pk
    context = {
        "organization": organization,
        "sop": left.sop,
        "versions": versions,
        "left": left,
        "right": right,
        "problems": problems,
        "same": same,
        "rows": [] if problems or same else version_diff(left, right),
    }
    return render(request, "sop/compare.html", context, status=404 if problems else 200)
