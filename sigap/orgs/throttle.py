"""Login throttling beyond django-axes' per-user lock: a limit per address across usernames.

django-axes counts failures per username and address (SIGAP_LOGIN_FAILURE_LIMIT) and has one threshold
for all of its lockout parameters. Password spraying tries a few passwords on many usernames from one
address, so it never reaches that limit; `failure_limit` (axes' AXES_FAILURE_LIMIT) looks at the failures
axes itself recorded for the address, whatever the username, inside axes' cool-off time, and once they reach
SIGAP_LOGIN_ADDRESS_FAILURE_LIMIT locks the address (a limit of 0 makes every attempt from it locked).
"""

from __future__ import annotations

from axes.helpers import get_cool_off
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Sum
from django.utils import timezone

from .client import client_address


def failure_limit(request, credentials=None) -> int:
    """axes' threshold for this request: 0 (locked) when its address has failed too often, else the per-user one."""
    address = getattr(request, "axes_ip_address", None) or client_address(request)
    if address and address_failures(request, address) >= settings.SIGAP_LOGIN_ADDRESS_FAILURE_LIMIT:
        return 0
    return settings.SIGAP_LOGIN_FAILURE_LIMIT


def address_failures(request, address: str) -> int:
    """Failed logins from an address inside the cool-off time, every username counted."""
    since = (getattr(request, "axes_attempt_time", None) or timezone.now()) - get_cool_off(request)
    attempts = AccessAttempt.objects.filter(ip_address=address, attempt_time__gte=since)
    return attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0
