"""Publication date: each source with its provenance and granularity, the order between them,
the separate "updated" date, and plausibility bounds (not after ingest, not before 1800)."""
from __future__ import annotations

import datetime as dt

import pytest

from cleanseeds.enrich.pubdate import Candidate, decide, find_publication, is_plausible, jsonld_dates, meta_dates, numeric_order, url_date
from cleanseeds.records import Document, RemovedLine

TODAY = dt.date(2024, 6, 1)


def doc(text: str = "Body text of the story.", *, html: str | None = None, url: str | None = None,
        removed: list[RemovedLine] | None = None, meta: dict[str, str] | None = None,
        fetched_at: dt.datetime | None = None) -> Document:
    d = Document(doc_id="0" * 32, source="s", input_path="s", input_format="html" if html else "txt", content_hash="0" * 32)
    d.text, d.raw, d.raw_is_html, d.url = text, html, html is not None, url
    d.removed = removed or []
    d.meta = meta or {}
    d.fetched_at = fetched_at
    return d


def pub(d: Document) -> tuple[str | None, str | None, str | None, str | None]:
    p, updated = find_publication(d, TODAY)
    if p is None:
        return None, None, None, None
    return p.date.isoformat(), p.granularity, p.source, updated.isoformat() if updated else None


JSONLD = """<html><head>
<script type="application/ld+json">{"@context":"https://schema.org","@graph":[
 {"@type":"WebSite","name":"X"},
 {"@type":"NewsArticle","headline":"H","datePublished":"2022-11-05T10:00:00-05:00","dateModified":"2022-11-07T08:00:00Z"}]}
</script>
<meta property="article:published_time" content="2021-01-01T00:00:00Z">
</head><body><p>Hello</p></body></html>"""

META = """<html><head>
<meta property="article:published_time" content="2022-11-05T10:00:00Z"/>
<meta property="article:modified_time" content="2022-12-01T10:00:00Z"/>
<meta name="description" content="2019-01-01 is not a date field">
</head><body><p>Hello</p></body></html>"""


def test_jsonld_wins_and_keeps_updated_apart() -> None:
    assert jsonld_dates(JSONLD) == ("2022-11-05T10:00:00-05:00", "2022-11-07T08:00:00Z")
    assert pub(doc(html=JSONLD)) == ("2022-11-05", "day", "html:json-ld", "2022-11-07")


def test_meta_tags() -> None:
    assert meta_dates(META) == ("2022-11-05T10:00:00Z", "2022-12-01T10:00:00Z")
    assert pub(doc(html=META)) == ("2022-11-05", "day", "html:meta", "2022-12-01")


def test_broken_jsonld_falls_through_to_meta() -> None:
    html = META.replace("<head>", '<head><script type="application/ld+json">{not json</script>')
    assert pub(doc(html=html))[2] == "html:meta"


def test_htmldate_extensive_search_when_no_metadata() -> None:
    html = "<html><body><article><p>Posted on March 4, 2021</p><p>Story.</p></article></body></html>"
    assert pub(doc(html=html))[:3] == ("2021-03-04", "day", "html:htmldate")


def test_time_element_agrees_with_htmldate_and_names_the_source() -> None:
    html = "<html><body><article><p>Posted on <time datetime='2021-03-04'>March 4, 2021</time></p><p>Story.</p></article></body></html>"
    assert pub(doc(html=html))[:3] == ("2021-03-04", "day", "html:time")


def test_trafilatura_metadata_date_before_htmldate() -> None:
    html = "<html><body><p>Nothing here</p></body></html>"
    assert pub(doc(html=html, meta={"trafilatura_date": "2020-02-02"}))[:3] == ("2020-02-02", "day", "html:trafilatura")


def test_json_field() -> None:
    assert pub(doc(meta={"json_date": "2023-04-05 12:00"}))[:3] == ("2023-04-05", "day", "json:date")


