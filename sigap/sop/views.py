"""Pages of the SOP library: the public index, an SOP's page and its versions."""
from django.http import Http404
from django.shortcuts import render

from sigap.orgs.selectors import organization_get

from . import selectors
from .models import Sop, SopVersion


def sop_index(request, org):
    organization = organization_get(slug=org)
    query = request.GET.get("q", "").strip()
    sops = selectors.sop_list(organization=organization, query=query)
    units = {}
    for sop in sops:
        units.setdefault(sop.unit, []).append(sop)
    return render(request, "sop/index.html", {"organization": organization, "units": units, "query": query})


def sop_detail(request, org, code, revision=None):
    organization = organization_get(slug=org)
    try:
        sop = selectors.sop_get(organization=organization, code=code)
        if revision is None and sop.current_version_id is None:
            version = None
        else:
            version = selectors.sop_version_get(
                organization=organization, code=code, revision=revision or sop.current_version.revision
            )
    except (Sop.DoesNotExist, SopVersion.DoesNotExist):
        raise Http404
    return render(request, "sop/detail.html", {"organization": organization, "sop": sop, "version": version})
