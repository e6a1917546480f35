"""Reads of organizations for pages."""

from django.shortcuts import get_object_or_404

from .models import Organization


def organization_get(*, slug: str) -> Organization:
    """The organization named in a URL; 404 when there is none."""
    return get_object_or_404(Organization, slug=slug)
