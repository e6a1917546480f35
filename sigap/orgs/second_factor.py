"""Two-factor authentication (django-otp: an authenticator app's TOTP codes, with backup codes).

Who must use it: anyone for whom a permission registered with `require_for` holds in one of
their organizations. orgs registers `may_administer`; letters registers `may_sign_letters`
(orgs never imports letters). The platform superuser must too. Everyone else may enrol from
the account page; once they have, their sign-in asks for the code too.

- At sign-in the answer for every organization of the user is kept in the session; a page of
  an organization also asks the rules for that organization (a change of roles during a
  session counts at once). `gate` is called by the page decorator (tenancy.page) for every
  member and administrator page: a user who must have the second factor and has not given it
  in this session is sent to enter a code, or to set up the authenticator first.
- A code is six digits from the app (spaces ignored, so "123 456" pasted works) or one of the
  ten backup codes, each usable once. Wrong codes are throttled by django-otp (each failure
  doubles the wait).
- Signing asks for a fresh code: the page decorator starts every page request without one,
  the signing form's code is checked with `confirm_fresh`, and the signing rule asks
  `is_fresh` (letters). Code outside a request (management commands) is not asked.
- Sessions of users who must have the second factor end after SIGAP_SIGNER_IDLE_MINUTES
  without a request (`IdleLogoutMiddleware`); other sessions keep Django's session age.
"""

from __future__ import annotations

import re
import time
from contextvars import ContextVar
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.signals import user_logged_in
from django.db import transaction
from django.dispatch import receiver
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from . import roles
from .errors import SigapError
from .permissions import ask

# What sign-in found: "required" (a signer or administrator), "enrolled" (set up by choice) or "" (neither).
STANDING_SESSION_KEY = "sigap_second_factor"
REQUIRED, ENROLLED = "required", "enrolled"
LAST_SEEN_SESSION_KEY = "sigap_last_seen"
BACKUP_CODES = 10
# The last request of a session is written at most this often (seconds), so reading pages costs no write.
LAST_SEEN_RESOLUTION = 60

_REQUIRING: list[str] = []


class SecondFactorError(SigapError):
    """A code refused: wrong, already used, or too many attempts."""


def require_for(permission: str) -> None:
    """Whoever passes the registered permission `permission` for an organization must use the second factor."""
    if permission not in _REQUIRING:
        _REQUIRING.append(permission)


def required_in(user, organization) -> bool:
    """Must `user` use the second factor, judged by the rules for this organization?"""
    if not user.is_authenticated:
        return False
    return bool(user.is_superuser) or any(ask(name, user, organization) for name in _REQUIRING)


def required(user) -> bool:
    """Must `user` use the second factor, judged over every organization they are a member of?"""
    if not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    organizations = {m.organization for m in roles.active_memberships(user).select_related("organization")}
    return any(required_in(user, organization) for organization in organizations)


def standing(user) -> str:
    """REQUIRED, ENROLLED (an authenticator set up by choice: sign-in asks for it too) or ""."""
    if required(user):
        return REQUIRED
    return ENROLLED if authenticator_of(user) is not None else ""


def authenticator_of(user) -> TOTPDevice | None:
    """The user's confirmed authenticator app."""
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()


def is_verified(request) -> bool:
    return bool(getattr(request.user, "is_verified", lambda: False)())


def normalized(code: str) -> str:
    """A code as typed or pasted: spaces, dashes and case do not matter."""
    return re.sub(r"[\s\-]", "", code or "").lower()


def throttled(device) -> str:
    allowed, data = device.verify_is_allowed()
    if allowed:
        return ""
    until = timezone.localtime(data["locked_until"]) if data and data.get("locked_until") else None
    if until is None:
        return _("Terlalu banyak kode yang salah. Coba lagi sebentar lagi.")
    return _("Terlalu banyak kode yang salah. Coba lagi setelah pukul %(time)s.") % {"time": until.strftime("%H:%M:%S")}


def verify(user, code: str):
    """The device that accepts `code` for `user` (a six-digit code or a backup code), else SecondFactorError."""
    code = normalized(code)
    if not re.fullmatch(r"[0-9a-z]{6,16}", code):  # no code looks otherwise; nothing to look up
        raise SecondFactorError(_("Kode salah. Masukkan enam angka dari aplikasi autentikator Anda."))
    model = TOTPDevice if code.isdigit() and len(code) == 6 else StaticDevice
    with transaction.atomic():
        device = model.objects.select_for_update().filter(user=user, confirmed=True).order_by("pk").first()
        if device is None:
            raise SecondFactorError(_("Kode salah. Masukkan enam angka dari aplikasi autentikator Anda."))
        refusal = throttled(device)
        if refusal:
            raise SecondFactorError(refusal)
        if device.verify_token(code):
            return device
    raise SecondFactorError(
        _("Kode salah atau sudah dipakai. Masukkan kode terbaru dari aplikasi autentikator, atau kode cadangan.")
    )


