"""An organization's settings kept in memory between requests, checked against its stamp.

The working calendar, the lane mapping and which steps sign letters are read on
every case transition but change only when an administrator changes them. Any
change to a model that holds such settings gives the organization a new random
`config_stamp`, in the same transaction as the change (signals, so Django admin
and services alike). Every request reads its organization row anyway, so a value
remembered under the stamp that row carries is never stale for that request.
The stamp is random rather than a counter: a rolled-back change can never leave
two different settings under one key.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable
from typing import Any, TypeVar, cast

from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save

from .models import Organization
from .scoping import unscoped

T = TypeVar("T")

_remembered: dict[tuple[str, int], tuple[uuid.UUID, object]] = {}


def remembered(organization: Organization, name: str, load: Callable[[], T]) -> T:
    """`load()`, or the value it gave earlier in this process under the organization's current stamp."""
    key, stamp = (name, organization.pk), organization.config_stamp
    hit = _remembered.get(key)
    if hit is not None and hit[0] == stamp:
        return cast(T, hit[1])
    # Loaders filter by their organization themselves: what is remembered must not depend on the scope of
    # the request that happened to load it (a hand-over request sees two organizations).
    with unscoped():
        value = load()
    _remembered[key] = (stamp, value)
    return value


def forget_all():
    """Drop everything remembered (tests start from an empty memory)."""
    _remembered.clear()


def changed(organization_ids: Iterable[int | None]) -> uuid.UUID:
    """Give these organizations (None among them: every organization) a new stamp, in one statement; returns it."""
    stamp = uuid.uuid4()
    ids = set(organization_ids)
    rows = Organization.objects.all() if None in ids else Organization.objects.filter(pk__in=ids)
    rows.update(config_stamp=stamp)
    return stamp


def _own_organization(instance) -> list[int | None]:
    return [instance.organization_id]


def watch(
    model,
    *,
    organizations: Callable[[Any], list[int | None]] = _own_organization,
    many_to_many: tuple[str, ...] = (),
):
    """Renew the stamp of the organizations a row of `model` belongs to whenever one changes.

    `organizations(row)` names them (default: the row's `organization`; None means every organization).
    A row moved to another organization renews the one it left as well."""

    def renew(instance, *, before=()):
        ids = {*organizations(instance), *before}
        stamp = changed(ids)
        # The Organization object the caller holds (e.g. passed to create()) learns its new stamp too.
        held = instance._state.fields_cache.get("organization")
        if held is not None and (None in ids or held.pk in ids):
            held.config_stamp = stamp

    def about_to_save(sender, instance, raw=False, **kwargs):
        stored = None if raw or instance._state.adding else model._base_manager.filter(pk=instance.pk).first()
        instance._config_organizations_before = organizations(stored) if stored is not None else []

    def saved(sender, instance, **kwargs):
        renew(instance, before=instance.__dict__.pop("_config_organizations_before", ()))

    def deleted(sender, instance, **kwargs):
        renew(instance)

    def members_changed(sender, instance, action, **kwargs):
        if action in ("post_add", "post_remove", "post_clear"):
            renew(instance)

    uid = f"sigap-config-{model._meta.label}"
    pre_save.connect(about_to_save, sender=model, dispatch_uid=uid, weak=False)
    post_save.connect(saved, sender=model, dispatch_uid=uid, weak=False)
    post_delete.connect(deleted, sender=model, dispatch_uid=uid, weak=False)
    for name in many_to_many:
        m2m_changed.connect(
            members_changed, sender=getattr(model, name).through, dispatch_uid=f"{uid}-{name}", weak=False
        )