@pytest.mark.parametrize("url, expected", [
    ("https://example.com/2022/11/05/story-slug", (dt.date(2022, 11, 5), "day")),
    ("https://example.com/news/2022-11-05-story", (dt.date(2022, 11, 5), "day")),
    ("https://example.com/20221105/story", (dt.date(2022, 11, 5), "day")),
    ("https://example.com/the-year-in-mathematics-20251218/", (dt.date(2025, 12, 18), "day")),
    ("https://example.com/item-20251399/", None),  # eight digits that are no date
    ("https://example.com/2022/11/story", (dt.date(2022, 11, 1), "month")),
    ("https://example.com/story-300x250", None),
    ("https://example.com/2022/13/40/x", None),
    (None, None),
])
def test_url_dates(url: str | None, expected: tuple[dt.date, str] | None) -> None:
    assert url_date(url) == expected


def test_url_source() -> None:
    assert pub(doc(url="https://example.com/2022/11/05/story"))[:3] == ("2022-11-05", "day", "url")


def test_dateline_with_full_date() -> None:
    from cleanseeds.enrich.dateline import find_dateline

    text = "LONDON, 5 November 2022 -- The government said."
    p, _ = find_publication(doc(text), TODAY, find_dateline(text))
    assert p is not None and (p.date, p.granularity, p.source) == (dt.date(2022, 11, 5), "day", "text:dateline")


def test_published_line_in_text_and_updated_line() -> None:
    text = "Headline\nPublished November 5, 2022 4:32 PM ET\nUpdated: Nov. 6, 2022\nBody."
    assert pub(doc(text)) == ("2022-11-05", "day", "text:published-line", "2022-11-06")


def test_published_line_that_the_cleaner_removed() -> None:
    removed = [RemovedLine(1, 0, 30, "Posted on 12/03/2021", "other_boilerplate", "r")]
    assert pub(doc(removed=removed))[:3] == ("2021-12-03", "day", "text:published-line")


def test_copyright_year_from_a_removed_line() -> None:
    removed = [RemovedLine(30, 0, 38, "Copyright 2022 NPR. To see more, visit", "copyright", "copyright.c")]
    assert pub(doc(removed=removed)) == ("2022-01-01", "year", "text:copyright", None)


def test_copyright_range_takes_the_latest_year() -> None:
    assert pub(doc("Story.\n© 2010–2023 Example Media")) [:3] == ("2023-01-01", "year", "text:copyright")


def test_no_cue_no_date() -> None:
    assert pub(doc("Just a story about 2014 and May.")) == (None, None, None, None)


# --- plausibility -----------------------------------------------------------------------------


def test_future_date_is_skipped_for_the_next_source() -> None:
    assert pub(doc(meta={"json_date": "2031-01-01"}, url="https://example.com/2022/11/05/x"))[:3] == ("2022-11-05", "day", "url")
    html = META.replace("2022-11-05T10:00:00Z", "2031-01-01T00:00:00Z")
    # the future meta date is refused; htmldate (bounded by today) only echoes the URL's date,
    # so the source is the URL itself
    assert pub(doc(html=html, url="https://example.com/2022/11/05/x"))[:3] == ("2022-11-05", "day", "url")


def test_date_before_1800_is_skipped() -> None:
    assert pub(doc(meta={"json_date": "1700-01-01"}, url="https://example.com/2020/01/02/x"))[2] == "url"


def test_date_after_the_fetch_time_is_implausible() -> None:
    fetched = dt.datetime(2020, 1, 1, tzinfo=dt.UTC)
    assert pub(doc(meta={"json_date": "2021-05-05"}, fetched_at=fetched)) == (None, None, None, None)


@pytest.mark.parametrize("date, ok", [
    (dt.date(1799, 12, 31), False), (dt.date(1800, 1, 1), True), (TODAY, True),
    (TODAY + dt.timedelta(days=1), True), (TODAY + dt.timedelta(days=2), False),
])
def test_is_plausible(date: dt.date, ok: bool) -> None:
    assert is_plausible(date, TODAY) is ok


