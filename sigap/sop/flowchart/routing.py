"""The SOP flowchart as SVG, drawn in the grid of Permenpan RB 35/2012.

The official form is a table, not a free drawing: one row per step (in number
order) and one Pelaksana column per lane. Each step's symbol sits in its
lane's column in its own row — a terminator for mulai/selesai, a rectangle for
proses, a diamond for keputusan — and arrows run orthogonally between them.
Every arrow enters its target from the top; a jump backwards, or forwards over
rows whose symbols are in the way, goes around through a free column or the
side gutter, so no line ever crosses a symbol. Decision exits say "Ya" and
"Tidak".

A page of the table can be drawn on its own (`start`/`stop`): an arrow that
leaves the page ends at an off-page connector (the pentagon) at the bottom of
the page, and one that arrives comes from a connector at the top. Both
connectors of a pair carry the number of the step the arrow goes to.

One SVG user unit is one millimetre, so the drawing lines up with the HTML
table around it. The output is plain SVG text, escaped, and a pure function
of the lanes and steps: the same SOP always gives the same bytes.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import pairwise
from xml.sax.saxutils import escape, quoteattr

from django.utils.translation import gettext as _

from .flowgraph import Edge, FlowGraph

# Sizes in millimetres.
DEFAULT_LANE_WIDTH = 30.0
DEFAULT_ROW_HEIGHT = 16.0
MIN_ROW_HEIGHT = 15.0
CONNECTOR_STRIP = 11.0
CONNECTOR_SIZE = (7.0, 6.5)
FONT_FAMILY = "Arial, 'Liberation Sans', Helvetica, sans-serif"

_SYMBOL_STROKE = 0.35
_ARROW_STROKE = 0.3
_GRID_STROKE = 0.3
_HEAD_LENGTH = 1.8
_HEAD_HALF_WIDTH = 0.85
_CLEARANCE = 0.6  # how close a line may pass a symbol
_TRACK_GAP = 0.9  # two parallel lines closer than this read as one
_GUTTER_TRACKS = (1.6, 3.0, 4.4)
_TRUNK_OFFSETS = (0.0, -1.6, 1.6)


# --- input -------------------------------------------------------------------


@dataclass(frozen=True)
class FlowLane:
    code: str
    name: str


@dataclass(frozen=True)
class FlowStep:
    number: int
    kind: str
    lane: str
    next: int | None = None
    yes: int | None = None
    no: int | None = None
    question: str = ""


class FlowInput:
    """Lanes, steps (in number order) and the arrows between them."""

    def __init__(self, lanes: Sequence[FlowLane], steps: Sequence[FlowStep]):
        self.lanes = list(lanes)
        self.steps = sorted(steps, key=lambda s: s.number)
        self.column = {lane.code: index for index, lane in enumerate(self.lanes)}
        self.row = {step.number: index for index, step in enumerate(self.steps)}
        self.by_number = {step.number: step for step in self.steps}
        unknown = [s.number for s in self.steps if s.lane not in self.column]
        if unknown:
            raise ValueError(f"steps {unknown} name a lane that is not in the lanes")
        self.graph = FlowGraph.from_steps(self.steps)
        self.edges = self.graph.edges  # the arrows to steps that exist, by the one rule of `flowgraph`

    def col_of(self, number: int) -> int:
        return self.column[self.by_number[number].lane]

    def crossing(self, start: int, stop: int) -> tuple[list[int], list[int]]:
        """Steps on rows start..stop-1 reached from another page, and steps elsewhere reached from this page."""
        incoming, outgoing = set(), set()
        for edge in self.edges:
            source_in = start <= self.row[edge.source] < stop
            target_in = start <= self.row[edge.target] < stop
            if target_in and not source_in:
                incoming.add(edge.target)
            elif source_in and not target_in:
                outgoing.add(edge.target)
        return sorted(incoming), sorted(outgoing)


def flow_input(source=None, *, lanes=None, steps=None) -> FlowInput:
    """A FlowInput from a SopVersion, an SOP file's data, or lanes and steps (models or file dicts)."""
    if isinstance(source, FlowInput):
        return source
    if source is not None:
        if isinstance(source, Mapping):
            data = source.get("sop", source)
            lanes, steps = data["pelaksana"], data["langkah"]
        else:
            lanes, steps = source.lanes.all(), source.steps.all()
    if lanes is None or steps is None:
        raise TypeError("flow_input() needs a version, SOP data, or lanes and steps")
    return FlowInput(_lanes(lanes), [_step(s) for s in steps])


