"""Disclaimer and disclosure boxes on article pages, left out before extraction.

``drop_disclaimers(tree) -> int``: a story carries boxes that name themselves a disclaimer or a
disclosure (``<p class="disclaimer">``, ``affiliate-disclaimer``, ``advertising-disclosure``,
``FootnotesComponent_disclaimer__x``, ``contentAdvertiserDisclosure``): the affiliate notice
("We earn commissions from links on our site"), the advertiser notice, "The views expressed by
the authors of this blog are their own", "This content is provided as a service of the National
Institute ...", the "links to amazon.com" note under a shop button, a transcript's accuracy notice.
trafilatura keeps them as running text when they sit inside the story's container, and no line
rule can tell most of them from prose. An element is such a box when a word of its class or id
(after splitting camelCase and punctuation, lower-cased) is one of :data:`DISCLAIMER_WORDS`, it
holds at most :data:`DISCLAIMER_MAX_WORDS` words (a wrapper that holds the story, a WordPress
``<article class="... tag-disclosure">``, is not a box) and it is no ``<article>``, ``<main>`` or
``<body>``. The outermost boxes are removed from the tree, their tails kept; the ledger records
their blocks (they are read before this pass) as left out by the extractor.

Used on the kinds in :data:`DISCLAIMER_TYPES` only, when the source holds the words' stem
(:func:`wanted`; ``extract/reviews.drop_for_kind``, ``auto`` mode): a product page's financing or rebate terms, a service page's legal notice can be the
content its truth keeps. Measured on WCXB pages decided article (bench/quality_wcxb.py --dump,
words of such boxes that our text held whole): tune half 635 words in 23 boxes on 10 pages, none
in the true main content; held-out half 546 words in 64 boxes on 10 pages, 25 (one box) in it.
"""

from __future__ import annotations

import re
from typing import Any

from cleanseeds.extract.blocks import remove_all

#: the page kinds whose disclaimer boxes are left out
DISCLAIMER_TYPES = frozenset({"article"})
#: class/id words that name a disclaimer box (after splitting camelCase and punctuation, lower-cased)
DISCLAIMER_WORDS = frozenset({"disclaimer", "disclaimers", "disclosure", "disclosures"})
#: a box holds at most this many words (WCXB: the largest kept one, 242 words; a story's wrapper, thousands)
DISCLAIMER_MAX_WORDS = 300
#: elements never taken as a box (they hold the page or the story)
_CONTAINERS = frozenset({"html", "body", "article", "main"})
_WORDS = re.compile(r"[A-Z]?[a-z]+|[A-Z]+(?![a-z])")
# the elements whose class or id value holds the stem, selected in C through the attribute axis (in
# document order: an outer box before the boxes inside it); only they are tested in Python
_XPATH = ("//@class[contains(., 'isclaimer') or contains(., 'isclosure')]/.."
          " | //@id[contains(., 'isclaimer') or contains(., 'isclosure')]/..")


def wanted(html: str, kind: str) -> bool:
    """Whether the pass runs: a page of :data:`DISCLAIMER_TYPES` whose source holds the stem of
    the words (two substring scans, ~0.16 ms a dev page; 60 of the 181 dev pages pass, 28 hold a box)."""
    return kind in DISCLAIMER_TYPES and ("isclaimer" in html or "isclosure" in html)


def _named(el: Any) -> bool:
    attr = (el.get("class") or "") + " " + (el.get("id") or "")
    return any(w.lower() in DISCLAIMER_WORDS for w in _WORDS.findall(attr))


def _small(el: Any) -> bool:
    return len(" ".join(el.itertext()).split()) <= DISCLAIMER_MAX_WORDS


def disclaimers(tree: Any) -> list[Any]:
    """The page's outermost disclaimer and disclosure boxes (see the module docstring), in page order."""
    found: list[Any] = []
    for el in tree.xpath(_XPATH):
        if el.tag in _CONTAINERS or not _named(el) or any(a in found for a in el.iterancestors()):
            continue
        if _small(el):
            found.append(el)
    return found


def drop_disclaimers(tree: Any) -> int:
    """Remove the page's disclaimer and disclosure boxes from ``tree``; the number removed."""
    return remove_all(disclaimers(tree))
