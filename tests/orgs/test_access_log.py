"""The access log: every read of personal data is recorded (never a NIK in clear), records cannot be changed
or removed, and the administrator searches and exports them."""

import datetime
import io

import openpyxl
import pytest
from django.db import connection, transaction
from django.db.utils import DatabaseError
from django.test import RequestFactory

from sigap.orgs.access_log import AccessRecord, AppendOnly, nik_key, record_access
from sigap.orgs.client import client_address
from sigap.orgs.models import Organization
from sigap.privacy import keyed_hash
from tests.factories import NIK, WIB, login, make_staff, open_case, run

DTKS = "surat-keterangan-terdaftar-dtks"
Action = AccessRecord.Action
AGENT = "Mozilla/5.0 (X11; Linux) Uji"
LOG_URL = "/magetan/pengaturan/log-akses/"


@pytest.fixture
def administrator(shipped_sops):
    return make_staff("magetan", "sekretaris", "admin-log", admin=True)


def reads(case, attachment, letter):
    """(method, url, data, action, object kind, object ref, detail) of every read of personal data."""
    base = f"/magetan/permohonan/{case.code}/"
    return [
        ("get", base, {}, Action.CASE_VIEW, "case", case.code, ""),
        ("get", base + "tanda-terima/", {}, Action.CASE_PRINT, "case", case.code, "tanda-terima"),
        ("get", base + "koreksi/", {}, Action.CASE_VIEW, "case", case.code, "koreksi"),
        ("get", base + f"berkas/{attachment.pk}/", {}, Action.FILE_VIEW, "attachment", str(attachment.pk), ""),
        ("get", base + "arsip.zip", {}, Action.ARCHIVE, "case", case.code, ""),
        ("get", f"/magetan/surat/{letter.code}/", {}, Action.LETTER_VIEW, "letter", letter.code, ""),
        ("get", f"/magetan/surat/{letter.code}/pratinjau/", {}, Action.LETTER_VIEW, "letter", letter.code, "pratinjau"),
        ("get", f"/magetan/surat/{letter.code}/pdf/", {}, Action.LETTER_PDF, "letter", letter.code, ""),
        ("get", f"/magetan/register/{DTKS}/", {"format": "xlsx"}, Action.REGISTER_EXPORT, "sop", DTKS, "xlsx"),
        ("get", f"/magetan/register/{DTKS}/", {"format": "pdf"}, Action.REGISTER_EXPORT, "sop", DTKS, "pdf"),
        ("get", "/magetan/surat/", {"format": "xlsx"}, Action.LETTER_REGISTER_EXPORT, "", "", "xlsx"),
        ("post", "/magetan/permohonan/", {"q": NIK}, Action.NIK_SEARCH, "nik", keyed_hash(NIK), ""),
    ]


def test_every_read_of_personal_data_writes_one_record(client, magetan_staff, signed_dtks):
    case, attachment, letter = signed_dtks
    reader = magetan_staff["kabid"]
    login(client, reader)
    for method, url, data, action, kind, ref, detail in reads(case, attachment, letter):
        before = AccessRecord.objects.count()
        response = getattr(client, method)(url, data, HTTP_USER_AGENT=AGENT, REMOTE_ADDR="10.1.2.3")
        assert response.status_code == 200, url
        assert AccessRecord.objects.count() == before + 1, url
        record = AccessRecord.objects.order_by("-pk").first()
        assert record is not None
        assert (record.action, record.object_kind, record.object_ref, record.detail) == (action, kind, ref, detail)
        assert record.organization == case.organization and record.user == reader and record.username == "kabid"
        assert record.case_code == (case.code if kind in ("case", "attachment", "letter") else "")
        assert record.client_address == "10.1.2.3" and record.user_agent == AGENT
    assert AccessRecord.objects.filter(action=Action.NIK_SEARCH).count() == 1