def _lanes(lanes: Iterable) -> list[FlowLane]:
    items = list(lanes)
    if all(isinstance(lane, FlowLane) for lane in items):
        return items
    if items and not isinstance(items[0], Mapping):
        items.sort(key=lambda lane: (lane.order, lane.code))
        return [FlowLane(lane.code, lane.name) for lane in items]
    return [FlowLane(lane["kode"], lane["nama"]) for lane in items]


def _step(step) -> FlowStep:
    if isinstance(step, FlowStep):
        return step
    if isinstance(step, Mapping):
        return FlowStep(
            step["nomor"],
            step.get("jenis") or "proses",
            step["pelaksana"],
            step.get("lanjut"),
            step.get("ya"),
            step.get("tidak"),
            step.get("pertanyaan") or "",
        )
    lane_code = step.lane.code
    return FlowStep(step.number, step.kind, lane_code, step.next_number, step.yes_number, step.no_number, step.question)


# --- geometry ------------------------------------------------------------------


@dataclass
class _Node:
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
class _Route:
    edge: Edge
    source: _Node
    target: _Node
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


def flowchart(
    source=None,
    *,
    lanes=None,
    steps=None,
    start: int = 0,
    stop: int | None = None,
    row_heights: Sequence[float] | Mapping[int, float] | None = None,
    lane_width: float = DEFAULT_LANE_WIDTH,
    inset: float = 0.0,
    connector_strip: float = CONNECTOR_STRIP,
    title: str = "",
    hints: bool = True,
    page_labels: Mapping[int, str] | None = None,
) -> Flowchart:
    """Draw rows start..stop-1 (all by default) of an SOP's flowchart.

    `row_heights` gives every step's row height (by row index or step number);
    `inset` is how far the drawing area sits inside the grid (half the table's
    border) so the drawn grid meets the table's lines. `hints` adds a <title>
    to each symbol (a tooltip on the web; print leaves them out).
    `page_labels` (step number -> e.g. "hlm. 3") writes beside each off-page
    connector the page of the other end.
    """
    flow = flow_input(source, lanes=lanes, steps=steps)
    count = len(flow.steps)
    stop = count if stop is None else min(stop, count)
    start = max(0, min(start, stop))
    heights = _heights(flow, row_heights)[start:stop]
    incoming, outgoing = flow.crossing(start, stop)
    top_strip = connector_strip if incoming else 0.0
    bottom_strip = connector_strip if outgoing else 0.0
    n_lanes = max(len(flow.lanes), 1)
    width = n_lanes * lane_width - 2 * inset
    height = top_strip + sum(heights) + bottom_strip - 2 * inset

    # Row tops in drawing coordinates (the grid line above each row).
    tops, y = [], top_strip - inset
    for h in heights:
        tops.append(y)
        y += h

    def col_x(col: int) -> float:
        return (col + 0.5) * lane_width - inset

    nodes: dict[str, _Node] = {}
    rows: list[list[_Node]] = [[] for _ in range(len(heights) + 2)]  # index row+1
    for local, step in enumerate(flow.steps[start:stop]):
        w, h = symbol_size(step.kind, lane_width)
        col = flow.column[step.lane]
        node = _Node(
            f"s{step.number}", local, col, col_x(col), tops[local] + heights[local] / 2, w, h, step.kind, step.number
        )
        nodes[node.key] = node
        rows[local + 1].append(node)
    cw, chh = CONNECTOR_SIZE
    for strip_row, targets, prefix, cy in (
        (-1, incoming, "in", top_strip / 2 - inset),
        (len(heights), outgoing, "out", height - bottom_strip / 2 + inset),
    ):
        by_col: dict[int, list[int]] = {}
        for number in targets:
            by_col.setdefault(flow.col_of(number), []).append(number)
        for col, numbers in sorted(by_col.items()):
            for i, number in enumerate(numbers):
                shift = (i - (len(numbers) - 1) / 2) * (cw + 1.5)
                node = _Node(
                    f"{prefix}{number}", strip_row, col, col_x(col) + shift, cy, cw, chh, f"connector-{prefix}", number
                )
                if page_labels:
                    # the page of the other end: the target's, or for an arrival the first source's
                    other = (
                        number
                        if prefix == "out"
                        else min(
                            (
                                e.source
                                for e in flow.edges
                                if e.target == number and not start <= flow.row[e.source] < stop
                            ),
                            default=number,
                        )
                    )
                    node.label = page_labels.get(other, "")
                nodes[node.key] = node
                rows[strip_row + 1].append(node)

    bands = _bands(rows, tops, heights, height)
    trunks = [col_x(c) + off for c in range(n_lanes) for off in _TRUNK_OFFSETS]
    gutters = [x for t in _GUTTER_TRACKS for x in (t, width - t)]
    router = _Router(list(nodes.values()), bands, trunks, gutters)

    jobs = []
    for edge in flow.edges:
        source, target = nodes.get(f"s{edge.source}"), nodes.get(f"s{edge.target}")
        if source is None and target is None:
            continue
        offpage = ""
        if target is None:
            target, offpage = nodes[f"out{edge.target}"], "out"
        elif source is None:
            source, offpage = nodes[f"in{edge.target}"], "in"
        jobs.append((edge, source, target, offpage))
    # Short arrows first: they take the natural ports, long jumps go around them.
    jobs.sort(key=lambda j: (abs(j[2].row - j[1].row), j[1].row, j[0].branch != "ya", j[0].target))
    routes = router.route_all(jobs)
    routes.sort(key=lambda r: (r.edge.source, r.edge.branch != "ya", r.edge.target, r.offpage))

    svg = _render(
        flow, nodes, routes, tops, heights, width, height, lane_width, inset, top_strip, bottom_strip, title, hints
    )
    return Flowchart(svg, width, height, incoming, outgoing, top_strip, bottom_strip)


