"""The visible text of an HTML page, block by block, and what extraction dropped of it.

``visible_blocks(tree) -> list[Block]``: every run of visible text between block boundaries
(``<p>``, ``<li>``, ``<div>``, headings, cells ...), whitespace collapsed, in page order — what
a reader sees, one block a line. Not visible: ``<script>``, ``<style>``, ``<template>``,
``<noscript>``, ``<head>``, SVG, a closed ``<dialog>`` (no ``open``: a browser draws it only when a
script opens it), and elements marked ``hidden``, ``aria-hidden="true"`` or ``style="display:none"``.

``dropped_blocks(blocks, extracted, strategy)``: the blocks that are not in the extractor's
output, each as a :class:`~cleanseeds.records.RemovedLine` of stage ``extract`` with a reason
from the region it sits in (``<nav>`` or a ``menu`` class: navigation; ``<footer>``:
page_footer; a ``comment`` container: comments; a cookie banner: cookie ...; a popup or modal
window: outside_main with the evidence ``overlay``; otherwise outside_main; ``<html>``, ``<body>``
and ``<main>`` open none) and the rule ``extract.<strategy>/<evidence>``. Its ``line_no`` is the
block's number in the page and ``start``/``end`` index the page's visible text (the blocks joined by
newlines), so kept text + removed lines of both stages = the page's visible text.

A block counts as extracted when it is one of the extractor's lines, or — for blocks of four
words or more — inside its text (the extractor joins or splits some blocks); a short block
("Home", "Share") must match a whole line, or any sentence containing the word would hide it.
The extractor writes a list item as ``- item`` and a table row as ``| cell | cell |``
(:func:`output_keys`): the item and each cell count as whole lines, so a kept table or list is
not recorded as dropped cell by cell.
Both sides are compared as :func:`match_key` gives them (the characters the extractor drops, such
as zero-width spaces, left out).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from cleanseeds.reasons import LineReason as R
from cleanseeds.records import RemovedLine

_INVISIBLE = frozenset(
    {
        "script",
        "style",
        "noscript",
        "template",
        "head",
        "svg",
        "math",
        "iframe",
        "object",
        "embed",
        "canvas",
        "select",
        "option",
        "datalist",
        "title",
        "meta",
        "link",
        "base",
    }
)
#: elements that end a block of text (a new line of the page's visible text)
BLOCK_TAGS = frozenset(
    {
        "address",
        "article",
        "aside",
        "blockquote",
        "body",
        "br",
        "caption",
        "center",
        "dd",
        "details",
        "dialog",
        "dir",
        "div",
        "dl",
        "dt",
        "fieldset",
        "figcaption",
        "figure",
        "footer",
        "form",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hgroup",
        "hr",
        "html",
        "legend",
        "li",
        "main",
        "menu",
        "nav",
        "ol",
        "p",
        "pre",
        "section",
        "summary",
        "table",
        "tbody",
        "td",
        "tfoot",
        "th",
        "thead",
        "tr",
        "ul",
        "button",
        "label",
        "textarea",
        "img",
    }
)
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)
_TOKEN = re.compile(r"[a-z]+")

#: region evidence, innermost first wins: (tag names, class/id words, reason, evidence name)
_REGIONS: tuple[tuple[frozenset[str], frozenset[str], R, str], ...] = (
    (frozenset(), frozenset({"cookie", "cookies", "consent", "gdpr", "cmp", "onetrust", "cookiebanner"}), R.COOKIE, "cookie_banner"),
    (frozenset(), frozenset({"comment", "comments", "disqus", "respond", "replies"}), R.COMMENTS, "comments"),
    (frozenset(), frozenset({"review", "reviews"}), R.COMMENTS, "reviews"),  # customers' reviews (extract/reviews.py)
    (frozenset(), frozenset({"share", "sharing", "social", "sharedaddy", "addthis"}), R.SOCIAL, "share_box"),
    (frozenset(), frozenset({"ad", "ads", "advert", "advertisement", "sponsor", "sponsored", "banner", "promo"}), R.ADVERTISEMENT, "ad_slot"),
    # a window the page's script opens over it (extract/overlays.py, extract/dialogs.py, extract/carts.py): outside the
    # main content, named so `explain` says which box a dropped block sat in (the role attribute counts as a word)
    (frozenset({"dialog"}), frozenset({"popup", "modal", "lightbox", "dialog", "alertdialog", "minicart"}), R.OUTSIDE_MAIN, "overlay"),
    (
        frozenset({"nav", "menu"}),
        frozenset({"nav", "navbar", "navigation", "menu", "breadcrumb", "breadcrumbs", "pagination", "pager", "skip"}),
        R.NAVIGATION,
        "navigation",
    ),
    (frozenset({"footer"}), frozenset({"footer", "colophon"}), R.PAGE_FOOTER, "footer"),
    (frozenset({"header"}), frozenset({"header", "masthead", "topbar"}), R.PAGE_HEADER, "header"),
    (frozenset({"aside"}), frozenset({"sidebar", "widget", "related", "recommended", "aside"}), R.SIDEBAR, "sidebar"),
)

#: elements that open no region: a page marks its state and template on them (`<body class="... modal-open">`, a
#: consent tool's "fides-overlay-modal", WordPress's "sidebar-left", "footer-sticky", "cookie-banner-visible",
#: `<main id="skip-content">`), which made every block of the page a footer's, a cookie banner's or a window's.
#: On the 1,497 WCXB pages 287 such elements named a region (body: navigation 103, header 33, footer 31, sidebar
#: 23, ad slot 20, share box 17, comments 10, cookie banner 8; html 26; main 12); `<article>` still does (a
#: comment, a review, a footer column)
_FRAME_TAGS = frozenset({"html", "body", "main"})


@dataclass(slots=True)
class Block:
    text: str  # whitespace collapsed
    region: int  # index into _REGIONS, or -1 (none)
    tag: str = ""  # the block element that holds the text
    link_chars: int = 0  # characters of the text inside links
    heading: bool = False  # inside h1-h6


_REGION_MEMO: dict[tuple[str, str | None, str | None, str | None], int] = {}  # (tag, class, id, role) -> region it opens, or -1


#: what :func:`_shown_region` returns for an element that is not shown
NOT_SHOWN = -2


def _shown_region(el: Any, parent: int) -> int:
    """:data:`NOT_SHOWN` for an invisible or hidden element (``hidden``, ``aria-hidden="true"``,
    ``display:none``), else the region it opens: the innermost one names a block most exactly
    (a share box inside a footer is a share box), except that nothing inside a cookie banner
    escapes it; ``parent`` when it opens none. (One function, one bound ``get``: it runs for
    every element of the page.)"""
    tag, get = el.tag, el.get
    if tag in _INVISIBLE or get("hidden") is not None or (tag == "dialog" and get("open") is None):
        return NOT_SHOWN  # (a <dialog> without ``open`` is not drawn until a script opens it)
    aria, style = get("aria-hidden"), get("style")
    if (aria and aria.lower() == "true") or (style and _HIDDEN_STYLE.search(style)):
        return NOT_SHOWN
    if parent == 0:
        return 0
    key = (tag, get("class"), get("id"), get("role"))
    found = _REGION_MEMO.get(key)
    if found is None:
        found = _opened_region(key)
    return parent if found < 0 else found


def _opened_region(key: tuple[str, str | None, str | None, str | None]) -> int:
    """The region an element of this (tag, class, id, role) opens, or -1; remembered."""
    tag, cls, eid, role = key
    attr = ((cls or "") + " " + (eid or "") + " " + (role or "")).lower()
    words = set(_TOKEN.findall(attr)) if attr.strip() and tag not in _FRAME_TAGS else set()
    found = next((i for i, (tags, names, _, _) in enumerate(_REGIONS) if tag in tags or (words and not words.isdisjoint(names))), -1)
    if len(_REGION_MEMO) < 50_000:  # pages repeat their class names; the memo stays small
        _REGION_MEMO[key] = found
    return found


_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})


def visible_blocks(tree: Any) -> list[Block]:
    """Every visible block of text of the page, in order."""
    out: list[Block] = []
    buf: list[str] = []
    # the block being filled: (region, block tag, heading) of the text added last, and its characters inside links
    last: list[Any] = [(-1, "", False), 0]

    def flush() -> None:
        if buf:
            t = _norm("".join(buf))
            if t:
                region, tag, heading = last[0]
                out.append(Block(t, region, tag, min(len(t), last[1]), heading))
            buf.clear()
        last[1] = 0

    def add(text: str, where: tuple[int, str, bool], link: bool) -> None:
        last[0] = where
        buf.append(text)
        if link:
            last[1] += len(text.strip())

    def walk(el: Any, region: int, block_tag: str, link: bool, heading: bool) -> None:
        region = _shown_region(el, region)
        if region == NOT_SHOWN:
            return
        tag = el.tag
        block = tag in BLOCK_TAGS
        if block:
            if buf:  # (an empty buffer has no link characters either: nothing to flush)
                flush()
            block_tag = tag
        link = link or tag == "a"
        heading = heading or tag in _HEADINGS
        where = (region, block_tag, heading)
        if el.text:
            add(el.text, where, link)
        for ch in el:
            if isinstance(ch.tag, str):  # (a comment: only its tail is text)
                walk(ch, region, block_tag, link, heading)
            if ch.tail:
                add(ch.tail, where, link)
        if block and buf:
            flush()

    root = tree.find(".//body")
    root = root if root is not None else tree
    if isinstance(root.tag, str):
        walk(root, -1, "body", False, False)
    flush()
    return out


def _norm(s: str) -> str:
    """Whitespace runs collapsed to one space, trimmed (as ``re.sub(r"\\s+", " ", s).strip()``:
    ``\\s`` and ``str.split()`` know the same whitespace characters)."""
    return " ".join(s.split())


def match_key(s: str) -> str:
    """``s`` as the extractor's output would hold it, for matching a block to that output: the
    characters trafilatura's line processing drops (not printable and not a space: zero-width
    spaces and joiners, soft hyphens, control characters) left out, whitespace as :func:`_norm`.
    A block "Squad after :\u200b" is the extracted line "Squad after :", not a removed block."""
    if not s.isprintable():
        s = "".join(c for c in s if c.isprintable() or c.isspace())
    return _norm(s)


#: a table cell's bar in a ``| a | b |`` row (one the extractor escaped inside a cell, ``\\|``, is text)
_CELL_BAR = re.compile(r"(?<!\\)\|")


def output_keys(extracted: str) -> set[str]:
    """The whole lines of ``extracted`` a block may equal, as :func:`match_key` gives them: each
    line, a list item's line without its ``- `` marker, and each cell of a ``| a | b |`` table row
    (trafilatura's plain-text forms; the ``|---|`` separator row is no cell)."""
    keys = set()
    for line in extracted.split("\n"):
        key = match_key(line)
        keys.add(key)
        if key.startswith("- "):
            keys.add(key[2:])
        elif len(key) > 1 and key[0] == "|" and key[-1] == "|":
            cells = (match_key(c).replace("\\|", "|") for c in _CELL_BAR.split(key[1:-1]))
            keys.update(c for c in cells if c.strip("-"))
    return keys


def dropped_blocks(blocks: list[Block], extracted: str, strategy: str) -> list[RemovedLine]:
    """The blocks not in ``extracted``, as ``extract``-stage removed lines (see the module doc)."""
    lines = output_keys(extracted)
    flat = match_key(extracted)
    why: dict[int, tuple[str, str]] = {}  # region -> (reason, rule), made once a page
    out: list[RemovedLine] = []
    pos = 0
    for n, b in enumerate(blocks, 1):
        start, end = pos, pos + len(b.text)
        pos = end + 1
        key = match_key(b.text)
        if key in lines or (len(key.split()) >= 4 and key in flat):
            continue
        if b.region not in why:
            reason, evidence = (R.OUTSIDE_MAIN, "outside_main") if b.region < 0 else (_REGIONS[b.region][2], _REGIONS[b.region][3])
            why[b.region] = (reason.value, f"extract.{strategy}/{evidence}")
        reason_code, rule = why[b.region]
        out.append(RemovedLine(n, start, end, b.text, reason_code, rule, stage="extract"))
    return out


def region_evidence(region: int) -> str:
    """The evidence name of a block's region (``"footer"``, ``"navigation"`` ...), ``""`` for none."""
    return _REGIONS[region][3] if region >= 0 else ""


def visible_text(blocks: list[Block]) -> str:
    """The page's visible text: its blocks joined by newlines (``start``/``end`` index this)."""
    return "\n".join(b.text for b in blocks)


#: the words of a class or id value: camelCase and punctuation split ("contentAdvertiserDisclosure",
#: "rafSliderCart", "post-signature")
_ATTR_WORDS = re.compile(r"[A-Z]?[a-z]+|[A-Z]+(?![a-z])")


def attr_words(value: str) -> list[str]:
    """The lower-cased words of a class or id value, camelCase and punctuation split: "rafSliderCart"
    -> ["raf", "slider", "cart"], "post-signature" -> ["post", "signature"]."""
    return [w.lower() for w in _ATTR_WORDS.findall(value)]


def outermost_named_boxes(candidates: Iterable[Any], named: Callable[[str], bool], tree: Any, max_share: float,
                          min_words: int = 0) -> list[Any]:
    """The outermost of ``candidates`` (elements a pass's XPath reached from their class or id) whose
    class + id value ``named`` accepts: not the ``<html>``/``<body>``, not holding the ``<h1>``, of
    ``min_words`` words or more and under ``max_share`` of the page's words (a theme's name on a page
    wrapper would hold the page), in page order (the cart drawers, a review's text boxes)."""
    found = [el for el in candidates if isinstance(el.tag, str) and el.tag not in ("html", "body")
             and named((el.get("class") or "") + " " + (el.get("id") or "")) and next(el.iter("h1"), None) is None]
    if not found:
        return []
    total = len(tree.text_content().split())
    found = [el for el in found if min_words <= len(el.text_content().split()) < max_share * total]
    return [el for el in found if not any(a in found for a in el.iterancestors())]


def remove_keep_tail(el: Any) -> None:
    """Remove ``el`` and its content from the tree; the text after it (its tail) stays in place.
    Nothing happens to an element already detached (one inside another removed first)."""
    parent = el.getparent()
    if parent is None:
        return
    if tail := el.tail:
        prev = el.getprevious()
        if prev is not None:
            prev.tail = (prev.tail or "") + tail
        else:
            parent.text = (parent.text or "") + tail
    parent.remove(el)


def remove_all(elements: list[Any]) -> int:
    """Remove each of ``elements`` with :func:`remove_keep_tail` (a pass's boxes: review items,
    signatures, disclaimer boxes, hidden code lines); the number given."""
    for el in elements:
        remove_keep_tail(el)
    return len(elements)


def alone_on_a_page(el: Any) -> Any:
    """A new ``<html><body>`` holding a copy of ``el``: one part of a page (its main container, an
    ``<article>``, a no-script copy) for trafilatura to extract on its own."""
    import copy

    from lxml.html import Element

    page = Element("html")
    body = Element("body")
    page.append(body)
    body.append(copy.deepcopy(el))
    return page
