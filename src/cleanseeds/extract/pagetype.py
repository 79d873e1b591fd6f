"""The kind of an HTML page: ``article``, ``forum``, ``product``, ``collection``, ``listing``,
``documentation``, ``service``, or ``other`` when the page gives too little to tell.

``page_type(tree, url) -> (kind, confidence)``; the extractor picks its strategy from the kind
(:mod:`cleanseeds.extract.html`).

**Evidence, from the page alone** (:func:`features`, about 40 numbers, a few XPath counts in C):

* declared types: JSON-LD ``@type`` values (``Product``/``Offer``, ``DiscussionForumPosting``/
  ``QAPage``, ``NewsArticle``/``BlogPosting``, ``ItemList``/``CollectionPage``, ``TechArticle``,
  ``Service``/``LocalBusiness`` ...) and the Open Graph ``og:type``;
* URL shape: path words (``forum``, ``thread``, ``product``, ``category``, ``docs``, ``blog``,
  a ``/2024/`` date ...) and depth;
* DOM structure: repeated sibling blocks (cards of a listing), post/comment/reply containers,
  ``<pre>``/``<code>`` blocks, price and cart markup, ``<article>``/``<time>`` counts, sections
  and headings, paragraph text and link density.

**The model** is a multinomial logistic regression over those features, shipped as data
(``pagetype_model.json`` beside this module: feature means/scales, one weight row per kind).
It is trained by ``bench/train_pagetype.py`` on the *tune* half (by domain hash) of the WCXB
development split — WCXB (Foley, 2026), CC-BY-4.0 — and its accuracy per kind on the held-out
half is printed by that script and by ``bench/quality_wcxb.py``. Loading is offline and
deterministic; no model is downloaded.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterator
from functools import lru_cache
from importlib import resources
from typing import Any
from urllib.parse import urlsplit

MODEL_FILE = "pagetype_model.json"
#: below this probability for the best kind, the page is ``other`` (its strategy: the general one)
MIN_CONFIDENCE = 0.0

# JSON-LD / Open Graph type words, grouped by the kind they point to
_LD_GROUPS: dict[str, tuple[str, ...]] = {
    "ld_article": (
        "article",
        "newsarticle",
        "blogposting",
        "reportagenewsarticle",
        "opinionnewsarticle",
        "analysisnewsarticle",
        "liveblogposting",
        "scholarlyarticle",
    ),
    "ld_forum": ("discussionforumposting", "qapage", "question", "answer", "comment", "socialmediaposting"),
    "ld_product": ("product", "offer", "aggregateoffer", "productgroup", "individualproduct", "car", "vehicle", "book", "softwareapplication"),
    "ld_collection": ("collectionpage", "itemlist", "offercatalog", "searchresultspage"),
    "ld_doc": ("techarticle", "apireference", "howto", "softwaresourcecode"),
    "ld_service": (
        "service",
        "localbusiness",
        "professionalservice",
        "organization",
        "corporation",
        "store",
        "restaurant",
        "medicalbusiness",
        "legalservice",
        "homeandconstructionbusiness",
        "financialservice",
        "faqpage",
        "contactpage",
        "aboutpage",
    ),
    "ld_webpage": ("webpage", "website"),
    "ld_event": ("event", "recipe", "jobposting", "course"),
}
_LD_LOOKUP = {w: g for g, words in _LD_GROUPS.items() for w in words}

_URL_WORDS: dict[str, tuple[str, ...]] = {
    "url_forum": (
        "forum",
        "forums",
        "thread",
        "threads",
        "topic",
        "topics",
        "t",
        "questions",
        "question",
        "community",
        "discussion",
        "discussions",
        "board",
        "viewtopic",
        "showthread",
        "comments",
        "r",
    ),
    "url_product": ("product", "products", "p", "dp", "item", "shop", "store", "buy"),
    "url_collection": ("collections", "collection", "category", "categories", "c", "catalog", "browse", "tag", "tags", "shop-all"),
    "url_listing": ("search", "list", "listings", "jobs", "events", "directory", "results", "archive", "page"),
    "url_doc": (
        "docs",
        "doc",
        "documentation",
        "api",
        "reference",
        "manual",
        "guide",
        "guides",
        "reference",
        "developer",
        "developers",
        "sdk",
        "wiki",
        "help",
        "kb",
        "support",
        "learn",
        "tutorial",
    ),
    "url_article": ("blog", "news", "article", "articles", "post", "posts", "story", "stories", "press", "insights"),
    "url_service": ("services", "service", "solutions", "about", "about-us", "contact", "pricing", "features", "industries", "locations", "what-we-do"),
}
_URL_LOOKUP: dict[str, list[str]] = {}
for _g, _words in _URL_WORDS.items():
    for _w in _words:
        _URL_LOOKUP.setdefault(_w, []).append(_g)

_YEAR = re.compile(r"/(19|20)\d\d/")
_CLASS_HINTS: dict[str, str] = {
    "post": "cls_post",
    "message": "cls_post",
    "reply": "cls_post",
    "comment": "cls_comment",
    "thread": "cls_post",
    "topic": "cls_post",
    "forum": "cls_post",
    "bbcode": "cls_post",
    "username": "cls_post",
    "avatar": "cls_post",
    "price": "cls_price",
    "cart": "cls_price",
    "sku": "cls_price",
    "add-to-cart": "cls_price",
    "product": "cls_product",
    "card": "cls_card",
    "tile": "cls_card",
    "grid": "cls_card",
    "item": "cls_card",
    "listing": "cls_card",
    "result": "cls_card",
    "sidebar": "cls_sidebar",
    "toc": "cls_doc",
    "docs": "cls_doc",
    "highlight": "cls_doc",
    "breadcrumb": "cls_breadcrumb",
    "hero": "cls_service",
    "cta": "cls_service",
    "testimonial": "cls_service",
    "feature": "cls_service",
    "service": "cls_service",
    "pagination": "cls_pagination",
    "pager": "cls_pagination",
    "entry-content": "cls_article",
    "article": "cls_article",
    "byline": "cls_article",
    "author": "cls_article",
}
_CLASS_TOKEN = re.compile(r"[a-z]+(?:-[a-z]+)?")

_FEATURE_NAMES: tuple[str, ...] = (
    *_LD_GROUPS,
    "og_article",
    "og_product",
    "og_website",
    "og_other",
    *_URL_WORDS,
    "url_year",
    "url_depth",
    "url_root",
    "url_html",
    "url_query",
    *sorted(set(_CLASS_HINTS.values())),
    "n_p",
    "n_p_long",
    "n_article",
    "n_time",
    "n_pre",
    "n_code",
    "n_table",
    "n_li",
    "n_h1",
    "n_h2",
    "n_h3",
    "n_section",
    "n_form",
    "n_input",
    "n_img",
    "n_a",
    "n_button",
    "n_blockquote",
    "rep_max",
    "rep_groups",
    "text_len",
    "p_text_share",
    "link_density",
)


def _log(x: float) -> float:
    return math.log1p(max(0.0, x))


#: counted elements: feature -> tag
_TAG_COUNTS = {
    "n_p": "p",
    "n_article": "article",
    "n_time": "time",
    "n_pre": "pre",
    "n_code": "code",
    "n_table": "table",
    "n_li": "li",
    "n_h1": "h1",
    "n_h2": "h2",
    "n_h3": "h3",
    "n_section": "section",
    "n_form": "form",
    "n_input": "input",
    "n_img": "img",
    "n_a": "a",
    "n_button": "button",
    "n_blockquote": "blockquote",
}
#: children that repeat in any page (list items, table cells, inline markup): no sign of cards
_NOT_BLOCKS = ("li", "option", "br", "tr", "td", "p", "span", "a", "script", "style")


def features(tree: Any, url: str | None) -> dict[str, float]:
    """The page's evidence as named numbers (counts are log1p-scaled)."""
    f = dict.fromkeys(_FEATURE_NAMES, 0.0)
    _declared_types(tree, f)
    _url_shape(url, f)
    body = tree.find(".//body")
    if body is None:
        body = tree
    n_text = _walk_body(body, f)
    _text_shares(body, f, n_text)
    return f