def test_no_record_holds_a_nik_in_clear(client, magetan_staff, signed_dtks):
    case, attachment, letter = signed_dtks
    login(client, magetan_staff["loket"])
    for method, url, data, *_expected in reads(case, attachment, letter):
        getattr(client, method)(url, data)
    client.post("/magetan/permohonan/", {"q": "3520 0141 0785 0003"})  # typed with spaces: the same hash
    assert AccessRecord.objects.filter(object_kind="nik", object_ref=keyed_hash(NIK)).count() == 2
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM orgs_accessrecord")
        stored = " ".join(str(value) for row in cursor.fetchall() for value in row)
    assert NIK not in stored and NIK[4:] not in stored


def test_a_refused_read_writes_nothing(client, magetan_staff, signed_dtks):
    case, attachment, letter = signed_dtks
    login(client, magetan_staff["rehsos"])  # another lane
    for method, url, data, action, *_rest in reads(case, attachment, letter):
        response = getattr(client, method)(url, data)
        if action not in (Action.NIK_SEARCH, Action.REGISTER_EXPORT, Action.LETTER_REGISTER_EXPORT):
            assert response.status_code == 404, url
    assert not AccessRecord.objects.exclude(
        action__in=[Action.NIK_SEARCH, Action.REGISTER_EXPORT, Action.LETTER_REGISTER_EXPORT]
    ).exists()


def test_the_province_reading_a_handed_over_case_is_recorded_for_the_kabupaten(client, magetan_staff):
    from tests.factories import open_case

    s = magetan_staff
    case = open_case(s, "pelayanan-proses-adopsi-anak")
    for user, decision in ((s["rehsos"], None),) * 3 + ((s["rehsos"], True), (s["kadis"], None), (s["rehsos"], None)):
        run(case, user, decision=decision)
    login(client, s["jatim"])
    assert client.get(f"/jatim/permohonan/{case.code}/").status_code == 200
    record = AccessRecord.objects.get()
    assert record.organization.slug == "magetan" and record.user == s["jatim"] and record.case_code == case.code


@pytest.mark.parametrize(
    ("proxies", "remote", "forwarded", "expected"),
    [
        (0, "10.0.0.5", "203.0.113.9", "10.0.0.5"),  # no trusted proxy: a client's header is ignored
        (1, "10.0.0.5", "198.51.100.1, 203.0.113.9", "203.0.113.9"),  # what the one proxy saw
        (2, "10.0.0.5", "198.51.100.1, 203.0.113.9", "198.51.100.1"),
        (2, "10.0.0.5", "203.0.113.9", "10.0.0.5"),  # fewer entries than proxies: not theirs
        (1, "10.0.0.5", "bukan-alamat", "10.0.0.5"),  # a header the proxy did not write: its peer
        (0, "", "", None),
        (0, "2001:db8::1", "", "2001:db8::1"),
    ],
)
def test_client_address(settings, proxies, remote, forwarded, expected):
    settings.SIGAP_TRUSTED_PROXY_COUNT = proxies
    request = RequestFactory().get("/", REMOTE_ADDR=remote, HTTP_X_FORWARDED_FOR=forwarded)
    assert client_address(request) == expected


def test_a_hostile_user_agent_is_stored_short_and_without_nul(magetan_staff, signed_dtks):
    case, _attachment, _letter = signed_dtks
    request = RequestFactory().get("/", HTTP_USER_AGENT="A\x00" + "b" * 500, REMOTE_ADDR="not-an-ip")
    request.user = magetan_staff["kabid"]
    record = record_access(request, Action.CASE_VIEW, case)
    record = AccessRecord.objects.get(pk=record.pk)
    assert record.user_agent == "A" + "b" * 199 and record.client_address is None
    with pytest.raises(ValueError):
        record_access(request, Action.NIK_SEARCH, nik="Siti Contoh")  # never stores what is not a NIK


