"""The cheaper paths of HTML extraction give the answer of the code they replace.

* the page-type walk counts the words of the body outside ``<script>``/``<style>`` as the
  XPath it replaced does (``pagetype.words_outside_code``), on real pages and on the cases the
  walk treats apart (comments, text after a script, markup inside a script);
* the ledger's whitespace collapse (``blocks._norm``: ``" ".join(s.split())``) is the regex it
  replaced, for every whitespace character Python knows;
* trafilatura's author search is skipped only where it finds nothing
  (``html.may_name_author``): every predicate of its author XPaths is caught by the check, and
  on real pages a skipped page is one where trafilatura's own ``extract_author`` says ``None``.
"""
from __future__ import annotations

import gzip
import hashlib
import json
import re
import sys

import pytest
from lxml import etree
from trafilatura.metadata import extract_author
from trafilatura.utils import load_html
from trafilatura.xpaths import AUTHOR_XPATHS

from cleanseeds.extract import blocks, pagetype
from cleanseeds.extract.html import may_name_author
from tests.conftest import DEV_DIR

#: trafilatura's author XPaths (whitespace collapsed) that ``html._AUTHOR_WORDS`` was read from
AUTHOR_XPATHS_SHA256 = "52b3a4d1177c18bb"


@pytest.fixture(scope="module")
def dev_trees() -> list[etree._Element]:
    with gzip.open(DEV_DIR / "pages.jsonl.gz", "rt", encoding="utf-8") as fh:
        pages = [json.loads(line) for line in fh if line.strip()]
    return [t for p in pages[::3] if (t := load_html(p["html"])) is not None]


def _body(tree: etree._Element) -> etree._Element:
    body = tree.find(".//body")
    return body if body is not None else tree


def test_page_type_walk_counts_the_words_the_xpath_counts(dev_trees: list[etree._Element]) -> None:
    for tree in dev_trees:
        body = _body(tree)
        f = dict.fromkeys(pagetype.feature_names(), 0.0)
        assert pagetype._walk_body(body, f) == pagetype.words_outside_code(body)


def test_page_type_walk_comments_script_tails_and_markup_inside_a_script() -> None:
    page = ("<html><body><p>one two<!-- not words --> three</p><script>var x = 1;</script> four five"
            "<style>p { color: red }</style><div>six <b>seven</b> eight</div></body></html>")
    tree = load_html(page)
    body = _body(tree)
    f = dict.fromkeys(pagetype.feature_names(), 0.0)
    assert pagetype._walk_body(body, f) == pagetype.words_outside_code(body) == 8
    script = body.find(".//script")
    inner = etree.SubElement(script, "span")  # not from the parser: markup inside a script
    inner.text, inner.tail = "hidden words", "more code"
    assert pagetype.words_outside_code(body) == 8
    assert pagetype._walk_body(body, f) == 8  # the walk defers to the XPath count


def test_whitespace_collapse_is_the_regex_it_replaced() -> None:
    spaces = "".join(chr(c) for c in range(sys.maxunicode + 1) if re.match(r"\s", chr(c)))
    samples = [spaces, f"{spaces}a{spaces}b c{spaces}", "no-space", "", " \u00a0 x\u2003\u2003y\n\tz\u3000", "\x1c\x1fa\x85b\u2028"]
    for s in samples:
        assert blocks._norm(s) == re.sub(r"\s+", " ", s).strip()


def test_author_words_were_read_from_these_xpaths() -> None:
    from cleanseeds.extract.xpath_regex import ORIGINAL_PATH  # (extraction guards trafilatura's regex XPaths)

    text = "\n".join(" ".join(ORIGINAL_PATH.get(x.path, x.path).split()) for x in AUTHOR_XPATHS)
    digest = hashlib.sha256(text.encode()).hexdigest()[:16]
    assert digest == AUTHOR_XPATHS_SHA256, "trafilatura's author XPaths changed: re-read html._AUTHOR_WORDS from them"


# one snippet for each predicate of trafilatura's three author XPaths
AUTHOR_SNIPPETS = [
    '<a rel="author" href="/x">Jane Doe</a>', '<div id="author">Jane Doe</div>', '<span class="author">Jane Doe</span>',
    '<span itemprop="author name">Jane Doe</span>', "<p><rel>me</rel>Jane Doe</p>", '<div data-testid="AuthorCard">Jane Doe</div>',
    '<div data-testid="AuthorURL">Jane Doe</div>', '<span class="post-author-name">Jane Doe</span>',
    '<span class="AuthorName">Jane Doe</span>', '<span class="authorName">Jane Doe</span>', "<author>Jane Doe</author>",
    '<p class="byline">Jane Doe</p>', '<span class="username">Jane Doe</span>', '<span class="byl">Jane Doe</span>',
    '<span class="BBL">Jane Doe</span>', '<span itemprop="creator author">Jane Doe</span>', '<span id="the-zuozhe">Jane Doe</span>',
    '<span id="bianji">Jane Doe</span>', '<span id="xiaobian">Jane Doe</span>', '<span class="channel-name">Jane Doe</span>',
    '<span class="zuozhe">Jane Doe</span>', '<span class="bianji">Jane Doe</span>', '<span class="xiaobian">Jane Doe</span>',
    '<span class="submitted-by">Jane Doe</span>', '<span class="posted-by">Jane Doe</span>',
    '<span class="journalist-name">Jane Doe</span>', '<section data-component="TheByline">Jane Doe</section>',
    '<section itemprop="author">Jane Doe</section>', '<section id="postAuthor">Jane Doe</section>',
    '<section class="screenname">Jane Doe</section>', '<section class="writer">Jane Doe</section>',
    '<section class="Byline">Jane Doe</section>',
]


