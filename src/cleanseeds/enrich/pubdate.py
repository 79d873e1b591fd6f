"""Publication date of a document: a decision over every candidate, with its source, its
granularity and the runner-up when the evidence disagrees.

Candidates (public ``published_source`` names; the evidence is gathered once from the parsed
tree by :mod:`cleanseeds.extract.pubdate_evidence`):

==========================  ===============================================================
``json:date``               the JSON/JSONL date field (``meta["json_date"]``)
``html:json-ld``            ``datePublished`` of the page's JSON-LD (article-like object)
``html:meta``               ``article:published_time``, ``pubdate``, ``DC.date.issued`` ...
``html:time``               a ``<time datetime>`` / ``itemprop=datePublished`` in the body
``html:trafilatura``        trafilatura's metadata date = htmldate's extensive search (one run)
``html:htmldate``           htmldate, when run here (a document without extract evidence)
``url``                     ``/2022/11/05/``, ``/2022-11-05/``, ``/a-slug-20221105`` (day), ``/2022/11/`` (month)
``html:byline``             a short byline element with a date ("Posted 5 Nov 2022"), or the first
                            element whose own text is a bare date ("Dec 18, 2025 · 3 min read")
``text:dateline``           a full date in the dateline ("LONDON, 5 November 2022 --")
``text:published-line``     a short "Published November 5, 2022" line, kept or removed; else a date
                            alone at the head of the text (a forum's first post header)
``text:copyright``          the (last) year of a copyright line, kept or removed: year only
==========================  ===============================================================

**The decision** (:func:`decide`). Day-precise candidates are grouped by day; a group's score
is the sum, over the *families* of evidence that name that day (the record's own field;
structured metadata with htmldate, which reads the same tags first; the body's ``<time>`` and
byline elements; the URL; the text), of the strongest weight in each family (:data:`WEIGHTS`),
so two independent sources that agree beat one strong source alone: a URL day that agrees with
a body date beats a lone JSON-LD value. A date found only inside a comment, a reply, a related
item, a sidebar or a nested JSON-LD object (a comment, a review) is not the page's and is no
candidate. A modified date is not a publication date: a byline that says "Updated ..." /
"edited ..." is a modified date, and when htmldate's day is only a modified date its vote
shrinks to :data:`WEIGHTS` ``["htmldate:modified"]`` (it still decides when nothing else
speaks). The first element of the page (outside asides and bylines) whose own text is a bare
date counts as a byline that has no class (weight ``date-text:first``; later ones carry none:
lists of posts). The body's first date, when every published field (JSON-LD, meta) comes
later in every time zone (a zoned moment after that day has ended at UTC-12; without a zone, a
day two or more days later), is the day the page first appeared and the fields a later stamp
(a re-publication, a migration): its weight rises above one structured source alone
(``body:earlier``). A numeric date that reads two ways ("02-12-2025") counts three quarters
(:data:`AMBIGUOUS_NUMERIC`): a tie goes to the other side; unless the page's own numeric dates
tell its order ("11.24.2025" anywhere on the page, related cards included: month first), which
then reads them all (:func:`numeric_order`; otherwise the TLD decides, and dots read day first).
htmldate's day that is only one of those dates read against the page's order (it guessed the
order) has no vote. htmldate's 1 January is a year (htmldate writes a year it found alone,
from a copyright line or ``copyrightYear``, as 1 January): a year candidate, and without any
day, a month (the URL's) goes before a year. htmldate's day that only the body's later dates
name (not its first date, not a published field) is its reading of a list of posts below the
page: it votes like a modified date. A URL day one day off a metadata timestamp joins its group and wins its day (metadata
timestamps are often UTC; the URL is the publisher's calendar). The winning group's source is
its highest-ranked member (:data:`SOURCE_ORDER`); the best other group is the runner-up
(``published_runner_up``). Without any day-precise candidate, month or year candidates are
taken in source order.

A candidate is plausible when it is on or after 1800-01-01 and not after the ingest day
(or the WARC fetch day) plus one day of time-zone slack; an implausible one is dropped.
``updated`` is the earliest modified date (``dateModified``, ``article:modified_time``,
htmldate's most-recent date, an "Updated ..." line) later than the publication date.
"""
from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from cleanseeds.enrich.dateline import Dateline
from cleanseeds.enrich.dates import parse_date
from cleanseeds.extract import pubdate_evidence as ev
from cleanseeds.records import Document
from cleanseeds.schemas import EARLIEST_DATE, FUTURE_TOLERANCE

