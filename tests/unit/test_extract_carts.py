"""A product page's cart drawer left out before extraction (extract/carts.py): real HTML written
here, the real extractor."""
from __future__ import annotations

import pytest
from trafilatura.utils import load_html

from cleanseeds.config import Settings
from cleanseeds.extract import carts, pagetype
from cleanseeds.extract import html as H

INTRO = ("<p>The Alder lamp is turned from one piece of local wood and finished with a natural oil, so every lamp shows"
         " its own grain; a linen shade softens the light for reading corners and bedside tables.</p>"
         "<p>It takes one standard bulb up to forty watts, stands forty centimetres tall and comes with a two metre"
         " braided cable and an inline switch, packed in recycled cardboard without plastic.</p>")
DRAWER = ("<h3>Your basket</h3><p>There are no more items in your basket, but our shop is open every day from ten in the"
          " morning until seven in the evening for collection in person.</p><p>Free delivery from fifty euros of"
          " purchases, gift wrapping on request at the till.</p><a href='/shop'>Continue shopping</a>")


def _product(drawer_attrs: str) -> str:
    return ("<html><head><title>Alder lamp</title></head><body class='template-product cart-drawer-enabled'>"
            "<nav><a href='/'>Home</a><a href='/lamps'>Lamps</a></nav>"
            f"<div class='page'><h1>Alder lamp</h1>{INTRO}<div {drawer_attrs}>{DRAWER}</div>"
            "<form class='product-form add-to-cart'><button>Add to cart</button></form></div>"
            "<footer><p>Copyright 2025 Example Lamps</p></footer></body></html>")


def test_cart_drawer_names() -> None:
    for name in ("cart-drawer", "CartDrawer", "cart-sidebar", "rafSliderCart", "add-to-cart-modal", "mini-cart__items",
                 "minicart"):
        assert carts.is_cart_drawer_name(name), name
    for name in ("add-to-cart", "product-form__cart-submit", "cartoon-strip", "cart", "sidebar", "carton-size", "cart-notification"):
        assert not carts.is_cart_drawer_name(name), name


def test_only_drawers_go_not_the_body_the_buy_box_or_the_layout() -> None:
    tree = load_html(_product("id='CartDrawer' class='drawer'"))
    assert [el.get("id") for el in carts.cart_drawers(tree)] == ["CartDrawer"]  # not the body named after the template
    boxed = load_html("<html><body><div class='cart-sidebar-layout'><h1>Alder lamp</h1><p>Turned wood.</p></div></body></html>")
    assert carts.cart_drawers(boxed) == []  # it holds the h1: the buy box
    whole = load_html(f"<html><body><div class='mini-cart'>{DRAWER}</div><p>Short.</p></body></html>")
    assert carts.cart_drawers(whole) == []  # half the page's words or more: the layout


def test_a_product_pages_cart_drawer_is_not_its_text(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pagetype, "page_type", lambda tree, url: ("product", 0.9))
    page = _product("class='cart-drawer'")
    res = H.main_text(page, None, Settings())
    assert res is not None and "Alder lamp is turned" in res.text
    assert "no more items" not in res.text and "gift wrapping" not in res.text
    monkeypatch.setattr(carts, "CART_TYPES", frozenset())
    res = H.main_text(page, None, Settings())
    assert res is not None and "no more items" in res.text  # without the pass the drawer is read as the product's text
    monkeypatch.setattr(pagetype, "page_type", lambda tree, url: ("article", 0.9))
    assert carts.drop_for_kind(load_html(page), "article", auto=True) == 0
