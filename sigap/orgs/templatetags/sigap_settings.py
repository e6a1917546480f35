"""`{% settings_menu %}`: the tabs of the settings pages, from the entries the apps registered."""

from django import template

from sigap.orgs.settings_menu import menu

register = template.Library()


@register.inclusion_tag("orgs/_settings_nav.html", takes_context=True)
def settings_menu(context):
    request = context["request"]
    match = getattr(request, "resolver_match", None)
    return {"entries": menu(request.user, request.organization), "current": match.view_name if match else ""}
