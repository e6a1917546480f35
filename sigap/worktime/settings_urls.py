"""Working time's settings pages, included by the project URLconf under /<org-slug>/pengaturan/."""

from django.urls import path

from . import settings_views as views

urlpatterns = [
    path("hari-libur/", views.closures, name="closures"),
    path("hari-libur/<int:closure_id>/hapus/", views.closure_delete, name="closure_delete"),
]
