"""The HTML extraction call (extract/html.py) against trafilatura's own full call.

``main_text`` takes two shortcuts: a leaner metadata pass and the fallback comparison only for
deficient results. These tests pin that both give trafilatura's own answer on real pages
(the development set), and show when the comparison runs and when it does not, through
trafilatura's own debug log line of the comparison.
"""
from __future__ import annotations

import gzip
import json
import logging

import lxml.etree
import pytest
import trafilatura

from cleanseeds.config import Settings
from cleanseeds.errors import ConfigError
from cleanseeds.extract.html import FALLBACK_BELOW_CHARS, main_text, needs_comparison
from tests.conftest import DEV_DIR

FIELDS = ("text", "title", "author", "sitename", "url", "date")
# positions in pages.jsonl.gz where the fallback comparison changes trafilatura's output
# (readability or jusText wins), plus a spread of ordinary pages
COMPARISON_MATTERS = (11, 107, 125, 151, 158, 175)
SLICE = sorted(set(COMPARISON_MATTERS) | set(range(0, 181, 6)))


@pytest.fixture(scope="module")
def dev_pages() -> list[dict]:
    with gzip.open(DEV_DIR / "pages.jsonl.gz", "rt", encoding="utf-8") as fh:
        pages = [json.loads(line) for line in fh if line.strip()]
    return [pages[i] for i in SLICE]


def _full_call(page: dict, **mode: bool):
    """What cleanseeds used to call: trafilatura's whole cascade and whole metadata pass."""
    return trafilatura.bare_extraction(page["html"], url=page.get("url"), with_metadata=True, include_comments=False, **mode)


# each extraction strategy is trafilatura's own call in that mode
@pytest.mark.parametrize(("strategy", "mode"), [("precision", {"favor_precision": True}), ("balanced", {}), ("recall", {"favor_recall": True})])
def test_same_result_as_trafilaturas_full_call(dev_pages: list[dict], strategy: str, mode: dict[str, bool]) -> None:
    settings = Settings(extract_strategy=strategy)
    mismatches = []
    pages = dev_pages if strategy == "precision" else dev_pages[::3]
    for page in pages:
        ours, full = main_text(page["html"], page.get("url"), settings), _full_call(page, **mode)
        for field in FIELDS:
            a = getattr(ours, field) if ours else None
            b = getattr(full, field) if full else None
            if a != b:
                mismatches.append((page["id"], field, str(a)[:60], str(b)[:60]))
    assert not mismatches


def test_plain_trafilatura_calls_keep_the_full_cascade(dev_pages: list[dict]) -> None:
    """After cleanseeds installed its hook, anyone else's trafilatura call in the process still
    runs the comparison: page 125's readability output replaces trafilatura's own text there."""
    main_text(dev_pages[0]["html"], dev_pages[0].get("url"), Settings())  # installs the hook
    page = next(p for i, p in zip(SLICE, dev_pages, strict=False) if i == 125)
    plain = trafilatura.bare_extraction(page["html"], url=page.get("url"), favor_precision=True, include_comments=False)
    fast = trafilatura.bare_extraction(page["html"], url=page.get("url"), favor_precision=True, include_comments=False, fast=True)
    assert plain.text != fast.text  # the comparison ran and changed the result


def _comparison_ran(caplog: pytest.LogCaptureFixture, html: str, settings: Settings) -> bool:
    caplog.clear()
    with caplog.at_level(logging.DEBUG, logger="trafilatura.external"):
        res = main_text(html, "https://example.org/a", settings)
    assert res is not None and res.text
    return any("(algorithm)" in r.getMessage() for r in caplog.records)


def _article(paragraphs: int) -> str:
    body = "".join(
        f"<p>Paragraph {i} of the story: the council met on Tuesday and voted on the budget, "
        f"which had been debated for months by residents and officials alike.</p>"
        for i in range(paragraphs)
    )
    return f"<html><head><title>Budget vote</title></head><body><nav><a href='/'>Home</a></nav><article><h1>Budget vote</h1>{body}</article></body></html>"


def test_comparison_skipped_for_a_long_article_and_run_for_a_short_one(caplog: pytest.LogCaptureFixture) -> None:
    auto, always = Settings(), Settings(extract_fallback="always")
    long_page, short_page = _article(20), _article(3)
    assert len(main_text(long_page, None, auto).text) > FALLBACK_BELOW_CHARS
    assert len(main_text(short_page, None, auto).text) < FALLBACK_BELOW_CHARS
    assert not _comparison_ran(caplog, long_page, auto)
    assert _comparison_ran(caplog, long_page, always)
    assert _comparison_ran(caplog, short_page, auto)
    assert main_text(long_page, None, auto).text == main_text(long_page, None, always).text


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("<body><p>" + "word " * 300 + "</p></body>", False),  # long paragraph text
        ("<body><p>short</p></body>", True),  # short
        ("<body><div>" + "word " * 300 + "</div></body>", True),  # no paragraph text
        ("<body><p>" + "word " * 300 + "</p><table/><table/></body>", True),  # more tables than paragraphs
    ],
)
def test_needs_comparison(body: str, expected: bool) -> None:
    tree = lxml.etree.fromstring(body)
    assert needs_comparison(tree, "".join(tree.itertext())) is expected


