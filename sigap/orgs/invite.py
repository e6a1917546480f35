"""Inviting a new staff member by e-mail: a link at which they set their own password.

The link is Django's password-reset token (`default_token_generator`: it expires after
PASSWORD_RESET_TIMEOUT and is spent once the password is set) under SIGAP_PUBLIC_URL; the page
is Django's PasswordResetConfirmView. Mail goes through Django's `send_mail` (the console backend
unless SIGAP_EMAIL_BACKEND says otherwise).
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.tokens import default_token_generator
from django.contrib.auth.views import PasswordResetConfirmView
from django.core.mail import send_mail
from django.urls import reverse, reverse_lazy
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from .tenancy import Audience, page


def invite_url(user) -> str:
    """The address at which user sets their password."""
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    return settings.SIGAP_PUBLIC_URL + reverse("password_set", args=[uid, default_token_generator.make_token(user)])


def invite_send(*, user, organization) -> None:
    """Send user the invitation to the organization's staff; raises OSError (smtplib's errors) when it cannot."""
    days = settings.PASSWORD_RESET_TIMEOUT // (24 * 3600)
    body = _(
        "Anda didaftarkan sebagai petugas %(org)s di sigap dengan nama pengguna %(user)s.\n\n"
        "Buat kata sandi Anda di alamat berikut (berlaku %(days)s hari, sekali pakai):\n%(url)s\n"
    ) % {"org": organization.name, "user": user.username, "days": days, "url": invite_url(user)}
    send_mail(_("Undangan petugas %(org)s") % {"org": organization.name}, body, None, [user.email])


class PasswordSetView(PasswordResetConfirmView):
    template_name = "registration/password_set.html"
    success_url = reverse_lazy("login")

    def form_valid(self, form):
        response = super().form_valid(form)
        messages.success(self.request, _("Kata sandi tersimpan; silakan masuk."))
        return response


password_set = page(Audience.PUBLIC)(PasswordSetView.as_view())
