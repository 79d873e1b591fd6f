"""Customer reviews on a product page: the repeated review items, left out before extraction.

``drop_review_items(tree) -> int``: a shop's product page lists its customers' reviews under
the description and specs, one element per review (``<div class="review-item">`` x 10,
``<li itemprop="review">`` x 20): an author, a date, stars and a few lines of opinion each.
They are not the product's text, and trafilatura keeps them as running prose, often several
times the description's length. An element is a review item when its class or id holds the
word ``review``/``reviews`` (``product-review-line-item``, ``userReviews``), or it is marked
``itemprop="review"`` / ``itemtype=".../Review"``, **and** a sibling of the same tag and class
is one too: the repetition is the evidence (a lone "Reviews" tab, a "Write a review" button or
a star summary is not an item and stays). The outermost items are removed from the tree, their
tails kept; the ledger records their blocks as ``comments`` (``extract.<strategy>/reviews``,
extract/blocks.py).

A review that no sibling repeats (a shop's one-review preview under the description, a featured
quote) is not an item; the boxes holding its own words are named so (``review-text``,
``prose-review``, ``review-intro__headline``: :data:`REVIEW_TEXT_WORDS`), and the text's lines
found inside them are cut after extraction (:func:`text_runs`, :func:`cut_review_texts`;
``...+reviews``): taking those boxes out of the page before extraction moved trafilatura's choice
of container on one shop page.

Used on the kinds in :data:`REVIEW_TYPES` only (``extract/html.py``, ``auto`` mode). Measured
on WCXB (bench/quality_wcxb.py): on the 30 true product pages that have review items, none of
their words is in the true main content (tune and held-out halves; 11,484 and 22,871 words);
on articles, service and documentation pages such items are the content (a review site's
product reviews, a kernel doc on code review), so they are not removed there.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from lxml import etree

from cleanseeds.extract.blocks import attr_words, outermost_named_boxes, remove_all
from cleanseeds.extract.disclaimers import drop_disclaimers
from cleanseeds.extract.members import drop_stat_lines

#: the page kinds whose review items are left out
REVIEW_TYPES = frozenset({"product"})
#: at least this many same-shaped review elements under one parent make them items
MIN_ITEMS = 2
#: class/id words that name a review (after splitting camelCase and punctuation, lower-cased)
REVIEW_WORDS = frozenset({"review", "reviews"})



def _marked(el: Any) -> bool:
    """Whether the element says it is a review (class/id word, microdata)."""
    get = el.get
    if (get("itemprop") or "").lower() in REVIEW_WORDS or (get("itemtype") or "").rstrip("/").endswith("/Review"):
        return True
    attr = (get("class") or "") + " " + (get("id") or "")
    if "eview" not in attr and "EVIEW" not in attr:  # cheap test first: most elements have no such word
        return False
    return any(w in REVIEW_WORDS for w in attr_words(attr))


def review_items(tree: Any) -> list[Any]:
    """The page's outermost review items (see the module docstring), in page order."""
    found: list[Any] = []
    taken: set[Any] = set()
    for el in tree.iter():
        if not isinstance(el.tag, str) or el in taken or not _marked(el):
            continue
        parent = el.getparent()
        if parent is None or any(a in taken for a in el.iterancestors()):
            continue
        key = (el.tag, el.get("class"), el.get("itemprop"))
        group = [c for c in parent if isinstance(c.tag, str) and (c.tag, c.get("class"), c.get("itemprop")) == key and _marked(c)]
        if len(group) >= MIN_ITEMS:
            taken.update(group)
            found.extend(group)
    return found


#: a class/id token names a review's own words when its words hold ``review``/``reviews`` and one of
#: these (``review-text``, ``prose-review``, ``featured-review_quote``, ``review-intro__headline``,
#: ``tab-title-reviews``): the customer's text, title or quote. Not ``content`` (a section's box,
#: ``product-reviews-content``, holding the author, stars and buttons too). Not the word alone (``game_area_reviews`` holds a game's press quotes, which its
#: truth keeps; ``reviewsMedley`` an average rating that a truth keeps), not stars or counts
#: (``review-stars``, ``review_summary_count``). Evidence, WCXB tune pages decided product (text runs
#: of 3+ words in our text inside such elements, after the review items are gone): 593 words on 9
#: pages of 4 domains, 36 in the truth (one iFixit page whose truth keeps its three reviews; two
#: other iFixit pages leave theirs out): a lone review under the description (a shop's one-review
#: preview, a featured quote), which the repetition test cannot see
REVIEW_TEXT_WORDS = frozenset({"text", "body", "quote", "prose", "headline", "title", "comment"})
#: a box so named holding this share of the page's words or more is the page's layout, not a review
MAX_TEXT_SHARE = 0.5
#: a line of the text is cut when it has this many words or more and is found inside a review's text:
#: a shorter line ("Report", "Helpful") can be found anywhere (offline on main's texts of the WCXB tune
#: pages decided product, sum of page F1: 3+ words quarter A +0.419, B +0.197; lines of any length the
#: same pages and the same sums to 0.004: no page of them needs the guard, it is for short labels)
MIN_CUT_WORDS = 3

