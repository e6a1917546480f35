"""The SOP flowchart is the official Permenpan grid: one row per step, one column per lane, clean arrows."""

import re
import xml.etree.ElementTree as ET
from itertools import pairwise

import pytest

from sigap.orgs.models import Organization
from sigap.sop import selectors
from sigap.sop.flowchart import FlowLane, FlowStep, flow_input, flowchart, flowchart_svg
from sigap.sop.flowgraph import successors
from sigap.sop.models import SopVersion

SVG = "{http://www.w3.org/2000/svg}"
MAGETAN = ["surat-keterangan-terdaftar-dtks", "reaktifasi-kartu-pbi-jkn", "pelayanan-proses-adopsi-anak"]


def _version(org: str, code: str) -> SopVersion:
    organization = Organization.objects.get(slug=org)
    sop = selectors.sop_get(organization=organization, code=code)
    return selectors.sop_version_get(organization=organization, code=code, revision=sop.current_version.revision)


def _all_current():
    return [
        _version(v.sop.organization.slug, v.sop.code)
        for org in Organization.objects.all()
        for v in selectors.sop_current_versions(organization=org)
    ]


def _parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)  # also proves the output is well-formed XML


def _groups(root, cls):
    return [g for g in root.iter(f"{SVG}g") if cls in (g.get("class") or "").split()]


def _box(group):
    """The bounding box (x0, y0, x1, y1) of a step or connector symbol."""
    shape = group.find(f"{SVG}rect")
    if shape is not None:
        x, y, w, h = (float(shape.get(k)) for k in ("x", "y", "width", "height"))
        return x, y, x + w, y + h
    points = [tuple(map(float, p.split(","))) for p in group.find(f"{SVG}polygon").get("points").split()]
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    return min(xs), min(ys), max(xs), max(ys)


def _points(arrow):
    d = arrow.find(f"{SVG}path").get("d")
    numbers = [float(n) for n in re.findall(r"-?\d+(?:\.\d+)?", d)]
    return list(zip(numbers[::2], numbers[1::2]))


def _expected_edges(version):
    """The arrows by the SOP file's own rule, computed from the stored file data."""
    ordered = version.data["langkah"]
    edges = []
    for step in ordered:
        targets = successors(step, ordered)
        labels = ["ya", "tidak"] if step["jenis"] == "keputusan" else [""] * len(targets)
        edges.extend((step["nomor"], target, label) for target, label in zip(targets, labels))
    return sorted(edges)


@pytest.mark.django_db
@pytest.mark.parametrize("code", MAGETAN)
def test_one_symbol_per_step_in_its_lane_column(shipped_sops, code):
    version = _version("magetan", code)
    root = _parse(flowchart_svg(version))
    lane_width = float(root.get("data-lane-width"))
    lanes = sorted(version.lanes.all(), key=lambda lane: lane.order)
    column = {lane.code: index for index, lane in enumerate(lanes)}
    symbols = _groups(root, "step")
    steps = sorted(version.steps.all(), key=lambda s: s.number)
    assert sorted(int(g.get("data-step")) for g in symbols) == [s.number for s in steps]
    by_number = {int(g.get("data-step")): g for g in symbols}
    previous_y = None
    for step in steps:
        group = by_number[step.number]
        assert group.get("data-lane") == step.lane.code
        assert int(group.get("data-col")) == column[step.lane.code] == lanes.index(step.lane)
        assert f"step-{step.kind}" in group.get("class").split()
        x0, y0, x1, y1 = _box(group)
        col = column[step.lane.code]
        assert col * lane_width <= x0 < x1 <= (col + 1) * lane_width  # inside its lane's column
        if previous_y is not None:
            assert y0 > previous_y  # rows follow the step numbers
        previous_y = y1


