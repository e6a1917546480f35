"""Where everything sits: the rows and lane columns of a page, each step's symbol and the off-page connectors."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from ..flowgraph import Edge
from .inputs import FlowInput

# Sizes in millimetres.
DEFAULT_LANE_WIDTH = 30.0
DEFAULT_ROW_HEIGHT = 16.0
MIN_ROW_HEIGHT = 15.0
CONNECTOR_STRIP = 11.0
CONNECTOR_SIZE = (7.0, 6.5)
HEAD_LENGTH = 1.8  # of an arrow head
TRACK_GAP = 0.9  # two parallel lines closer than this read as one


@dataclass
class Node:
    key: str
    row: int  # -1: top connector strip; len(rows): bottom connector strip
    col: int
    cx: float
    cy: float
    w: float
    h: float
    kind: str
    number: int | None = None  # the step, or for a connector the step it leads to
    label: str = ""  # for a connector: the page of the other end

    @property
    def top(self):
        return self.cy - self.h / 2

    @property
    def bottom(self):
        return self.cy + self.h / 2

    @property
    def left(self):
        return self.cx - self.w / 2

    @property
    def right(self):
        return self.cx + self.w / 2


def symbol_size(kind: str, lane_width: float) -> tuple[float, float]:
    """Width and height of a step's symbol in a lane of the given width."""
    if kind == "keputusan":
        return min(lane_width * 0.62, 17.0), 9.5
    width = min(lane_width * 0.68, 22.0)
    if kind in ("mulai", "selesai"):
        return width, 6.5
    return width, 7.5


Segment = tuple[float, float, float, float]  # x1, y1, x2, y2; always horizontal or vertical


@dataclass
class Route:
    edge: Edge
    source: Node
    target: Node
    points: list[tuple[float, float]]
    port: str
    offpage: str = ""

    def __post_init__(self):
        self.segments: list[Segment] = [(a[0], a[1], b[0], b[1]) for a, b in zip(self.points, self.points[1:])]


@dataclass
class Flowchart:
    """One drawn page of the flowchart, and what the table around it needs to know."""

    svg: str
    width: float
    height: float
    incoming: list[int] = field(default_factory=list)  # steps here reached from another page
    outgoing: list[int] = field(default_factory=list)  # steps on other pages reached from here
    top_strip: float = 0.0
    bottom_strip: float = 0.0

    def __str__(self):
        return self.svg


def row_heights_of(flow: FlowInput, row_heights) -> list[float]:
    if row_heights is None:
        return [DEFAULT_ROW_HEIGHT] * len(flow.steps)
    if isinstance(row_heights, Mapping):
        return [max(float(row_heights.get(s.number, DEFAULT_ROW_HEIGHT)), MIN_ROW_HEIGHT) for s in flow.steps]
    heights = [max(float(h), MIN_ROW_HEIGHT) for h in row_heights]
    if len(heights) != len(flow.steps):
        raise ValueError("row_heights must give one height per step")
    return heights


def bands(rows, tops, heights, height) -> list[list[float]]:
    """For each gap between two rows of symbols, the y positions a horizontal line may take, best first.

    bands[k] is the gap above row k; bands[len(tops)] is the one below the last
    row. A line keeps clear of the symbols and never runs on the table's own
    row line, where it would vanish.
    """
    n = len(tops)
    result = []
    for k in range(n + 1):
        above, below = rows[k], rows[k + 1]  # rows[i] holds row i-1; rows[0] the top strip
        lo = max((node.bottom for node in above), default=0.0)
        hi = min((node.top for node in below), default=height)
        if 0 < k < n:
            line = tops[k]
        elif k == 0 and n and rows[0]:
            line = tops[0]
        elif k == n and n and rows[n + 1]:
            line = tops[n - 1] + heights[n - 1]
        else:
            line = None
        mid = (lo + hi) / 2
        candidates, y = [], lo + 1.0
        while y <= hi - 1.0 + 1e-9:
            if line is None or abs(y - line) >= 0.7:
                candidates.append(round(y, 2))
            y += 0.45
        candidates.sort(key=lambda v: (abs(v - mid), v))
        result.append(_spread(candidates, 5))
    return result