#: the candidates: elements whose class or id holds ``review`` as ``review``, ``Review``, ``REVIEW`` or
#: ``reView`` (reached from the attribute; plain substring tests: half the time of a ``translate()``
#: over every class, ~2.5 ms against ~4.7 ms a page on the 55 WCXB tune pages decided product,
#: process_time on a loaded machine; the word test then keeps the exact words)
_TEXT_CANDIDATES = etree.XPath("//@class[contains(., 'eview') or contains(., 'EVIEW') or contains(., 'eView')]/.."
                               "|//@id[contains(., 'eview') or contains(., 'EVIEW') or contains(., 'eView')]/..")


def names_review_text(attr: str) -> bool:
    """Whether a class/id value has a token naming a review's own words (:data:`REVIEW_TEXT_WORDS`)."""
    for token in attr.split():
        words = set(attr_words(token))
        if not REVIEW_WORDS.isdisjoint(words) and not REVIEW_TEXT_WORDS.isdisjoint(words):
            return True
    return False


def review_texts(tree: Any) -> list[Any]:
    """The page's outermost elements named a review's text (:func:`names_review_text`), not the
    ``<html>``/``<body>``, not holding the ``<h1>``, under :data:`MAX_TEXT_SHARE` of the page's words."""
    return outermost_named_boxes(_TEXT_CANDIDATES(tree), names_review_text, tree, MAX_TEXT_SHARE)


def drop_review_items(tree: Any) -> int:
    """Remove the page's review items from ``tree``; the number removed."""
    items = review_items(tree)
    return remove_all(items)


def text_runs(tree: Any, kind: str, auto: bool) -> tuple[str, ...] | None:
    """The texts (whitespace collapsed, case folded) of the page's elements named a review's text
    (:func:`review_texts`), read before extraction changes the tree, on :data:`REVIEW_TYPES` in
    ``auto`` mode; ``None`` elsewhere or when there is none."""
    if not auto or kind not in REVIEW_TYPES:
        return None
    runs = tuple(" ".join("".join(el.itertext()).split()).casefold() for el in review_texts(tree))
    return tuple(r for r in runs if r) or None


def cut_review_texts(runs: tuple[str, ...] | None, text: str, strategy: str) -> tuple[str, str]:
    """``text`` without its lines of :data:`MIN_CUT_WORDS` words or more found inside one of ``runs``
    (:func:`text_runs`; a list item's dash aside), ``+reviews`` added to ``strategy`` when one went.
    After extraction, not before: taking the boxes out of the page moved trafilatura's choice of
    container on a shop page (its cookie notice and a variant list came in: thomann 0.58 -> 0.38)."""
    if not runs:
        return text, strategy
    kept = [line for line in text.split("\n") if not _in_review(line, runs)]
    if len(kept) == text.count("\n") + 1:
        return text, strategy
    return "\n".join(kept), f"{strategy}+reviews"


def _in_review(line: str, runs: tuple[str, ...]) -> bool:
    words = " ".join(line.strip().lstrip("-*• ").split()).casefold()
    return len(words.split()) >= MIN_CUT_WORDS and any(words in run for run in runs)


# --- forum signatures ---------------------------------------------------------------------------

#: the page kinds whose posts' signatures are left out
SIGNATURE_TYPES = frozenset({"forum"})
#: a class/id/data-role word that names a post's signature (after splitting camelCase and
#: punctuation, lower-cased: ``post-signature``, ``message-signature``, ``ipsEntry__signature``,
#: ``memberSignature``, ``postsignature``)
SIGNATURE_SUFFIX = "signature"


