"""Template context about the signed-in user's place in the organization of the request (tenancy.page)."""

from .permissions import may_administer, may_view_staff_pages


def membership(request):
    organization = getattr(request, "organization", None)
    if organization is None or not request.user.is_authenticated:
        return {}
    return {
        "is_member": may_view_staff_pages(request.user, organization),
        "is_org_admin": may_administer(request.user, organization),
    }
