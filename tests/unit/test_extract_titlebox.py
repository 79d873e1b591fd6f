"""The boxes around a product page's title kept from trafilatura's class discard list
(extract/titlebox.py): real HTML written here, the real extractor."""
from __future__ import annotations

import pytest
import trafilatura
from trafilatura.utils import load_html

from cleanseeds.config import Settings
from cleanseeds.extract import html as H
from cleanseeds.extract import pagetype, titlebox

LEAD = ("A compact lantern that diffuses essential oils with a flickering flame effect, made of acrylic and bamboo,"
        " for a calm evening on the terrace or in the living room, with up to eleven hours of light on one charge.")
DETAILS = ("<p>The lantern runs on a rechargeable battery and its water tank holds enough oil and water for a whole"
           " evening; it switches itself off when the tank is empty, and the flame effect can be used without scent.</p>"
           "<p>It comes in two sizes, twenty-one and thirty centimetres high, both safe to use outside in light rain,"
           " and the bamboo base is finished with an oil that keeps it from cracking in the sun over the summer.</p>")


def _product() -> str:
    return ("<html><head><title>Flame diffuser</title></head><body><nav><a href='/'>Home</a><a href='/deco'>Deco</a></nav>"
            "<main><div class='product-layout'><div class='gallery'><img src='a.jpg' alt=''></div>"
            f"<div class='sticky sidebar__inner' id='right_block'><h1>Flame diffuser lantern</h1><p>{LEAD}</p>"
            "<p>79.00 EUR</p></div></div>"
            f"<section class='details'><h2>Detailed description</h2>{DETAILS}</section></main>"
            "<footer><p>Copyright 2025 Example Shop</p></footer></body></html>")


def test_unmark_title_box_takes_the_words_off_the_titles_boxes_only() -> None:
    tree = load_html(
        "<html><body><header><div class='top-bar'><h1>Shop</h1></div></header>"
        "<div class='related-products'><p>Other lamps</p></div>"
        "<div class='product-meta wrap' id='share-box'><div class='inner'><h1>Mug</h1><p>A white mug.</p></div></div>"
        "</body></html>")
    assert titlebox.unmark_title_box(tree) == 0  # two titles: the header's is a logo, none is the page's one
    tree = load_html(
        "<html><body><div class='related-products'><p>Other lamps</p></div>"
        "<div class='product-meta wrap' id='share-box'><div class='inner'><h1>Mug</h1><p>A white mug.</p></div></div>"
        "</body></html>")
    assert titlebox.unmark_title_box(tree) == 1
    box = tree.xpath("//h1/../..")[0]
    assert box.get("class") == "wrap" and box.get("id") is None  # trafilatura's words go, the others stay
    assert tree.xpath("//div[@class='related-products']")  # not around the title: left to trafilatura


def test_a_wrapper_holding_the_whole_page_is_left_alone() -> None:
    words = " ".join(["word"] * (titlebox.TITLE_BOX_MAX_WORDS + 1))
    tree = load_html(f"<html><body><div class='sticky-footer'><div class='sidebar'><h1>Mug</h1></div><p>{words}</p></div></body></html>")
    assert titlebox.unmark_title_box(tree) == 1  # the small box only
    assert tree.xpath("//div[@class='sticky-footer']")


def test_a_product_page_keeps_its_title_box(monkeypatch: pytest.MonkeyPatch) -> None:
    html = _product()
    assert "flickering flame" not in (trafilatura.extract(html) or "")  # the loss being fixed: the buy box goes by its class
    monkeypatch.setattr(pagetype, "page_type", lambda tree, url: ("product", 0.9))
    res = H.main_text(html, None, Settings(entities=False))
    assert res is not None and "flickering flame" in res.text and "bamboo base" in res.text
    monkeypatch.setattr(titlebox, "TITLE_BOX_TYPES", frozenset())  # the change off: the box is dropped again
    res = H.main_text(html, None, Settings(entities=False))
    assert res is not None and "bamboo base" in res.text and "flickering flame" not in res.text
