"""The case list: 25 cases a page, the total, filters kept across pages, bad search input refused clearly."""

import datetime

import pytest

from tests.factories import MONDAY, NIK, login, open_case, run


@pytest.fixture
def thirty_cases(magetan_staff):
    cases = [
        open_case(magetan_staff, "surat-keterangan-terdaftar-dtks", now=MONDAY + datetime.timedelta(minutes=i))
        for i in range(30)
    ]
    for case in cases[:3]:
        run(case, magetan_staff["loket"], decision=False)  # not registered: the papers go back and the case ends
        run(case, magetan_staff["loket"])
    return cases


def rows(page: str) -> int:
    return page.count('<tr><td><a href="/magetan/permohonan/')


def test_the_list_pages_25_a_page_and_shows_the_total(client, magetan_staff, thirty_cases):
    login(client, magetan_staff["loket"])
    first = client.get("/magetan/permohonan/").content.decode()
    assert rows(first) == 25 and "30 permohonan" in first and "Halaman 1 dari 2" in first
    assert thirty_cases[-1].code in first  # newest first
    second = client.get("/magetan/permohonan/", {"hal": 2}).content.decode()
    assert rows(second) == 5 and thirty_cases[0].code in second and "menampilkan 26–30" in second


def test_page_links_keep_the_filters(client, magetan_staff, thirty_cases):
    status = "proses"
    login(client, magetan_staff["loket"])
    page = client.get("/magetan/permohonan/", {"status": status}).content.decode()
    assert "27 permohonan" in page
    assert f'href="?status={status}&amp;hal=2"' in page
    second = client.get("/magetan/permohonan/", {"status": status, "hal": 2}).content.decode()
    assert rows(second) == 2


def test_a_nik_search_pages_by_posting_so_the_nik_stays_out_of_links(client, magetan_staff, thirty_cases):
    login(client, magetan_staff["loket"])
    page = client.post("/magetan/permohonan/", {"q": NIK}).content.decode()
    assert rows(page) == 25 and "30 permohonan" in page
    assert "hal=2" not in page and 'name="hal" value="2"' in page
    second = client.post("/magetan/permohonan/", {"q": NIK, "hal": "2"}).content.decode()
    assert rows(second) == 5


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"q": "x" * 5000}, "paling banyak 200 karakter"),
        ({"status": "bukan-status"}, "Status tidak dikenal"),
        ({"hal": "9" * 400}, ""),
    ],
)
def test_bad_search_input_gets_a_message_not_an_error(client, magetan_staff, data, message):
    case = open_case(magetan_staff, "surat-keterangan-terdaftar-dtks")
    login(client, magetan_staff["loket"])
    for response in (client.post("/magetan/permohonan/", data), client.get("/magetan/permohonan/", data)):
        assert response.status_code == 200
        page = response.content.decode()
        assert message in page and case.code in page  # the bad value is dropped, the list still shows
