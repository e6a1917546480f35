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


def member_positions(user, organization: Organization) -> set[int]:
    if not user.is_authenticated:
        return set()
    return set(
        Membership.objects.filter(user=user, organization=organization, is_active=True).values_list("position_id", flat=True)
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
            if not check(request.user, organization):
                raise Http404
            return view(request, organization, *args, **kwargs)
        return wrapper
    return decorator


staff_view = _scoped(is_member)
"""A page for the organization's members; the view receives the Organization."""

admin_view = _scoped(is_org_admin)
"""A page for the organization's administrators; the view receives the Organization."""