def sign_in_device(request, device) -> None:
    """This session has given its second factor with `device`."""
    otp_login(request, device)
    request.session[STANDING_SESSION_KEY] = standing(request.user)


def new_backup_codes(user) -> list[str]:
    """Ten new backup codes for `user` (the old ones stop working); shown once, stored as django-otp keeps them."""
    device, _created = StaticDevice.objects.get_or_create(user=user, name="cadangan", defaults={"confirmed": True})
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(BACKUP_CODES)]
    StaticToken.objects.bulk_create([StaticToken(device=device, token=code) for code in codes])
    return codes


def set_authenticator(user, *, key_hex: str) -> TOTPDevice:
    """Give `user` a confirmed authenticator with this secret (the demo's documented one), replacing any other."""
    TOTPDevice.objects.filter(user=user).exclude(key=key_hex).delete()
    device, _created = TOTPDevice.objects.update_or_create(
        user=user, key=key_hex, defaults={"name": "aplikasi autentikator", "confirmed": True}
    )
    return device


# --- the gate of member pages ---------------------------------------------------------------------------


def gate(request, organization):
    """None when the user may go on to a member page of `organization`, else the redirect to the second factor."""
    if is_verified(request):
        return None
    held = request.session.get(STANDING_SESSION_KEY)
    if not held:
        if not required_in(request.user, organization):
            return None
        request.session[STANDING_SESSION_KEY] = REQUIRED
    target = "second_factor:verify" if authenticator_of(request.user) else "second_factor:enrol"
    return redirect(f"{reverse(target)}?{urlencode({'next': request.get_full_path()})}")


def admin_gate(request):
    """Django admin (the platform superuser's) asks for the second factor the same way; its login page does not."""
    if not request.user.is_authenticated or is_verified(request) or not required(request.user):
        return None
    request.session[STANDING_SESSION_KEY] = REQUIRED
    target = "second_factor:verify" if authenticator_of(request.user) else "second_factor:enrol"
    return redirect(f"{reverse(target)}?{urlencode({'next': request.get_full_path()})}")


@receiver(user_logged_in)
def _remember_requirement(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        request.session[STANDING_SESSION_KEY] = standing(user)
        request.session[LAST_SEEN_SESSION_KEY] = int(clock())


# --- a fresh code for signing -----------------------------------------------------------------------------

# Within a page request: (user id, whether that user gave a code in this very request). Outside one: None.
_fresh: ContextVar[tuple[int | None, bool] | None] = ContextVar("sigap_fresh_second_factor", default=None)


def begin_request(request):
    """Start a page request without a fresh code (tenancy.page); returns the token for `end_request`."""
    return _fresh.set((getattr(request.user, "pk", None), False))


def end_request(token) -> None:
    _fresh.reset(token)


def confirm_fresh(request, code: str) -> None:
    """Check the code typed into a signing form; it counts for the rest of this request only."""
    verify(request.user, code)
    _fresh.set((request.user.pk, True))


def is_fresh(user) -> bool:
    """Has `user` given a code in this request? (True outside a request: commands and services called directly.)"""
    state = _fresh.get()
    if state is None:
        return True
    return state == (getattr(user, "pk", None), True)


# --- idle sessions of those who must use the second factor ------------------------------------------------


def clock() -> float:
    """Now, in seconds (a function of its own so tests can hold the clock)."""
    return time.time()


def idle_limit_seconds() -> int:
    return int(settings.SIGAP_SIGNER_IDLE_MINUTES) * 60


class IdleLogoutMiddleware:
    """Signs out a user who must use the second factor after SIGAP_SIGNER_IDLE_MINUTES without a request."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        session = request.session
        if session.get(STANDING_SESSION_KEY) == REQUIRED and request.user.is_authenticated:
            now = int(clock())
            last = session.get(LAST_SEEN_SESSION_KEY)
            if last is not None and now - last > idle_limit_seconds():
                logout(request)
                messages.info(
                    request,
                    _("Sesi Anda berakhir karena tidak aktif selama %(minutes)s menit. Silakan masuk lagi.")
                    % {"minutes": settings.SIGAP_SIGNER_IDLE_MINUTES},
                )
            elif last is None or now - last >= LAST_SEEN_RESOLUTION:
                session[LAST_SEEN_SESSION_KEY] = now
        return self.get_response(request)


__all__ = [
    "DEVICE_ID_SESSION_KEY",
    "IdleLogoutMiddleware",
    "SecondFactorError",
    "authenticator_of",
    "confirm_fresh",
    "gate",
    "is_fresh",
    "new_backup_codes",
    "require_for",
    "required",
    "required_in",
    "set_authenticator",
    "verify",
]
