"""Listing pages: when a page's ``og:type = article`` is not a declaration that it is one story.

``dated_article(tree) -> bool``: Open Graph's article type comes with its own properties, and
the one every publisher fills on a story is ``article:published_time`` (the story's date: news
sites, blogs, WordPress and its SEO plugins write it on each post). Many sites also set
``og:type = article`` as the default of every page they render, section fronts and category
indexes included (npr.org's ``/sections/science/``, Dotdash Meredith's recipe collections,
WordPress category archives): there it comes alone, without a publication time, because the
page is not one dated story.

On pages the page-type model calls ``listing`` the card pass (``extract/html.py``) reads
``og:type = article`` as a declaration only when the page is :func:`dated_article`: a news story
the model took for a listing still keeps its own text against a feed of other stories, and a
section front whose template says "article" no longer loses its cards to the declaration.
A JSON-LD article type (``NewsArticle``, ``BlogPosting`` ...) is a declaration either way.

Evidence: on the WCXB split, the pages decided listing that declare an article by ``og:type``
alone: 11 have no ``article:published_time``, all 11 true listings (npr's science front,
seriouseats and allrecipes recipe collections, pinchofyum and confessionsofafitfoodie
category pages, producthunt, nytimes wirecutter, aljazeera's economy front); the news stories
of ../shared/eval/dev decided listing that declare an article by ``og:type`` alone carry the
property (jpost, sfgate, mysanantonio, washingtonexaminer x2, one blog) but for three short
stories whose text is not cards (catchitkansas, panarmenian, practicalhorsemanmag: their text
is unchanged, see docs/cleaning.md).
"""

from __future__ import annotations

from typing import Any

from lxml import etree

#: the names (``property``, ``name`` or ``itemprop`` of a ``<meta>`` in the page's ``<head>``,
#: lower-cased) under which a page states its own publication date: Open Graph's article property,
#: schema.org microdata, and the publishing tools' own (Parse.ly, Sailthru, Dublin Core, plain
#: ``pubdate`` / ``published``). In the ``<head>`` only: microdata inside the cards of a listing
#: date each card, not the page.
PUBLISHED_NAMES = frozenset({"article:published_time", "datepublished", "pubdate", "publishdate", "published", "publish-date",
                             "parsely-pub-date", "sailthru.date", "dc.date.issued", "dcterms.issued"})
#: the page's elements that date a microdata item (the first two are enough to count)
_DATED_ITEMS = etree.XPath("(//*[@itemprop = 'datePublished'])[position() <= 2]")
#: page kinds on which ``og:type = article`` declares an article only with :data:`PUBLISHED_NAMES`
UNDATED_OG_IGNORED = frozenset({"listing"})


def dated_article(tree: Any) -> bool:
    """Whether the page states its own publication date: a ``<meta>`` of its ``<head>`` named in
    :data:`PUBLISHED_NAMES` with a value, or exactly one element of the page with
    ``itemprop="datePublished"`` (schema.org microdata on the story's box, ``<article itemscope
    itemtype=".../NewsArticle">``; a listing's cards each carry one)."""
    head = tree.find(".//head")
    for meta in head.iterfind(".//meta") if head is not None else ():
        names = {(meta.get(a) or "").strip().lower() for a in ("property", "name", "itemprop")}
        if names & PUBLISHED_NAMES and (meta.get("content") or "").strip():
            return True
    return len(_DATED_ITEMS(tree)) == 1


def reads_open_graph(tree: Any, kind: str) -> bool:
    """Whether the card pass reads ``og:type = article`` as a declaration on this page (see the
    module doc): always, but on the kinds of :data:`UNDATED_OG_IGNORED` only when :func:`dated_article`."""
    return kind not in UNDATED_OG_IGNORED or dated_article(tree)
