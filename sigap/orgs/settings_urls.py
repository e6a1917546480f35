"""URLs of the settings pages orgs holds itself, under /<org-slug>/pengaturan/.

The project URLconf gathers them with the settings pages of the other apps into one
`settings` namespace (sigap/urls.py), so every settings page is `settings:<name>`.
"""

from django.urls import path

from . import access_log_views
from . import settings_views as views

urlpatterns = [
    path("", views.index, name="index"),
    path("staf/", views.staff, name="staff"),
    path("staf/<int:membership_id>/status/", views.staff_toggle, name="staff_toggle"),
    path("staf/<int:membership_id>/identitas/", views.staff_identity, name="staff_identity"),
    path("penandatanganan/", views.signing, name="signing"),
    path("log-akses/", access_log_views.access_log, name="access_log"),
]
