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

Halves: the split of ``bench/quality_wcxb.py`` (by domain, so one site is never in both; this
benchmark hashed the domain with sha1 before stop 28). Rules in ``enrich/pubdate.py`` are tuned on the tune half only; the
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
sys.path.insert(0, str(REPO / "bench"))
from quality_wcxb import half as wcxb_half  # noqa: E402 - WCXB's one split (by domain)

CACHE = REPO / "bench" / "_corpora" / "pubdate_libs.json"
TODAY = dt.date(2026, 12, 1)  # upper bound for a plausible date (pages were saved before)


def half(domain: str) -> str:
    """WCXB's split by domain, the one ``bench/quality_wcxb.py`` uses (this benchmark used its own hash before)."""
    return "tune" if wcxb_half(domain) == "tune" else "heldout"


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


DOCS_CACHE = REPO / "bench" / "_corpora" / "pubdate_docs.pkl"


def prepared_docs(pages: list[dict[str, Any]], cache: Path | None = None) -> dict[str, tuple[Any, bool]]:
    """page id -> (Document after the real extract + clean stages, quarantined).

    A page that extract or clean quarantines (no text) gets an evidence-only Document instead:
    the same evidence gathered from the same parsed tree, empty text, so the bench can also
    say what the decision would give if extraction kept the page (``quarantined`` = True).
    With ``cache`` the result is pickled there and reused when it exists (delete it after
    changing extract or clean; ``--fresh`` ignores it)."""
    import pickle

    if cache is not None and cache.exists():
        got: dict[str, tuple[Any, bool]] = pickle.loads(cache.read_bytes())
        if all(p["id"] in got for p in pages):
            return got
    from trafilatura.settings import Extractor
    from trafilatura.utils import load_html

    from cleanseeds import clean, extract
    from cleanseeds.config import Settings
    from cleanseeds.extract import pubdate_evidence as ev
    from cleanseeds.extract.html import page_metadata
    from cleanseeds.records import Document

    settings = Settings(entities=False)
    rules = clean.load_rules(settings)
    out: dict[str, tuple[Any, bool]] = {}
    for p in pages:
        d = Document(doc_id=hashlib.md5(p["id"].encode()).hexdigest(), source=f"wcxb#{p['id']}", input_path="wcxb",
                     input_format="html", content_hash=p["id"])
        d.raw, d.raw_is_html, d.url = p["html"], True, p["url"]
        ext = extract.extract_batch([d], settings)
        cleaned = clean.clean_batch(ext.docs, rules, None, settings) if ext.docs else None
        if cleaned is not None and cleaned.docs:
            doc = cleaned.docs[0]
            doc.raw = ""  # not needed by the decision (its evidence is in meta)
            out[p["id"]] = (doc, False)
            continue
        e = Document(doc_id=d.doc_id, source=d.source, input_path="wcxb", input_format="html", content_hash=p["id"])
        e.url = p["url"]
        tree = load_html(p["html"])
        if tree is not None:
            opts = Extractor(output_format="python", url=p["url"])
            meta = _safe(page_metadata, tree, p["url"], opts.date_params)
            date = getattr(meta, "date", None)
            if date:
                e.meta["trafilatura_date"] = date
            e.meta["pubdate_evidence"] = ev.dumps(ev.gather(tree, date, opts.date_params.get("max_date")))
        out[p["id"]] = (e, True)
    if cache is not None:
        cache.parent.mkdir(parents=True, exist_ok=True)
        cache.write_bytes(pickle.dumps(out))
    return out


MISS_KINDS = {
    "absent": "no evidence on the page names the true day (no tag, no <time>, no byline, not the URL, not htmldate)",
    "modified": "the true day is a *modified* date (dateModified, modified_time, an 'Updated ...' byline, htmldate's newest date) "
                "and no published field names it (the body may show it)",
    "aside": "the true day is only inside comments, related items or sidebars",
    "lost": "the true day was a candidate and lost the decision",
}


def miss_kind(p: dict[str, Any], doc: Any, day: str | None) -> str:
    """``ok`` for a hit, else why the true day was missed (one of :data:`MISS_KINDS`)."""
    from cleanseeds.enrich import pubdate as pd
    from cleanseeds.enrich.dates import parse_date
    from cleanseeds.extract import pubdate_evidence as ev

    truth = p["publish_date"][:10]
    if day == truth:
        return "ok"
    kinds: set[str] = set()
    for e in ev.loads(doc.meta.get("pubdate_evidence")):
        got = parse_date(e.value[:100], day_first=pd.day_first_for(p["url"]))
        if not got or got[1] != "day" or got[0].isoformat() != truth:
            continue
        if e.source in ("json-ld:modified", "meta:modified", "htmldate:updated") or (
                e.source == "byline" and pd._MODIFIED_CUE.search(e.value)):
            kinds.add("modified")
        elif e.source.endswith(":aside") or e.context == "nested":
            kinds.add("aside")
        elif e.source in ("json-ld:published", "meta:published"):
            kinds.add("published")
        else:
            kinds.add("body")
    got_url = pd.url_date(p["url"])
    if got_url and got_url[0].isoformat() == truth:
        kinds.add("published")
    if "published" in kinds:
        return "lost"
    return next((k for k in ("modified", "body", "aside") if k in kinds), "absent").replace("body", "lost")


