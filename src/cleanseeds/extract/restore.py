"""Section headings trafilatura dropped between blocks it kept, put back in their place.

``restore_headings(blocks, text) -> (text, restored)``. Why trafilatura (2.3.1,
``main_extractor.py``) loses a page's ``<h1>``-``<h6>`` while keeping its paragraphs: when
``_extract`` finds no main frame (none of ``BODY_XPATH`` matches: a page of generic ``<div>``s,
Webflow or CSS-in-JS class names), or only a small one (a page ``<header>`` holding the
``<h1>``, an author box: under ``MIN_EXTRACTED_SIZE`` characters), ``extract_content`` falls
back to ``recover_wild_text``, whose search (``search_expr``) takes ``p``, ``code``, ``quote``
and ``table`` elements from the whole page and never headings (nor bare-text ``<div>``s
outside ``favor_recall``). Every section title is gone, every paragraph is there. Traced on
WCXB pages: kubernetes.io (a documentation page: its top ``<header>`` holds the ``<h1>``),
levitate.ai, upgradedpoints.com, insurancebusinessmag.com: all four took that path.

The page's own order is the evidence: a heading block whose next block is in trafilatura's
text and whose previous block, or the one before it (:data:`BEFORE`), is too, at an earlier
line, is a section title inside the main text. It is put back on a line of its own before the
line holding the block that follows it. Not put back: a heading over :data:`MAX_WORDS` words,
one mostly link text (a card's or related story's title), one ending in a colon ("Jump to:",
"Check out next:"), one whose next block is mostly links (the title of a table of contents, a
"Related topics" or "Stay connected" list), one inside a ``<footer>``, cookie banner, comments
or reviews region. The line cleaner then judges the restored lines like any other.

Measured on WCXB before choosing (bench analysis of the ledger, all 1,497 pages: dropped
heading blocks, not mostly links, whose two neighbours were kept): 1,168 of 1,342 are in the
true main content on article, documentation and service pages, 89 of 161 on the other kinds
(listing, product, collection, forum: there a heading between kept blocks is as often a
card's or a widget's title), so only :data:`RESTORE_TYPES` get it (product pages were added
later, measured on their own: see there). Used in ``auto`` mode
(extract/html.py); the ``extraction`` column says when it changed the text (``...+headings``)
and the ledger then no longer lists the restored headings as dropped. Figures in
docs/cleaning.md.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from itertools import accumulate

from cleanseeds.extract.blocks import Block, region_evidence

#: the page kinds whose dropped section headings are put back. Product pages too (issue 12, product
#: round 10): since their recall recovery (extract/wild.py, ``balanced>wild``) a shop theme's
#: description sections come through without their titles ("Specifications", "ESD-Safe for
#: Delicate Tasks", "About Rode", "Description détaillée"), the recovery never taking a heading.
#: WCXB tune half (quality_wcxb.py --dump against main, lines added): 126 words in the truth, 31 not
#: (a "Frequently asked questions" over a FAQ the truth leaves out, "Manufacturer Contact Info"), on
#: 6 product domains and a thomann category page decided product; sum of page F1 product tune +0.017
#: (quarter A +0.013, B +0.004; ifixit 0.73 -> 0.74, thomann 0.92 -> 0.93; down at most 0.006),
#: collection +0.016 (tune) / +0.023 (held-out), product held-out -0.001
RESTORE_TYPES = frozenset({"article", "documentation", "service", "other", "product"})
#: the page kinds whose dropped card titles (a heading that is a link) are put back too: on a
#: listing the headline over each kept teaser is the card's title. trafilatura's recall
#: recovery never takes a heading, so a listing extracted by the recall fallback kept every
#: teaser, author and date and lost every headline (arstechnica.com's front page: its
#: headlines came through before only because the skip link's text, since dropped with the
#: screen-reader-only text, made trafilatura emit the whole page wrapper, menus and all).
#: WCXB listing pages (quality_wcxb.py --dump, page by page): tune +0.49 in sum
#: (arstechnica 0.66 -> 0.90, aljazeera 0.72 -> 0.91, nutsvolts 0.93 -> 0.99, nytimes -0.0004),
#: held-out no page changes.
CARD_TITLE_TYPES = frozenset({"listing"})
#: the kept block before the heading is at most this many blocks before it (the one after it is the next block)
BEFORE = 2
#: a heading of more words than this is not a section title
MAX_WORDS = 25
#: a heading with more than this share of its characters inside links is a link (a card's title)
MAX_LINK_SHARE = 0.5
#: regions whose headings stay out (extract/blocks.py evidence names)
SKIP_REGIONS = frozenset({"footer", "cookie_banner", "comments", "reviews"})


def _norm(s: str) -> str:
    return " ".join(s.split())


def block_lines(blocks: Sequence[Block], lines: Sequence[str]) -> list[int | None]:
    """For each block, the index of the line of ``lines`` that holds it, in page order (a
    cursor only moves forward), or ``None``: the block equals a line, or (four words or more)
    is inside one, as :func:`cleanseeds.extract.blocks.dropped_blocks` counts it extracted."""
    normed = [_norm(x) for x in lines]
    whole, flat = set(normed), "\n".join(normed)
    spaced = _Spaced(normed)
    out: list[int | None] = []
    cursor = 0
    for b in blocks:
        long = len(b.text.split()) >= 4
        if b.text not in whole and not (long and b.text in flat):  # not extracted: no scan
            # a code block the text holds on several lines (extract/docblocks.py breaks its lines): where it starts
            out.append(spaced.start(b.text, cursor) if long and b.tag == "pre" and b.text in spaced.text else None)
            if out[-1] is not None:
                cursor = out[-1]
            continue
        found = next((i for i in range(cursor, len(normed)) if normed[i] == b.text or (long and b.text in normed[i])), None)
        out.append(found)
        if found is not None:
            cursor = found
    return out


class _Spaced:
    """The text's lines joined by spaces, and where each line starts in it."""

    def __init__(self, normed: Sequence[str]) -> None:
        self.text = " ".join(normed)
        self.starts = list(accumulate((len(x) + 1 for x in normed[:-1]), initial=0))

    def start(self, block: str, cursor: int) -> int | None:
        """The index of the line where ``block`` starts, at or after line ``cursor``; ``None`` if it is not there."""
        pos = self.text.find(block, self.starts[cursor]) if cursor < len(self.starts) else -1
        return None if pos < 0 else bisect_right(self.starts, pos) - 1


