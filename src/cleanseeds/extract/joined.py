"""A whole ``<article>`` that trafilatura's rescue joined into one line, extracted again (``auto``, issue 12).

When trafilatura's own extraction finds too little (under ``min_extracted_size``), its baseline
rescue takes the text of the page's ``<article>`` elements, **each whole article as one line**
(``baseline.block_text``: every text node of the element, byline, breadcrumbs, share buttons,
author bio and story alike, joined by spaces). The line cleaner cannot take a breadcrumb or a
byline out of the middle of a line, so everything around the story stays. Seen on article pages
of several publishers (WCXB tune half: treehugger.com, health.com, blog.turbotax.intuit.com,
cio.com): their markup is mis-nested so that the page's ``<main>`` ends up inside the header's
menu ``<button>`` or ``<nav>``, which trafilatura's cleaning deletes with everything in it; on the
``<article>`` alone its pass succeeds (treehugger.com 0.92 -> 0.99).

Evidence: a line of the text of at least :data:`JOINED_MIN_WORDS` words whose words are (at least
:data:`JOINED_FROM_SHARE` of them) those of one of the page's top-level ``<article>`` elements, and
most of that article's (:data:`JOINED_COVERS`: no writer's paragraph is the whole article, the
rescue made the line). trafilatura runs again on that article alone, in the page
kind's mode, and its text replaces the line when it keeps at least :data:`JOINED_KEEP_SHARE` of
the line's words (``extraction = "<strategy>>article"``). What that extraction leaves out above the
story's first paragraph — a standfirst in the article's header, a callout ahead of the story — is put
back before it (:func:`with_lead`: leaf blocks of :data:`LEAD_MIN_WORDS`+ words, not in a byline, bio
or share box; health.com's dek, turbotax's notice, WCXB tune half). A page without such a line costs a
scan of its text's line lengths.

On every kind, a line of that length that is the whole text of *any* one element joined (trafilatura's last
resort on a page it finds no main block in: a news front page's stories, time stamps and section labels as one
line) is split into that element's blocks as the card pass reads them (:func:`split_lines`, extraction
``...+split``; WCXB: bbc.com's front page 0.89 -> 0.96, tune +0.071 and held-out +0.066 in sum).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from typing import Any

from cleanseeds.extract.blocks import alone_on_a_page

#: the page kinds (as decided) the pass runs on
#: (one main text, whose byline, bio and share buttons are not content; on a listing the
#: joined line was a product grid's list item, on WCXB's tune half: cloroxhomeappliances.com)
JOINED_TYPES = frozenset({"article", "other"})
#: the fewest words of a line that may be a joined ``<article>`` (a long paragraph has ~200)
JOINED_MIN_WORDS = 300
#: the article's own extraction replaces the joined line when it keeps at least this share of its
#: words (it leaves out the byline, breadcrumbs, bio and share buttons, not the story). On the
#: WCXB pages where the pass runs, the extractions that gain keep 0.87-0.97 of the line (tune half:
#: treehugger, health, turbotax, cio; held-out: investopedia, southernliving); one that kept 0.66
#: had cut a buying guide's comparison table, price boxes and method section (websitebuilderexpert,
#: held-out: 0.92 with the joined line, 0.83 with the extraction; 0.5 was the bar before)
JOINED_KEEP_SHARE = 0.8
#: a long line is an article's joined text when at least this share of its words are the article's
JOINED_FROM_SHARE = 0.95
#: ... and it holds at least this share of the article's words (a long paragraph of the story is
#: all the article's words, but a small part of them: mhealth.jmir.org, tune half)
JOINED_COVERS = 0.8
#: the articles the rescue reads (trafilatura's ``baseline``: nested articles count in their ancestor)
ARTICLES_XPATH = "//article[not(ancestor::article)]"


def _long(line: str) -> bool:
    """Whether ``line`` has :data:`JOINED_MIN_WORDS`+ words (a line that short in characters cannot:
    n words take n characters and n - 1 separators; the split is skipped there)."""
    return len(line) >= 2 * JOINED_MIN_WORDS - 1 and len(line.split()) >= JOINED_MIN_WORDS


def joined_lines(text: str) -> list[str]:
    """The lines of ``text`` long enough to be a whole ``<article>`` joined (:data:`JOINED_MIN_WORDS`)."""
    return [line for line in text.split("\n") if _long(line)]


#: a block above the article's first paragraph that its own extraction left out (a standfirst in
#: the article's header, a callout ahead of the story) is put back when it has at least this many
#: words (a byline, a date, a breadcrumb or a share button has fewer) ...
LEAD_MIN_WORDS = 8
#: ... and sits before the first extracted block of this many words (the story's first paragraph)
LEAD_ANCHOR_WORDS = 20
#: ... and no element between it and the article says it is a byline, bio, share or ad box
LEAD_NOT_IN = ("author", "bio", "byline", "share", "social", "disclaimer", "disclosure", "ad-", "promo")
#: the tags that make a block: an element holding one of them is not a leaf block
_BLOCK_TAGS = frozenset({"p", "div", "ul", "ol", "li", "table", "section", "header", "h1", "h2", "h3",
                         "h4", "h5", "h6", "figure", "blockquote", "aside", "nav", "footer", "form"})


def _leaf_blocks(article: Any) -> list[tuple[Any, str]]:
    """The leaf blocks of ``article`` (no block element inside) with their text, in document order."""
    out = []
    for el in article.iter():
        if isinstance(el.tag, str) and not any(isinstance(d.tag, str) and d.tag in _BLOCK_TAGS for d in el.iterdescendants()):
            out.append((el, " ".join(el.text_content().split())))
    return out


def _marked(el: Any, article: Any) -> bool:
    """Whether ``el`` or an ancestor below ``article`` has a class/id of :data:`LEAD_NOT_IN`."""
    node = el
    while node is not None and node is not article:
        names = f"{node.get('class') or ''} {node.get('id') or ''}".lower()
        if any(w in names for w in LEAD_NOT_IN):
            return True
        node = node.getparent()
    return False


def with_lead(article: Any, inner: str) -> str:
    """``inner`` with the article's lead blocks it left out put back before its first paragraph: leaf
    blocks of :data:`LEAD_MIN_WORDS`+ words above the first block of :data:`LEAD_ANCHOR_WORDS`+ words
    that ``inner`` has, not in ``inner`` and not in a byline/bio/share box (:data:`LEAD_NOT_IN`)."""
    lines = inner.split("\n")
    flat = [" ".join(x.split()) for x in lines]
    body = " ".join(flat)
    lead: list[str] = []
    for el, block in _leaf_blocks(article):
        if len(block.split()) >= LEAD_ANCHOR_WORDS and block in body:
            at = next((i for i, x in enumerate(flat) if block[:60] in x), None)
            return inner if at is None or not lead else "\n".join([*lines[:at], *lead, *lines[at:]])
        if len(block.split()) >= LEAD_MIN_WORDS and block not in body and not any(block in x for x in lead) and not _marked(el, article):
            lead.append(block)
    return inner


def _words(text: str) -> Counter[str]:
    return Counter(text.lower().split())


def _joined_from(line: str, articles: list[tuple[Any, Counter[str]]]) -> Any:
    """The article whose joined text ``line`` is: at least :data:`JOINED_FROM_SHARE` of the line's
    words are the article's (the rescue read the article after trafilatura's own cleaning, which
    takes out a few of its widgets) and they are at least :data:`JOINED_COVERS` of the article's; ``None`` when no article of the page is the line's source."""
    words = _words(line)
    total = sum(words.values())
    for article, own in articles:
        common = sum((words & own).values())
        if common >= JOINED_FROM_SHARE * total and common >= JOINED_COVERS * sum(own.values()):
            return article
    return None


def split_joined(text: str, tree: Any, extract: Callable[[Any], str]) -> str | None:
    """``text`` with each line that is a whole top-level ``<article>`` of ``tree`` (the page as
    parsed) joined into one line replaced by ``extract`` of that article alone, when that keeps
    at least :data:`JOINED_KEEP_SHARE` of the line's words; ``None`` when no line is replaced."""
    from trafilatura.baseline import block_text

    if not joined_lines(text):
        return None
    articles = [(a, _words(block_text(a))) for a in tree.xpath(ARTICLES_XPATH)]
    out, changed = [], False
    for line in text.split("\n"):
        article = _joined_from(line, articles) if _long(line) else None
        inner = with_lead(article, extract(alone_on_a_page(article))) if article is not None else ""
        if inner and len(inner.split()) >= JOINED_KEEP_SHARE * len(line.split()):
            out.append(inner)
            changed = True
        else:
            out.append(line)
    return "\n".join(out) if changed else None


