"""Quality benchmark of the clean stage on the development set (see its README for scoring).

    .venv/bin/python bench/quality.py [--dev DIR] [--limit N] [--write]

HTML mode: each page's ``html`` goes through our read/extract/clean stage functions; the
cleaned text is compared with ``truth_text`` as bags of lowercased ``\\w+`` tokens
(P/R/F1 per page, macro = mean over pages, micro = pooled counts). Baselines measured in
the same run: trafilatura ``extract()`` with its defaults, and our extraction without the
cleaner.

Plain-text mode: each page's ``lines`` joined by newlines is a text-mode document; a
content line (label 1) that survives is a true positive, a content line removed a false
negative, a boilerplate line kept a false positive. Baselines: keep everything, and a
C4-style line filter (terminal punctuation, >= 3 words, no "javascript"/policy lines).

Prints the figures; ``--write`` also saves them to ``bench/results/quality.txt``.
The library functions are called directly on in-memory documents (no Parquet, no Prefect).
"""
from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import re
import sys
import time
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse

REPO = Path(__file__).resolve().parents[1]
DEFAULT_DEV = REPO.parent / "shared" / "eval" / "dev"
RESULTS = REPO / "bench" / "results" / "quality.txt"

_TOKEN = re.compile(r"\w+")


def tokens(text: str) -> Counter[str]:
    return Counter(_TOKEN.findall(text.lower()))


def dev_half(page_id: str) -> str:
    """The dev set's halves, by a hash of the page id (its pages have no shared domain): ``"tune"`` or
    ``"held-out"``. One split for this benchmark's text-mode halves and ``bench/text_quality.py``'s."""
    return "tune" if hashlib.blake2b(page_id.encode(), digest_size=4).digest()[0] % 2 == 0 else "held-out"


@dataclass
class Score:
    """Accumulates per-item P/R/F1 (macro) and pooled counts (micro)."""

    name: str
    per_item: list[tuple[float, float, float]] = field(default_factory=list)
    counts: list[tuple[int, int, int]] = field(default_factory=list)
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add_counts(self, tp: int, fp: int, fn: int) -> None:
        p = tp / (tp + fp) if tp + fp else (1.0 if not fn else 0.0)
        r = tp / (tp + fn) if tp + fn else 1.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        self.per_item.append((p, r, f))
        self.counts.append((tp, fp, fn))
        self.tp, self.fp, self.fn = self.tp + tp, self.fp + fp, self.fn + fn

    def add_tokens(self, pred: str, truth: str) -> None:
        pt, tt = tokens(pred), tokens(truth)
        shared = sum((pt & tt).values())
        self.add_counts(shared, sum(pt.values()) - shared, sum(tt.values()) - shared)

    @property
    def macro(self) -> tuple[float, float, float]:
        n = max(1, len(self.per_item))
        return tuple(sum(x[k] for x in self.per_item) / n for k in range(3))  # type: ignore[return-value]

    @property
    def micro(self) -> tuple[float, float, float]:
        p = self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0
        r = self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0
        return p, r, (2 * p * r / (p + r) if p + r else 0.0)

    def subset(self, name: str, keep) -> Score:
        """The same figures over the items whose position satisfies ``keep(position)``."""
        out = Score(name)
        for n, c in enumerate(self.counts):
            if keep(n):
                out.add_counts(*c)
        return out

    def row(self) -> str:
        (mp, mr, mf), (up, ur, uf) = self.macro, self.micro
        return f"  {self.name:<34} macro P {mp:.3f} R {mr:.3f} F1 {mf:.3f}   micro P {up:.3f} R {ur:.3f} F1 {uf:.3f}"


def read_jsonl_gz(path: Path) -> list[dict]:
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


# --- baselines ---------------------------------------------------------------------------

_C4_POLICY = ("terms of use", "privacy policy", "cookie policy", "uses cookies", "use of cookies", "use cookies")
_C4_END = (".", "!", "?", '"', "”", "’", "'")


