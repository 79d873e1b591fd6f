"""Synthetic duplicates set and the duplicate stage's precision/recall on it.

    .venv/bin/python bench/dedup_quality.py [--bases 400] [--write]

Built in memory from the WCXB pages' true main content (../shared/eval/wcxb-dev, WCXB
(Foley, 2026), CC-BY-4.0; pages of 150+ words, one per domain). Per base text, in a fixed
random order over the whole set:

* the base itself, as a plain-text page with one site's boilerplate around it (menu, newsletter
  box, footer) — every page goes through the real clean stage (text mode) first, then
  :func:`cleanseeds.dedup.sign` and :class:`cleanseeds.dedup.DuplicateIndex`, as in a run;
* an **exact copy** (other spacing and blank lines; same boilerplate): must get
  ``dup_of`` = the base;
* **edited copies**: a share of the base's sentences (2, 5, 10, 20, 30 or 50%) rewritten;
* the same text with **different boilerplate** around it (another site's menu and footer).

Truth: two documents are near-duplicates when the exact Jaccard similarity of their
cleaned texts' word 5-gram shingle sets is >= the threshold (0.8). A document is a
*positive* when an earlier document of its family is such a near-duplicate of it; predicted
positive when the stage puts it in a cluster it did not start. Precision: predicted
positives whose cluster's first document really is within the threshold (exact Jaccard);
recall: positives predicted. Printed per variant kind and overall.
"""
from __future__ import annotations

import argparse
import gzip
import json
import random
import re
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
WCXB = REPO.parent / "shared" / "eval" / "wcxb-dev" / "pages.jsonl.gz"
RESULTS = REPO / "bench" / "results" / "dedup_quality.txt"
_SENT = re.compile(r"(?<=[.!?])\s+")

SITES = [
    (["Home", "News", "World", "Business", "Sport", "Culture"], ["Sign up for our daily newsletter.", "Enter your email address"],
     ["© 2024 Example Media. All rights reserved.", "Privacy Policy", "Terms of Use"]),
    (["Startseite", "Politik", "Wirtschaft", "Kultur"], ["Jetzt Newsletter abonnieren"],
     ["Impressum", "Datenschutz", "Alle Rechte vorbehalten."]),
    (["Menu", "Search", "Log In", "Subscribe"], ["Advertisement", "Share this article"],
     ["Copyright 2023 Northwind Publishing", "Contact us", "Careers", "Site Map"]),
]
WORDS = ["river", "council", "harbour", "market", "winter", "station", "garden", "report", "bridge", "ledger"]


