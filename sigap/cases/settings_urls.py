"""The case engine's settings pages, included by the project URLconf under /<org-slug>/pengaturan/."""

from django.urls import path

from . import settings_views as views

urlpatterns = [
    path("pelaksana/", views.lanes, name="lanes"),
]
