"""`{% may "may_reassign" task as allowed %}`: templates ask the registered permissions, nothing else."""

from django import template

from sigap.orgs.permissions import ask

register = template.Library()


@register.simple_tag(takes_context=True)
def may(context, name: str, obj) -> bool:
    return ask(name, context["request"].user, obj)