def test_updated_is_never_before_published() -> None:
    html = JSONLD.replace("2022-11-07T08:00:00Z", "2020-01-01T00:00:00Z")
    assert pub(doc(html=html))[3] is None


def test_url_day_wins_over_a_utc_timestamp_one_day_later() -> None:
    html = JSONLD.replace("2022-11-05T10:00:00-05:00", "2022-11-06T02:30:00Z")
    assert pub(doc(html=html, url="https://example.com/2022/11/05/story"))[:3] == ("2022-11-05", "day", "url")
    # further apart: the metadata is trusted (the URL may be a reused slug)
    assert pub(doc(html=html, url="https://example.com/2022/10/05/story"))[:3] == ("2022-11-06", "day", "html:json-ld")


# --- the decision: agreement and evidence -------------------------------------------------------

D = dt.date


def test_url_and_body_date_agreeing_beat_a_lone_jsonld_value() -> None:
    html = ("<html><head><script type='application/ld+json'>{\"@type\":\"NewsArticle\",\"datePublished\":\"2022-03-01\"}</script>"
            "</head><body><article><h1>T</h1><p class='post-date'>5 November 2022</p><p>Story.</p></article></body></html>")
    p, _ = find_publication(doc(html=html, url="https://example.com/2022/11/05/story"), TODAY)
    assert p is not None and (p.date, p.source) == (D(2022, 11, 5), "url")
    assert (p.runner_up, p.runner_up_source) == (D(2022, 3, 1), "html:json-ld")


def test_a_comment_date_is_not_the_page_date() -> None:
    html = ("<html><body><article><h1>T</h1><p>Story.</p><time datetime='2021-06-01'>1 June 2021</time></article>"
            "<section class='comments'><time datetime='2023-09-09'>9 Sep</time><time datetime='2023-09-10'>x</time></section></body></html>")
    p, _ = find_publication(doc(html=html), TODAY)
    assert p is not None and (p.date, p.source) == (D(2021, 6, 1), "html:time")
    assert p.runner_up is None  # the comments' dates are no candidates at all


def test_a_nested_jsonld_comment_date_is_not_the_page_date() -> None:
    html = ("<html><head><script type='application/ld+json'>{\"@type\":\"DiscussionForumPosting\",\"datePublished\":\"2020-02-02\","
            "\"comment\":[{\"@type\":\"Comment\",\"datePublished\":\"2024-01-01\"}]}</script></head><body><p>x</p></body></html>")
    assert pub(doc(html=html))[:3] == ("2020-02-02", "day", "html:json-ld")


def test_updated_byline_is_a_modified_date_not_a_publication_date() -> None:
    html = ("<html><head><meta property='article:published_time' content='2022-01-10T08:00:00Z'></head><body><article><h1>T</h1>"
            "<span class='byline'>Updated March 3, 2023</span><p>Story.</p></article></body></html>")
    assert pub(doc(html=html)) == ("2022-01-10", "day", "html:meta", "2023-03-03")


def test_decide_sums_families_not_sources() -> None:
    # two structured sources for one day are one family; a body date and a URL agreeing are two
    cands = [Candidate(D(2022, 1, 1), "day", "html:json-ld", 3.0), Candidate(D(2022, 1, 1), "day", "html:meta", 3.0),
             Candidate(D(2022, 2, 2), "day", "html:time", 2.0), Candidate(D(2022, 2, 2), "day", "url", 3.0)]
    p = decide(cands, set())
    assert p is not None and (p.date, p.source, p.runner_up, p.runner_up_source) == (D(2022, 2, 2), "html:time", D(2022, 1, 1), "html:json-ld")


def test_htmldate_on_a_modified_only_day_votes_only_when_alone() -> None:
    alone = [Candidate(D(2022, 5, 5), "day", "html:trafilatura", 2.0)]
    p = decide(alone, {D(2022, 5, 5)})
    assert p is not None and p.date == D(2022, 5, 5)
    with_other = alone + [Candidate(D(2022, 4, 4), "day", "html:byline", 1.5)]
    p = decide(with_other, {D(2022, 5, 5)})
    assert p is not None and (p.date, p.runner_up) == (D(2022, 4, 4), D(2022, 5, 5))