def flowchart_svg(source=None, **kwargs) -> str:
    """The SVG text of `flowchart()`."""
    return flowchart(source, **kwargs).svg


def _heights(flow: FlowInput, row_heights) -> list[float]:
    if row_heights is None:
        return [DEFAULT_ROW_HEIGHT] * len(flow.steps)
    if isinstance(row_heights, Mapping):
        return [max(float(row_heights.get(s.number, DEFAULT_ROW_HEIGHT)), MIN_ROW_HEIGHT) for s in flow.steps]
    heights = [max(float(h), MIN_ROW_HEIGHT) for h in row_heights]
    if len(heights) != len(flow.steps):
        raise ValueError("row_heights must give one height per step")
    return heights


def _bands(rows, tops, heights, height) -> list[list[float]]:
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
        if all(abs(v - c) >= _TRACK_GAP for c in chosen):
            chosen.append(v)
        if len(chosen) == count:
            break
    return chosen


# --- routing -------------------------------------------------------------------


class _Router:
    """Chooses, arrow by arrow, the cheapest orthogonal path that crosses no symbol."""

    BEND = 2.0
    LENGTH = 0.04
    CROSSING = 5.0
    OVERLAP = 300.0
    HIT = 10000.0
    LABEL = 3.0

    def __init__(self, nodes: list[_Node], bands, trunks, gutters):
        self.nodes = nodes
        self.bands = bands
        self.trunks = trunks
        self.gutters = gutters
        self.placed: list[_Route] = []
        self.used_ports: dict[str, set[str]] = {}

    def _band(self, k: int) -> list[float]:
        return self.bands[max(0, min(k, len(self.bands) - 1))]

    def route_all(self, jobs) -> list[_Route]:
        """Route every arrow, then route each again knowing all the others (rip-up and reroute)."""
        for job in jobs:
            self.placed.append(self.route(*job))
        for index, job in enumerate(jobs):
            old = self.placed.pop(index)
            if not self._penalty(old.edge, old.source, old.target, old.points, old.port):
                self.placed.insert(index, old)  # crosses nothing: an earlier choice cannot be improved on
                continue
            self.used_ports.get(old.source.key, set()).discard(old.port)
            self.placed.insert(index, self.route(*job))
        return list(self.placed)

    def route(self, edge: Edge, s: _Node, t: _Node, offpage: str) -> _Route:
        if s.kind == "connector-in":
            ports = {"B"}  # arrows from one connector all leave it downwards, together
        else:
            ports = {"B", "L", "R"} - self.used_ports.get(s.key, set())
        candidates = self._candidates(s, t, ports)
        best, best_cost = None, float("inf")
        for base, port, points in sorted(candidates, key=lambda c: (c[0], c[1], c[2])):
            if base >= best_cost:
                break
            cost = base + self._penalty(edge, s, t, points, port)
            if cost < best_cost:
                best, best_cost = (port, points), cost
        if best is None:  # cannot happen: a gutter route always exists; keep a drawing anyway
            best = ("B", [(s.cx, s.bottom), (t.cx, t.top)])
        port, points = best
        self.used_ports.setdefault(s.key, set()).add(port)
        return _Route(edge, s, t, points, port, offpage)

    def _candidates(self, s: _Node, t: _Node, ports: set[str]):
        """Every orthogonal path worth trying, with its base cost (bends and length).

        The shapes are built so that consecutive points always differ in the
        other coordinate: no leg has zero length and none doubles back.
        """
        xs, ys, xt, top = s.cx, s.cy, t.cx, t.top
        forward = t.row > s.row
        bend, per_mm, min_last = self.BEND, self.LENGTH, _HEAD_LENGTH + 0.4
        found = []

        def add(port, points):
            if port in ports:
                length = 0.0
                for (ax, ay), (bx, by) in pairwise(points):
                    length += abs(ax - bx) + abs(ay - by)
                found.append((bend * (len(points) - 2) + per_mm * length, port, points))

        above_target = [yb for yb in self._band(t.row)[:3] if top - yb >= min_last]
        below_source = [ya for ya in self._band(s.row + 1)[:2] if ya > s.bottom + 1.5]
        # A trunk is a vertical line past the rows between source and target: keep those no symbol is on.
        lo, hi = min(ys, top), max(ys, top)
        blocking = [
            (n.left - _CLEARANCE, n.right + _CLEARANCE)
            for n in self.nodes
            if n is not s and n is not t and n.top - _CLEARANCE < hi and n.bottom + _CLEARANCE > lo
        ]
        trunks = [
            tx
            for tx in ((self.trunks + self.gutters) if forward else self.gutters)
            if abs(tx - xs) > 1e-6 and abs(tx - xt) > 1e-6 and not any(a < tx < b for a, b in blocking)
        ]
        side = s.kind != "connector-in"
        same_column = abs(xs - xt) < 1e-6
        if forward:
            if same_column:  # straight down
                add("B", [(xs, s.bottom), (xt, top)])
            else:
                for yb in above_target:  # down, across above the target, down
                    if yb > s.bottom + 1.5:
                        add("B", [(xs, s.bottom), (xs, yb), (xt, yb), (xt, top)])
                if side:  # out of the side, across, down: the classic elbow
                    if xt < s.left - 1.0:
                        add("L", [(s.left, ys), (xt, ys), (xt, top)])
                    elif xt > s.right + 1.0:
                        add("R", [(s.right, ys), (xt, ys), (xt, top)])
        # Around: out of the side (or the bottom) to a trunk, along it, across above the target, down.
        for tx in trunks:
            for yb in above_target:
                if side and tx < s.left - 1.0:
                    add("L", [(s.left, ys), (tx, ys), (tx, yb), (xt, yb), (xt, top)])
                elif side and tx > s.right + 1.0:
                    add("R", [(s.right, ys), (tx, ys), (tx, yb), (xt, yb), (xt, top)])
                for ya in below_source:
                    if (not forward or yb > ya + 0.5) and abs(ya - yb) > 0.5:
                        add("B", [(xs, s.bottom), (xs, ya), (tx, ya), (tx, yb), (xt, yb), (xt, top)])
        return found

    def _penalty(self, edge: Edge, s: _Node, t: _Node, points, port) -> float:
        segments = [(a[0], a[1], b[0], b[1]) for a, b in pairwise(points)]
        last = len(segments) - 1
        cost = 0.0
        for i, seg in enumerate(segments):
            for node in self.nodes:
                if (node is s and i == 0) or (node is t and i == last):
                    continue
                if _hits(seg, node):
                    cost += self.HIT
        for other in self.placed:
            same_target = other.target is t
            for seg in segments:
                for oseg in other.segments:
                    if _overlaps(seg, oseg):
                        if not same_target:
                            cost += self.OVERLAP
                    elif not same_target and _crosses(seg, oseg):
                        cost += self.CROSSING
        return cost