def c4_keeps(line: str) -> bool:
    """The C4 line filter (Raffel et al. 2020, as in datatrove's C4QualityFilter)."""
    s = line.strip()
    low = s.lower()
    if not s.endswith(_C4_END) or s.endswith("..."):
        return False
    if len(s.split()) < 3:
        return False
    if "javascript" in low or any(p in low for p in _C4_POLICY):
        return False
    return True


# --- runs ---------------------------------------------------------------------------------

def _doc(n: int, raw: str, html: bool, url: str | None):
    from cleanseeds.extract.decode import repair_mojibake
    from cleanseeds.records import Document, content_hash, make_doc_id

    src = f"dev/{n:04d}.{'html' if html else 'txt'}"
    h = content_hash(raw)
    text, repaired = repair_mojibake(raw)  # as every reader leaves it (bench/quality_wcxb.documents)
    return Document(doc_id=make_doc_id(src, h), source=src, input_path=src, input_format="html" if html else "txt",
                    content_hash=h, raw=text, raw_is_html=html, url=url, encoding="utf-8+ftfy" if repaired else None)


def _site(url: str | None) -> str:
    host = urlparse(url or "").hostname or ""
    return host[4:] if host.startswith("www.") else host


def run_html(pages: Sequence[dict], settings, rules) -> tuple[Score, Score, Score, float]:
    import trafilatura

    from cleanseeds import clean, extract

    ours, raw_extract, traf = Score("cleanseeds (extract + clean)"), Score("cleanseeds extract, no cleaner"), Score("trafilatura extract() defaults")
    docs = [_doc(n, p["html"], True, p.get("url")) for n, p in enumerate(pages)]
    t0 = time.perf_counter()
    res = extract.extract_batch(docs, settings)
    extracted = {d.doc_id: d for d in res.docs}
    for d in res.docs:
        d.site = _site(d.url)  # group templates by host, as for HTML inputs with a URL
    cleaned = clean.clean_batch(res.docs, rules, clean.SiteTemplates(), settings)
    elapsed = time.perf_counter() - t0
    kept = {d.doc_id: d.text for d in cleaned.docs}
    for d, p in zip(docs, pages, strict=True):
        ours.add_tokens(kept.get(d.doc_id, ""), p["truth_text"])
        raw_extract.add_tokens(extracted[d.doc_id].source_text if d.doc_id in extracted else "", p["truth_text"])
        traf.add_tokens(trafilatura.extract(p["html"], url=p.get("url")) or "", p["truth_text"])
    return ours, raw_extract, traf, elapsed


def run_text(pages: Sequence[dict], settings, rules) -> tuple[Score, Score, Score, float]:
    from cleanseeds import clean

    ours, c4, keep_all = Score("cleanseeds (text mode)"), Score("C4 line filter"), Score("keep every line")
    docs = []
    for n, p in enumerate(pages):
        d = _doc(n, "\n".join(p["lines"]), False, None)
        d.source_text, d.mode, d.site = d.raw or "", "text", f"dev/{n:04d}"  # one folder per page
        docs.append(d)
    t0 = time.perf_counter()
    cleaned = clean.clean_batch(docs, rules, clean.SiteTemplates(), settings)
    elapsed = time.perf_counter() - t0
    removed_lines = {d.doc_id: {r.line_no for r in d.removed} for d in docs}
    accepted = {d.doc_id for d in cleaned.docs}
    for d, p in zip(docs, pages, strict=True):
        gone = removed_lines[d.doc_id]
        counts = {"ours": [0, 0, 0], "c4": [0, 0, 0], "all": [0, 0, 0]}
        for ln, (line, label) in enumerate(zip(p["lines"], p["labels"], strict=True), 1):
            if not line.strip():
                continue
            verdicts = {"ours": d.doc_id in accepted and ln not in gone, "c4": c4_keeps(line), "all": True}
            for k, keep in verdicts.items():
                c = counts[k]
                if keep and label:
                    c[0] += 1
                elif keep:
                    c[1] += 1
                elif label:
                    c[2] += 1
        ours.add_counts(*counts["ours"])
        c4.add_counts(*counts["c4"])
        keep_all.add_counts(*counts["all"])
    return ours, c4, keep_all, elapsed