def test_month_or_year_candidates_only_without_a_day() -> None:
    p = decide([Candidate(D(2022, 1, 1), "year", "text:copyright", 0.0), Candidate(D(2021, 3, 1), "month", "url", 3.0)], set())
    assert p is not None and (p.date, p.granularity, p.source, p.runner_up) == (D(2021, 3, 1), "month", "url", None)


def test_a_page_builders_widget_wrapper_is_not_an_aside() -> None:
    # Elementor (WordPress) wraps every element, the article's date line included, in
    # "elementor-widget-*" containers; only a container whose own class word is "widget" (a
    # sidebar widget) is an aside
    html = ("<html><body><main><div class='elementor-widget elementor-widget-post-info'><ul class='elementor-post-info'>"
            "<li><span class='elementor-post-info__item--type-date'><time>February 9th, 2024</time></span></li></ul></div>"
            "<div class='elementor-widget-container'><h1>T</h1><p>Story.</p></div></main>"
            "<div class='widget widget_recent_entries'><time datetime='2024-05-20'>May 20</time></div></body></html>")
    from trafilatura.utils import load_html

    from cleanseeds.extract.pubdate_evidence import gather

    found = [(e.source, e.value) for e in gather(load_html(html), None, None) if e.source.startswith("time")]
    assert found == [("time:main", "February 9th, 2024"), ("time:aside", "2024-05-20")]
    p, _ = find_publication(doc(html=html), TODAY)
    assert p is not None and p.date == D(2024, 2, 9) and p.runner_up is None


def test_a_byline_run_together_with_updated_is_a_modified_date() -> None:
    # "By Jane DoeUpdated: Dec 31, 2025": the byline's parts without a space between them; the
    # extensive search (trafilatura's date) picked that modified day too
    html = ("<html><head><meta property='article:published_time' content='2023-12-08T22:31:00.000Z'>"
            "<meta property='article:modified_time' content='2023-12-31T20:51:17.246Z'></head><body><article><h1>T</h1>"
            "<div class='article-byline'>By Jane DoeUpdated: Dec 31, 2023 8:51pm UTC21 comments</div><p>Story.</p></article></body></html>")
    assert pub(doc(html=html, meta={"trafilatura_date": "2023-12-31"})) == ("2023-12-08", "day", "html:meta", "2023-12-31")


def test_a_bare_date_element_in_the_header_is_a_byline_without_a_class() -> None:
    # a page builder's header: no metadata, the date is a <p> with a generated class, then
    # "· 11 minute read"; the extensive search (trafilatura's date) settled on another day
    html = ("<html><body><article><h1>Token-count batching</h1><div class='css-73kdpz'><p class='css-2lv53q'>"
            "February 4, 2023 · 11 minute read</p></div><p>Story.</p></article>"
            "<div class='more'><p>March 1, 2023</p><p>March 9, 2023</p></div></body></html>")
    from trafilatura.utils import load_html

    from cleanseeds.extract.pubdate_evidence import dumps, gather

    # as extract gathers it: from the parsed tree, with the extensive search's answer
    evidence = dumps(gather(load_html(html), "2023-04-06", None))
    p, _ = find_publication(doc(html=html, meta={"pubdate_evidence": evidence}), TODAY)
    assert p is not None and (p.date, p.source) == (D(2023, 2, 4), "html:byline")
    assert p.runner_up == D(2023, 4, 6)  # the later bare dates (a list of posts) carry no weight


