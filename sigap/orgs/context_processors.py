"""Template context about the signed-in user's place in the organization of the URL."""

from .access import is_member, is_org_admin
from .models import Organization


def membership(request):
    match = getattr(request, "resolver_match", None)
    slug = match.kwargs.get("org") if match else None
    if not slug or not request.user.is_authenticated:
        return {}
    organization = getattr(request, "organization", None)  # set by the page decorators (access.py)
    if organization is None or organization.slug != slug:
        organization = Organization.objects.filter(slug=slug).first()
    if organization is None:
        return {}
    return {
        "is_member": is_member(request.user, organization),
        "is_org_admin": is_org_admin(request.user, organization),
    }
