"""The navbar on a phone (375 px): the menu is folded behind the toggler and opens on a click; wide tables scroll
in their own box, never the page."""

import pytest

from tests.browser.conftest import sign_in
from tests.factories import open_case

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
    assert phone.locator("#sigap-nav button", has_text="Keluar").is_visible()
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
