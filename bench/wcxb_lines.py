"""Line-level analysis of HTML mode on the WCXB split: which `without` snippets leak into our text,
which `with` snippets we miss and who dropped them (the extractor or which cleaning rule), and,
per cleaning rule, how many of the lines it removed are in the true main content.

    nice -n 10 .venv/bin/python bench/wcxb_lines.py [--half tune|held|all] [--workers 2]
        [--types article,product] [--show 20] [--set key=value ...] [--jsonl FILE] [--by-type]

Tuning looks at the tune half only (the default; ``bench/quality_wcxb.py`` reports both).

* **leaked**: a `without` snippet found in our text, with the kept line that holds it;
* **missed**: a `with` snippet not in our text, attributed to the first place it is found:
  ``clean:<rule>`` (a line the cleaner removed), ``extract:<rule>`` (a visible block the
  extractor left out, from the HTML ledger), ``split`` (the snippet is in our text only once
  line breaks are read as spaces) or ``nowhere`` (not in any single block: spans blocks, or the
  page's text differs), plus whether trafilatura's defaults have it (its output cache);
* **per rule**: lines the cleaner removed that the truth needs (``in truth``) or not: a rule
  with many ``in truth`` lines removes content. A removed line is needed when the truth holds
  more copies of it (as a line, or inside a line if it is long) than our kept text plus the
  removed copies already counted as needed: the word F1 counts every copy, so the second copy
  of a line the truth has once is junk. (Counting presence only made ``context.repeated`` look
  harmful: on the product/listing/collection pages of both halves 344 of its 681 lines were
  "in truth", but only 102 are copies the truth has and we do not.)
"""
from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter, defaultdict
from collections.abc import Sequence
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
import quality_wcxb as qw  # noqa: E402

_SPACE = re.compile(r"\s+")


def _norm(s: str) -> str:
    return _SPACE.sub(" ", s).strip().lower()


def _group(args: tuple[list[dict[str, Any]], dict[str, str]]) -> list[dict[str, Any]]:
    """Extract + clean one group of whole domains; per page the kept text, the source text, the
    cleaner's removed lines and the extractor's dropped blocks."""
    pages, overrides = args
    from cleanseeds import clean, extract
    from cleanseeds.clean import load_rules
    from cleanseeds.config import Settings

    settings = Settings(entities=False, extract_isolation="inline", **qw._coerce(overrides))
    rules = load_rules(settings)
    docs = qw.documents(pages)
    res = extract.extract_batch(docs, settings)
    dropped = {d.doc_id: [(r.text, r.rule) for r in d.dropped] for d in res.docs}
    source = {d.doc_id: d.source_text for d in res.docs}
    ptype = {d.doc_id: d.page_type or "" for d in res.docs}
    cleaned = clean.clean_batch(res.docs, rules, clean.SiteTemplates(), settings)
    kept = {d.doc_id: d for d in cleaned.docs}
    removed_empty = {r.doc_id: r for r in cleaned.rejected}
    out = []
    for d, p in zip(docs, pages, strict=True):
        k = kept.get(d.doc_id)
        removed = [(r.text, r.rule, r.reason) for r in k.removed] if k else []
        if k is None and d.doc_id in removed_empty:  # emptied by the cleaner: every line was removed
            removed = [(ln, "empty_after_cleaning", "") for ln in source.get(d.doc_id, "").split("\n") if ln.strip()]
        out.append({"id": p["id"], "text": k.text if k else "", "source": source.get(d.doc_id, ""), "removed": removed,
                    "dropped": dropped.get(d.doc_id, []), "decided": ptype.get(d.doc_id, "")})
    return out


def run(pages: Sequence[dict[str, Any]], workers: int, overrides: dict[str, str]) -> dict[str, dict[str, Any]]:
    parts = qw.map_domain_groups(_group, pages, workers, overrides)
    return {o["id"]: o for part in parts for o in part}


