"""Quality benchmark on the WCXB development split (1,497 pages of seven kinds), per page type.

    nice -n 10 .venv/bin/python bench/quality_wcxb.py [--wcxb DIR] [--limit N] [--types T,..] [--workers 2]
        [--set key=value ...] [--write] [--dump FILE]

The benchmark's own metric (its README): per page, lower-case both texts, take the ``\\w+``
tokens, multiset overlap -> P, R, F1; the mean over pages (macro), overall and per page type,
plus the share of ``with`` snippets found and of ``without`` snippets leaked (case-insensitive
substring). A page the pipeline quarantines scores 0 (empty prediction).

Systems, in the same run:

* **cleanseeds**: our read -> extract -> clean stage functions on in-memory documents, site
  templates grouped by host as in a real run (``--set`` overrides a setting, e.g.
  ``--set extract_strategy=precision`` for the path before per-type extraction).
* **trafilatura defaults**: ``trafilatura.extract(html, url=url)``.
* **trafilatura favor_precision**: ``trafilatura.extract(html, url=url, favor_precision=True)``.

The trafilatura outputs are cached in ``bench/_corpora/`` (gitignored), keyed by trafilatura's
version and the page id, so a rerun only computes cleanseeds.

**Held-out split.** Pages are split by domain: ``blake2b(domain)`` first byte even = *tune*
(rules, thresholds and the page-type model may be developed looking at these), odd = *held
out* (reported, never looked at while tuning). The split is printed with every table.

Prints the figures; ``--write`` saves them to ``bench/results/quality_wcxb.txt``.
"""
from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import re
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
DEFAULT_WCXB = REPO.parent / "shared" / "eval" / "wcxb-dev"
CACHE_DIR = REPO / "bench" / "_corpora"
RESULTS = REPO / "bench" / "results" / "quality_wcxb.txt"
TYPES = ("article", "documentation", "service", "product", "forum", "listing", "collection")

_TOKEN = re.compile(r"\w+")


def tokens(text: str) -> Counter[str]:
    return Counter(_TOKEN.findall(text.lower()))


def half(domain: str) -> str:
    """``"tune"`` or ``"held"``: the page's half of the split, from its domain alone."""
    return "tune" if _domain_byte(domain) % 2 == 0 else "held"


def quarter(domain: str) -> str:
    """``"A"`` or ``"B"`` for a tune-half domain (the next bit of the same hash), ``""`` for a held-out one:
    a change is chosen on tune quarter A and confirmed on B before the held-out half is read."""
    b = _domain_byte(domain)
    return "" if b % 2 else ("A" if (b >> 1) % 2 == 0 else "B")


def _domain_byte(domain: str) -> int:
    return hashlib.blake2b(domain.lower().encode("utf-8"), digest_size=8).digest()[0]


@dataclass(slots=True)
class PageScore:
    p: float
    r: float
    f1: float
    with_found: float | None  # share of the page's `with` snippets found (None: page has none)
    without_leaked: float | None
    empty: bool  # empty prediction (quarantined or nothing kept)
    with_folded: float | None = None  # `with` found with typographic characters folded (information only)


#: typographic characters the truth's snippets often carry as ASCII while the page (and so any
#: faithful extraction) has the typographic form: folded on both sides for the information line
_FOLD = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'",
                       "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"',
                       "\u2013": "-", "\u2014": "-", "\u2212": "-", "\u00a0": " ", "\u2009": " ", "\u202f": " "})
_SPACES = re.compile(r"\s+")


def fold(text: str) -> str:
    return _SPACES.sub(" ", text.translate(_FOLD)).lower()


def score_page(pred: str, page: dict[str, Any]) -> PageScore:
    pt, tt = tokens(pred), tokens(page["main_content"] or "")
    ov = sum((pt & tt).values())
    npred, ntrue = sum(pt.values()), sum(tt.values())
    p = ov / npred if npred else (1.0 if not ntrue else 0.0)
    r = ov / ntrue if ntrue else 1.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    low = pred.lower()
    w, wo = page.get("with") or [], page.get("without") or []
    wf = sum(s.lower() in low for s in w) / len(w) if w else None
    wl = sum(s.lower() in low for s in wo) / len(wo) if wo else None
    folded = fold(pred)
    wff = sum(fold(s) in folded for s in w) / len(w) if w else None
    return PageScore(p, r, f, wf, wl, not pred.strip(), wff)


