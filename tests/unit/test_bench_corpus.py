"""The benchmark corpus builder: the right mix, every copy different, read back as built."""
from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

from tests.conftest import DEV_DIR, REPO, load_script

corpus = load_script(REPO / "bench" / "corpus.py", "bench_corpus")


def test_corpus_has_the_planned_mix_and_no_two_identical_documents(tmp_path: Path) -> None:
    n = 400  # > 181 pages: the HTML part needs a second round of copies
    plan = corpus.build(n, tmp_path / "c", DEV_DIR)
    assert plan == {"html": 240, "txt": 80, "jsonl": 80}
    docs = list(corpus.iter_corpus(tmp_path / "c"))
    assert len(docs) == n
    assert Counter(k for k, _ in docs) == {"html": 240 + 40, "text": 80 + 40}
    assert len({c for _, c in docs}) == n  # small changes: nothing a content cache could reuse
    assert len(list((tmp_path / "c" / "jsonl").glob("*.jsonl"))) == 1
    # a round never puts two copies of one page in the same site directory
    for site in (tmp_path / "c" / "html").glob("r*/*"):
        names = [p.name for p in site.iterdir()]
        assert len(names) == len(set(names))


def test_variation_keeps_the_page_and_adds_one_marker() -> None:
    page = corpus.load_pages(DEV_DIR)[0]
    assert corpus.vary_html(page.html, 0, 0) == page.html
    v = corpus.vary_html(page.html, 3, 0)
    marker = corpus._marker(3, 0)
    assert marker in v and v.replace(marker, "") == page.html
    hosted = corpus.vary_html(page.html, 3, 0, page.host)
    assert ("//" + page.host) not in hosted.replace(f"//r3.{page.host}", "")
    assert corpus.vary_host(page.url, page.host, 3) == page.url.replace("//" + page.host, f"//r3.{page.host}")
    lines = corpus.vary_lines(page.lines, 2, 5)
    assert len(lines) == len(page.lines)
    assert sum(a != b for a, b in zip(lines, page.lines, strict=True)) == 1
    json.dumps(lines)  # still plain strings
