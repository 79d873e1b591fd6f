"""bench/pagetype_oracle.py: the report lists tune pages only and sums the confusions per tune quarter."""
from __future__ import annotations

import sys
from typing import Any

from tests.conftest import REPO, load_script

sys.path.insert(0, str(REPO / "bench"))
oracle = load_script(REPO / "bench" / "pagetype_oracle.py", "bench_pagetype_oracle")


def _domain(quarter: str) -> str:
    """A made-up domain in the given tune quarter (``""``: held out)."""
    return next(d for d in (f"site{n}.example" for n in range(500)) if oracle.quarter(d) == quarter)


def _page(pid: str, kind: str, domain: str) -> dict[str, Any]:
    return {"id": pid, "page_type": kind, "domain": domain, "url": f"https://{domain}/{pid}"}


def test_quarters_split_the_tune_half_only() -> None:
    for quarter in ("A", "B", ""):
        d = _domain(quarter)
        assert oracle.qw.half(d) == ("held" if quarter == "" else "tune")


def test_held_out_pages_are_counted_never_listed() -> None:
    a, b, held = _domain("A"), _domain("B"), _domain("")
    pages = [_page("1", "article", a), _page("2", "article", b), _page("3", "article", held), _page("4", "service", a)]
    shipped = {"1": ("x", "service", "balanced+second"), "2": ("y", "service", "balanced"),
               "3": ("z", "service", "balanced"), "4": ("w", "service", "balanced")}
    given = {"1": ("x2", "article", "balanced"), "2": ("y2", "article", "balanced"),
             "3": ("z2", "article", "balanced"), "4": ("w", "service", "balanced")}
    f0 = {"1": 0.9, "2": 0.5, "3": 0.4, "4": 0.8}
    f1 = {"1": 0.8, "2": 0.7, "3": 0.9, "4": 0.8}
    lines = oracle.report(pages, shipped, given, f0, f1, {"1", "2", "3"}, 10)
    text = "\n".join(lines)
    assert held not in text and a in text and b in text
    assert any(line.split()[:4] == ["A", "service", "->", "article"] and line.endswith("-0.10") for line in lines)
    assert any(line.split()[:4] == ["B", "service", "->", "article"] and line.endswith("+0.20") for line in lines)
    assert any(line.split()[:4] == ["held", "service", "->", "article"] and line.endswith("+0.50") for line in lines)
    assert any(line.split()[:2] == ["held", "article"] and "(1 pages change, sum +0.50)" in line for line in lines)
