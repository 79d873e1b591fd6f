"""The boxes around a product page's title, kept from trafilatura's class discard list.

``unmark_title_box(tree) -> int``: trafilatura 2.3.1 discards, before extraction, every ``div``,
``section``, ``p`` or ``span`` whose class or id holds a word of its boilerplate vocabulary
(``OVERALL_DISCARD_XPATH`` in its ``xpaths.py``: ``sidebar``, ``meta``, ``slide``, ``banner``,
``bar``, ``widget``...). A shop's buy box is often named with such a word: a sticky
``sidebar__inner`` column, a ``product-meta`` block, a ``product--thumbnail_slider`` layout, a
``two-column-slider``. The box holds the page's one ``<h1>`` (the product's name), its price
and its description, and trafilatura dropped it whole: the name and the lead the truth keeps
were lost while the page's other blocks stayed.

Here the box of the title is read from the page's own markup: the ancestors of the page's only
non-empty ``<h1>`` (not one inside ``<header>``, ``<nav>`` or ``<footer>``: a logo's title) that
trafilatura's vocabulary names lose the class words (and the id) that it matches, up to the
first such ancestor holding more than :data:`TITLE_BOX_MAX_WORDS` words (a page-wide wrapper
named ``sticky-footer`` or ``...bar`` holding the whole page is left to trafilatura). The words
are trafilatura's own (its token groups, read from its module: one list, the one that decides),
so a box is unmarked only when that list would drop it.

Only on :data:`TITLE_BOX_TYPES` (``auto`` mode, extract/html.py ``prepare_page``). The page's
visible blocks and the ledger do not change. Evidence on the WCXB tune half (true product pages
whose one ``<h1>`` is in the truth and not in our text, with such an ancestor): lesraffineurs
(``sidebar``, 501 words), ghostwares (``meta``, 144), uncagedergonomics (``slide``, 204). On
collection pages (a category banner named ``banner``) no page changes: the cards are taken
there. WCXB figures: docs/cleaning.md.

Cost: a walk of the page's ``<h1>`` elements and of the title's ancestors, two regex searches
each, on pages decided product only (no dev page is).
"""

from __future__ import annotations

import re
from typing import Any

from trafilatura import xpaths as _traf

from cleanseeds.extract.panels import in_page_chrome

#: the page kinds (as decided) whose title box is kept from trafilatura's class discard list
TITLE_BOX_TYPES = frozenset({"product"})
#: an ancestor of the title holding more words than this is a page wrapper, left as it is
TITLE_BOX_MAX_WORDS = 1000
#: the elements trafilatura's class discard test reads
_BOXES = frozenset({"div", "section", "p", "span"})
#: trafilatura 2.3.1's class and id vocabulary of ``OVERALL_DISCARD_XPATH`` (its own token groups)
_CLASS = re.compile(_traf._alt(_traf._OVERALL_DISCARD_BOTH_TOKENS + _traf._OVERALL_DISCARD_CLASS_TOKENS))
_ID = re.compile(_traf._alt(_traf._CONSENT_ID_CLASS_TOKENS + _traf._OVERALL_DISCARD_BOTH_TOKENS
                            + _traf._OVERALL_DISCARD_ID_TOKENS))


def _title(tree: Any) -> Any:
    """The page's only non-empty ``<h1>``, when it is not inside the header, nav or footer; else ``None``."""
    found = [h for h in tree.iter("h1") if "".join(h.itertext()).strip()]
    if len(found) != 1 or in_page_chrome(found[0]):
        return None
    return found[0]


def _named(box: Any) -> tuple[bool, bool]:
    """Whether trafilatura's vocabulary names ``box`` by its class, by its id."""
    cls, ident = box.get("class") or "", box.get("id") or ""
    return bool(cls) and _CLASS.search(cls) is not None, bool(ident) and _ID.search(ident) is not None


def unmark_title_box(tree: Any) -> int:
    """Take trafilatura's discard words off the boxes around the page's title; how many changed."""
    h1 = _title(tree)
    if h1 is None:
        return 0
    changed = 0
    for box in h1.iterancestors():
        by_class, by_id = _named(box) if box.tag in _BOXES else (False, False)
        if not (by_class or by_id):
            continue
        if len(" ".join(box.itertext()).split()) > TITLE_BOX_MAX_WORDS:
            break
        if by_class:
            box.set("class", " ".join(c for c in box.get("class").split()
                                      if _CLASS.search(c) is None and _CLASS.search(f" {c} ") is None))
        if by_id:
            del box.attrib["id"]
        changed += 1
    return changed


def unmark_for_kind(tree: Any, kind: str, auto: bool) -> int:
    """:func:`unmark_title_box` on the kinds it is for (``auto`` mode, :data:`TITLE_BOX_TYPES`); else 0."""
    return unmark_title_box(tree) if auto and kind in TITLE_BOX_TYPES else 0
