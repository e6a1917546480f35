"""Where a user lands after signing in: the first page an app registered for the user's organization.

orgs knows only memberships; the apps above it name their pages from
`AppConfig.ready()` (`register("cases:inbox", order=...)`, a monitoring dashboard
for heads of office with `when=lambda roles: roles.is_head_of_office` and a
lower order). A user with several organizations lands in their first active
membership's; a superuser without one on the Django admin; anyone else on the
front page.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.urls import reverse

from . import roles


@dataclass(frozen=True)
class Landing:
    url_name: str  # takes the organization's slug as its only argument
    when: Callable[[roles.Roles], bool] | None
    order: int


_PAGES: dict[str, Landing] = {}


def register(url_name: str, *, when: Callable[[roles.Roles], bool] | None = None, order: int = 100) -> None:
    _PAGES[url_name] = Landing(url_name=url_name, when=when, order=order)


def landing_url(user) -> str:
    """The URL a freshly signed-in user is sent to when the login asked for no page."""
    membership = roles.active_memberships(user).select_related("organization").order_by("pk").first()
    if membership is None:
        return reverse("admin:index") if user.is_superuser else reverse("home")
    organization = membership.organization
    held = roles.roles_of(user, organization)
    for page in sorted(_PAGES.values(), key=lambda landing: (landing.order, landing.url_name)):
        if page.when is None or page.when(held):
            return reverse(page.url_name, args=[organization.slug])
    return reverse("home")
