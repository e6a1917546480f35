"""The official SOP document: HTML on the SOP page, the PDF, and the Buku SOP.

PDFs are slow to make, so each is rendered once per module (inside a
transaction that is rolled back) and the tests read the bytes.
"""

import io
import re
import xml.etree.ElementTree as ET
from itertools import pairwise

import pypdf
import pytest
from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import translation

from sigap.orgs.models import Organization
from sigap.sop import documents, selectors
from sigap.sop.services import sop_import

MAGETAN = ["surat-keterangan-terdaftar-dtks", "reaktifasi-kartu-pbi-jkn", "pelayanan-proses-adopsi-anak"]
MM = 72 / 25.4


def _version(org: str, code: str):
    organization = Organization.objects.get(slug=org)
    sop = selectors.sop_get(organization=organization, code=code)
    return selectors.sop_version_get(organization=organization, code=code, revision=sop.current_version.revision)


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _pages_text(pdf: bytes) -> list[str]:
    return [page.extract_text() for page in pypdf.PdfReader(io.BytesIO(pdf)).pages]


class _Rollback(Exception):
    pass


@pytest.fixture(scope="module")
def rendered(django_db_setup, django_db_blocker):
    """Every PDF the tests read, made once; the database is left as it was.

    Rendered in Bahasa Indonesia whatever language an earlier test's request left active."""
    result = {"sops": {}}
    from sigap.orgs.tenancy import unscoped

    with django_db_blocker.unblock(), unscoped(), translation.override("id"):
        try:
            with transaction.atomic():
                sop_import(paths=[settings.SIGAP_SOP_DIR])
                for code in MAGETAN:
                    version = _version("magetan", code)
                    result["sops"][code] = {
                        "name": version.name,
                        "steps": [s.text for s in version.steps.all()],
                        "lanes": [lane.name for lane in version.lanes.all()],
                        "pdf": documents.sop_pdf(version, paper="A4"),
                    }
                adoption = _version("magetan", "pelayanan-proses-adopsi-anak")
                result["adoption_f4"] = documents.sop_pdf(adoption, paper="F4")
                dtks = _version("magetan", "surat-keterangan-terdaftar-dtks")
                job = documents.sop_print(dtks, "A4", rows_per_page=3)
                result["dtks_small_pages"] = job.pdf()
                result["dtks_small_pages_job"] = job
                magetan = Organization.objects.get(slug="magetan")
                decree = max(selectors.decree_list(organization=magetan), key=lambda d: d.date)
                result["decree_number"] = decree.number
                result["established"] = [
                    v.name for v in selectors.sop_current_versions(organization=magetan) if v.status == "ditetapkan"
                ]
                result["book"] = documents.book_pdf(magetan, paper="A4")
                bangkalan = Organization.objects.filter(slug="bangkalan").first()
                if bangkalan is not None:
                    result["bangkalan_drafts"] = [
                        v.name for v in selectors.sop_current_versions(organization=bangkalan) if v.status == "draf"
                    ]
                    result["bangkalan_book"] = documents.book_pdf(bangkalan, paper="F4")
                raise _Rollback
        except _Rollback:
            pass
    return result


@pytest.mark.parametrize("code", MAGETAN)
def test_sop_pdf_holds_the_name_every_step_and_every_lane(rendered, code):
    sop = rendered["sops"][code]
    assert sop["pdf"].startswith(b"%PDF")
    text = _squash("".join(_pages_text(sop["pdf"])))
    assert _squash(sop["name"]) in text
    for step in sop["steps"]:
        assert _squash(step) in text, step
    for lane in sop["lanes"]:
        assert _squash(lane) in text, lane
    for label in (
        "No.Dokumen",
        "TanggalPembuatan",
        "TanggalEfektif",
        "Disahkanoleh",
        "NamaSOP",
        "DasarHukum",
        "KualifikasiPelaksana",
        "Keterkaitan",
        "Peralatan/Perlengkapan",
        "Peringatan",
        "PencatatandanPendataan",
        "URAIANKEGIATAN",
        "PELAKSANA",
        "MUTUBAKU",
        "Kelengkapan",
        "Waktu",
        "Output",
        "KETERANGAN",
        "DINASSOSIALKABUPATENMAGETAN",
    ):
        assert label in text, label


def test_sop_pdf_is_landscape_with_page_numbers(rendered):
    reader = pypdf.PdfReader(io.BytesIO(rendered["sops"]["surat-keterangan-terdaftar-dtks"]["pdf"]))
    box = reader.pages[0].mediabox
    assert (float(box.width), float(box.height)) == pytest.approx((297 * MM, 210 * MM), abs=0.5)
    assert "Halaman 1 dari" in reader.pages[0].extract_text()


def test_f4_is_215_by_330_landscape(rendered):
    box = pypdf.PdfReader(io.BytesIO(rendered["adoption_f4"])).pages[0].mediabox
    assert (float(box.width), float(box.height)) == pytest.approx((330 * MM, 215 * MM), abs=0.5)


