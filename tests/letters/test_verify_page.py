"""The public verification page: what an upload that does not match is told, in whole sentences, and a file
that is not a PDF refused as such."""

import io

from sigap.letters.models import Letter
from tests.factories import dtks_to_signing, png_bytes, run


def _signed(staff) -> Letter:
    case = dtks_to_signing(staff)
    run(case, staff["kadis"])
    return Letter.objects.get(case=case)


def test_a_mismatch_is_told_in_sentences_that_start_with_a_capital(client, magetan_staff):
    letter = _signed(magetan_staff)
    upload = io.BytesIO(b"%PDF-1.7\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n")
    upload.name = "surat.pdf"
    page = " ".join(client.post(f"/v/{letter.code}", {"file": upload}).content.decode().split())
    assert 'data-check="tidak-cocok"' in page
    assert "Isi berkas berbeda dari surat yang diterbitkan. Tanda tangan elektronik tidak utuh atau tidak ada." in page
    assert "diterbitkan. tanda tangan" not in page


def test_a_png_is_refused_as_not_a_pdf(client, magetan_staff):
    letter = _signed(magetan_staff)
    upload = io.BytesIO(png_bytes())
    upload.name = "surat.pdf"  # the name says PDF; the content decides
    response = client.post(f"/v/{letter.code}", {"file": upload})
    page = response.content.decode()
    assert response.status_code == 200
    assert "Berkas ini bukan PDF" in page and "data-check" not in page and "Isi berkas berbeda" not in page


def test_the_address_with_a_trailing_slash_leads_to_the_letter(client, magetan_staff):
    letter = _signed(magetan_staff)
    response = client.get(f"/v/{letter.code}/")
    assert response.status_code == 302 and response.url == f"/v/{letter.code}"
    assert client.get(response.url).status_code == 200
    assert client.get("/v/KODE-TIDAK-ADA/", follow=True).status_code == 404
