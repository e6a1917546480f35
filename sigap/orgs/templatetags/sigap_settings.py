"""`{% settings_menu %}`: the tabs of the settings pages, from the entries the apps registered.

A page under an entry's URL (a letter template's page under the templates list) keeps that entry's tab active."""

from django import template

from sigap.orgs.settings_menu import menu

register = template.Library()


@register.inclusion_tag("orgs/_settings_nav.html", takes_context=True)
def settings_menu(context):
    request = context["request"]
    entries = menu(request.user, request.organization)
    under = [entry for entry in entries if request.path.startswith(entry["url"])]
    if under:
        current = max(under, key=lambda entry: len(entry["url"]))["url_name"]
    else:
        match = getattr(request, "resolver_match", None)
        current = match.view_name if match else ""
    return {"entries": entries, "current": current}
