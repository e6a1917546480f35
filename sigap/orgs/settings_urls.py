"""URLs of an organization's settings, under /<org-slug>/pengaturan/."""

from django.urls import path

from . import settings_views as views

app_name = "settings"
urlpatterns = [
    path("staf/", views.staff, name="staff"),
    path("staf/<int:membership_id>/status/", views.staff_toggle, name="staff_toggle"),
    path("pelaksana/", views.lanes, name="lanes"),
    path("hari-libur/", views.closures, name="closures"),
    path("hari-libur/<int:closure_id>/hapus/", views.closure_delete, name="closure_delete"),
]
