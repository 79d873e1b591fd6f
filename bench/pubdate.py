"""Publication date, exact day: cleanseeds vs htmldate (extensive search) vs trafilatura's
metadata, on the dated pages of the WCXB development split, per page type, on a tune half and
a held-out half split by domain hash.

    nice -n 10 .venv/bin/python bench/pubdate.py                 # prints the table
    nice -n 10 .venv/bin/python bench/pubdate.py --errors 30     # + the first 30 misses (tune half)

Pages: ``../shared/eval/wcxb-dev/pages.jsonl.gz``, those with a ``publish_date`` (782). Each
page goes through the real extract and clean stages and the enrich stage's publication-date
decision (``cleanseeds.enrich.pubdate.find_publication``); "exact" means the ISO day equals
the truth (a month or year granularity counts as a miss). The library figures are computed
once and cached in ``bench/_corpora/pubdate_libs.json`` (gitignored): htmldate
``find_date(html, url=url, extensive_search=True)`` with its default (``original_date=False``)
and with ``original_date=True``, and ``trafilatura.extract_metadata(html, default_url=url).date``.

Halves: a page is in the *held-out* half when the first byte of sha1(domain) is odd, so one
site is never in both. Rules in ``enrich/pubdate.py`` are tuned on the tune half only; the
held-out figures are the ones to quote.
"""
from __future__ import annotations

import argparse
import datetime as dt
import gzip
import hashlib
import json
import sys
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

CACHE = REPO / "bench" / "_corpora" / "pubdate_libs.json"
TODAY = dt.date(2026, 12, 1)  # upper bound for a plausible date (pages were saved before)


def half(domain: str) -> str:
    return "heldout" if hashlib.sha1(domain.encode()).digest()[0] % 2 else "tune"


def load_pages(path: Path) -> list[dict[str, Any]]:
    out = []
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        for line in fh:
            rec = json.loads(line)
            if rec.get("publish_date"):
                out.append(rec)
    return out


def _safe(fn: Any, *args: Any, **kwargs: Any) -> Any:
    try:
        return fn(*args, **kwargs)
    except Exception:  # noqa: BLE001 - a library failing on a page is that page's miss
        return None


def library_dates(pages: list[dict[str, Any]]) -> dict[str, dict[str, str | None]]:
    cache: dict[str, dict[str, str | None]] = json.loads(CACHE.read_text()) if CACHE.exists() else {}
    todo = [p for p in pages if p["id"] not in cache]
    if todo:
        import trafilatura
        from htmldate import find_date

        for p in todo:
            html, url = p["html"], p["url"]
            meta = _safe(trafilatura.extract_metadata, html, default_url=url)
            cache[p["id"]] = {
                "htmldate": _safe(find_date, html, url=url, extensive_search=True),
                "htmldate_original": _safe(find_date, html, url=url, extensive_search=True, original_date=True),
                "trafilatura": getattr(meta, "date", None) if meta else None,
            }
        CACHE.parent.mkdir(parents=True, exist_ok=True)
        CACHE.write_text(json.dumps(cache, indent=0, sort_keys=True))
    return cache


