"""The report's hand-written SVG charts: well-formed, one bar per value, axes that cover the data."""
from __future__ import annotations

import xml.etree.ElementTree as ET

from hypothesis import given
from hypothesis import strategies as st

from cleanseeds.report import charts

NS = "{http://www.w3.org/2000/svg}"


def _parse(svg: str) -> ET.Element:
    root = ET.fromstring(svg)
    assert root.tag == f"{NS}svg" and root.get("viewBox", "").startswith("0 0 640 ")
    assert all(e.get("id") is None for e in root.iter()), "no ids: charts share a page"
    return root


def test_bars_one_rect_per_value_with_titles_and_escaped_labels() -> None:
    svg = charts.bars("k", [("<b>&", 3), ("two", 10), ("three", 1)], "documents")
    root = _parse(svg)
    rects = root.findall(f"{NS}rect")
    assert [r.find(f"{NS}title").text for r in rects] == ["<b>&: 3", "two: 10", "three: 1"]  # type: ignore[union-attr]
    widths = [float(r.get("width", "0")) for r in rects]
    assert widths[1] > widths[0] > widths[2] > 0  # proportional to the values
    assert "<b>" not in svg and "&lt;b&gt;&amp;" in svg


def test_bars_beyond_max_bars_are_summed() -> None:
    root = _parse(charts.bars("k", [(f"s{i}", 1) for i in range(30)], horizontal=False))
    titles = [r.find(f"{NS}title").text for r in root.findall(f"{NS}rect")]  # type: ignore[union-attr]
    assert len(titles) == charts.MAX_BARS and titles[-1] == "(other 11): 11"


def test_stacked_bars_stack_and_have_a_legend() -> None:
    svg = charts.stacked("k", ["a", "b"], {"x": [1, 2], "y": [3, 0]}, "lines", legend_title="kind")
    root = _parse(svg)
    bars = [r for r in root.findall(f"{NS}rect") if r.find(f"{NS}title") is not None]
    assert len(bars) == 3  # a zero is not drawn
    texts = [t.text for t in root.iter(f"{NS}text")]
    assert {"x", "y", "kind"} <= set(texts)


@given(st.floats(min_value=1e-3, max_value=1e9), st.booleans())
def test_ticks_cover_the_top_in_few_even_steps(top: float, integer: bool) -> None:
    ticks = charts.nice_ticks(top, integer)
    steps = {round(b - a, 9) for a, b in zip(ticks, ticks[1:], strict=False)}
    assert ticks[0] == 0 and ticks[-1] >= top - 1e-9 and len(steps) == 1 and 2 <= len(ticks) <= 12
    if integer:
        assert all(float(t).is_integer() for t in ticks)
