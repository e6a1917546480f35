"""Pages about organizations: the platform's front page lists them."""

from django.shortcuts import render

from .selectors import organization_list


def home(request):
    return render(request, "orgs/home.html", {"organizations": organization_list()})
