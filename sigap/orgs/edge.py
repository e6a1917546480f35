"""Refuse, before any view, a request whose text holds control characters (sigap.orgs.validators).

A NUL byte in a query parameter, a form field or the path made PostgreSQL refuse the query (a 500);
other control characters have no place in what people type either. The path may hold none; query and
form values may hold tab, CR and LF (a text area's lines); the names of the fields are checked too,
uploaded files' contents are not. The answer is 400 with the project's page saying what was wrong.
"""

from django.shortcuts import render

from .validators import CONTROL, CONTROL_IN_TEXT

FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


def _holds_control(data) -> bool:
    search = CONTROL_IN_TEXT.search
    return any(search(key) or any(search(value) for value in values) for key, values in data.lists())


def refused(request) -> bool:
    """Whether the request's path, query or form fields hold a character they may not."""
    if CONTROL.search(request.path_info) or _holds_control(request.GET):
        return True
    return request.method == "POST" and request.content_type in FORM_TYPES and _holds_control(request.POST)


class ControlCharacterMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if refused(request):
            return render(request, "400.html", {"control_characters": True}, status=400)
        return self.get_response(request)
