"""The official SOP document (Permenpan RB 35/2012) as HTML and PDF, and the Buku SOP.

One template draws an SOP the way the regulation prints it: the identity table
(organization block, No. Dokumen ... Nama SOP, then Dasar Hukum | Kualifikasi
Pelaksana, Keterkaitan | Peralatan/Perlengkapan, Peringatan | Pencatatan dan
Pendataan) and the flowchart table (NO, URAIAN KEGIATAN, one PELAKSANA column
per lane, MUTU BAKU and KETERANGAN) with the flowchart drawn into the lane
columns. The same HTML is the SOP page on the web (`sop_html`) and, split into
pages, the PDF (`sop_pdf`) and the Buku SOP (`book_pdf`: cover, decree,
lampiran with its table of contents and every established SOP).

The flowchart is one SVG per page spanning the lane columns, so arrows run
cleanly from row to row. That needs every row's height known before layout:
rows get explicit heights from the text they hold, measured with the advance
widths of Arial (which Liberation Sans matches) built into this module and
rounded up, and the rows of each page are chosen from those heights. The
result is the same on every machine.
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass

from django.db.models import prefetch_related_objects
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from . import selectors
from .flowchart import CONNECTOR_STRIP, MIN_ROW_HEIGHT, FlowInput, flow_input, flowchart
from .models import Sop

PT = 25.4 / 72  # one point in millimetres


@dataclass(frozen=True)
class Paper:
    name: str
    width: float  # landscape, mm
    height: float
    margin_top: float = 10.0
    margin_side: float = 10.0
    margin_bottom: float = 13.0

    @property
    def content_width(self) -> float:
        return self.width - 2 * self.margin_side

    @property
    def content_height(self) -> float:
        return self.height - self.margin_top - self.margin_bottom


PAPERS = {
    "A4": Paper("A4", 297.0, 210.0),
    "F4": Paper("F4", 330.0, 215.0),  # the Indonesian folio
}


def paper_get(name: str | None) -> Paper:
    """The paper named (A4 or F4, any case); A4 when the name is empty. ValueError for others."""
    key = (name or "A4").strip().upper()
    if key not in PAPERS:
        raise ValueError(name)
    return PAPERS[key]


# --- measuring text ---------------------------------------------------------------

# Advance widths (1/1000 em) of Arial, which Liberation Sans matches metric for
# metric, for the characters 32..126. Other characters count as wide ones.
_WIDTHS_REGULAR = (
    278,
    278,
    355,
    556,
    556,
    889,
    667,
    191,
    333,
    333,
    389,
    584,
    278,
    333,
    278,
    278,
    556,
    556,
    556,
    556,
    556,
    556,
    556,
    556,
    556,
    556,
    278,
    278,
    584,
    584,
    584,
    556,
    1015,
    667,
    667,
    722,
    722,
    667,
    611,
    778,
    722,
    278,
    500,
    667,
    556,
    833,
    722,
    778,
    667,
    778,
    722,
    667,
    611,
    722,
    667,
    944,
    667,
    667,
    611,
    278,
    278,
    278,
    469,
    556,
    333,
    556,
    556,
    500,
    556,
    556,
    278,
    556,
    556,
    222,
    222,
    500,
    222,
    833,
    556,
    556,
    556,
    556,
    333,
    500,
    278,
    556,
    500,
    722,
    500,
    500,
    500,
    334,
    260,
    334,
    584,
)
_WIDTHS_BOLD = (
    278,
    333,
    474,
    556,
    556,
    889,
    722,
    238,
    333,
    333,
    389,
    584,
    278,
    333,
    278,
    278,
    556,
    556,
    556,
    556,
    556,
    556,
    556,
    556,
    556,
    556,
    333,
    333,
    584,
    584,
    584,
    611,
    975,
    722,
    722,
    722,
    722,
    667,
    611,
    778,
    722,
    278,
    556,
    722,
    611,
    833,
    722,
    778,
    667,
    778,
    722,
    667,
    611,
    722,
    667,
    944,
    667,
    667,
    611,
    333,
    278,
    333,
    584,
    556,
    333,
    556,
    611,
    556,
    611,
    556,
    333,
    611,
    611,
    278,
    278,
    556,
    278,
    889,
    611,
    611,
    611,
    611,
    389,
    556,
    333,
    611,
    556,
    778,
    556,
    556,
    500,
    389,
    280,
    389,
    584,
)
_WIDE = 778
_SAFETY = 1.04  # shaping and rounding may make a line a little longer than the sum of advances


def text_width(text: str, size_pt: float, bold: bool = False) -> float:
    """Width in mm of text set in Arial at size_pt."""
    table = _WIDTHS_BOLD if bold else _WIDTHS_REGULAR
    units = sum(table[ord(c) - 32] if 32 <= ord(c) <= 126 else _WIDE for c in text)
    return units / 1000 * size_pt * PT * _SAFETY


def line_count(text: str, width: float, size_pt: float, bold: bool = False) -> int:
    """How many lines text wraps to in a box width mm wide, breaking only at spaces (an upper bound)."""
    if not text:
        return 0
    space = text_width(" ", size_pt, bold)
    lines = 0
    for paragraph in str(text).split("\n"):
        lines += 1
        used = 0.0
        for word in paragraph.split():
            w = text_width(word, size_pt, bold)
            if w > width:  # a word longer than the line is broken inside
                extra = math.ceil(w / width)
                lines += extra - (1 if used == 0 else 0)
                used = w - (extra - 1) * width
                continue
            if used and used + space + w > width:
                lines += 1
                used = w
            else:
                used += (space if used else 0) + w
    return lines


# --- layout of the flowchart table --------------------------------------------------

FONT_PT = 8.0  # body text of the table
HEAD_PT = 7.0  # column heads
LINE_HEIGHT = 1.25
PAD = 1.2  # cell padding, mm
BORDER = 0.3  # table rule, mm
COLS = {"no": 8.0, "requirements": 26.0, "duration": 17.0, "output": 26.0, "note": 24.0}
MIN_TEXT_WIDTH = 70.0
MAX_LANE_WIDTH = 30.0
MIN_LANE_WIDTH = 16.0


def css_string(text: str) -> SafeString:
    """Text as the inside of a double-quoted CSS string, safe inside a <style> element."""
    out = []
    for char in str(text):
        if char in '"\\<>&' or ord(char) < 32:
            out.append(f"\\{ord(char):x} ")
        else:
            out.append(char)
    return mark_safe("".join(out))


def _mm(value: float) -> str:
    """A length for CSS: never localized (a comma would break the style)."""
    return f"{value:.2f}".rstrip("0").rstrip(".")


@dataclass
class TableLayout:
    paper: Paper
    lane_width: float
    text_width: float
    table_width: float
    head_heights: tuple[float, float]
    row_heights: list[float]
    pages: list[tuple[int, int]]

    @property
    def head_height(self) -> float:
        return sum(self.head_heights)


def _cell_lines_height(lines: int, size_pt: float = FONT_PT) -> float:
    return lines * size_pt * LINE_HEIGHT * PT + 2 * PAD + BORDER


def table_layout(
    flow: FlowInput, steps, paper: Paper, *, paginate: bool = True, rows_per_page: int | None = None
) -> TableLayout:
    """Column widths, row heights and the rows of each page for one SOP's flowchart table."""
    fixed = sum(COLS.values())
    lanes = max(len(flow.lanes), 1)
    room = paper.content_width - fixed
    lane_width = max(MIN_LANE_WIDTH, min(MAX_LANE_WIDTH, (room - MIN_TEXT_WIDTH) / lanes))
    text_col = room - lane_width * lanes
    inner = lambda w: w - 2 * PAD - BORDER  # noqa: E731

    heights = []
    for step in steps:
        lines = max(
            line_count(step.text, inner(text_col), FONT_PT),
            line_count(step.requirements, inner(COLS["requirements"]), FONT_PT),
            line_count(step.duration_text, inner(COLS["duration"]), FONT_PT),
            line_count(step.output, inner(COLS["output"]), FONT_PT),
            line_count(note_text(step), inner(COLS["note"]), FONT_PT),
        )
        heights.append(round(max(MIN_ROW_HEIGHT, _cell_lines_height(lines) + 0.6), 1))

    head_lines = max([line_count(lane.name, inner(lane_width), HEAD_PT, bold=True) for lane in flow.lanes] + [1])
    head_heights = (
        round(_cell_lines_height(1, HEAD_PT) + 0.4, 1),
        round(_cell_lines_height(head_lines, HEAD_PT) + 0.4, 1),
    )

    pages = [(0, len(heights))]
    if paginate:
        pages = _paginate(flow, heights, paper.content_height - sum(head_heights) - 3.0, rows_per_page)
    return TableLayout(paper, lane_width, text_col, paper.content_width, head_heights, heights, pages)


