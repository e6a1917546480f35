"""URLs of the SOP library, under /<org-slug>/sop/."""
from django.urls import path

from . import views

app_name = "sop"
urlpatterns = [
    path("", views.sop_index, name="index"),
    path("<slug:code>/", views.sop_detail, name="detail"),
    path("<slug:code>/versi/<int:revision>/", views.sop_detail, name="version"),
    path("<slug:code>/perbandingan/", views.sop_compare, name="compare"),
]
