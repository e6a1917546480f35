"""Measuring text as it will be printed: the advance widths of Arial (Liberation Sans), and how lines wrap.

Row heights of the flowchart table must be known before layout, so they are
computed here from the text, rounded up; the result is the same on every
machine.
"""

from __future__ import annotations

import math

PT = 25.4 / 72  # one point in millimetres

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
