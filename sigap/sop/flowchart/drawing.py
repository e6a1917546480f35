"""The SVG text: the grid, the arrows with their Ya/Tidak labels, the symbols and the off-page connectors."""

from __future__ import annotations

from typing import cast
from xml.sax.saxutils import escape, quoteattr

from django.utils.translation import gettext as _

from .geometry import HEAD_LENGTH, Node, Page, Route
from .inputs import FlowInput, FlowStep

FONT_FAMILY = "Arial, 'Liberation Sans', Helvetica, sans-serif"
_SYMBOL_STROKE = 0.35
_ARROW_STROKE = 0.3
_GRID_STROKE = 0.3
_HEAD_HALF_WIDTH = 0.85


def _n(value: float) -> str:
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def _attr(value) -> str:
    return quoteattr(str(value))


def render(flow: FlowInput, page: Page, routes: list[Route], title: str = "", hints: bool = True) -> str:
    """The SVG of a laid-out page with its routed arrows."""
    width, height, lane_width, inset = page.width, page.height, page.lane_width, page.inset
    out = []
    label = title or _("Diagram alir SOP")
    out.append(
        f'<svg xmlns="http://www.w3.org/2000/svg" class="sop-flowchart" width="{_n(width)}mm" '
        f'height="{_n(height)}mm" viewBox="0 0 {_n(width)} {_n(height)}" role="img" '
        f'aria-label={_attr(label)} data-lanes="{len(flow.lanes)}" data-lane-width="{_n(lane_width)}" '
        f'data-inset="{_n(inset)}" font-family={_attr(FONT_FAMILY)}>'
    )
    out.append(_grid(flow, page))
    nodes = page.nodes
    out.append(f'<g class="arrows" stroke="#000" stroke-width="{_ARROW_STROKE}" fill="none">')
    for route in routes:
        out.append(_arrow(route))
    out.append("</g>")

    out.append(f'<g class="steps" stroke="#000" stroke-width="{_SYMBOL_STROKE}" fill="#fff">')
    for node in nodes.values():
        if node.kind.startswith("connector"):
            continue
        step = flow.by_number[cast(int, node.number)]
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


def _grid(flow: FlowInput, page: Page) -> str:
    """The table's grid, continued through the drawing (one path: cheaper to draw than many lines)."""
    tops, heights, width, height = page.tops, page.heights, page.width, page.height
    lines = [tops[k] for k in range(1, len(tops))]
    if page.top_strip and tops:
        lines.append(tops[0])
    if page.bottom_strip and tops:
        lines.append(tops[-1] + heights[-1])
    grid = [f"M0 {_n(y)}H{_n(width)}" for y in sorted(lines)]
    grid += [f"M{_n(c * page.lane_width - page.inset)} 0V{_n(height)}" for c in range(1, len(flow.lanes))]
    if not grid:
        return ""
    return f'<path class="grid" d="{"".join(grid)}" stroke="#000" stroke-width="{_GRID_STROKE}" fill="none"/>'


def _text(x, y, text, *, size=2.5, anchor="middle", cls="", weight="") -> str:
    extra = f' class="{cls}"' if cls else ""
    if weight:
        extra += f' font-weight="{weight}"'
    return (
        f'<text{extra} x="{_n(x)}" y="{_n(y)}" font-size="{_n(size)}" text-anchor="{anchor}" '
        f'fill="#000" stroke="none">{escape(text)}</text>'
    )


def _symbol(node: Node, step: FlowStep, hints: bool = True) -> str:
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


def _connector(node: Node, hints: bool = True) -> str:
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


def _arrow(route: Route) -> str:
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
        f"M{_n(tip_x)} {_n(tip_y)} L{_n(tip_x - _HEAD_HALF_WIDTH)} {_n(tip_y - HEAD_LENGTH)} "
        f"L{_n(tip_x + _HEAD_HALF_WIDTH)} {_n(tip_y - HEAD_LENGTH)} Z"
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
