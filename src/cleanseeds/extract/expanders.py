"""A product page's expandable boxes whose class says ``expand``, read as content.

``unmark_expanders(tree) -> int``: trafilatura 2.3.1 discards, before extraction, every ``div``,
``section``, ``p`` or ``span`` whose class holds ``expand`` (a token of its ``OVERALL_DISCARD``
list, meant for "expand this" buttons and teaser toggles). Shops name their product-detail
accordions and read-more boxes with the same word: an ``expand-collapse-section`` holding the
"Key item features" and "Specs" of the product, an ``expandable`` section listing what changed in
the new model, a ``product-expanders`` block of feature cards, an ``a-expander-container`` around
the technical details. So the product's description went with its box, whether the box was open
or closed (extract/panels.py shows the closed ones; trafilatura then still dropped them by class).

Here the class tokens holding ``expand`` are taken off an element that holds at least
:data:`EXPAND_MIN_WORDS` words (a toggle button's "Show graph / Hide graph" does not), names no
site chrome (extract/panels.py's chrome words: a menu, a cart, a cookie or account panel, a
modal) and is not inside the page's ``<header>``, ``<nav>`` or ``<footer>`` (a mega-menu's
expanding columns). The element's other classes, its hiding marks (extract/panels.py decides
those) and its descendants' classes stay. The page's visible blocks and the ledger do not change.

Only on :data:`EXPAND_TYPES` (``auto`` mode, extract/html.py ``prepare_page``). Evidence on the
WCXB tune half (true product pages, words of such boxes that are in the truth and not in our
text): walmart 123 + 14 (its "Key item features" and "Specs" accordions; out: its "Reviews
summary", 61 words), steamdeck 370 (decided service), mybirdbuddy 63; amazon's expanders hold its
technical details (30 words) and review bodies, and its text holds neither review either way (F1
unchanged). On service pages (where steamdeck's product page is decided) a held-out page lost
0.06: product pages only. WCXB figures: docs/cleaning.md.

Cost: one XPath over the class attributes (``contains(@class, 'expand')``), on pages decided
product only (no dev page is).
"""

from __future__ import annotations

from typing import Any

from lxml import etree

from cleanseeds.extract.panels import in_page_chrome, is_chrome_name

#: the page kinds (as decided) whose expandable boxes are read as content
EXPAND_TYPES = frozenset({"product"})
#: the word trafilatura's discard test finds in a class ("expand", "expandable", "a-expander-container")
EXPAND = "expand"
#: a box of content holds at least this many words (a toggle's label does not)
EXPAND_MIN_WORDS = 10
_CANDIDATES = etree.XPath("//*[contains(@class, 'expand')]")


def _is_content(el: Any) -> bool:
    if is_chrome_name(el.get("class") or "") or in_page_chrome(el):
        return False
    return len(" ".join(el.itertext()).split()) >= EXPAND_MIN_WORDS


def unmark_expanders(tree: Any) -> int:
    """Take the ``expand`` classes off the page's expandable boxes of content; how many changed."""
    changed = 0
    for el in _CANDIDATES(tree):
        if _is_content(el):
            el.set("class", " ".join(c for c in el.get("class", "").split() if EXPAND not in c))
            changed += 1
    return changed


def unmark_for_kind(tree: Any, kind: str, auto: bool) -> int:
    """:func:`unmark_expanders` on the kinds it is for (``auto`` mode, :data:`EXPAND_TYPES`); else 0."""
    return unmark_expanders(tree) if auto and kind in EXPAND_TYPES else 0