def evaluate(dev: Path, limit: int | None = None, modes: Iterable[str] = ("html", "text")) -> dict[str, tuple[Score, ...]]:
    from cleanseeds.clean import load_rules
    from cleanseeds.config import Settings

    settings = Settings(entities=False)
    rules = load_rules(settings)
    out: dict[str, tuple[Score, ...]] = {}
    if "html" in modes:
        pages = read_jsonl_gz(dev / "pages.jsonl.gz")[:limit]
        out["html"] = run_html(pages, settings, rules)[:3]
    if "text" in modes:
        pages = read_jsonl_gz(dev / "dirty_text.jsonl.gz")[:limit]
        out["text"] = run_text(pages, settings, rules)[:3]
    return out


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--dev", type=Path, default=DEFAULT_DEV)
    ap.add_argument("--limit", type=int, default=None, help="first N pages only")
    ap.add_argument("--write", action="store_true", help=f"also write {RESULTS.relative_to(REPO)}")
    ap.add_argument("--set", action="append", default=[], metavar="KEY=VALUE", help="override a setting (e.g. extract_strategy=precision)")
    ap.add_argument("--html-only", action="store_true", help="HTML mode only (skip plain-text mode)")
    a = ap.parse_args(argv)
    import trafilatura
    from quality_wcxb import _coerce

    from cleanseeds.clean import load_rules
    from cleanseeds.config import Settings

    overrides = _coerce(dict(kv.split("=", 1) for kv in a.set))
    settings = Settings(entities=False, **overrides)
    rules = load_rules(settings)
    lines = [f"cleanseeds quality benchmark — dev set {a.dev.name!r}, trafilatura {trafilatura.__version__}, rules {rules.version}"]
    t0 = time.perf_counter()
    pages = read_jsonl_gz(a.dev / "pages.jsonl.gz")[: a.limit]
    ours, raw, traf, el = run_html(pages, settings, rules)
    lines += [f"HTML mode ({len(pages)} pages; token bags vs truth_text; extract+clean {el:.1f}s)" + (f", settings {overrides}" if overrides else ""), ours.row(), raw.row(), traf.row()]
    if a.html_only:
        print("\n".join(lines))
        return 0
    dirty = read_jsonl_gz(a.dev / "dirty_text.jsonl.gz")[: a.limit]
    ours_t, c4, allk, el_t = run_text(dirty, settings, rules)
    n_lines = sum(len(p["lines"]) for p in dirty)
    lines += [f"Plain-text mode ({len(dirty)} pages, {n_lines} lines; kept content lines vs labels; clean {el_t:.2f}s)", ours_t.row(), c4.row(), allk.row()]
    # the two halves, by page id as bench/text_quality.py splits the dev twin: rules are tuned looking
    # at the tune half only; the held-out half is the check against overfitting
    halves = [dev_half(str(p["id"])) for p in dirty]
    lines += [
        "  halves (by page id hash, as bench/text_quality.py):",
        ours_t.subset("cleanseeds text, tune half", lambda n: halves[n] == "tune").row(),
        ours_t.subset("cleanseeds text, held-out half", lambda n: halves[n] == "held-out").row(),
    ]
    mf, tf = ours.macro[2], traf.macro[2]
    up, ur, uf = ours_t.micro
    lines += [
        "Targets",
        f"  HTML macro F1 {mf:.3f} >= 0.965 and > trafilatura {tf:.3f}: {'PASS' if mf >= 0.965 and mf > tf else 'FAIL'}",
        f"  text line F1 (micro) {uf:.3f} >= 0.85 with content recall {ur:.3f} >= 0.95: {'PASS' if uf >= 0.85 and ur >= 0.95 else 'FAIL'}",
        f"total {time.perf_counter() - t0:.1f}s",
    ]
    text = "\n".join(lines)
    print(text)
    if a.write:
        RESULTS.parent.mkdir(parents=True, exist_ok=True)
        RESULTS.write_text(text + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
