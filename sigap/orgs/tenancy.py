"""One tenancy mechanism: the organization of a request, scoped querysets and the page decorator.

- Organization-owned models use `scoped(...)` managers (django-scopes): a query
  on them outside a scope raises `ScopeError` instead of returning every
  office's rows, and inside a scope it is filtered to the scope's organization.
- `page(audience)` is the one decorator every view of the project declares. It
  resolves the organization in the URL once (the organization and the user's
  memberships in one query) into `request.organization` and `request.roles`,
  runs the view inside that organization's scope and lets through only the
  audience it names: `PUBLIC` (anyone), `MEMBER` (the organization's staff) or
  `ADMINISTRATOR`. Anyone else gets 404, never 403, and anonymous visitors of
  member pages the login page. Member and administrator pages also ask for the
  second factor of those who must use one (`second_factor.gate`).
  member pages the login page. What a member or administrator page answers,
  pages and files alike, is sent with `Cache-Control: no-store` (personal data).
- Two things cross organizations on purpose (docs/architecture.md): a task
  handed over to another organization (`handover_scope`), and the code paths
  that run for every organization (Django admin, management commands, the
  sweep), which say so with `unscoped()`.
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.http import Http404
from django.urls import reverse
from django.utils.cache import add_never_cache_headers

from . import roles, second_factor
from .scoping import handover_scope, organization_scope, scoped, unscoped

__all__ = ["Audience", "handover_scope", "organization_scope", "page", "scoped", "unscoped"]


class Audience(enum.StrEnum):
    PUBLIC = "public"
    MEMBER = "member"
    ADMINISTRATOR = "administrator"


def _resolve(request, slug: str):
    from .models import Organization

    user = request.user
    memberships = list(roles.active_memberships(user, organization__slug=slug).select_related("organization"))
    if memberships:
        organization = memberships[0].organization
    else:
        organization = Organization.objects.filter(slug=slug).first()
        if organization is None:
            raise Http404
    return organization, roles.roles_from(user, organization.pk, memberships)


def page(audience: Audience) -> Callable:
    """Declare who a view is for; under /<org>/ the view receives the Organization instead of the slug."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if "org" not in kwargs:
                if audience is not Audience.PUBLIC:
                    raise TypeError(f"{view.__qualname__}: only public pages live outside an organization")
                return view(request, *args, **kwargs)
            if audience is not Audience.PUBLIC and not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            organization, held = _resolve(request, kwargs.pop("org"))
            if audience is Audience.MEMBER and not held.is_member:
                raise Http404
            if audience is Audience.ADMINISTRATOR and not held.is_administrator:
                raise Http404
            request.organization, request.roles = organization, held
            token = roles.remember_for_request(request.user, held)
            fresh = second_factor.begin_request(request)
            try:
                if audience is not Audience.PUBLIC:
                    refusal = second_factor.gate(request, organization)
                    if refusal is not None:
                        return refusal
                with organization_scope(organization.pk):
                    response = view(request, organization, *args, **kwargs)
            finally:
                second_factor.end_request(fresh)
                roles.forget_for_request(token)
            if audience is not Audience.PUBLIC:
                # Staff pages and files show personal data: no browser or proxy keeps a copy.
                add_never_cache_headers(response)
            return response

        wrapper.sigap_audience = audience  # type: ignore[attr-defined]
        return wrapper

    return decorator


def audience_of(view) -> Audience | None:
    """What a view declared with `page(...)`; None when it declared nothing."""
    return getattr(view, "sigap_audience", None)


class UnscopedAdminMiddleware:
    """Django admin is the platform superuser's and spans every organization (only superusers and
    staff users reach it; the admin checks that itself). Past its login page it asks for the second factor."""

    def __init__(self, get_response):
        self.get_response = get_response
        self._prefix: str | None = None

    def __call__(self, request):
        if self._prefix is None:
            self._prefix = reverse("admin:index")
        if request.path.startswith(self._prefix):
            if request.path not in (reverse("admin:login"), reverse("admin:logout")):
                refusal = second_factor.admin_gate(request)
                if refusal is not None:
                    return refusal
            with unscoped():
                return self.get_response(request)
        return self.get_response(request)