#: a JSON-LD ``@type`` value (a string, or the first of a list)
_LD_TYPE = re.compile(r'"@type"\s*:\s*(?:\[\s*)?"([^"]+)"')


def ld_types(tree: Any) -> Iterator[str]:
    """The ``@type`` values of the page's JSON-LD scripts, each without a vocabulary prefix
    (``https://schema.org/NewsArticle`` -> ``NewsArticle``), in page order."""
    for script in tree.iterfind(".//script[@type='application/ld+json']"):
        for word in _LD_TYPE.findall(script.text or ""):
            yield word.rsplit("/", 1)[-1]


def _declared_types(tree: Any, f: dict[str, float]) -> None:
    """JSON-LD ``@type`` groups and the Open Graph ``og:type`` (1.0 when declared)."""
    for word in ld_types(tree):
        g = _LD_LOOKUP.get(word.lower())
        if g:
            f[g] = 1.0
    for meta in tree.iterfind(".//meta[@property='og:type']"):
        og = (meta.get("content") or "").strip().lower()
        key = "og_article" if og == "article" else "og_product" if og.startswith("product") else "og_website" if og == "website" else "og_other"
        f[key] = 1.0


def _url_shape(url: str | None, f: dict[str, float]) -> None:
    """Path words, a year in the path, depth, root, file extension and query of the URL."""
    parts = urlsplit(url or "")
    segs = [s for s in parts.path.lower().split("/") if s]
    for s in segs:
        for w in {s, *re.split(r"[-_.]", s)}:
            for g in _URL_LOOKUP.get(w, ()):
                f[g] = 1.0
    f["url_year"] = 1.0 if _YEAR.search(parts.path) else 0.0
    f["url_depth"] = float(min(len(segs), 8)) / 8
    f["url_root"] = 1.0 if not segs else 0.0
    f["url_html"] = 1.0 if parts.path.endswith((".html", ".htm", ".php", ".aspx")) else 0.0
    f["url_query"] = 1.0 if parts.query else 0.0


