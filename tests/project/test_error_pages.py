"""The project's own 404 and 500 pages, in Bahasa Indonesia with a way back, in production and in the demo."""

import pytest
from django.test import Client, override_settings

OWN_404 = "Halaman tidak ditemukan"


def not_found(response) -> str:
    assert response.status_code == 404
    page = response.content.decode()
    assert OWN_404 in page and 'href="/"' in page and '<html lang="id">' in page
    assert "Using the URLconf" not in page and "Page not found" not in page
    return page


@pytest.mark.parametrize("debug", [False, True], ids=["production", "demo"])
@pytest.mark.parametrize("url", ["/tidak-ada/sama-sekali/", "/instansi-tak-dikenal/sop/", "/magetan/sop/tidak-ada/"])
def test_unknown_addresses_get_the_projects_404_page(client, shipped_sops, debug, url):
    """The hint about a letter's QR code belongs to the verification page only (/v/<code>), not to these."""
    with override_settings(DEBUG=debug):
        page = not_found(client.get(url))
    assert "kode QR" not in page


@pytest.mark.parametrize("debug", [False, True], ids=["production", "demo"])
def test_verifying_an_unknown_letter_code_gets_the_projects_404_page(client, shipped_sops, debug):
    with override_settings(DEBUG=debug):
        page = not_found(client.get("/v/KODE-TIDAK-ADA"))
    assert "kode QR" in page


def test_404_page_in_english(client, shipped_sops):
    client.cookies["django_language"] = "en"
    with override_settings(DEBUG=True):
        response = client.get("/v/KODE-TIDAK-ADA")
    page = response.content.decode()
    assert response.status_code == 404 and "Page not found" in page and "Back to the home page" in page
    assert OWN_404 not in page


@override_settings(DEBUG=False)
def test_an_error_gets_the_projects_500_page(shipped_sops, monkeypatch):
    def broken():
        raise RuntimeError("synthetic failure")

    monkeypatch.setattr("sigap.views.organization_libraries", broken)
    response = Client(raise_request_exception=False).get("/")
    page = response.content.decode()
    assert response.status_code == 500
    assert "Terjadi kesalahan" in page and 'href="/"' in page and "Kembali ke beranda" in page
    assert "synthetic failure" not in page and "Traceback" not in page