def test_a_bare_date_inside_a_byline_is_the_bylines() -> None:
    # Q&A pages: "edited <span>Aug 1, 2014 at 19:57</span>" — the bare date under the byline
    # element is that byline's (a modified date), not a second, cue-less candidate
    from trafilatura.utils import load_html

    from cleanseeds.extract.pubdate_evidence import gather

    html = ("<html><body><div id='question'><h1>Q</h1><p>Why?</p><div class='user-action-time'>edited "
            "<span class='relativetime'>Aug 1, 2014 at 19:57</span></div><div class='user-action-time'>asked "
            "<span>May 2, 2009 at 0:01</span></div></div></body></html>")
    found = [(e.source, e.value) for e in gather(load_html(html), None, None) if e.source in ("byline", "date-text")]
    assert found == [("byline", "edited Aug 1, 2014 at 19:57"), ("byline", "asked May 2, 2009 at 0:01")]


def test_a_time_element_marked_updated_is_a_modified_date() -> None:
    # WordPress/hAtom: <time class="updated"> (or itemprop=dateModified) is the modification;
    # "entry-date published updated" (an unmodified post) stays a publication date
    from trafilatura.utils import load_html

    from cleanseeds.extract.pubdate_evidence import dumps, gather

    html = ("<html><body><article><h1>T</h1><div class='entry-meta'>Updated <time class='updated' datetime='2023-03-03T09:00:00+00:00'>"
            "March 3, 2023</time></div><p>Story.</p><footer><time class='entry-date published' datetime='2022-01-10T08:00:00+00:00'>"
            "January 10, 2022</time></footer></article></body></html>")
    evidence = dumps(gather(load_html(html), None, None))
    assert pub(doc(html=html, meta={"pubdate_evidence": evidence})) == ("2022-01-10", "day", "html:time", "2023-03-03")
    same = html.replace("class='updated'", "class='entry-date published updated'")
    assert [e.source for e in gather(load_html(same), None, None) if e.source.startswith("time")] == ["time:main", "time:main"]


def test_a_bare_date_away_from_the_title_is_no_byline() -> None:
    # a store page: the review dates sit deep in their own block, far from the <h1>; they say
    # nothing about when the page was published
    from trafilatura.utils import load_html

    from cleanseeds.extract.pubdate_evidence import gather

    reviews = "".join(f"<div class='r'><div class='c'><div class='h'><div>Thu, January {d}, 2026</div></div><p>Great.</p></div></div>"
                      for d in (22, 23))
    html = (f"<html><body><div id='top'><div class='head'><h1>Game</h1><p>An online game.</p></div></div>"
            f"<div id='more'><div class='col'><div class='reviews'>{reviews}</div></div></div></body></html>")
    assert [e for e in gather(load_html(html), None, None) if e.source == "date-text"] == []
    near = html.replace("<p>An online game.</p>", "<p>An online game.</p><div><span>March 4, 2025</span></div>")
    assert [e.value for e in gather(load_html(near), None, None) if e.source == "date-text"] == ["March 4, 2025"]


def _gathered(html: str, htmldate: str | None = None) -> Document:
    """A document whose evidence is gathered as extract gathers it, from the parsed tree."""
    from trafilatura.utils import load_html

    from cleanseeds.extract.pubdate_evidence import dumps, gather

    return doc(html=html, meta={"pubdate_evidence": dumps(gather(load_html(html), htmldate, None))})


def test_a_byline_days_before_every_published_field_is_the_original_day() -> None:
    # a site migration re-stamped article:published_time (and htmldate reads that tag); the
    # page's own date line still shows the day the story first appeared
    html = ("<html><head><meta property='article:published_time' content='2023-07-05T14:20:08Z'></head><body><article>"
            "<h1>Healthy eating</h1><time datetime='2023-03-01 05:00:00'>March 1, 2023</time><p>Story.</p></article></body></html>")
    p, _ = find_publication(_gathered(html, "2023-07-05"), TODAY)
    assert p is not None and (p.date, p.source, p.runner_up) == (D(2023, 3, 1), "html:time", D(2023, 7, 5))
    # one day apart, and the stamp's moment is still the 4th somewhere: a time zone, not a
    # re-publication; the metadata keeps its day
    near = (html.replace("2023-03-01 05:00:00", "2023-07-04 21:00:00").replace("March 1", "July 4")
            .replace("2023-07-05T14:20:08Z", "2023-07-05T01:20:08Z"))
    p, _ = find_publication(_gathered(near, "2023-07-05"), TODAY)
    assert p is not None and p.date == D(2023, 7, 5)
    # a byline *after* the published field is no re-publication stamp (often an unmarked update)
    later = html.replace("2023-03-01 05:00:00", "2023-09-01").replace("March 1", "September 1")
    p, _ = find_publication(_gathered(later, "2023-07-05"), TODAY)
    assert p is not None and p.date == D(2023, 7, 5)


