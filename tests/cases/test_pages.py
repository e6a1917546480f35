"""The staff pages of the case engine, through the Django test client."""

from django.core.files.uploadedfile import SimpleUploadedFile

from sigap.cases.models import Attachment, Case, CaseEvent
from tests.factories import NIK, login, open_case, png_bytes

PNG = png_bytes()


def test_pages_need_login(client, magetan_staff):
    response = client.get("/magetan/kotak-masuk/")
    assert response.status_code == 302 and response.url.startswith("/masuk/")


def test_non_member_gets_404_everywhere(client, magetan_staff):
    case = open_case(magetan_staff, "surat-keterangan-terdaftar-dtks")
    task = case.tasks.get(state="terbuka")
    login(client, magetan_staff["bangkalan"])
    for url in (
        "/magetan/kotak-masuk/",
        "/magetan/permohonan/",
        f"/magetan/permohonan/{case.code}/",
        f"/magetan/permohonan/{case.code}/tanda-terima/",
        "/magetan/permohonan/baru/",
    ):
        assert client.get(url).status_code == 404, url
    response = client.post(f"/magetan/permohonan/{case.code}/tugas/{task.pk}/selesai/", {"decision": "ya"})
    assert response.status_code == 404
    task.refresh_from_db()
    assert task.state == "terbuka"
    # A case of another organization is not found under the user's own organization either.
    assert client.get(f"/bangkalan/permohonan/{case.code}/").status_code == 404


