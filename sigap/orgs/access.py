"""Who belongs to an organization, and the view decorators that scope pages to it.

Every page of an organization resolves the organization in the URL and lets
only its members (or administrators, for settings) through; anyone else gets
404, so the existence of another office's data is not revealed.
"""
from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.http import Http404

from .models import Membership, Organization
from .selectors import organization_get


def member_positions(user, organization: Organization | int) -> set[int]:
    """The positions the user holds in an organization (given as object or id)."""
    if not user.is_authenticated:
        return set()
    organization_id = getattr(organization, "pk", organization)
    held = getattr(user, "_positions_in_request", None)
    if held is not None and held[0] == organization_id:
        return set(held[1])
    return set(
        Membership.objects.filter(user=user, organization_id=organization_id, is_active=True).values_list("position_id", flat=True)
    )


def is_member(user, organization: Organization) -> bool:
    return user.is_authenticated and (user.is_superuser or bool(member_positions(user, organization)))


def is_org_admin(user, organization: Organization) -> bool:
    return user.is_authenticated and (
        user.is_superuser
        or Membership.objects.filter(user=user, organization=organization, is_active=True, is_admin=True).exists()
    )


def _scoped(check):
    def decorator(view):
        @wraps(view)
        def wrapper(request, org, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            organization = organization_get(slug=org)
            user = request.user
            # The positions are read once per request: the permission checks of the services reuse them.
            user._positions_in_request = (organization.pk, frozenset(member_positions(user, organization)))
            try:
                if not check(user, organization):
                    raise Http404
                return view(request, organization, *args, **kwargs)
            finally:
                del user._positions_in_request
        return wrapper
    return decorator


staff_view = _scoped(is_member)
"""A page for the organization's members; the view receives the Organization."""

admin_view = _scoped(is_org_admin)
"""A page for the organization's administrators; the view receives the Organization."""
