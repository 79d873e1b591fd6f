"""Main text and metadata of one HTML page, with trafilatura.

``main_text(html, url, settings) -> HtmlResult | None``. The caller (extract/core.py) runs it
within the time cap per document and turns ``None`` (no text) or ``too_deep`` into a
quarantine.

**Markup depth.** libxml2 keeps at most :data:`PARSER_DEPTH_LIMIT` levels and silently drops
the rest, so a page nested deeper than ``max_markup_depth`` would come out as "no text" (or
cut short) instead of its real reason. The exact scan of the markup is only needed when the
parsed tree reaches the parser's limit (:func:`near_parser_limit`, a 0.15 ms XPath), or when
``max_markup_depth`` is set below it; other pages skip it.

Two things are done more cheaply than a plain ``trafilatura.bare_extraction(...,
with_metadata=True)`` call, with the same result:

* **Metadata** (:func:`page_metadata`): trafilatura's own metadata steps, in its order, for the
  fields cleanseeds keeps (title, author, canonical URL, site name, date) — without the
  categories, tags and licence searches, which cost a third of the metadata time and are
  not kept. ``tests/unit/test_extract_html.py`` checks field-for-field equality with
  ``trafilatura.metadata.extract_metadata`` on real pages, so a trafilatura upgrade that
  changes the steps fails there.
* **The fallback comparison** (``extract_fallback = "auto"``): after its own extractor,
  trafilatura runs readability and sometimes jusText on a copy of the page and keeps their
  output instead when its own looks deficient. That costs about a third of an extraction.
  Its rules only prefer the other extractors when the own text is empty or short (readability
  twice as long, jusText under ``MIN_EXTRACTED_SIZE``) or structurally odd (no paragraph
  text, more tables than paragraphs), so in ``auto`` mode the comparison runs only in those
  cases: own text under :data:`FALLBACK_BELOW_CHARS` characters, no ``<p>`` text, or
  table-dominated. On the 181 development pages the output is identical to the full cascade
  on every page, at 30% less extraction time (``bench/results/extract.txt``).
  ``"always"`` is trafilatura's own cascade; ``extract_fast = true`` skips the comparison
  always (trafilatura's ``fast``, which also keeps teasers; HTML F1 0.950).
"""
from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import partial
from typing import Any

from lxml import etree

from cleanseeds.config import Settings
from cleanseeds.extract import xpath_page
from cleanseeds.extract.blocks import alone_on_a_page
from cleanseeds.extract.dialogs import may_have_dialogs
from cleanseeds.extract.docblocks import may_stream
from cleanseeds.extract.embeds import may_have_embeds
from cleanseeds.extract.hidden import may_hide
from cleanseeds.extract.limits import markup_depth
from cleanseeds.extract.noscript import has_noscript, noscript_page, noscript_text
from cleanseeds.extract.overlays import may_have_overlays
from cleanseeds.records import RemovedLine

FALLBACK_BELOW_CHARS = 1000  # = 4 x trafilatura's MIN_EXTRACTED_SIZE (250)
#: libxml2 (under lxml and trafilatura) nests elements at most this deep and silently drops
#: what lies deeper ("Excessive depth in document: 256").
PARSER_DEPTH_LIMIT = 255


@dataclass(slots=True)
class HtmlResult:
    text: str
    title: str | None = None
    author: str | None = None
    sitename: str | None = None
    url: str | None = None
    date: str | None = None  # trafilatura's metadata date (ISO), provenance resolved in enrich
    too_deep: int | None = None  # set (to the depth found) when the page nests past max_markup_depth
    page_type: str | None = None  # the page's kind (cleanseeds.extract.pagetype)
    extraction: str | None = None  # the strategy that produced `text` (see STRATEGIES)
    dropped: list[RemovedLine] = field(default_factory=list)  # visible blocks not in `text` (html_ledger)
    pubdate_evidence: str | None = None  # JSON, extract/pubdate_evidence.py (decided in enrich/pubdate.py)


# --- selective fallback -------------------------------------------------------------------------

_SELECTIVE: type | None = None


def _selective_extractor() -> type:
    """An ``Extractor`` subclass that marks calls for the selective comparison, and the
    comparison hook installed (once per process) in trafilatura's cascade.

    The hook replaces ``trafilatura.core.compare_extraction``; it passes every call made with a
    plain ``Extractor`` (anyone else's trafilatura call in this process) to the original
    unchanged, so only cleanseeds' own calls are affected.
    """
    global _SELECTIVE
    if _SELECTIVE is not None:
        return _SELECTIVE
    import trafilatura.core as tcore
    from trafilatura.settings import Extractor

    class SelectiveExtractor(Extractor):
        """Marker: run the fallback comparison only when the own extraction looks deficient."""

        visible_chars = 0  # the page's visible text, set per call on the kinds of COMPARE_WHEN_SMALL_TYPES

    # compare_extraction is trafilatura's own (not re-exported from trafilatura.core): patched on purpose
    original = tcore.compare_extraction  # type: ignore[attr-defined]
    installed = getattr(original, "_cleanseeds_original", None)
    if installed is not None:  # installed before (reload)
        original = installed

    def compare_when_needed(cleaned_tree: Any, raw_tree: Any, body: Any, text: str, options: Any) -> Any:
        if isinstance(options, SelectiveExtractor) and not needs_comparison(body, text, options.visible_chars):
            return body, text
        return original(cleaned_tree, raw_tree, body, text, options)

    compare_when_needed._cleanseeds_original = original  # type: ignore[attr-defined]
    tcore.compare_extraction = compare_when_needed  # type: ignore[attr-defined]
    _install_copy_on_comparison(SelectiveExtractor, original)
    _SELECTIVE = SelectiveExtractor
    return SelectiveExtractor


def _install_copy_on_comparison(marker: Any, compare: Any) -> None:
    """Replace ``trafilatura.core._extract_and_compare`` (the cascade's stages 1-2) so that,
    for calls marked with ``marker``, the copy of the raw tree handed to the comparison is
    only made when :func:`needs_comparison` lets the comparison run: trafilatura copies the
    page's whole tree as the argument before the comparison hook can decline (~0.7 ms a page,
    on the ~60% of dev pages that need no comparison). Other calls and ``fast`` go to the
    original. Same steps as trafilatura 2.3.1's (``tests/unit/test_extract_fast_paths.py``
    pins its source), so the result is the same."""
    from copy import copy

    import trafilatura.core as tcore
    from trafilatura.main_extractor import extract_content

    original = getattr(tcore._extract_and_compare, "_cleanseeds_original", tcore._extract_and_compare)

    def extract_and_compare(cleaned_tree: Any, cleaned_tree_backup: Any, tree: Any, options: Any) -> tuple[Any, str]:
        if not isinstance(options, marker) or options.fast:
            return original(cleaned_tree, cleaned_tree_backup, tree, options)
        postbody, temp_text = extract_content(cleaned_tree, options)
        if not needs_comparison(postbody, temp_text, options.visible_chars):
            return postbody, temp_text
        return compare(cleaned_tree_backup, copy(tree), postbody, temp_text, options)  # type: ignore[no-any-return]

    extract_and_compare._cleanseeds_original = original  # type: ignore[attr-defined]
    tcore._extract_and_compare = extract_and_compare


