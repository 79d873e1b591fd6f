"""The HTML ledger: every visible block of a page is kept or recorded as removed, with a reason.

Kept text + removed lines (stage ``extract``: blocks the extractor left out; stage ``clean``:
lines the cleaner removed) = the page's visible text. Checked on generated pages (Hypothesis)
and on real pages of the development set.
"""
from __future__ import annotations

import gzip
import html as htmllib
import json

import pytest
from hypothesis import given
from hypothesis import strategies as st
from trafilatura.utils import load_html

from cleanseeds import clean, extract
from cleanseeds.clean import load_rules
from cleanseeds.config import Settings
from cleanseeds.extract.blocks import _norm, visible_blocks, visible_text
from cleanseeds.extract.html import prepare_page
from cleanseeds.reasons import LINE_REASONS
from cleanseeds.records import Document, content_hash, make_doc_id
from tests.conftest import DEV_DIR

SETTINGS = Settings(entities=False, extract_isolation="inline", site_templates=False)
RULES = load_rules(SETTINGS)


def _visible(html: str, kind: str | None) -> list[str]:
    """The page's visible blocks as the ledger reads them: the page prepared for its kind (tab panels
    shown on documentation pages, screen-reader-only text left out on articles and listings)."""
    tree = load_html(html)
    if tree is None:
        return []
    return [b.text for b in visible_blocks(prepare_page(tree, kind, auto=True) if kind else tree)]


def run(html: str, url: str | None = None) -> tuple[Document | None, list[str]]:
    """Extract + clean one page; returns the document (None if quarantined) and its blocks."""
    src = "t/page.html"
    h = content_hash(html)
    d = Document(doc_id=make_doc_id(src, h), source=src, input_path=src, input_format="html", content_hash=h, raw=html, raw_is_html=True, url=url)
    res = extract.extract_batch([d], SETTINGS)
    blocks = _visible(html, res.docs[0].page_type if res.docs else None)
    if not res.docs:
        return None, blocks
    cleaned = clean.clean_batch(res.docs, RULES, None, SETTINGS)
    return (cleaned.docs[0] if cleaned.docs else res.docs[0]), blocks


def assert_accounted(d: Document, blocks: list[str]) -> None:
    kept_lines = {_norm(x) for x in d.text.split("\n")}
    kept_flat = _norm(d.text)
    src_lines = {_norm(x) for x in d.source_text.split("\n")}
    src_flat = _norm(d.source_text)
    cleaned_away = {_norm(r.text) for r in d.removed}
    dropped = {r.line_no: r for r in d.dropped}
    vis = "\n".join(blocks)
    for n, b in enumerate(blocks, 1):
        in_source = b in src_lines or (len(b.split()) >= 4 and b in src_flat)
        if n in dropped:
            r = dropped[n]
            assert not in_source, f"block {n} is in the extractor's output but recorded as dropped: {b!r}"
            assert r.text == b and vis[r.start : r.end] == b and r.stage == "extract"
            assert r.reason in LINE_REASONS and r.rule.startswith(f"extract.{d.extraction}/")
        else:
            assert in_source, f"block {n} is neither extracted nor recorded: {b!r}"
            kept = b in kept_lines or (len(b.split()) >= 4 and b in kept_flat)
            # not kept: the cleaner removed it (the whole line, or the line that holds it)
            assert kept or b in cleaned_away or any(b in c for c in cleaned_away), f"block {n} vanished: {b!r}"


WORDS = st.sampled_from(["the", "river", "flows", "past", "old", "mills", "while", "people", "walk", "along", "quiet", "paths", "every", "evening", "in", "spring"])
SENTENCE = st.lists(WORDS, min_size=3, max_size=14).map(lambda w: " ".join(w).capitalize() + ".")
WRAP = st.sampled_from(["p", "nav", "footer", "aside", "comment", "li", "div", "header", "cookie"])


def _page(parts: list[tuple[str, str]]) -> str:
    body = []
    for wrap, text in parts:
        t = htmllib.escape(text)
        body.append({
            "p": f"<p>{t}</p>", "nav": f"<nav><a href='/x'>{t}</a></nav>", "footer": f"<footer><p>{t}</p></footer>",
            "aside": f"<aside><p>{t}</p></aside>", "comment": f"<div class='comments'><p>{t}</p></div>", "li": f"<ul><li>{t}</li></ul>",
            "div": f"<div>{t}</div>", "header": f"<header>{t}</header>", "cookie": f"<div id='cookie-consent'>{t}</div>",
        }[wrap])
    main = " ".join(f"<p>{htmllib.escape(s)}</p>" for s in ["The old mill by the river was restored last year by the town and its volunteers."] * 1)
    return f"<html><head><title>t</title></head><body>{''.join(body[:len(body) // 2])}<article>{main}{''.join(body[len(body) // 2:])}</article></body></html>"


@given(st.lists(st.tuples(WRAP, SENTENCE), min_size=1, max_size=12))
def test_kept_plus_removed_is_the_visible_text_generated(parts: list[tuple[str, str]]) -> None:
    d, blocks = run(_page(parts))
    if d is None:  # quarantined (no text): nothing to account for in documents/
        return
    assert_accounted(d, blocks)


def test_regions_give_the_reason() -> None:
    page = ("<html><body><div id='cookie-banner'>We use cookies to improve your experience on this site.</div>"
            "<nav><a href='/'>Home</a> <a href='/about'>About us</a></nav>"
            "<article><h1>Mills of the valley</h1>" + "<p>The old mill by the river was restored last year by the town and its many volunteers.</p>" * 3
            + "</article><div class='comments'><p>Great story, I grew up near there and loved it.</p></div>"
            "<footer><p>Contact the editors of the valley paper any time.</p></footer></body></html>")
    d, blocks = run(page)
    assert d is not None
    assert_accounted(d, blocks)
    reasons = {r.text: r.reason for r in d.dropped}
    assert reasons["We use cookies to improve your experience on this site."] == "cookie"
    assert reasons["Home About us"] == "navigation"  # inline links: one block
    assert reasons["Contact the editors of the valley paper any time."] == "page_footer"
    assert reasons["Great story, I grew up near there and loved it."] == "comments"
    assert "The old mill by the river was restored last year by the town and its many volunteers." not in reasons
    assert d.page_type and d.extraction == "balanced"


@pytest.fixture(scope="module")
def dev_pages() -> list[dict]:
    with gzip.open(DEV_DIR / "pages.jsonl.gz", "rt", encoding="utf-8") as fh:
        pages = [json.loads(line) for line in fh if line.strip()]
    return pages[::12]


def test_kept_plus_removed_is_the_visible_text_real_pages(dev_pages: list[dict]) -> None:
    checked = 0
    for p in dev_pages:
        d, blocks = run(p["html"], p.get("url"))
        if d is None:
            continue
        assert_accounted(d, blocks)
        assert visible_text(visible_blocks(prepare_page(load_html(p["html"]), d.page_type or "", auto=True))) == "\n".join(blocks)
        checked += 1
    assert checked >= len(dev_pages) - 1