def _hits(seg: Segment, node: _Node) -> bool:
    x1, y1, x2, y2 = seg
    lo_x, hi_x = min(x1, x2), max(x1, x2)
    lo_y, hi_y = min(y1, y2), max(y1, y2)
    return (
        lo_x < node.right + _CLEARANCE
        and hi_x > node.left - _CLEARANCE
        and lo_y < node.bottom + _CLEARANCE
        and hi_y > node.top - _CLEARANCE
    )


def _overlaps(a: Segment, b: Segment) -> bool:
    """Parallel and close enough to be read as one line over some length."""
    a_vertical, b_vertical = a[0] == a[2], b[0] == b[2]
    if a_vertical != b_vertical:
        return False
    if a_vertical:
        if abs(a[0] - b[0]) >= _TRACK_GAP:
            return False
        lo, hi = max(min(a[1], a[3]), min(b[1], b[3])), min(max(a[1], a[3]), max(b[1], b[3]))
    else:
        if abs(a[1] - b[1]) >= _TRACK_GAP:
            return False
        lo, hi = max(min(a[0], a[2]), min(b[0], b[2])), min(max(a[0], a[2]), max(b[0], b[2]))
    return hi - lo > 0.2


def _crosses(a: Segment, b: Segment) -> bool:
    a_vertical, b_vertical = a[0] == a[2], b[0] == b[2]
    if a_vertical == b_vertical:
        return False
    v, h = (a, b) if a_vertical else (b, a)
    x, y = v[0], h[1]
    return min(h[0], h[2]) - 0.1 <= x <= max(h[0], h[2]) + 0.1 and min(v[1], v[3]) - 0.1 <= y <= max(v[1], v[3]) + 0.1


