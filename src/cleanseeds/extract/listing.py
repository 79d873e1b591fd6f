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
A JSON-LD article type (``NewsArticle``, ``BlogPosting`` ...) is a declaration either way; a page
its JSON-LD names a ``CollectionPage`` or ``SearchResultsPage`` (:func:`declares_collection`) is no
story even dated: Yoast writes ``og:type = article`` and a publication time on a shop's category
archive too (WCXB: one page, jococups.com's shop, held-out, decided listing: 0.02 -> 0.94; no other
WCXB or dev page changes).

Evidence: on the WCXB split, the pages decided listing that declare an article by ``og:type``
alone: 11 have no ``article:published_time``, all 11 true listings (npr's science front,
seriouseats and allrecipes recipe collections, pinchofyum and confessionsofafitfoodie
category pages, producthunt, nytimes wirecutter, aljazeera's economy front); the news stories
of ../shared/eval/dev decided listing that declare an article by ``og:type`` alone carry the
property (jpost, sfgate, mysanantonio, washingtonexaminer x2, one blog) but for three short
stories whose text is not cards (catchitkansas, panarmenian, practicalhorsemanmag: their text
is unchanged, see docs/cleaning.md).

**A menu is not the page's text.** The card pass keeps the extractor's text when it is at least
half as long as the cards (``CARDS_ABOVE_SHARE``). On a listing page trafilatura's text is often
long because it is the site's menus, filters and buttons (a recipe site's "Recipes by Course /
Recipes by Cuisine / How-Tos ..." columns, a ranking's filters, imdb's chart controls): lines of
one to three words. When at least :data:`MENU_TEXT_SHARE` of its words are in such lines
(:func:`is_menu_text`), its length is no reason to keep it on the kinds of :data:`MENU_TEXT_TYPES`:
the cards are taken (with the text's intro, ``with_intro``), the other guards unchanged (a link
list, sections, an article's declaration). Evidence (WCXB, the 153 pages of the domains with a page
decided listing, page by page against the text before): 6 pages change, none down: tune half
seriouseats 0.78 -> 0.96, thomasnet 0.73 -> 0.98; held-out half imdb 0.75 -> 0.95, amazon (a
collection) 0.80 -> 0.97, allrecipes 0.80 -> 0.90, topuniversities 0.11 -> 0.39. Of the pages
decided listing whose cards were not taken, those whose text is a menu (share 0.3 or more) all had
cards scoring at least as well as the text before the cleaner; below 0.3 (arstechnica 0.28,
louiestuxshop 0.26) the text was as good or better. The dev news pages decided listing are
unchanged.
"""

from __future__ import annotations

from typing import Any

from lxml import etree

from cleanseeds.extract.pagetype import ld_types

#: the names (``property``, ``name`` or ``itemprop`` of a ``<meta>`` in the page's ``<head>``,
#: lower-cased) under which a page states its own publication date: Open Graph's article property,
#: schema.org microdata, and the publishing tools' own (Parse.ly, Sailthru, Dublin Core, plain
#: ``pubdate`` / ``published``). In the ``<head>`` only: microdata inside the cards of a listing
#: date each card, not the page.
PUBLISHED_NAMES = frozenset({"article:published_time", "datepublished", "pubdate", "publishdate", "published", "publish-date",
                             "parsely-pub-date", "sailthru.date", "dc.date.issued", "dcterms.issued"})
#: JSON-LD types that name the page itself a list of items (schema.org; Yoast writes ``CollectionPage``
#: on every category and shop archive, beside the site-wide ``og:type = article`` and a publication time)
COLLECTION_LD_TYPES = frozenset({"CollectionPage", "SearchResultsPage"})
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


def declares_collection(tree: Any) -> bool:
    """Whether the page's JSON-LD names it a collection or a page of search results
    (:data:`COLLECTION_LD_TYPES`)."""
    return any(word in COLLECTION_LD_TYPES for word in ld_types(tree))


def reads_open_graph(tree: Any, kind: str) -> bool:
    """Whether the card pass reads ``og:type = article`` as a declaration on this page (see the
    module doc): always, but on the kinds of :data:`UNDATED_OG_IGNORED` only when :func:`dated_article`
    and the page's JSON-LD does not name it a collection (:func:`declares_collection`)."""
    return kind not in UNDATED_OG_IGNORED or (dated_article(tree) and not declares_collection(tree))


#: a line of at most this many words is a menu entry, a label or a button ("Recipes by Course",
#: "Sign In", "Sort by"), not a teaser or a title of a listing's item
MENU_LINE_WORDS = 3
#: the extractor's text is a menu when at least this share of its words are in such lines
MENU_TEXT_SHARE = 0.3
#: page kinds on which the cards replace an extractor's text that is a menu however long it is: listing,
#: and collection (a shop category: WCXB, the pages of the domains with a page decided collection, page by
#: page: tune +0.29 in sum, target 0.80 -> 0.88, nike 0.37 -> 0.52, glossier 0.71 -> 0.81, headphones.com
#: 0.48 -> 0.43; held-out +1.15, kress.com 0.07 -> 0.99, ebay 0.75 -> 0.94, stauer 0.79 -> 0.97,
#: deathwishcoffee 0.45 -> 0.30; dev pages unchanged). Not service or documentation: there the extractor's
#: short lines are a feature list or a reference's entries.
MENU_TEXT_TYPES = frozenset({"listing", "collection"})


def is_menu_text(text: str) -> bool:
    """Whether at least :data:`MENU_TEXT_SHARE` of ``text``'s words are in lines of at most
    :data:`MENU_LINE_WORDS` words: a page's menus, filters and buttons, not its list."""
    counts = [len(line.split()) for line in text.splitlines()]
    total = sum(counts)
    return total > 0 and sum(n for n in counts if n <= MENU_LINE_WORDS) >= MENU_TEXT_SHARE * total


def menu_gives_way(text: str, kind: str) -> bool:
    """Whether, on this kind (:data:`MENU_TEXT_TYPES`), the extractor's ``text`` gives way to the
    page's cards whatever its length: it is a menu (:func:`is_menu_text`)."""
    return kind in MENU_TEXT_TYPES and is_menu_text(text)