def needs_comparison(body: Any, text: str, visible_chars: int = 0) -> bool:
    """Whether trafilatura's own result could be replaced by readability or jusText: short
    text, no paragraph text, or more tables than paragraphs (see the module docstring); and,
    when the page's visible text is given, own text under half of it (readability's text, a
    part of the visible text, can then be twice as long: trafilatura's cascade prefers it)."""
    if len(text) < FALLBACK_BELOW_CHARS or 2 * len(text) < visible_chars:
        return True
    if not body.xpath(".//p//text()"):
        return True
    return len(body.findall(".//table")) > len(body.findall(".//p"))


# --- metadata -----------------------------------------------------------------------------------


def page_metadata(tree: Any, url: str | None, date_params: dict[str, Any]) -> Any:
    """trafilatura's ``extract_metadata`` for title, author, URL, site name and date.

    The same steps in the same order (meta tags, JSON-LD, title, author, URL, htmldate, site
    name, then ``clean_and_trim``); categories, tags and licence are not searched.
    """
    from courlan import extract_domain  # what trafilatura.metadata uses (not re-exported there)
    from htmldate import find_date
    from trafilatura.metadata import META_URL, examine_meta, extract_sitename, extract_title, extract_url

    from cleanseeds.extract.author import page_author
    from cleanseeds.extract.meta_json import extract_meta_json  # = trafilatura's, its text passes in C

    metadata = examine_meta(tree)
    if metadata.author and " " not in metadata.author:
        metadata.author = None
    try:
        metadata = extract_meta_json(tree, metadata)
    except Exception:  # noqa: BLE001 - as trafilatura: bugs in its JSON-LD reader
        pass
    if not metadata.title:
        metadata.title = extract_title(tree)
    if not metadata.author:
        metadata.author = page_author(tree) if may_name_author(tree) else None  # = extract_author(tree), no copy
    if not metadata.url:
        metadata.url = extract_url(tree, url)
    if metadata.url:
        metadata.hostname = extract_domain(metadata.url, fast=True)
    metadata.date = find_date(tree, **{**date_params, "url": metadata.url})
    if not metadata.sitename:
        metadata.sitename = extract_sitename(tree)
    if metadata.sitename:
        metadata.sitename = metadata.sitename.lstrip("@")
        if metadata.sitename and "." not in metadata.sitename and not metadata.sitename[0].isupper():
            metadata.sitename = metadata.sitename.title()
    elif metadata.url:
        m = META_URL.match(metadata.url)
        if m:
            metadata.sitename = m[1]
    metadata.filedate = date_params.get("max_date")
    metadata.clean_and_trim()
    return metadata


#: Substrings of attribute values, per attribute, at least one of which is in every value that
#: a predicate of trafilatura's ``AUTHOR_XPATHS`` accepts: ``uthor`` covers ``@rel='author'``,
#: ``@id='author'``, ``@class='author'``, ``@itemprop='author name'``, ``contains(@itemprop,
#: 'author')``, ``@data-testid='AuthorCard'|'AuthorURL'`` and the regexes ``author-?name``,
#: ``AuthorName``, ``[Aa]uthor``; ``byl`` ``@class='byline'|'byl'``; ``yline`` ``[Bb]yline``;
#: ``sername`` ``@class='username'``; ``bian`` ``bianji|xiaobian``; the others are the regexes'
#: own words. The two element tests (``//author`` and a ``<rel>`` child whose text is "me") are
#: checked by tag. ``extract_author`` copies the page, prunes it and runs three XPaths that call
#: Python regexes on every element (~5 ms a page); pruning only removes elements, so a page where
#: no value holds one of these words and no ``<author>``/``<rel>`` element exists gets ``None``
#: from it. Checked against trafilatura (tests/unit/test_extract_fast_paths.py: one page per
#: predicate, the dev pages, and a digest of the XPaths these words were read from).
_AUTHOR_WORDS = {
    "class": ("uthor", "byl", "yline", "BBL", "sername", "screenname", "writer", "channel-name", "submitted-by", "posted-by",
              "journalist-name", "zuozhe", "bian"),
    "id": ("uthor", "zuozhe", "bian"),
    "rel": ("uthor",),
    "itemprop": ("uthor",),
    "data-testid": ("uthor",),
    "data-component": ("Byline",),
}
_AUTHOR_VALUES: list[tuple[Any, tuple[str, ...]]] = []  # (XPath of an attribute's values, its words), compiled once


def may_name_author(tree: Any) -> bool:
    """Whether trafilatura's author search can find anything on the page (see :data:`_AUTHOR_WORDS`)."""
    if not _AUTHOR_VALUES:
        from lxml import etree

        _AUTHOR_VALUES.extend((etree.XPath(f"//@{attr}", smart_strings=False), words) for attr, words in _AUTHOR_WORDS.items())
    if next(tree.iter("author", "rel"), None) is not None:
        return True
    for values_of, words in _AUTHOR_VALUES:
        values = "\0".join(values_of(tree))
        if values and any(w in values for w in words):
            return True
    return False


# --- markup depth -------------------------------------------------------------------------------

_NEAR_LIMIT: Any = None


def near_parser_limit(tree: Any) -> bool:
    """Whether the parsed page reaches (within one level) the parser's depth limit: one
    XPath step per level, in C, about 0.15 ms a page. Only then can the page nest deeper than
    the parser kept, and only then is the exact scan of the markup
    (:func:`cleanseeds.extract.limits.markup_depth`, ~1.5 ms a page in Python) needed."""
    global _NEAR_LIMIT
    if _NEAR_LIMIT is None:
        from lxml import etree

        _NEAR_LIMIT = etree.XPath("boolean(" + "/*" * (PARSER_DEPTH_LIMIT - 1) + ")")
    return bool(_NEAR_LIMIT(tree))


# --- strategies per page type ------------------------------------------------------------------

#: trafilatura's modes, by the name the ``extraction`` column records. ``precision``
#: (``favor_precision``) drops more of what is not running prose: right for articles, where it
#: was tuned, but it loses forum posts, cards, sections and product specs. ``balanced`` is
#: trafilatura's default; ``recall`` (``favor_recall``) keeps more blocks. ``comments`` is
#: ``balanced`` with trafilatura's comment sections kept: on a forum page the replies *are* the
#: main content (every other strategy leaves comments out). The line cleaner runs after every
#: one of them, so the recall side is where its precision pays.
STRATEGIES: dict[str, dict[str, bool]] = {
    "precision": {"precision": True},
    "balanced": {},
    "recall": {"recall": True},
    "comments": {"comments": True},
}

