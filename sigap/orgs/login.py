"""The staff login: Django's view and form, with an Indonesian error message and a landing page per user.

Django's Indonesian catalog fills the field's name into its sentence ("Masukkan nama pengguna
nama pengguna dan sandi…"); this message says it once. After signing in, a safe `next` is
honoured; without one the user lands on their organization's page (sigap.orgs.landing).
A user name longer than any user's is refused as a wrong login before it is tried (django-axes
would record the attempt in a column of 255 characters).
"""

from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.views import LoginView
from django.utils.translation import gettext_lazy as _

from .landing import landing_url
from .tenancy import Audience, page


class LoginForm(AuthenticationForm):
    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": _("Nama pengguna atau kata sandi salah. Perhatikan huruf besar dan kecil."),
    }

    def clean(self):
        longest = self.username_field.max_length or 254  # as AuthenticationForm bounds the field
        if len(self.cleaned_data.get("username") or "") > longest:
            raise self.get_invalid_login_error()
        return super().clean()


class SigapLoginView(LoginView):
    authentication_form = LoginForm

    def get_default_redirect_url(self):
        return landing_url(self.request.user)


login = page(Audience.PUBLIC)(SigapLoginView.as_view())