def _linky(b: Block) -> bool:
    return b.link_chars > MAX_LINK_SHARE * len(b.text)


def _restorable(b: Block, links: bool) -> bool:
    if not b.heading or len(b.text.split()) > MAX_WORDS or (_linky(b) and not links) or b.text.endswith(":"):
        return False
    return region_evidence(b.region) not in SKIP_REGIONS


def restore_headings(blocks: Sequence[Block], text: str, links: bool = False) -> tuple[str, int]:
    """``text`` with the dropped headings between two kept blocks put back (see the module
    doc), and how many were; ``links``: a heading that is a link (a card's title) too."""
    lines = text.split("\n")
    at = block_lines(blocks, lines)
    before: dict[int, list[str]] = {}  # line index -> headings to insert before it
    for i in range(1, len(blocks) - 1):
        prev = next((at[j] for j in range(i - 1, max(-1, i - 1 - BEFORE), -1) if at[j] is not None), None)
        nxt = at[i + 1]
        if at[i] is not None or prev is None or nxt is None or prev >= nxt or not _restorable(blocks[i], links):
            continue
        if _linky(blocks[i + 1]):  # the title of a link list (a table of contents, "Related topics", "Stay connected")
            continue
        before.setdefault(nxt, []).append(blocks[i].text)
    if not before:
        return text, 0
    out: list[str] = []
    for n, line in enumerate(lines):
        out.extend(before.get(n, ()))
        out.append(line)
    return "\n".join(out), sum(len(v) for v in before.values())


def wanted(kind: str, auto: bool) -> bool:
    """Whether headings are restored on this kind of page (``auto`` mode, :data:`RESTORE_TYPES`,
    :data:`CARD_TITLE_TYPES`)."""
    return auto and (kind in RESTORE_TYPES or kind in CARD_TITLE_TYPES)


def for_kind(blocks: Sequence[Block], text: str, strategy: str, kind: str, auto: bool) -> tuple[str, str]:
    """The text and strategy after :func:`restore_headings` on the kinds it is for: the strategy
    gets ``+headings`` when a heading was put back; unchanged elsewhere."""
    if not (wanted(kind, auto) and text):
        return text, strategy
    text, restored = restore_headings(blocks, text, kind in CARD_TITLE_TYPES)
    return text, f"{strategy}+headings" if restored else strategy