#: XenForo's class names for the member's title, banner and stats beside each post ("Full Member",
#: "7+ Year Member", "Joined Jun 29, 2016 / Messages 11 / Reaction score 10"): trafilatura's comment
#: extraction glues them into the post's line, where no line rule can take them out. WCXB forum
#: pages (text runs of 3+ words inside them): tune 264 words on 7 pages, held-out 233 on 5, none in
#: the truth.
MEMBER_CLASSES = frozenset({"message-userextras", "message-userbanner", "message-usertitle"})
#: XenForo's list of site notices over the thread, named by a class or id word (``ul.notices.js-notices``
#: in XenForo 2, ``div#Notices.PanelScroller`` in XenForo 1; issue 12, forum round 11): a guest's
#: welcome ("Welcome to the oldest forum about ..., registration is free"), a donation ask, a scam
#: alert, the next meetups, an ad slot; the same over every thread of the forum, and trafilatura keeps
#: them with the posts. WCXB tune half, pages decided forum (our kept lines inside such a list): 119
#: words on 3 domains (basenotes, canadianhobbymetalworkers, digitalpoint), none in the truth; forum
#: tune +0.149 in sum (quarter A +0.003, B +0.146; canadianhobbymetalworkers 0.88 -> 0.99: its posts
#: then outweigh the text and the card pass takes them), held-out +0.012 (one page), no page down.
#: Only the plural word (the list), not ``notice``: a moderator's note inside a post can be named so.
#: Cost: a substring test of the attributes this walk already reads.
NOTICE_CLASSES = frozenset({"notices"})


def _signature(el: Any) -> bool:
    get = el.get
    attr = (get("class") or "") + " " + (get("id") or "") + " " + (get("data-role") or "")
    if "ignature" not in attr:  # cheap test first
        if "otices" in attr and not NOTICE_CLASSES.isdisjoint(f"{get('class') or ''} {get('id') or ''}".lower().split()):
            return True
        return "message-user" in attr and not MEMBER_CLASSES.isdisjoint(attr.lower().split())
    return any(w.endswith(SIGNATURE_SUFFIX) for w in attr_words(attr))


def signatures(tree: Any) -> list[Any]:
    """The page's outermost elements named a signature (see :data:`SIGNATURE_SUFFIX`), a member's
    title, banner or stats (:data:`MEMBER_CLASSES`) or the forum's list of notices (:data:`NOTICE_CLASSES`)."""
    found: list[Any] = []
    for el in tree.iter():
        if isinstance(el.tag, str) and el.tag not in ("html", "body") and _signature(el):
            if not any(a in found for a in el.iterancestors()):
                found.append(el)
    return found


def drop_signatures(tree: Any) -> int:
    """Remove the posts' signatures from ``tree`` (the member's tag line, links to their site, a
    quote they sign every post with: the same under each of their posts); the number removed.

    Measured on the WCXB forum pages (words of text runs of 3+ words inside such elements, and how
    many of them are in the true content): tune half 1,980 words on 18 pages, 93 in the truth (87
    on one Server Fault page, whose truth keeps the "answered ... by" cards Stack Exchange names
    ``post-signature``); held-out half 2,813 words on 16 pages, 6 in the truth."""
    found = signatures(tree)
    return remove_all(found) + drop_stat_lines(tree)  # (and the member panels' stat lines: extract/members.py)


def without_reviews(tree: Any, drop: Callable[[Any], int] | None) -> Any:
    """``tree`` with ``drop`` applied (the remover :func:`drop_for_kind` used on the first parse;
    ``None``: nothing is left out) to a page parsed again for a second pass."""
    if drop is not None and tree is not None:
        drop(tree)
    return tree


def drop_for_kind(tree: Any, kind: str, auto: bool, disclaimers: bool = False) -> Callable[[Any], int] | None:
    """In ``auto`` mode, remove the page's review items on the kinds of :data:`REVIEW_TYPES` and
    the posts' signatures on :data:`SIGNATURE_TYPES`, an article's disclaimer boxes when
    ``disclaimers`` (``extract/disclaimers.wanted``: the kind and the source); the remover used (for
    a page parsed again), or ``None``."""
    if not auto:
        return None
    drop = (drop_review_items if kind in REVIEW_TYPES else drop_signatures if kind in SIGNATURE_TYPES
            else drop_disclaimers if disclaimers else None)
    if drop is not None:
        drop(tree)
    return drop