@pytest.mark.parametrize("snippet", AUTHOR_SNIPPETS)
def test_every_author_predicate_is_caught(snippet: str) -> None:
    tree = load_html(f"<html><head><title>t</title></head><body><article><p>Some words of the story.</p>{snippet}</article></body></html>")
    assert extract_author(tree) is not None
    assert may_name_author(tree)


def test_author_search_is_skipped_only_where_it_finds_nothing(dev_trees: list[etree._Element]) -> None:
    plain = load_html("<html><body><p class='lead'>Jane Doe wrote this.</p><p>More words here.</p></body></html>")
    assert not may_name_author(plain) and extract_author(plain) is None
    skipped = [t for t in dev_trees if not may_name_author(t)]
    assert skipped, "the dev slice has pages without any author markup"
    assert all(extract_author(t) is None for t in skipped)


#: trafilatura 2.3.1's ``core._extract_and_compare`` (whitespace collapsed), which
#: ``html._install_copy_on_comparison`` repeats with the copy of the raw tree made only when compared
EXTRACT_AND_COMPARE_SHA256 = "209ce1065ecc9690"


def test_the_replaced_cascade_stage_is_trafilaturas() -> None:
    import inspect

    import trafilatura.core as tcore

    from cleanseeds.extract.html import _selective_extractor

    _selective_extractor()
    original = tcore._extract_and_compare._cleanseeds_original  # type: ignore[attr-defined]
    digest = hashlib.sha256(" ".join(inspect.getsource(original).split()).encode()).hexdigest()[:16]
    assert digest == EXTRACT_AND_COMPARE_SHA256, "trafilatura's _extract_and_compare changed: check html._install_copy_on_comparison"


def test_copy_on_comparison_gives_the_cascades_result(monkeypatch: pytest.MonkeyPatch) -> None:
    import trafilatura.core as tcore

    from cleanseeds.config import Settings
    from cleanseeds.extract.html import _selective_extractor, main_text

    _selective_extractor()
    with gzip.open(DEV_DIR / "pages.jsonl.gz", "rt", encoding="utf-8") as fh:
        pages = [json.loads(line) for line in fh if line.strip()][1::6]
    s = Settings()
    ours = [main_text(p["html"], p.get("url"), s) for p in pages]
    monkeypatch.setattr(tcore, "_extract_and_compare", tcore._extract_and_compare._cleanseeds_original)  # type: ignore[attr-defined]
    theirs = [main_text(p["html"], p.get("url"), s) for p in pages]
    assert [(r.text, r.extraction) if r else None for r in ours] == [(r.text, r.extraction) if r else None for r in theirs]
    assert sum(r is not None for r in ours) > 20


#: trafilatura 2.3.1's ``core.bare_extraction`` (whitespace collapsed), whose steps
#: ``html.bare_extraction`` repeats on the caller's tree when the caller is done with it
BARE_EXTRACTION_SHA256 = "877592b73ba33154"


def test_bare_extraction_on_the_callers_tree_is_trafilaturas() -> None:
    import inspect

    import trafilatura
    import trafilatura.core as tcore
    from trafilatura.settings import Extractor

    from cleanseeds.extract.html import bare_extraction

    digest = hashlib.sha256(" ".join(inspect.getsource(tcore.bare_extraction).split()).encode()).hexdigest()[:16]
    assert digest == BARE_EXTRACTION_SHA256, "trafilatura's bare_extraction changed: check html.bare_extraction"
    with gzip.open(DEV_DIR / "pages.jsonl.gz", "rt", encoding="utf-8") as fh:
        pages = [json.loads(line) for line in fh if line.strip()][2::6]
    changed = 0
    for p in pages:
        for mode in ({}, {"precision": True}, {"recall": True}, {"comments": True}):
            options = Extractor(output_format="python", url=p.get("url"), **{"comments": False, **mode})
            theirs = trafilatura.bare_extraction(load_html(p["html"]), url=p.get("url"), options=options)
            tree = load_html(p["html"])
            before = etree.tostring(tree)
            ours = bare_extraction(tree, p.get("url"), options, last_use=True)
            changed += etree.tostring(tree) != before  # it worked on the tree itself
            assert (ours is None) == (theirs is None)
            if ours is not None:
                assert (ours.text, ours.comments) == (theirs.text, theirs.comments)
    assert changed > 0