MAX_HTML_SCAN = 2_000_000  # characters of HTML scanned for JSON-LD and meta tags

# Country-code TLDs whose sites write numeric dates day first (05/11/2022 = 5 November).
_DAY_FIRST_TLDS = frozenset("uk ie au nz in za ng ke gh pk sg my hk fr de es it nl be pt br ar mx ch at dk se no fi pl cz ru ua tr gr ro hu il eg".split())


def day_first_for(url: str | None) -> bool:
    """Whether ambiguous numeric dates on this site are day-first (from the URL's TLD)."""
    if not url:
        return False
    host = urlsplit(url).hostname or ""
    return host.rsplit(".", 1)[-1].lower() in _DAY_FIRST_TLDS


def is_plausible(date: dt.date, today: dt.date, fetched: dt.date | None = None) -> bool:
    limit = min(today, fetched) if fetched else today
    return EARLIEST_DATE <= date <= limit + FUTURE_TOLERANCE


# --- HTML evidence --------------------------------------------------------------------------------


def html_evidence(html: str, today: dt.date, url: str | None = None, *, run_htmldate: bool = True) -> list[ev.Evidence]:
    """Evidence for a page that did not go through extract (a document built by hand, a
    test): parse it once and gather from the tree, htmldate included (``html:htmldate``)."""
    from trafilatura.utils import load_html

    tree = load_html(html[:MAX_HTML_SCAN])
    if tree is None:
        return []
    items = ev.gather(tree, None, today.isoformat())
    if run_htmldate:
        found = htmldate_date(tree, url, today)
        if found:
            items.append(ev.Evidence("htmldate:run", found))
    return items


def jsonld_dates(html: str) -> tuple[str | None, str | None]:
    """(datePublished, dateModified) of the page's JSON-LD, article-like objects first."""
    items = html_evidence(html, dt.date.max, run_htmldate=False)
    rank = {"article": 0, "page": 1, "other": 2}
    pub = sorted((rank.get(e.context, 3), i, e.value) for i, e in enumerate(items) if e.source == "json-ld:published" and e.context != "nested")
    mod = sorted((rank.get(e.context, 3), i, e.value) for i, e in enumerate(items) if e.source == "json-ld:modified" and e.context != "nested")
    return (pub[0][2] if pub else None), (mod[0][2] if mod else None)


def meta_dates(html: str) -> tuple[str | None, str | None]:
    """(published, modified) from ``<meta>`` tags, in the priority order of the key lists."""
    items = html_evidence(html, dt.date.max, run_htmldate=False)
    pub = next((e.value for e in items if e.source == "meta:published"), None)
    mod = next((e.value for e in items if e.source == "meta:modified"), None)
    return pub, mod


def htmldate_date(html: Any, url: str | None, today: dt.date) -> str | None:
    """htmldate's extensive search for the original publication date (None when it finds none)."""
    try:
        from htmldate import find_date

        found: str | None = find_date(html, url=url, extensive_search=True, original_date=True,
                                      outputformat="%Y-%m-%d", max_date=today.isoformat())
        return found
    except Exception:  # noqa: BLE001 - htmldate raises assorted errors on hostile markup
        return None


# --- URL and text cues ------------------------------------------------------------------------

_URL_DAY = re.compile(r"(?<!\d)(?P<y>(?:19|20)\d\d)[/_-](?P<m>[01]?\d)[/_-](?P<d>[0-3]?\d)(?=[/_.-]|$)")
_URL_COMPACT = re.compile(r"[/_-](?P<y>(?:19|20)\d\d)(?P<m>[01]\d)(?P<d>[0-3]\d)(?=[/_.-]|$)")  # /20221105/, a-slug-20221105
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


HEAD_LINES = 3  # lines at the head of the text searched for a date alone


