"""The intro of a shop category or a listing: the prose beside the page's title, put back.

``intro_lines(tree) -> list[str]``, ``put_back(lines, text) -> (text, added)``. A category page
(a shop's "CBD Gummies", a running store's "GPS Watches") or a listing (a blog's "Engineering", a
job board's "Remote jobs") opens with its title and a sentence or two about what follows: "Heading out
before sunrise? Pick a watch that tracks every kilometre." The title and that blurb often sit in a
box of their own (``section.category-header``, ``div.browse-header``, ``section.banner``) beside
the grid or the feed, and trafilatura, which takes one main region (``<main>``, a ``...content``
box), keeps the grid or a paragraph under it and leaves the box out. The truth keeps the blurb.

The page's own markup is the evidence: the page's only non-empty ``<h1>`` (not inside the page's
``<header>``, ``<nav>`` or ``<footer>``: a logo's title) and its largest ancestor holding at most
:data:`INTRO_BOX_MAX_WORDS` words, the box of the title (a wider ancestor holds the grid or the
page). Its text blocks (elements with no block inside: a ``<p>``, a ``<div>`` of bare text) of
:data:`INTRO_LINE_WORDS`+ words that end a sentence, not hidden, are the intro. Those the text lacks
go before it, in page order; the line cleaner then judges them like any other line. The title
itself is not put back: on some pages it is a promotion ("Save up to $800 on ...") or a search's
echo the truth leaves out.

Only on :data:`INTRO_TYPES` (``auto`` mode, extract/html.py); the ``extraction`` column says when it
changed the text (``...+intro``). Evidence on the WCXB tune half (true collection and listing
pages, page by page): the intro in the truth and not in our text on 8 domains (ridge, greenroads,
esprit-barbecue, engineering.atspotify, producthunt, fleetfeet, johnsonfitness, 4dayweek); with the
pass, lines were put back on 9 tune pages of 9 domains (those and allbirds), every one of them in the
truth. WCXB figures in docs/cleaning.md.

Cost: one walk of the page's ``<h1>`` elements, then of the title's box (at most
:data:`INTRO_BOX_MAX_WORDS` words), on pages decided collection or listing only.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from typing import Any

from cleanseeds.extract.blocks import BLOCK_TAGS
from cleanseeds.extract.panels import in_page_chrome
from cleanseeds.extract.tabs import is_hidden

#: the page kinds (as decided) whose intro is put back
INTRO_TYPES = frozenset({"collection", "listing"})
#: the title's box is its largest ancestor holding at most this many words: on the WCXB tune half the
#: boxes whose intro was put back held 16-148 words (a title, a breadcrumb, one to three sentences); a
#: wider ancestor is the grid's or the page's wrapper. 150 and 300 compared on the tune half's collection
#: and listing pages (box prose the truth keeps / leaves out, not in our text): 300 found one more line the
#: truth keeps (a second greenroads page) and six it leaves out (a rental notice, "Loading...", four of
#: producthunt's product teasers)
INTRO_BOX_MAX_WORDS = 150
#: an intro line holds at least this many words (a sentence, not a label or a button)
INTRO_LINE_WORDS = 8
#: the title's box holding at least this share of the extractor's text's words is the region the extractor
#: took (a small page whose ``<main>`` holds the title and everything else), not a box beside it: the lines
#: it lacks there are what trafilatura left out of its own region (a newsletter pitch, a promotion), no intro.
#: On the WCXB tune half the boxes whose intro was put back (all of it in the truth) hold 1-35% of the text's words
INTRO_TEXT_SHARE = 0.5
#: a line that ends a sentence (a closing quote or bracket may follow the mark)
_SENTENCE_END = re.compile(r"[.!?][\"'\u201d\u2019)]?$")
#: markup whose text is not shown as the page's words (a ``<video>``'s text is the fallback "Your browser does not
#: support the video tag.")
_UNSHOWN = frozenset({"script", "style", "noscript", "template", "svg", "button", "select", "option", "textarea", "video", "audio",
                      "object", "iframe", "canvas"})
_WORDS = re.compile(r"\w+")


def _title(tree: Any) -> Any:
    """The page's only non-empty ``<h1>``, when it is not inside the header, nav or footer; else ``None``."""
    found = [h for h in tree.iter("h1") if "".join(h.itertext()).strip()]
    if len(found) != 1 or in_page_chrome(found[0]):
        return None
    return found[0]


