"""The HTML ledger: every visible block of a page is kept or recorded as removed, with a reason.

Kept text + removed lines (stage ``extract``: blocks the extractor left out; stage ``clean``:
lines the cleaner removed) = the page's visible text. Checked on generated pages (Hypothesis),
on real pages of the development set, and on real pages of every kind of the WCXB split (forum
threads, listings, product and service pages: the strategies that rebuild the text from cards or
add a second extractor's lines).
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
from cleanseeds.extract.blocks import dropped_blocks, match_key, output_keys, visible_blocks, visible_text
from cleanseeds.extract.html import prepare_page
from cleanseeds.reasons import LINE_REASONS
from cleanseeds.records import Document, content_hash, make_doc_id
from tests.conftest import DEV_DIR, SHARED

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


def _run_of_lines(b: str, lines: list[str]) -> list[str] | None:
    """The consecutive lines of ``lines`` whose words joined are the block ``b`` (the extractor
    split it: a forum's "Joined: Sun Dec 17, 2023" as "Joined:" and the date), or None."""
    for i, first in enumerate(lines):
        if not first or not b.startswith(first) or first == b:
            continue
        run, acc = [first], first
        for nxt in lines[i + 1:]:
            if not nxt:
                continue
            acc = f"{acc} {nxt}"
            run.append(nxt)
            if acc == b:
                return run
            if not b.startswith(acc):
                break
    return None


def assert_accounted(d: Document, blocks: list[str]) -> None:
    kept_lines = output_keys(d.text)
    kept_flat = match_key(d.text)
    src_seq = [match_key(x) for x in d.source_text.split("\n")]
    src_lines = output_keys(d.source_text)
    src_flat = match_key(d.source_text)
    cleaned_away = {match_key(r.text) for r in d.removed}
    dropped = {r.line_no: r for r in d.dropped}
    vis = "\n".join(blocks)

    def kept_or_cleaned(x: str) -> bool:
        kept = x in kept_lines or (len(x.split()) >= 4 and x in kept_flat)
        # not kept: the cleaner removed it (the whole line, or the line that holds it)
        return kept or x in cleaned_away or any(x in c for c in cleaned_away)

    for n, raw in enumerate(blocks, 1):
        b = match_key(raw)
        in_source = b in src_lines or (len(b.split()) >= 4 and b in src_flat)
        if n in dropped:
            r = dropped[n]
            assert not in_source, f"block {n} is in the extractor's output but recorded as dropped: {raw!r}"
            assert r.text == raw and vis[r.start : r.end] == raw and r.stage == "extract"
            assert r.reason in LINE_REASONS and r.rule.startswith(f"extract.{d.extraction}/")
        else:
            assert in_source, f"block {n} is neither extracted nor recorded: {raw!r}"
            if kept_or_cleaned(b):
                continue
            # split by the extractor into lines, each kept or removed by the cleaner with its reason
            run = _run_of_lines(b, src_seq)
            assert run and all(kept_or_cleaned(x) for x in run), f"block {n} vanished: {raw!r}"


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


def test_a_window_s_dropped_block_names_the_overlay() -> None:
    # a popup or modal box the extractor left out: outside_main, with the evidence `overlay` (the box's class or its
    # role), the innermost region winning (a modal inside the footer is the modal); "multimodal" names no window
    page = ("<html><body><article><p>The old mill by the river was restored last year by the town and its many volunteers.</p></article>"
            "<div class='signup-modal'><p>Join the club of the mill for a newsletter every month.</p></div>"
            "<div role='dialog'><p>Choose the country you are shopping from.</p></div>"
            "<div class='multimodal-guide'><p>Ask the guide about the mill with a photo.</p></div>"
            "<footer><div class='popup-box'><p>Win a free tour of the mill today.</p></div><p>Contact the editors.</p></footer></body></html>")
    tree = load_html(page)
    rules = {r.text: (r.reason, r.rule) for r in dropped_blocks(visible_blocks(tree), tree.findtext(".//article/p"), "balanced")}
    assert rules["Join the club of the mill for a newsletter every month."] == ("outside_main", "extract.balanced/overlay")
    assert rules["Choose the country you are shopping from."] == ("outside_main", "extract.balanced/overlay")
    assert rules["Win a free tour of the mill today."] == ("outside_main", "extract.balanced/overlay")
    assert rules["Ask the guide about the mill with a photo."] == ("outside_main", "extract.balanced/outside_main")
    assert rules["Contact the editors."] == ("page_footer", "extract.balanced/footer")
    # a page marks its state and template on <html>, <body> and <main>: that makes no block a window's, a cookie
    # banner's or a footer's
    for marked in ("<body class='modal-open'>", "<body class='single-post cookie-banner-visible'>", "<body class='footer-sticky'>"):
        tree = load_html(page.replace("<body>", marked).replace("<article>", "<main class='with-sidebar'><article>"))
        rules = {r.text: (r.reason, r.rule) for r in dropped_blocks(visible_blocks(tree), tree.findtext(".//article/p"), "balanced")}
        assert rules["Ask the guide about the mill with a photo."] == ("outside_main", "extract.balanced/outside_main")
        assert rules["Join the club of the mill for a newsletter every month."] == ("outside_main", "extract.balanced/overlay")


def test_a_closed_dialog_is_not_visible_text() -> None:
    # a browser draws a <dialog> only once it is open: a closed one is no block of the page (not "dropped"),
    # an open one is, recorded as a window's
    page = ("<html><body><article><p>The old mill by the river was restored last year by the town and its many volunteers.</p></article>"
            "<dialog><p>Sign in to save this walk to your list.</p></dialog>"
            "<dialog open><p>Rate the walk along the mill race.</p></dialog></body></html>")
    tree = load_html(page)
    blocks = visible_blocks(tree)
    assert "Sign in to save this walk to your list." not in {b.text for b in blocks}
    rules = {r.text: (r.reason, r.rule) for r in dropped_blocks(blocks, tree.findtext(".//article/p"), "balanced")}
    assert rules == {"Rate the walk along the mill race.": ("outside_main", "extract.balanced/overlay")}


def test_a_kept_table_and_list_are_not_recorded_as_dropped() -> None:
    """The extractor writes a table row as ``| a | b |`` and a list item as ``- item``: their cells
    and items are kept text, not blocks the extractor dropped (they were listed as dropped one by one)."""
    prose = "<p>The old mill by the river was restored last year by the town and its many volunteers.</p>" * 3
    page = ("<html><body><nav><a href='/'>Home</a></nav><article><h1>Mills of the valley</h1>" + prose
            + "<table><tr><th>Mill</th><th>Built</th></tr><tr><td>Upper mill</td><td>1820</td></tr>"
            "<tr><td>Lower mill</td><td>1851</td></tr></table><ul><li>grain</li><li>timber and wool</li></ul>"
            + prose + "</article></body></html>")
    d, blocks = run(page)
    assert d is not None
    assert "| Upper mill | 1820 |" in d.text and "- timber and wool" in d.text
    assert_accounted(d, blocks)
    assert [r.text for r in d.dropped] == ["Home"]


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


@pytest.fixture(scope="module")
def wcxb_pages() -> list[dict]:
    """Six pages of each WCXB page type, spread over the type's pages in id order."""
    by_type: dict[str, list[dict]] = {}
    with gzip.open(SHARED / "eval" / "wcxb-dev" / "pages.jsonl.gz", "rt", encoding="utf-8") as fh:
        for line in fh:
            p = json.loads(line)
            by_type.setdefault(p["page_type"], []).append({k: p[k] for k in ("id", "html", "url")})
    out = []
    for pages in by_type.values():
        pages.sort(key=lambda p: p["id"])
        out += pages[:: max(1, len(pages) // 6)][:6]
    return out


def test_kept_plus_removed_is_the_visible_text_every_kind(wcxb_pages: list[dict]) -> None:
    """Every strategy keeps the ledger: blocks the extractor split into lines (a forum's "Joined:"
    and its date, the date removed by the cleaner) and blocks holding characters the extractor
    drops (zero-width spaces, C1 controls of mis-decoded text) are accounted for, and a kept block
    is never also recorded as dropped."""
    strategies = set()
    for p in wcxb_pages:
        d, blocks = run(p["html"], p.get("url"))
        if d is None:
            continue
        assert_accounted(d, blocks)
        strategies.add(d.extraction)
    families = {s.split(">")[0].split("+")[0] for s in strategies}
    assert {"balanced", "comments"} <= families
    assert any("+second" in s for s in strategies) and any(">cards" in s for s in strategies)


def test_a_kept_block_with_characters_the_extractor_drops_is_not_recorded_as_dropped() -> None:
    """trafilatura drops characters that are not printable (a zero-width space after a heading, the
    C1 controls of UTF-8 read as Latin-1): the block is still the extracted line, not a removal."""
    paras = ["The old mill by the river was restored last year by the town and its many volunteers.\u200b",
             "Its wheel turns again every weekend \u200bfrom spring to the first frost of the autumn.",
             "Visitors say itâ\x80\x99s the best walk in the valley for families with young children."]
    page = "<html><body><article><h1>Mills of the valley</h1>" + "".join(f"<p>{p}</p>" for p in paras) + "</article></body></html>"
    d, blocks = run(page)
    assert d is not None
    assert_accounted(d, blocks)
    assert not [r.text for r in d.dropped if "mill" in r.text or "wheel" in r.text or "Visitors" in r.text]
    assert "Its wheel turns again every weekend from spring" in d.text