def _spread(values: list[float], count: int) -> list[float]:
    """The best `count` values at least one track gap apart."""
    chosen: list[float] = []
    for v in values:
        if all(abs(v - c) >= TRACK_GAP for c in chosen):
            chosen.append(v)
        if len(chosen) == count:
            break
    return chosen


@dataclass
class Page:
    """Rows start..stop-1 of the table laid out: row lines, symbols and connectors, in drawing coordinates."""

    start: int
    stop: int
    lane_width: float
    inset: float
    heights: list[float]
    tops: list[float]  # the grid line above each row
    width: float
    height: float
    top_strip: float
    bottom_strip: float
    incoming: list[int]
    outgoing: list[int]
    nodes: dict[str, Node] = field(default_factory=dict)
    rows: list[list[Node]] = field(default_factory=list)  # rows[i + 1] holds row i; rows[0] the top strip

    def col_x(self, col: int) -> float:
        return (col + 0.5) * self.lane_width - self.inset

    def add(self, node: Node):
        self.nodes[node.key] = node
        self.rows[node.row + 1].append(node)


def layout(
    flow: FlowInput,
    *,
    start: int,
    stop: int | None,
    row_heights: Sequence[float] | Mapping[int, float] | None,
    lane_width: float,
    inset: float,
    connector_strip: float,
    page_labels: Mapping[int, str] | None,
) -> Page:
    """Lay out rows start..stop-1 (see `flowchart()` for the arguments)."""
    count = len(flow.steps)
    stop = count if stop is None else min(stop, count)
    start = max(0, min(start, stop))
    heights = row_heights_of(flow, row_heights)[start:stop]
    incoming, outgoing = flow.crossing(start, stop)
    top_strip = connector_strip if incoming else 0.0
    bottom_strip = connector_strip if outgoing else 0.0
    tops, y = [], top_strip - inset
    for h in heights:
        tops.append(y)
        y += h
    page = Page(
        start,
        stop,
        lane_width,
        inset,
        heights,
        tops,
        width=max(len(flow.lanes), 1) * lane_width - 2 * inset,
        height=top_strip + sum(heights) + bottom_strip - 2 * inset,
        top_strip=top_strip,
        bottom_strip=bottom_strip,
        incoming=incoming,
        outgoing=outgoing,
        rows=[[] for _ in range(len(heights) + 2)],
    )
    for local, step in enumerate(flow.steps[start:stop]):
        w, h = symbol_size(step.kind, lane_width)
        col = flow.column[step.lane]
        cy = tops[local] + heights[local] / 2
        page.add(Node(f"s{step.number}", local, col, page.col_x(col), cy, w, h, step.kind, step.number))
    _place_connectors(flow, page, -1, incoming, "in", top_strip / 2 - inset, page_labels)
    _place_connectors(flow, page, len(heights), outgoing, "out", page.height - bottom_strip / 2 + inset, page_labels)
    return page


def _place_connectors(flow: FlowInput, page: Page, strip_row, targets, prefix, cy, page_labels):
    """The off-page connectors of one strip, side by side under (or over) their step's lane."""
    cw, chh = CONNECTOR_SIZE
    by_col: dict[int, list[int]] = {}
    for number in targets:
        by_col.setdefault(flow.col_of(number), []).append(number)
    for col, numbers in sorted(by_col.items()):
        for i, number in enumerate(numbers):
            shift = (i - (len(numbers) - 1) / 2) * (cw + 1.5)
            key, kind = f"{prefix}{number}", f"connector-{prefix}"
            node = Node(key, strip_row, col, page.col_x(col) + shift, cy, cw, chh, kind, number)
            if page_labels:
                node.label = page_labels.get(_other_end(flow, page, number, prefix), "")
            page.add(node)


def _other_end(flow: FlowInput, page: Page, number: int, prefix: str) -> int:
    """The step whose page a connector names: the target's, or for an arrival the first source's."""
    if prefix == "out":
        return number
    sources = (e.source for e in flow.edges if e.target == number and not page.start <= flow.row[e.source] < page.stop)
    return min(sources, default=number)
