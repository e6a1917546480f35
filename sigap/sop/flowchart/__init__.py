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

from collections.abc import Mapping, Sequence

from ..flowgraph import Edge
from .drawing import FONT_FAMILY, render
from .geometry import (
    CONNECTOR_SIZE,
    CONNECTOR_STRIP,
    DEFAULT_LANE_WIDTH,
    DEFAULT_ROW_HEIGHT,
    MIN_ROW_HEIGHT,
    Flowchart,
    layout,
    symbol_size,
)
from .inputs import FlowInput, FlowLane, FlowStep, flow_input
from .routing import route_edges

__all__ = [
    "CONNECTOR_SIZE",
    "CONNECTOR_STRIP",
    "DEFAULT_LANE_WIDTH",
    "DEFAULT_ROW_HEIGHT",
    "FONT_FAMILY",
    "MIN_ROW_HEIGHT",
    "Edge",
    "FlowInput",
    "FlowLane",
    "FlowStep",
    "Flowchart",
    "flow_input",
    "flowchart",
    "flowchart_svg",
    "symbol_size",
]


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
    page = layout(
        flow,
        start=start,
        stop=stop,
        row_heights=row_heights,
        lane_width=lane_width,
        inset=inset,
        connector_strip=connector_strip,
        page_labels=page_labels,
    )
    svg = render(flow, page, route_edges(flow, page), title, hints)
    return Flowchart(svg, page.width, page.height, page.incoming, page.outgoing, page.top_strip, page.bottom_strip)


def flowchart_svg(source=None, **kwargs) -> str:
    """The SVG text of `flowchart()`."""
    return flowchart(source, **kwargs).svg
