"""The report in a real browser: Debian's headless chromium (installed by
scripts/ensure_chromium.sh when missing), driven over the DevTools protocol on its pipe,
opening the pages from disk. Every request is intercepted: only file: (and data:) requests
may happen, and the host resolver maps every name to nowhere."""
from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.browser.cdp import Browser
from tests.report_fixtures import ensure_chromium, rows, seed_source, seeds_output

CHARTS = ("ingest-day", "site", "language", "published", "removed-by-reason", "removed-per-run",
          "quarantine-by-reason", "entities-by-label", "stage-seconds")


@pytest.fixture(scope="module")
def seeds(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return seeds_output(tmp_path_factory.mktemp("seeds-browser"))


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    ensure_chromium()
    with Browser() as b:
        yield b


def _clean_load(b: Browser, path: Path) -> None:
    errors, blocked, seen = len(b.errors), len(b.blocked), len(b.requests)
    b.open(path)
    assert b.errors[errors:] == [], b.errors[errors:]
    assert b.blocked[blocked:] == [], b.blocked[blocked:]
    new = b.requests[seen:]
    assert new and all(u.startswith("file:") for u in new), new
    # the shipped stylesheet and script were loaded (and applied)
    assert any(u.endswith("/style.css") for u in new) and any(u.endswith("/sort.js") for u in new), new
    assert b.eval("getComputedStyle(document.querySelector('header')).display") == "flex"


def test_index_loads_offline_with_charts_and_the_tables_counts(seeds: Path, browser: Browser) -> None:
    _clean_load(browser, seeds / "report" / "index.html")
    counts = browser.eval("Object.fromEntries([...document.querySelectorAll('[data-count]')].map(e => [e.dataset.count, e.textContent]))")
    docs, removed, quarantine, runs = (rows(seeds, t) for t in ("documents", "removed_lines", "quarantine", "runs"))
    assert int(counts["documents"]) == len(docs) == 8
    assert int(counts["removed-lines"]) == int(counts["removed-lines-total"]) == len(removed)
    assert sum(r["stage"] == "clean" for r in removed) == 38  # the cleaner's; the rest is the HTML ledger (stage extract)
    assert int(counts["quarantined"]) == int(counts["quarantined-total"]) == len(quarantine) == 2
    assert int(counts["runs"]) == len(runs) and int(counts["document-pages"]) == 8

    charts = browser.eval("""[...document.querySelectorAll('figure.chart')].map(f => {
        const svg = f.querySelector('svg'); const r = svg ? svg.getBoundingClientRect() : {width: 0, height: 0};
        return {key: f.dataset.chart, w: r.width, h: r.height,
                marks: svg ? svg.querySelectorAll('path, rect, use').length : 0,
                text: svg ? svg.textContent.trim().length : 0};
    })""")
    by_key = {c["key"]: c for c in charts}
    for key in CHARTS:
        c = by_key[key]
        assert c["w"] > 200 and c["h"] > 80 and c["marks"] >= 3 and c["text"] > 0, c

    # removed lines by reason as shown = the Parquet table's
    shown = browser.eval("""[...document.querySelectorAll('table[data-table="removed-by-reason"] tbody tr')]
        .map(tr => [tr.cells[0].textContent, tr.cells[1].textContent])""")
    assert {r: int(n) for r, n in shown} == dict(Counter(r["reason"] for r in removed))
    # the quarantined files are named
    files = browser.eval("""[...document.querySelectorAll('table[data-table="quarantine"] tbody tr')].map(tr => tr.cells[0].textContent)""")
    assert sorted(files) == sorted(q["source"] for q in quarantine) == [seed_source("README.md"), seed_source("quayside-crawl.warc.gz") + "#3"]

    # the tables sort when a header is clicked (the shipped script runs)
    order = """[...document.querySelectorAll('table[data-table="removed-by-reason"] tbody tr')].map(tr => +tr.cells[1].dataset.v)"""
    browser.eval("""document.querySelectorAll('table[data-table="removed-by-reason"] th')[1].click()""")
    ascending = browser.eval(order)
    assert ascending == sorted(ascending) and ascending != sorted(ascending, reverse=True)
    assert browser.errors == []


def test_every_document_page_shows_its_lines_and_removed_lines_with_reasons(seeds: Path, browser: Browser) -> None:
    docs, removed = rows(seeds, "documents"), rows(seeds, "removed_lines")
    _clean_load(browser, seeds / "report" / "documents-0001.html")
    links = browser.eval("[...document.querySelectorAll('table[data-table=documents] a')].map(a => a.getAttribute('href'))")
    assert sorted(links) == sorted(f"d/{d['doc_id']}.html" for d in docs)
    for d in docs:
        _clean_load(browser, seeds / "report" / "d" / f"{d['doc_id']}.html")
        mine = sorted((r for r in removed if r["doc_id"] == d["doc_id"] and r["stage"] == "clean"), key=lambda r: r["line_no"])
        left_out = sorted((r for r in removed if r["doc_id"] == d["doc_id"] and r["stage"] == "extract"), key=lambda r: r["line_no"])
        blocks = browser.eval("""[...document.querySelectorAll('table[data-table=extraction] tbody tr')].map(tr => [+tr.cells[0].textContent, tr.cells[2].textContent])""")
        assert blocks == [[r["line_no"], r["text"]] for r in left_out]
        shown = browser.eval("""[...document.querySelectorAll('table[data-table=lines] tbody tr')].map(tr => ({
            cls: tr.className, no: tr.cells[0].textContent, verdict: tr.cells[1].textContent, text: tr.cells[2].textContent,
            title: tr.title, struck: getComputedStyle(tr.cells[2]).textDecorationLine}))""")
        gone = [s for s in shown if s["cls"] == "removed"]
        kept = [s for s in shown if s["cls"] == "kept"]
        assert [(int(s["no"]), s["text"]) for s in gone] == [(r["line_no"], r["text"]) for r in mine]
        for s, r in zip(gone, mine, strict=True):
            assert s["verdict"] == f"{r['reason']} {r['rule']}" and s["title"] == f"removed: {r['reason']} (rule {r['rule']})"
            assert s["struck"] == "line-through"
        assert "\n".join(s["text"] for s in kept) == d["text"]
        assert [int(s["no"]) for s in shown] == sorted(int(s["no"]) for s in shown)  # input order
        assert browser.eval("document.querySelector('h1').textContent") == (d["title"] or d["source"])
    assert len(browser.errors) == 0, json.dumps(browser.errors)
