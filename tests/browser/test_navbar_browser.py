"""The navbar on a phone (375 px): the menu is folded behind the toggler and opens on a click; wide tables scroll
in their own box, never the page. On a 1280 px screen every entry of a head of office who administers the office
fits one row."""

import pytest

from tests.browser.conftest import sign_in
from tests.factories import dtks_to_signing, make_staff, open_case, run

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def phone(browser, live_server):
    context = browser.new_context(
        base_url=live_server.url,
        locale="id-ID",
        timezone_id="Asia/Jakarta",
        viewport={"width": 375, "height": 812},
        device_scale_factor=2,
        is_mobile=True,
        has_touch=True,
    )
    context.set_default_timeout(15000)
    page = context.new_page()
    yield page
    context.close()


def test_menu_is_collapsed_on_a_phone_and_opens_on_click(phone, shipped_sops, magetan_staff):
    sign_in(phone, magetan_staff["loket"].username)
    phone.goto("/magetan/kotak-masuk/")
    toggler = phone.locator("button.navbar-toggler")
    inbox_link = phone.locator("#sigap-nav a.nav-link", has_text="Kotak masuk")
    assert toggler.is_visible()
    assert toggler.get_attribute("aria-expanded") == "false"
    assert not inbox_link.is_visible()
    # the folded bar fits the screen: brand and toggler on one row
    assert phone.evaluate("document.querySelector('nav.navbar').scrollWidth") <= 375
    assert phone.locator("nav.navbar").bounding_box()["height"] < 80

    toggler.click()
    inbox_link.wait_for(state="visible")
    assert toggler.get_attribute("aria-expanded") == "true"
    logout = phone.locator("#sigap-nav button", has_text="Keluar")
    assert not logout.is_visible()
    phone.locator("#sigap-nav button.dropdown-toggle").click()  # the user's name opens its menu
    logout.wait_for(state="visible")
    inbox_link.click()
    phone.wait_for_url("**/magetan/kotak-masuk/")


def test_menu_is_open_without_toggler_on_a_desktop(page, shipped_sops, magetan_staff):
    sign_in(page, magetan_staff["loket"].username)
    page.goto("/magetan/kotak-masuk/")
    assert not page.locator("button.navbar-toggler").is_visible()
    assert page.locator("#sigap-nav a.nav-link", has_text="Kotak masuk").is_visible()


def test_inbox_and_case_list_fit_a_phone(phone, shipped_sops, magetan_staff):
    """Their tables scroll inside their own box (.table-responsive); the page itself never scrolls sideways."""
    open_case(magetan_staff, "surat-keterangan-terdaftar-dtks")
    open_case(magetan_staff, "reaktifasi-kartu-pbi-jkn")
    sign_in(phone, magetan_staff["loket"].username)
    for url in ("/magetan/kotak-masuk/", "/magetan/permohonan/"):
        phone.goto(url)
        assert phone.locator("table tbody tr").count() >= 2, url
        # Mobile Chromium widens the window to what overflows (innerWidth 474 with a wide table): both stay 375.
        scroll_width, inner_width = phone.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
        assert scroll_width <= inner_width == 375, (url, scroll_width, inner_width)
        assert phone.evaluate("document.querySelector('table').closest('.table-responsive') !== null"), url


def test_public_verification_page_fits_a_phone(phone, shipped_sops, magetan_staff):
    """/v/<code>, opened from the QR on a phone: its table reflows or scrolls in its own box, never the page."""
    from concurrent.futures import ThreadPoolExecutor

    from django.db import connection
    from django_scopes import scopes_disabled

    from sigap.letters.models import Letter

    def sign():  # the PDF's signing runs its own event loop: not in the thread Playwright's loop runs in
        try:
            with scopes_disabled():  # as the test thread (tests run unscoped)
                run(case, magetan_staff["kadis"])
        finally:
            connection.close()

    case = dtks_to_signing(magetan_staff)
    with ThreadPoolExecutor(1) as pool:
        pool.submit(sign).result()  # signed: the letter has a public page
    phone.goto(f"/v/{Letter.objects.get(case=case).code}")
    assert phone.locator("[data-verify-status]").is_visible()
    scroll_width, inner_width = phone.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert scroll_width <= inner_width == 375, (scroll_width, inner_width)


def test_every_entry_of_an_administrator_fits_one_row_at_1280_px(browser, live_server, shipped_sops):
    """A head of office who administers the office sees every entry, "Pengaturan" included, on the bar's one row."""
    head = make_staff("magetan", "kadis", "kadis-admin", admin=True)
    head.first_name, head.last_name = "Drs. Nama Contoh Kepala Dinas Yang Cukup Panjang", "S.Sos., M.Si."
    head.save()
    context = browser.new_context(base_url=live_server.url, locale="id-ID", viewport={"width": 1280, "height": 800})
    context.set_default_timeout(15000)
    page = context.new_page()
    try:
        sign_in(page, head.username)
        for language in ("id", "en"):
            context.add_cookies([{"name": "django_language", "value": language, "url": live_server.url}])
            page.goto("/magetan/pengaturan/")
            items = page.locator("nav.navbar .navbar-brand, #sigap-nav .nav-link")
            labels = [text.strip() for text in items.all_inner_texts()]
            assert ("Pengaturan" if language == "id" else "Settings") in labels, labels
            assert len(labels) >= 8, labels  # brand, six entries, the user's menu
            boxes = [items.nth(i).bounding_box() for i in range(items.count())]
            tops = [round(box["y"]) for box in boxes[1:]]  # the links; the brand is centred on their row
            assert max(tops) - min(tops) <= 2, (language, list(zip(labels[1:], tops)))
            middles = [round(box["y"] + box["height"] / 2) for box in boxes]
            assert max(middles) - min(middles) <= 4, (language, list(zip(labels, middles)))
            assert page.locator("nav.navbar").bounding_box()["height"] < 70, language
            assert page.evaluate("document.documentElement.scrollWidth") <= 1280, language
    finally:
        context.close()
