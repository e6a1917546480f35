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

# The official document: HTML, PDF and the Buku SOP (sigap/sop/document_views.py).
from . import document_views  # noqa: E402

urlpatterns += [
    path("buku.pdf", document_views.book_pdf, name="book"),
    path("<slug:code>/dokumen/", document_views.sop_document, name="document"),
    path("<slug:code>/pdf/", document_views.sop_pdf, name="pdf"),
]
