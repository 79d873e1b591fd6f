"""What a better page-type model would buy: WCXB F1 with every page's *true* kind given to the extractor.

    nice -n 10 .venv/bin/python bench/pagetype_oracle.py [--wcxb DIR] [--workers 2] [--show 20]

Runs cleanseeds twice on the WCXB development split — WCXB (Foley, 2026), CC-BY-4.0 — as
``bench/quality_wcxb.py`` does (whole domains per worker, so site templates see what a real
run would): once as shipped, once with the page-type model's answer replaced by the page's
labelled kind on the pages it gets wrong (nothing else changes). Prints, per true kind and half
(tune / held out, by domain hash), the macro word F1 of both runs, and the changes by
confusion (decided -> true). A model change is worth what it moves here, not its accuracy:
the strategies per kind (``extract/html.py``) were chosen on the kinds the model decides.
"""
from __future__ import annotations

import argparse
import sys
from collections import defaultdict
from functools import partial
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
import quality_wcxb as qw  # noqa: E402


def _forced_group(args: tuple[list[dict[str, Any]], dict[str, str]], forced: dict[str, str]) -> list[tuple[str, str, str, str, float]]:
    """``quality_wcxb._cleanseeds_group`` with the page type of the URLs in ``forced`` given."""
    pages, overrides = args
    import cleanseeds.extract.pagetype as pt

    decide = pt.page_type

    def page_type(tree: Any, url: str | None) -> tuple[str, float]:
        kind = forced.get(url or "")
        return (kind, 1.0) if kind else decide(tree, url)

    pt.page_type = page_type  # extract/html.py imports it at call time
    return qw._cleanseeds_group((pages, overrides))


def _run(pages: list[dict[str, Any]], workers: int, forced: dict[str, str]) -> dict[str, tuple[str, str, str]]:
    parts = qw.map_domain_groups(partial(_forced_group, forced=forced), pages, workers, {})
    return {pid: (text, kind, strat) for part in parts for pid, text, kind, strat, _ in part}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--wcxb", type=Path, default=qw.DEFAULT_WCXB)
    ap.add_argument("--workers", type=int, default=1, help="processes (the machine is shared: 2 at most)")
    ap.add_argument("--show", type=int, default=20, help="largest page changes to list")
    a = ap.parse_args(argv)
    pages = qw.read_pages(a.wcxb)
    shipped = _run(pages, a.workers, {})
    urls: dict[str, int] = defaultdict(int)
    for p in pages:
        urls[p.get("url") or ""] += 1
    wrong = {p["id"] for p in pages if shipped[p["id"]][1] and shipped[p["id"]][1] != p["page_type"] and urls[p.get("url") or ""] == 1}
    given = _run(pages, a.workers, {p.get("url") or "": p["page_type"] for p in pages if p["id"] in wrong})
    f0 = {p["id"]: qw.score_page(shipped[p["id"]][0], p).f1 for p in pages}
    f1 = {p["id"]: qw.score_page(given[p["id"]][0], p).f1 for p in pages}
    print(f"page type given on the {len(wrong)} pages the model decides wrongly (of {len(pages)}); macro word F1 shipped -> given")
    for h in ("tune", "held"):
        for t in (*qw.TYPES, "all"):
            sel = [p["id"] for p in pages if qw.half(p["domain"]) == h and t in ("all", p["page_type"])]
            moved = sum(1 for i in sel if abs(f1[i] - f0[i]) > 0.005)
            print(f"  {h:<5} {t:<14} n {len(sel):>4}  {sum(f0[i] for i in sel) / len(sel):.4f} -> {sum(f1[i] for i in sel) / len(sel):.4f}"
                  f"  ({moved} pages change, sum {sum(f1[i] - f0[i] for i in sel):+.2f})")
    conf: dict[tuple[str, str, str], list[float]] = defaultdict(list)
    for p in pages:
        if p["id"] in wrong:
            conf[(qw.half(p["domain"]), shipped[p["id"]][1], p["page_type"])].append(f1[p["id"]] - f0[p["id"]])
    print("by confusion (half, decided -> true): pages, sum of F1 changes")
    for (h, d, t), ds in sorted(conf.items(), key=lambda kv: sum(kv[1])):
        print(f"  {h:<5} {d:>13} -> {t:<14} {len(ds):>3}  {sum(ds):+.2f}")
    print(f"largest page changes ({a.show}):")
    byid = {p["id"]: p for p in pages}
    for i in sorted(wrong, key=lambda i: -abs(f1[i] - f0[i]))[: a.show]:
        p = byid[i]
        print(f"  {p['domain']:<28} {qw.half(p['domain']):<5} {shipped[i][1]:>13} -> {p['page_type']:<14} {f0[i]:.2f} -> {f1[i]:.2f}"
              f"  {shipped[i][2]} -> {given[i][2]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