# --- drawing -------------------------------------------------------------------


def _n(value: float) -> str:
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def _attr(value) -> str:
    return quoteattr(str(value))


def _render(
    flow, nodes, routes, tops, heights, width, height, lane_width, inset, top_strip, bottom_strip, title, hints=True
) -> str:
    out = []
    label = title or _("Diagram alir SOP")
    out.append(
        f'<svg xmlns="http://www.w3.org/2000/svg" class="sop-flowchart" width="{_n(width)}mm" '
        f'height="{_n(height)}mm" viewBox="0 0 {_n(width)} {_n(height)}" role="img" '
        f'aria-label={_attr(label)} data-lanes="{len(flow.lanes)}" data-lane-width="{_n(lane_width)}" '
        f'data-inset="{_n(inset)}" font-family={_attr(FONT_FAMILY)}>'
    )
    # The table's grid, continued through the drawing (one path: cheaper to draw than many lines).
    lines = [tops[k] for k in range(1, len(tops))]
    if top_strip and tops:
        lines.append(tops[0])
    if bottom_strip and tops:
        lines.append(tops[-1] + heights[-1])
    grid = [f"M0 {_n(y)}H{_n(width)}" for y in sorted(lines)]
    grid += [f"M{_n(c * lane_width - inset)} 0V{_n(height)}" for c in range(1, len(flow.lanes))]
    if grid:
        out.append(f'<path class="grid" d="{"".join(grid)}" stroke="#000" stroke-width="{_GRID_STROKE}" fill="none"/>')

    out.append(f'<g class="arrows" stroke="#000" stroke-width="{_ARROW_STROKE}" fill="none">')
    for route in routes:
        out.append(_arrow(route))
    out.append("</g>")

    out.append(f'<g class="steps" stroke="#000" stroke-width="{_SYMBOL_STROKE}" fill="#fff">')
    for node in nodes.values():
        if node.kind.startswith("connector"):
            continue
        step = flow.by_number[node.number]
        out.append(_symbol(node, step, hints))
    out.append("</g>")
    connectors = [n for n in nodes.values() if n.kind.startswith("connector")]
    if connectors:
        out.append(f'<g class="connectors" stroke="#000" stroke-width="{_SYMBOL_STROKE}" fill="#fff">')
        for node in connectors:
            out.append(_connector(node, hints))
        out.append("</g>")
    out.append("</svg>")
    return "".join(out)


def _text(x, y, text, *, size=2.5, anchor="middle", cls="", weight="") -> str:
    extra = f' class="{cls}"' if cls else ""
    if weight:
        extra += f' font-weight="{weight}"'
    return (
        f'<text{extra} x="{_n(x)}" y="{_n(y)}" font-size="{_n(size)}" text-anchor="{anchor}" '
        f'fill="#000" stroke="none">{escape(text)}</text>'
    )


