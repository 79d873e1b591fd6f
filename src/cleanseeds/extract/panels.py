"""The hidden panels of a product page's tabs and accordions, shown before extraction.

``show_panels(tree) -> int``: a shop's product page puts its details behind tabs and
accordions ("Specifications", "Additional information", "Shipping & returns"): every panel is in
the page and all but the open one are hidden with ``style="display:none"``, ``hidden`` or
``aria-hidden="true"`` until a reader clicks its title. trafilatura drops hidden elements, so the
page's text lost the spec table, the attribute list and the details a buyer opens. Here the
hiding marks are taken off an element that *names itself* such a panel: a word of its class or
id is a tab pane, a tab panel, tab content, a collapse or accordion part (:data:`_PANEL`:
Bootstrap's ``tab-pane`` and ``collapse``, WooCommerce's ``wc-tab``, a theme's
``tab-content-additional_information``, ``expand-collapse-content``, ``collapse-1-panel``), not one
that names a site's chrome (:data:`_CHROME`: a cookie or consent tab, a menu, a cart, a search or
account panel, a modal) nor one inside the page's ``<header>``, ``<nav>`` or ``<footer>`` (a shop's
mega-menu panels). Its descendants keep their own marks.

Only on :data:`PANEL_TYPES` (``auto`` mode, extract/html.py ``prepare_page``: the ledger reads the
same page). Evidence on the WCXB tune half (pages decided product; words of the hidden panels so
named found in the true text, as a multiset): 486 of 592 words, 10 panels on 5 sites (newegg's
specification tabs 198/218 and 127/141, a WooCommerce "Additional information" tab 18/18, walmart's
spec accordion 13/16, a shop's shipping and returns accordion 76/76; out: newegg's empty
"Customer Reviews" tab, 12 of 22 words, and walmart's "Pros / Cons" summary, 45 of 59). A hidden
``role="tabpanel"`` without such a name is left as it is (extract/tabs.py: on product pages it was
as often a size chart or a sign-in form). WCXB (quality_wcxb.py --workers 2 --types
product,service,collection --dump, page by page, with the product pages' recall recovery of
extract/wild.py): two tune pages change, +0.29 in sum (newegg's spec tab 0.79 -> 0.92, a shop's
shipping and returns accordion 0.81 -> 0.96), no held-out page, no other kind. Without the recall
recovery newegg's page lost its feature list when the tab came in (trafilatura's own choice:
0.79 -> 0.63): the two go together.

Cost: one XPath over the class and id attributes (candidates holding ``tab``, ``ollapse`` or
``ccordion``), then Python tests of the candidates, on pages decided product only: with the
tooltips' (extract/tooltips.py) ~3.5 ms a page on the 55 WCXB tune pages decided product (large shop
pages; process_time, loaded machine; the same as a walk of every element in Python), ~1% of their
extraction.
"""

from __future__ import annotations

import re
from typing import Any

from lxml import etree

from cleanseeds.extract.tabs import is_hidden, unhide

#: the page kinds (as decided) whose hidden tab and accordion panels are shown
PANEL_TYPES = frozenset({"product"})
#: a class or id that names a tab or accordion panel (a word of it: not ``table``, ``stable``)
_PANEL = re.compile(r"(?<![a-z])(?:tab-?panes?|tab-?panels?|tab-?content|wc-tab|collapse|accordion|expand-collapse)", re.I)
#: ... and names no site chrome
_CHROME = re.compile(r"cookie|consent|gdpr|privacy|newsletter|menu|nav|cart|search|account|login|sign-?in|modal|popup|header|footer",
                     re.I)
#: substrings of a class or id value that may name a panel: a value holding none is no candidate
_KEYS = re.compile(r"tab|collapse|accordion", re.I)
#: the page's own chrome: an element inside one of these is no content of the page
PAGE_CHROME = frozenset({"header", "nav", "footer"})


def _name(el: Any) -> str:
    return f"{el.get('class') or ''} {el.get('id') or ''}"


def is_chrome_name(name: str) -> bool:
    """Whether a class or id value names a site's chrome (:data:`_CHROME`: a menu, a cart, a modal...)."""
    return _CHROME.search(name) is not None


def in_page_chrome(el: Any) -> bool:
    """Whether ``el`` sits inside the page's header, navigation or footer (:data:`PAGE_CHROME`)."""
    return any(a.tag in PAGE_CHROME for a in el.iterancestors())


def is_panel(el: Any) -> bool:
    """Whether ``el`` names itself a tab or accordion panel and no site chrome (see the module doc)."""
    name = _name(el)
    return bool(_KEYS.search(name)) and _PANEL.search(name) is not None and not is_chrome_name(name)


#: the candidates: elements with a class or id holding one of :data:`_KEYS` (lower-case; reached from the attribute)
_CANDIDATES = etree.XPath("(//@class|//@id)[contains(., 'tab') or contains(., 'Tab') or contains(., 'ollapse')"
                          " or contains(., 'ccordion')]/..")


def show_panels(tree: Any) -> int:
    """Take the hiding marks off the page's hidden tab and accordion panels; how many were shown."""
    found = [el for el in dict.fromkeys(_CANDIDATES(tree))
             if is_hidden(el) and is_panel(el) and not in_page_chrome(el)]
    for el in found:
        unhide(el)
    return len(found)


def show_for_kind(tree: Any, kind: str, auto: bool) -> int:
    """:func:`show_panels` on the kinds it is for (``auto`` mode, :data:`PANEL_TYPES`); else 0."""
    return show_panels(tree) if auto and kind in PANEL_TYPES else 0
