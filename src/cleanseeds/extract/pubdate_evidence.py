"""Publication-date evidence from a page's parsed tree, gathered once in extract.

The enrich stage decides the publication date (:mod:`cleanseeds.enrich.pubdate`); this module
only collects what the page says about dates, each value with where it was found, from the
tree trafilatura has already parsed (no second parse, no second htmldate run):

==========================  ==========================================================================
``json-ld:published``       ``datePublished`` / ``dateCreated`` / ``uploadDate`` of a JSON-LD object
``json-ld:modified``        ``dateModified`` of a JSON-LD object
``meta:published``          ``article:published_time``, ``pubdate``, ``DC.date.issued`` ... (first key)
``meta:modified``           ``article:modified_time``, ``og:updated_time`` ...
``time:main``               ``<time datetime>`` / ``itemprop=datePublished`` outside comments etc.
``time:aside``              the same inside a comment, reply, related item, sidebar, menu or footer
``time:modified``           a ``<time>`` marked as the modification (``itemprop=dateModified``, class
                            ``updated`` / ``modified`` without ``published``), outside asides
``byline``                  short text of a date-ish byline element (class/id ``date``, ``posted`` ...)
``date-text``               an element whose own text is a full date and little else ("Dec 18, 2025",
                            "February 4, 2025 - 11 minute read", "Post time: 01-04-2024"), whatever
                            its class, in the block of the page's first ``<h1>`` (a byline next to
                            the title); outside asides
``htmldate:original``       htmldate's extensive search (trafilatura's metadata date: the same call)
``htmldate:updated``        htmldate's header/JSON search for the most recent date (cheap, no text scan)
==========================  ==========================================================================

Every item carries a ``context``: for JSON-LD whether the object is article-like (``article``,
``page``, ``other``) and whether it is nested in another object (a ``comment``, a
``review``); for ``<time>`` the position among the page's time elements. The list is stored as
JSON in ``Document.meta["pubdate_evidence"]`` (see :func:`dumps` / :func:`loads`).
"""
from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

MAX_ITEMS_PER_SOURCE = 8  # a forum page has hundreds of <time> elements: the first few suffice
MAX_TEXT = 120  # characters of a byline kept
MAX_JSONLD_OBJECTS = 500


@dataclass(frozen=True, slots=True)
class Evidence:
    source: str  # one of the sources in the module docstring
    value: str  # the raw string found (ISO timestamp, "5 November 2022", ...)
    context: str = ""  # article | page | other | nested | 0, 1, ... (see the module docstring)


def dumps(items: list[Evidence]) -> str:
    return json.dumps([[e.source, e.value, e.context] for e in items], ensure_ascii=False)


def loads(data: str | None) -> list[Evidence]:
    if not data:
        return []
    try:
        raw = json.loads(data)
    except ValueError:
        return []
    return [Evidence(str(s), str(v), str(c)) for s, v, c in raw if isinstance(v, str)]


# --- JSON-LD ---------------------------------------------------------------------------------------

_ARTICLE_TYPE = re.compile(r"Article|BlogPosting|Report|Posting|LiveBlog|Review|Recipe|VideoObject|NewsArticle|DiscussionForum|QAPage|Question", re.I)
_PAGE_TYPE = re.compile(r"WebPage|CreativeWork|ItemPage|CollectionPage|ProfilePage|AboutPage", re.I)
_NESTED_KEYS = ("comment", "comments", "review", "reviews", "suggestedAnswer", "acceptedAnswer",
                "hasPart", "isPartOf", "citation", "subjectOf", "about", "workExample")
_DESCEND_KEYS = ("@graph", "mainEntity", "mainEntityOfPage", "itemListElement")