# --- any element joined into one line, split into its blocks ------------------------------------

#: a joined line is split when its blocks, read as the page lays them out, keep at least this share of its words
SPLIT_KEEP_SHARE = 0.9
#: ... and the element holds at least this share of the line's words (the line's own source, not a part of it that
#: leaves a title or a byline out)
SPLIT_FROM_SHARE = 0.98
#: markup whose text no extractor reads (the rescue reads a ``<header>`` or a ``<button>`` when the page's main
#: block is mis-nested inside one: those count)
_UNREAD = frozenset({"script", "style", "noscript", "template", "head"})


def _source(line: str, body: Any, memo: dict[Any, int]) -> Any:
    """The deepest element of ``body`` whose text holds the words of ``line`` (:data:`SPLIT_FROM_SHARE` of them) and
    of which the line holds :data:`JOINED_COVERS`; ``None`` when no element is the line's source. Walks down the
    element with the most words while one child still has as many words as the line (``memo``: words per element,
    :func:`cleanseeds.extract.cards.count_words` outside :data:`_UNREAD`)."""
    words = _words(line)
    need = SPLIT_FROM_SHARE * sum(words.values())
    node, found = body, None
    while node is not None:
        if memo.get(node, 0) >= need:
            own = _words(" ".join(node.itertext()))
            common = sum((words & own).values())
            if common >= need and common >= JOINED_COVERS * sum(own.values()):
                found = node
        kids = [ch for ch in node if isinstance(ch.tag, str) and ch.tag not in _UNREAD and memo.get(ch, 0) >= need]
        node = max(kids, key=lambda ch: memo.get(ch, 0)) if kids else None
    return found