def cleanseeds_dates(pages: list[dict[str, Any]], any_granularity: bool = False, cache: Path | None = None,
                     ) -> dict[str, tuple[str | None, str | None, str | None, str, str | None]]:
    """page id -> (day or None, source, runner-up, status, day if kept) through the real extract
    + clean + decision; status is ``quarantined`` (extract or clean kept no text: no row, no
    date; the last field is then what the decision gives on the page's evidence alone), ``ok``
    for a hit, else the kind of miss (:func:`miss_kind`)."""
    import copy

    from cleanseeds.enrich.core import enrich_document_metadata

    prepared = prepared_docs(pages, cache)
    out: dict[str, tuple[str | None, str | None, str | None, str, str | None]] = {}
    for p in pages:
        doc, quarantined = prepared[p["id"]]
        doc = copy.deepcopy(doc)
        enrich_document_metadata(doc, TODAY)
        day = doc.published.isoformat() if doc.published and (doc.published_granularity == "day" or any_granularity) else None
        if quarantined:
            out[p["id"]] = (None, None, None, "quarantined", day)
            continue
        out_status = miss_kind(p, doc, day)
        ru = doc.published_runner_up.isoformat() if doc.published_runner_up else None
        out[p["id"]] = (day, doc.published_source, ru, out_status, day)
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--pages", type=Path, default=REPO.parent / "shared" / "eval" / "wcxb-dev" / "pages.jsonl.gz")
    ap.add_argument("--errors", type=int, default=0, help="print this many cleanseeds misses of the tune half")
    ap.add_argument("--reuse", action="store_true",
                    help="reuse the extracted + cleaned pages pickled in bench/_corpora by an earlier run (to iterate on the "
                         "decision alone; stale once extract or clean changes) instead of running extract + clean again")
    ap.add_argument("--write", type=Path, default=None, help="also write the printed results to this file")
    ap.add_argument("--dev", type=Path, default=REPO.parent / "shared" / "eval" / "dev" / "pages.jsonl.gz",
                    help="the 181 article pages: every one must keep a publication date")
    args = ap.parse_args()
    lines: list[str] = []
    if args.write:
        real = sys.stdout

        class _Tee:
            def write(self, text: str) -> int:
                lines.append(text)
                return real.write(text)

            def flush(self) -> None:
                real.flush()
        sys.stdout = _Tee()  # type: ignore[assignment]
        print(f"# bench/pubdate.py; nice -n 10 .venv/bin/python bench/pubdate.py {' '.join(sys.argv[1:])}")

    with gzip.open(args.dev, "rt", encoding="utf-8") as fh:
        dev = [json.loads(line) for line in fh]
    for i, p in enumerate(dev):
        p.setdefault("id", f"dev{i}")
        p.setdefault("domain", "")
    dev_out = cleanseeds_dates([{**p, "publish_date": p.get("publish_date") or "0000-00-00"} for p in dev], any_granularity=True,
                               cache=DOCS_CACHE.with_name("pubdate_dev_docs.pkl") if args.reuse else None)
    dated = sum(v[0] is not None for v in dev_out.values())
    print(f"../shared/eval/dev: {dated}/{len(dev)} pages keep a publication date (any granularity)")

    pages = load_pages(args.pages)
    t0 = time.perf_counter()
    libs = library_dates(pages)
    t1 = time.perf_counter()
    ours = cleanseeds_dates(pages, cache=DOCS_CACHE if args.reuse else None)
    t2 = time.perf_counter()

    systems = {
        "cleanseeds": lambda p: ours[p["id"]][0],
        "cleanseeds if kept": lambda p: ours[p["id"]][4],
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
    print(f"WCXB dev, dated pages: {len(pages)}; exact ISO day; halves by domain as in quality_wcxb.py "
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
    print(f"\ncleanseeds misses by kind (a quarantined page has no row, hence no date; the others: {'; '.join(f'{k}: {v}' for k, v in MISS_KINDS.items())})")
    print(f"{'half':<9}{'pages':>6}{'hits':>6}{'quarantined':>13}" + "".join(f"{k:>10}" for k in MISS_KINDS))
    for h in ("tune", "heldout", "all"):
        ps = groups[(h, "ALL")]
        kinds = _count(ours[p["id"]][3] for p in ps)
        print(f"{h:<9}{len(ps):>6}{kinds['ok']:>6}{kinds['quarantined']:>13}" + "".join(f"{kinds[k]:>10}" for k in MISS_KINDS))
    kept = [p for p in pages if ours[p["id"]][3] != "quarantined"]
    print(f"cleanseeds on the {len(kept)} pages it keeps: {sum(ours[p['id']][0] == p['publish_date'][:10] for p in kept) / len(kept):.3f}; "
          f"htmldate original on the same pages: {sum(libs[p['id']]['htmldate_original'] == p['publish_date'][:10] for p in kept) / len(kept):.3f}")
    for h in ("tune", "heldout"):
        hk = [p for p in kept if half(p["domain"]) == h]
        print(f"  {h}: {len(hk)} kept pages, cleanseeds {sum(ours[p['id']][0] == p['publish_date'][:10] for p in hk) / len(hk):.3f}")
    quar = [p for p in pages if ours[p["id"]][3] == "quarantined"]
    if quar:
        print(f"quarantined dated pages: {len(quar)} ({', '.join(f'{t} {n}' for t, n in sorted(_count(p['page_type'] for p in quar).items()))}); "
              f"the decision on their evidence alone ('cleanseeds if kept') finds the true day on "
              f"{sum(ours[p['id']][4] == p['publish_date'][:10] for p in quar)}")
    sources: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for p in pages:
        day, src, _, _, _ = ours[p["id"]]
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


    if args.write:
        sys.stdout = real
        args.write.write_text("".join(lines))


def _count(items: Any) -> dict[str, int]:
    out: dict[str, int] = defaultdict(int)
    for x in items:
        out[x] += 1
    return out


if __name__ == "__main__":
    main()