def _jsonld_objects(tree: Any) -> Iterator[tuple[dict[str, Any], bool]]:
    """(object, nested) for every JSON-LD object; nested = below a comment/review/part key."""
    for script in tree.iterfind(".//script"):
        if "ld+json" not in (script.get("type") or "").lower():
            continue
        body = (script.text or "").strip().removeprefix("<!--").removesuffix("-->").strip()
        try:
            data = json.loads(body)
        except (ValueError, RecursionError):
            continue
        stack: list[tuple[Any, bool]] = [(data, False)]
        seen = 0
        while stack and seen < MAX_JSONLD_OBJECTS:
            item, nested = stack.pop(0)
            seen += 1
            if isinstance(item, list):
                stack.extend((x, nested) for x in item)
            elif isinstance(item, dict):
                yield item, nested
                for key in _DESCEND_KEYS:
                    if isinstance(item.get(key), (list, dict)):
                        stack.append((item[key], nested))
                for key in _NESTED_KEYS:
                    if isinstance(item.get(key), (list, dict)):
                        stack.append((item[key], True))


def _first_str(value: Any) -> str | None:
    if isinstance(value, str) and value.strip():
        return value.strip()
    if isinstance(value, list) and value and isinstance(value[0], str):
        return value[0].strip() or None
    return None


def _jsonld(tree: Any) -> list[Evidence]:
    out: list[Evidence] = []
    for obj, nested in _jsonld_objects(tree):
        kind = str(obj.get("@type", ""))
        ctx = "nested" if nested else "article" if _ARTICLE_TYPE.search(kind) else "page" if _PAGE_TYPE.search(kind) else "other"
        pub = _first_str(obj.get("datePublished")) or _first_str(obj.get("dateCreated")) or _first_str(obj.get("uploadDate"))
        mod = _first_str(obj.get("dateModified"))
        if pub:
            out.append(Evidence("json-ld:published", pub[:100], ctx))
        if mod:
            out.append(Evidence("json-ld:modified", mod[:100], ctx))
        if len(out) >= 2 * MAX_ITEMS_PER_SOURCE:
            break
    return out


# --- meta tags -------------------------------------------------------------------------------------

#: meta keys (property / name / itemprop / http-equiv, lowercased), most specific first
META_PUBLISHED = (
    "article:published_time", "og:article:published_time", "og:published_time", "datepublished",
    "article.published", "published_time", "publish-date", "publishdate", "publish_date",
    "pubdate", "publication_date", "date.published", "dc.date.issued", "dcterms.issued",
    "dcterms.created", "dc.date.created", "dc.date", "dcterms.date", "citation_publication_date",
    "citation_date", "parsely-pub-date", "sailthru.date", "originalpublicationdate",
    "article:post_date", "cxenseparse:recs:publishtime", "ms.date", "date",
)
META_MODIFIED = (
    "article:modified_time", "og:updated_time", "og:article:modified_time", "datemodified",
    "dcterms.modified", "dc.date.modified", "last-modified", "article.updated", "lastmod",
    "modified_time",
)


def _meta(tree: Any) -> list[Evidence]:
    found: dict[str, str] = {}
    for elem in tree.iterfind(".//meta"):
        content = elem.get("content") or elem.get("datetime")
        if not content or not content.strip():
            continue
        for key_attr in ("property", "name", "itemprop", "http-equiv"):
            key = elem.get(key_attr)
            if key:
                found.setdefault(key.lower().strip(), content.strip()[:100])
    out: list[Evidence] = []
    pub = next(((k, found[k]) for k in META_PUBLISHED if k in found), None)
    mod = next(((k, found[k]) for k in META_MODIFIED if k in found), None)
    if pub:
        out.append(Evidence("meta:published", pub[1], pub[0]))
    if mod:
        out.append(Evidence("meta:modified", mod[1], mod[0]))
    return out


# --- <time>, itemprop and bylines in the body --------------------------------------------------------

