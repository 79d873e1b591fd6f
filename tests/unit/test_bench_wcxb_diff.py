"""bench/wcxb_diff.py: two WCXB dumps compared page by page, held-out pages counted, not listed."""
from __future__ import annotations

import gzip
import json
from pathlib import Path
from typing import Any

from tests.conftest import REPO, load_script

wcxb_diff = load_script(REPO / "bench" / "wcxb_diff.py", "bench_wcxb_diff")


def _page(pid: str, kind: str, half: str, f1: float, text: str, domain: str = "shop.example") -> dict[str, Any]:
    return {"id": pid, "type": kind, "domain": domain, "half": half, "f1": f1, "text": text, "strategy": "balanced"}


def _dump(path: Path, pages: list[dict[str, Any]]) -> Path:
    with gzip.open(path, "wt", encoding="utf-8") as fh:
        for p in pages:
            fh.write(json.dumps(p) + "\n")
    return path


def test_sums_counts_and_held_out_pages_stay_unlisted(tmp_path: Path, capsys: Any) -> None:
    before = _dump(tmp_path / "b.jsonl.gz", [
        _page("1", "collection", "tune", 0.50, "a"), _page("2", "collection", "tune", 0.90, "b"),
        _page("3", "collection", "held", 0.70, "c", "secret-heldout.example"), _page("4", "listing", "tune", 0.80, "d"),
        _page("5", "listing", "tune", 0.60, "e"), _page("9", "product", "tune", 0.10, "only before")])
    after = _dump(tmp_path / "a.jsonl.gz", [
        _page("1", "collection", "tune", 0.75, "a2"), _page("2", "collection", "tune", 0.85, "b2"),
        _page("3", "collection", "held", 0.60, "c2", "secret-heldout.example"), _page("4", "listing", "tune", 0.80, "d"),
        _page("5", "listing", "tune", 0.60, "e, other words, same score")])
    cmp = wcxb_diff.compare(wcxb_diff.read_dump(before), wcxb_diff.read_dump(after))
    tune = cmp.tallies[("collection", "tune")]
    assert (tune.pages, tune.changed, tune.up, tune.down) == (2, 2, 1, 1)
    assert abs(tune.delta - 0.20) < 1e-9
    held = cmp.tallies[("collection", "held")]
    assert (held.changed, held.down) == (1, 1) and abs(held.delta + 0.10) < 1e-9
    listing = cmp.tallies[("listing", "tune")]
    assert (listing.pages, listing.changed, listing.up, listing.down) == (2, 1, 0, 0)  # a text change counts, its score did not move
    assert cmp.only_one == 1

    assert wcxb_diff.main([str(before), str(after)]) == 0
    out = capsys.readouterr().out
    assert "secret-heldout" not in out and "1 held-out pages changed: not listed" in out
    listed = [line for line in out.splitlines() if line.startswith("  ") and "->" in line]
    assert [line.split()[0] for line in listed] == ["2", "5", "1"]  # the pages that went down first
    assert "pages in one dump only" in out

    assert wcxb_diff.main([str(before), str(after), "--show-held", "--types", "collection"]) == 0
    out = capsys.readouterr().out
    assert "secret-heldout" in out and "listing" not in out


def _domain(quarter: str) -> str:
    """A made-up domain in the given tune quarter."""
    return next(d for d in (f"site{n}.example" for n in range(500)) if wcxb_diff.quarter(d) == quarter)


def test_tune_quarters_are_summed_apart_and_held_out_pages_are_in_neither(tmp_path: Path, capsys: Any) -> None:
    a_dom, b_dom = _domain("A"), _domain("B")
    before = _dump(tmp_path / "b.jsonl.gz", [
        _page("1", "forum", "tune", 0.50, "a", a_dom), _page("2", "forum", "tune", 0.50, "b", a_dom),
        _page("3", "forum", "tune", 0.90, "c", b_dom), _page("4", "forum", "held", 0.40, "d", "secret-heldout.example")])
    after = _dump(tmp_path / "a.jsonl.gz", [
        _page("1", "forum", "tune", 0.60, "a2", a_dom), _page("2", "forum", "tune", 0.70, "b2", a_dom),
        _page("3", "forum", "tune", 0.80, "c2", b_dom), _page("4", "forum", "held", 0.90, "d2", "secret-heldout.example")])
    cmp = wcxb_diff.compare(wcxb_diff.read_dump(before), wcxb_diff.read_dump(after))
    qa, qb = cmp.quarters[("forum", "A")], cmp.quarters[("forum", "B")]
    assert (qa.pages, qa.up, qa.down) == (2, 2, 0) and abs(qa.delta - 0.30) < 1e-9
    assert (qb.pages, qb.up, qb.down) == (1, 0, 1) and abs(qb.delta + 0.10) < 1e-9  # confirmed on B: no, it went down
    assert set(cmp.quarters) == {("forum", "A"), ("forum", "B")}  # the held-out page counts in no quarter
    assert wcxb_diff.main([str(before), str(after)]) == 0
    out = capsys.readouterr().out.splitlines()
    rows = out[out.index("tune quarters (choose on A, confirm on B):") + 1:][:2]
    assert [r.split()[1] for r in rows] == ["A", "B"] and rows[0].split()[-1] == "+0.300" and rows[1].split()[-1] == "-0.100"
