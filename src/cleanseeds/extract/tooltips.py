"""A product page's tooltips named by their tag or class, left out before extraction.

``drop_named_tooltips(tree) -> int``: a shop theme explains its spec labels in tooltips ("Cup
style (i)" -> "Open-back headphone designs are often higher-performance but have poor noise
isolation ..."): a custom element ``<tool-tip>`` or a box whose class is the tooltip itself
(``tooltip``, ``tool-tip__content``, ``tooltiptext``), shown while the pointer rests on the label,
with no ``role="tooltip"`` (extract/dialogs.py removes those on every kind). trafilatura reads
them as text, so every label of the spec table came with a paragraph of glossary. They are
removed with their text, their tail kept, on :data:`TOOLTIP_TYPES` (``auto`` mode,
extract/html.py ``prepare_page``: every pass and the ledger read the page without them, as with
the role-named ones). A name is a class token that *is* the tooltip (:data:`_NAME`), not one
that names the trigger's group (Tailwind's ``group/tooltip``, a ``custom-tooltip`` link) nor a
CSS module's hashed name; an element holding an ``<h1>`` is never one.

Evidence (WCXB tune half, text runs of 3+ words inside elements named so that our text kept):
pages decided product 320 words, none in the truth (headphones.com's spec glossary on two pages);
not on other kinds: on service pages 300 of 510 such words are the truth (a pricing table's
feature names inside ``group/tooltip`` triggers; with the strict name here fewer, but the kind
was not measured on its own). WCXB (quality_wcxb.py --workers 2 --types product,service,collection
--dump, page by page): two tune pages change, +0.28 in sum (headphones.com 0.73 -> 0.90 and
0.67 -> 0.78), no held-out page, no other kind.

Cost: one XPath for the candidates (the tags, class values holding the word), then Python tests of
the candidates, on pages decided product only (cost with the panels': extract/panels.py).
"""

from __future__ import annotations

import re
from typing import Any

from lxml import etree

from cleanseeds.extract.blocks import remove_all

#: the page kinds (as decided) whose tag- or class-named tooltips are left out
TOOLTIP_TYPES = frozenset({"product"})
#: a tag or class token that is a tooltip (or its content box)
_NAME = re.compile(r"tool-?tips?(?:[_-]{1,2}(?:content|text|body|inner|box|popup|wrapper|container))?|tooltiptext", re.I)
#: substrings of a tag or class value that may be such a name: one holding none is no candidate
_KEY = re.compile(r"ool-?tip", re.I)


def is_named_tooltip(el: Any) -> bool:
    """Whether ``el``'s tag or a token of its class is a tooltip's name (see :data:`_NAME`)."""
    tag = el.tag if isinstance(el.tag, str) else ""
    cls = el.get("class") or ""
    if not (_KEY.search(tag) or _KEY.search(cls)):
        return False
    if _NAME.fullmatch(tag) is None and not any(_NAME.fullmatch(t) for t in cls.split()):
        return False
    return next(el.iter("h1"), None) is None


#: the candidates: a custom ``<tool-tip>`` / ``<tooltip>`` element, or one whose class holds the word (reached from the attribute)
_CANDIDATES = etree.XPath("//tool-tip|//tooltip|//@class[contains(., 'ool-tip') or contains(., 'ooltip') or contains(., 'oolTip') or contains(., 'OOLTIP')]/..")


def drop_named_tooltips(tree: Any) -> int:
    """Remove the page's tag- or class-named tooltips (their tails stay); how many were removed."""
    found = [el for el in dict.fromkeys(_CANDIDATES(tree)) if el.tag not in ("html", "body") and is_named_tooltip(el)]
    return remove_all(found)


def drop_for_kind(tree: Any, kind: str, auto: bool) -> int:
    """:func:`drop_named_tooltips` on the kinds it is for (``auto`` mode, :data:`TOOLTIP_TYPES`); else 0."""
    return drop_named_tooltips(tree) if auto and kind in TOOLTIP_TYPES else 0
