"""A product page's cart drawer, left out before extraction.

``drop_cart_drawers(tree) -> int``: a shop theme writes its shopping cart into every product page
as a drawer, a side panel or a pop-up that slides in when the buyer adds an item (Shopify's
``<div id="CartDrawer" class="cart-drawer">``, a ``#cart-sidebar``, a ``rafSliderCart``, an
``add-to-cart-modal``): "Your cart is empty.", "Continue shopping", a free-shipping threshold, a
gift-wrap form, the shop's pick-up hours, its delivery terms. It is not shown with the page, and
trafilatura (or its fallback) reads it as text when it sits inside the main column.

An element is a cart drawer when the words of its class or id (camelCase and punctuation split,
lower-cased) hold ``cart`` with one of :data:`DRAWER_WORDS`, or the word ``minicart``; not the
page's ``<html>``/``<body>`` (a theme names the body after the cart template), not one holding
the ``<h1>`` (the buy box), not one of under :data:`MIN_WORDS` words (a cart link, a count), not
one holding half of the page's words or more. The "add to cart"
button and form carry no such word and stay: a product's options can be the content.

Removed with their text, their tail kept, on :data:`CART_TYPES` (``auto`` mode, extract/html.py
``prepare_page``: every pass and the ledger read the page without them, as with tooltips).
Evidence (WCXB tune half, pages of true kind product, text runs of 3+ words inside such
elements that our text kept): 377 words on 4 domains (karminhairtools, greenroads,
lesraffineurs, headphones.com), none in the truth.
"""

from __future__ import annotations

from typing import Any

from lxml import etree

from cleanseeds.extract.blocks import attr_words, outermost_named_boxes, remove_all

#: the page kinds (as decided) whose cart drawers are left out
CART_TYPES = frozenset({"product"})
#: a class/id word that, beside ``cart``, names the cart's drawer or pop-up rather than a button
#: or the add-to-cart form (``cart-drawer``, ``cart-sidebar``, ``SliderCart``, ``add-to-cart-modal``,
#: ``mini-cart``). Not ``notification``: a theme's "was successfully added to your cart." line sits in the
#: buy box, and taking it out moved trafilatura's choice of container on one page (nordrepublic.com
#: 0.87 -> 0.54, tune)
DRAWER_WORDS = frozenset({"drawer", "sidebar", "slider", "modal", "popup", "flyout", "offcanvas", "side", "overlay", "mini"})
#: a drawer holds at least this many words (its items, terms, buttons); a shorter element so named
#: is a cart link or a count in the header
MIN_WORDS = 10
#: a drawer holding this share of the page's words or more is the page's layout, not a drawer
MAX_PAGE_SHARE = 0.5

#: the candidates: elements whose class or id holds ``cart`` in any case (reached from the attribute)
_CANDIDATES = etree.XPath("//@class[contains(translate(., 'CART', 'cart'), 'cart')]/.."
                          "|//@id[contains(translate(., 'CART', 'cart'), 'cart')]/..")


def is_cart_drawer_name(attr: str) -> bool:
    """Whether a class/id value names a cart drawer (see :data:`DRAWER_WORDS`)."""
    words = set(attr_words(attr))
    return "minicart" in words or ("cart" in words and not DRAWER_WORDS.isdisjoint(words))


def cart_drawers(tree: Any) -> list[Any]:
    """The page's outermost cart drawers (see the module docstring), in page order."""
    return outermost_named_boxes(_CANDIDATES(tree), is_cart_drawer_name, tree, MAX_PAGE_SHARE, MIN_WORDS)


def drop_cart_drawers(tree: Any) -> int:
    """Remove the page's cart drawers (their tails stay); how many were removed."""
    return remove_all(cart_drawers(tree))


def drop_for_kind(tree: Any, kind: str, auto: bool) -> int:
    """:func:`drop_cart_drawers` on the kinds it is for (``auto`` mode, :data:`CART_TYPES`); else 0."""
    return drop_cart_drawers(tree) if auto and kind in CART_TYPES else 0