def head_date_line(doc: Document, day_first: bool) -> tuple[dt.date, str] | None:
    """A full date alone (perhaps "· 8 min read", a time, a post number after it) in one of the
    first :data:`HEAD_LINES` lines of the text: the byline of a page whose markup has none, or
    a forum's first post header ("| 30th March 2025, 16:26 | #1 |", its first cell)."""
    for line in doc.text.split("\n", HEAD_LINES)[:HEAD_LINES]:
        cell = line.lstrip(" |\\")[:ev.MAX_BARE_TEXT + 1].split("|", 1)[0].rstrip(" \\")
        if len(cell) > ev.MAX_BARE_TEXT:
            continue
        m = ev.BARE_DATE.match(cell)
        if m is not None and len(m["rest"]) <= ev.MAX_BARE_REST:
            got = parse_date(cell, day_first=day_first)
            if got is not None and got[1] == "day":
                return got
    return None


def copyright_year(doc: Document) -> int | None:
    """The latest year of the first copyright line ("© 2010–2022 NPR" -> 2022)."""
    lines = [r.text for r in doc.removed if r.reason == "copyright"] + list(_candidate_lines(doc))
    for line in lines:
        if _COPYRIGHT.search(line):
            years = [int(y) for y in _YEAR.findall(line)]
            if years:
                return max(years)
    return None


# --- the decision ------------------------------------------------------------------------------

#: public source names, most trusted first: names the winning group after its best member, and
#: orders month/year candidates when no day-precise one exists
SOURCE_ORDER = (
    "json:date", "html:json-ld", "html:meta", "html:time", "html:trafilatura", "html:htmldate",
    "url", "html:byline", "text:dateline", "text:published-line", "text:copyright",
)
HTMLDATE_SOURCES = frozenset({"html:trafilatura", "html:htmldate"})
#: evidence family of each source: agreement counts across families, not within one. htmldate
#: reads the same meta tags and JSON-LD first, so it is not independent of them: one family.
FAMILY = {
    "json:date": "record", "html:json-ld": "structured", "html:meta": "structured",
    "html:time": "body", "html:byline": "body", "html:trafilatura": "structured", "html:htmldate": "structured",
    "url": "url", "text:dateline": "text", "text:published-line": "text", "text:copyright": "text",
}
#: weight of a candidate by (evidence source, context); tuned on the tune half of the WCXB
#: split (bench/pubdate.py), see the module docstring
WEIGHTS: dict[str, float] = {
    "json:date": 6.0,
    "extract": 6.0,  # a date the reader already set from the input's own field
    "json-ld:article": 3.0, "json-ld:page": 2.0, "json-ld:other": 1.5,
    "meta": 3.0,
    "time:first": 2.0, "time:next": 1.0,
    "byline:first": 1.5, "byline:next": 0.5,
    "date-text:first": 2.5, "date-text:next": 0.0,
    "htmldate": 2.0, "htmldate:modified": 0.5,
    "url": 3.0,
    "text:dateline": 2.0, "text:published-line": 2.5,
    "body:earlier": 3.5,  # the body's first date, days before every published field (_Found.earlier_byline)
}
#: a published field this many days or more after the body's first date is a later stamp (one
#: day apart is a time zone: the benchmark labels sometimes the UTC day, sometimes the local one)
EARLIER_BYLINE_DAYS = 2
#: factor on the weight of a numeric date that reads two ways ("02-12-2025": 12 February or 2
#: December; read by the site's convention, see :func:`day_first_for`): a tie goes to the other side
AMBIGUOUS_NUMERIC = 0.75
MAX_NUMERIC_SCAN = 120  # characters of an evidence value searched for a numeric date
_NUMERIC_DATE = re.compile(r"(?<![\d.])([01]?\d)([/-])([01]?\d)\2(?:19|20)\d\d(?!\d)")


_ANY_NUMERIC_DATE = re.compile(r"(?<![\d.])([0-3]?\d)([/.-])([0-3]?\d)\2(?:19|20)\d\d(?!\d)")
_DOTTED_DATE = re.compile(r"(?<![\d.])([0-3]?\d)\.([0-3]?\d)\.((?:19|20)\d\d)(?!\d)")


def _instant(value: str) -> dt.datetime | None:
    """The moment a timestamp with a time zone names ("2025-12-19T22:02:58Z"), else None."""
    try:
        got = dt.datetime.fromisoformat(value.strip()[:40])
    except ValueError:
        return None
    return got if got.tzinfo is not None else None