#: class/id words of a container whose dates are not the page's: comments, replies, related or
#: recommended items, sidebars, menus (a CMS "menu" view of news items), footers, widgets
_ASIDE = re.compile(r"comment|repl(?:y|ies)|related|recommend|sidebar|menu|(?<![\w-])widget|footer|more-(?:stories|articles|news)|"
                    r"read-?next|popular|trending|teaser|carousel|you-may|also-like|latest|recent-posts|archive", re.I)
_ASIDE_TAGS = frozenset({"aside", "footer", "nav"})
_BYLINE = re.compile(
    r"(?:^|[\s_-])(?:date|dateline|time|posted|published|pubdate|byline|entry-meta|post-meta|article-meta|timestamp|meta-date|post-date)"
    r"(?:$|[\s_-])",
    re.I,
)
_BYLINE_MEMO: dict[tuple[str | None, str | None], bool] = {}  # (class, id) -> byline (pages repeat their classes)


def _is_byline(cls: str | None, eid: str | None) -> bool:
    """Whether an element's class and id name a byline (:data:`_BYLINE`), memoised."""
    found = _BYLINE_MEMO.get((cls, eid))
    if found is None:
        found = _BYLINE.search(f"{cls or ''} {eid or ''}") is not None
        if len(_BYLINE_MEMO) < 50_000:
            _BYLINE_MEMO[(cls, eid)] = found
    return found


_HAS_DIGIT = re.compile(r"\d")
#: class words of a <time> that holds the modification date (hAtom "updated", "date-modified" ...)
_MODIFIED_CLASS = re.compile(r"(?:^|[\s_-])(?:updated|modified|last-?modified|date-?modified)(?:$|[\s_-])", re.I)
_MONTH = (r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|"
          r"oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?")
#: an element's own text that is a full date, perhaps after a publication cue ("Posted:", "Post
#: time:"), "on" or a weekday, perhaps followed by a short remainder ("· 12 min read", a time of
#: day); the date itself is parsed in enrich
BARE_DATE = re.compile(
    rf"^(?:(?:posted|published|post\s+(?:time|date)|publish\s+date)\s*:?\s*)?(?:on\s+)?(?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s+)?"
    rf"(?:{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+(?:19|20)\d\d|\d{{1,2}}(?:st|nd|rd|th)?\s+{_MONTH},?\s+(?:19|20)\d\d"
    rf"|(?:19|20)\d\d-[01]\d-[0-3]\d|[0-3]?\d([/.-])[0-3]?\d\1(?:19|20)\d\d)(?!\d)(?P<rest>.*)$",
    re.I,
)
MAX_BARE_REST = 30  # characters after the date in a bare date element
MAX_BARE_TEXT = 60
MAX_BARE_ITEMS = 2  # only the first counts in the decision; the second shows whether it was alone
BYLINE_ANCESTORS = 4  # a bare date this close below a byline element belongs to that byline
TITLE_BLOCK_LEVELS = 4  # a bare date counts only in the title's block: its lowest common ancestor
NEAR_TITLE_LEVELS = 3  # with the first <h1> is at most 4 levels above the h1 and 3 above the date
_MAX_ANCESTORS = 25


def _has_ancestor(elem: Any, tag: str) -> bool:
    node = elem.getparent()
    while node is not None:
        if node.tag == tag:
            return True
        node = node.getparent()
    return False


def _is_aside(node: Any) -> bool:
    """Whether ``node`` is an aside (its dates are not the page's): an ``<aside>``, ``<nav>`` or a
    footer outside an article, or a container named like one that does not hold the page's h1."""
    tag = node.tag if isinstance(node.tag, str) else ""
    if tag in _ASIDE_TAGS and not (tag == "footer" and _has_ancestor(node, "article")):
        return True  # (an article's own footer often holds its date)
    attrs = f"{node.get('class') or ''} {node.get('id') or ''}"
    # (a container that holds the page's h1 is a layout wrapper, not an aside)
    return bool(attrs.strip() and _ASIDE.search(attrs) and node.find(".//h1") is None)


