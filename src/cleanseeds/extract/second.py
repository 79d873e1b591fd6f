"""A second extractor as evidence: resiliparse's main-content text adds the blocks ours missed (extraction ``+second``).

On a service page (a company's page of sections: a hero, features, steps, prices, a FAQ)
trafilatura's container search often keeps one or two sections and drops the rest; recall is
what such pages lose. resiliparse (``resiliparse.extract.html2text.extract_plain_text`` with
``main_content=True``) works the other way round: it keeps the page's text minus the elements
its rules call boilerplate (navigation, header, footer, asides, by tag and class). Alone it
scores below ours on every kind, but the blocks it keeps that ours left out are, on service
pages, mostly the missing sections.

:func:`merge_second`: every line of resiliparse's text of at least :data:`SECOND_MIN_WORDS`
words that is in no line of ours (and holds no line of ours: one block of theirs can be two of
ours) is added to our text when a line of theirs before it is ours and not our last line
(:func:`_anchor`, the first of our lines that holds it), and placed after our line that holds
the last line of theirs before it (:func:`_place`: searched from the previous placement on), so
the page's order stays. On service pages a short line of theirs right before an added one goes
in with it when it is one of the page's headings (:data:`TITLE_TYPES`: the section's title).
The line cleaner then reads the merged text as it reads any extraction.
``auto`` mode, on the kinds of :data:`SECOND_TYPES` only; the ``extraction`` column gets
``+second`` when a line was added.
"""
from __future__ import annotations

import re
from bisect import bisect_left
from collections import Counter
from itertools import chain
from typing import Any

#: the page kinds (as decided, ``cleanseeds.extract.pagetype``) the second extractor runs on
SECOND_TYPES = frozenset({"service", "forum"})
#: a line of resiliparse's text is added only with at least this many words (a button or a
#: label alone is no evidence of a missed section)
SECOND_MIN_WORDS = 3

#: elements resiliparse's text leaves out besides its own boilerplate rules: dialogs and tooltips, as
#: ours (extract/dialogs.py; a cookie
#: consent box a forum page carries is dozens of lines of prose; WCXB forum tune +0.45), and
#: elements whose class holds the word ``comment`` or ``comments``: ours reads comment sections
#: itself (on forum pages it keeps them), so theirs are no evidence of a missed block; what they
#: added were the short comments under Q&A answers ("... Commented Mar 28, 2014 at 15:56"), which
#: the benchmark leaves out (forum, sum of page F1, tune / held-out: +0.35 / -0.05, service and
#: other kinds unchanged)
SECOND_SKIP = ('[role="dialog"]', '[aria-modal="true"]', "dialog", '[role="tooltip"]', '[class~="comment"]', '[class~="comments"]')
#: ... and on the kinds whose posts' signatures and member furniture our extraction leaves out
#: (``extract/reviews.py``: :data:`~cleanseeds.extract.reviews.SIGNATURE_TYPES`,
#: :data:`~cleanseeds.extract.reviews.MEMBER_CLASSES`, the notices list of
#: :data:`~cleanseeds.extract.reviews.NOTICE_CLASSES`), those too: resiliparse reads the page as
#: served, so without them the merge put each post's signature back between two of our lines
#: (the selectors approximate the word test there: a class, id or ``data-role`` holding
#: "signature"/"Signature")
SECOND_SKIP_SIGNATURES = ('[class*="signature"]', '[class*="Signature"]', '[id*="signature"]', '[id*="Signature"]',
                          '[data-role*="ignature"]', ".message-userExtras", ".message-userBanner", ".message-userTitle",
                          ".notices", ".Notices", "#notices", "#Notices")

#: ... and on service pages, the name and role under a customer's quote (an ``author`` element inside
#: a testimonial's or a quote box: "Lynn B., ResumeSpice client", "Michelle Lin, Chief Financial
#: Officer, Italic"): the merge put each one on its own line between the quotes, which the truth
#: keeps. WCXB tune half, lines the merge added from inside them: 20, none in the truth (2 sites);
#: sum of page F1: service tune +0.03 (resumespice 0.97 -> 1.00, stripe +0.004), held-out and
#: every other kind unchanged. Broader selectors lost truth: any ``testimonial`` box (tune 26 true
#: lines of 39), ``[class*="review"]`` (615 true words of 988), ``[class*="btn"]`` (held-out -0.03)
SECOND_SKIP_ATTRIBUTIONS = ('[class*="testimonial"] [class*="author"]', '[class*="quote"] [class*="author"]')
#: ... and on service pages, ``<footer>`` elements wherever they sit: a footer closes its section
#: (the fine print and link rows under a payment firm's feature blocks); resiliparse drops the
#: page's own footer, not a section's. WCXB tune half, lines the merge added from inside them: 332
#: words, 34 in the truth (1 site); sum of page F1: service tune +0.075 (stripe 0.53 -> 0.61),
#: held-out and every other kind unchanged. Not ``<blockquote>`` (a podcast's wall of praise under
#: an article decided service: tune +0.13, but held-out service -0.008 on one page)
SECOND_SKIP_SERVICE = ("footer",)
#: the page kinds :data:`SECOND_SKIP_ATTRIBUTIONS` applies to (a forum's quote boxes name the
#: quoted member, which the merge does not bring: forum unchanged either way)
ATTRIBUTION_TYPES = frozenset({"service"})