def _box(h1: Any) -> Any:
    """The largest ancestor of ``h1`` holding at most :data:`INTRO_BOX_MAX_WORDS` words, or ``None``."""
    box = None
    for up in h1.iterancestors():
        if len(" ".join(up.itertext()).split()) > INTRO_BOX_MAX_WORDS:
            break
        box = up
    return box


def _shown_text(el: Any, box: Any) -> str | None:
    """``el``'s text, spaces folded, when it is a text block (no block element inside) shown on the
    page (no hiding mark, no unshown markup, on it or on its ancestors inside ``box``); else ``None``."""
    if not isinstance(el.tag, str) or el.tag in _UNSHOWN or any(isinstance(c.tag, str) and (c.tag in BLOCK_TAGS or c.tag in _UNSHOWN) for c in el):
        return None
    for up in (el, *el.iterancestors()):
        if is_hidden(up) or up.tag in _UNSHOWN:
            return None
        if up is box:
            break
    return " ".join(" ".join(el.itertext()).split())


@dataclass(frozen=True, slots=True)
class Intro:
    lines: tuple[str, ...]  # the prose lines of the title's box, in page order
    box: str  # all the box's text, spaces folded (what :func:`put_back` compares the extractor's text with)


def intro_lines(tree: Any) -> Intro | None:
    """The prose lines of the box around the page's title (see the module doc), or ``None``."""
    h1 = _title(tree)
    box = _box(h1) if h1 is not None else None
    if box is None:
        return None
    out: list[str] = []
    for el in box.iter():
        text = _shown_text(el, box)
        if text and len(text.split()) >= INTRO_LINE_WORDS and _SENTENCE_END.search(text) and text not in out:
            out.append(text)
    return Intro(tuple(out), " ".join(" ".join(box.itertext()).split())) if out else None


def _key(text: str) -> str:
    return " ".join(_WORDS.findall(text.lower()))


def is_the_text(box: str, text: str) -> bool:
    """Whether the title's ``box`` holds :data:`INTRO_TEXT_SHARE` or more of ``text``'s words (``\\w+``,
    counted as a multiset): the box is the region the extractor took, not a box beside it."""
    own, inside = Counter(_WORDS.findall(text.lower())), Counter(_WORDS.findall(box.lower()))
    n = sum(own.values())
    return bool(n) and sum((own & inside).values()) >= INTRO_TEXT_SHARE * n


def put_back(intro: Intro, text: str) -> tuple[str, int]:
    """``text`` with the intro lines it lacks (as words, case and punctuation aside) before it, unless
    the title's box is the text's own region (:func:`is_the_text`); how many were put back."""
    have = _key(text)
    missing = [line for line in intro.lines if _key(line) not in have]
    if not missing or is_the_text(intro.box, text):
        return text, 0
    return "\n".join([*missing, text]) if text else "\n".join(missing), len(missing)


def for_kind(intro: Intro | None, text: str, strategy: str) -> tuple[str, str]:
    """The text and strategy after :func:`put_back` (``intro``: from :func:`intro_lines`, ``None`` on
    the kinds it is not for or when the page has none): the strategy gets ``+intro`` when a line was put back."""
    if intro is None:
        return text, strategy
    text, added = put_back(intro, text)
    return text, f"{strategy}+intro" if added else strategy


def wanted(kind: str, auto: bool) -> bool:
    """Whether the intro is put back on this kind of page (``auto`` mode, :data:`INTRO_TYPES`)."""
    return auto and kind in INTRO_TYPES
