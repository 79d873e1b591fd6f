"""A list of links to other pages at the very end of an article's text, under its own short title, left out.

``cut_related(blocks, text) -> (text, removed)``. trafilatura keeps a "related" box when it sits
inside the story's frame: a short title ("You'll Also Love...", "More Japan Travel Guides",
"Average Costs for Cleaning Services in the USA") over a list of links to other pages of the
site, after the last paragraph. The line cleaner sees only text, and such titles are as varied
as the site's voice (``nav.related_prefix`` knows the common ones); the page knows more: each
item is a block made (almost) only of link text.

Evidence, read on the page's visible blocks (extract/blocks.py): the text ends with at least
:data:`RELATED_MIN_ITEMS` lines that are each a whole block with at least
:data:`RELATED_LINK_SHARE` of its characters inside links, right under a title line (a block
that is no list item, of at most :data:`RELATED_TITLE_MAX_WORDS` words, not a sentence ending
in a full stop (an ellipsis is no full stop), not itself links). The title and the links are taken out of the text (and so
are in the ledger as blocks extraction left out), unless they are half the text's words or more
(a page that is mostly such a list is not an article with a related box). ``auto`` mode, on the
kinds with one main text (:data:`RELATED_TYPES`); the ``extraction`` column gets ``+related``.

WCXB article pages (``bench/quality_wcxb.py``, chosen on the tune half): tune half 6 pages change,
+0.215 in sum (a list of city pages under a story on cleaning costs 0.81 -> 0.99; one down, a
garden magazine's own further-reading list, which the truth keeps: 0.999 -> 0.987); held-out
half: no page changes; no page of another kind. Without the title condition (an analysis of the
tune half): 8 pages, two down (a health agency's further-reading list, too). Dev set HTML macro
F1 0.967 -> 0.968.
"""

from __future__ import annotations

from collections.abc import Sequence

from cleanseeds.extract.blocks import Block

#: the page kinds (as decided) the related box is looked for on
RELATED_TYPES = frozenset({"article", "other"})
#: the fewest link lines at the end of the text that make a related box
RELATED_MIN_ITEMS = 3
#: a line is a link when at least this share of its block's characters are inside links
RELATED_LINK_SHARE = 0.8
#: the box's title has at most this many words
RELATED_TITLE_MAX_WORDS = 8
#: list-item marks trafilatura's text puts before a list item's text
_ITEM_MARKS = ("- ", "* ", "• ")


def _norm(s: str) -> str:
    return " ".join(s.split())


def _item_text(line: str) -> str:
    text = _norm(line)
    for mark in _ITEM_MARKS:
        if text.startswith(mark):
            return text[len(mark):].strip()
    return text


def _link_shares(blocks: Sequence[Block]) -> dict[str, float]:
    """Each block's text -> the share of its characters inside links (first block of that text)."""
    out: dict[str, float] = {}
    for b in blocks:
        if b.text and b.text not in out:
            out[b.text] = b.link_chars / len(b.text)
    return out


def _is_title(line: str, shares: dict[str, float]) -> bool:
    text = _norm(line)
    sentence = text.endswith(".") and not text.endswith("..")  # "You'll Also Love..." is a title
    if not text or text != _item_text(line) or sentence or len(text.split()) > RELATED_TITLE_MAX_WORDS:
        return False
    return text in shares and shares[text] < RELATED_LINK_SHARE


def cut_related(blocks: Sequence[Block], text: str) -> tuple[str, int]:
    """``text`` without its closing related box (see the module doc), and how many lines went."""
    lines = text.rstrip("\n").split("\n")
    shares = _link_shares(blocks)
    k = len(lines)
    while k > 0 and shares.get(_item_text(lines[k - 1]), 0.0) >= RELATED_LINK_SHARE:
        k -= 1
    if len(lines) - k < RELATED_MIN_ITEMS or k < 2 or not _is_title(lines[k - 1], shares):
        return text, 0
    kept = "\n".join(lines[: k - 1])
    if 2 * len(kept.split()) <= len(text.split()):
        return text, 0
    return kept, len(lines) - k + 1


def for_kind(blocks: Sequence[Block], text: str, strategy: str, kind: str, auto: bool) -> tuple[str, str]:
    """The text and strategy after :func:`cut_related` on the kinds it is for (``+related`` when
    a box went); unchanged elsewhere."""
    if not (auto and kind in RELATED_TYPES and text and blocks):
        return text, strategy
    text, removed = cut_related(blocks, text)
    return text, f"{strategy}+related" if removed else strategy
