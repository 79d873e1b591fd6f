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

An article's **author box** goes the same way (issue 12, article round 3): an element named by
two consecutive words of :data:`AUTHOR_BOX_PAIRS` (``author-bio``, ``AuthorBio``,
``author-box``, ``about-author``, ``author-profile``, ``about-the-author``) or one of
:data:`AUTHOR_BOX_WORDS` (the Starbox and Simple Author Box plugins' ``abh_box``,
``saboxplugin-wrap``), under the same size and container limits: the author's photo caption,
bio, social links and "Latest posts by X" list that trafilatura keeps under the story. Its gate is
a regex over the source (:data:`_AUTHOR_GATE`). Tune half (pages decided article, kept lines of
2+ words found inside such boxes): 596 words on 8 pages, none in the true main content (a recipe
site's ``...-author-profile`` wrapper holding the whole post, 2,685 true words, is over the size
limit). A bio recognised by its text instead ("X is a writer who ...", a line rule) was tried and
rejected: tune +0.037, held-out -0.022 in sum (truths that keep the bio).

An article's **footnotes** go the same way (issue 12, article round 11): an element named by a word of
:data:`FOOTNOTE_WORDS` (``div.footnotes`` of Markdown renderers, ``section.footnotes`` of GitHub's,
``ol.wp-block-footnotes`` of WordPress, a journal's ``div.footnotes`` holding its reference list): the
notes and references numbered under the story, each with its back-link arrow, which trafilatura keeps
as a list at the end. Such a box can be long (a paper's references: thousands of words), so its limit
is a share of the page's words instead (:data:`FOOTNOTE_MAX_SHARE`). Tune half (every page, boxes
named so whose text our output held): 3,436 words in 4 boxes on 4 domains, 22 of them in the true
main content; no such box on the dev set's 181 pages. A list titled "References" with no such name
stays (a truth keeps one, homegrounds's ``hg_references``).
"""

from __future__ import annotations

import re
from typing import Any

from cleanseeds.extract.blocks import attr_words, remove_all

#: the page kinds whose disclaimer boxes are left out
DISCLAIMER_TYPES = frozenset({"article"})
#: class/id words that name a disclaimer box (after splitting camelCase and punctuation, lower-cased)
DISCLAIMER_WORDS = frozenset({"disclaimer", "disclaimers", "disclosure", "disclosures"})
#: consecutive class/id words that name an article's author box ('author-bio', 'AuthorBox', 'about-the-author')
AUTHOR_BOX_PAIRS = frozenset({
    ("author", "bio"), ("author", "box"), ("about", "author"), ("author", "card"), ("author", "profile"),
    ("author", "info"), ("author", "details"), ("author", "description"), ("author", "biography"),
    ("author", "wrap"), ("author", "block"), ("the", "author"),
})
#: single class/id words that name an author box (WordPress plugins: Starbox, Simple Author Box)
AUTHOR_BOX_WORDS = frozenset({"abh", "saboxplugin", "authorbox", "authorbio"})
#: class/id words that name a box of footnotes or endnotes under the story
FOOTNOTE_WORDS = frozenset({"footnotes", "endnotes"})
#: a footnote box holds at most this share of the page's words (WCXB tune: the kept ones 3-10%; a
#: wrapper named so would hold the story)
FOOTNOTE_MAX_SHARE = 1 / 3
#: a box holds at most this many words (WCXB: the largest kept one, 242 words; a story's wrapper, thousands)
DISCLAIMER_MAX_WORDS = 300
#: elements never taken as a box (they hold the page or the story)
_CONTAINERS = frozenset({"html", "body", "article", "main"})
# the elements whose class or id value holds a stem (of the words or of an author box's name), selected
# in C through the attribute axis (in document order: an outer box before the boxes inside it); only
# they are tested in Python
_XPATH = ("//@class[contains(., 'isclaimer') or contains(., 'isclosure') or contains(., 'uthor') or contains(., 'abh_')"
          " or contains(., 'sabox') or contains(., 'otnotes') or contains(., 'ndnotes')]/.."
          " | //@id[contains(., 'isclaimer') or contains(., 'isclosure') or contains(., 'uthor') or contains(., 'otnotes')"
          " or contains(., 'ndnotes')]/..")
#: what follows 'uthor' in a source that may hold an author box (most pages hold 'author' in a meta tag, few a box's name)
_AUTHOR_GATE = re.compile(r"[-_]?(?:bio|box|card|profile|info|details|description|biography|wrap|block)", re.I)


def _may_hold_author_box(html: str) -> bool:
    """Whether ``html`` names an author box: each 'uthor' in the source (a substring scan) is tried
    against :data:`_AUTHOR_GATE` at that place, then the plugins' names."""
    i = html.find("uthor")
    while i != -1:
        if _AUTHOR_GATE.match(html, i + 5) or html[max(i - 7, 0):i].lower().endswith(("about-a", "about_a", "the-a", "the_a")):
            return True
        i = html.find("uthor", i + 5)
    return "abh_box" in html or "saboxplugin" in html


def wanted(html: str, kind: str) -> bool:
    """Whether the pass runs: a page of :data:`DISCLAIMER_TYPES` whose source holds the stem of
    the words (two substring scans, ~0.16 ms a dev page; 60 of the 181 dev pages pass, 28 hold a box),
    an author box's name (:func:`_may_hold_author_box`) or the footnotes' stems (two more scans)."""
    return kind in DISCLAIMER_TYPES and ("isclaimer" in html or "isclosure" in html or _may_hold_author_box(html)
                                         or "otnotes" in html or "ndnotes" in html)


def _named(el: Any) -> str | None:
    """What the class/id of ``el`` names: ``"footnotes"``, ``"box"`` (a disclaimer or an author box) or ``None``."""
    attr = (el.get("class") or "") + " " + (el.get("id") or "")
    words = attr_words(attr)
    if any(w in DISCLAIMER_WORDS or w in AUTHOR_BOX_WORDS for w in words) or any(
            pair in AUTHOR_BOX_PAIRS for pair in zip(words, words[1:], strict=False)):
        return "box"
    return "footnotes" if any(w in FOOTNOTE_WORDS for w in words) else None


def _words(el: Any) -> int:
    return len(" ".join(el.itertext()).split())


def disclaimers(tree: Any) -> list[Any]:
    """The page's outermost disclaimer, disclosure, author and footnote boxes (see the module docstring),
    in page order."""
    found: list[Any] = []
    page_words = 0
    for el in tree.xpath(_XPATH):
        named = _named(el)
        if el.tag in _CONTAINERS or named is None or any(a in found for a in el.iterancestors()):
            continue
        if named == "footnotes":
            page_words = page_words or _words(el.getroottree().getroot())  # counted once, on a page holding such a box
            if _words(el) <= FOOTNOTE_MAX_SHARE * page_words:
                found.append(el)
        elif _words(el) <= DISCLAIMER_MAX_WORDS:
            found.append(el)
    return found


def drop_disclaimers(tree: Any) -> int:
    """Remove the page's disclaimer, disclosure and author boxes from ``tree``; the number removed."""
    return remove_all(disclaimers(tree))
