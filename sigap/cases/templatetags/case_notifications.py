"""`{{ notification|notification_text }}`: a staff notification in the reader's language."""

from django import template

from sigap.cases.notifications import notification_text as _text

register = template.Library()


@register.filter
def notification_text(notification) -> str:
    return _text(notification)