#: the latest a calendar day ends anywhere (UTC-12), after its start in UTC
_DAY_ENDS_BY = dt.timedelta(days=1, hours=12)


def _later_everywhere(body: dt.date, day: dt.date, instant: dt.datetime | None) -> bool:
    """Whether a published field (its day, and its moment when zoned) comes after the body's
    date in every time zone: a moment after the body's day has ended everywhere, or without a
    moment, a day :data:`EARLIER_BYLINE_DAYS` or more later."""
    if instant is not None:
        return instant >= dt.datetime.combine(body, dt.time(), dt.UTC) + _DAY_ENDS_BY
    return (day - body).days >= EARLIER_BYLINE_DAYS


def numeric_order(values: Iterable[str]) -> str | None:
    """How this page writes numeric dates, from the ones that read one way only: ``"dmy"`` when
    a first number is above 12 ("24.11.2025"), ``"mdy"`` when a second one is ("11.24.2025"),
    None when none tells (or the page writes both ways)."""
    orders: set[str] = set()
    for value in values:
        for m in _ANY_NUMERIC_DATE.finditer(value[:MAX_NUMERIC_SCAN]):
            a, b = int(m[1]), int(m[3])
            if a > 12 >= b >= 1:
                orders.add("dmy")
            elif b > 12 >= a >= 1:
                orders.add("mdy")
    return orders.pop() if len(orders) == 1 else None


def other_readings(values: Iterable[str], order: str) -> set[dt.date]:
    """The days the page's two-way numeric dates would name read against its ``order``
    ("10/12/2023" on a month-first page: 10 December), which a reader that guessed the order
    (htmldate) may have taken."""
    out: set[dt.date] = set()
    for value in values:
        for m in _ANY_NUMERIC_DATE.finditer(value[:MAX_NUMERIC_SCAN]):
            a, b = int(m[1]), int(m[3])
            if a != b and 1 <= a <= 12 and 1 <= b <= 12:
                year = int(m[0][-4:])
                try:
                    out.add(dt.date(year, a, b) if order == "dmy" else dt.date(year, b, a))
                except ValueError:
                    continue
    return out


def _is_ambiguous_numeric(value: str) -> bool:
    """Whether ``value`` holds a slashed or dashed numeric date whose day and month could be
    swapped (both 1-12 and different; a dotted date is day-first nearly everywhere)."""
    m = _NUMERIC_DATE.search(value[:100])
    return m is not None and 1 <= int(m[1]) <= 12 and 1 <= int(m[3]) <= 12 and m[1].lstrip("0") != m[3].lstrip("0")


#: a byline that says its date is a modification ("Updated ...", "edited ...", "Aktualisiert ...")
_MODIFIED_CUE = re.compile(r"\b(?:updated|last updated|edited|modified|revised|aktualisiert|geändert|mis à jour|modifié|actualizado|modificado)\b"
                           r"|(?-i:Updated)\b", re.I)  # (also "By Jane DoeUpdated: ...", a byline whose parts were run together)
WEAK_TIME_INDEX = 2  # <time> elements after the first two carry no weight (lists, archives)


@dataclass(frozen=True, slots=True)
class PubDate:
    date: dt.date
    granularity: str  # day | month | year
    source: str
    runner_up: dt.date | None = None  # the best other day when the candidates disagree
    runner_up_source: str | None = None


@dataclass(slots=True)
class Candidate:
    date: dt.date
    granularity: str
    source: str  # public name (SOURCE_ORDER)
    weight: float


def _body_weight(item: ev.Evidence, kind: str) -> float:
    try:
        idx = int(item.context)
    except ValueError:
        idx = 0
    if idx == 0:
        return WEIGHTS[f"{kind}:first"]
    return WEIGHTS[f"{kind}:next"] if idx < WEAK_TIME_INDEX else 0.0


@dataclass(slots=True)
class _Groups:
    """Day candidates grouped by day; each group keeps the strongest weight per family."""

    by_day: dict[dt.date, dict[str, tuple[float, str]]]

    def add(self, c: Candidate) -> None:
        fam = FAMILY[c.source]
        got = self.by_day.setdefault(c.date, {})
        old = got.get(fam)
        if old is None or c.weight > old[0] or (c.weight == old[0] and SOURCE_ORDER.index(c.source) < SOURCE_ORDER.index(old[1])):
            got[fam] = (c.weight, c.source)

    def score(self, day: dt.date) -> float:
        return sum(w for w, _ in self.by_day[day].values())

    def source(self, day: dt.date) -> str:
        return min((s for w, s in self.by_day[day].values()), key=SOURCE_ORDER.index)