def test_open_a_case_at_the_counter(client, magetan_staff, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    login(client, magetan_staff["loket"])
    response = client.get("/magetan/permohonan/baru/surat-keterangan-terdaftar-dtks/")
    assert "Fotokopi KTP pemohon" in response.content.decode()
    response = client.post(
        "/magetan/permohonan/baru/surat-keterangan-terdaftar-dtks/",
        {
            "applicant_name": "Sri Contoh",
            "nik": NIK,
            "phone": "0812-3456 7890",
            "address": "Desa Contoh",
            "req_0": "on",
            "file_1": SimpleUploadedFile("kk.png", PNG, content_type="image/png"),
        },
    )
    case = Case.objects.get()
    assert response.status_code == 302 and response.url == f"/magetan/permohonan/{case.code}/"
    assert [r["ada"] for r in case.requirements] == [True, True, False]
    attachment = Attachment.objects.get()
    assert attachment.content_type == "image/png" and attachment.requirement == "Fotokopi Kartu Keluarga"
    receipt = client.get(f"/magetan/permohonan/{case.code}/tanda-terima/").content.decode()
    assert case.code in receipt and "3520********0003" in receipt and NIK not in receipt


def test_wrong_upload_is_refused_before_anything_is_stored(client, magetan_staff, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    login(client, magetan_staff["loket"])
    response = client.post(
        "/magetan/permohonan/baru/surat-keterangan-terdaftar-dtks/",
        {
            "applicant_name": "Sri Contoh",
            "nik": NIK,
            "file_0": SimpleUploadedFile("ktp.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf"),
        },
    )
    assert response.status_code == 200
    assert "bukan PDF, JPEG atau PNG" in response.content.decode()
    assert not Case.objects.exists() and not Attachment.objects.exists()
    assert not any(tmp_path.rglob("*.*"))


def test_oversized_upload_is_refused(client, magetan_staff, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.SIGAP_UPLOAD_MAX_BYTES = 1024
    login(client, magetan_staff["loket"])
    response = client.post(
        "/magetan/permohonan/baru/surat-keterangan-terdaftar-dtks/",
        {
            "applicant_name": "Sri Contoh",
            "nik": NIK,
            "file_0": SimpleUploadedFile("ktp.png", PNG + b"\x00" * 2048, content_type="image/png"),
        },
    )
    assert "terlalu besar" in response.content.decode()
    assert not Case.objects.exists()


def test_bad_nik_on_the_form(client, magetan_staff):
    login(client, magetan_staff["loket"])
    response = client.post(
        "/magetan/permohonan/baru/surat-keterangan-terdaftar-dtks/",
        {"applicant_name": "Sri", "nik": "3520019913850003"},
    )
    assert "tanggal lahir pada NIK" in response.content.decode()
    assert not Case.objects.exists()


def test_inbox_shows_the_lane_tasks_and_complete_twice_gives_one_completion(client, magetan_staff):
    case = open_case(magetan_staff, "surat-keterangan-terdaftar-dtks")
    login(client, magetan_staff["loket"])
    assert case.code in client.get("/magetan/kotak-masuk/").content.decode()
    # the heads' lane does not see step 2 of the counter's lane in its inbox
    assert (
        case.code not in login(client.__class__(), magetan_staff["kadis"]).get("/magetan/kotak-masuk/").content.decode()
    )
    task = case.tasks.get(state="terbuka")
    url = f"/magetan/permohonan/{case.code}/tugas/{task.pk}/selesai/"
    first = client.post(url, {"decision": "ya", "note": "terdaftar"}, follow=True)
    second = client.post(url, {"decision": "ya", "note": "terdaftar"}, follow=True)
    assert "Langkah 2 selesai" in first.content.decode()
    assert "sudah diselesaikan" in second.content.decode()
    assert case.events.filter(kind=CaseEvent.Kind.COMPLETED, step_number=2).count() == 1
    assert case.tasks.filter(step_number=4).count() == 1


def test_case_page_shows_timeline_and_current_step(client, magetan_staff):
    case = open_case(magetan_staff, "surat-keterangan-terdaftar-dtks")
    login(client, magetan_staff["loket"])
    page = client.get(f"/magetan/permohonan/{case.code}/").content.decode()
    assert "Permohonan diterima" in page and 'data-current-step="2"' in page and 'g.step[data-step="2"]' in page
    assert "Jawa Timur · Kabupaten Magetan" in page
    assert "Terdaftar di SIKS-NG?" in page


def test_return_documents_from_the_page(client, magetan_staff):
    case = open_case(magetan_staff, "surat-keterangan-terdaftar-dtks")
    task = case.tasks.get(state="terbuka")
    login(client, magetan_staff["loket"])
    client.post(
        f"/magetan/permohonan/{case.code}/tugas/{task.pk}/kembalikan/", {"missing": "Fotokopi KK\nSurat pengantar"}
    )
    case.refresh_from_db()
    assert case.status == Case.Status.RETURNED
    page = client.get(f"/magetan/permohonan/{case.code}/").content.decode()
    assert "Fotokopi KK, Surat pengantar" in page


def test_case_search_by_nik_and_code(client, magetan_staff):
    case = open_case(magetan_staff, "surat-keterangan-terdaftar-dtks")
    login(client, magetan_staff["loket"])
    assert case.code in client.post("/magetan/permohonan/", {"q": NIK}).content.decode()
    assert case.code in client.get("/magetan/permohonan/", {"q": case.code.lower()}).content.decode()
    assert case.code not in client.post("/magetan/permohonan/", {"q": "3520014107850004"}).content.decode()
    # A NIK in the address is not searched (it would sit in logs and browser history).
    refused = client.get("/magetan/permohonan/", {"q": NIK}).content.decode()
    assert "Cari NIK lewat kotak pencarian" in refused and f'value="{NIK}"' not in refused


def test_login_is_throttled(client, magetan_staff):
    for _ in range(5):
        client.post("/masuk/", {"username": "loket", "password": "salah"})
    response = client.post("/masuk/", {"username": "loket", "password": "rahasia-uji-123"})
    assert response.status_code == 429 and "dikunci sementara" in response.content.decode()


def test_heads_see_overdue_notifications_in_their_inbox(client, magetan_staff):
    from sigap.cases import services

    case = open_case(magetan_staff, "surat-keterangan-terdaftar-dtks")
    task = case.tasks.get(state="terbuka")
    services.tasks_sweep(now=task.due_limit + __import__("datetime").timedelta(hours=1))
    login(client, magetan_staff["kabid"])
    page = client.get("/magetan/kotak-masuk/").content.decode()
    assert f"Permohonan {case.code} langkah 2 melewati batas waktu." in page
    client.post("/magetan/kotak-masuk/notifikasi/dibaca/")
    assert "melewati batas waktu" not in client.get("/magetan/kotak-masuk/").content.decode()


def test_province_inbox_receives_the_handed_over_adoption_case(client, magetan_staff):
    from tests.factories import run, step_now

    s = magetan_staff
    case = open_case(s, "pelayanan-proses-adopsi-anak")
    for user, decision in (
        (s["rehsos"], None),
        (s["rehsos"], None),
        (s["rehsos"], None),
        (s["rehsos"], True),
        (s["kabid_rehsos"], None),
        (s["rehsos"], None),
    ):
        run(case, user, decision=decision)
    assert step_now(case).organization.slug == "jatim"
    login(client, s["jatim"])
    assert case.code in client.get("/jatim/kotak-masuk/").content.decode()
    page = client.get(f"/jatim/permohonan/{case.code}/").content.decode()
    assert "Catat: sudah dilakukan" in page
    # Magetan's inbox no longer lists it as work for its staff.
    login(client, s["rehsos"])
    assert case.code not in client.get("/magetan/kotak-masuk/").content.decode()


def test_inbox_pages_fifty_rows_overdue_first(client, magetan_staff):
    import datetime
    from zoneinfo import ZoneInfo

    start = datetime.datetime(2026, 11, 2, 8, 0, tzinfo=ZoneInfo("Asia/Jakarta"))
    cases = [
        open_case(magetan_staff, "surat-keterangan-terdaftar-dtks", now=start + datetime.timedelta(minutes=i))
        for i in range(55)
    ]
    login(client, magetan_staff["loket"])
    first = client.get("/magetan/kotak-masuk/").content.decode()
    assert first.count('data-task="') == 50 and "Halaman 1 dari 2" in first
    assert first.index(cases[0].code) < first.index(cases[1].code)  # the most overdue first
    assert first.count("table-danger") == 50
    second = client.get("/magetan/kotak-masuk/", {"hal": 2}).content.decode()
    assert second.count('data-task="') == 5 and cases[-1].code in second


def test_a_completion_reads_no_settings_once_they_are_remembered(client, magetan_staff):
    """Calendar, lane mapping and signing steps come from memory until the organization's settings change."""
    import datetime

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from sigap.worktime.models import Closure

    settings_tables = ("worktime_", "cases_laneassignment", "orgs_position", "letters_lettertemplate")
    login(client, magetan_staff["loket"])

    def complete_step_2(case):
        task = case.tasks.get(state="terbuka")
        with CaptureQueriesContext(connection) as queries:
            response = client.post(f"/magetan/permohonan/{case.code}/tugas/{task.pk}/selesai/", {"decision": "ya"})
        assert response.status_code == 302 and case.tasks.get(state="terbuka").step_number == 4
        # The page's own read of the user's memberships (with their positions) happens on every request.
        return [
            q["sql"]
            for q in queries.captured_queries
            if any(t in q["sql"] for t in settings_tables) and not q["sql"].startswith('SELECT "orgs_membership"')
        ]

    cases = [open_case(magetan_staff, "surat-keterangan-terdaftar-dtks") for _ in range(4)]
    assert complete_step_2(cases[0])  # the first one reads them
    assert complete_step_2(cases[1]) == []
    # A change renews the organization's stamp: the next request reads the settings again and sees it.
    Closure.objects.create(organization=None, date=datetime.date(2026, 11, 24), name="Libur contoh")
    assert any("worktime_closure" in sql for sql in complete_step_2(cases[2]))
    assert complete_step_2(cases[3]) == []


def test_case_page_splits_working_time_in_hours_and_minutes(client, magetan_staff):
    import datetime

    from sigap.cases import services
    from tests.factories import MONDAY, run, step_now

    s = magetan_staff
    case = open_case(s, "surat-keterangan-terdaftar-dtks")
    waiting = services.case_return_documents(
        organization=case.organization,
        task_id=step_now(case).pk,
        user=s["loket"],
        missing=["Fotokopi KK"],
        now=MONDAY + datetime.timedelta(minutes=3),
    )
    services.task_complete(
        organization=waiting.organization,
        task_id=waiting.pk,
        user=s["loket"],
        now=MONDAY + datetime.timedelta(days=1, minutes=3),
    )
    for user, decision in ((s["loket"], True), (s["loket"], None), (s["kabid"], None), (s["loket"], None)):
        run(case, user, decision=decision)  # each office step done 5 minutes after it started
    login(client, s["loket"])
    page = client.get(f"/magetan/permohonan/{case.code}/").content.decode()
    # office 3 + 4 × 5 minutes; the applicant one working day (Monday 09:03 to Tuesday 09:03 = 7.5 hours)
    assert "kantor 23 menit · pemohon 7 jam 30 menit · pihak luar 0 menit" in page
    client.cookies["django_language"] = "en"
    page = client.get(f"/magetan/permohonan/{case.code}/").content.decode()
    assert "office 23 minutes · applicant 7 hours 30 minutes · external parties 0 minutes" in page
