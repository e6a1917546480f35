"""Pages of the SOP library: the public index, an SOP's page, its versions and their differences."""

from typing import cast

from django.http import Http404
from django.shortcuts import render

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


@page(Audience.PUBLIC)
def sop_compare(request, organization, code):
    versions = selectors.sop_versions(organization=organization, code=code)
    if not versions:
        raise Http404
    by_revision = {v.revision: v for v in versions}
    newest = versions[0].revision
    try:
        right = by_revision[int(request.GET.get("ke", newest))]
        left = by_revision[int(request.GET.get("dari", max(right.revision - 1, 1)))]
    except (KeyError, ValueError):
        raise Http404 from None
    return render(
        request,
        "sop/compare.html",
        {
            "organization": organization,
            "sop": left.sop,
            "versions": versions,
            "left": left,
            "right": right,
            "rows": version_diff(left, right),
        },
    )
