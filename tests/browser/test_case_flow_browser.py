"""The case page at 1280 × 800 in Chromium: the SOP flowchart beside the case fits, nothing scrolls sideways."""

import pytest

from tests.factories import open_case

from .conftest import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Elements whose content is wider than they are and that scroll (or clip) it sideways.
SCROLLING_SIDEWAYS = """[...document.querySelectorAll("body *")]
  .filter(e => e.scrollWidth > e.clientWidth + 1)
  .filter(e => ["auto", "scroll", "hidden"].includes(getComputedStyle(e).overflowX))
  .map(e => e.tagName + "." + e.className + " " + e.scrollWidth + ">" + e.clientWidth)"""
MAGETAN = ["surat-keterangan-terdaftar-dtks", "reaktifasi-kartu-pbi-jkn", "pelayanan-proses-adopsi-anak"]


@pytest.mark.parametrize("code", MAGETAN)
def test_case_page_flowchart_fits_1280(page, magetan_staff, code):
    case = open_case(magetan_staff, code)
    page.set_viewport_size({"width": 1280, "height": 800})
    sign_in(page, "loket")
    page.goto(f"/magetan/permohonan/{case.code}/")
    page.wait_for_selector(".case-flow-doc svg.sop-flowchart")
    width = page.evaluate("document.documentElement.clientWidth")
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    assert page.evaluate(SCROLLING_SIDEWAYS) == []
    box = page.locator(".case-flow-doc").bounding_box()
    table = page.locator(".case-flow-doc table.sop-flow").bounding_box()
    assert box["x"] <= table["x"] and table["x"] + table["width"] <= box["x"] + box["width"] + 0.5
    for svg in page.locator(".case-flow-doc svg.sop-flowchart").all():
        drawing = svg.bounding_box()
        assert drawing["width"] > 100
        assert 0 <= drawing["x"] and drawing["x"] + drawing["width"] <= width, (drawing, width)
        assert box["x"] <= drawing["x"] and drawing["x"] + drawing["width"] <= box["x"] + box["width"] + 0.5
    # The compact table leaves out the Mutu Baku columns; the whole document is one click away.
    full = page.get_by_role("link", name="dokumen SOP lengkap, dengan mutu baku")
    assert full.get_attribute("href") == f"/magetan/sop/{code}/versi/{case.version.revision}/"
    current = page.locator(f".case-flow-doc g.step[data-step='{case.current_step}']").first.bounding_box()
    assert current["x"] + current["width"] <= width