def decide(cands: list[Candidate], modified_only: set[dt.date]) -> PubDate | None:
    """The publication date from plausible candidates (see the module docstring).

    ``modified_only``: days named by a modified date and by no published field or body date.
    """
    days = [c for c in cands if c.granularity == "day" and c.weight > 0]
    if days:
        groups = _Groups({})
        for c in days:
            if c.date in modified_only and c.source in HTMLDATE_SOURCES:
                # htmldate picked the modified date: a vote only when nothing else speaks
                c = Candidate(c.date, c.granularity, c.source, WEIGHTS["htmldate:modified"])
            groups.add(c)
        # a URL day one day off a metadata day: the same publication, on the publisher's calendar
        shifted: set[dt.date] = set()
        for u in {c.date for c in days if c.source == "url"}:
            for other in list(groups.by_day):
                if other != u and abs((other - u).days) == 1 and u in groups.by_day:
                    for fam, (w, src) in groups.by_day.pop(other).items():
                        cur = groups.by_day[u].get(fam)
                        if cur is None or w > cur[0]:
                            groups.by_day[u][fam] = (w, src)
                    shifted.add(u)
        if groups.by_day:
            ranked = sorted(groups.by_day, key=lambda d: (-groups.score(d), SOURCE_ORDER.index(groups.source(d)), d))
            best = ranked[0]
            src = "url" if best in shifted else groups.source(best)
            ru = ranked[1] if len(ranked) > 1 else None
            return PubDate(best, "day", src, ru, groups.source(ru) if ru else None)
    coarse = sorted((c for c in cands if c.granularity != "day"), key=lambda c: (c.granularity != "month", SOURCE_ORDER.index(c.source)))
    if coarse:
        c = coarse[0]
        return PubDate(c.date, c.granularity, c.source)
    return None


#: evidence that names a modification, not a publication: a modified date (and "updated", unless
#: htmldate's guess or a nested object's)
_MODIFIED_EVIDENCE = frozenset({"json-ld:modified", "meta:modified", "htmldate:updated", "time:modified"})
#: evidence of a published field: a day it names is not "only a modified date"
_PUBLISHED_EVIDENCE = frozenset({"json-ld:published", "meta:published"})
_BODY_EVIDENCE = frozenset({"time:main", "byline", "date-text"})
#: evidence source -> (candidate source, the candidate's weight). Other sources (time:aside,
#: byline:aside: comments, related items, sidebars) are not the page's dates.
_CANDIDATE_EVIDENCE: dict[str, tuple[str, Callable[[ev.Evidence], float]]] = {
    "json-ld:published": ("html:json-ld", lambda e: WEIGHTS.get(f"json-ld:{e.context}", WEIGHTS["json-ld:other"])),
    "meta:published": ("html:meta", lambda e: WEIGHTS["meta"]),
    "time:main": ("html:time", lambda e: _body_weight(e, "time")),
    "byline": ("html:byline", lambda e: _body_weight(e, "byline")),
    # an element whose own text is a date: a byline without a class
    "date-text": ("html:byline", lambda e: _body_weight(e, "date-text")),
    "htmldate:original": ("html:trafilatura", lambda e: WEIGHTS["htmldate"]),
    "htmldate:run": ("html:htmldate", lambda e: WEIGHTS["htmldate"]),
}


