"""Pages of the second factor: enter a code after signing in, set up the authenticator app, the account page.

These pages live outside any organization (public pages by the page decorator's rules) and ask for a signed-in
user themselves. Setting up an authenticator is open to a session that has no confirmed one yet, or that has
given its second factor already: a password alone never replaces an existing authenticator.
"""

from __future__ import annotations

from base64 import b32encode
from binascii import unhexlify
from urllib.parse import urlencode

import segno
from django import forms
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from . import second_factor
from .landing import landing_url
from .tenancy import Audience, page


class CodeForm(forms.Form):
    code = forms.CharField(
        label=gettext_lazy("Kode autentikator"),
        max_length=64,
        help_text=gettext_lazy("Enam angka dari aplikasi autentikator, atau salah satu kode cadangan."),
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "inputmode": "numeric",
                "autofocus": True,
                "spellcheck": "false",
                "aria-describedby": "id_code_help",
                "class": "form-control",
            }
        ),
    )


def _to(name: str, next_url: str) -> str:
    return f"{reverse(name)}?{urlencode({'next': next_url})}"


def _next_url(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return landing_url(request.user)


def _signed_in(view):
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        return view(request, *args, **kwargs)

    wrapper.__name__, wrapper.__doc__ = view.__name__, view.__doc__
    return wrapper


@page(Audience.PUBLIC)
@_signed_in
def verify(request):
    """After the password: the code from the authenticator app (or a backup code)."""
    if second_factor.authenticator_of(request.user) is None:
        return redirect(_to("second_factor:enrol", _next_url(request)))
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            device = second_factor.verify(request.user, form.cleaned_data["code"])
        except second_factor.SecondFactorError as exc:
            form.add_error("code", str(exc))
        else:
            second_factor.sign_in_device(request, device)
            if isinstance(device, StaticDevice):
                left = device.token_set.count()
                messages.warning(request, _("Kode cadangan dipakai; tersisa %(n)s.") % {"n": left})
            return redirect(_next_url(request))
    return render(request, "orgs/second_factor_verify.html", {"form": form, "next": _next_url(request)})


def _grouped_secret(device: TOTPDevice) -> str:
    secret = b32encode(unhexlify(device.key)).decode()
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


@page(Audience.PUBLIC)
@_signed_in
def enrol(request):
    """Set up the authenticator app: scan the QR code (or type the secret), confirm with a code, keep the
    backup codes."""
    user = request.user
    if second_factor.authenticator_of(user) is not None and not second_factor.is_verified(request):
        return redirect(_to("second_factor:verify", _next_url(request)))
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="aplikasi autentikator", confirmed=False)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        refusal = second_factor.throttled(device)
        if not refusal and device.verify_token(second_factor.normalized(form.cleaned_data["code"])):
            TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            second_factor.sign_in_device(request, device)
            codes = second_factor.new_backup_codes(user)
            return render(request, "orgs/second_factor_codes.html", {"codes": codes, "next": _next_url(request)})
        form.add_error("code", refusal or _("Kode salah. Masukkan enam angka yang tampil di aplikasi sekarang."))
    uri = device.config_url
    return render(
        request,
        "orgs/second_factor_enrol.html",
        {
            "form": form,
            "next": _next_url(request),
            "qr": segno.make(uri, error="m").svg_inline(scale=4, border=2, title=_("Kode QR autentikator")),
            "secret": _grouped_secret(device),
            "uri": uri,
        },
    )


@page(Audience.PUBLIC)
@_signed_in
def account(request):
    """The account's security: whether the second factor is required and set up, and the backup codes left."""
    user = request.user
    return render(
        request,
        "orgs/second_factor_account.html",
        {
            "required": second_factor.required(user),
            "authenticator": second_factor.authenticator_of(user),
            "verified": second_factor.is_verified(request),
            "backup_left": StaticToken.objects.filter(device__user=user).count(),
        },
    )


@page(Audience.PUBLIC)
@_signed_in
def backup_codes(request):
    """Ten new backup codes (the old ones stop working), for a session that has given its second factor."""
    if request.method != "POST":
        return redirect("second_factor:account")
    if not second_factor.is_verified(request):
        return redirect(_to("second_factor:verify", reverse("second_factor:account")))
    codes = second_factor.new_backup_codes(request.user)
    return render(request, "orgs/second_factor_codes.html", {"codes": codes, "next": reverse("second_factor:account")})