def split_lines(text: str, tree: Any) -> str | None:
    """``text`` with each line that is the whole text of one element of ``tree`` (the page as prepared) *joined*
    into one line — :data:`JOINED_MIN_WORDS`+ words, the element a front page's or a thread's container, not a
    paragraph — replaced by that element's lines as the page lays them out
    (:func:`cleanseeds.extract.cards.member_lines`: a block a line, a paragraph of prose with links in it one line),
    when they keep :data:`SPLIT_KEEP_SHARE` of its words. trafilatura's last resort (its ``baseline``) reads a
    page it finds no main block in as one line; the line cleaner cannot take a time stamp, a section label or a
    "Read more" out of the middle of a line. ``None`` when no line is split (a long paragraph is one line of its
    element too)."""
    from cleanseeds.extract.cards import count_words, member_lines

    if not joined_lines(text):
        return None
    body = tree.find(".//body")
    body = tree if body is None else body
    memo: dict[Any, int] = {}
    count_words(body, memo, _UNREAD)
    out, changed = [], False
    for line in text.split("\n"):
        el = _source(line, body, memo) if _long(line) else None
        parts = member_lines(el) if el is not None else []
        if len(parts) > 1 and sum(len(p.split()) for p in parts) >= SPLIT_KEEP_SHARE * len(line.split()):
            out.extend(parts)
            changed = True
        else:
            out.append(line)
    return "\n".join(out) if changed else None