_HINT_MEMO: dict[str, tuple[str, ...]] = {}  # class + " " + id -> the cls_* hints it carries
_COUNTED = frozenset(_TAG_COUNTS.values())
_RAW_TEXT = ("script", "style")  # their text is code, not words


def _hints(attr: str) -> tuple[str, ...]:
    """The ``cls_*`` hints of an element's class and id (memoised: pages repeat their classes)."""
    found = _HINT_MEMO.get(attr)
    if found is None:
        seen: list[str] = []
        for tok in _CLASS_TOKEN.findall(attr.lower()):
            h = _CLASS_HINTS.get(tok) or _CLASS_HINTS.get(tok.split("-", 1)[0])
            if h and h not in seen:
                seen.append(h)
        found = tuple(seen)
        if len(_HINT_MEMO) < 50_000:
            _HINT_MEMO[attr] = found
    return found


def _walk_body(body: Any, f: dict[str, float]) -> int:
    """In one walk over the body: how many elements carry each class/id hint (``cls_*``), the
    repeated sibling blocks (3+ children with the same tag and class: cards), the counts of
    :data:`_TAG_COUNTS`; returns the words of the body's text outside ``<script>``/``<style>``."""
    hints: dict[str, int] = {}
    tags: dict[str, int] = {}
    rep_max, rep_groups, words, nested = 0, 0, 0, False
    for el in body.iter():
        if el.tail:
            words += len(el.tail.split())
        tag = el.tag
        if not isinstance(tag, str):
            continue  # a comment: only its tail is text
        if tag in _RAW_TEXT:
            nested = nested or len(el) > 0
        elif el.text:
            words += len(el.text.split())
        if tag in _COUNTED:
            tags[tag] = tags.get(tag, 0) + 1
        cls, eid = el.get("class"), el.get("id")
        if cls or eid:
            for h in _hints((cls or "") + " " + (eid or "")):
                hints[h] = hints.get(h, 0) + 1
        if len(el) >= 3:
            m = _most_repeated_child(el)
            if m >= 3:
                rep_groups += 1
                rep_max = max(rep_max, m)
    for h, n in hints.items():
        f[h] = _log(n)
    f["rep_max"], f["rep_groups"] = _log(rep_max), _log(rep_groups)
    for k, t in _TAG_COUNTS.items():
        f[k] = _log(tags.get(t, 0))
    if nested:  # markup inside a script or style (not from the HTML parser): count by XPath
        return words_outside_code(body)
    return words - (len(body.tail.split()) if body.tail else 0)