def test_a_byline_a_day_before_a_zoned_stamp_that_is_later_everywhere() -> None:
    # "Dec 18" under the title, JSON-LD 2023-12-19T22:02Z: the 18th has ended in every time zone
    # by 19 December 12:00 UTC, so the stamp is later wherever the publisher is
    html = ("<html><head><script type='application/ld+json'>{\"@type\":\"Article\",\"datePublished\":\"2023-12-19T22:02:58.705Z\"}"
            "</script></head><body><article><h1>GIM</h1><div><div>Dec 18, 2023</div></div><p>Story.</p></article></body></html>")
    p, _ = find_publication(_gathered(html, "2023-12-19"), TODAY)
    assert p is not None and (p.date, p.source) == (D(2023, 12, 18), "html:byline")
    # 19 December 05:00 UTC is still the 18th west of UTC-5: a time zone, the stamp keeps its day
    early = html.replace("2023-12-19T22:02:58.705Z", "2023-12-19T05:00:00Z")
    p, _ = find_publication(_gathered(early, "2023-12-19"), TODAY)
    assert p is not None and p.date == D(2023, 12, 19)


def test_microsoft_learns_ms_date_is_a_published_field() -> None:
    # learn.microsoft.com: "ms.date" is the article's date; the "Last updated on" badge is later
    html = ("<html><head><meta name='ms.date' content='2024-03-06T00:00:00Z'></head><body><main><h1>Overview</h1>"
            "<p>Docs.</p></main></body></html>")
    assert pub(_gathered(html, "2024-03-25"))[:3] == ("2024-03-06", "day", "html:meta")


def test_a_cued_numeric_date_next_to_the_title_is_a_byline() -> None:
    # "Post time: 01-04-2024" in a bare <div> under the title (a .com site: month first); the
    # extensive search settled on the modified day
    html = ("<html><head><meta property='article:modified_time' content='2023-12-23T07:02:15+00:00'></head><body><section>"
            "<div class='bar'><h1>How fast?</h1></div><article class='entry'><div>Post time: 01-04-2023</div><p>Story.</p>"
            "</article></section></body></html>")
    assert pub(_gathered(html, "2023-12-23"))[:3] == ("2023-01-04", "day", "html:byline")
    from trafilatura.utils import load_html

    from cleanseeds.extract.pubdate_evidence import gather

    def bare(page: str) -> list[str]:
        return [e.value for e in gather(load_html(page), None, None) if e.source == "date-text"]

    assert bare(html) == ["Post time: 01-04-2023"]
    assert bare(html.replace("Post time: ", "")) == ["01-04-2023"]  # an element holding only a date
    assert bare(html.replace("Post time: ", "Closes ")) == []  # another word before it: not a byline


def test_a_numeric_date_that_reads_two_ways_loses_a_tie() -> None:
    # <time datetime="02-12-2023"> on a .com site that writes day first: 12 February by the
    # site's convention, but only as strong as three quarters of a <time>; htmldate's day wins
    html = ("<html><body><article><h1>Reflections</h1><time datetime='02-12-2023'>02-12-2023</time><p>Story.</p></article>"
            "</body></html>")
    p, _ = find_publication(_gathered(html, "2023-12-02"), TODAY)
    assert p is not None and (p.date, p.runner_up) == (D(2023, 12, 2), D(2023, 2, 12))
    # a day above 12 reads one way only: a full-weight <time> (first in the source order)
    p, _ = find_publication(_gathered(html.replace("02-12-2023", "02-13-2023"), "2023-12-02"), TODAY)
    assert p is not None and p.date == D(2023, 2, 13)


