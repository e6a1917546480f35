"""What the document template needs for one SOP version: the identity table, and the flowchart table page by page."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from sigap.orgs import pdf

from ..flowchart import flow_input, flowchart
from ..models import Sop
from .layout import (
    BORDER,
    COLS,
    FONT_PT,
    HEAD_PT,
    LINE_HEIGHT,
    PAD,
    Paper,
    TableLayout,
    css_string,
    identity_height,
    mm,
    note_text,
    paper_get,
    table_layout,
)

IMAGE_SCHEME = pdf.SCHEME  # flowchart images handed to the renderer (orgs/pdf.py)


def _version_parts(version):
    lanes = sorted(version.lanes.all(), key=lambda lane: (lane.order, lane.code))
    steps = sorted(version.steps.all(), key=lambda step: step.number)
    return lanes, steps, flow_input(lanes=lanes, steps=steps)


def sop_document(
    version,
    *,
    paper: Paper | str = "A4",
    paginate: bool = False,
    rows_per_page: int | None = None,
    for_print: bool = False,
    page_refs: str = "counter",
) -> dict:
    """Everything the document template needs for one SOP version.

    For print (`for_print`) the flowchart of each page is an <img> of the SVG,
    which WeasyPrint draws without running every SVG element through the CSS
    cascade; on the web it is inline SVG. `page_refs` says how the rows
    around an off-page connector name the other page: "static" when the
    caller knows the SOP starts on page 1 (the stand-alone PDF), "counter" to
    let WeasyPrint count (the Buku SOP).
    """
    if isinstance(paper, str):
        paper = paper_get(paper)
    sop = version.sop
    lanes, steps, flow = _version_parts(version)
    layout = table_layout(flow, steps, paper, paginate=paginate, rows_per_page=rows_per_page)
    refs = _PageRefs(version, paper, layout, steps, page_refs)
    pages, images = _flow_pages(version, flow, steps, layout, refs, for_print)
    return {
        "version": version,
        "css_name": css_string(version.name),
        "sop": sop,
        "organization": sop.organization,
        "unit": sop.unit,
        "anchor": f"sop-{sop.code}",
        "draft": version.status == Sop.Status.DRAFT,
        "for_print": for_print,
        "approved": version.approved_by,
        "made_on": version.made_on or version.issued_on,
        "lists": _identity_lists(version),
        "lanes": lanes,
        "pages": pages,
        "images": images,
        "paginated": paginate,
        "widths": {
            "table": mm(layout.table_width),
            "no": mm(COLS["no"]),
            "text": mm(layout.text_width),
            "lane": mm(layout.lane_width),
            "requirements": mm(COLS["requirements"]),
            "duration": mm(COLS["duration"]),
            "output": mm(COLS["output"]),
            "note": mm(COLS["note"]),
        },
        "head_heights": [mm(h) for h in layout.head_heights],
        "layout": layout,
    }


def _identity_lists(version) -> list:
    """The three rows of paired lists of the identity table, each (label, items)."""
    return [
        (
            (_("Dasar Hukum"), version.identity_list("dasar_hukum")),
            (_("Kualifikasi Pelaksana"), version.identity_list("kualifikasi_pelaksana")),
        ),
        (
            (_("Keterkaitan"), version.identity_list("keterkaitan")),
            (_("Peralatan/Perlengkapan"), version.identity_list("peralatan_perlengkapan")),
        ),
        (
            (_("Peringatan"), version.identity_list("peringatan")),
            (_("Pencatatan dan Pendataan"), version.identity_list("pencatatan_pendataan")),
        ),
    ]


class _PageRefs:
    """How the rows around an off-page connector name the page of the other end."""

    def __init__(self, version, paper: Paper, layout: TableLayout, steps, page_refs: str):
        self.first_flow_page = None
        if page_refs == "static" and identity_height(version, paper) <= paper.content_height - 4:
            self.first_flow_page = 2  # the identity table fills page 1; the flowchart table starts on a new page
        self.page_of = {}
        for index, (start, stop) in enumerate(layout.pages):
            for number in range(start, stop):
                self.page_of[steps[number].number] = index

    def ref(self, number: int, here: int) -> dict:
        """How a row on flowchart page `here` names the page of step `number`."""
        if self.first_flow_page is not None:
            return {"step": number, "page": self.first_flow_page + self.page_of[number]}
        # Any target-counter makes WeasyPrint lay pages out again; the pages next to this one need no number.
        return {"step": number, "next": self.page_of[number] == here + 1, "previous": self.page_of[number] == here - 1}

    def labels(self) -> dict[int, str] | None:
        """What the connectors of the drawing say beside them ("hlm. 3"), when the pages are known."""
        if self.first_flow_page is None:
            return None
        first = self.first_flow_page
        return {number: _("hlm. %(p)s") % {"p": first + index} for number, index in self.page_of.items()}


def _flow_pages(version, flow, steps, layout: TableLayout, refs: _PageRefs, for_print: bool):
    """Each page of the flowchart table: its rows and its drawing (inline SVG, or an image for print)."""
    anchor = f"sop-{version.sop.code}"
    sources: dict[int, list[int]] = {}
    for edge in flow.edges:
        sources.setdefault(edge.target, []).append(edge.source)
    page_labels = refs.labels()
    pages, images = [], {}
    for index, (start, stop) in enumerate(layout.pages):
        chart = flowchart(
            flow,
            start=start,
            stop=stop,
            row_heights=layout.row_heights,
            lane_width=layout.lane_width,
            inset=BORDER / 2,
            title=_("Diagram alir %(name)s") % {"name": version.name},
            hints=not for_print,
            page_labels=page_labels,
        )
        rows = _page_rows(flow, steps, layout, chart, index, start, stop, sources, refs, anchor)
        page = {"number": index + 1, "rows": rows, "width": mm(chart.width), "height": mm(chart.height)}
        if for_print:
            page["img"] = f"{IMAGE_SCHEME}{anchor}-v{version.revision}-{index + 1}"
            images[page["img"]] = chart.svg.encode()
        else:
            page["svg"] = mark_safe(chart.svg)
        pages.append(page)
    return pages, images


def _page_rows(flow, steps, layout, chart, index, start, stop, sources, refs: _PageRefs, anchor) -> list[dict]:
    """The rows of one page: the arrivals' connector strip, the steps, the departures' strip."""
    rows = []
    if chart.incoming:
        links = [
            {
                "target": t,
                "sources": [refs.ref(s, index) for s in sources.get(t, []) if not start <= flow.row[s] < stop],
            }
            for t in chart.incoming
        ]
        rows.append({"kind": "in", "height": mm(chart.top_strip), "links": links})
    for position in range(start, stop):
        step = steps[position]
        rows.append(
            {
                "kind": "step",
                "step": step,
                "height": mm(layout.row_heights[position]),
                "anchor": f"{anchor}-langkah-{step.number}",
                "note": note_text(step),
            }
        )
    if chart.outgoing:
        rows.append(
            {"kind": "out", "height": mm(chart.bottom_strip), "links": [refs.ref(t, index) for t in chart.outgoing]}
        )
    return rows


def style_context(paper: Paper, for_print: bool) -> dict:
    return {
        "paper": paper,
        "for_print": for_print,
        "page_width": mm(paper.width),
        "page_height": mm(paper.height),
        "margin_top": mm(paper.margin_top),
        "margin_side": mm(paper.margin_side),
        "margin_bottom": mm(paper.margin_bottom),
        "content_width": mm(paper.content_width),
        "font_pt": mm(FONT_PT),
        "head_pt": mm(HEAD_PT),
        "line_height": mm(LINE_HEIGHT),
        "pad": mm(PAD),
        "border": mm(BORDER),
    }


def sop_html(version, *, paper: str = "A4") -> SafeString:
    """The SOP document for the web page, unpaginated, with a link to its style (`screen_css`)."""
    paper_obj = paper_get(paper)
    context = {"doc": sop_document(version, paper=paper_obj), "paper": paper_obj}
    return mark_safe(render_to_string("sop/document/_fragment.html", context))


def screen_css(paper: str = "A4") -> str:
    """The style of the SOP document on the web page: a stylesheet of its own, since the Content-Security-Policy
    lets no `<style>` element into a page that htmx fills after it has loaded."""
    paper_obj = paper_get(paper)
    return render_to_string("sop/document/document.css", style_context(paper_obj, False))