@pytest.mark.django_db
@pytest.mark.parametrize("code", MAGETAN)
def test_symbol_kinds(shipped_sops, code):
    version = _version("magetan", code)
    root = _parse(flowchart_svg(version))
    for group in _groups(root, "step"):
        kind = group.get("class").split()[1]
        rect, polygon = group.find(f"{SVG}rect"), group.find(f"{SVG}polygon")
        texts = [t.text for t in group.iter(f"{SVG}text")]
        if kind in ("step-mulai", "step-selesai"):
            assert rect is not None and float(rect.get("rx")) > 0  # the rounded terminator
            assert texts == ["Mulai" if kind == "step-mulai" else "Selesai"]
        elif kind == "step-proses":
            assert rect is not None and rect.get("rx") is None
        else:
            assert kind == "step-keputusan"
            assert polygon is not None and len(polygon.get("points").split()) == 4  # the diamond


@pytest.mark.django_db
@pytest.mark.parametrize("code", MAGETAN)
def test_an_arrow_for_every_successor_and_labelled_decisions(shipped_sops, code):
    version = _version("magetan", code)
    root = _parse(flowchart_svg(version))
    arrows = _groups(root, "arrow")
    found = sorted((int(a.get("data-from")), int(a.get("data-to")), a.get("data-branch") or "") for a in arrows)
    assert found == _expected_edges(version)
    steps = {s.number: s for s in version.steps.all()}
    decisions = [s for s in steps.values() if s.kind == "keputusan"]
    assert decisions
    for arrow in arrows:
        step = steps[int(arrow.get("data-from"))]
        labels = [t.text for t in arrow.iter(f"{SVG}text") if t.get("class") == "arrow-label"]
        if step.kind == "keputusan":
            expected = "Ya" if int(arrow.get("data-to")) == step.yes_number else "Tidak"
            assert labels == [expected]
        else:
            assert labels == []


@pytest.mark.django_db
def test_arrows_are_orthogonal_and_cross_no_symbol(shipped_sops):
    """Every shipped SOP: each arrow runs down/across only, enters its target from the top, touches no other symbol."""
    for version in _all_current():
        root = _parse(flowchart_svg(version))
        boxes = {int(g.get("data-step")): _box(g) for g in _groups(root, "step")}
        for arrow in _groups(root, "arrow"):
            source, target = int(arrow.get("data-from")), int(arrow.get("data-to"))
            points = _points(arrow)
            segments = list(pairwise(points))
            for (ax, ay), (bx, by) in segments:
                assert ax == bx or ay == by, (version, source, target)
            tx0, ty0, tx1, _ty1 = boxes[target]
            assert points[-1] == pytest.approx(((tx0 + tx1) / 2, ty0), abs=0.01)
            sx0, sy0, sx1, sy1 = boxes[source]
            first_x, first_y = points[0]
            assert sx0 - 0.01 <= first_x <= sx1 + 0.01 and sy0 - 0.01 <= first_y <= sy1 + 0.01
            for index, ((ax, ay), (bx, by)) in enumerate(segments):
                for number, (x0, y0, x1, y1) in boxes.items():
                    if (number == source and index == 0) or (number == target and index == len(segments) - 1):
                        continue
                    inside_x = min(ax, bx) < x1 and max(ax, bx) > x0
                    inside_y = min(ay, by) < y1 and max(ay, by) > y0
                    assert not (inside_x and inside_y), f"{version}: arrow {source}->{target} crosses step {number}"


@pytest.mark.django_db
def test_backward_jump_goes_around_through_the_side_gutter(shipped_sops):
    """Adoption step 5 "Tidak" returns to step 3 along the edge of the chart, left of every symbol."""
    version = _version("magetan", "pelayanan-proses-adopsi-anak")
    root = _parse(flowchart_svg(version))
    boxes = [_box(g) for g in _groups(root, "step")]
    (arrow,) = [a for a in _groups(root, "arrow") if (a.get("data-from"), a.get("data-to")) == ("5", "3")]
    assert arrow.get("data-branch") == "tidak"
    points = _points(arrow)
    verticals = [(a, b) for a, b in pairwise(points) if a[0] == b[0] and b[1] < a[1]]
    assert verticals, "the arrow goes up"
    x = verticals[0][0][0]
    assert x < min(box[0] for box in boxes) or x > max(box[2] for box in boxes)