@pytest.fixture
def record(magetan_staff, signed_dtks):
    case, _attachment, _letter = signed_dtks
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.1")
    request.user = magetan_staff["kabid"]
    return record_access(request, Action.CASE_VIEW, case)


def test_records_cannot_be_changed_or_removed_through_the_orm(record):
    record.username = "orang-lain"
    with pytest.raises(AppendOnly):
        record.save()
    with pytest.raises(AppendOnly):
        record.delete()
    with pytest.raises(AppendOnly):
        AccessRecord.objects.filter(pk=record.pk).update(username="x")
    with pytest.raises(AppendOnly):
        AccessRecord.objects.filter(pk=record.pk).delete()
    with pytest.raises(AppendOnly):
        AccessRecord._base_manager.all().delete()
    assert AccessRecord.objects.get(pk=record.pk).username == "kabid"


def test_the_database_refuses_to_update_a_record(record):
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE orgs_accessrecord SET username = 'x' WHERE id = %s", [record.pk])
    assert AccessRecord.objects.get(pk=record.pk).username == "kabid"


@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite keeps DELETE for the test runner's flush")
def test_postgresql_refuses_to_delete_a_record(record):
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM orgs_accessrecord WHERE id = %s", [record.pk])
    assert AccessRecord.objects.filter(pk=record.pk).exists()


def test_django_admin_shows_records_read_only(client, record):
    from django.contrib.auth import get_user_model

    login(client, get_user_model().objects.create_superuser("akar", password="x"))
    assert client.get("/admin/orgs/accessrecord/").status_code == 200
    assert client.get("/admin/orgs/accessrecord/add/").status_code == 403
    change = client.post(f"/admin/orgs/accessrecord/{record.pk}/change/", {"username": "x"})
    assert change.status_code in (200, 403)
    assert client.post(f"/admin/orgs/accessrecord/{record.pk}/delete/", {"post": "yes"}).status_code == 403
    listing = client.post("/admin/orgs/accessrecord/", {"action": "delete_selected", "_selected_action": [record.pk]})
    assert listing.status_code in (200, 302)
    assert AccessRecord.objects.get(pk=record.pk).username == "kabid"


def test_the_access_log_page_is_for_administrators_only(client, magetan_staff, administrator):
    for user in (magetan_staff["kadis"], magetan_staff["kabid"], magetan_staff["loket"]):  # kadis: no admin flag
        login(client, user)
        assert client.get(LOG_URL).status_code == 404
    login(client, administrator)
    page = client.get(LOG_URL)
    assert page.status_code == 200 and 'id="log-akses"' in page.content.decode()
    assert LOG_URL in client.get("/magetan/pengaturan/staf/").content.decode()  # in the settings menu


def add(organization, user, at, action=Action.CASE_VIEW, **fields):
    return AccessRecord.objects.create(
        organization=organization, user=user, username=user.username, at=at, action=action, **fields
    )


@pytest.fixture
def history(magetan_staff):
    magetan = Organization.objects.get(slug="magetan")
    day = datetime.datetime(2026, 11, 23, 10, 0, tzinfo=WIB)
    loket, kabid = magetan_staff["loket"], magetan_staff["kabid"]
    return {
        "a": add(magetan, loket, day, object_kind="case", object_ref="AAAA-BBBB-CCCC", case_code="AAAA-BBBB-CCCC"),
        "b": add(magetan, kabid, day + datetime.timedelta(days=1), Action.ARCHIVE, case_code="AAAA-BBBB-CCCC"),
        "c": add(
            magetan,
            loket,
            day + datetime.timedelta(days=2),
            Action.NIK_SEARCH,
            object_kind="nik",
            object_ref=nik_key(NIK),
            subject_key=nik_key(NIK),
        ),
        "other": add(
            Organization.objects.get(slug="bangkalan"),
            magetan_staff["bangkalan"],
            day + datetime.timedelta(minutes=7),
            case_code="AAAA-BBBB-CCCC",
        ),
    }


