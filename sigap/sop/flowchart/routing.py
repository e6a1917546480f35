"""The arrows: for each, the cheapest orthogonal path that crosses no symbol and keeps clear of the others."""

from __future__ import annotations

from itertools import pairwise

from ..flowgraph import Edge
from .geometry import HEAD_LENGTH, TRACK_GAP, Node, Page, Route, Segment, bands
from .inputs import FlowInput

_CLEARANCE = 0.6  # how close a line may pass a symbol
_GUTTER_TRACKS = (1.6, 3.0, 4.4)
_TRUNK_OFFSETS = (0.0, -1.6, 1.6)


class Router:
    """Chooses, arrow by arrow, the cheapest orthogonal path that crosses no symbol."""

    BEND = 2.0
    LENGTH = 0.04
    CROSSING = 5.0
    OVERLAP = 300.0
    HIT = 10000.0
    LABEL = 3.0

    def __init__(self, nodes: list[Node], bands, trunks, gutters):
        self.nodes = nodes
        self.bands = bands
        self.trunks = trunks
        self.gutters = gutters
        self.placed: list[Route] = []
        self.used_ports: dict[str, set[str]] = {}

    def _band(self, k: int) -> list[float]:
        return self.bands[max(0, min(k, len(self.bands) - 1))]

    def route_all(self, jobs) -> list[Route]:
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

    def route(self, edge: Edge, s: Node, t: Node, offpage: str) -> Route:
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
        return Route(edge, s, t, points, port, offpage)

    def _candidates(self, s: Node, t: Node, ports: set[str]):
        """Every orthogonal path worth trying, with its base cost (bends and length).

        The shapes are built so that consecutive points always differ in the
        other coordinate: no leg has zero length and none doubles back.
        """
        xs, ys, xt, top = s.cx, s.cy, t.cx, t.top
        forward = t.row > s.row
        bend, per_mm, min_last = self.BEND, self.LENGTH, HEAD_LENGTH + 0.4
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

    def _penalty(self, edge: Edge, s: Node, t: Node, points, port) -> float:
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


def _hits(seg: Segment, node: Node) -> bool:
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
        if abs(a[0] - b[0]) >= TRACK_GAP:
            return False
        lo, hi = max(min(a[1], a[3]), min(b[1], b[3])), min(max(a[1], a[3]), max(b[1], b[3]))
    else:
        if abs(a[1] - b[1]) >= TRACK_GAP:
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


def route_edges(flow: FlowInput, page: Page) -> list[Route]:
    """Every arrow of the flow that touches the page, routed; an arrow to or from another page uses its connector."""
    n_lanes = max(len(flow.lanes), 1)
    trunks = [page.col_x(c) + off for c in range(n_lanes) for off in _TRUNK_OFFSETS]
    gutters = [x for t in _GUTTER_TRACKS for x in (t, page.width - t)]
    router = Router(list(page.nodes.values()), bands(page.rows, page.tops, page.heights, page.height), trunks, gutters)
    nodes, jobs = page.nodes, []
    for edge in flow.edges:
        source, target = nodes.get(f"s{edge.source}"), nodes.get(f"s{edge.target}")
        if source is None and target is None:
            continue
        offpage = ""
        if target is None:
            target, offpage = nodes[f"out{edge.target}"], "out"
        if source is None:  # (not both: an arrow between two other pages was skipped)
            source, offpage = nodes[f"in{edge.target}"], "in"
        jobs.append((edge, source, target, offpage))
    # Short arrows first: they take the natural ports, long jumps go around them.
    jobs.sort(key=lambda j: (abs(j[2].row - j[1].row), j[1].row, j[0].branch != "ya", j[0].target))
    routes = router.route_all(jobs)
    routes.sort(key=lambda r: (r.edge.source, r.edge.branch != "ya", r.edge.target, r.offpage))
    return routes