def page(text: str, site: int) -> str:
    menu, box, foot = SITES[site]
    paras = [p for p in text.split("\n") if p.strip()]
    mid = max(1, len(paras) // 2)
    return "\n".join(menu + paras[:mid] + box + paras[mid:] + foot)


def exact_copy(text: str) -> str:
    # the same words: other spacing, blank lines and trailing blanks (what a second crawl of a page gives)
    return "\n\n".join(p.replace(" ", "  ") + "  " for p in text.split("\n") if p.strip())


def edit(text: str, rate: float, rng: random.Random) -> str:
    out = []
    for para in text.split("\n"):
        sents = _SENT.split(para)
        for i, s in enumerate(sents):
            if s and rng.random() < rate:
                w = s.split()
                rng.shuffle(w)
                sents[i] = " ".join(w[: max(3, len(w) // 2)] + rng.sample(WORDS, 3)) + "."
        out.append(" ".join(sents))
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--bases", type=int, default=400)
    ap.add_argument("--threshold", type=float, default=0.8)
    ap.add_argument("--write", action="store_true")
    a = ap.parse_args(argv)
    from cleanseeds import dedup, fingerprint
    from cleanseeds.clean import SiteTemplates, clean_batch, load_rules
    from cleanseeds.config import Settings
    from cleanseeds.records import Document, content_hash, make_doc_id

    rng = random.Random(13)
    bases, seen = [], set()
    with gzip.open(WCXB, "rt", encoding="utf-8") as fh:
        for line in fh:
            r = json.loads(line)
            text = "\n".join(p.strip() for p in r["main_content"].split("\n") if p.strip())
            if r["domain"] in seen or len(text.split()) < 150:
                continue
            seen.add(r["domain"])
            bases.append(text)
            if len(bases) >= a.bases:
                break
    items: list[tuple[int, str, str]] = []  # (family, kind, page text)
    for f, text in enumerate(bases):
        site = f % len(SITES)
        items.append((f, "base", page(text, site)))
        items.append((f, "exact", page(exact_copy(text), site)))
        for rate in (0.02, 0.05, 0.1, 0.2, 0.3, 0.5):
            items.append((f, f"edit{int(rate * 100):02d}", page(edit(text, rate, rng), site)))
        items.append((f, "boilerplate", page(text, (site + 1) % len(SITES))))
    rng.shuffle(items)
    # the base of each family first (it is what the others are copies of), the rest shuffled
    firsts = {}
    for k, (fam, kind_, _) in enumerate(items):
        if kind_ == "base":
            firsts[fam] = k
    items.sort(key=lambda it: (0 if it[1] == "base" else 1))

    settings = Settings(entities=False, site_templates=False)
    rules = load_rules(settings)
    docs = []
    for k, (_, _, text) in enumerate(items):
        h = content_hash(text)
        src = f"syn/{k:05d}.txt"
        docs.append(Document(doc_id=make_doc_id(src, h), source=src, input_path=src, input_format="txt", content_hash=h,
                             raw=text, source_text=text, mode="text", site=f"syn/{k}"))
    t0 = time.perf_counter()
    res = clean_batch(docs, rules, SiteTemplates(), settings)
    t_clean = time.perf_counter() - t0
    cleaned = {d.doc_id: d.text for d in res.docs}
    t0 = time.perf_counter()
    sigs = [dedup.DocSignature(d.doc_id, *dedup.sign(cleaned.get(d.doc_id, ""))) for d in docs]
    t_sign = time.perf_counter() - t0
    index = dedup.DuplicateIndex(a.threshold)
    t0 = time.perf_counter()
    entries = [index.assign_one(s) for s in sigs]
    t_assign = time.perf_counter() - t0

    sh = {d.doc_id: set(fingerprint.text_shingles(cleaned.get(d.doc_id, ""))) for d in docs}

    def jac(x: str, y: str) -> float:
        u = len(sh[x] | sh[y])
        return len(sh[x] & sh[y]) / u if u else 1.0

    by_kind: dict[str, Counter[str]] = defaultdict(Counter)
    earlier: dict[int, list[str]] = defaultdict(list)
    exact_ok = exact_n = 0
    for d, (f, kind, _), e in zip(docs, items, entries, strict=True):
        c = by_kind[kind]
        positive = any(jac(d.doc_id, o) >= a.threshold for o in earlier[f])
        predicted = e.cluster != d.doc_id
        correct = predicted and jac(d.doc_id, e.cluster) >= a.threshold
        c["docs"] += 1
        c["pos"] += positive
        c["pred"] += predicted
        c["tp_prec"] += correct
        c["tp_rec"] += positive and predicted
        if kind == "exact":
            exact_n += 1
            exact_ok += e.dup_of == earlier[f][0] if earlier[f] else 0
        earlier[f].append(d.doc_id)
    lines = [f"duplicate stage on a synthetic set: {len(bases)} WCXB main texts x 9 versions = {len(docs)} documents, threshold {a.threshold}",
             f"  clean {t_clean:.1f}s, sign {1e3 * t_sign / len(docs):.2f} ms/doc, assign {1e3 * t_assign / len(docs):.3f} ms/doc (one process)"]
    total: Counter[str] = Counter()
    for kind in sorted(by_kind):
        c = by_kind[kind]
        total.update(c)
        p = c["tp_prec"] / c["pred"] if c["pred"] else 1.0
        r = c["tp_rec"] / c["pos"] if c["pos"] else 1.0
        lines.append(f"  {kind:<12} docs {c['docs']:>5}  true near-dups {c['pos']:>5}  flagged {c['pred']:>5}  precision {p:.3f}  recall {r:.3f}")
    p = total["tp_prec"] / total["pred"] if total["pred"] else 1.0
    r = total["tp_rec"] / total["pos"] if total["pos"] else 1.0
    lines.append(f"  all          docs {total['docs']:>5}  true near-dups {total['pos']:>5}  flagged {total['pred']:>5}  precision {p:.3f}  recall {r:.3f}")
    lines.append(f"  exact copies found (dup_of = the base): {exact_ok}/{exact_n}")
    lines.append(f"  targets: precision {p:.3f} >= 0.95, recall {r:.3f} >= 0.90, exact {exact_ok / max(1, exact_n):.3f} = 1: "
                 + ("PASS" if p >= 0.95 and r >= 0.9 and exact_ok == exact_n else "FAIL"))
    text = "\n".join(lines)
    print(text)
    if a.write:
        RESULTS.write_text(text + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