#: the strategy per page kind for ``extract_strategy = "auto"``, chosen on the tune half of
#: the WCXB split (bench/quality_wcxb.py, bench/results/quality_wcxb.txt). Measured there,
#: trafilatura output + our cleaner, macro word F1 on the tune half (balanced / precision /
#: recall): article 0.939 / 0.917 / 0.941, documentation 0.911 / 0.887 / 0.917, service
#: 0.747 / 0.627 / 0.721, product 0.681 / 0.634 / 0.664, forum 0.681 / 0.544 / 0.587,
#: listing 0.550 / 0.406 / 0.553, collection 0.509 / 0.387 / 0.465. ``balanced`` is best or
#: within 0.006 for every kind as a whole-page choice. Forum pages get ``comments``: on the 117
#: pages the model calls forum, balanced + cleaner scores 0.658 without the comment sections and
#: 0.673 with them on the tune half (held-out half: 0.771 / 0.774; bench/wcxb_strategies.py).
#: On the 181 news articles of ../shared/eval/dev the balanced path scores 0.968 (precision:
#: 0.969). ``other`` (an unsure classification) gets the general one.
STRATEGY_BY_TYPE: dict[str, str] = {
    "article": "balanced",
    "documentation": "balanced",
    "service": "balanced",
    "product": "balanced",
    "forum": "comments",
    "listing": "balanced",
    "collection": "balanced",
    "other": "balanced",
}

#: ``auto`` only: on these kinds, when the balanced text covers less than
#: :data:`RECALL_FALLBACK_BELOW_SHARE` of the page's visible text, trafilatura runs again with
#: ``favor_recall`` and its text is taken when it is more than :data:`RECALL_FALLBACK_GAIN` times
#: as long (``extraction = "balanced>recall"``): the balanced pass then found one block of a page
#: made of many (cards, sections). Chosen on the tune half (bench/wcxb_strategies.py): listing
#: 0.618 -> 0.628, service 0.778 -> 0.787 (held-out half: 0.630 -> 0.638, 0.763 -> 0.768).
#: Not for product (tune +0.006, held-out -0.011) nor collection (no change either way), nor
#: articles, so the article path costs no second pass.
RECALL_FALLBACK_TYPES = frozenset({"listing", "service"})
RECALL_FALLBACK_BELOW_SHARE = 0.4
RECALL_FALLBACK_GAIN = 1.5

