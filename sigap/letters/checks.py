"""Deployment check: letters print SIGAP_PUBLIC_URL in their QR code and verification link, so production sets it.

Without it every letter would point at the development address (http://127.0.0.1:8000/v/…), which nobody who
scans the letter can open. `manage.py check --deploy` warns when DEBUG is off and the address is missing, points at
this machine, or is plain HTTP while sigap itself is served over HTTPS.
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.core.checks import Tags, Warning, register

LOOPBACK = {"127.0.0.1", "localhost", "::1", "0.0.0.0"}
HINT = "Set SIGAP_PUBLIC_URL to the public https address of this office's sigap, e.g. https://sigap.example.org."


@register(Tags.security, deploy=True)
def public_url_check(app_configs=None, **kwargs) -> list[Warning]:
    if settings.DEBUG:
        return []
    url = settings.SIGAP_PUBLIC_URL
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname or parts.hostname in LOOPBACK:
        message = f"SIGAP_PUBLIC_URL is not set to a public address ({url!r}): letters' QR codes would point at it."
        return [Warning(message, hint=HINT, id="sigap.W001")]
    if settings.SIGAP_HTTPS and parts.scheme != "https":
        message = f"SIGAP_PUBLIC_URL ({url!r}) is plain HTTP while sigap is served over HTTPS only."
        return [Warning(message, hint=HINT, id="sigap.W002")]
    return []
