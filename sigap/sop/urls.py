"""URLs of the SOP library, under /<org-slug>/sop/: pages, the official documents and the Buku SOP."""

from django.urls import path

from . import document_views, views

app_name = "sop"
urlpatterns = [
    path("", views.sop_index, name="index"),
    path("buku.pdf", document_views.book_pdf, name="book"),
    path("<slug:code>/", views.sop_detail, name="detail"),
    path("<slug:code>/versi/<int:revision>/", views.sop_detail, name="version"),
    path("<slug:code>/perbandingan/", views.sop_compare, name="compare"),
    path("<slug:code>/dokumen/", document_views.sop_document, name="document"),
    path("<slug:code>/pdf/", document_views.sop_pdf, name="pdf"),
]
