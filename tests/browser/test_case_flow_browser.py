"""The case page in Chromium: the SOP flowchart beside the case fits its column at 1280 px, nothing scrolls
sideways, and every step's symbol stays in its row of the compact table."""

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


def case_page(page, staff, code, width):
    case = open_case(staff, code)
    page.set_viewport_size({"width": width, "height": 800})
    sign_in(page, "loket")
    page.goto(f"/magetan/permohonan/{case.code}/")
    page.wait_for_selector(".case-flow-doc svg.sop-flowchart")
    return case


def assert_fits(page):
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


def assert_symbols_in_their_rows(page, case):
    rows = page.locator(".case-flow-doc tr.sop-flow-step").all()
    numbers = list(case.version.steps.values_list("number", flat=True))
    assert len(rows) == len(numbers)
    for number, row in zip(numbers, rows, strict=True):
        cell, symbol = row.bounding_box(), page.locator(f".case-flow-doc g.step[data-step='{number}']").bounding_box()
        assert cell["y"] <= symbol["y"] + symbol["height"] / 2 <= cell["y"] + cell["height"], number


@pytest.mark.parametrize("code", MAGETAN)
def test_case_page_flowchart_fits_1280(page, magetan_staff, code):
    case = case_page(page, magetan_staff, code, 1280)
    assert_fits(page)
    assert_symbols_in_their_rows(page, case)
    # The compact table leaves out the Mutu Baku columns; the whole document is one click away.
    full = page.get_by_role("link", name="dokumen SOP lengkap, dengan mutu baku")
    assert full.get_attribute("href") == f"/magetan/sop/{code}/versi/{case.version.revision}/"


def test_a_narrower_column_shrinks_the_flowchart_instead_of_scrolling(page, magetan_staff):
    case = case_page(page, magetan_staff, "pelayanan-proses-adopsi-anak", 1100)
    assert 0.8 <= float(page.locator(".case-flow-doc .sop-doc").evaluate("e => getComputedStyle(e).zoom")) < 1
    assert_fits(page)
    assert_symbols_in_their_rows(page, case)
