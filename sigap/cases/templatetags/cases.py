"""Template filters of the case engine's pages."""

from django import template
from django.utils.translation import ngettext

register = template.Library()


@register.filter
def working_time(minutes) -> str:
    """Working minutes as hours and minutes: 10131 → "168 jam 51 menit"."""
    hours, rest = divmod(int(minutes or 0), 60)
    parts = [ngettext("%(n)d jam", "%(n)d jam", hours) % {"n": hours}] if hours else []
    if rest or not hours:
        parts.append(ngettext("%(n)d menit", "%(n)d menit", rest) % {"n": rest})
    return " ".join(parts)