def folded_only(pages: Sequence[dict[str, Any]], texts: dict[str, str]) -> tuple[int, int]:
    """The `with` snippets a text holds only once folded, and how many of them the page's HTML (entities
    decoded) does not hold as the snippet writes them: the benchmark's spelling, not the page's."""
    import html as _html

    only = absent = 0
    for p in pages:
        text = texts[p["id"]]
        low, folded, page = text.lower(), fold(text), None
        for s in p.get("with") or []:
            if s.lower() in low or fold(s) not in folded:
                continue
            only += 1
            page = page if page is not None else _html.unescape(p["html"]).lower()
            absent += s.lower() not in page
    return only, absent


def read_pages(wcxb: Path, limit: int | None = None) -> list[dict[str, Any]]:
    out = []
    with gzip.open(wcxb / "pages.jsonl.gz", "rt", encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                out.append(json.loads(line))
                if limit and len(out) >= limit:
                    break
    return out


# --- trafilatura baselines (cached) ---------------------------------------------------------


def _traf_one(args: tuple[str, str, str | None]) -> tuple[str, str, str]:
    import trafilatura

    pid, html, url = args
    d = trafilatura.extract(html, url=url) or ""
    p = trafilatura.extract(html, url=url, favor_precision=True) or ""
    return pid, d, p


def trafilatura_outputs(pages: Sequence[dict[str, Any]], workers: int) -> dict[str, tuple[str, str]]:
    import trafilatura

    CACHE_DIR.mkdir(parents=True, exist_ok=True)
    cache = CACHE_DIR / f"wcxb_trafilatura_{trafilatura.__version__}.jsonl.gz"
    have: dict[str, tuple[str, str]] = {}
    if cache.exists():
        with gzip.open(cache, "rt", encoding="utf-8") as fh:
            for line in fh:
                o = json.loads(line)
                have[o["id"]] = (o["default"], o["precision"])
    todo = [(p["id"], p["html"], p.get("url")) for p in pages if p["id"] not in have]
    if todo:
        print(f"trafilatura baselines: computing {len(todo)} pages (cached in {cache.relative_to(REPO)})", file=sys.stderr)
        if workers > 1:
            from multiprocessing import get_context

            with get_context("spawn").Pool(workers) as pool:
                results = list(pool.imap_unordered(_traf_one, todo, chunksize=8))
        else:
            results = [_traf_one(t) for t in todo]
        with gzip.open(cache, "at", encoding="utf-8") as fh:
            for pid, d, p in results:
                have[pid] = (d, p)
                fh.write(json.dumps({"id": pid, "default": d, "precision": p}) + "\n")
    return have


# --- cleanseeds -----------------------------------------------------------------------------


def documents(pages: Sequence[dict[str, Any]]) -> list[Any]:
    """The pages as cleanseeds ``Document`` records (HTML input, source ``wcxb/<id>.html``), their text as
    every reader leaves it: mojibake repaired where ftfy is certain (``decode.repair_mojibake``, as the file
    and JSONL readers do; 32 WCXB pages were saved with UTF-8 read as cp1252 somewhere, "â\x82¬9" for "€9")."""
    from cleanseeds.extract.decode import repair_mojibake
    from cleanseeds.records import Document, content_hash, make_doc_id

    docs = []
    for p in pages:
        src = f"wcxb/{p['id']}.html"
        h = content_hash(p["html"])
        raw, repaired = repair_mojibake(p["html"])
        docs.append(Document(doc_id=make_doc_id(src, h), source=src, input_path=src, input_format="html", content_hash=h,
                             raw=raw, raw_is_html=True, url=p.get("url"), encoding="utf-8+ftfy" if repaired else None))
    return docs


def map_domain_groups(fn: Any, pages: Sequence[dict[str, Any]], workers: int, overrides: dict[str, str]) -> list[Any]:
    """``fn((group, overrides))`` over ``workers`` groups of whole domains (so site templates see
    what a real run would; largest domains first, to balance), in a spawn pool when ``workers`` > 1."""
    by_domain: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for p in pages:
        by_domain[p["domain"]].append(p)
    groups: list[list[dict[str, Any]]] = [[] for _ in range(max(1, workers))]
    for dom in sorted(by_domain, key=lambda d: -len(by_domain[d])):
        min(groups, key=len).extend(by_domain[dom])
    if workers > 1:
        from multiprocessing import get_context

        with get_context("spawn").Pool(workers) as pool:
            return pool.map(fn, [(g, overrides) for g in groups if g])
    return [fn((g, overrides)) for g in groups if g]


def _cleanseeds_group(args: tuple[list[dict[str, Any]], dict[str, str]]) -> list[tuple[str, str, str, str, float]]:
    """Extract + clean one group of pages (whole domains, so site templates see what a real
    run would). Returns (id, text, page_type decided, strategy, seconds) per page."""
    pages, overrides = args
    from cleanseeds import clean, extract, records
    from cleanseeds.clean import load_rules
    from cleanseeds.config import Settings

    settings = Settings(entities=False, extract_isolation="inline", **_coerce(overrides))
    rules = load_rules(settings)
    docs = documents(pages)
    t0 = time.perf_counter()
    res = extract.extract_batch(docs, settings)
    cleaned = clean.clean_batch(res.docs, rules, clean.SiteTemplates(), settings)
    el = (time.perf_counter() - t0) / max(1, len(docs))
    kept = {d.doc_id: d for d in cleaned.docs}
    extracted = {d.doc_id: d for d in res.docs}
    out = []
    for d, p in zip(docs, pages, strict=True):
        e = extracted.get(d.doc_id)
        k = kept.get(d.doc_id)
        strategy = getattr(e, "extraction", "") or ""
        if strategy:  # the Parquet contract's own check: a pass the records do not type is refused by `cleanseeds run`
            records.extraction_parts(strategy)
        out.append((p["id"], k.text if k else "", getattr(e, "page_type", "") or "", strategy, el))
    return out


def _coerce(overrides: dict[str, str]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for k, v in overrides.items():
        if v.lower() in ("true", "false"):
            out[k] = v.lower() == "true"
        else:
            try:
                out[k] = int(v)
            except ValueError:
                try:
                    out[k] = float(v)
                except ValueError:
                    out[k] = v
    return out


def cleanseeds_outputs(pages: Sequence[dict[str, Any]], workers: int, overrides: dict[str, str]) -> dict[str, tuple[str, str, str]]:
    parts = map_domain_groups(_cleanseeds_group, pages, workers, overrides)
    return {pid: (text, ptype, strat) for part in parts for pid, text, ptype, strat, _ in part}


# --- report ---------------------------------------------------------------------------------


def _mean(xs: Sequence[float | None]) -> float:
    v = [x for x in xs if x is not None]
    return sum(v) / len(v) if v else float("nan")


#: resamples of the split's domains for the uncertainty of a macro figure (a fixed seed: the same interval every run)
BOOTSTRAP_RESAMPLES = 1000
BOOTSTRAP_SEED = 12


def domain_bootstrap(pages: Sequence[dict[str, Any]], value: dict[str, float], resamples: int = BOOTSTRAP_RESAMPLES,
                     seed: int = BOOTSTRAP_SEED) -> tuple[float, float, float]:
    """The mean of ``value`` (by page id) over ``pages`` and its 95% interval when the split's *domains* are drawn again
    with replacement (pages of one site are not independent: a site's template makes them fail together); the pages
    we never see are other domains."""
    import random

    by_domain: dict[str, list[float]] = defaultdict(list)
    for p in pages:
        by_domain[p["domain"]].append(value[p["id"]])
    domains = sorted(by_domain)
    sums = {d: (sum(v), len(v)) for d, v in by_domain.items()}
    rng = random.Random(seed)
    means = []
    for _ in range(resamples):
        total = count = 0.0
        for d in (rng.choice(domains) for _ in domains):
            total, count = total + sums[d][0], count + sums[d][1]
        means.append(total / count)
    means.sort()
    return sum(value[p["id"]] for p in pages) / len(pages), means[int(0.025 * resamples)], means[int(0.975 * resamples) - 1]


def uncertainty(pages: Sequence[dict[str, Any]], scores: dict[str, dict[str, PageScore]]) -> list[str]:
    """The report's lines on how far the macro F1 could move on other sites (:func:`domain_bootstrap`)."""
    ours = {k: s.f1 for k, s in scores["cleanseeds"].items()}
    gain = {k: s.f1 - scores["trafilatura defaults"][k].f1 for k, s in scores["cleanseeds"].items()}
    n = len({p["domain"] for p in pages})
    lines = [f"uncertainty: 95% interval when the split's {n} domains are drawn again ({BOOTSTRAP_RESAMPLES} resamples, seed "
             f"{BOOTSTRAP_SEED})"]
    for name, group in (("all", pages), ("tune", [p for p in pages if half(p["domain"]) == "tune"]),
                        ("held-out", [p for p in pages if half(p["domain"]) == "held"])):
        m, lo, hi = domain_bootstrap(group, ours)
        g, glo, ghi = domain_bootstrap(group, gain)
        lines.append(f"  {name:<9} cleanseeds F1 {m:.3f} [{lo:.3f}, {hi:.3f}]   minus trafilatura defaults {g:+.3f} [{glo:+.3f}, {ghi:+.3f}]")
    return lines


def table(title: str, pages: Sequence[dict[str, Any]], scores: dict[str, dict[str, PageScore]], systems: Sequence[str]) -> list[str]:
    lines = [title, f"  {'page type':<14}{'n':>5}  " + "  ".join(f"{s:>22}" for s in systems)]
    lines.append(f"  {'':<14}{'':>5}  " + "  ".join(f"{'F1   with  without':>22}" for _ in systems))
    for t in (*TYPES, "all"):
        sel = [p for p in pages if t == "all" or p["page_type"] == t]
        if not sel:
            continue
        cells = []
        for s in systems:
            ps = [scores[s][p["id"]] for p in sel]
            cells.append(f"{_mean([x.f1 for x in ps]):.3f}  {_mean([x.with_found for x in ps]):.3f}  {_mean([x.without_leaked for x in ps]):.3f}")
        lines.append(f"  {t:<14}{len(sel):>5}  " + "  ".join(f"{c:>22}" for c in cells))
    return lines


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--wcxb", type=Path, default=DEFAULT_WCXB)
    ap.add_argument("--limit", type=int, default=None, help="first N pages only")
    ap.add_argument("--workers", type=int, default=1, help="processes (the machine is shared: 2 at most)")
    ap.add_argument("--set", action="append", default=[], metavar="KEY=VALUE", help="override a cleanseeds setting")
    ap.add_argument("--write", action="store_true", help=f"also write {RESULTS.relative_to(REPO)}")
    ap.add_argument("--dump", type=Path, default=None, help="write per-page outputs and scores (JSONL.gz) for analysis")
    ap.add_argument("--types", default="", help="comma-separated page types only (a quick look; not with --write)")
    a = ap.parse_args(argv)
    if a.types and a.write:
        ap.error("--types measures a subset: the committed results need every page (drop --write)")
    import trafilatura

    overrides = dict(kv.split("=", 1) for kv in a.set)
    t0 = time.perf_counter()
    pages = read_pages(a.wcxb, a.limit)
    if a.types:
        pages = [p for p in pages if p["page_type"] in set(a.types.split(","))]
    traf = trafilatura_outputs(pages, a.workers)
    t1 = time.perf_counter()
    ours = cleanseeds_outputs(pages, a.workers, overrides)
    t_ours = time.perf_counter() - t1
    systems = ("cleanseeds", "trafilatura defaults", "traf. favor_precision")
    scores: dict[str, dict[str, PageScore]] = {s: {} for s in systems}
    for p in pages:
        scores["cleanseeds"][p["id"]] = score_page(ours[p["id"]][0], p)
        scores["trafilatura defaults"][p["id"]] = score_page(traf[p["id"]][0], p)
        scores["traf. favor_precision"][p["id"]] = score_page(traf[p["id"]][1], p)

    head = [
        f"cleanseeds WCXB benchmark — {a.wcxb.name!r}, {len(pages)} pages, trafilatura {trafilatura.__version__}"
        + (f", settings {overrides}" if overrides else ""),
        "metric: per-page word F1 (lower-cased \\w+ token multisets), macro over pages; `with` = share of must-have",
        "snippets found, `without` = share of boilerplate snippets leaked (mean over pages that have them)",
        "split by domain: blake2b(domain)[0] even = tune, odd = held out",
    ]
    lines = head + [""] + table("All pages", pages, scores, systems)
    for h, name in (("tune", "Tune half (domains with even hash)"), ("held", "Held-out half (domains with odd hash)")):
        sel = [p for p in pages if half(p["domain"]) == h]
        lines += [""] + table(f"{name}", sel, scores, systems)

    lines += ["", "`with` found when typographic quotes, dashes and spaces are folded on both sides (information only: the",
              "benchmark's metric above is literal, and many snippets have ASCII quotes where the page has typographic ones)"]
    for name, group in (("all", pages), ("tune", [p for p in pages if half(p["domain"]) == "tune"]),
                        ("held-out", [p for p in pages if half(p["domain"]) == "held"])):
        cells = "  ".join(f"{s_} {_mean([scores[s_][p['id']].with_folded for p in group]):.3f}" for s_ in systems)
        lines.append(f"  {name:<9} {cells}")
    only, absent = folded_only(pages, {p["id"]: ours[p["id"]][0] for p in pages})
    lines.append(f"  cleanseeds holds {only} snippets only once folded; {absent} of them are not in the page's own HTML as written")
    lines += ["", "the true main content itself scored as an extraction (the snippets' own ceiling: they follow the truth's",
              "spelling, which is not always the page's):"]
    for name, group in (("all", pages), ("tune", [p for p in pages if half(p["domain"]) == "tune"]),
                        ("held-out", [p for p in pages if half(p["domain"]) == "held"])):
        truth = [score_page(p["main_content"] or "", p) for p in group]
        lines.append(f"  {name:<9} with found {_mean([s_.with_found for s_ in truth]):.3f}  "
                     f"without leaked {_mean([s_.without_leaked for s_ in truth]):.4f}")

    lines += [""] + uncertainty(pages, scores)
    # failures: empty output where the truth has text, and where trafilatura defaults had text
    empty = [p for p in pages if scores["cleanseeds"][p["id"]].empty and (p["main_content"] or "").strip()]
    empty_traf = [p for p in empty if traf[p["id"]][0].strip()]
    lines += ["", (f"cleanseeds empty output where the truth has text: {len(empty)} pages "
                   f"({len(empty_traf)} of them where trafilatura defaults extract text)")]
    # page-type classifier accuracy, when the extractor decides one
    decided = [(p["page_type"], ours[p["id"]][1]) for p in pages if ours[p["id"]][1]]
    if decided:
        lines += ["", f"page type decided by cleanseeds: accuracy {sum(a == b for a, b in decided) / len(decided):.3f} over {len(decided)} pages"]
        for t in TYPES:
            sel = [(a_, b) for a_, b in decided if a_ == t]
            pred = [(a_, b) for a_, b in decided if b == t]
            if sel:
                rec = sum(a_ == b for a_, b in sel) / len(sel)
                prec = sum(a_ == b for a_, b in pred) / len(pred) if pred else float("nan")
                conf = Counter(b for _, b in sel).most_common(4)
                lines.append(f"  {t:<14} n {len(sel):>4}  recall {rec:.3f}  precision {prec:.3f}  decided as {dict(conf)}")
        strat = Counter(ours[p["id"]][2] for p in pages)
        lines.append(f"  extraction strategies used: {dict(strat.most_common())}")
    lines += ["", f"cleanseeds extract+clean {t_ours:.1f}s wall ({a.workers} worker(s)); total {time.perf_counter() - t0:.1f}s"]
    text = "\n".join(lines)
    print(text)
    if a.write:
        RESULTS.parent.mkdir(parents=True, exist_ok=True)
        RESULTS.write_text(text + "\n", encoding="utf-8")
    if a.dump:
        with gzip.open(a.dump, "wt", encoding="utf-8") as fh:
            for p in pages:
                s = scores["cleanseeds"][p["id"]]
                t = scores["trafilatura defaults"][p["id"]]
                fh.write(json.dumps({"id": p["id"], "type": p["page_type"], "domain": p["domain"], "half": half(p["domain"]),
                                     "f1": s.f1, "p": s.p, "r": s.r, "traf_f1": t.f1, "decided": ours[p["id"]][1],
                                     "strategy": ours[p["id"]][2], "text": ours[p["id"]][0]}) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