def _most_repeated_child(el: Any) -> int:
    """How many children of ``el`` share the most common (tag, class) of block children."""
    sig: dict[tuple[str, str], int] = {}
    for ch in el:
        if isinstance(ch.tag, str) and ch.tag not in _NOT_BLOCKS:
            sibling = (ch.tag, ch.get("class") or "")
            sig[sibling] = sig.get(sibling, 0) + 1
    return max(sig.values()) if sig else 0


def words_outside_code(body: Any) -> int:
    """Words of the text nodes under ``body`` outside ``<script>`` and ``<style>``, by XPath:
    what :func:`_walk_body` counts in its walk (the reference for it, and its fallback)."""
    return len(" ".join(body.xpath(".//text()[not(ancestor::script) and not(ancestor::style)]", smart_strings=False)).split())


def _text_shares(body: Any, f: dict[str, float], n_text: int) -> None:
    """Words of text (``n_text``), long paragraphs, and the shares of text in paragraphs and in links."""
    p_words = 0
    long_p = 0
    for p in body.iter("p"):
        w = len(" ".join(p.itertext()).split())
        p_words += w
        long_p += w >= 30
    a_words = sum(len(" ".join(a.itertext()).split()) for a in body.iter("a"))
    f["n_p_long"] = _log(long_p)
    f["text_len"] = _log(n_text)
    f["p_text_share"] = p_words / n_text if n_text else 0.0
    f["link_density"] = min(1.0, a_words / n_text) if n_text else 0.0


@lru_cache(maxsize=1)
def load_model() -> dict[str, Any]:
    """The shipped model (package data), read once per process."""
    data = resources.files("cleanseeds.extract").joinpath(MODEL_FILE).read_text(encoding="utf-8")
    model: dict[str, Any] = json.loads(data)
    if tuple(model["features"]) != _FEATURE_NAMES:
        raise ValueError(f"{MODEL_FILE} was trained on other features; rerun bench/train_pagetype.py")
    return model


def probabilities(f: dict[str, float], model: dict[str, Any] | None = None) -> dict[str, float]:
    m = model or load_model()
    x = [(f[n] - mu) / sd for n, mu, sd in zip(m["features"], m["mean"], m["scale"], strict=True)]
    scores = [b + sum(w * v for w, v in zip(row, x, strict=True)) for row, b in zip(m["weights"], m["bias"], strict=True)]
    top = max(scores)
    ex = [math.exp(s - top) for s in scores]
    z = sum(ex)
    return {k: e / z for k, e in zip(m["classes"], ex, strict=True)}


def page_type(tree: Any, url: str | None) -> tuple[str, float]:
    """The page's kind and the model's probability for it (``other`` when unsure)."""
    probs = probabilities(features(tree, url))
    kind = max(probs, key=lambda k: probs[k])
    if probs[kind] < MIN_CONFIDENCE:
        return "other", probs[kind]
    return kind, probs[kind]


def declares_article(tree: Any, open_graph: bool = True) -> bool:
    """Whether the page says it is an article: Open Graph ``og:type = article`` (not read when
    ``open_graph`` is false) or a JSON-LD article type (``NewsArticle``, ``BlogPosting`` ...: the
    ``ld_article`` group)."""
    for meta in tree.iterfind(".//meta[@property='og:type']") if open_graph else ():
        if (meta.get("content") or "").strip().lower() == "article":
            return True
    return any(_LD_LOOKUP.get(word.lower()) == "ld_article" for word in ld_types(tree))


def feature_names() -> tuple[str, ...]:
    return _FEATURE_NAMES
