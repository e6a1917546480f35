"""Playwright driving Debian's Chromium against the live test server.

Playwright's own browser download is not used: the suite launches the
distribution's /usr/bin/chromium (installed by scripts/system-deps.sh).
"""

import os
import shutil

import pytest

# Playwright's sync API runs an event loop in the test thread; the test's own
# ORM calls (fixtures, assertions) are still synchronous and safe here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("SIGAP_CHROMIUM", shutil.which("chromium") or "/usr/bin/chromium")
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    if not os.path.exists(CHROMIUM):
        pytest.fail(f"Chromium tidak ditemukan di {CHROMIUM}; jalankan scripts/system-deps.sh")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def plain_http_server_settings():
    """The live server builds its middleware once, when it starts: the plain-HTTP settings of the suite
    (tests/conftest.py, served_over_plain_http) must already hold then, or SecurityMiddleware redirects
    every page to HTTPS for the whole session."""
    from django.test import override_settings

    with override_settings(
        SECURE_SSL_REDIRECT=False, SESSION_COOKIE_SECURE=False, CSRF_COOKIE_SECURE=False, SECURE_HSTS_SECONDS=0
    ):
        yield


@pytest.fixture(scope="session")
def live_server(plain_http_server_settings, live_server):
    return live_server


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(base_url=live_server.url, locale="id-ID", timezone_id="Asia/Jakarta")
    context.set_default_timeout(15000)
    page = context.new_page()
    yield page
    context.close()


def sign_in(page, username, password="rahasia-uji-123"):
    """The login page, then (for a signer or administrator) the authenticator's code, pasted with a space."""
    from django.contrib.auth import get_user_model

    from sigap.orgs.second_factor import required
    from tests.factories import authenticator, otp_code

    user = get_user_model().objects.get(username=username)
    asks_code = required(user)
    if asks_code:
        authenticator(user)
    page.goto("/masuk/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("button[type=submit]")
    if asks_code:
        page.wait_for_url(lambda url: "/masuk/kode/" in url)
        code = otp_code(user)
        page.fill("#id_code", f"{code[:3]} {code[3:]}")
        page.click("main button[type=submit]")
    page.wait_for_url(lambda url: "/masuk/" not in url)


def sign_out(page):
    """Keluar sits in the menu the user's name opens (base.html)."""
    page.locator("#sigap-nav button.dropdown-toggle").click()
    page.get_by_role("button", name="Keluar").click()
    page.locator("#sigap-nav a.nav-link", has_text="Masuk petugas").wait_for()  # signed out
