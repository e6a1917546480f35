"""What a letter shows before and after signing: the template editor's preview, the DRAF mark instead of the
signature statement and QR, the address row left out when the counter recorded none, messages that start
with a capital."""

from html.parser import HTMLParser

import pytest

from sigap.cases import services as case_services
from sigap.letters import placeholders, rendering, services
from sigap.letters.models import Letter
from sigap.orgs.models import Organization
from sigap.sop.models import Sop
from tests.factories import MONDAY, NIK, dtks_to_signing, login, make_staff, pdf_text, run

DTKS = "surat-keterangan-terdaftar-dtks"
EDIT_URL = f"/magetan/surat/templat/{DTKS}/"
SIGNED_STATEMENT = "Dokumen ini ditandatangani secara elektronik"
DRAFT_MARK = "DRAF — belum ditandatangani"


class Iframes(HTMLParser):
    """The attributes of every iframe of a page, as a browser reads them."""

    def __init__(self):
        super().__init__()
        self.found: list[dict[str, str | None]] = []

    def handle_starttag(self, tag, attrs):
        if tag == "iframe":
            self.found.append(dict(attrs))


def iframes(page: str) -> list[dict[str, str | None]]:
    parser = Iframes()
    parser.feed(page)
    return parser.found


@pytest.fixture
def admin(magetan_staff):
    return make_staff("magetan", "sekretaris", "admin-surat", admin=True)


def test_template_preview_srcdoc_holds_the_whole_letter(client, admin):
    login(client, admin)
    body = '<p class="x">Nama: {{ nama_pemohon }}</p><script>alert("x")</script>'
    page = client.post(EDIT_URL, {"title": "Surat Keterangan Uji", "body": body, "pratinjau": "1"}).content.decode()
    (frame,) = iframes(page)
    assert "sandbox" in frame
    srcdoc = frame["srcdoc"] or ""
    assert srcdoc.startswith("<!doctype html>") and srcdoc.rstrip().endswith("</html>")
    assert "Surat Keterangan Uji" in srcdoc and "Nama: Siti Contoh" in srcdoc and '<html lang="id">' in srcdoc
    # the administrator's script is only text of the attribute: never a tag of the editor's page
    assert '<script>alert("x")</script>' not in page and "&lt;script&gt;alert(&quot;x&quot;)" in page


def test_a_draft_carries_the_draft_mark_and_no_qr_the_signed_pdf_both(client, magetan_staff):
    case = dtks_to_signing(magetan_staff)
    draft = Letter.objects.get(case=case)
    login(client, magetan_staff["kadis"])
    response = client.get(f"/magetan/surat/{draft.code}/pratinjau/")
    preview = response.content.decode()
    assert response["Content-Security-Policy"].startswith("sandbox")
    assert DRAFT_MARK in preview and SIGNED_STATEMENT not in preview
    assert "data:image/svg+xml" not in preview and "data-qr-placeholder" in preview
    assert rendering.verification_url(draft) not in preview

    run(case, magetan_staff["kadis"])  # signs
    letter = Letter.objects.get(case=case)
    text = pdf_text(letter)
    assert SIGNED_STATEMENT in text and "belum ditandatangani" not in text
    signed = rendering.letter_html(letter)
    assert "data:image/svg+xml" in signed and DRAFT_MARK not in signed


def _case_without_address(staff):
    organization = Organization.objects.get(slug="magetan")
    return case_services.case_open(
        organization=organization,
        sop=Sop.objects.get(organization=organization, code=DTKS),
        opened_by=staff["loket"],
        applicant_name="Siti Contoh",
        nik=NIK,
        phone="081200000000",
        address="",
        requirements=[case_services.Requirement("Fotokopi KTP pemohon", True)],
        now=MONDAY,
    )


def test_an_empty_address_prints_no_address_line(client, magetan_staff):
    case = _case_without_address(magetan_staff)
    run(case, magetan_staff["loket"], decision=True)
    run(case, magetan_staff["loket"])
    draft = Letter.objects.get(case=case)
    assert "Alamat" not in draft.html and "Siti Contoh" in draft.html and "3520********0003" in draft.html
    login(client, magetan_staff["kadis"])
    assert "Alamat" not in client.get(f"/magetan/surat/{draft.code}/pratinjau/").content.decode()
    run(case, magetan_staff["kadis"])
    text = pdf_text(Letter.objects.get(case=case))
    assert "Alamat" not in text and "Nama : Siti Contoh" in text


def test_an_address_that_was_given_keeps_its_line(magetan_staff):
    case = dtks_to_signing(magetan_staff)
    run(case, magetan_staff["kadis"])
    assert "Alamat : Jl. Contoh 1" in pdf_text(Letter.objects.get(case=case))


def test_only_a_whole_element_whose_case_values_are_empty_is_left_out():
    text = (
        "<tr><td>Alamat</td><td>:</td><td>{{ alamat_pemohon }}</td></tr>\n"
        "<p>Nama {{ nama_pemohon }}, alamat {{ alamat_pemohon }}</p>\n"
        "<p>Nomor {{ nomor_surat }}</p>\n"  # filled at signing: kept in the draft
        "<p>A {{ alamat_pemohon }}</p><p>B</p>\n"  # two elements on one line: kept
        "<p>Alamat:\n{{ alamat_pemohon }}\n</p>\n"  # not one element per line: kept
    )
    filled = placeholders.fill(text, {"nama_pemohon": "Siti", "alamat_pemohon": " ", "nomor_surat": ""})
    assert "<td>Alamat</td>" not in filled
    assert "<p>Nama Siti, alamat  </p>" in filled and "<p>Nomor </p>" in filled
    assert "<p>B</p>" in filled and "<p>Alamat:" in filled


def test_letters_messages_start_with_a_capital(client, admin, magetan_staff):
    login(client, admin)
    page = client.post(EDIT_URL, {"title": "Surat Keterangan", "body": "<p>{{ alamat_rumah }}</p>"}).content.decode()
    assert "Placeholder tidak dikenal: {{ alamat_rumah }}" in page
    with pytest.raises(case_services.CaseError, match=r"^Tugas tidak ditemukan\.$"):
        services.letter_reject(
            organization=Organization.objects.get(slug="magetan"), task_id=2**31 - 1, user=admin, reason="x"
        )