#: ``auto`` only: on these kinds the text of the page's cards (its largest group of same-shaped
#: sibling blocks, :func:`cleanseeds.extract.cards.card_text`) replaces the extractor's when
#: that is less than :data:`CARDS_ABOVE_SHARE` times as long (``extraction = "<strategy>>cards"``):
#: trafilatura then kept one card, a banner or the category blurb of a page made of cards (a
#: listing, a shop category, the posts of a thread, the sections of a service page, the entries
#: of a reference page). Chosen on the tune half of WCXB (trafilatura + this + the cleaner, per
#: kind the model decided; share 0.3 / 0.5 / 0.7 tried, 0.5 best), first on listing and
#: collection: all pages 0.819 -> 0.832, listing 0.579 -> 0.714, collection 0.531 -> 0.581;
#: held-out half: 0.824 -> 0.828, listing 0.604 -> 0.615, collection 0.622 -> 0.676. Then, with
#: the guards below, adding forum, service and documentation: tune half 0.831 -> 0.835 (forum
#: 0.684 -> 0.705, service 0.753 -> 0.766, documentation 0.920 -> 0.927), held-out half 0.827 ->
#: 0.832 (forum 0.727 -> 0.733, service 0.786 -> 0.816, documentation unchanged); it leaks more
#: boilerplate on forum pages (held-out 0.083 -> 0.110). Not for product pages, where the cards
#: are related products (tune -0.013), nor articles.
CARDS_TYPES = frozenset({"listing", "collection", "forum", "service", "documentation"})
CARDS_ABOVE_SHARE = 0.5
#: (on listing pages an extractor's text that is mostly one- to three-word lines, a menu, gives way
#: to the cards whatever its length: extract/listing.py)
#: ... and not when the page declares itself an article (``og:type``, JSON-LD: a news page the
#: model took for a listing, whose "cards" are a feed of other stories), nor when the cards
#: are a list of short links: more than :data:`CARDS_MAX_LINK_SHARE` of their words inside
#: links of fewer than :data:`CARDS_MIN_WORDS_PER_LINK` words on average (a sidebar of
#: categories, tags and monthly archives). Cards that are whole links (a title and a teaser
#: inside one ``<a>``) are real cards. On the WCXB tune half the first guard costs 0.001 (0.832
#: -> 0.831), the second nothing; they keep three news pages of ../shared/eval/dev whole (dev
#: HTML F1 0.956 without them, 0.968 with). Nor when the group is the sections of one document,
#: its members each right under a heading (``Cards.sectioned``, extract/cards.py: on WCXB one page
#: of the 108 whose cards were taken, rustdoc's ``Result``, tune documentation 0.578 -> 0.787).
#: The declaration is not read on the kinds of :data:`CARDS_DECLARED_ARTICLE_TYPES`: forum software declares
#: every thread an article (``og:type``), and there the cards are the thread's posts. On the WCXB tune half it
#: changes one page (warriorforum.com, posts as bare text and ``<br>``: trafilatura kept the user names and
#: "Thanks" buttons: 0.32 -> 0.95), on the held-out half none; article pages unchanged on both halves.
CARDS_DECLARED_ARTICLE_TYPES = frozenset({"forum"})
CARDS_MAX_LINK_SHARE = 0.98
#: ... but on pages decided collection ``og:type = article`` alone is no such declaration (a JSON-LD
#: article type still is): shop platforms and stores set it on every page, category pages too
#: (store.steampowered.com, Shopify themes), and a news story the model calls a collection (price
#: and cart markup) is rare. WCXB (page by page, quality_wcxb.py --dump): two tune pages change,
#: store.steampowered.com 0.58 -> 0.90 and pll.harvard.edu (a course listing) 0.03 -> 0.36; no
#: other page, no held-out page.
#: Not on listing pages: two news stories of ../shared/eval/dev decided listing, og:type article
#: and no JSON-LD article type (jpost, washingtonexaminer), lost their text to a feed of other
#: stories (dev HTML F1 0.968 -> 0.961 with listing included). On listing pages it declares one only
#: with a publication date (extract/listing.py: a section front whose template says "article").
CARDS_OG_ARTICLE_IGNORED = frozenset({"collection"})
CARDS_MIN_WORDS_PER_LINK = 3.0
#: ... and on these kinds also when the extractor's text is at least half as long as the cards
#: but is a fragment of them: at least :data:`CARDS_FRAGMENT_INSIDE` of its words (``\w+``,
#: counted as a multiset) are card words, and it holds under :data:`CARDS_FRAGMENT_COVERS` of
#: the card words. trafilatura then kept some of the sections of a service page (two of five
#: feature blocks, the first plans of a pricing grid) and left the others out; the cards are
#: all of them. Chosen on the WCXB tune half (bench/quality_wcxb.py, page by page; 0.7 / 0.7,
#: 0.8 / 0.7 and 0.7 / 0.6 tried, 0.7 / 0.7 best there): 13 tune pages change (13 domains; 12
#: the model calls service, 1 documentation), sum +1.90 F1 (one loses, -0.04); held-out 14 pages
#: (12 domains), +1.59 (three lose: -0.09, -0.04, -0.01); service 0.791 -> 0.804, documentation
#: 0.922 -> 0.927, no kind down on either half; it leaks more boilerplate (calls to action inside
#: the sections: `without` 0.043 -> 0.046, held-out 0.052 -> 0.056). Not on listing and collection: there the tune gain
#: is one site (eight rei.com pages; the other tune page loses) and the held-out half loses
#: (collection -0.15, listing -0.33 in sum: the cards then hold a second group, filters or
#: related items the extractor rightly left out); not on forum pages (tune: 3 of 6 pages lose).
CARDS_FRAGMENT_TYPES = frozenset({"service", "documentation"})
#: ... and on these kinds when the cards are a **product grid** (extract/grid.py: 60%+ of them show a
#: price label of their own: a text run holding a currency next to a number and at most 2 other words) and
#: the extractor's text is a fragment of them (the same test): trafilatura kept some of a shop
#: category's tiles (the first rows, the ones inside its main frame) and left the others out. The
#: price is the evidence the fragment check lacked on collection pages, where the cards it took
#: were a buying guide's sections or a second group (surlatable's SEO blocks under "Espresso
#: Machine Under $500": a price inside a sentence, not a label). WCXB (quality_wcxb.py --dump, page
#: by page): see docs/cleaning.md. Not on listing pages (a job board or a search page: no prices).
CARDS_GRID_FRAGMENT_TYPES = frozenset({"collection"})
CARDS_FRAGMENT_INSIDE = 0.7
CARDS_FRAGMENT_COVERS = 0.7
#: ... and not when the extractor's text already spans the cards as running prose: lines of it
#: (:data:`CARDS_SPAN_LINE_WORDS`+ words) appear in at least :data:`CARDS_SPAN_COVERS` of the cards,
#: at least :data:`CARDS_PROSE_LINES` of its lines end a sentence and they hold
#: :data:`CARDS_PROSE_WORDS`+ words on average (paragraphs, not titles and labels). trafilatura then
#: found the page's content across the cards (the answers of a thread, a directory's write-ups,
#: a service page's sections) and left their furniture out: vote counts, dates, platform lists,
#: a copied table, link rows; taking the cards brings those back. Chosen on the WCXB tune half
#: (the 108 pages where cards were taken: bench/quality_wcxb.py --dump, cards taken or not,
#: page by page): it keeps the extractor's text on 3 tune pages (serverfault +0.21, stripe +0.19,
#: homeenergy.pseg -0.003) and no tune page where the cards win; held-out half: 2 pages, +0.77 (a
#: directory of note-taking apps, an article the model took for a listing: 0.39 -> 0.77; a
#: travel-forum thread 0.60 -> 0.99), no held-out page where the cards win.
CARDS_SPAN_COVERS = 0.6
CARDS_SPAN_LINE_WORDS = 5
CARDS_PROSE_LINES = 0.8
CARDS_PROSE_WORDS = 25.0
#: ... and on these kinds, when the cards are taken, the extractor's text keeps its **intro**: its
#: lines of prose (:data:`CARDS_INTRO_LINE_WORDS`+ words, ending a sentence) that are not card text
#: go before the cards, each once, when there are at most :data:`CARDS_INTRO_MAX_LINES` of them
#: holding :data:`CARDS_INTRO_MIN_WORDS`+ words. trafilatura's text of a page made of cards is
#: often the page's own words about them (a shop category's blurb, a job board's "Discover your
#: dream remote job ..."), which the cards do not hold: taking the cards alone dropped it. More
#: prose lines than that outside the cards are not an intro (another feed's teasers, shipping
#: terms). Chosen on the WCXB tune half (the pages decided listing or collection whose cards are
#: taken; 12 words a line, at most 3 lines, 20 words in all): page by page (quality_wcxb.py --dump)
#: 10 tune pages change, +0.42 in sum (gardenersedge 0.41 -> 0.73, officechairsusa 0.81 -> 0.88;
#: down: thomann's cookie notice -0.04, techcrunch -0.03, a crowdstrike service page's footnote
#: -0.02), held-out 9 pages, +0.88 (arc.dev 0.07 -> 0.33, georgjensen 0.73 -> 0.93, ergodirect
#: 0.05 -> 0.20; one -0.01).
CARDS_INTRO_TYPES = frozenset({"listing", "collection"})
#: ... and on these kinds the thread's opening posts go before the cards when they sit outside them, written with the
#: cards' own body element (:func:`cleanseeds.extract.cards.opening_posts`: a question above its answers, whose box is
#: not of the answers' shape). WCXB (quality_wcxb.py --dump, page by page): 3 tune pages change, the Stack Exchange
#: pages whose cards were taken: superuser.com 0.308 -> 0.349 and 0.919 -> 0.962 (the question had been outside_main
#: in the ledger), stackoverflow.com 0.922 -> 0.919 (its truth leaves the question out); every other page unchanged,
#: held-out pages too. One network's pages: the evidence is two tune domains, the class (Q&A threads) is wider.
CARDS_OPENING_TYPES = frozenset({"forum"})
CARDS_INTRO_LINE_WORDS = 12
#: a line of the extractor's text with at least this share of its words (as a multiset) among the cards' words is card
#: text, not an intro: the extractor read a card's runs as one line with no space between them ("Trail PeakCamp
#: Stove$99.95Fuel Type: ..."; the card's review count and rating are not in it), so no part of it is a substring of
#: the cards' lines (stop 35; WCXB: 3 tune pages change, +0.025 in sum, rei.com's glued tiles and a footnote the cards
#: hold no longer stand before the cards; no held-out page changes)
CARDS_INTRO_CARD_SHARE = 0.8
CARDS_INTRO_MAX_LINES = 3
CARDS_INTRO_MIN_WORDS = 20
#: a word, as the benchmark counts them
_WORD = re.compile(r"\w+")
#: a line that ends a sentence (a closing quote or bracket may follow the mark)
_SENTENCE_END = re.compile(r"[.!?][\"'\u201d\u2019)]?$")


