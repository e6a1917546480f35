"""The staff pages in English: no Indonesian left in the interface, a case is an "Application", never a "Request".

SOP content (titles, step sentences, holiday names, people) is data and stays as written;
the check reads the page's visible text with the data of the test's own objects taken out.
The receipt and the slips handed to the applicant are in the office's language on purpose.
"""

import datetime
import html
import re

import pytest

from sigap.cases import services
from sigap.cases.models import Notification
from tests.factories import dtks_to_signing, login, make_staff

COOKIE = "django_language"
INDONESIAN = [
    "Permohonan",
    "permohonan",
    "Kotak masuk",
    "Simpan",
    "Pengaturan",
    "Pemberitahuan",
    "Tandai sudah dibaca",
    "Terima permohonan",
    "melewati batas waktu",
    "Batas waktu",
    "Belum diambil",
    "Keluar",
    "Kembali",
    "Tampilkan",
    "Semua",
]
REQUEST = re.compile(r"\b[Rr]equests?\b")


def visible_text(response, data) -> str:
    page = response.content.decode()
    page = re.sub(r"(?s)<script.*?</script>|<style.*?</style>|<svg.*?</svg>", " ", page)
    page = re.sub(r"(?s)<[^>]+>", "\n", page)
    text = html.unescape(page)
    for value in sorted(data, key=len, reverse=True):
        text = text.replace(value, " ")
    return text


@pytest.fixture
def english_pages(client, magetan_staff):
    case = dtks_to_signing(magetan_staff)
    task = case.tasks.get(state__in=["terbuka", "diambil"])
    services.tasks_sweep(now=task.due_limit + datetime.timedelta(minutes=1))
    assert Notification.objects.filter(task=task).exists()
    admin = make_staff("magetan", "sekretaris", "admin-mgt", admin=True)
    # SOP sentences and names are the office's data, not the interface.
    steps = list(case.version.steps.all())
    data = [step.text for step in steps] + [step.question for step in steps if step.question]
    data += [case.sop.title, case.applicant_name, "Dinas Sosial Kabupaten Magetan"]
    client.cookies[COOKIE] = "en"
    pages = {}
    for user, urls in [
        (
            magetan_staff["kabid"],
            [
                "/magetan/kotak-masuk/",
                "/magetan/permohonan/",
                "/magetan/permohonan/baru/",
                f"/magetan/permohonan/{case.code}/",
                "/magetan/surat/",
                f"/magetan/register/{case.sop.code}/",
            ],
        ),
        (admin, ["/magetan/pengaturan/staf/", "/magetan/pengaturan/pelaksana/", "/magetan/pengaturan/hari-libur/"]),
    ]:
        login(client, user)
        for url in urls:
            response = client.get(url)
            assert response.status_code == 200, url
            pages[url] = visible_text(response, data)
    return case, task, pages


def test_staff_pages_in_english_keep_no_indonesian_interface_words(english_pages):
    _case, _task, pages = english_pages
    leftovers = {url: [word for word in INDONESIAN if re.search(rf"\b{word}\b", text)] for url, text in pages.items()}
    assert {url: words for url, words in leftovers.items() if words} == {}


def test_a_case_is_an_application_in_english(english_pages):
    _case, _task, pages = english_pages
    assert {url: REQUEST.findall(text) for url, text in pages.items() if REQUEST.search(text)} == {}
    assert "Applications" in pages["/magetan/permohonan/"] and "Receive an application" in pages["/magetan/permohonan/"]


def test_notifications_are_shown_in_the_readers_language(client, english_pages, magetan_staff):
    case, task, pages = english_pages
    assert f"Application {case.code} is past the deadline of step {task.step_number}." in pages["/magetan/kotak-masuk/"]
    # stored in the office's language, shown in Bahasa Indonesia to a reader who has not switched
    assert Notification.objects.filter(task=task).first().message.startswith(f"Permohonan {case.code}")
    client.cookies[COOKIE] = "id"
    login(client, magetan_staff["kabid"])
    page = client.get("/magetan/kotak-masuk/").content.decode()
    assert f"Permohonan {case.code} langkah {task.step_number} melewati batas waktu." in page