def test_adoption_on_a4_runs_over_pages_with_off_page_connectors(rendered):
    pages = _pages_text(rendered["sops"]["pelayanan-proses-adopsi-anak"]["pdf"])
    assert len(pages) >= 3  # the identity page and at least two pages of flowchart
    flow_pages = [p for p in pages if "URAIAN KEGIATAN" in p]
    assert len(flow_pages) >= 2
    for page in flow_pages:  # the table head is repeated on every page
        assert "PELAKSANA" in page and "MUTU BAKU" in page
    text = "".join(pages)
    assert "Bersambung ke langkah" in text and "Sambungan ke langkah" in text
    # the reference names the page the flow continues on
    match = re.search(r"Bersambung ke langkah (\d+) \(hlm\. (\d+)\)", text)
    assert match
    step, page = match.groups()
    assert re.search(rf"(^|\n){step} ", pages[int(page) - 1])


def test_small_pages_put_connectors_at_every_break(rendered):
    job = rendered["dtks_small_pages_job"]
    urls = re.findall(r'<img class="sop-flowchart-img" src="([^"]+)"', job.html)
    assert len(urls) == 3  # seven steps, three rows a page
    svgs = [ET.fromstring(job.images[url]) for url in urls]
    ns = "{http://www.w3.org/2000/svg}"

    def connectors(svg, kind):
        return sorted(int(g.get("data-step")) for g in svg.iter(f"{ns}g") if kind in (g.get("class") or "").split())

    assert connectors(svgs[0], "connector-in") == []
    assert connectors(svgs[-1], "connector-out") == []
    for before, after in pairwise(svgs):
        out = connectors(before, "connector-out")
        assert out
        assert set(out) & set(connectors(after, "connector-in"))
    assert rendered["dtks_small_pages"].startswith(b"%PDF")
    assert len(_pages_text(rendered["dtks_small_pages"])) == 4


def test_book_has_cover_decree_contents_and_every_established_sop(rendered):
    pages = _pages_text(rendered["book"])
    text = "\n".join(pages)
    assert "STANDAR OPERASIONAL PROSEDUR" in pages[0]
    assert rendered["decree_number"] in text
    assert "MEMUTUSKAN" in text and "KESATU" in text
    assert "DAFTAR ISI" in text and "LAMPIRAN" in text
    assert len(rendered["established"]) == 3
    toc_index = next(i for i, p in enumerate(pages) if "DAFTAR ISI" in p)
    toc = pages[toc_index]
    for name in rendered["established"]:
        # the SOP's own pages, in decree order, each starting with its identity table
        start = next(i for i, p in enumerate(pages) if "Nama SOP" in p and _squash(name) in _squash(p))
        assert start > toc_index
        # the table of contents names it with the page it starts on
        title_line = next(line for line in toc.splitlines() if _squash(name).lower()[:20] in _squash(line).lower())
        assert title_line.rstrip().endswith(str(start + 1)), (title_line, start + 1)


def test_book_leaves_out_drafts(rendered):
    if "bangkalan_book" not in rendered:
        pytest.skip("no Bangkalan SOPs shipped")
    pages = _pages_text(rendered["bangkalan_book"])
    text = "\n".join(pages)
    assert "DAFTAR ISI" in text
    assert not any("Nama SOP" in page for page in pages)  # no SOP document: all of them are drafts
    assert rendered["bangkalan_drafts"]


@pytest.mark.django_db
def test_web_document_is_the_official_layout_with_inline_svg(shipped_sops):
    version = _version("magetan", "reaktifasi-kartu-pbi-jkn")
    html = documents.sop_html(version)
    assert html.count("<svg") == 1 and "data:image" not in html
    assert "DINAS SOSIAL KABUPATEN MAGETAN" in html
    for label in (
        "No. Dokumen",
        "Tanggal Pembuatan",
        "Tanggal Revisi / No. Revisi",
        "Tanggal Efektif",
        "Disahkan oleh",
        "Nama SOP",
        "Dasar Hukum",
        "Kualifikasi Pelaksana",
        "Keterkaitan",
        "Peralatan/Perlengkapan",
        "Peringatan",
        "Pencatatan dan Pendataan",
        "URAIAN KEGIATAN",
        "PELAKSANA",
        "MUTU BAKU",
        "KETERANGAN",
        "PARMINTO BUDI UTOMO",
    ):
        assert label in html, label
    lanes = re.findall(r'<th class="sop-lane" data-lane="([^"]+)"', html)
    assert lanes == [lane.code for lane in sorted(version.lanes.all(), key=lambda lane: lane.order)]
    assert "DRAF — belum ditetapkan" not in html
    assert "9 Februari 2022" in html


@pytest.mark.django_db
def test_draft_shows_a_banner(shipped_sops):
    drafts = [
        v
        for org in Organization.objects.all()
        for v in selectors.sop_current_versions(organization=org)
        if v.status == "draf"
    ]
    if not drafts:
        pytest.skip("no draft SOP shipped")
    version = _version(drafts[0].sop.organization.slug, drafts[0].sop.code)
    assert "DRAF — belum ditetapkan" in documents.sop_html(version)
    assert "sop-doc-watermark" in documents.sop_pdf_html(version)


