"""The staff login form: Django's own, with an error message written for Bahasa Indonesia.

Django's Indonesian catalog fills the field's name into its sentence ("Masukkan nama pengguna
nama pengguna dan sandi…"); this message says it once.
"""

from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _


class LoginForm(AuthenticationForm):
    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": _("Nama pengguna atau kata sandi salah. Perhatikan huruf besar dan kecil."),
    }