#: the page kinds on which a line of theirs under :data:`SECOND_MIN_WORDS` words that no line of ours
#: holds is added when the line of theirs right after it is added and its words are those of one of
#: the page's ``<h1>``-``<h6>`` (:func:`heading_keys`): the title of the section the merge brings
#: ("HR Strategy", "Syllabus", "Image Enhancement"), which alone is no evidence. WCXB
#: (quality_wcxb.py --workers 2 --dump, page by page against main, sum of page F1, tune quarter A /
#: quarter B / held-out): service +0.012 / +0.007 / +0.029 (tune: 8 pages up on 8 domains, 5 down by
#: at most 0.002), a product page decided service +0.004 (tune), an article +0.002 (tune), held-out
#: listing -0.003 (one page), every other kind unchanged; `without` leaked unchanged. Tried: any short
#: line, heading or not (+0.041 / +0.008 / +0.055, but `without` leaked on held-out service pages
#: 8.7% -> 9.5%: a card's label, a price, "Customer stories"; article pages decided service -0.001 on
#: quarter B and -0.002 held-out); up to two short lines (+0.045 / +0.007 / +0.067); any short line
#: but one with a digit or ending in a colon (+0.037 / +0.011 / +0.036); on forum pages too (tune
#: -0.016, held-out -0.020: a post's date or a member's name before the post)
TITLE_TYPES = frozenset({"service"})

#: a text of fewer words than this (``\\w+`` words) is replaced by resiliparse's whole text, on
#: every kind, when that is at least :data:`SECOND_TINY_TIMES` as long and holds at least half
#: of our words: ours then kept a teaser, a promo strip, a breadcrumb or the first paragraph
#: of a page whose content the other extractor reads (WCXB, sum of page F1, tune / held-out:
#: +2.29 / +0.94 on four and one pages, none down, the same for any limit from 100 to 200
#: words; under 3 times as long, a product page's gallery text comes in, -0.37)
SECOND_TINY_WORDS = 150
SECOND_TINY_TIMES = 5

#: the merge matches each line of theirs against the lines of ours (~30 ns a pair): over this
#: many pairs the pass is skipped, the text stays ours (WCXB's largest gated page: 0.41 M pairs,
#: ~15 ms; ~17 ms with the placement search of :func:`_place`, which starts at the previous placement)
SECOND_MAX_PAIRS = 2_000_000

_WORD = re.compile(r"\w+")
_BASE = re.compile(r"[>+]")


def _key(line: str) -> str:
    return " ".join(_WORD.findall(line.lower()))


def second_text(html: str, kind: str = "", tree: Any = None) -> str:
    """resiliparse's main-content text of ``html`` (``tree``: the page as resiliparse parsed it, when
    the caller has it): no list bullets, image alt texts, links,
    form fields or noscript text (each one of those options lowered its WCXB score); on a page of
    ``kind`` whose signatures ours leaves out, without them (:data:`SECOND_SKIP_SIGNATURES`); on a
    service page without the quotes' attributions (:data:`SECOND_SKIP_ATTRIBUTIONS`)."""
    from resiliparse.extract.html2text import extract_plain_text
    from resiliparse.parse.html import HTMLTree

    from cleanseeds.extract.overlays import drop_overlays_parsed, may_have_overlays, wanted
    from cleanseeds.extract.reviews import SIGNATURE_TYPES

    tree = HTMLTree.parse(html) if tree is None else tree
    if wanted(kind, True, may_have_overlays(html)):  # (the overlays ours leaves out: extract/overlays.py)
        drop_overlays_parsed(tree)
    skip = [*SECOND_SKIP, *(SECOND_SKIP_SIGNATURES if kind in SIGNATURE_TYPES else ()),
            *((*SECOND_SKIP_ATTRIBUTIONS, *SECOND_SKIP_SERVICE) if kind in ATTRIBUTION_TYPES else ())]
    return str(extract_plain_text(tree, main_content=True, preserve_formatting=True,
                                  list_bullets=False, alt_texts=False, links=False, form_fields=False, noscript=False,
                                  skip_elements=skip))


def heading_keys(tree: Any) -> frozenset[str]:
    """The words of every ``<h1>``-``<h6>`` of a page resiliparse parsed (:func:`_key`): the page's own section titles."""
    body = tree.body
    return frozenset() if body is None else frozenset(_key(str(h.text)) for h in body.query_selector_all("h1, h2, h3, h4, h5, h6"))


def _anchor(key: str, ours: list[str], joined: str) -> int | None:
    """The index of the first of our lines that holds ``key`` (or that it holds); ``None`` when no line does.
    The test of evidence: a new line of theirs after one whose index is our last line is not added."""
    if f" {key} " not in joined:
        for k, own in enumerate(ours):
            if own and len(own.split()) >= SECOND_MIN_WORDS and own in key:
                return k
        return None
    for k, own in enumerate(ours):
        if key in own or (own and own in key):  # (word-boundary precision is not needed to test it)
            return k
    return -1  # across two of our lines: known, no new anchor