@dataclass(slots=True)
class _Found:
    """What one document says about its dates, in the order found: the candidates, and the
    days named by published fields and by modified dates."""

    today: dt.date
    fetched: dt.date | None
    day_first: bool
    order: str | None = None  # the page's own numeric date order, when its dates tell (numeric_order)
    cands: list[Candidate] = field(default_factory=list)
    published_days: set[dt.date] = field(default_factory=set)
    published_stamps: list[tuple[dt.date, dt.datetime | None]] = field(default_factory=list)  # (day, instant if zoned)
    first_body: Candidate | None = None  # the body's first own date (a <time>, byline or bare date)
    later_body_days: set[dt.date] = field(default_factory=set)  # the days of the body's later dates
    misread_days: set[dt.date] = field(default_factory=set)  # the page's numeric dates read the wrong way (other_readings)
    modified_days: set[dt.date] = field(default_factory=set)
    updated_dates: list[dt.date] = field(default_factory=list)

    def plausible(self, date: dt.date) -> bool:
        """Whether ``date`` can be this document's (see :func:`is_plausible`)."""
        return is_plausible(date, self.today, self.fetched)

    def parsed(self, value: str | None) -> tuple[dt.date, str] | None:
        """(date, granularity) of a string value, when it parses to a plausible date."""
        if not value or not isinstance(value, str):
            return None
        if self.order == "mdy":  # (a dotted date is otherwise read day first)
            value = _DOTTED_DATE.sub(r"\1/\2/\3", value[:100])
        got = parse_date(value[:100], day_first=self.day_first if self.order is None else self.order == "dmy")
        if got and self.plausible(got[0]):
            return got
        return None

    def add(self, value: str | None, source: str, weight: float) -> tuple[dt.date, str] | None:
        """A candidate from a string value, when it parses; returns what it parsed to."""
        got = self.parsed(value)
        if got is not None:
            ambiguous = self.order is None and value is not None and _is_ambiguous_numeric(value)
            self.cands.append(Candidate(got[0], got[1], source, weight * AMBIGUOUS_NUMERIC if ambiguous else weight))
        return got

    def add_modified(self, e: ev.Evidence) -> None:
        """A modified date: a day that is no publication date, and a candidate ``updated``."""
        got = self.parsed(e.value)
        if got and got[1] == "day":
            self.modified_days.add(got[0])
            if e.source != "htmldate:updated" and not (e.source == "json-ld:modified" and e.context == "nested"):
                self.updated_dates.append(got[0])

    def take_record(self, doc: Document) -> None:
        """The input's own date: the one the reader set, and the JSON date field."""
        if doc.published is not None and doc.published_source and self.plausible(doc.published):
            self.cands.append(Candidate(doc.published, doc.published_granularity or "day", doc.published_source
                                        if doc.published_source in FAMILY else "json:date", WEIGHTS["extract"]))
        self.add(doc.meta.get("json_date"), "json:date", WEIGHTS["json:date"])

    def take_evidence(self, e: ev.Evidence) -> None:
        """One item of the page's evidence: a candidate, a modified date, or nothing."""
        if e.source in _MODIFIED_EVIDENCE or (e.source == "byline" and _MODIFIED_CUE.search(e.value)):
            self.add_modified(e)  # (a byline "Updated Feb. 27, 2025", "edited Aug 1, 2014 at 19:57")
            return
        named = _CANDIDATE_EVIDENCE.get(e.source)
        if named is None or (e.source == "json-ld:published" and e.context == "nested"):
            return  # a comment's, a review's or a part's date, an aside's: not the page's
        source, weight = named
        got = self.add(e.value, source, weight(e))
        if got and source in HTMLDATE_SOURCES and got[1] == "day" and (got[0].month, got[0].day) == (1, 1):
            # htmldate writes a year it found alone (a copyright line, "copyrightYear") as 1 January
            self.cands[-1].granularity = "year"
        if got and e.source in _PUBLISHED_EVIDENCE:
            self.published_days.add(got[0])
            self.published_stamps.append((got[0], _instant(e.value)))
        if got and got[1] == "day" and e.source in _BODY_EVIDENCE:
            if self.first_body is None and self.cands[-1].weight > 0:
                self.first_body = self.cands[-1]
            elif self.first_body is not None and got[0] != self.first_body.date:
                self.later_body_days.add(got[0])

    def htmldate_echoes_a_list(self) -> None:
        """htmldate's day when only the body's *later* dates name it (not its first date, not a
        published field): it read a list of posts below the page; a vote only when alone."""
        if self.first_body is None:
            return
        for c in self.cands:
            if (c.source in HTMLDATE_SOURCES and c.date in self.later_body_days and c.date != self.first_body.date
                    and c.date not in self.published_days):
                c.weight = min(c.weight, WEIGHTS["htmldate:modified"])

    def htmldate_misreads(self) -> None:
        """htmldate's day when it is only one of the page's numeric dates read against the
        page's own order (it guessed the order): no vote."""
        named = {c.date for c in self.cands if c.source not in HTMLDATE_SOURCES and c.weight > 0}
        for c in self.cands:
            if c.source in HTMLDATE_SOURCES and c.date in self.misread_days and c.date not in named:
                c.weight = 0.0

    def earlier_byline(self) -> None:
        """The page's first own date (a ``<time>``, byline or bare date) when every published
        field comes later in every time zone (:func:`_later_everywhere`): the fields carry a
        re-publication or migration stamp, the byline the day the page first appeared; its
        weight rises to ``WEIGHTS["body:earlier"]`` (above one structured source alone)."""
        b = self.first_body
        if b is not None and self.published_stamps and all(_later_everywhere(b.date, d, t) for d, t in self.published_stamps):
            b.weight = max(b.weight, WEIGHTS["body:earlier"])

    def take_url(self, url: str | None) -> None:
        """The URL's date; a URL day silences htmldate's echo of it."""
        got_url = url_date(url)
        if got_url and self.plausible(got_url[0]):
            self.cands.append(Candidate(got_url[0], got_url[1], "url", WEIGHTS["url"]))
            if got_url[1] == "day":
                # htmldate returns the URL's date first when the URL has one: an echo, not a vote
                self.cands = [c for c in self.cands if not (c.source in HTMLDATE_SOURCES and c.date == got_url[0])]

    def take_text(self, doc: Document, dateline: Dateline | None) -> None:
        """Dates in the text: the dateline, a "Published ..." line, a copyright year."""
        if dateline is not None and dateline.date_text:
            self.add(dateline.date_text, "text:dateline", WEIGHTS["text:dateline"])
        line_pub, line_upd = published_line_dates(doc, self.day_first)
        if line_upd:
            self.updated_dates.append(line_upd)
        line_pub = line_pub or head_date_line(doc, self.day_first)
        if line_pub and self.plausible(line_pub[0]):
            self.cands.append(Candidate(line_pub[0], line_pub[1], "text:published-line", WEIGHTS["text:published-line"]))
        year = copyright_year(doc)
        if year is not None:
            d = dt.date(year, 1, 1)
            if self.plausible(d):
                self.cands.append(Candidate(d, "year", "text:copyright", 0.0))

    def modified_only(self) -> set[dt.date]:
        """Days named by a modified date and by no published field or body date."""
        main_days = {c.date for c in self.cands if c.weight > 0 and c.source not in HTMLDATE_SOURCES}
        return self.modified_days - self.published_days - main_days

    def updated_after(self, result: PubDate | None) -> dt.date | None:
        """The earliest modified date later than a day-precise publication date."""
        if result is None or result.granularity != "day":
            return None
        later = [u for u in self.updated_dates if u > result.date and self.plausible(u)]
        return min(later) if later else None


