"""Publication date of a document, with its granularity and where it came from.

Sources, most trusted first; the first plausible one wins:

==========================  ===============================================================
``html:json-ld``            ``datePublished`` of the page's JSON-LD (schema.org Article ...)
``html:meta``               ``article:published_time``, ``pubdate``, ``DC.date.issued`` ...
(set by extract)            whatever the extract stage already put in ``published``
``html:trafilatura``        trafilatura's metadata date (``meta["trafilatura_date"]``)
``html:htmldate``           htmldate, extensive search, original (not updated) date
``json:date``               the JSON/JSONL date field (``meta["json_date"]``)
``url``                     ``/2022/11/05/`` or ``/2022-11-05/`` (day), ``/2022/11/`` (month)
``text:dateline``           a full date in the dateline ("LONDON, 5 November 2022 --")
``text:published-line``     a short "Published November 5, 2022" line, kept or removed
``text:copyright``          the (last) year of a copyright line, kept or removed: year only
==========================  ===============================================================

When a day-precise metadata date and a day in the URL differ by exactly one day, the URL's day
wins (source ``url``): metadata timestamps are often in UTC, the URL is the publisher's date.

A candidate is plausible when it is on or after 1800-01-01 and not after the ingest day
(or the WARC fetch day) plus one day of time-zone slack; an implausible one is skipped and
the next source is tried. ``updated`` is set from ``dateModified``/``article:modified_time``
or an "Updated ..." line when it differs from (and is later than) the publication date.
"""
from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from cleanseeds.enrich.dateline import Dateline
from cleanseeds.enrich.dates import parse_date
from cleanseeds.records import Document

EARLIEST = dt.date(1800, 1, 1)
FUTURE_SLACK = dt.timedelta(days=1)
MAX_HTML_SCAN = 2_000_000  # characters of HTML scanned for JSON-LD and meta tags

# Country-code TLDs whose sites write numeric dates day first (05/11/2022 = 5 November).
_DAY_FIRST_TLDS = frozenset("uk ie au nz in za ng ke gh pk sg my hk fr de es it nl be pt br ar mx ch at dk se no fi pl cz ru ua tr gr ro hu il eg".split())


@dataclass(frozen=True, slots=True)
class PubDate:
    date: dt.date
    granularity: str  # day | month | year
    source: str


def day_first_for(url: str | None) -> bool:
    """Whether ambiguous numeric dates on this site are day-first (from the URL's TLD)."""
    if not url:
        return False
    host = urlsplit(url).hostname or ""
    return host.rsplit(".", 1)[-1].lower() in _DAY_FIRST_TLDS


def is_plausible(date: dt.date, today: dt.date, fetched: dt.date | None = None) -> bool:
    limit = min(today, fetched) if fetched else today
    return EARLIEST <= date <= limit + FUTURE_SLACK


# --- HTML: JSON-LD and meta tags ----------------------------------------------------------------

_LD_SCRIPT = re.compile(r"<script[^>]+type\s*=\s*[\"']?application/ld\+json[\"']?[^>]*>(.*?)</script>", re.I | re.S)
_META_TAG = re.compile(r"<meta\b[^>]*>", re.I)
_ATTR = re.compile(r"""([\w:.-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""")
_ARTICLE_TYPES = re.compile(r"Article|BlogPosting|Report|NewsArticle|LiveBlogPosting|Posting|WebPage|CreativeWork|VideoObject", re.I)

# meta keys (property / name / itemprop / http-equiv), lowercased
_META_PUBLISHED = (
    "article:published_time", "og:article:published_time", "og:published_time", "datepublished",
    "article.published", "published_time", "publish-date", "publishdate", "publish_date",
    "pubdate", "publication_date", "date.published", "dc.date.issued", "dcterms.issued",
    "dcterms.created", "dc.date.created", "dc.date", "dcterms.date", "citation_publication_date",
    "citation_date", "parsely-pub-date", "sailthru.date", "originalpublicationdate",
    "article:post_date", "cxenseparse:recs:publishtime", "date",
)
_META_MODIFIED = (
    "article:modified_time", "og:updated_time", "og:article:modified_time", "datemodified",
    "dcterms.modified", "dc.date.modified", "last-modified", "article.updated", "lastmod",
    "modified_time",
)