def _paginate(flow: FlowInput, heights: list[float], room: float, rows_per_page: int | None):
    """Fill each page with as many rows as fit, counting the connector strips a break needs."""
    pages, start, count = [], 0, len(heights)
    while start < count:
        stop = start + 1
        while stop < count:
            candidate = stop + 1
            if rows_per_page and candidate - start > rows_per_page:
                break
            incoming, outgoing = flow.crossing(start, candidate)
            needed = sum(heights[start:candidate]) + CONNECTOR_STRIP * (bool(incoming) + bool(outgoing))
            if needed > room:
                break
            stop = candidate
        pages.append((start, stop))
        start = stop
    return pages


def note_text(step) -> str:
    """The KETERANGAN cell: the step's note and, for a decision, where Ya and Tidak lead."""
    parts = [step.note] if step.note else []
    if step.kind == "keputusan":
        if step.question:
            parts.append(step.question)
        parts.append(
            _("Ya: langkah %(ya)s; Tidak: langkah %(tidak)s.") % {"ya": step.yes_number, "tidak": step.no_number}
        )
    return " ".join(parts)


# --- the document context --------------------------------------------------------------


def _version_parts(version):
    lanes = sorted(version.lanes.all(), key=lambda lane: (lane.order, lane.code))
    steps = sorted(version.steps.all(), key=lambda step: step.number)
    return lanes, steps, flow_input(lanes=lanes, steps=steps)