def test_htmldate_echoing_a_list_below_the_page_votes_only_when_alone() -> None:
    # the page's <time> under its title, then cards of other posts (utility classes, no
    # "related" word to mark them aside); the extensive search picked the cards' day
    cards = "".join(f"<div class='flex'><p>Other post ... Read more</p><span>Stefan</span><time datetime='2023-11-20T0{h}:20:09'>"
                    "November 20, 2023</time></div>" for h in (6, 7, 8))
    html = (f"<html><body><main><h1>Podcast checklist</h1><div class='flex'><span>Stefan</span><time datetime='2024-03-05T12:01:28Z'>"
            f"March 5, 2024</time></div><p>Story.</p></main><section class='grid'>{cards}</section></body></html>")
    p, _ = find_publication(_gathered(html.replace("2024-03-05", "2024-01-05").replace("March 5", "January 5"), "2023-11-20"), TODAY)
    assert p is not None and (p.date, p.runner_up) == (D(2024, 1, 5), D(2023, 11, 20))
    # alone (no first date of its own on the page) htmldate still decides
    alone = html.replace("<time datetime='2024-03-05T12:01:28Z'>March 5, 2024</time>", "")
    assert pub(_gathered(alone, "2023-11-20"))[0] == "2023-11-20"


@pytest.mark.parametrize("values, order", [
    (["11.24.2025", "09.10.2024"], "mdy"),  # a US site writing dots: 24 is no month
    (["24/11/2025 10:00", "3/4/2025"], "dmy"),
    (["3/4/2025", "2025-11-24"], None),  # nothing reads one way only (ISO is no numeric order)
    (["24.11.2025", "11.24.2025"], None),  # both ways on one page: no convention
    (["Posted 13-05-2025"], "dmy"),
])
def test_numeric_order_from_the_pages_own_dates(values: list[str], order: str | None) -> None:
    assert numeric_order(values) == order


def test_a_pages_month_first_dates_read_its_dotted_byline_month_first() -> None:
    # "09.10.2024" under the title, "11.24.2025" on the related cards: this site writes month
    # first, so the byline is 10 September and agrees with the JSON-LD
    cards = "".join(f"<div class='related-posts'><span class='post-date'>{d}</span></div>" for d in ("11.24.2023", "10.28.2023"))
    html = ("<html><head><script type='application/ld+json'>{\"@type\":\"Article\",\"datePublished\":\"2023-09-10T16:07:00Z\"}</script>"
            f"</head><body><article><h1>Phases</h1><span class='post-date'>09.10.2023</span><p>Story.</p></article>{cards}</body></html>")
    p, _ = find_publication(_gathered(html, "2023-10-09"), TODAY)
    assert p is not None and (p.date, p.runner_up) == (D(2023, 9, 10), None)  # (htmldate's 9 October: the byline misread)
    # without the cards nothing tells: the dotted byline reads day first (9 October) and two
    # sources name that day
    alone = html.replace(cards, "")
    assert pub(_gathered(alone, "2023-10-09"))[0] == "2023-10-09"


def test_htmldate_reading_a_numeric_date_the_other_way_has_no_vote() -> None:
    # "10/12/2023" under the title of a page that also writes "12/18/2023": month first, so
    # 12 October; htmldate guessed day first (10 December) and names no other date of the page
    html = ("<html><body><article><h1>Skiplagging</h1><span class='post-date'>10/12/2023 7:38:01 PM</span><p>Story.</p></article>"
            "<ul class='list'><li><span class='post-date'>12/18/2023 4:00:05 PM</span></li></ul></body></html>")
    p, _ = find_publication(_gathered(html, "2023-12-10"), TODAY)
    assert p is not None and (p.date, p.runner_up) == (D(2023, 10, 12), D(2023, 12, 18))  # (not htmldate's 10 December)
    # on a page that tells no order htmldate's reading still votes (and wins the tie-break of
    # a two-way date against it)
    unknown = html.replace("12/18/2023", "12/11/2023")
    assert pub(_gathered(unknown, "2023-12-10"))[0] == "2023-12-10"


