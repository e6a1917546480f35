"""URLs of the second factor (namespace `second_factor`): after the password, setting up, the account page."""

from django.urls import path

from . import second_factor_views as views

urlpatterns = [
    path("masuk/kode/", views.verify, name="verify"),
    path("masuk/autentikator/", views.enrol, name="enrol"),
    path("akun/keamanan/", views.account, name="account"),
    path("akun/keamanan/kode-cadangan/", views.backup_codes, name="backup_codes"),
]
