"""The settings menu (Pengaturan) of an organization: each app registers its own pages here.

orgs offers the menu and its staff page; the apps above it add theirs from
`AppConfig.ready()` (`register(label, url_name, permission=..., order=...)`), so
orgs never imports the apps whose settings it lists. Every entry's URL takes the
organization's slug as its only argument; `permission` names a rule registered
with `sigap.orgs.permissions.rule` that the user must pass for the organization.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse

from .permissions import ask


@dataclass(frozen=True)
class Entry:
    label: str  # a lazy translation, rendered in the reader's language
    url_name: str
    permission: str
    order: int


_ENTRIES: dict[str, Entry] = {}


def register(label, url_name: str, *, permission: str = "may_administer", order: int = 100) -> None:
    """Add a page to the settings menu (registering the same URL name again replaces its entry)."""
    _ENTRIES[url_name] = Entry(label=label, url_name=url_name, permission=permission, order=order)


def entries() -> list[Entry]:
    """Every registered entry, in menu order."""
    return sorted(_ENTRIES.values(), key=lambda entry: (entry.order, entry.url_name))


def menu(user, organization) -> list[dict]:
    """The entries this user may open in this organization: label, url and URL name."""
    return [
        {"label": entry.label, "url": reverse(entry.url_name, args=[organization.slug]), "url_name": entry.url_name}
        for entry in entries()
        if ask(entry.permission, user, organization)
    ]