@pytest.mark.django_db
def test_a_page_of_rows_ends_in_off_page_connectors(shipped_sops):
    version = _version("magetan", "pelayanan-proses-adopsi-anak")
    flow = flow_input(version)
    first, second = flowchart(flow, start=0, stop=7), flowchart(flow, start=7)
    assert first.outgoing == [8] and first.incoming == []
    assert second.incoming == [8] and second.outgoing == []
    assert first.bottom_strip > 0 and first.top_strip == 0 and second.top_strip > 0

    root = _parse(first.svg)
    assert sorted(int(g.get("data-step")) for g in _groups(root, "step")) == list(range(1, 8))
    (connector,) = _groups(root, "connector-out")
    assert connector.get("data-step") == "8" and connector.find(f"{SVG}polygon") is not None
    assert len(connector.find(f"{SVG}polygon").get("points").split()) == 5  # the pentagon
    (leaving,) = [a for a in _groups(root, "arrow") if a.get("data-offpage") == "out"]
    assert (leaving.get("data-from"), leaving.get("data-to")) == ("7", "8")
    cx0, cy0, cx1, _ = _box(connector)
    assert _points(leaving)[-1] == pytest.approx(((cx0 + cx1) / 2, cy0), abs=0.01)

    root = _parse(second.svg)
    (connector,) = _groups(root, "connector-in")
    assert connector.get("data-step") == "8"
    (arriving,) = [a for a in _groups(root, "arrow") if a.get("data-offpage") == "in"]
    assert (arriving.get("data-from"), arriving.get("data-to")) == ("7", "8")
    # the connector can say which page the other end is on
    labelled = _parse(flowchart(flow, start=0, stop=7, page_labels={8: "hlm. 3"}).svg)
    (connector,) = _groups(labelled, "connector-out")
    assert [t.text for t in connector.iter(f"{SVG}text") if t.get("class") == "connector-page"] == ["hlm. 3"]
    # the whole chart's arrows are the two pages' arrows
    edges = {
        (a.get("data-from"), a.get("data-to")) for svg in (first.svg, second.svg) for a in _groups(_parse(svg), "arrow")
    }
    assert edges == {(str(s), str(t)) for s, t, _ in _expected_edges(version)}


@pytest.mark.django_db
def test_same_drawing_from_the_version_and_from_its_file_data(shipped_sops):
    version = _version("magetan", "reaktifasi-kartu-pbi-jkn")
    assert flowchart_svg(version) == flowchart_svg(version.data) == flowchart_svg(version)


def test_text_is_escaped_and_the_output_is_deterministic():
    lanes = [FlowLane("a", "A & <B>"), FlowLane("b", "B")]
    steps = [
        FlowStep(1, "mulai", "a"),
        FlowStep(2, "keputusan", "b", yes=4, no=3, question='Lengkap <"ya"> & siap?'),
        FlowStep(3, "proses", "a", next=2),
        FlowStep(4, "selesai", "b"),
    ]
    svg = flowchart_svg(lanes=lanes, steps=steps, row_heights=[16, 18, 16, 15])
    root = _parse(svg)
    titles = [t.text for t in root.iter(f"{SVG}title")]
    assert 'Langkah 2: Lengkap <"ya"> & siap?' in titles
    assert svg == flowchart_svg(lanes=lanes, steps=steps, row_heights=[16, 18, 16, 15])
    arrows = {(a.get("data-from"), a.get("data-to")) for a in _groups(root, "arrow")}
    assert arrows == {("1", "2"), ("2", "4"), ("2", "3"), ("3", "2")}