#: ``auto`` only: on these kinds trafilatura's comparison with readability also runs when its own
#: text is under half of the page's visible text (:func:`needs_comparison`), where readability's
#: text can be more than twice as long, which trafilatura's full cascade takes: an article whose
#: body trafilatura's own pass cut to one section. The other kinds keep the selective
#: comparison: on WCXB the full cascade loses there (collection, documentation and service
#: pages whose cards or sections readability cuts). Measured on WCXB (macro word F1, articles
#: by true kind): tune half 0.939 -> 0.941, held-out half 0.935 -> 0.936; every article the
#: model decided whose text changed gained (0.48 -> 0.92, 0.63 -> 0.90, 0.66 -> 0.95).
COMPARE_WHEN_SMALL_TYPES = frozenset({"article"})


def is_fragment_of(text: str, cards: str) -> bool:
    """Whether ``text`` is a fragment of ``cards`` (see :data:`CARDS_FRAGMENT_INSIDE`): most of
    its words are card words, and it holds well under all of the card words."""
    own, many = Counter(_WORD.findall(text.lower())), Counter(_WORD.findall(cards.lower()))
    n_own, n_many = sum(own.values()), sum(many.values())
    if not n_own or not n_many:
        return False
    shared = sum((own & many).values())
    return shared >= CARDS_FRAGMENT_INSIDE * n_own and shared < CARDS_FRAGMENT_COVERS * n_many


def spans_cards(text: str, cards: Any) -> bool:
    """Whether ``text`` already spans the cards as running prose (see :data:`CARDS_SPAN_COVERS`)."""
    lines = [" ".join(line.split()) for line in text.splitlines() if line.strip()]
    if not lines or not cards.members:
        return False
    if sum(len(line.split()) for line in lines) < CARDS_PROSE_WORDS * len(lines):
        return False
    if sum(bool(_SENTENCE_END.search(line)) for line in lines) < CARDS_PROSE_LINES * len(lines):
        return False
    starts = [line.lower()[:60] for line in lines if len(line.split()) >= CARDS_SPAN_LINE_WORDS]
    reached = sum(any(s in card for s in starts) for card in cards.members)
    return reached >= CARDS_SPAN_COVERS * len(cards.members)


def is_link_list(cards: Any) -> bool:
    """Whether the cards are a list of short links (categories, archives, a menu: see
    :data:`CARDS_MAX_LINK_SHARE`), which is never a page's content."""
    return bool(cards.link_share > CARDS_MAX_LINK_SHARE and cards.words_per_link < CARDS_MIN_WORDS_PER_LINK)


def _fragment_taken(text: str, cards: Any, kind: str) -> bool:
    """Whether ``text`` is a fragment of ``cards`` taken on this kind: any cards on
    :data:`CARDS_FRAGMENT_TYPES`, a product grid (:func:`cleanseeds.extract.grid.is_product_grid`)
    on :data:`CARDS_GRID_FRAGMENT_TYPES`."""
    from cleanseeds.extract.grid import is_product_grid

    if kind in CARDS_FRAGMENT_TYPES:
        return is_fragment_of(text, cards.text)
    return kind in CARDS_GRID_FRAGMENT_TYPES and is_product_grid(cards) and is_fragment_of(text, cards.text)


def _take_cards(text: str, cards: Any, tree: Any, kind: str = "listing") -> bool:
    from cleanseeds.extract.listing import menu_gives_way, reads_open_graph
    from cleanseeds.extract.pagetype import declares_article

    if not cards.text:
        return False
    # (the cards' comment lists count: the extractor's text holds a thread's comments too, like for like)
    if len(text) >= CARDS_ABOVE_SHARE * (len(cards.text) + cards.comments) and not _fragment_taken(text, cards, kind) and not menu_gives_way(text, kind):
        return False
    if is_link_list(cards) or cards.sectioned or spans_cards(text, cards):
        return False
    open_graph = kind not in CARDS_OG_ARTICLE_IGNORED and reads_open_graph(tree, kind)  # (listing: a dated story only)
    return kind in CARDS_DECLARED_ARTICLE_TYPES or not declares_article(tree, open_graph=open_graph)


def _card_words(line: str, words: Counter[str]) -> bool:
    """Whether :data:`CARDS_INTRO_CARD_SHARE` of ``line``'s words are words of the cards (``words``)."""
    own = Counter(_WORD.findall(line.lower()))
    return sum((own & words).values()) >= CARDS_INTRO_CARD_SHARE * max(1, sum(own.values()))


def with_intro(text: str, cards: str) -> str:
    """``cards`` after the intro of the extractor's ``text`` (see :data:`CARDS_INTRO_TYPES`): its
    prose lines that are not card text, each once; ``cards`` alone when there is no such intro."""
    inside, words = cards.lower(), Counter(_WORD.findall(cards.lower()))
    intro: list[str] = []
    for line in text.splitlines():
        line = line.strip()
        if len(line.split()) >= CARDS_INTRO_LINE_WORDS and _SENTENCE_END.search(line) and line.lower()[:60] not in inside \
                and line not in intro and not _card_words(line, words):
            intro.append(line)
    if len(intro) > CARDS_INTRO_MAX_LINES or sum(len(line.split()) for line in intro) < CARDS_INTRO_MIN_WORDS:
        return cards
    return "\n".join([*intro, cards])


def cards_text(text: str, cards: Any, kind: str) -> str:
    """The text taken from the cards: after the extractor's intro on the kinds of :data:`CARDS_INTRO_TYPES`, after
    the thread's opening posts outside the cards on those of :data:`CARDS_OPENING_TYPES`."""
    if kind in CARDS_INTRO_TYPES:
        return with_intro(text, cards.text)
    return f"{cards.opening}\n{cards.text}" if cards.opening and kind in CARDS_OPENING_TYPES else str(cards.text)


def choose_strategy(kind: str, settings: Settings) -> str:
    if settings.extract_strategy != "auto":
        return settings.extract_strategy
    return STRATEGY_BY_TYPE.get(kind, STRATEGY_BY_TYPE["other"])


def _options(cls: type, settings: Settings, url: str | None, strategy: str) -> Any:
    from cleanseeds.extract.options import extractor

    return extractor(cls, fast=settings.extract_fast, url=url, **{"comments": False, **STRATEGIES[strategy]})


def _extract_text(page: Any, cls: type, settings: Settings, url: str | None, strategy: str) -> str:
    """trafilatura's text of ``page`` with the options of ``strategy`` (``""`` when it finds none):
    every second extraction of a pass (recall, main container, joined article, no-script copy)."""
    import trafilatura

    res = trafilatura.bare_extraction(page, url=url, options=_options(cls, settings, url, strategy))
    assert not isinstance(res, dict)  # as_dict=False: a Document or None
    return str(res.text or "") if res is not None else ""


def _recall_fallback(tree: Any, text: str, blocks: list[Any], cls: type, settings: Settings, url: str | None) -> str | None:
    """The ``favor_recall`` text when the balanced ``text`` is a small part of the page and the
    recall pass finds much more (see :data:`RECALL_FALLBACK_TYPES`); else ``None``."""
    visible = sum(len(b.text) for b in blocks)
    if len(text) >= RECALL_FALLBACK_BELOW_SHARE * visible:
        return None
    more = _extract_text(tree, cls, settings, url, "recall")
    return more if len(more) > RECALL_FALLBACK_GAIN * len(text) else None