def test_needs_comparison_when_the_text_is_under_half_of_the_visible_text() -> None:
    """On articles the page's visible text is given: own text under half of it can lose to
    readability's (more than twice as long), so the comparison runs; at half or more it cannot."""
    tree = lxml.etree.fromstring("<body><p>" + "word " * 300 + "</p></body>")
    text = "".join(tree.itertext())
    assert not needs_comparison(tree, text, 2 * len(text))
    assert needs_comparison(tree, text, 2 * len(text) + 1)


def test_extract_fallback_setting_is_checked() -> None:
    with pytest.raises(ConfigError, match="extract_fallback"):
        Settings(extract_fallback="sometimes")


def _nested(levels: int, tag: str = "div") -> str:
    return "<html><body>" + f"<{tag}>" * levels + "<p>" + "Deep text in the innermost element. " * 10 + "</p>" + f"</{tag}>" * levels + "</body></html>"


def test_markup_depth_is_scanned_only_near_the_parsers_limit() -> None:
    import trafilatura.utils

    from cleanseeds.extract.html import PARSER_DEPTH_LIMIT, near_parser_limit

    assert not near_parser_limit(trafilatura.utils.load_html(_nested(100)))
    assert near_parser_limit(trafilatura.utils.load_html(_nested(PARSER_DEPTH_LIMIT + 5)))
    assert near_parser_limit(trafilatura.utils.load_html(_nested(10_000)))
    default = Settings()  # max_markup_depth 500, above the parser's limit
    assert main_text(_nested(10_000), None, default).too_deep == default.max_markup_depth + 1
    # deeper than the parser keeps but within the cap: not quarantined as too deep (the text
    # below level 255 is lost to the parser, here all of it: "no text", as before)
    lost = main_text(_nested(400), None, default)
    assert lost is not None and lost.text == "" and lost.too_deep is None
    assert main_text(_nested(100), None, default).too_deep is None
    low = Settings(max_markup_depth=50)  # below the parser's limit: every page is scanned
    assert main_text(_nested(60), None, low).too_deep == 51
    assert main_text(_nested(40), None, low).text.startswith("Deep text")


@pytest.mark.parametrize(("raw", "tidied"), [
    ("How much is a monthly box\u200b?\nPrices start low.", "How much is a monthly box?\nPrices start low."),
    ("Description\t\t\t\t\nAdditional information   \n", "Description\nAdditional information\n"),
    ("Price:\u00a0\nIn stock\u202f", "Price:\nIn stock"),
    ("infor\u00admation\ufeff", "information"),
    ("def f():\n\treturn 1\t\n    pass", "def f():\n\treturn 1\n    pass"),  # indentation stays
    ("one\u2063two \U0001f468\u200d\U0001f469", "one\u2063two \U0001f468\u200d\U0001f469"),  # a separator, an emoji's joiner stay
])
def test_tidy_leaves_out_what_no_reader_sees(raw: str, tidied: str) -> None:
    """The final text as trafilatura writes its own lines: no zero-width space, byte-order mark or soft
    hyphen, no line ending in whitespace, whichever pass (cards, second extractor, recovery) produced it."""
    from cleanseeds.extract.html import tidy

    assert tidy(raw) == tidied


def test_a_list_item_s_trailing_tabs_and_zero_width_space_do_not_reach_the_text() -> None:
    # (trafilatura keeps the tabs at the end of an item's text; the zero-width space it drops itself, the card pass did not)
    cards = "".join(f"<li class='job'><h3>Night baker {i}\u200b</h3><p>Bake the morning bread for the market hall, five nights a week,"
                    f" from ten until six, in the old town.\t\t\t</p></li>" for i in range(8))
    page = f"<html><head><title>Jobs</title></head><body><nav><a href='/'>Home</a></nav><h1>Bakery jobs</h1><ul>{cards}</ul></body></html>"
    res = main_text(page, "https://example.org/jobs", Settings(extract_strategy="auto"))
    assert res is not None and "Night baker 3" in res.text and "old town." in res.text
    assert "\u200b" not in res.text and not any(line != line.rstrip() for line in res.text.split("\n"))
