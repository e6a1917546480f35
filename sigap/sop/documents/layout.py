"""The paper and the layout of the flowchart table: column widths, row heights and the rows of each page."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from ..flowchart import CONNECTOR_STRIP, MIN_ROW_HEIGHT, FlowInput
from ..models import Sop
from .measure import PT, line_count


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


def mm(value: float) -> str:
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