def identity_height(version, paper: Paper) -> float:
    """An upper bound of the height of the identity table (and the draft banner), in mm."""
    lh = FONT_PT * LINE_HEIGHT * PT
    value_width = paper.content_width * 0.37 - 2 * PAD - BORDER
    approved = version.approved_by
    right = 4 * (lh + 2 * PAD + BORDER) + line_count(version.name, value_width, 9.5, bold=True) * 9.5 * LINE_HEIGHT * PT
    right += (
        2 * PAD
        + BORDER
        + 12
        + lh
        * (
            line_count(approved.get("jabatan", "").upper(), value_width, FONT_PT)
            + max(1, line_count(approved.get("nama", ""), value_width, FONT_PT, bold=True))
            + 2
        )
    )
    left = 20 + 2.5 + 6 * 11 * LINE_HEIGHT * PT + 6
    total = max(left, right) + (12 if version.status == Sop.Status.DRAFT else 0)
    column = paper.content_width / 2 - 2 * PAD - BORDER - 4.5
    for keys in (
        ("dasar_hukum", "kualifikasi_pelaksana"),
        ("keterkaitan", "peralatan_perlengkapan"),
        ("peringatan", "pencatatan_pendataan"),
    ):
        lines = max(sum(line_count(item, column, FONT_PT) for item in version.identity_list(key)) or 1 for key in keys)
        total += (lines + 1) * lh + 4 * PAD + 2 * BORDER
    return total


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
    organization = sop.organization
    lanes, steps, flow = _version_parts(version)
    layout = table_layout(flow, steps, paper, paginate=paginate, rows_per_page=rows_per_page)
    anchor = f"sop-{sop.code}"
    sources: dict[int, list[int]] = {}
    for edge in flow.edges:
        sources.setdefault(edge.target, []).append(edge.source)

    first_flow_page = None
    if page_refs == "static" and identity_height(version, paper) <= paper.content_height - 4:
        first_flow_page = 2  # the identity table fills page 1; the flowchart table starts on a new page
    page_of = {}
    for index, (start, stop) in enumerate(layout.pages):
        for number in range(start, stop):
            page_of[steps[number].number] = index

    def ref(number, here):
        """How a row on flowchart page `here` names the page of step `number`."""
        if first_flow_page is not None:
            return {"step": number, "page": first_flow_page + page_of[number]}
        # Any target-counter makes WeasyPrint lay pages out again; the pages next to this one need no number.
        return {"step": number, "next": page_of[number] == here + 1, "previous": page_of[number] == here - 1}

    page_labels = None
    if first_flow_page is not None:
        page_labels = {number: _("hlm. %(p)s") % {"p": first_flow_page + index} for number, index in page_of.items()}
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
        rows = []
        if chart.incoming:
            rows.append(
                {
                    "kind": "in",
                    "height": _mm(chart.top_strip),
                    "links": [
                        {
                            "target": t,
                            "sources": [ref(s, index) for s in sources.get(t, []) if not start <= flow.row[s] < stop],
                        }
                        for t in chart.incoming
                    ],
                }
            )
        for position in range(start, stop):
            step = steps[position]
            rows.append(
                {
                    "kind": "step",
                    "step": step,
                    "height": _mm(layout.row_heights[position]),
                    "anchor": f"{anchor}-langkah-{step.number}",
                    "note": note_text(step),
                }
            )
        if chart.outgoing:
            rows.append(
                {"kind": "out", "height": _mm(chart.bottom_strip), "links": [ref(t, index) for t in chart.outgoing]}
            )
        page = {"number": index + 1, "rows": rows, "width": _mm(chart.width), "height": _mm(chart.height)}
        if for_print:
            page["img"] = f"{IMAGE_SCHEME}{anchor}-v{version.revision}-{index + 1}"
            images[page["img"]] = chart.svg.encode()
        else:
            page["svg"] = mark_safe(chart.svg)
        pages.append(page)

    return {
        "version": version,
        "css_name": css_string(version.name),
        "sop": sop,
        "organization": organization,
        "unit": sop.unit,
        "anchor": anchor,
        "draft": version.status == Sop.Status.DRAFT,
        "for_print": for_print,
        "approved": version.approved_by,
        "made_on": version.made_on or version.issued_on,
        "lists": [
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
        ],
        "lanes": lanes,
        "pages": pages,
        "images": images,
        "paginated": paginate,
        "widths": {
            "table": _mm(layout.table_width),
            "no": _mm(COLS["no"]),
            "text": _mm(layout.text_width),
            "lane": _mm(layout.lane_width),
            "requirements": _mm(COLS["requirements"]),
            "duration": _mm(COLS["duration"]),
            "output": _mm(COLS["output"]),
            "note": _mm(COLS["note"]),
        },
        "head_heights": [_mm(h) for h in layout.head_heights],
        "layout": layout,
    }