def bare_extraction(tree: Any, url: str | None, options: Any, last_use: bool) -> Any:
    """``trafilatura.bare_extraction(tree, url=url, options=options)``. When the caller is done
    with ``tree`` (``last_use``), its steps run on the tree itself rather than on the copy
    trafilatura makes of a tree it is handed (~0.7 ms a page): the cascade
    (``trafilatura_sequence``), the tree-size and output-size checks, the text, for options
    without metadata, language, deduplication or pruning (cleanseeds' own; otherwise, and when
    ``last_use`` is false, trafilatura's function runs). The steps are those of trafilatura
    2.3.1's ``bare_extraction`` (``tests/unit/test_extract_fast_paths.py`` pins its source and
    compares the results on real pages); the tree is left changed."""
    import trafilatura

    if not last_use or options.lang or options.with_metadata or options.dedup or options.format != "python":
        return trafilatura.bare_extraction(tree, url=url, options=options)
    from lxml.etree import strip_tags
    from trafilatura.core import trafilatura_sequence
    from trafilatura.metadata import Document
    from trafilatura.xml import xmltotxt

    try:
        postbody, temp_text, commentsbody, temp_comments = trafilatura_sequence(tree, options, options.url)
        if options.max_tree_size and len(postbody) > options.max_tree_size:
            strip_tags(postbody, "hi")
            if len(postbody) > options.max_tree_size:
                return None
        if len(temp_text) < options.min_output_size and len(temp_comments) < options.min_output_comm_size:
            return None
    except (TypeError, ValueError):  # as trafilatura: "discarding data"
        return None
    document = Document()
    document.text = xmltotxt(postbody, options.formatting)
    if options.comments:
        document.comments = xmltotxt(commentsbody, options.formatting)
        document.commentsbody = commentsbody
    document.raw_text, document.body = document.text, postbody
    return document


#: ``auto`` only, a rescue: when trafilatura's text (after the passes above) has fewer than
#: :data:`CONTAINER_MIN_WORDS` words, the page's own main container — its one
#: ``[itemprop=articleBody]``, else its one ``<article>``, else its one ``<main>`` /
#: ``[role=main]`` (:data:`CONTAINER_XPATHS`, in that order; a container that is not unique is
#: not evidence) — is an independent opinion of where the main text is: trafilatura runs again
#: on the container alone, and that text is taken when it has at least
#: :data:`CONTAINER_MIN_WORDS` words and more than :data:`CONTAINER_GAIN` times the words of the
#: text it replaces (``extraction = "<strategy>>main"``). It costs nothing on the other pages.
#: On WCXB it gives text to one article trafilatura returned nothing for (held-out half,
#: ecocult.com: F1 0 -> 1.0) and changes no page of the tune half. Tried and not kept (tune
#: half): the same switch whenever the container holds more than twice trafilatura's words
#: (an under-extraction check) changed 6 tune pages for -0.81 F1 in sum, mostly by pre-empting
#: the cards pass (collection -0.49, listing -0.21, product -0.17); switching to the container
#: when trafilatura's text is much *longer* than it (over-extraction) lost on articles (the one
#: ``<article>`` of a page is often a teaser or a related story: fullstack.com 0.97 -> 0.22).
#: (an attribute test reached from the attribute, ``//@itemprop[. = 'articleBody']/..``, selects what
#: ``//*[@itemprop='articleBody']`` selects in ~60% of its time: lxml walks the attributes in C instead
#: of testing a predicate on every element; compiled once)
CONTAINER_XPATHS = ("//@itemprop[. = 'articleBody']/..", "//article", "//main|//@role[. = 'main']/..")
_CONTAINER_XPATHS = tuple(etree.XPath(x) for x in CONTAINER_XPATHS)
CONTAINER_GAIN = 2.0
CONTAINER_MIN_WORDS = 50
#: ``auto`` only, on the kinds with one main text (:data:`UNDER_CONTAINER_TYPES`), when no second
#: pass took over: an under-extraction check. When the page's main container holds at least
#: :data:`UNDER_CONTAINER_MIN_WORDS` words and :data:`UNDER_CONTAINER_SHARE` times the words of
#: trafilatura's text, trafilatura took a fragment of it (a lede, one section): it runs again on
#: the container alone, with ``favor_recall`` (its own mode found only the fragment), and that
#: text is taken when it has more than :data:`CONTAINER_GAIN` times the words (``"<strategy>>main"``).
#: Chosen on the WCXB tune half: share 3, article and other: one page changes, legalzoom.com
#: 0.29 -> 0.97 (tune article 0.941 -> 0.943), no held-out page changes; share 2 and every kind:
#: also thomann.de (a product page, 0.90 -> 0.73) on the tune half (and a held-out listing,
#: github.com, 0.75 -> 0.27), so the kinds made of many blocks, and product, are left out.
UNDER_CONTAINER_TYPES = frozenset({"article", "other"})
UNDER_CONTAINER_SHARE = 3.0
UNDER_CONTAINER_MIN_WORDS = 100


def main_container(tree: Any) -> Any:
    """The page's one main container (see :data:`CONTAINER_XPATHS`), or ``None``."""
    for xpath in _CONTAINER_XPATHS:
        found = xpath(tree)
        if len(found) == 1:
            return found[0]
    return None


def _container_fallback(tree: Any, text: str, cls: type, settings: Settings, url: str | None, strategy: str) -> str | None:
    """trafilatura's text of the page's main container (:func:`main_container`) when it is much
    longer than ``text`` (see :data:`CONTAINER_MIN_WORDS`); else ``None``. ``tree`` must be the
    page as parsed (not a tree trafilatura has already cleaned in place)."""
    box = main_container(tree)
    if box is None:
        return None
    words = len(text.split())
    if len(box.text_content().split()) < CONTAINER_MIN_WORDS:
        return None
    inner = _extract_text(alone_on_a_page(box), cls, settings, url, strategy)
    found = len(inner.split())
    if found < CONTAINER_MIN_WORDS or found <= CONTAINER_GAIN * words:
        return None
    return inner


def container_words(tree: Any, kind: str, settings: Settings) -> int | None:
    """The words of the page's main container, for the under-extraction check of
    :func:`_container_pass`: counted on the page as parsed, before trafilatura cleans the tree
    (``None``: no check for this page, or no single container)."""
    if settings.extract_strategy != "auto" or kind not in UNDER_CONTAINER_TYPES:
        return None
    box = main_container(tree)
    return None if box is None else len(box.text_content().split())


