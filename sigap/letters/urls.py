"""Staff URLs of letters, under /<org-slug>/."""

from django.urls import path

from . import views

app_name = "letters"
urlpatterns = [
    path("surat/", views.letter_register, name="register"),
    path("surat/templat/", views.template_list, name="templates"),
    path("surat/templat/<slug:template_code>/", views.template_edit, name="template_edit"),
    path("surat/<str:code>/", views.letter_detail, name="detail"),
    path("surat/<str:code>/pratinjau/", views.letter_preview, name="preview"),
    path("surat/<str:code>/pdf/", views.letter_pdf, name="pdf"),
    path("surat/<str:code>/cabut/", views.letter_revoke, name="revoke"),
    path("surat/<str:code>/buat-ulang/", views.letter_regenerate, name="regenerate"),
    path("surat/<str:code>/batalkan/", views.letter_void, name="void"),
    path("register/<slug:sop_code>/", views.sop_register, name="sop_register"),
    path("permohonan/<str:code>/arsip.zip", views.case_archive_zip, name="archive"),
    path("permohonan/<str:code>/tugas/<int:task_id>/tolak-draf/", views.letter_reject, name="reject"),
]