def _in_aside(elem: Any, seen: dict[Any, bool] | None = None) -> bool:
    """Whether one of the :data:`_MAX_ANCESTORS` nearest ancestors of ``elem`` is an aside
    (:func:`_is_aside`; ``seen``: the answers for the ancestors met so far, per element: the
    dates of a page share their containers, and the h1 search of a container walks all of it)."""
    node = elem.getparent()
    depth = 0
    while node is not None and depth < _MAX_ANCESTORS:
        found = seen.get(node) if seen is not None else None
        if found is None:
            found = _is_aside(node)
            if seen is not None:
                seen[node] = found
        if found:
            return True
        node = node.getparent()
        depth += 1
    return False


def _bare_date(elem: Any) -> str | None:
    """(Called for an element with a short own text that has a digit.) The element's own text when it is a full date and little else (see :data:`BARE_DATE`),
    unless it sits inside a byline element (whose text, with its "edited"/"Updated" cue, is
    already evidence)."""
    text = " ".join(elem.text.split())
    m = BARE_DATE.match(text)
    if m is None or len(m["rest"]) > MAX_BARE_REST:
        return None
    node = elem.getparent()
    for _ in range(BYLINE_ANCESTORS):
        if node is None:
            break
        attrs = f"{node.get('class') or ''} {node.get('id') or ''}"
        if node.tag == "time" or (attrs.strip() and _BYLINE.search(attrs)):
            return None
        node = node.getparent()
    return text


def _title_block(tree: Any) -> set[Any]:
    """The first ``<h1>``'s ancestors up to :data:`TITLE_BLOCK_LEVELS` levels: the page's header
    block, where a byline without a class sits next to the title."""
    node = tree.find(".//h1")
    out: set[Any] = set()
    for _ in range(TITLE_BLOCK_LEVELS):
        if node is None:
            break
        node = node.getparent()
        if node is not None:
            out.add(node)
    return out


def _near(elem: Any, block: set[Any]) -> bool:
    node = elem.getparent()
    for _ in range(NEAR_TITLE_LEVELS):
        if node is None:
            return False
        if node in block:
            return True
        node = node.getparent()
    return False


_DATE_ITEMPROPS = ("datePublished", "dateCreated")


