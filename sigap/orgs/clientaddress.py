"""The one answer to "which address did this request come from" (access log, throttling).

Without trusted proxies (`SIGAP_TRUSTED_PROXY_COUNT`, default 0) it is the
peer's address, `REMOTE_ADDR`; a client can write any `X-Forwarded-For` it
likes, so the header is ignored. Behind N trusted reverse proxies each of them
appends the address it received the request from, so the client is the N-th
entry from the right; a header with fewer entries than proxies was not written
by them and is ignored. Anything that is not an IP address gives None.
"""

from __future__ import annotations

import ipaddress

from django.conf import settings


def client_address(request) -> str | None:
    """The client's IP address, as the nearest trusted proxy (or the peer itself) saw it."""
    address = request.META.get("REMOTE_ADDR", "")
    proxies = int(getattr(settings, "SIGAP_TRUSTED_PROXY_COUNT", 0) or 0)
    if proxies > 0:
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        forwarded = [part for part in forwarded if part]
        if len(forwarded) >= proxies:
            address = forwarded[-proxies]
    try:
        return str(ipaddress.ip_address(address.strip()))
    except ValueError:
        return None
