"""Language: Bahasa Indonesia unless the user chose English (Django's language cookie).

Django's LocaleMiddleware would follow the browser's Accept-Language; an
office's browsers are often set to English while its staff and citizens read
Indonesian, so the browser's wish is not enough: only an explicit choice is.
"""

from django.conf import settings
from django.utils import translation


class LanguageMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.supported = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        language = chosen if chosen in self.supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        return response