def _symbol(node: _Node, step: FlowStep, hints: bool = True) -> str:
    kind = node.kind
    head = f'<g class="step step-{kind}" data-step="{step.number}" data-lane={_attr(step.lane)} data-col="{node.col}">'
    if kind == "keputusan":
        hint = (
            _("Langkah %(n)s: %(q)s") % {"n": step.number, "q": step.question}
            if step.question
            else _("Langkah %(n)s") % {"n": step.number}
        )
    else:
        hint = _("Langkah %(n)s") % {"n": step.number}
    parts = [head, f"<title>{escape(hint)}</title>" if hints else ""]
    x, y, w, h = node.left, node.top, node.w, node.h
    if kind in ("mulai", "selesai"):
        parts.append(
            f'<rect x="{_n(x)}" y="{_n(y)}" width="{_n(w)}" height="{_n(h)}" rx="{_n(h / 2)}" ry="{_n(h / 2)}"/>'
        )
        parts.append(_text(node.cx, node.cy + 0.9, _("Mulai") if kind == "mulai" else _("Selesai"), size=2.6))
    elif kind == "keputusan":
        points = [(node.cx, y), (node.right, node.cy), (node.cx, node.bottom), (node.left, node.cy)]
        parts.append(f'<polygon points="{" ".join(f"{_n(px)},{_n(py)}" for px, py in points)}"/>')
    else:
        parts.append(f'<rect x="{_n(x)}" y="{_n(y)}" width="{_n(w)}" height="{_n(h)}"/>')
    parts.append("</g>")
    return "".join(parts)


def _connector(node: _Node, hints: bool = True) -> str:
    direction = "out" if node.kind == "connector-out" else "in"
    hint = (_("Bersambung ke langkah %(n)s") if direction == "out" else _("Sambungan ke langkah %(n)s")) % {
        "n": node.number
    }
    x0, x1, y0, y1 = node.left, node.right, node.top, node.bottom
    shoulder = y0 + node.h * 0.62
    points = [(x0, y0), (x1, y0), (x1, shoulder), (node.cx, y1), (x0, shoulder)]
    return (
        f'<g class="connector connector-{direction}" data-step="{node.number}" data-col="{node.col}">'
        + (f"<title>{escape(hint)}</title>" if hints else "")
        + f'<polygon points="{" ".join(f"{_n(px)},{_n(py)}" for px, py in points)}"/>'
        + _text(node.cx, y0 + node.h * 0.5, str(node.number), size=2.6, weight="bold")
        + (
            _text(x1 + 0.8, node.cy + 0.8, node.label, size=2.2, anchor="start", cls="connector-page")
            if node.label
            else ""
        )
        + "</g>"
    )


def _arrow(route: _Route) -> str:
    edge = route.edge
    attrs = f'data-from="{edge.source}" data-to="{edge.target}"'
    if edge.branch:
        attrs += f' data-branch="{edge.branch}"'
    if route.offpage:
        attrs += f' data-offpage="{route.offpage}"'
    points = route.points
    d = "M" + " L".join(f"{_n(x)} {_n(y)}" for x, y in points)
    tip_x, tip_y = points[-1]
    head = (
        f"M{_n(tip_x)} {_n(tip_y)} L{_n(tip_x - _HEAD_HALF_WIDTH)} {_n(tip_y - _HEAD_LENGTH)} "
        f"L{_n(tip_x + _HEAD_HALF_WIDTH)} {_n(tip_y - _HEAD_LENGTH)} Z"
    )
    parts = [
        f'<g class="arrow" {attrs}>',
        f'<path class="arrow-line" d="{d}"/>',
        f'<path class="arrow-head" d="{head}" fill="#000" stroke="none"/>',
    ]
    if edge.branch and route.offpage != "in":
        text = edge.label
        sx, sy = points[0]
        if route.port == "B":
            parts.append(_text(sx + 1.0, sy + 2.3, text, size=2.3, anchor="start", cls="arrow-label"))
        elif route.port == "L":
            parts.append(_text(sx - 0.8, sy - 0.8, text, size=2.3, anchor="end", cls="arrow-label"))
        else:
            parts.append(_text(sx + 0.8, sy - 0.8, text, size=2.3, anchor="start", cls="arrow-label"))
    parts.append("</g>")
    return "".join(parts)
