"""One letterhead-name rule (orgs.letterhead) for letters, registers and the Buku SOP."""

import pytest
from django.template.loader import render_to_string

from sigap.orgs.letterhead import letterhead_name
from sigap.orgs.models import Organization
from sigap.sop import documents


@pytest.mark.parametrize(
    ("name", "government", "expected"),
    [
        ("Dinas Sosial Kabupaten Magetan", "Pemerintah Kabupaten Magetan", "Dinas Sosial"),
        ("Dinas Sosial Provinsi Jawa Timur", "Pemerintah Provinsi Jawa Timur", "Dinas Sosial"),
        ("Dinas Sosial KABUPATEN MAGETAN", "PEMERINTAH Kabupaten Magetan", "Dinas Sosial"),
        # The region is dropped only at the end of the name, never from its middle.
        (
            "Dinas Sosial Kabupaten Magetan Barat",
            "Pemerintah Kabupaten Magetan",
            "Dinas Sosial Kabupaten Magetan Barat",
        ),
        # A government line that is not "Pemerintah <region>" leaves the name whole.
        ("Dinas Sosial Kota Batu", "Kota Batu", "Dinas Sosial Kota Batu"),
        ("Dinas Sosial", "Pemerintah", "Dinas Sosial"),
        ("Dinas Sosial", "", "Dinas Sosial"),
    ],
)
def test_the_rule(name, government, expected):
    assert letterhead_name(name, government) == expected
    assert Organization(name=name, government=government).letterhead_name == expected


@pytest.mark.django_db
def test_every_document_prints_the_same_letterhead(shipped_sops):
    for slug in ("magetan", "bangkalan", "jatim"):
        organization = Organization.objects.get(slug=slug)
        assert organization.letterhead_name == "Dinas Sosial"
    magetan = Organization.objects.get(slug="magetan")
    odd = Organization(name="Dinas Sosial Kabupaten Magetan Barat", government=magetan.government)
    book = documents.book_pdf_html(magetan, "A4")
    assert '<div class="kop-org">DINAS SOSIAL</div>' in book
    register = render_to_string("letters/register_pdf.html", {"organization": odd, "columns": [], "rows": []})
    assert "<b>Dinas Sosial Kabupaten Magetan Barat</b>" in register
    register = render_to_string("letters/register_pdf.html", {"organization": magetan, "columns": [], "rows": []})
    assert "<b>Dinas Sosial</b><br>" in register
