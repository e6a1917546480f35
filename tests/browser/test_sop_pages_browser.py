"""The SOP pages in Chromium: every step of each Magetan SOP drawn in its lane, in its row."""

import pytest

from sigap.sop.models import Sop

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

MAGETAN = ["surat-keterangan-terdaftar-dtks", "reaktifasi-kartu-pbi-jkn", "pelayanan-proses-adopsi-anak"]


def center(box):
    return box["x"] + box["width"] / 2, box["y"] + box["height"] / 2


@pytest.mark.parametrize("code", MAGETAN)
def test_every_step_is_drawn_in_its_lane_and_row(page, shipped_sops, code):
    version = Sop.objects.get(organization__slug="magetan", code=code).current_version
    page.goto(f"/magetan/sop/{code}/")
    page.wait_for_selector("svg g.step")
    lanes = {
        lane.code: page.locator(f"th.sop-lane[data-lane='{lane.code}']").first.bounding_box()
        for lane in version.lanes.all()
    }
    rows = {}
    for row in page.locator("tr.sop-flow-step").all():
        rows[int(row.locator("td.c-no").inner_text())] = row.bounding_box()
    steps = list(version.steps.select_related("lane"))
    assert sorted(rows) == [s.number for s in steps]
    for step in steps:
        symbols = page.locator(f"svg g.step[data-step='{step.number}']")
        assert symbols.count() == 1, step.number
        x, y = center(symbols.first.bounding_box())
        lane = lanes[step.lane.code]
        row = rows[step.number]
        assert lane["x"] <= x <= lane["x"] + lane["width"], (step.number, step.lane.code)
        assert row["y"] <= y <= row["y"] + row["height"], step.number
        assert symbols.first.get_attribute("class").split()[-1] == f"step-{step.kind}"


def test_index_search_and_version_history(page, shipped_sops):
    page.goto("/magetan/sop/")
    page.fill("input[name=q]", "adopsi")
    page.get_by_role("button", name="Cari").click()
    links = page.locator("table a").all_inner_texts()
    assert links == ["Pelayanan Proses Adopsi Anak"]
    page.goto("/bangkalan/sop/")
    assert page.locator(".badge", has_text="Belum disusun").count() == 40
    assert page.locator(".badge", has_text="Draf").count() == 6
    # An SOP the decree establishes but nobody has written is listed, not offered as a procedure to open.
    assert page.get_by_role("link", name="Penyiapan SPP UP/GU/TU/LS Gaji dan LS Barang dan Jasa").count() == 0
    assert page.get_by_text("Penyiapan SPP UP/GU/TU/LS Gaji dan LS Barang dan Jasa").is_visible()
    page.goto("/bangkalan/sop/penyiapan-spp/")
    assert page.locator("text=prosedurnya belum disusun").is_visible()
