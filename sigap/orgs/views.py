"""Pages about organizations: the platform's front page lists them."""

from django.shortcuts import render

from .selectors import organization_list
from .tenancy import Audience, page


@page(Audience.PUBLIC)
def home(request):
    return render(request, "orgs/home.html", {"organizations": organization_list()})
