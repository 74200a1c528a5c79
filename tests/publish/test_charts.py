"""The reports' bar charts: SVG bars without any SVG text, labels as HTML, right to left in Arabic."""

from __future__ import annotations

import re

import pytest

from tawthiq.publish.charts import WIDTH, Bar, bar_chart

BARS = [Bar("دير الزور", 5, 7, "5–7"), Bar("Aleppo <north>", 10, 10, "10"), Bar("Idlib", 0, 0, "0")]


def _rects(html: str) -> list[dict[str, int]]:
    return [{k: int(v) for k, v in re.findall(r'(x|width)="(\d+)"', rect)}
            for rect in re.findall(r"<rect [^>]*>", html)]


def test_charts_hold_no_svg_text_and_their_labels_are_html() -> None:
    html = bar_chart(BARS, direction="rtl", caption="الوفيات")
    assert "<text" not in html and "<tspan" not in html
    assert '<th scope="row" class="chart-label">دير الزور</th>' in html
    assert "Aleppo &lt;north&gt;" in html  # escaped, never markup
    assert "<caption>الوفيات</caption>" in html
    assert html.count("<svg") == len(BARS)


def test_bars_are_scaled_to_the_highest_figure_with_the_range_pale() -> None:
    rects = _rects(bar_chart(BARS))
    # the first bar: pale to 7, solid to 5, of a scale whose top is 10
    assert rects[0] == {"x": 0, "width": round(WIDTH * 7 / 10)}
    assert rects[1] == {"x": 0, "width": round(WIDTH * 5 / 10)}
    assert rects[2]["width"] == rects[3]["width"] == WIDTH
    assert len(rects) == 4  # a zero draws no bar


def test_in_arabic_the_bars_grow_from_the_right() -> None:
    rects = _rects(bar_chart(BARS, direction="rtl"))
    assert all(r["x"] + r["width"] == WIDTH for r in rects)
    assert rects[0]["x"] > 0
    assert 'dir="rtl"' in bar_chart(BARS, direction="rtl")


def test_the_same_rows_give_the_same_chart_and_no_rows_none() -> None:
    assert bar_chart(BARS, direction="rtl") == bar_chart(list(BARS), direction="rtl")
    assert bar_chart([]) == ""
    with pytest.raises(ValueError, match="direction"):
        bar_chart(BARS, direction="up")