def analyse(page: dict[str, Any], o: dict[str, Any], traf: str) -> tuple[list[dict[str, Any]], list[dict[str, Any]], list[tuple[str, bool]]]:
    text_low = o["text"].lower()
    flat = _norm(o["text"])
    leaked = []
    for s in page.get("without") or []:
        sl = s.lower()
        if sl in text_low:
            line = next((ln for ln in o["text"].split("\n") if sl in ln.lower()), "")
            leaked.append({"id": page["id"], "type": page["page_type"], "snippet": s, "line": line[:200]})
    missed = []
    for s in page.get("with") or []:
        sl = s.lower()
        if sl in text_low:
            continue
        where = "nowhere"
        line = ""
        if _norm(s) in flat:
            where = "split"
        else:
            for t, rule, _reason in o["removed"]:
                if sl in t.lower() or _norm(s) in _norm(t):
                    where, line = f"clean:{rule}", t
                    break
            else:
                for t, rule in o["dropped"]:
                    if sl in t.lower() or _norm(s) in _norm(t):
                        where, line = f"extract:{rule}", t
                        break
        missed.append({"id": page["id"], "type": page["page_type"], "snippet": s, "where": where, "line": line[:200],
                       "traf": sl in traf.lower()})
    return leaked, missed, list(zip((rule for _t, rule, _r in o["removed"]), needed(o, page), strict=True))


def _line_key(line: str) -> str:
    return _norm(line).lstrip("-* ")


def needed(o: dict[str, Any], page: dict[str, Any]) -> list[bool]:
    """Per removed line (in order), whether the truth needs it: the truth has more copies of it
    (equal to one of its lines, a bullet's "- " aside, or a longer line found inside it) than
    our kept text and the removed copies already counted as needed."""
    mc = page["main_content"] or ""
    lines = Counter(_line_key(x) for x in mc.split("\n") if x.strip())
    flat = _norm(mc)
    have = Counter(_line_key(x) for x in o["text"].split("\n") if x.strip())
    out = []
    for t, _rule, _reason in o["removed"]:
        n = _line_key(t)
        copies = lines[n] if n in lines else flat.count(n) if n and len(n) > 25 else 0
        hit = bool(n) and copies > have[n]
        have[n] += hit
        out.append(hit)
    return out