def _style_context(paper: Paper, for_print: bool) -> dict:
    return {
        "paper": paper,
        "for_print": for_print,
        "page_width": _mm(paper.width),
        "page_height": _mm(paper.height),
        "margin_top": _mm(paper.margin_top),
        "margin_side": _mm(paper.margin_side),
        "margin_bottom": _mm(paper.margin_bottom),
        "content_width": _mm(paper.content_width),
        "font_pt": _mm(FONT_PT),
        "head_pt": _mm(HEAD_PT),
        "line_height": _mm(LINE_HEIGHT),
        "pad": _mm(PAD),
        "border": _mm(BORDER),
    }


def sop_html(version, *, paper: str = "A4") -> SafeString:
    """The SOP document for the web page: its style and the document, unpaginated."""
    paper_obj = paper_get(paper)
    context = {"doc": sop_document(version, paper=paper_obj), **_style_context(paper_obj, False)}
    return mark_safe(render_to_string("sop/document/_fragment.html", context))


# --- PDF --------------------------------------------------------------------------------


@functools.lru_cache(maxsize=32)
def _compiled_stylesheets(kind: str, paper_name: str, language: str) -> tuple:
    from weasyprint import CSS  # imported late: loading WeasyPrint costs time the web pages do not need

    paper = PAPERS[paper_name]
    context = _style_context(paper, True)
    return tuple(
        CSS(string=render_to_string(f"sop/document/{name}", context)) for name in ("document.css", f"{kind}.css")
    )


def print_stylesheets(kind: str, paper: str = "A4") -> list:
    """The compiled style of a printed document ("pdf": one SOP, "book": the Buku SOP).

    Parsing the style is a good part of the time of a small PDF, and it only
    changes with the paper and the language, so it is parsed once per process.
    """
    return list(_compiled_stylesheets(kind, paper_get(paper).name, translation.get_language() or "id"))


IMAGE_SCHEME = "sigap-flowchart:"


@dataclass
class PrintJob:
    """A document ready for WeasyPrint: its HTML, which style ("pdf" or "book"), paper, and flowchart images.

    The flowcharts travel beside the HTML (`<img src="sigap-flowchart:...">`)
    rather than inside it as data: URLs, which the HTML parser would read
    character by character. The fetcher serves those images and nothing
    else, so printing never reads a file or the network.
    """

    html: str
    kind: str
    paper: str
    images: dict[str, bytes]

    def document(self):
        """The laid-out WeasyPrint document (pages and boxes)."""
        from weasyprint import HTML

        return HTML(string=self.html, url_fetcher=_fetcher(self.images)).render(
            stylesheets=print_stylesheets(self.kind, self.paper)
        )

    def pdf(self) -> bytes:
        return self.document().write_pdf()


def _fetcher(images: dict[str, bytes]):
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class FlowchartFetcher(URLFetcher):
        def fetch(self, url, headers=None):
            if url in images:
                return URLFetcherResponse(url, images[url], {"Content-Type": "image/svg+xml"})
            raise ValueError(f"sigap prints no outside resource: {url[:80]}")

    return FlowchartFetcher()