@pytest.mark.django_db
def test_rows_are_tall_enough_for_their_text(shipped_sops):
    """Row heights come from the text they hold; WeasyPrint lays every step row out exactly that tall."""
    version = _version("magetan", "pelayanan-proses-adopsi-anak")
    document = documents.sop_document(version, paper="A4", paginate=True, for_print=True, page_refs="static")
    expected = {
        row["anchor"]: float(row["height"])
        for page in document["pages"]
        for row in page["rows"]
        if row["kind"] == "step"
    }
    laid_out = documents.sop_print(version, "A4").document()
    heights = {}

    def walk(box):
        if type(box).__name__ == "TableRowBox" and box.element is not None and box.element.get("id") in expected:
            heights[box.element.get("id")] = box.height * 25.4 / 96
        for child in getattr(box, "children", []):
            walk(child)

    for page in laid_out.pages:
        walk(page._page_box)
    assert heights.keys() == expected.keys()
    for anchor, height in expected.items():
        assert heights[anchor] == pytest.approx(height, abs=0.35), anchor


def test_text_measure_is_an_upper_bound():
    assert documents.line_count("", 50, 8) == 0
    assert documents.line_count("satu", 50, 8) == 1
    long = "kata " * 60
    assert documents.line_count(long, 50, 8) > documents.line_count(long, 100, 8) > 1
    assert documents.line_count("x" * 200, 20, 8) >= 4  # a word longer than the line breaks inside


def test_paper_names():
    assert documents.paper_get(None).name == "A4"
    assert documents.paper_get("f4").width == 330
    with pytest.raises(ValueError):
        documents.paper_get("A5")


# --- pages and downloads ----------------------------------------------------------------


@pytest.mark.django_db
def test_document_page_and_htmx_fragment(client, shipped_sops):
    url = "/magetan/sop/surat-keterangan-terdaftar-dtks/dokumen/"
    page = client.get(url)
    assert page.status_code == 200
    body = page.content.decode()
    assert "<html" in body and "<svg" in body and "Unduh PDF (A4)" in body
    fragment = client.get(url, HTTP_HX_REQUEST="true")
    assert fragment.status_code == 200
    assert "<html" not in fragment.content.decode() and "<svg" in fragment.content.decode()
    assert client.get(url + "?versi=1").status_code == 200
    assert client.get(url + "?versi=99").status_code == 404
    assert client.get(url + "?versi=x").status_code == 404
    assert client.get("/magetan/sop/tidak-ada/dokumen/").status_code == 404
    assert client.get("/tidak-ada/sop/surat-keterangan-terdaftar-dtks/dokumen/").status_code == 404


@pytest.mark.django_db
def test_pdf_download(client, shipped_sops):
    response = client.get("/magetan/sop/reaktifasi-kartu-pbi-jkn/pdf/?kertas=F4")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"] and "F4" in response["Content-Disposition"]
    assert response.content.startswith(b"%PDF")
    assert client.get("/magetan/sop/reaktifasi-kartu-pbi-jkn/pdf/?kertas=F4").content == response.content
    assert client.get("/magetan/sop/reaktifasi-kartu-pbi-jkn/pdf/?kertas=A5").status_code == 404
    assert client.get("/tidak-ada/sop/reaktifasi-kartu-pbi-jkn/pdf/").status_code == 404


@pytest.mark.django_db
def test_book_download_is_scoped_to_the_organization(client, shipped_sops):
    assert client.get("/tidak-ada/sop/buku.pdf").status_code == 404
    assert client.get("/magetan/sop/buku.pdf?kertas=A3").status_code == 404


@pytest.mark.django_db
def test_embed_include_for_the_sop_page(rf, shipped_sops):
    version = _version("magetan", "pelayanan-proses-adopsi-anak")
    context = {"organization": version.sop.organization, "sop": version.sop, "version": version}
    lazy = render_to_string("sop/document/_embed.html", context)
    assert 'hx-get="/magetan/sop/pelayanan-proses-adopsi-anak/dokumen/?versi=1"' in lazy
    assert version.steps.first().text in lazy  # readable before (and without) the document loads
    inline = render_to_string("sop/document/_embed.html", {**context, "document_html": documents.sop_html(version)})
    assert "hx-get" not in inline and "<svg" in inline


@pytest.mark.django_db
def test_the_document_style_is_a_stylesheet_of_its_own(client, shipped_sops):
    """The web page links the document's style (no <style> element: the Content-Security-Policy refuses it)."""
    fragment = client.get("/magetan/sop/surat-keterangan-terdaftar-dtks/dokumen/", HTTP_HX_REQUEST="true")
    assert "<style" not in fragment.content.decode()
    assert '<link rel="stylesheet" href="/sop-dokumen.css?kertas=A4">' in fragment.content.decode()
    css = client.get("/sop-dokumen.css?kertas=A4")
    assert css["Content-Type"].startswith("text/css") and ".sop-doc {" in css.content.decode()
    assert client.get("/sop-dokumen.css?kertas=A5").status_code == 404
