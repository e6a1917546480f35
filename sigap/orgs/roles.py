"""Who someone is in an organization: member, administrator, head of office, head of a unit, the posts held.

This is the one place that reads memberships to answer those questions. The
permission modules of the apps (`<app>/permissions.py`) state their rules in
these terms only, so imports keep pointing down towards `orgs`.

The page decorator (`tenancy.page`) reads the user's memberships in the
organization of the URL once, together with the organization itself, and keeps
the answer for the rest of the request; outside a request each question reads
the memberships afresh.
"""

from __future__ import annotations

from contextvars import ContextVar
from dataclasses import dataclass
from typing import cast

from .models import Membership, Organization


@dataclass(frozen=True)
class Roles:
    """A user's place in one organization."""

    organization_id: int
    positions: frozenset[int] = frozenset()
    units_headed: frozenset[int] = frozenset()
    is_admin: bool = False
    is_head_of_office: bool = False
    is_superuser: bool = False

    @property
    def is_member(self) -> bool:
        return self.is_superuser or bool(self.positions)

    @property
    def is_administrator(self) -> bool:
        return self.is_superuser or self.is_admin

    def heads(self, unit_id: int | None) -> bool:
        """Head of office, or head of the given unit."""
        return self.is_head_of_office or (unit_id is not None and unit_id in self.units_headed)

    @property
    def heads_any_unit(self) -> bool:
        return self.is_head_of_office or bool(self.units_headed)


def roles_from(user, organization_id: int, memberships) -> Roles:
    """Roles from active Membership rows whose `position` is loaded."""
    rows = list(memberships)
    return Roles(
        organization_id=organization_id,
        positions=frozenset(m.position_id for m in rows),
        units_headed=frozenset(m.position.unit_id for m in rows if m.position.is_head_of_unit and m.position.unit_id),
        is_admin=any(m.is_admin for m in rows),
        is_head_of_office=any(m.position.is_head_of_office for m in rows),
        is_superuser=bool(getattr(user, "is_superuser", False)),
    )


# The roles the page decorator read for the current request: (user id, Roles).
_request_roles: ContextVar[tuple[int, Roles] | None] = ContextVar("sigap_request_roles", default=None)


def remember_for_request(user, roles: Roles):
    """Keep `roles` for the rest of this request (returns the token to forget them)."""
    return _request_roles.set((user.pk, roles))


def forget_for_request(token) -> None:
    _request_roles.reset(token)


def active_memberships(user, **where):
    """The user's active memberships matching `where`, with their positions; none for an anonymous visitor.
    Read before any organization's scope is known, so unscoped, but always filtered by the user."""
    if user is None or not user.is_authenticated:
        return Membership.objects.none()
    return (
        Membership.objects.with_scopes_disabled().filter(user=user, is_active=True, **where).select_related("position")
    )


def roles_of(user, organization: Organization | int) -> Roles:
    """The user's roles in an organization (given as object or id)."""
    organization_id = cast(int, getattr(organization, "pk", organization))
    if user is None or not user.is_authenticated:
        return Roles(organization_id=organization_id)
    held = _request_roles.get()
    if held is not None and held[0] == user.pk and held[1].organization_id == organization_id:
        return held[1]
    return _read_roles(user, organization_id)


def _read_roles(user, organization_id: int) -> Roles:
    """`roles_from` in one narrow query of plain values (a service called outside a request, per step)."""
    rows = active_memberships(user, organization_id=organization_id).values_list(
        "position_id", "is_admin", "position__unit_id", "position__is_head_of_unit", "position__is_head_of_office"
    )
    positions, units_headed, is_admin, is_head_of_office = set(), set(), False, False
    for position_id, admin, unit_id, heads_unit, heads_office in rows:
        positions.add(position_id)
        if heads_unit and unit_id:
            units_headed.add(unit_id)
        is_admin, is_head_of_office = is_admin or admin, is_head_of_office or heads_office
    return Roles(
        organization_id=organization_id,
        positions=frozenset(positions),
        units_headed=frozenset(units_headed),
        is_admin=is_admin,
        is_head_of_office=is_head_of_office,
        is_superuser=bool(getattr(user, "is_superuser", False)),
    )


def is_member(user, organization: Organization | int) -> bool:
    return roles_of(user, organization).is_member


def is_administrator(user, organization: Organization | int) -> bool:
    return roles_of(user, organization).is_administrator


def positions_of(user, organization: Organization | int) -> frozenset[int]:
    """The positions the user holds in an organization."""
    return roles_of(user, organization).positions