class _BodyDates:
    """The dates of the body's ``<time>``, byline and bare-date elements, as they are met."""

    def __init__(self, tree: Any) -> None:
        self.tree = tree
        self.out: list[Evidence] = []
        self.main = self.aside = self.bare = 0  # items found outside / inside asides, bare dates
        self.title_block: set[Any] | None = None  # computed at the first bare date
        self.asides: dict[Any, bool] = {}  # element -> whether it is an aside (:func:`_is_aside`), as met

    def full(self) -> bool:
        """Whether enough dates were found both outside and inside asides."""
        return self.main >= MAX_ITEMS_PER_SOURCE and self.aside >= MAX_ITEMS_PER_SOURCE

    def time_element(self, elem: Any) -> None:
        """A ``<time>``, an ``<abbr class=published>`` or an ``itemprop`` date: a publication
        date (``time``), or a modification date (``time:modified``, outside asides only)."""
        if elem.tag == "abbr" and "published" not in (elem.get("class") or ""):
            return
        value = elem.get("datetime") or elem.get("content") or elem.get("title") or elem.text_content()
        cls = elem.get("class") or ""
        if elem.get("itemprop") == "dateModified" or (_MODIFIED_CLASS.search(cls) and "publish" not in cls.lower()):
            if value and _HAS_DIGIT.search(value) and not _in_aside(elem, self.asides):
                self.out.append(Evidence("time:modified", " ".join(value.split())[:MAX_TEXT]))
            return
        self.dated(elem, "time", value)

    def text_element(self, elem: Any) -> None:
        """A ``<span>``, ``<div>``, ``<p>``, a heading or a ``<date>`` (:data:`_TEXT_TAGS`): a
        short byline element (by class/id), else perhaps a bare date."""
        cls, eid = elem.get("class"), elem.get("id")
        if not ((cls or eid) and _is_byline(cls, eid)):
            self.bare_date(elem)
            return
        value = elem.text_content()
        if value and len(value) <= MAX_TEXT:
            self.dated(elem, "byline", value)

    def bare_date(self, elem: Any) -> None:
        """An element whose own short text is a full date, next to the page's title (``date-text``)."""
        own = elem.text
        if self.bare < MAX_BARE_ITEMS and own and len(own) <= MAX_BARE_TEXT and _HAS_DIGIT.search(own):
            text = _bare_date(elem)
            if text and self.title_block is None:
                self.title_block = _title_block(self.tree)
            if text and self.title_block and _near(elem, self.title_block) and not _in_aside(elem, self.asides):
                self.out.append(Evidence("date-text", text, str(self.bare)))
                self.bare += 1

    def dated(self, elem: Any, source: str, value: str | None) -> None:
        """A value with a digit: ``{source}:aside`` inside an aside, else the page's own
        (``time:main`` / ``byline``), numbered, the first :data:`MAX_ITEMS_PER_SOURCE` of each kept."""
        if not value or not _HAS_DIGIT.search(value):
            return
        value = " ".join(value.split())[:MAX_TEXT]
        if _in_aside(elem, self.asides):
            if self.aside < MAX_ITEMS_PER_SOURCE:
                self.out.append(Evidence(f"{source}:aside", value, str(self.aside)))
            self.aside += 1
        else:
            if self.main < MAX_ITEMS_PER_SOURCE:
                self.out.append(Evidence(f"{source}:main" if source == "time" else source, value, str(self.main)))
            self.main += 1


#: elements whose short text may be a byline or a bare date: the usual containers, the headings
#: under a title ("<h5>May 6, 2025</h5>") and a <date> some templates invent (list items and
#: emphasis were measured: no page gained, and menus made them the costliest to visit)
_TEXT_TAGS = ("span", "div", "p", "h2", "h3", "h4", "h5", "h6", "date")


def _body_dates(tree: Any) -> list[Evidence]:
    found = _BodyDates(tree)
    for elem in tree.iter("time", "abbr", "meta", *_TEXT_TAGS):
        if not isinstance(elem.tag, str):
            continue
        if elem.tag in ("time", "abbr") or elem.get("itemprop") in _DATE_ITEMPROPS:
            found.time_element(elem)  # (a <meta> gets here only with a date itemprop)
        elif elem.tag in _TEXT_TAGS:
            found.text_element(elem)
        if found.full():
            break
    return found.out


# --- htmldate --------------------------------------------------------------------------------------


def htmldate_updated(tree: Any, max_date: str | None) -> str | None:
    """htmldate's most recent date from the header and JSON only (no text scan): cheap."""
    try:
        from htmldate.core import examine_header
        from htmldate.extractors import json_search
        from htmldate.utils import Extractor
        from htmldate.validators import get_max_date, get_min_date

        options = Extractor(False, get_max_date(max_date), get_min_date(None), False, "%Y-%m-%d")
        result: str | None = examine_header(tree, options) or json_search(tree, options)
        return result
    except Exception:  # noqa: BLE001 - htmldate raises assorted errors on hostile markup
        return None


def gather(tree: Any, htmldate_original: str | None, max_date: str | None) -> list[Evidence]:
    """Every date the parsed page offers, with its source (see the module docstring).

    ``htmldate_original`` is the htmldate result trafilatura's metadata step already computed.
    """
    out = _jsonld(tree) + _meta(tree) + _body_dates(tree)
    if htmldate_original:
        out.append(Evidence("htmldate:original", htmldate_original))
    upd = htmldate_updated(tree, max_date)
    if upd:
        out.append(Evidence("htmldate:updated", upd))
    return out
