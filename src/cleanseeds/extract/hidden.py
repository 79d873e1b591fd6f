"""Text a sighted reader never sees: elements hidden by a screen-reader-only utility class, or on every screen by ``d-none``.

``drop_visually_hidden(tree) -> int``: every element whose class list holds one of
:data:`HIDDEN_CLASSES` (Bootstrap's and Tailwind's ``sr-only``, WordPress's
``screen-reader-text``, ``visually-hidden``, a design system's ``eds-is-hidden-accessible``)
is removed with its text; its tail (the text after it) stays. Those classes clip the element to
one invisible pixel: it is there for screen readers (an icon's name, "Skip to content", a
logo's "Ars Technica home", a cart button's "Save this event", a product tile's "Product
Name" / "Product Link" labels), never on the screen, and trafilatura reads it as text.

Measured on the WCXB tune half (bench analysis, all 731 pages) before choosing: of the 3,815
such elements with text, 92 are a line of the true main content (a shop's "Number of reviews:"
labels, a price's "Original price was:"), and they hold 222 of the half's ``without`` snippets
against 36 ``with`` snippets. Only on :data:`HIDDEN_TYPES`: on every kind (quality_wcxb.py
--dump, page by page against main) the tune half's article +0.001 and listing +0.007 F1 (an
events listing whose hidden "Save this event: <title>" doubled every title 0.30 -> 0.85),
but collection -0.021, product -0.005, service -0.004: a shop tile's product name is often
only in its screen-reader text, and the truth keeps it. On those two kinds the held-out half
does not move. Used in ``auto`` mode (extract/html.py ``prepare_page``, so every pass reads the
page without them).

``drop_display_none(tree) -> int``: on every kind, an element hidden on every screen by Bootstrap's
``d-none`` utility (``display: none !important``) goes too, unless a breakpoint class shows it on a
wider screen (``d-none d-md-block``: a desktop shows it) or it names itself a tab or accordion
panel (extract/panels.py decides those). Stack Exchange writes a second copy of each commenter's
name so, a shop a sold-out tile's "Coming soon" / "Notify me", a page the mobile copy of its
headings. Measured on the WCXB tune half before choosing (text of our output inside such
elements): 582 words not in the true text, 26 in it (29 elements, 4 sites); the other ways of
hiding are no such evidence there (``hidden`` attribute: 1,008 junk words, 7,043 true; inline
``display:none``: 2,148 / 6,236; Tailwind's ``hidden`` class: 19 / 958). WCXB page by page
(quality_wcxb.py --dump, bench/wcxb_diff.py): tune +0.189 in sum (quarter A +0.186, B +0.003;
a luggage shop 0.67 -> 0.85), held-out +0.306 (9 pages, 7 up). Both run in ``prepare_page``; the
ledger's visible blocks are read after them, so the removed text is not counted as visible.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from cleanseeds.extract.blocks import remove_keep_tail

#: the page kinds (as decided) whose screen-reader-only text is left out
HIDDEN_TYPES = frozenset({"article", "listing"})
#: utility classes that hide an element from the screen and keep it for screen readers (a
#: class list token equal to one, or ending in ``-`` + one: ``u-visually-hidden``)
HIDDEN_CLASSES = frozenset(
    {
        "sr-only",
        "visually-hidden",
        "visuallyhidden",
        "screen-reader-text",
        "screen-reader-only",
        "screenreader-only",
        "element-invisible",
        "is-hidden-accessible",
        "a11y-hidden",
    }
)
#: substrings of the names: a class attribute holding none of them is no candidate; the tokens are checked after
_KEYS = ("sr-only", "isually", "creen", "invisible", "hidden-accessible", "a11y")
_CANDIDATE = re.compile("|".join(map(re.escape, _KEYS)))
#: Bootstrap's display utility that hides an element on every screen (``display: none !important``) ...
DISPLAY_NONE = "d-none"
#: ... unless a breakpoint's display class shows it on a wider screen ("d-none d-md-block": a desktop shows it)
_SHOWN_AT = re.compile(r"d-(?:sm|md|lg|xl|xxl)-(?!none$)[a-z-]+$")


def is_display_none(class_attr: str) -> bool:
    """Whether a class attribute hides the element on every screen (:data:`DISPLAY_NONE` and no :data:`_SHOWN_AT`)."""
    tokens = class_attr.split()
    return DISPLAY_NONE in tokens and not any(_SHOWN_AT.match(t) for t in tokens)


def drop_display_none(tree: Any, elements: Sequence[Any] | None = None) -> int:
    """Remove the page's elements hidden on every screen by :data:`DISPLAY_NONE` (their tails stay), but a tab or
    accordion panel (extract/panels.py decides those); how many were removed."""
    from cleanseeds.extract.panels import is_panel

    found = [el for el in (tree.iter() if elements is None else elements)
             if (v := el.get("class")) and DISPLAY_NONE in v and is_display_none(v) and not is_panel(el)]
    for el in found:
        remove_keep_tail(el)
    return len(found)


def is_visually_hidden(class_attr: str) -> bool:
    """Whether a class attribute holds a screen-reader-only utility class (see :data:`HIDDEN_CLASSES`)."""
    for token in class_attr.lower().split():
        if token in HIDDEN_CLASSES or any(token.endswith("-" + name) for name in HIDDEN_CLASSES):
            return True
    return False


def drop_visually_hidden(tree: Any, elements: Sequence[Any] | None = None) -> int:
    """Remove the page's screen-reader-only elements (their tails stay); how many were removed.
    ``elements``: the page's elements in document order, when the caller holds them already; else
    the tree is walked. A walk in Python with one regex test of :data:`_KEYS` a class value is
    cheaper than an XPath of ``contains()`` tests (0.39 against 0.95 ms a dev page; same elements)."""
    found = [el for el in (tree.iter() if elements is None else elements)
             if (v := el.get("class")) and _CANDIDATE.search(v) and is_visually_hidden(v)]
    for el in found:  # (one inside another: the inner one goes with its detached ancestor first, harmlessly)
        remove_keep_tail(el)
    return len(found)


def may_hide(html: str) -> bool:
    """Whether the page's source holds :data:`DISPLAY_NONE` at all (a substring test: most pages do not, and then
    no element is read for it)."""
    return DISPLAY_NONE in html


def drop_for_kind(tree: Any, kind: str, auto: bool, elements: Sequence[Any] | None = None, display_none: bool = True) -> int:
    """:func:`drop_display_none` on every kind (``display_none=False``: :func:`may_hide` says the page holds no such
    class) and :func:`drop_visually_hidden` on the kinds it is for (:data:`HIDDEN_TYPES`), in ``auto`` mode; else 0."""
    if not auto:
        return 0
    gone = drop_display_none(tree, elements) if display_none else 0
    return gone + (drop_visually_hidden(tree, elements) if kind in HIDDEN_TYPES else 0)
