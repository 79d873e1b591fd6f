"""What a better page-type model would buy: WCXB F1 with every page's *true* kind given to the extractor.

    nice -n 10 .venv/bin/python bench/pagetype_oracle.py [--wcxb DIR] [--workers 1] [--show 20]
        [--half tune|all] [--shipped DUMP]

Runs cleanseeds twice on the WCXB development split — WCXB (Foley, 2026), CC-BY-4.0 — as
``bench/quality_wcxb.py`` does (whole domains per worker, so site templates see what a real
run would): once as shipped, once with the page-type model's answer replaced by the page's
labelled kind on the pages it gets wrong (nothing else changes). Prints, per true kind and half
(tune / held out, by domain hash), the macro word F1 of both runs, and the changes by
confusion (decided -> true; on the tune half per quarter too, A / B as ``quarter`` splits it).
A model change is worth what it moves here, not its accuracy: the strategies per kind
(``extract/html.py``) were chosen on the kinds the model decides.

``--half tune`` (the default) runs the tune half's pages only; ``--half all`` the whole split,
whose held-out pages are counted, never listed (the largest page changes are tune pages).
``--shipped DUMP`` takes the shipped run from a ``quality_wcxb.py --dump`` of the same code
(its ``decided`` kind and ``text``) instead of running it again.
"""
from __future__ import annotations

import argparse
import gzip
import json
import sys
from collections import defaultdict
from collections.abc import Sequence
from functools import partial
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
import quality_wcxb as qw  # noqa: E402

#: (text, kind decided, strategy) per page id
Run = dict[str, tuple[str, str, str]]


quarter = qw.quarter  # (tune quarter A / B of a domain, "" held out)


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


def _run(pages: list[dict[str, Any]], workers: int, forced: dict[str, str]) -> Run:
    parts = qw.map_domain_groups(partial(_forced_group, forced=forced), pages, workers, {})
    return {pid: (text, kind, strat) for part in parts for pid, text, kind, strat, _ in part}


def read_shipped(path: Path) -> Run:
    """The shipped run as a ``quality_wcxb.py --dump`` recorded it."""
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        return {r["id"]: (r.get("text") or "", r.get("decided") or "", r.get("strategy") or "") for r in map(json.loads, fh)}


def report(pages: Sequence[dict[str, Any]], shipped: Run, given: Run, f0: dict[str, float], f1: dict[str, float],
           wrong: set[str], show: int) -> list[str]:
    """The printed report: per half and true kind, per confusion, then the largest changes of tune pages only."""
    out = [f"page type given on the {len(wrong)} pages the model decides wrongly (of {len(pages)}); macro word F1 shipped -> given"]
    for h in ("tune", "held"):
        for t in (*qw.TYPES, "all"):
            sel = [p["id"] for p in pages if qw.half(p["domain"]) == h and t in ("all", p["page_type"])]
            if sel:
                moved = sum(1 for i in sel if abs(f1[i] - f0[i]) > 0.005)
                out.append(f"  {h:<5} {t:<14} n {len(sel):>4}  {sum(f0[i] for i in sel) / len(sel):.4f} -> "
                           f"{sum(f1[i] for i in sel) / len(sel):.4f}  ({moved} pages change, sum {sum(f1[i] - f0[i] for i in sel):+.2f})")
    conf: dict[tuple[str, str, str], list[float]] = defaultdict(list)
    for p in pages:
        if p["id"] in wrong:
            conf[(quarter(p["domain"]) or "held", shipped[p["id"]][1], p["page_type"])].append(f1[p["id"]] - f0[p["id"]])
    out.append("by confusion (tune quarter A / B or held, decided -> true): pages, sum of F1 changes")
    for (h, d, t), ds in sorted(conf.items(), key=lambda kv: sum(kv[1])):
        out.append(f"  {h:<5} {d:>13} -> {t:<14} {len(ds):>3}  {sum(ds):+.2f}")
    out.append(f"largest page changes, tune half ({show}; held-out pages are not listed):")
    byid = {p["id"]: p for p in pages}
    tune = [i for i in wrong if qw.half(byid[i]["domain"]) == "tune"]
    for i in sorted(tune, key=lambda i: -abs(f1[i] - f0[i]))[:show]:
        p = byid[i]
        out.append(f"  {p['domain']:<28} {quarter(p['domain']):<2} {shipped[i][1]:>13} -> {p['page_type']:<14} "
                   f"{f0[i]:.2f} -> {f1[i]:.2f}  {shipped[i][2]} -> {given[i][2]}")
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--wcxb", type=Path, default=qw.DEFAULT_WCXB)
    ap.add_argument("--workers", type=int, default=1, help="processes (the machine is shared: 2 at most)")
    ap.add_argument("--show", type=int, default=20, help="largest tune page changes to list")
    ap.add_argument("--half", choices=("tune", "all"), default="tune", help="the tune half's pages only (default), or all")
    ap.add_argument("--shipped", type=Path, help="a quality_wcxb.py --dump of the same code: the shipped run, not run again")
    a = ap.parse_args(argv)
    pages = [p for p in qw.read_pages(a.wcxb) if a.half == "all" or qw.half(p["domain"]) == "tune"]
    shipped = read_shipped(a.shipped) if a.shipped else _run(pages, a.workers, {})
    urls: dict[str, int] = defaultdict(int)
    for p in pages:
        urls[p.get("url") or ""] += 1
    wrong = {p["id"] for p in pages if shipped[p["id"]][1] and shipped[p["id"]][1] != p["page_type"] and urls[p.get("url") or ""] == 1}
    # (only the domains holding such a page can change: the others keep the shipped run)
    doms = {p["domain"] for p in pages if p["id"] in wrong}
    given = {**shipped, **_run([p for p in pages if p["domain"] in doms], a.workers,
                               {p.get("url") or "": p["page_type"] for p in pages if p["id"] in wrong})}
    f0 = {p["id"]: qw.score_page(shipped[p["id"]][0], p).f1 for p in pages}
    f1 = {p["id"]: qw.score_page(given[p["id"]][0], p).f1 for p in pages}
    print("\n".join(report(pages, shipped, given, f0, f1, wrong, a.show)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
