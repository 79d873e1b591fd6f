"""A product page's expandable boxes whose class says ``expand`` read as content (extract/expanders.py):
real HTML written here, the real extractor."""
from __future__ import annotations

import pytest
import trafilatura
from trafilatura.utils import load_html

from cleanseeds.config import Settings
from cleanseeds.extract import expanders, pagetype
from cleanseeds.extract import html as H

INTRO = ("<p>The Vortex countertop blender crushes ice in seconds with its six stainless steel blades and a motor of"
         " twelve hundred watts, and it blends frozen fruit into smooth drinks for the whole family at breakfast.</p>"
         "<p>Its large pitcher holds two litres, the lid locks in place while it runs, and every part that touches"
         " food goes in the dishwasher, so cleaning up after a busy morning takes less than a minute.</p>")
FEATURES = ("<ul><li>Crushing power: six blades and twelve hundred watts turn ice into snow for frozen drinks.</li>"
            "<li>Large capacity: the two litre pitcher makes drinks for four people in one go.</li>"
            "<li>Easy cleaning: the pitcher, lid and blades are all dishwasher safe.</li></ul>")


def _product(box_class: str) -> str:
    return ("<html><head><title>Vortex blender</title></head><body><nav><a href='/'>Home</a><a href='/kitchen'>Kitchen</a></nav>"
            f"<main><h1>Vortex blender</h1>{INTRO}"
            f"<section class='{box_class} card'><h2>Key item features</h2><div class='panel-body'>{FEATURES}</div></section>"
            "</main><footer><p>Copyright 2025 Example Shop</p></footer></body></html>")


def test_unmark_expanders_takes_the_word_off_content_boxes_only() -> None:
    words = " ".join(["word"] * 12)
    tree = load_html(
        "<html><body><header><div class='menu-expand'>" + words + "</div></header><main>"
        f"<section class='expand-collapse-section ba br3'><p>{words}</p></section>"
        "<div class='graph_expander_btn'>Show graph Hide graph</div>"
        f"<div class='cart-expand'><p>{words}</p></div></main></body></html>")
    assert expanders.unmark_expanders(tree) == 1
    assert tree.xpath("//section")[0].get("class") == "ba br3"  # its other classes stay
    assert tree.xpath("//div[@class='graph_expander_btn']")  # a toggle's label: too short
    assert tree.xpath("//div[@class='cart-expand']")  # site chrome
    assert tree.xpath("//div[@class='menu-expand']")  # inside the header


def test_a_product_page_keeps_its_expandable_features_box(monkeypatch: pytest.MonkeyPatch) -> None:
    html = _product("expand-collapse-section")
    assert "Large capacity" not in (trafilatura.extract(html) or "")  # the loss being fixed: the box goes by its class
    monkeypatch.setattr(pagetype, "page_type", lambda tree, url: ("product", 0.9))
    res = H.main_text(html, None, Settings(entities=False))
    assert res is not None and "Large capacity" in res.text and "dishwasher safe" in res.text and "busy morning" in res.text
    monkeypatch.setattr(expanders, "EXPAND_TYPES", frozenset())  # the change off: the box is dropped again
    res = H.main_text(html, None, Settings(entities=False))
    assert res is not None and "busy morning" in res.text and "Large capacity" not in res.text


def test_other_kinds_leave_the_box_to_trafilatura(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pagetype, "page_type", lambda tree, url: ("article", 0.9))
    res = H.main_text(_product("expand-collapse-section"), None, Settings(entities=False))
    assert res is not None and "busy morning" in res.text and "Large capacity" not in res.text
