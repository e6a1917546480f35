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


def _held(user, organization_id: int):
    """(positions, is_admin) read once by the page decorator for this request, or None."""
    held = getattr(user, "_membership_in_request", None)
    return held[1:] if held is not None and held[0] == organization_id else None


def member_positions(user, organization: Organization | int) -> set[int]:
    """The positions the user holds in an organization (given as object or id)."""
    if not user.is_authenticated:
        return set()
    organization_id = getattr(organization, "pk", organization)
    held = _held(user, organization_id)
    if held is not None:
        return set(held[0])
    return set(
        Membership.objects.filter(user=user, organization_id=organization_id, is_active=True).values_list(
            "position_id", flat=True
        )
    )


def is_member(user, organization: Organization) -> bool:
    return user.is_authenticated and (user.is_superuser or bool(member_positions(user, organization)))


def is_org_admin(user, organization: Organization) -> bool:
    if not user.is_authenticated:
        return False
    held = _held(user, organization.pk)
    if held is not None:
        return user.is_superuser or held[1]
    return (
        user.is_superuser
        or Membership.objects.filter(user=user, organization=organization, is_active=True, is_admin=True).exists()
    )


def _scoped(check):
    def decorator(view):
        @wraps(view)
        def wrapper(request, org, *args, **kwargs):
            user = request.user
            if not user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            # The organization and the user's memberships in it in one query; the permission
            # checks of the services and templates reuse them for the rest of the request.
            memberships = list(
                Membership.objects.filter(user=user, organization__slug=org, is_active=True).select_related(
                    "organization"
                )
            )
            organization = memberships[0].organization if memberships else organization_get(slug=org)
            request.organization = organization
            user._membership_in_request = (
                organization.pk,
                frozenset(m.position_id for m in memberships),
                any(m.is_admin for m in memberships),
            )
            try:
                if not check(user, organization):
                    raise Http404
                return view(request, organization, *args, **kwargs)
            finally:
                del user._membership_in_request

        return wrapper

    return decorator


staff_view = _scoped(is_member)
"""A page for the organization's members; the view receives the Organization."""

admin_view = _scoped(is_org_admin)
"""A page for the organization's administrators; the view receives the Organization."""