def _page_evidence(doc: Document, today: dt.date) -> list[ev.Evidence]:
    """The page's evidence: gathered by extract, else from the raw HTML; plus trafilatura's date."""
    if "pubdate_evidence" in doc.meta:
        items = ev.loads(doc.meta["pubdate_evidence"])
    elif doc.raw_is_html and doc.raw:
        items = html_evidence(doc.raw, today, doc.url)
    else:
        items = []
    traf = doc.meta.get("trafilatura_date")
    if traf and not any(e.source == "htmldate:original" for e in items):
        items.append(ev.Evidence("htmldate:original", traf))
    return items


def find_publication(doc: Document, today: dt.date, dateline: Dateline | None = None) -> tuple[PubDate | None, dt.date | None]:
    """(publication date, updated date) of ``doc``; either may be None."""
    found = _Found(today, doc.fetched_at.date() if doc.fetched_at else None, day_first_for(doc.url))
    found.take_record(doc)
    items = _page_evidence(doc, today)
    found.order = numeric_order(e.value for e in items)
    if found.order is not None:
        found.misread_days = other_readings((e.value for e in items if not e.source.startswith("htmldate")), found.order)
    for e in items:
        found.take_evidence(e)
    found.take_url(doc.url)
    found.take_text(doc, dateline)
    found.earlier_byline()
    found.htmldate_echoes_a_list()
    found.htmldate_misreads()
    result = decide(found.cands, found.modified_only())
    return result, found.updated_after(result)
