"""The project's own "not found" page in the demo too, where DEBUG is on.

With DEBUG off Django renders sigap/templates/404.html and 500.html itself. With
DEBUG on (`make run`) it would show its technical 404 page, which lists the
project's URL patterns to whoever mistypes an address; this middleware answers
with the project's 404 page instead, for an unknown address and for an `Http404`
a view raises. Errors (500) keep Django's debug page in development.
"""

from django.conf import settings
from django.http import Http404
from django.urls import Resolver404
from django.views.defaults import page_not_found


class OwnNotFoundPageMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if settings.DEBUG and response.status_code == 404 and getattr(request, "resolver_match", None) is None:
            return page_not_found(request, Resolver404({"path": request.path_info}))
        return response

    def process_exception(self, request, exception):
        if settings.DEBUG and isinstance(exception, Http404):
            return page_not_found(request, exception)
        return None
