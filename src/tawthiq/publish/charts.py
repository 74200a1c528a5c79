"""Bar charts for the printed reports: each bar an SVG drawn here, each label HTML beside it.

No ``<text>`` ever goes into the SVG: WeasyPrint lays SVG text out glyph by glyph, so Arabic would print with its
letters in reverse order and unjoined. The labels and figures are table cells, shaped by Pango like the rest of the
page, and the bar grows from the side the reading starts (right in Arabic). A figure is a min–max span: the solid
part of a bar is the lowest account, the pale part reaches the highest. Output depends on the rows alone.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

WIDTH = 240  # the bar area, in CSS pixels (the SVG's user units)
HEIGHT = 12
SOLID = "#8c2d19"
PALE = "#e3b7a8"


@dataclass(frozen=True)
class Bar:
    """One row: its label (plain text, escaped here), the lowest and highest figure, and the figure as shown."""

    label: str
    low: int
    high: int
    shown: str


def bar_chart(bars: Sequence[Bar], *, direction: str = "ltr", caption: str = "") -> str:
    """An HTML figure (a table of label, bar, figure) for ``bars``, scaled to the highest figure among them.

    ``direction`` is the page's (``ltr`` or ``rtl``): in ``rtl`` the bars grow from the right. An empty ``bars``
    gives an empty string (the caller says "not reported" in words instead of drawing nothing).
    """
    if direction not in ("ltr", "rtl"):
        raise ValueError(f"direction must be ltr or rtl, not {direction!r}")
    if not bars:
        return ""
    top = max(max(bar.high, bar.low) for bar in bars) or 1
    rows = [
        f'<tr><th scope="row" class="chart-label">{escape(bar.label)}</th>'
        f'<td class="chart-bar">{_bar_svg(bar, top, direction)}</td>'
        f'<td class="chart-figure">{escape(bar.shown)}</td></tr>'
        for bar in bars
    ]
    head = f"<caption>{escape(caption)}</caption>" if caption else ""
    return f'<table class="chart" dir="{direction}">{head}<tbody>{"".join(rows)}</tbody></table>'


def _bar_svg(bar: Bar, top: int, direction: str) -> str:
    low = _length(min(bar.low, bar.high), top)
    high = _length(max(bar.low, bar.high), top)
    shapes = []
    for length, colour in ((high, PALE), (low, SOLID)):
        if length:
            x = WIDTH - length if direction == "rtl" else 0
            shapes.append(f'<rect x="{x}" y="0" width="{length}" height="{HEIGHT}" fill="{colour}"/>')
    return (f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{HEIGHT}" '
            f'viewBox="0 0 {WIDTH} {HEIGHT}" role="img">{"".join(shapes)}</svg>')


def _length(value: int, top: int) -> int:
    """The bar's length in whole units (deterministic), at least one unit for any figure above zero."""
    if value <= 0:
        return 0
    return max(1, round(WIDTH * value / top))
