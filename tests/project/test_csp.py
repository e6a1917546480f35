"""The Content-Security-Policy: every page carries it, scripts run only from sigap's static files, and no
template brings back an inline script, an on... handler, a javascript: address or a <style> without the nonce."""

import re
from pathlib import Path

import pytest
from django.conf import settings

from tests.factories import login, open_case

SIGAP = Path(settings.BASE_DIR) / "sigap"
TEMPLATES = sorted(p for p in SIGAP.rglob("templates/**/*.html"))
# Documents WeasyPrint prints, never a page of the site (the letter's preview sends its own policy and, inside
# the template's edit page, the page's nonce).
PRINTED_ONLY = {"letters/templates/letters/register_pdf.html"}
ON_HANDLER = re.compile(r"""<[a-zA-Z][^>]*?\son[a-z]+\s*=""", re.DOTALL)


def _name(path: Path) -> str:
    return str(path.relative_to(SIGAP))


def test_templates_are_found():
    names = {_name(p) for p in TEMPLATES}
    assert "templates/base.html" in names and "cases/templates/cases/case_detail.html" in names


@pytest.mark.parametrize("path", TEMPLATES, ids=_name)
def test_no_template_carries_an_inline_script_or_handler(path):
    text = path.read_text(encoding="utf-8")
    for tag in re.findall(r"<script\b[^>]*>", text, re.IGNORECASE):
        assert re.search(r"\ssrc=", tag), f"{_name(path)}: an inline script ({tag}); put it in sigap/static"
    assert not ON_HANDLER.search(text), f"{_name(path)}: an on... handler; bind it in sigap/static/sigap.js"
    assert "javascript:" not in text.lower(), f"{_name(path)}: a javascript: address"
    if _name(path) not in PRINTED_ONLY:
        for tag in re.findall(r"<style\b[^>]*>", text, re.IGNORECASE):
            assert "nonce" in tag, f"{_name(path)}: a <style> without the request's nonce; put it in sigap/static"


def _directives(header: str) -> dict[str, list[str]]:
    parts = (part.split() for part in header.split(";") if part.strip())
    return {words[0]: words[1:] for words in parts}


@pytest.mark.django_db
def test_the_policy_loads_nothing_from_elsewhere(client):
    directives = _directives(client.get("/masuk/")["Content-Security-Policy"])
    assert directives["default-src"] == ["'self'"] and directives["script-src"] == ["'self'"]
    assert directives["object-src"] == ["'none'"] and directives["base-uri"] == ["'none'"]
    assert directives["frame-ancestors"] == ["'none'"] and directives["form-action"] == ["'self'"]


@pytest.mark.django_db
def test_pages_carry_the_policy(client, magetan_staff):
    case = open_case(magetan_staff, "surat-keterangan-terdaftar-dtks")
    pages = ["/", "/masuk/", "/magetan/sop/", "/magetan/sop/surat-keterangan-terdaftar-dtks/", "/v/TIDAK-ADA"]
    for url in pages:
        response = client.get(url)
        directives = _directives(response["Content-Security-Policy"])
        assert directives["script-src"] == ["'self'"], url
        assert "'unsafe-inline'" not in directives["style-src"], url
    login(client, magetan_staff["loket"])
    for url in (
        f"/magetan/permohonan/{case.code}/",
        "/magetan/kotak-masuk/",
        f"/magetan/permohonan/{case.code}/tanda-terima/",
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        directives = _directives(response["Content-Security-Policy"])
        assert directives["script-src"] == ["'self'"], url
        for nonce in re.findall(r'<style nonce="([^"]+)"', response.content.decode()):
            assert f"'nonce-{nonce}'" in directives["style-src"], url
    page = client.get(f"/magetan/permohonan/{case.code}/").content.decode()
    assert '<style nonce="' in page and "<script>" not in page