def _jsonld_objects(html: str) -> Iterator[dict[str, Any]]:
    for m in _LD_SCRIPT.finditer(html[:MAX_HTML_SCAN]):
        body = m.group(1).strip().removeprefix("<!--").removesuffix("-->").strip()
        try:
            data = json.loads(body)
        except (ValueError, RecursionError):
            continue
        stack: list[Any] = [data]
        seen = 0
        while stack and seen < 500:
            item = stack.pop(0)
            seen += 1
            if isinstance(item, list):
                stack.extend(item)
            elif isinstance(item, dict):
                yield item
                for key in ("@graph", "mainEntity", "mainEntityOfPage", "itemListElement"):
                    if isinstance(item.get(key), (list, dict)):
                        stack.append(item[key])


def _first_str(value: Any) -> str | None:
    if isinstance(value, str):
        return value
    if isinstance(value, list) and value and isinstance(value[0], str):
        return value[0]
    return None


def jsonld_dates(html: str) -> tuple[str | None, str | None]:
    """(datePublished, dateModified) from the page's JSON-LD, article-like objects first."""
    published = modified = None
    ranked = sorted(_jsonld_objects(html), key=lambda o: 0 if _ARTICLE_TYPES.search(str(o.get("@type", ""))) else 1)
    for obj in ranked:
        published = published or _first_str(obj.get("datePublished")) or _first_str(obj.get("dateCreated")) or _first_str(obj.get("uploadDate"))
        modified = modified or _first_str(obj.get("dateModified"))
        if published and modified:
            break
    return published, modified


def meta_dates(html: str) -> tuple[str | None, str | None]:
    """(published, modified) from ``<meta>`` tags, in the priority order of the key lists."""
    found: dict[str, str] = {}
    for tag in _META_TAG.finditer(html[:MAX_HTML_SCAN]):
        attrs = {a.lower(): (v1 or v2 or v3) for a, v1, v2, v3 in _ATTR.findall(tag.group(0))}
        content = attrs.get("content") or attrs.get("datetime")
        if not content:
            continue
        for key_attr in ("property", "name", "itemprop", "http-equiv"):
            key = attrs.get(key_attr)
            if key:
                found.setdefault(key.lower(), content)
    published = next((found[k] for k in _META_PUBLISHED if k in found), None)
    modified = next((found[k] for k in _META_MODIFIED if k in found), None)
    return published, modified


def htmldate_date(html: str, url: str | None, today: dt.date) -> str | None:
    """htmldate's extensive search for the original publication date (None when it finds none)."""
    try:
        from htmldate import find_date

        return find_date(html, url=url, extensive_search=True, original_date=True,
                         outputformat="%Y-%m-%d", max_date=today.isoformat())
    except Exception:  # noqa: BLE001 - htmldate raises assorted errors on hostile markup
        return None


# --- URL and text cues ------------------------------------------------------------------------

_URL_DAY = re.compile(r"(?<!\d)(?P<y>(?:19|20)\d\d)[/_-](?P<m>[01]?\d)[/_-](?P<d>[0-3]?\d)(?=[/_.-]|$)")
_URL_COMPACT = re.compile(r"/(?P<y>(?:19|20)\d\d)(?P<m>[01]\d)(?P<d>[0-3]\d)(?=[/_.-]|$)")
_URL_MONTH = re.compile(r"/(?P<y>(?:19|20)\d\d)/(?P<m>[01]?\d)(?=/)")


def url_date(url: str | None) -> tuple[dt.date, str] | None:
    if not url:
        return None
    path = urlsplit(url).path
    for rx, gran in ((_URL_DAY, "day"), (_URL_COMPACT, "day"), (_URL_MONTH, "month")):
        m = rx.search(path)
        if m:
            try:
                d = dt.date(int(m["y"]), int(m["m"]), int(m["d"]) if gran == "day" else 1)
            except ValueError:
                continue
            return d, gran
    return None


_PUBLISHED_LINE = re.compile(
    r"^\s*(?:(?P<upd>Updated|Last updated|Last modified|Modified)|Published|First published|"
    r"Posted|Originally published|Publication date|Date|Released|Filed)(?:\s+on)?\s*[:|–—-]?\s*(?P<rest>.{6,80})$",
    re.I,
)
_COPYRIGHT = re.compile(r"(?:©|\(c\)|\bcopyright\b)", re.I)
_YEAR = re.compile(r"(?<!\d)(1[89]\d\d|20\d\d)(?!\d)")
MAX_CUE_LINE = 120


