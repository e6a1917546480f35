"""Template filters of the case engine's pages."""

from django import template
from django.utils.translation import ngettext

from sigap.cases import selectors

register = template.Library()


@register.filter
def working_time(minutes) -> str:
    """Working minutes as hours and minutes: 10131 → "168 jam 51 menit"."""
    hours, rest = divmod(int(minutes or 0), 60)
    parts = [ngettext("%(n)d jam", "%(n)d jam", hours) % {"n": hours}] if hours else []
    if rest or not hours:
        parts.append(ngettext("%(n)d menit", "%(n)d menit", rest) % {"n": rest})
    return " ".join(parts)


@register.filter
def lane_name(task) -> str:
    """The Pelaksana that works a task's step ("Kepala Dinas / Kabid Linjamsos"), not just "Petugas"."""
    return selectors.lane_name(task)


@register.simple_tag
def return_checklist(case, step) -> list[tuple[str, bool]]:
    """The items the office may mark missing when returning the documents (the SOP's requirements)."""
    return selectors.return_checklist(case, step)