def _place(key: str, ours: list[str], wide: list[bool], place: int, short: dict[str, list[int]]) -> int:
    """Where the new lines of theirs after ``key`` (a line of theirs that is ours) go, from ``place`` (the
    previous placement): after the first of our lines from ``place`` on that holds ``key`` (or, of
    :data:`SECOND_MIN_WORDS` words or more, that ``key`` holds), else the first before it; a shorter ``key``
    only after one of our lines from ``place`` on that is exactly it, else ``place`` stays. (The first of our
    lines that holds it, as :func:`_anchor` finds it, was often far up a thread: a vote count "12" holds a
    comment's "2", a letter "E" is in any long line of ours, so an added line landed between the wrong posts.)
    ``wide``: which of our lines have that many words; ``short``: where each of our shorter lines is."""
    if len(key.split()) < SECOND_MIN_WORDS:
        found = short.get(key, [])
        at = bisect_left(found, max(place, 0))
        return found[at] if at < len(found) else place
    start = max(place, 0)
    for k in chain(range(start, len(ours)), range(start)):
        own = ours[k]
        if own and (key in own or (wide[k] and own in key)):
            return k
    return place


def merge_second(text: str, second: str, titles: frozenset[str] = frozenset()) -> tuple[str, int]:
    """``text`` with the lines of ``second`` it does not hold (see the module doc), and how many
    lines were added; a short line right before an added one too when its words are those of one
    of the page's headings in ``titles`` (:func:`heading_keys`, :data:`TITLE_TYPES`)."""
    lines = text.split("\n")
    ours = [_key(line) for line in lines]
    joined = f" {' '.join(ours)} "
    last = max((k for k, own in enumerate(ours) if own), default=-1)
    wide = [len(own.split()) >= SECOND_MIN_WORDS for own in ours]
    found: dict[str, list[int]] = {}  # where each of our shorter lines is (_place)
    for k, own in enumerate(ours):
        if own and not wide[k]:
            found.setdefault(own, []).append(k)
    after: dict[int, list[str]] = {}
    seen: set[str] = set()
    held: set[str] = set()  # the lines of theirs that are ours
    anchor = place = -1
    title: list[str] = []  # the short new line right before this one, when a heading
    for line in second.split("\n"):
        key = _key(line)
        if key in held:  # (again: "Share" under every post; it moves the placement only)
            place = _place(key, ours, wide, place, found)
            continue
        if not key or key in seen:
            continue
        seen.add(key)
        at = _anchor(key, ours, joined)
        if at is not None:
            held.add(key)
            anchor = at if at >= 0 else anchor
            place = _place(key, ours, wide, place, found)
        elif len(key.split()) >= SECOND_MIN_WORDS:
            if 0 <= anchor < last:  # (the test of evidence: see _anchor)
                after.setdefault(place, []).extend([*title, line.strip()])
        elif key in titles:
            title = [line.strip()]
            continue
        title = []
    if not after:
        return text, 0
    out: list[str] = list(after.get(-1, []))
    for k, line in enumerate(lines):
        out.append(line)
        out.extend(after.get(k, []))
    return "\n".join(out), sum(len(v) for v in after.values())


def rescues(text: str, second: str) -> bool:
    """Whether ``second`` replaces a tiny ``text`` (see :data:`SECOND_TINY_WORDS`)."""
    ours, theirs = Counter(_WORD.findall(text.lower())), Counter(_WORD.findall(second.lower()))
    n = sum(ours.values())
    return 0 < n < SECOND_TINY_WORDS and sum(theirs.values()) >= SECOND_TINY_TIMES * n and sum((ours & theirs).values()) >= n / 2


def for_kind(html: str, text: str, strategy: str, kind: str, auto: bool) -> tuple[str, str]:
    """The text and strategy after the second extractor: its whole text in place of a tiny one
    (``<kind's strategy>>second``, every kind), else :func:`merge_second` on the kinds it is for (``+second``
    when a line was added); unchanged elsewhere."""
    tiny = auto and 0 < len(text.split()) < SECOND_TINY_WORDS
    if not (tiny or (auto and kind in SECOND_TYPES and text)):
        return text, strategy
    from resiliparse.parse.html import HTMLTree

    tree = HTMLTree.parse(html)
    second = second_text(html, kind, tree)
    if tiny and rescues(text, second):
        return second.strip(), f"{_BASE.split(strategy, 1)[0]}>second"  # (the kind's strategy: balanced, comments)
    if kind not in SECOND_TYPES or (text.count("\n") + 1) * (second.count("\n") + 1) > SECOND_MAX_PAIRS:
        return text, strategy
    from cleanseeds.extract.members import without_panel_lines
    from cleanseeds.extract.reviews import SIGNATURE_TYPES

    if kind in SIGNATURE_TYPES:  # (the member panels' stat lines ours left out: extract/members.py)
        second = without_panel_lines(second)
    text, added = merge_second(text, second, heading_keys(tree) if kind in TITLE_TYPES else frozenset())
    return text, f"{strategy}+second" if added else strategy