def _container_pass(parsed: Callable[[], Any], box_words: int | None, text: str, strategy: str, kind: str, cls: type,
                    settings: Settings, url: str | None) -> tuple[str, str]:
    """The text and strategy after the main-container passes of ``auto`` mode: the rescue of an
    (almost) empty text (:data:`CONTAINER_MIN_WORDS`) and the under-extraction check
    (:data:`UNDER_CONTAINER_TYPES`, ``box_words`` from :func:`container_words`); ``text`` and
    ``strategy`` unchanged when neither applies. ``parsed()`` gives the page as parsed: called
    only when a pass runs (on ~2% of pages), it may parse the page again when the extraction
    consumed the first tree (:func:`bare_extraction`'s ``last_use``)."""
    base = choose_strategy(kind, settings)
    if settings.extract_strategy != "auto" or ">cards" in strategy:
        return text, strategy
    inner = None
    words = len(text.split())
    if words < CONTAINER_MIN_WORDS:
        inner = _container_fallback(parsed(), text, cls, settings, url, base)
    elif strategy == base and box_words is not None and box_words >= max(UNDER_CONTAINER_MIN_WORDS, UNDER_CONTAINER_SHARE * words):
        inner = _container_fallback(parsed(), text, cls, settings, url, "recall")
    return (inner, f"{base}>main") if inner is not None else (text, strategy)


def _noscript_pass(page: Any, text: str, strategy: str, kind: str, cls: type, settings: Settings, url: str | None) -> tuple[str, str]:
    """The text of the page's no-script copy of its main content (``page``, from
    :func:`~cleanseeds.extract.noscript.noscript_page`; ``None``: the page has none) when it is
    much longer, with the strategy ``"<kind's strategy>>noscript"``; else ``text`` and
    ``strategy`` unchanged. On a kind made of many blocks the copy's cards are its text."""
    if page is None:
        return text, strategy
    base = choose_strategy(kind, settings)

    def extract(tree: Any) -> str:
        if kind in CARDS_TYPES:  # a kind made of many blocks: the copy's cards (a thread's posts)
            from cleanseeds.extract.cards import card_text

            cards = card_text(tree)
            if cards.text and not is_link_list(cards):
                return str(cards.text)
        return _extract_text(tree, cls, settings, url, base)

    inner = noscript_text(page, text, extract)
    return (inner, f"{base}>noscript") if inner is not None else (text, strategy)


def _joined_pass(parsed: Callable[[], Any], text: str, strategy: str, kind: str, cls: type, settings: Settings,
                 url: str | None) -> tuple[str, str]:
    """The text and strategy after the joined-line passes of ``auto`` mode (extract/joined.py):
    on an article, a whole ``<article>`` trafilatura's rescue joined into one line is extracted
    again alone (the strategy ``"<kind's strategy>>article"``); on every kind, a line that is any
    element's whole text joined is split into the element's blocks (``"...+split"``); unchanged when
    no line is one."""
    from cleanseeds.extract.joined import JOINED_TYPES, joined_lines, split_joined, split_lines

    if settings.extract_strategy != "auto" or not joined_lines(text):
        return text, strategy
    page = parsed()
    if kind in JOINED_TYPES:
        base = choose_strategy(kind, settings)
        inner = split_joined(text, page, partial(_extract_text, cls=cls, settings=settings, url=url, strategy=base))
        if inner is not None:
            return inner, f"{base}>article"
    split = split_lines(text, page)
    return (split, f"{strategy}+split") if split is not None else (text, strategy)


# --- the call -----------------------------------------------------------------------------------


def prepare_page(page: Any, kind: str, auto: bool, elements: Sequence[Any] | None = None, dialogs: bool = True,
                 streamed: bool = True, embeds: bool = True, overlays: bool = True, display_none: bool = True) -> Any:
    """``page`` as every extraction pass reads it: React's streamed blocks read in their place on
    every kind (extract/docblocks.py; ``streamed=False``: the caller knows the HTML holds none), a
    documentation page's hidden tab panels shown (extract/tabs.py), its labelled callouts and code
    listings read as text (extract/docblocks.py), ids that are a section heading's slug taken off
    (extract/slug_ids.py), screen-reader-only text left out on articles and listings and text hidden on every
    screen (Bootstrap's ``d-none``; ``display_none=False``: the HTML holds no such class) on every kind
    (extract/hidden.py), false ``main`` frames before the page's one ``<main>`` unnamed
    (extract/frame.py), a documentation page's source line breaks inside paragraphs read as spaces
    (extract/wraps.py), pop-up dialogs and tooltips left out (on product and service pages only the
    dialogs named consent, privacy or newsletter boxes; extract/dialogs.py; ``dialogs=False``: the
    caller knows the HTML declares none), a product page's cart drawer left out (extract/carts.py),
    overlays named by their class (``popup``, ``modal``) outside
    the page's frame left out on every kind but collection and listing (extract/overlays.py; ``overlays=False``: no class can
    name one), boxes of
    content whose class says ``embed`` (Webflow's HTML Embed) read as content on every kind
    (extract/embeds.py; ``embeds=False``: no class of the HTML holds the word), a forum page's
    forms without a field to type into read as containers (extract/forms.py: the posts). The ledger's
    visible blocks are read from this page too: "the page's visible text" is the prepared page's
    (screen-reader-only text, ``d-none`` text and closed dialogs are not visible)."""
    from cleanseeds.extract import carts, docblocks, expanders, forms, frame, hidden, panels, slug_ids, tabs, titlebox, tooltips, wraps
    from cleanseeds.extract import dialogs as dialog_boxes
    from cleanseeds.extract import embeds as embed_boxes
    from cleanseeds.extract import overlays as overlay_boxes

    tabs.show_for_kind(page, kind, auto)
    panels.show_for_kind(page, kind, auto)
    expanders.unmark_for_kind(page, kind, auto)
    titlebox.unmark_for_kind(page, kind, auto)
    docblocks.place_streamed_for(page, auto, streamed)
    docblocks.prepare_for_kind(page, kind, auto)
    slug_ids.unname_for(page, auto)
    hidden.drop_for_kind(page, kind, auto, elements, display_none)  # (``elements``: the page's, held by the caller)
    tooltips.drop_for_kind(page, kind, auto)
    carts.drop_for_kind(page, kind, auto)
    frame.unname_for(page, auto)
    wraps.unwrap_for(page, kind, auto)
    dialog_boxes.drop_for_kind(page, kind, auto, dialogs)
    overlay_boxes.drop_for_kind(page, kind, auto, overlays)
    embed_boxes.unmark_for(page, auto, embeds)
    forms.unwrap_for_kind(page, kind, auto)
    return page


def _too_deep(html: str, tree: Any, cap: int) -> int | None:
    """The page's markup depth when it is over ``cap`` (checked only near the parser's limit or
    under a lower cap); else ``None``."""
    if cap < PARSER_DEPTH_LIMIT - 1 or near_parser_limit(tree):
        depth = markup_depth(html, cap)
        if depth > cap:
            return depth
    return None


