"""Every form the staff pages offer, sent with over-long values and with control characters: never a 500.

The pages are found by following links from the inbox, the case list, the letter register, the settings
and the SOP index of one organization, as its head of office and administrator, with real objects
(a signed letter, a case waiting on a step, a closure). Each form found (its action, fields and values as
the page gives them) is sent once per field with that field 5,000 characters long, once with every
field long, and once with every field holding a NUL, which the edge refuses (400). On
PostgreSQL an over-long value that reaches a bounded column is an error, so this catches a class of
mistakes rather than one instance.
"""

from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import pytest
from django.test import Client

from sigap.orgs.models import Membership
from sigap.worktime.models import Closure
from tests.factories import NIK, dtks_to_signing, login, open_case, run

SEEDS = [
    "/magetan/kotak-masuk/",
    "/magetan/permohonan/",
    "/magetan/permohonan/baru/",
    "/magetan/surat/",
    "/magetan/pengaturan/",
    "/magetan/pengaturan/staf/",
    "/magetan/pengaturan/hari-libur/",
    "/magetan/pengaturan/pelaksana/",
    "/magetan/pengaturan/penandatanganan/",
    "/magetan/sop/",
    "/masuk/",
]
MAX_PAGES = 120
LONG = "x" * 5000
SKIP_FIELDS = {"csrfmiddlewaretoken"}
# What an empty field is filled with, so that the long value of another field reaches the service:
# by the field's name, else by its type, else a word.
FILL_BY_NAME = {"nik": NIK, "phone": "081200000000", "nip": "", "password": "kata-sandi-uji-2026", "next": ""}
FILL_BY_KIND = {"date": "2026-12-30", "number": "1", "email": "contoh@example.invalid", "hidden": ""}


class Page(HTMLParser):
    """The links and forms of one HTML page."""

    def __init__(self):
        super().__init__()
        self.links: list[str] = []
        self.forms: list[dict] = []
        self._form: dict | None = None
        self._select: str | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "a" and a.get("href"):
            self.links.append(a["href"])
        elif tag == "form":
            self._form = {"method": (a.get("method") or "get").lower(), "action": a.get("action") or "", "fields": []}
            self.forms.append(self._form)
        elif self._form is not None and tag in ("input", "textarea") and a.get("name"):
            kind = "textarea" if tag == "textarea" else (a.get("type") or "text").lower()
            if kind in ("checkbox", "radio") and not any(f[0] == a["name"] for f in self._form["fields"]):
                self._form["fields"].append((a["name"], kind, a.get("value") or "on"))
            elif kind not in ("checkbox", "radio", "submit", "button", "file"):
                self._form["fields"].append((a["name"], kind, a.get("value") or ""))
        elif self._form is not None and tag == "select" and a.get("name"):
            self._select = a["name"]
        elif self._select and tag == "option" and self._form is not None:
            self._form["fields"].append((self._select, "select", a.get("value") or ""))
            self._select = None

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "select":
            self._select = None


def crawl(client) -> tuple[list[str], list[dict]]:
    """The pages under /magetan/ reachable from the seeds (HTML only), and the forms on them (each once)."""
    seen, queue, forms, pages = set(), list(SEEDS), {}, []
    while queue and len(pages) < MAX_PAGES:
        url = queue.pop(0)
        if url in seen:
            continue
        seen.add(url)
        response = client.get(url)
        assert response.status_code < 500, url
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        pages.append(url)
        parser = Page()
        parser.feed(response.content.decode())
        for href in parser.links:
            target = urljoin(url, href)
            parts = urlsplit(target)
            if parts.netloc or not parts.path.startswith("/magetan/") or "keluar" in parts.path:
                continue
            queue.append(parts.path + (f"?{parts.query}" if parts.query else ""))
        for form in parser.forms:
            form["action"] = urlsplit(urljoin(url, form["action"] or url)).path
            key = (form["method"], form["action"], tuple(name for name, _kind, _value in form["fields"]))
            forms.setdefault(key, form)
    return pages, list(forms.values())


def send(client, form, data):
    if form["method"] == "post":
        return client.post(form["action"], data)
    return client.get(form["action"], data)


@pytest.fixture
def head_of_office(magetan_staff):
    """Head of office and administrator of Magetan, with a signed letter, a case on a step, and a closure."""
    kadis = magetan_staff["kadis"]
    Membership.objects.filter(user=kadis).update(is_admin=True)
    signed = dtks_to_signing(magetan_staff)
    run(signed, magetan_staff["kabid"])
    dtks_to_signing(magetan_staff)  # a draft waiting for its signature
    open_case(magetan_staff, "surat-keterangan-terdaftar-dtks")
    Closure.objects.create(organization=signed.organization, date="2026-12-24", name="Hari jadi contoh")
    return kadis


@pytest.mark.django_db
def test_every_form_survives_over_long_values_and_control_characters(head_of_office):
    client = login(Client(), head_of_office)
    pages, forms = crawl(client)
    assert len(pages) > 15 and len(forms) > 10, (pages, forms)
    sent = 0
    for form in forms:
        base = {
            name: value or FILL_BY_NAME.get(name, FILL_BY_KIND.get(kind, "Contoh"))
            for name, kind, value in form["fields"]
            if name not in SKIP_FIELDS
        }
        text = list(base)  # every field: text, hidden, select, checkbox (a choice sent long is refused too)
        for name in text:
            response = send(client, form, {**base, name: LONG})
            assert response.status_code < 500, (form["action"], name, response.status_code)
            sent += 1
        if text:
            response = send(client, form, {**base, **dict.fromkeys(text, LONG)})
            assert response.status_code < 500, (form["action"], "all", response.status_code)
            response = send(client, form, {**base, **dict.fromkeys(text, "a\x00b")})
            assert response.status_code == 400, (form["action"], "nul", response.status_code)
            sent += 2
    assert sent > 30
