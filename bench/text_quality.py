"""Text-mode quality on the two labelled text twins, per page type, with a held-out half.

    .venv/bin/python bench/text_quality.py [--limit N] [--write] [--by-rule]

Each page's ``lines`` joined by newlines is one plain-text document (its own site, so no
site templates); a content line (label 1) kept is a true positive, a content line removed a
false negative, a boilerplate line kept a false positive. Line P/R/F1 pooled over all lines
(micro), as the twins' READMEs score them.

Halves: WCXB pages are split by domain exactly as ``bench/quality_wcxb.py`` splits them (one split for
both modes: the line rules are shared); the dev twin's pages, which have no domain, by a hash of their
``id``. The even half is the *tuning* half — heuristics were adjusted looking at those only; the odd
half is held out. Both are printed; the held-out half is the figure to quote.

``--by-rule`` also prints, per removing rule or context verdict, the content and boilerplate
lines and words it removed on the *tune* half of each twin (the worst offenders first): a rule
that removes more content than its share of junk justifies is the place to look.

Twins: ../shared/eval/wcxb-dev/dirty_text.jsonl.gz (WCXB (Foley, 2026), CC-BY-4.0; 1,497
pages of 7 kinds) and ../shared/eval/dev/dirty_text.jsonl.gz (181 news articles).
"""
from __future__ import annotations

import argparse
import gzip
import json
import sys
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "bench"))
from quality import Score, dev_half, read_jsonl_gz  # noqa: E402 - the sibling benchmark, imported by path
from quality_wcxb import half as wcxb_half  # noqa: E402 - WCXB's one split (by domain), shared with the HTML benchmark

SHARED = REPO.parent / "shared" / "eval"
RESULTS = REPO / "bench" / "results" / "text_quality.txt"


#: the dev twin's halves (its pages have no domain: by page id), as bench/quality.py splits them
half = dev_half


def wcxb_halves(domain: str) -> str:
    """WCXB's halves: the split of ``bench/quality_wcxb.py`` (by domain), so a line rule tuned on the text twin's tune
    half is tuned on the same domains as the HTML benchmark's (the two used different hashes before: they agreed
    on 679 of 1,297 domains)."""
    return "tune" if wcxb_half(domain) == "tune" else "held-out"


def score_pages(pages: list[dict], keys: list[str], by_rule: dict | None = None, halves: Any = half) -> dict[str, Score]:
    """Scores per group; ``by_rule`` (if given) collects, on the tune half, rule -> [content
    lines, junk lines, content words, junk words] removed."""
    from cleanseeds.clean import decide, load_rules
    from cleanseeds.config import Settings
    from cleanseeds.extract.decode import repair_mojibake

    rules = load_rules(Settings(entities=False))
    scores: dict[str, Score] = defaultdict(lambda: Score(""))
    for p, key in zip(pages, keys, strict=True):
        text = repair_mojibake("\n".join(p["lines"]))[0]  # as every reader leaves it (bench/quality_wcxb.documents)
        h = halves(key)
        decisions = decide(text, "text", rules)
        kept_nos = {d.line_no for d in decisions if d.kept}
        if by_rule is not None and h == "tune":
            for d in decisions:
                if not d.kept:
                    row = by_rule.setdefault(d.rule or "", [0, 0, 0, 0])
                    label = p["labels"][d.line_no - 1]
                    row[0 if label else 1] += 1
                    row[2 if label else 3] += len(d.text.split())
        tp = fp = fn = 0
        for ln, (line, label) in enumerate(zip(p["lines"], p["labels"], strict=True), 1):
            if not line.strip():
                continue
            keep = ln in kept_nos
            if keep and label:
                tp += 1
            elif keep:
                fp += 1
            elif label:
                fn += 1
        for name in ("all", f"half:{h}", f"type:{p.get('page_type', 'article')}", f"type:{p.get('page_type', 'article')}:{h}"):
            scores[name].name = name
            scores[name].add_counts(tp, fp, fn)
    return scores


def fmt(s: Score) -> str:
    p, r, f = s.micro
    return f"  {s.name:<28} pages {len(s.counts):>5}  line P {p:.3f} R {r:.3f} F1 {f:.3f}"


def fmt_by_rule(by_rule: dict, top: int = 15) -> list[str]:
    out = ["  removed on the tune half, by rule (most content lines first): content/junk lines, content/junk words"]
    for rule, (cl, jl, cw, jw) in sorted(by_rule.items(), key=lambda kv: -kv[1][0])[:top]:
        out.append(f"    {rule:<32} lines {cl:>6} / {jl:<7} ({cl / max(1, cl + jl):.2f} content)  words {cw:>7} / {jw}")
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--limit", type=int, default=None)
    ap.add_argument("--write", action="store_true")
    ap.add_argument("--only", choices=["wcxb", "dev"], default=None)
    ap.add_argument("--by-rule", action="store_true", help="content vs junk removed per rule on the tune half")
    a = ap.parse_args(argv)
    out = []
    t0 = time.perf_counter()
    if a.only in (None, "wcxb"):
        pages = read_jsonl_gz(SHARED / "wcxb-dev" / "dirty_text.jsonl.gz")[: a.limit]
        domains = {}
        with gzip.open(SHARED / "wcxb-dev" / "pages.jsonl.gz", "rt", encoding="utf-8") as fh:
            for line in fh:
                r = json.loads(line)
                domains[r["id"]] = r["domain"]
        by_rule: dict | None = {} if a.by_rule else None
        s = score_pages(pages, [domains.get(p["id"], p["id"]) for p in pages], by_rule, wcxb_halves)
        _, r, f = s["half:held-out"].micro
        out += ["WCXB text twin (line P/R/F1, micro; halves by domain hash)"] + [fmt(s[k]) for k in sorted(s)]
        out += fmt_by_rule(by_rule) if by_rule is not None else []
        out.append(f"  target held-out F1 {f:.3f} >= 0.80 with recall {r:.3f} >= 0.90: {'PASS' if f >= 0.8 and r >= 0.9 else 'FAIL'}")
    if a.only in (None, "dev"):
        pages = read_jsonl_gz(SHARED / "dev" / "dirty_text.jsonl.gz")[: a.limit]
        by_rule = {} if a.by_rule else None
        s = score_pages(pages, [p["id"] for p in pages], by_rule)
        _, r, f = s["half:held-out"].micro
        out += ["dev text twin (181 articles; halves by id hash)"] + [fmt(s[k]) for k in ("all", "half:tune", "half:held-out")]
        out += fmt_by_rule(by_rule) if by_rule is not None else []
        out.append(f"  target held-out F1 {f:.3f} >= 0.90 with recall {r:.3f} >= 0.96: {'PASS' if f >= 0.9 and r >= 0.96 else 'FAIL'}")
    out.append(f"({time.perf_counter() - t0:.0f}s)")
    text = "\n".join(out)
    print(text)
    if a.write:
        RESULTS.write_text(text + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
