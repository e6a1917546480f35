"""The history's view of a correction: `{% for change in event|corrections %}` gives label, before, after."""

from django import template

from sigap.cases.corrections import Change, changes_of
from sigap.cases.models import CaseEvent

register = template.Library()


@register.filter
def corrections(event: CaseEvent) -> list[Change]:
    if event.kind != CaseEvent.Kind.CORRECTED:
        return []
    return changes_of(event)
