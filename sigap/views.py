"""Pages of the platform as a whole: the front page lists every organization's SOP library."""

from django.shortcuts import render

from sigap.orgs.tenancy import Audience, page
from sigap.sop.selectors import organization_libraries


@page(Audience.PUBLIC)
def home(request):
    return render(request, "sop/home.html", {"organizations": organization_libraries()})
