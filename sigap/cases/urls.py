"""Staff URLs of the case engine, under /<org-slug>/."""

from django.urls import path

from . import correction_views, views

app_name = "cases"
urlpatterns = [
    path("kotak-masuk/", views.inbox, name="inbox"),
    path("kotak-masuk/notifikasi/dibaca/", views.notifications_read, name="notifications_read"),
    path("permohonan/", views.case_list, name="list"),
    path("permohonan/baru/", views.case_new, name="new"),
    path("permohonan/baru/<slug:sop_code>/", views.case_open, name="open"),
    path("permohonan/<str:code>/", views.case_detail, name="detail"),
    path("permohonan/<str:code>/tanda-terima/", views.case_receipt, name="receipt"),
    path("permohonan/<str:code>/koreksi/", correction_views.case_correct, name="correct"),
    path("permohonan/<str:code>/berkas/<int:attachment_id>/", correction_views.attachment_file, name="attachment"),
    path("permohonan/<str:code>/kelengkapan-kurang/", views.case_missing_slip, name="missing_slip"),
    path("permohonan/<str:code>/tugas/<int:task_id>/ambil/", views.task_claim, name="claim"),
    path("permohonan/<str:code>/tugas/<int:task_id>/lepas/", views.task_release, name="release"),
    path("permohonan/<str:code>/tugas/<int:task_id>/selesai/", views.task_complete, name="complete"),
    path("permohonan/<str:code>/tugas/<int:task_id>/kembalikan/", views.task_return, name="return"),
    path("permohonan/<str:code>/tugas/<int:task_id>/alihkan/", views.task_reassign, name="reassign"),
]