def sop_print(version, paper: str = "A4", *, rows_per_page: int | None = None) -> PrintJob:
    """The stand-alone SOP document, ready to print."""
    paper_obj = paper_get(paper)
    doc = sop_document(
        version, paper=paper_obj, paginate=True, rows_per_page=rows_per_page, for_print=True, page_refs="static"
    )
    html = render_to_string("sop/document/pdf.html", {"doc": doc})
    return PrintJob(html, "pdf", paper_obj.name, doc["images"])


def sop_pdf_html(version, paper: str = "A4", *, rows_per_page: int | None = None) -> str:
    """The HTML that `sop_pdf` prints."""
    return sop_print(version, paper, rows_per_page=rows_per_page).html


def sop_pdf(version, paper: str = "A4", *, rows_per_page: int | None = None) -> bytes:
    """The SOP document as a landscape PDF on A4 or F4 (215 x 330 mm)."""
    return sop_print(version, paper, rows_per_page=rows_per_page).pdf()


def book_contents(*, organization) -> dict:
    """The decree of the Buku SOP, its lampiran as a table of contents, and the established SOP versions in order."""
    decrees = list(selectors.decree_list(organization=organization))
    decree = max(decrees, key=lambda d: (d.date is not None, d.date, d.pk)) if decrees else None
    versions = selectors.sop_current_versions(organization=organization)
    prefetch_related_objects(versions, "lanes", "steps__lane", "sop__unit", "sop__organization")
    by_code = {v.sop.code: v for v in versions}
    units = {unit.code: unit for unit in organization.units.all()}
    sections, included = [], []
    if decree is not None:
        for section in decree.data.get("lampiran", []):
            unit = units.get(section["bidang"])
            entries = []
            for entry in section["sop"]:
                version = by_code.get(entry["kode"])
                established = version is not None and version.status == Sop.Status.ESTABLISHED
                if established:
                    included.append(version)
                entries.append(
                    {
                        "code": entry["kode"],
                        "letter": entry.get("huruf", ""),
                        "name": entry["nama"],
                        "version": version if established else None,
                        "status": version.get_status_display() if version is not None else _("Belum disusun"),
                    }
                )
            sections.append(
                {"title": section.get("judul") or (unit.name if unit else section["bidang"]), "entries": entries}
            )
    else:
        entries = []
        for version in versions:
            if version.status == Sop.Status.ESTABLISHED:
                included.append(version)
                entries.append(
                    {
                        "code": version.sop.code,
                        "letter": version.sop.letter,
                        "name": version.sop.title,
                        "version": version,
                        "status": version.get_status_display(),
                    }
                )
        sections.append({"title": "", "entries": entries})
    number = 0
    for section in sections:
        for entry in section["entries"]:
            number += 1
            entry["number"] = number
    return {"decree": decree, "sections": sections, "versions": included}


def kop_name(organization) -> str:
    """The office's line of the letterhead: "Dinas Sosial" under "Pemerintah Kabupaten Magetan"."""
    name, government = organization.name, organization.government
    words = government.split()
    if len(words) > 1 and words[0].lower() == "pemerintah":
        region = " ".join(words[1:])
        if name.lower().endswith(" " + region.lower()):
            return name[: -len(region) - 1]
    return name


def book_print(organization, paper: str = "A4") -> PrintJob:
    """The Buku SOP, ready to print."""
    paper_obj = paper_get(paper)
    contents = book_contents(organization=organization)
    docs = [sop_document(v, paper=paper_obj, paginate=True, for_print=True) for v in contents["versions"]]
    decree = contents["decree"]
    data = decree.data if decree is not None else {}
    letters = "abcdefghijklmnopqrstuvwxyz"
    context = {
        "organization": organization,
        "decree": decree,
        "data": data,
        "menimbang": [(letters[i % 26], text) for i, text in enumerate(data.get("menimbang", []))],
        "signer": data.get("penandatangan") or {},
        "official_title": (
            (data.get("penandatangan") or {}).get("jabatan") or _("Kepala %(org)s") % {"org": organization.name}
        ),
        "kop_name": kop_name(organization),
        "sections": contents["sections"],
        "docs": docs,
        "year": decree.date.year if decree is not None and decree.date else "",
    }
    images = {url: svg for doc in docs for url, svg in doc["images"].items()}
    return PrintJob(render_to_string("sop/document/book.html", context), "book", paper_obj.name, images)


def book_pdf_html(organization, paper: str = "A4") -> str:
    """The HTML that `book_pdf` prints."""
    return book_print(organization, paper).html


def book_pdf(organization, paper: str = "A4") -> bytes:
    """The Buku SOP: cover, the decree, and its lampiran with a table of contents and every established SOP."""
    return book_print(organization, paper).pdf()