def test_a_menus_dates_are_not_the_pages() -> None:
    # a CMS "menu" view of news items above the article: other pages' dates (like a <nav>)
    menu = "".join(f"<div class='view view-menu-career-news'><div class='views-row'><time datetime='2023-0{m}-06T12:00:00Z'>x</time>"
                   "</div></div>" for m in (1, 2, 3))
    html = (f"<html><body><div class='header'>{menu}</div><article><h1>Candidate experience</h1><div class='node__meta'>"
            "<time datetime='2017-03-01T12:00:00Z'>03/01/2017</time></div><p>Story.</p></article></body></html>")
    p, _ = find_publication(_gathered(html, "2023-01-06"), TODAY)
    assert p is not None and (p.date, p.source) == (D(2017, 3, 1), "html:time")


def test_a_date_in_a_heading_under_the_title_is_a_bare_date() -> None:
    from trafilatura.utils import load_html

    from cleanseeds.extract.pubdate_evidence import gather

    for tag in ("h5", "h3", "date"):
        html = f"<html><body><section><h1>Solar installation</h1><{tag}>January 23, 2023</{tag}><p>Story.</p></section></body></html>"
        assert [e.value for e in gather(load_html(html), None, None) if e.source == "date-text"] == ["January 23, 2023"], tag


def test_htmldates_first_of_january_is_a_year() -> None:
    # htmldate answers a copyright year as YYYY-01-01: alone it is a year, not New Year's Day,
    # and the URL's month goes first
    page = "<html><body><article><h1>Advent of Code</h1><p>Story.</p></article><p>© 2014 Roger</p></body></html>"
    d = doc(html=page, url="https://blog.example.org/archive/2023/12/advent.html", meta={"trafilatura_date": "2014-01-01"})
    d.meta["pubdate_evidence"] = "[]"
    assert pub(d)[:3] == ("2023-12-01", "month", "url")
    d.url = None
    assert pub(d)[:3] == ("2014-01-01", "year", "html:trafilatura")
    # another source naming that 1 January makes it a day
    html = "<html><head><meta property='article:published_time' content='2023-01-01T09:00:00Z'></head><body><p>x</p></body></html>"
    assert pub(_gathered(html, "2023-01-01"))[:3] == ("2023-01-01", "day", "html:meta")


def test_a_date_alone_at_the_head_of_the_text_is_a_published_line() -> None:
    # a vBulletin thread: no metadata, no <time>; its first post header reaches the text as a
    # table row; the extensive search settled on an older date elsewhere on the page
    text = ("| Welcome to the forum, read the rules before posting. |  |\n| 30th March 2023, 16:26 | #1 \\|\n"
            "Which encoder settings do you use for old DVDs?")
    assert pub(doc(text, meta={"trafilatura_date": "2011-08-03"}))[:3] == ("2023-03-30", "day", "text:published-line")
    # "December 15, 2023 // 8 min read" on the first line of an article
    assert pub(doc("December 15, 2023 // 8 min read\nThe story.", meta={"trafilatura_date": "2023-12-20"}))[0] == "2023-12-15"
    # a date further down, or with words before it, is a mention, not a byline
    assert pub(doc("Intro.\nMore.\nStill more.\n30th March 2023, 16:26", meta={"trafilatura_date": "2011-08-03"}))[0] == "2011-08-03"
    assert pub(doc("The vote is on 30th March 2023, 16:26\nStory.", meta={"trafilatura_date": "2011-08-03"}))[0] == "2011-08-03"
