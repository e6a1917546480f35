"""Scoped querysets for organization-owned models (django-scopes), and the scopes code enters.

A query on a scoped model outside any scope raises `ScopeError`; inside
`organization_scope(id)` it is filtered to that organization. The request's scope
is entered by `tenancy.page`; see docs/architecture.md ("Tenancy") for the two
places that cross organizations on purpose.
"""

from __future__ import annotations

import copy
from typing import Any

from django.db import models
from django.db.models import Q
from django_scopes import ScopedManager, scope, scopes_disabled
from django_scopes.manager import DisabledQuerySet
from django_scopes.state import get_scope

DIMENSION = "organization"

unscoped = scopes_disabled
"""Run across every organization: Django admin, management commands, the sweep (say why at each use)."""


def scoped(
    path: str = "organization", *, shared_when_null: bool = False, queryset: type[models.QuerySet] | None = None
) -> models.Manager[Any]:
    """The default manager of a model owned by an organization, reached through `path`.

    `shared_when_null`: rows whose organization is empty belong to every organization
    (national closures, default working hours) and are seen in every scope.
    `queryset`: the model's own QuerySet class under the scope (not with `shared_when_null`)."""
    if not shared_when_null:
        manager_class = models.Manager.from_queryset(queryset) if queryset is not None else models.Manager
        return ScopedManager(_manager_class=manager_class, **{DIMENSION: path})

    class SharedScopedManager(models.Manager):
        _override_scope: dict[str, Any]

        def get_queryset(self):
            current = getattr(self, "_override_scope", None) or get_scope()
            if not current.get("_enabled", True):
                return super().get_queryset()
            if DIMENSION not in current:
                return DisabledQuerySet(self.model, using=self._db, missing_scopes=[DIMENSION])
            value = current[DIMENSION]
            ids = list(value) if isinstance(value, list | tuple) else [value]
            return super().get_queryset().filter(Q(**{f"{path}__in": ids}) | Q(**{f"{path}__isnull": True}))

        def with_scopes_disabled(self):
            cloned = copy.copy(self)
            cloned._override_scope = {"_enabled": False}
            return cloned

    return SharedScopedManager()


def organization_scope(*organization_ids: int):
    """Queries see these organizations only (one id: the organization of the request)."""
    return scope(**{DIMENSION: organization_ids[0] if len(organization_ids) == 1 else list(organization_ids)})


def handover_scope(own_organization_id: int, case_organization_id: int):
    """A task handed over to another organization: its transition and its case page read the
    case of the organization that handed it over. Only code that has already found the task in
    its own organization's scope enters this (cases.selectors and the transition helper)."""
    if own_organization_id == case_organization_id:
        return organization_scope(own_organization_id)
    return organization_scope(own_organization_id, case_organization_id)
