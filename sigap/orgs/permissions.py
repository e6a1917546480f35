"""Who may do what with an organization itself, and the registry the template tag asks.

Each app states its rules once, as named functions in its own `permissions.py`
built on `orgs.roles`, and registers them here with `@rule`; services, views and
templates ask those functions (templates through `{% may "name" obj as ok %}`),
never a role or a state condition of their own.
"""

from __future__ import annotations

from collections.abc import Callable

from . import roles

RULES: dict[str, Callable[..., bool]] = {}


def rule(function: Callable[..., bool]) -> Callable[..., bool]:
    """Register a permission under its function name (`may_…`) for templates."""
    if function.__name__ in RULES and RULES[function.__name__] is not function:
        raise ValueError(f"permission {function.__name__} is registered twice")
    RULES[function.__name__] = function
    return function


def ask(name: str, user, obj) -> bool:
    """The answer of the registered permission `name` for user and object."""
    try:
        function = RULES[name]
    except KeyError:
        raise LookupError(f"no permission named {name!r}") from None
    return bool(function(user, obj))


@rule
def may_view_staff_pages(user, organization) -> bool:
    """The inbox, cases, letters and registers of an organization: its members."""
    return roles.is_member(user, organization)


@rule
def may_administer(user, organization) -> bool:
    """Staff, lanes, closures and letter templates of an organization: its administrators."""
    return roles.is_administrator(user, organization)
