"""The address of the client of a request: the one rule, for login throttling (django-axes) and any log.

Without a reverse proxy the client is the peer of the connection (REMOTE_ADDR) and an X-Forwarded-For
header, which anyone can send, is ignored. Behind trusted reverse proxies (SIGAP_TRUSTED_PROXY_COUNT of
them, each appending the address it received the request from), the client is the address the outermost
proxy saw: counted from the right of X-Forwarded-For, so entries a client put there itself are skipped.
"""

from __future__ import annotations

import ipaddress

from django.conf import settings


def client_address(request) -> str | None:
    """The client's IP address as text, normalized (e.g. "2001:db8::1"); None when the peer has none."""
    peer = _address(request.META.get("REMOTE_ADDR", ""))
    proxies = settings.SIGAP_TRUSTED_PROXY_COUNT
    if not proxies or peer is None:
        return peer
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
    chain = [*forwarded, peer]  # the last is the nearest proxy
    if len(chain) <= proxies:
        return peer  # came past fewer proxies than configured: the header is not the proxies'
    return _address(chain[-1 - proxies]) or peer


def _address(text: str) -> str | None:
    try:
        return str(ipaddress.ip_address(text))
    except ValueError:
        return None