def cleanseeds_dates(pages: list[dict[str, Any]], any_granularity: bool = False) -> dict[str, tuple[str | None, str | None, str | None, str]]:
    """page id -> (day or None, source, runner-up, status) through the real extract + clean +
    decision; status is ``quarantined``, or ``modified`` when the page's metadata names the true
    day only as a modified date, else ``ok``."""
    from cleanseeds import clean, extract
    from cleanseeds.config import Settings
    from cleanseeds.enrich.core import enrich_document_metadata
    from cleanseeds.enrich.dates import parse_date
    from cleanseeds.extract import pubdate_evidence as ev
    from cleanseeds.records import Document

    settings = Settings(entities=False)
    rules = clean.load_rules(settings)
    out: dict[str, tuple[str | None, str | None, str | None, str]] = {}
    for p in pages:
        d = Document(doc_id=hashlib.md5(p["id"].encode()).hexdigest(), source=f"wcxb#{p['id']}", input_path="wcxb",
                     input_format="html", content_hash=p["id"])
        d.raw, d.raw_is_html, d.url = p["html"], True, p["url"]
        ext = extract.extract_batch([d], settings)
        if not ext.docs:
            out[p["id"]] = (None, None, None, "quarantined")
            continue
        cleaned = clean.clean_batch(ext.docs, rules, None, settings)
        if not cleaned.docs:
            out[p["id"]] = (None, None, None, "quarantined")
            continue
        doc = cleaned.docs[0]
        enrich_document_metadata(doc, TODAY)
        day = doc.published.isoformat() if doc.published and (doc.published_granularity == "day" or any_granularity) else None
        evidence = ev.loads(doc.meta.get("pubdate_evidence"))

        def days(kinds: tuple[str, ...], evidence: list[ev.Evidence] = evidence) -> set[str]:
            got = (parse_date(e.value[:100]) for e in evidence if e.source in kinds)
            return {g[0].isoformat() for g in got if g and g[1] == "day"}
        truth = p["publish_date"][:10]
        status = "modified" if truth in days(("json-ld:modified", "meta:modified", "htmldate:updated")) - days(
            ("json-ld:published", "meta:published")) else "ok"
        ru = doc.published_runner_up.isoformat() if doc.published_runner_up else None
        out[p["id"]] = (day, doc.published_source, ru, status)
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--pages", type=Path, default=REPO.parent / "shared" / "eval" / "wcxb-dev" / "pages.jsonl.gz")
    ap.add_argument("--errors", type=int, default=0, help="print this many cleanseeds misses of the tune half")
    ap.add_argument("--dev", type=Path, default=REPO.parent / "shared" / "eval" / "dev" / "pages.jsonl.gz",
                    help="the 181 article pages: every one must keep a publication date")
    args = ap.parse_args()

    with gzip.open(args.dev, "rt", encoding="utf-8") as fh:
        dev = [json.loads(line) for line in fh]
    for i, p in enumerate(dev):
        p.setdefault("id", f"dev{i}")
        p.setdefault("domain", "")
    dev_out = cleanseeds_dates([{**p, "publish_date": p.get("publish_date") or "0000-00-00"} for p in dev], any_granularity=True)
    dated = sum(v[0] is not None for v in dev_out.values())
    print(f"../shared/eval/dev: {dated}/{len(dev)} pages keep a publication date (any granularity)")

    pages = load_pages(args.pages)
    t0 = time.perf_counter()
    libs = library_dates(pages)
    t1 = time.perf_counter()
    ours = cleanseeds_dates(pages)
    t2 = time.perf_counter()

    systems = {
        "cleanseeds": lambda p: ours[p["id"]][0],
        "htmldate": lambda p: libs[p["id"]]["htmldate"],
        "htmldate original": lambda p: libs[p["id"]]["htmldate_original"],
        "trafilatura": lambda p: (libs[p["id"]]["trafilatura"] or "")[:10] or None,
    }
    groups: dict[tuple[str, str], list[dict[str, Any]]] = defaultdict(list)
    for p in pages:
        for h in (half(p["domain"]), "all"):
            groups[(h, p["page_type"])].append(p)
            groups[(h, "ALL")].append(p)
    types = sorted({p["page_type"] for p in pages}) + ["ALL"]
    print(f"WCXB dev, dated pages: {len(pages)}; exact ISO day; halves by sha1(domain) "
          f"(tune {len(groups[('tune', 'ALL')])}, held-out {len(groups[('heldout', 'ALL')])})")
    for h in ("tune", "heldout", "all"):
        print(f"\n[{h}]")
        print(f"{'page type':<14}{'n':>5}" + "".join(f"{s:>19}" for s in systems))
        for t in types:
            ps = groups.get((h, t), [])
            if not ps:
                continue
            cells = []
            for fn in systems.values():
                hit = sum(fn(p) == p["publish_date"][:10] for p in ps)
                cells.append(f"{hit / len(ps):>19.3f}")
            print(f"{t:<14}{len(ps):>5}" + "".join(cells))
    miss: dict[str, int] = defaultdict(int)
    for p in pages:
        day, _, _, status = ours[p["id"]]
        if day != p["publish_date"][:10]:
            miss[status] += 1
    kept = [p for p in pages if ours[p["id"]][3] != "quarantined"]
    print(f"\ncleanseeds misses (all {len(pages)}): {miss['quarantined']} pages quarantined by extract/clean (no row, no date); "
          f"{miss['modified']} where the true day is only the page's *modified* date in its metadata; {miss['ok']} other")
    print(f"cleanseeds on the {len(kept)} pages it keeps: {sum(ours[p['id']][0] == p['publish_date'][:10] for p in kept) / len(kept):.3f}; "
          f"htmldate original on the same pages: {sum(libs[p['id']]['htmldate_original'] == p['publish_date'][:10] for p in kept) / len(kept):.3f}")
    sources: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for p in pages:
        day, src, _, _ = ours[p["id"]]
        sources[src or "none"][0] += 1
        sources[src or "none"][1] += day == p["publish_date"][:10]
    print("\ncleanseeds by published_source (all pages): source  n  exact")
    for src, (n, hit) in sorted(sources.items(), key=lambda kv: -kv[1][0]):
        print(f"  {src:<24}{n:>5}{hit / n:>8.3f}")
    dis = [p for p in pages if ours[p["id"]][2]]
    if dis:
        ru = sum(ours[p["id"]][2] == p["publish_date"][:10] for p in dis)
        print(f"runner-up recorded on {len(dis)} pages; the runner-up is the true day on {ru}")
    print(f"\ntime: libraries {t1 - t0:.1f} s (cached after the first run), cleanseeds extract+clean+decide {t2 - t1:.1f} s")
    if args.errors:
        print("\nmisses (tune half):")
        n = 0
        for p in pages:
            if half(p["domain"]) != "tune" or ours[p["id"]][0] == p["publish_date"][:10]:
                continue
            print(f"  {p['id']} {p['page_type']:<13} truth {p['publish_date'][:10]} got {ours[p['id']]} "
                  f"htmldate {libs[p['id']]['htmldate']} {p['url'][:90]}")
            n += 1
            if n >= args.errors:
                break


if __name__ == "__main__":
    main()