def _candidate_lines(doc: Document) -> Iterator[str]:
    """Short lines of the cleaned text and of the removed lines (a "Published ..." or
    copyright line is often removed as junk but still says when the story appeared)."""
    for line in doc.text.split("\n"):
        if 0 < len(line) <= MAX_CUE_LINE:
            yield line
    for r in doc.removed:
        if 0 < len(r.text) <= MAX_CUE_LINE:
            yield r.text


def published_line_dates(doc: Document, day_first: bool) -> tuple[tuple[dt.date, str] | None, dt.date | None]:
    """(published, updated) from lines like "Published Nov. 5, 2022 4:32 PM ET"."""
    published: tuple[dt.date, str] | None = None
    updated: dt.date | None = None
    for line in _candidate_lines(doc):
        m = _PUBLISHED_LINE.match(line)
        if not m:
            continue
        got = parse_date(m["rest"], day_first=day_first)
        if got is None or got[1] == "year":
            continue
        if m["upd"]:
            updated = updated or got[0]
        elif published is None:
            published = got
    return published, updated


def copyright_year(doc: Document) -> int | None:
    """The latest year of the first copyright line ("© 2010–2022 NPR" -> 2022)."""
    lines = [r.text for r in doc.removed if r.reason == "copyright"] + list(_candidate_lines(doc))
    for line in lines:
        if _COPYRIGHT.search(line):
            years = [int(y) for y in _YEAR.findall(line)]
            if years:
                return max(years)
    return None


# --- putting it together ----------------------------------------------------------------------


def find_publication(doc: Document, today: dt.date, dateline: Dateline | None = None) -> tuple[PubDate | None, dt.date | None]:
    """(publication date, updated date) of ``doc``; either may be None."""
    fetched = doc.fetched_at.date() if doc.fetched_at else None
    day_first = day_first_for(doc.url)
    updated_raw: list[str] = []
    updated_dates: list[dt.date] = []

    def parsed(value: str | None) -> tuple[dt.date, str] | None:
        if not value or not isinstance(value, str):
            return None
        got = parse_date(value[:100], day_first=day_first)
        if got and is_plausible(got[0], today, fetched):
            return got
        return None

    def candidates() -> Iterator[tuple[tuple[dt.date, str] | None, str]]:
        html = doc.raw if doc.raw_is_html and doc.raw else None
        if html is not None:
            pub, mod = jsonld_dates(html)
            if mod:
                updated_raw.append(mod)
            yield parsed(pub), "html:json-ld"
            pub, mod = meta_dates(html)
            if mod:
                updated_raw.append(mod)
            yield parsed(pub), "html:meta"
        if doc.published is not None and doc.published_source:
            if is_plausible(doc.published, today, fetched):
                yield (doc.published, doc.published_granularity or "day"), doc.published_source
        yield parsed(doc.meta.get("trafilatura_date")), "html:trafilatura"
        if html is not None:
            yield parsed(htmldate_date(html, doc.url, today)), "html:htmldate"
        yield parsed(doc.meta.get("json_date")), "json:date"
        got = url_date(doc.url)
        yield (got if got and is_plausible(got[0], today, fetched) else None), "url"
        if dateline is not None and dateline.date_text:
            yield parsed(dateline.date_text), "text:dateline"
        line_pub, line_upd = published_line_dates(doc, day_first)
        if line_upd:
            updated_dates.append(line_upd)
        yield (line_pub if line_pub and is_plausible(line_pub[0], today, fetched) else None), "text:published-line"
        year = copyright_year(doc)
        if year is not None:
            d = dt.date(year, 1, 1)
            yield ((d, "year") if is_plausible(d, today, fetched) else None), "text:copyright"

    result: PubDate | None = None
    for got, source in candidates():
        if got is not None:
            result = PubDate(got[0], got[1], source)
            break
    if result is not None and result.granularity == "day" and result.source != "url":
        # Metadata timestamps are often UTC: a story published in the evening in the
        # Americas carries the next day's date. A URL day one day off is the publisher's
        # own calendar date; take it.
        got = url_date(doc.url)
        if got and got[1] == "day" and abs((got[0] - result.date).days) == 1 and is_plausible(got[0], today, fetched):
            result = PubDate(got[0], "day", "url")
    updated: dt.date | None = None
    if result is not None and result.granularity == "day":
        for raw in updated_raw:
            got = parsed(raw)
            if got and got[1] == "day":
                updated_dates.append(got[0])
        later = [u for u in updated_dates if u > result.date and is_plausible(u, today, fetched)]
        updated = min(later) if later else None
    return result, updated

