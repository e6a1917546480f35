"""Slot of the case page: apps above the case engine add their panels here, the engine never imports them.

An app registers a template and a context function in its AppConfig.ready():

    panels.register_case_panel("myapp/_case_panel.html", my_context)

For every case page the view calls each context function with the request,
the organization of the URL, the case and its active task (or None). The
function returns None to show nothing, or a `PanelContent`: the template's own
variables (`panel` in the template; the page's `case`, `task`, `organization`
stay available), links for the page's header, a label for the completion
button when completing the task does more than finish a step (signing a letter),
and whether completing it asks for a code of the second factor (signing does).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass(frozen=True)
class PanelLink:
    label: str
    url: str


@dataclass
class PanelContent:
    context: dict = field(default_factory=dict)
    links: list[PanelLink] = field(default_factory=list)
    complete_label: str = ""
    complete_asks_code: bool = False


@dataclass(frozen=True)
class Panel:
    template: str
    context: dict


ContextFunction = Callable[..., PanelContent | None]
_panels: list[tuple[str, ContextFunction]] = []


def register_case_panel(template_name: str, context_function: ContextFunction) -> None:
    """Show `template_name` on the case page with what `context_function` returns (registered once)."""
    if (template_name, context_function) not in _panels:
        _panels.append((template_name, context_function))


def page_context(*, request, organization, case, task) -> dict:
    """What the case page's template needs from the registered panels."""
    panels, links, complete_label, asks_code = [], [], "", False
    for template_name, context_function in _panels:
        content = context_function(request=request, organization=organization, case=case, task=task)
        if content is None:
            continue
        panels.append(Panel(template_name, content.context))
        links.extend(content.links)
        complete_label = complete_label or content.complete_label
        asks_code = asks_code or content.complete_asks_code
    return {
        "case_panels": panels,
        "case_links": links,
        "complete_label": complete_label,
        "complete_asks_code": asks_code,
    }