def print_by_type(rule_hits: dict[str, Counter[bool]], typed: dict[tuple[str, str, str], Counter[bool]]) -> None:
    """Per rule that removed a line of the truth: in truth / not, per true page type, tune and
    held-out half (the rules that remove content, and on which kinds)."""
    print("\ncleaner rules by true page type: lines removed in truth / not, tune half | held-out half")
    for rule, c in sorted(rule_hits.items(), key=lambda kv: -kv[1][True]):
        if not c[True]:
            continue
        tot = {hf: sum((v for (r, _t, h), v in typed.items() if r == rule and h == hf), Counter[bool]()) for hf in ("tune", "held")}
        rows = [("all", tot["tune"], tot["held"])]
        kinds = sorted({t for (r, t, _h) in typed if r == rule})
        rows += [(t, typed.get((rule, t, "tune"), Counter[bool]()), typed.get((rule, t, "held"), Counter[bool]())) for t in kinds]
        for i, (t, tu, he) in enumerate(rows):
            if i and not (tu[True] or he[True]):
                continue
            print(f"  {rule if i == 0 else '':<32} {t:<14} {tu[True]:>4} / {tu[False]:<5} | {he[True]:>4} / {he[False]:<5}")


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--wcxb", type=Path, default=qw.DEFAULT_WCXB)
    ap.add_argument("--half", choices=("tune", "held", "all"), default="tune")
    ap.add_argument("--types", default="", help="comma-separated page types (default: all)")
    ap.add_argument("--workers", type=int, default=1)
    ap.add_argument("--show", type=int, default=15, help="examples to print per group")
    ap.add_argument("--set", action="append", default=[], metavar="KEY=VALUE")
    ap.add_argument("--jsonl", type=Path, default=None, help="write every leaked/missed snippet and rule hit")
    ap.add_argument("--by-type", action="store_true", help="per rule also the lines per true page type and half")
    a = ap.parse_args(argv)
    types = {t for t in a.types.split(",") if t}
    pages = [p for p in qw.read_pages(a.wcxb) if (a.half == "all" or qw.half(p["domain"]) == a.half)
             and (not types or p["page_type"] in types)]
    traf = qw.trafilatura_outputs(pages, a.workers)
    outs = run(pages, a.workers, dict(kv.split("=", 1) for kv in a.set))
    leaked_all: list[dict[str, Any]] = []
    missed_all: list[dict[str, Any]] = []
    rule_hits: dict[str, Counter[bool]] = defaultdict(Counter)
    rule_truth_examples: dict[str, list[str]] = defaultdict(list)
    typed: dict[tuple[str, str, str], Counter[bool]] = defaultdict(Counter)  # (rule, type, half)
    for p in pages:
        o = outs[p["id"]]
        leaked, missed, per_rule = analyse(p, o, traf[p["id"]][0])
        leaked_all += leaked
        missed_all += missed
        for (rule, hit), (t, _r, _x) in zip(per_rule, o["removed"], strict=True):
            rule_hits[rule][hit] += 1
            typed[rule, p["page_type"], qw.half(p["domain"])][hit] += 1
            rule_truth_examples[rule].append(f"{'T' if hit else 'F'} {p['id']}: {t[:150]}")
    by_type: dict[str, list[tuple[float, float]]] = defaultdict(list)
    for p in pages:
        o = outs[p["id"]]
        by_type[p["page_type"]].append((qw.score_page(o["source"], p).f1, qw.score_page(o["text"], p).f1))
    print("macro word F1 per true page type: extracted text (no cleaning) -> cleaned")
    for t, v in sorted(by_type.items()):
        print(f"  {t:<14} n {len(v):>4}  extracted {qw._mean([x[0] for x in v]):.3f} -> cleaned {qw._mean([x[1] for x in v]):.3f}")
    n_with = sum(len(p.get("with") or []) for p in pages)
    n_without = sum(len(p.get("without") or []) for p in pages)
    print(f"{len(pages)} pages ({a.half} half{', ' + ','.join(sorted(types)) if types else ''}): "
          f"{len(leaked_all)} of {n_without} `without` snippets leaked, {len(missed_all)} of {n_with} `with` snippets missed")
    print("\nleaked, by page type:", dict(Counter(x["type"] for x in leaked_all).most_common()))
    for x in leaked_all[: a.show * 3]:
        print(f"  [{x['type'][:4]}] {x['id']}: {x['snippet']!r}  <- {x['line'][:140]!r}")
    where = Counter(x["where"].split(":")[0] + (":" + x["where"].split(":")[1] if x["where"].startswith("clean") else "")
                    for x in missed_all)
    print("\nmissed `with` snippets, by who dropped them:", dict(where.most_common()))
    print("  of them trafilatura defaults has:", sum(x["traf"] for x in missed_all),
          "; never in trafilatura's output:", sum(not x["traf"] for x in missed_all))
    print("  extraction rules:", dict(Counter(x["where"] for x in missed_all if x["where"].startswith("extract")).most_common(10)))
    for x in [m for m in missed_all if m["where"].startswith("clean")][: a.show * 3]:
        print(f"  [{x['type'][:4]}] {x['where']} {x['id']}: {x['snippet']!r} <- {x['line'][:140]!r}")
    print("\ncleaner rules: lines removed (in truth / not)")
    for rule, c in sorted(rule_hits.items(), key=lambda kv: -kv[1][True]):
        print(f"  {rule:<40} {c[True]:>5} / {c[False]:>5}")
    if a.by_type:
        print_by_type(rule_hits, typed)
    if a.jsonl:
        with a.jsonl.open("w", encoding="utf-8") as fh:
            for x in leaked_all:
                fh.write(json.dumps({"kind": "leaked", **x}) + "\n")
            for x in missed_all:
                fh.write(json.dumps({"kind": "missed", **x}) + "\n")
            for rule, ex in rule_truth_examples.items():
                for e in ex:
                    fh.write(json.dumps({"kind": "rule_line", "rule": rule, "in_truth": e[0] == "T", "line": e[2:]}) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