def shown(page, history) -> set[str]:
    text = page.content.decode()
    return {name for name, record in history.items() if f"{record.at.astimezone(WIB):%d/%m/%Y %H:%M:%S}" in text}


@pytest.mark.parametrize(
    ("search", "expected"),
    [
        ({}, {"a", "b", "c"}),
        ({"pengguna": "kabid"}, {"b"}),
        ({"pengguna": "LOKET"}, {"a", "c"}),
        ({"mulai": "2026-11-24", "sampai": "2026-11-24"}, {"b"}),
        ({"mulai": "2026-11-24"}, {"b", "c"}),
        ({"aksi": Action.ARCHIVE}, {"b"}),
        ({"q": "aaaa-bbbb-cccc"}, {"a", "b"}),
        ({"q": "3520.0141.0785.0003"}, {"c"}),  # a NIK is hashed to find the NIK searches
        ({"q": "3520014107850004"}, set()),
    ],
)
def test_the_administrator_searches_the_log(client, administrator, history, search, expected):
    login(client, administrator)
    page = client.post(LOG_URL, search)
    assert page.status_code == 200
    assert shown(page, history) == expected


def test_a_nik_typed_in_the_search_finds_the_reads_of_that_persons_cases(client, administrator, magetan_staff):
    """Who saw my data? The NIK finds every read of the cases it is the applicant's NIK of, not only the
    searches for it; another applicant's case stays out."""
    mine = open_case(magetan_staff, DTKS)
    other = open_case(magetan_staff, DTKS, nik="3520014107850011")
    login(client, magetan_staff["loket"])
    for case in (mine, other):
        assert client.get(f"/magetan/permohonan/{case.code}/").status_code == 200
    login(client, administrator)
    page = client.post(LOG_URL, {"q": NIK}).content.decode()
    assert mine.code in page and other.code not in page and "1 catatan" in page
    assert AccessRecord.objects.get(case_code=mine.code).subject_key == keyed_hash(NIK)


def test_the_log_pages_by_post(client, administrator, magetan_staff):
    magetan = Organization.objects.get(slug="magetan")
    start = datetime.datetime(2026, 11, 23, 8, 0, tzinfo=WIB)
    for minute in range(60):
        add(magetan, magetan_staff["loket"], start + datetime.timedelta(minutes=minute))
    login(client, administrator)
    first = client.post(LOG_URL, {}).content.decode()
    assert "60 catatan" in first and "23/11/2026 08:59:00" in first and "23/11/2026 08:00:00" not in first
    second = client.post(LOG_URL, {"hal": "2"}).content.decode()
    assert "23/11/2026 08:00:00" in second and "23/11/2026 08:59:00" not in second


def test_the_export_holds_the_search_and_writes_formulas_as_text(client, administrator, history, magetan_staff):
    hostile = add(
        Organization.objects.get(slug="magetan"),
        magetan_staff["loket"],
        datetime.datetime(2026, 11, 27, 9, 0, tzinfo=WIB),
        user_agent='=HYPERLINK("http://contoh.invalid","x")',
    )
    login(client, administrator)
    response = client.post(LOG_URL, {"format": "xlsx", "pengguna": "loket"})
    assert response.status_code == 200 and response["Content-Disposition"].startswith("attachment;")
    book = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    rows = list(book.active.iter_rows(values_only=False))
    assert rows[0][0].value == "Waktu" and len(rows) == 1 + 3  # a, c and the hostile one, not kabid's
    agent = rows[1][9]
    assert agent.value == hostile.user_agent and agent.data_type == "s"
    assert rows[1][0].value == datetime.datetime(2026, 11, 27, 9, 0)
    assert {row[5].value for row in rows[1:]} >= {nik_key(NIK)} and all(
        NIK not in str(c.value) for r in rows for c in r
    )