#: characters :func:`tidy` leaves out of the final text: the zero-width space, a byte-order mark inside the text and
#: the soft hyphen, which a browser does not draw (or draws only at a line break) and trafilatura's own line
#: processing drops. Other invisible characters stay: a page that writes U+2063 (invisible separator) between words
#: lost them when every non-printable character went (WCXB: one collection page 0.94 -> 0.90), a private-use
#: icon glyph ("50" + a percent icon) is the page's, and a C1 control is mojibake of a quote (cp1252 0x92).
TIDY_DROPPED = ("\u200b", "\ufeff", "\u00ad")
#: ... and the blanks :func:`tidy` strips from the end of a line: spaces, tabs and the no-break spaces a page writes
#: after a label or a price ("Description" + "\u00a0": 201 lines on WCXB; narrow no-break space: 7)
_TRAILING = (" ", "\t", "\u00a0", "\u202f")
_TRAILING_CHARS = "".join(_TRAILING)
_TRAILING_BREAKS = tuple(f"{ch}\n" for ch in _TRAILING)


def tidy(text: str) -> str:
    """The final text as trafilatura writes its own lines, whichever pass produced them: no
    :data:`TIDY_DROPPED` character, and no line ending in spaces, tabs or no-break spaces. The card,
    second-extractor and recovery passes read the page's text runs themselves and kept both: on the WCXB split
    35 zero-width spaces ("subscription\u200b?") on 12 pages, and 353 pages with a line ending in blanks
    ("Description" and nine tabs). A line's leading whitespace stays (code indentation). ``auto`` only: a fixed
    ``extract_strategy`` gives trafilatura's own text, exactly. Applied after the ledger is read: its blocks match
    lines as :func:`cleanseeds.extract.blocks.match_key` gives them, without these characters and blanks either.
    (Substring tests first: a translation table walked every character of every page, +2.2 M instructions a page.)"""
    for ch in TIDY_DROPPED:
        if ch in text:
            text = text.replace(ch, "")
    if any(end in text for end in _TRAILING_BREAKS) or text.endswith(_TRAILING):
        text = "\n".join(line.rstrip(_TRAILING_CHARS) for line in text.split("\n"))
    return text


@xpath_page.scoped
def main_text(html: str, url: str | None, settings: Settings) -> HtmlResult | None:
    from trafilatura.settings import Extractor
    from trafilatura.utils import load_html

    from cleanseeds.extract import disclaimers, intro, pubdate_evidence, related, repeats, restore, reviews, second, thread, wild
    from cleanseeds.extract.blocks import dropped_blocks, visible_blocks
    from cleanseeds.extract.cards import card_text
    from cleanseeds.extract.options import extractor
    from cleanseeds.extract.pagetype import page_type
    from cleanseeds.extract.xpath_regex import install

    install()
    cls = Extractor if settings.extract_fast or settings.extract_fallback == "always" else _selective_extractor()
    probe = extractor(cls)  # (the configuration's limits)
    tree = load_html(html, probe.max_file_size)
    if tree is None:
        return None
    _held = list(tree.iter())  # every walk from Python needs an element object per node: held, they are made once
    kind, _ = page_type(tree, url)
    auto = settings.extract_strategy == "auto"
    prepared = partial(prepare_page, kind=kind, auto=auto, dialogs=may_have_dialogs(html), streamed=may_stream(html), embeds=may_have_embeds(html),
                       overlays=may_have_overlays(html), display_none=may_hide(html))
    xpath_page.use_page(prepared(tree, elements=_held))  # the regex XPaths read the page's class/id/style values once, as prepared
    strategy = choose_strategy(kind, settings)
    options = _options(cls, settings, url, strategy)
    if (depth := _too_deep(html, tree, settings.max_markup_depth)) is not None:
        return HtmlResult(text="", too_deep=depth)
    # metadata, then publication-date evidence, first, on the untouched tree (the evidence reuses htmldate's result)
    meta = page_metadata(tree, url, options.date_params)
    wild.watch(options, kind, settings.extract_strategy)
    evidence = pubdate_evidence.dumps(pubdate_evidence.gather(tree, meta.date, options.date_params.get("max_date")))
    fallback = auto and kind in RECALL_FALLBACK_TYPES
    compare = auto and kind in COMPARE_WHEN_SMALL_TYPES and cls is not Extractor
    blocks = visible_blocks(tree) if settings.html_ledger or fallback or compare or restore.wanted(kind, auto) else []
    if compare:
        options.visible_chars = sum(len(b.text) for b in blocks)
    no_reviews, review_runs = reviews.drop_for_kind(tree, kind, auto, disclaimers.wanted(html, kind)), reviews.text_runs(tree, kind, auto)
    cards = card_text(tree, kind in CARDS_OPENING_TYPES) if auto and kind in CARDS_TYPES else None  # (reviews, signatures gone)
    title_intro = intro.intro_lines(tree) if intro.wanted(kind, auto) else None  # (read before extraction changes the tree)
    box_words = container_words(tree, kind, settings)
    no_script = noscript_page(tree) if auto and has_noscript(html) else None  # copied before extraction changes the tree
    consumed = not fallback and cards is None
    res = bare_extraction(tree, url, options, last_use=consumed)
    assert not isinstance(res, dict)  # as_dict=False: a Document or None
    text = str(res.text or "") if res is not None else ""
    if fallback and (more := _recall_fallback(tree, text, blocks, cls, settings, url)) is not None:
        text, strategy = more, f"{strategy}>recall"
    if cards is not None and _take_cards(text, cards, tree, kind):
        text, strategy = cards_text(text, cards, kind), f"{choose_strategy(kind, settings)}>cards"
    again = lambda: reviews.without_reviews(prepared(load_html(html, probe.max_file_size)), no_reviews)  # noqa: E731 - the page parsed again, as the first pass read it
    text, strategy = wild.second_pass(options, res, again, url, text, strategy)
    parsed = again if consumed else (lambda: tree)
    text, strategy = _container_pass(parsed, box_words, text, strategy, kind, cls, settings, url)
    text, strategy = _joined_pass(parsed, text, strategy, kind, cls, settings, url)
    text, strategy = related.for_kind(blocks, *restore.for_kind(blocks, text, strategy, kind, auto), kind, auto)  # headings back, a closing related box out
    text, strategy = repeats.for_kind(*second.for_kind(html, *_noscript_pass(no_script, text, strategy, kind, cls, settings, url), kind, auto), kind, auto)
    text, strategy = thread.for_kind(*intro.for_kind(title_intro, *reviews.cut_review_texts(review_runs, text, strategy)), cards, kind, auto)
    dropped = dropped_blocks(blocks, text, strategy) if settings.html_ledger else []  # (no text: what the page shows, for the quarantine)
    return HtmlResult(text=tidy(text) if auto else text, title=meta.title, author=meta.author, sitename=meta.sitename, url=meta.url, date=meta.date,
                      page_type=kind, extraction=strategy, dropped=dropped, pubdate_evidence=evidence)
