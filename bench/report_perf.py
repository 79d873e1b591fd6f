"""Report generation cost: time and size of ``cleanseeds report`` on a synthetic output of N
documents, and (``--run N``) its share of a real run's wall time.

    .venv/bin/python bench/report_perf.py --n 10000            # synthetic output tables
    .venv/bin/python bench/report_perf.py --run 1000           # real --no-prefect run of N docs

The synthetic output is written through the real validate + load path (pandera-checked,
Parquet, the OutputStore) from documents shaped like news pages: 12-40 lines, a fifth of
them removed with assorted reasons, entities and dates, 60 sites, 4 languages, 5% of the
inputs quarantined, and three runs (so the per-run charts have bars).
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

from cleanseeds import pipeline
from cleanseeds.config import Settings
from cleanseeds.load import OutputStore
from cleanseeds.records import (
    DateMention,
    Document,
    Entity,
    Rejected,
    RemovedLine,
    content_hash,
    make_doc_id,
)
from cleanseeds.report import build_report
from cleanseeds.validate import build_tables

REASONS = [("navigation", "nav.menu_word"), ("advertisement", "ad.label"), ("copyright", "copyright.year"),
           ("newsletter", "newsletter.signup"), ("social", "social.share_prompt"), ("other_boilerplate", "context.title")]
WORDS = ["council", "harbour", "budget", "library", "ferry", "market", "river", "school", "hospital", "station", "bridge", "festival"]


def _doc(i: int, rng: random.Random) -> Document:
    site = f"site{i % 60:02d}.example"
    lines, removed, kept = [], [], []
    pos = 0
    for n in range(1, rng.randint(12, 40) + 1):
        if rng.random() < 0.2:
            reason, rule = rng.choice(REASONS)
            line = f"{reason.replace('_', ' ').title()} line {n} of page {i}"
            removed.append(RemovedLine(n, pos, pos + len(line), line, reason, rule))
        elif rng.random() < 0.05:
            line = ""
        else:
            line = " ".join(rng.choice(WORDS) for _ in range(rng.randint(8, 30))) + f" ({i}.{n})."
            kept.append(line)
        lines.append(line)
        pos += len(line) + 1
    src = "\n".join(lines)
    text = "\n".join(kept) or f"Page {i} text."
    if not kept:
        src += "\n" + text
    h = content_hash(src)
    source = f"corpus/{site}/page{i:06d}.html"
    ents = []
    for w in sorted(set(rng.sample(WORDS, 3))):
        k = text.find(w)
        if k >= 0:
            ents.append(Entity(text[k:k + len(w)], rng.choice(["ORG", "GPE", "PERSON"]), k, k + len(w)))
    dates = []
    k = text.find("(")
    if k >= 0:
        dates.append(DateMention(text[k:k + 1], None, None, k, k + 1, "absolute"))
    day = dt.date(2020, 1, 1) + dt.timedelta(days=rng.randint(0, 1800))
    return Document(
        doc_id=make_doc_id(source, h), source=source, input_path=source, input_format="html", content_hash=h,
        source_text=src, text=text, removed=removed, mode="html", url=f"https://{site}/news/{i}", title=f"Story {i}",
        sitename=site, published=day if i % 9 else None, published_granularity=("day" if i % 4 else "year") if i % 9 else None,
        language=["en", "de", "fr", "es"][i % 4], language_score=0.99, entities=ents, entities_status="ok", dates=dates,
        encoding="utf-8",
    )


def synth_output(out: Path, n: int, runs: int = 3, seed: int = 7) -> None:
    """Write an output directory of ``n`` documents (plus 5% quarantined inputs) in ``runs`` runs."""
    rng = random.Random(seed)
    per_run = -(-n // runs)
    for r in range(runs):
        settings = Settings(entities=False)
        ctx = pipeline.RunContext.new(settings)
        ctx = pipeline.RunContext(ctx.run_id[:-6] + f"{r:06x}", ctx.ingested_at, settings, f"rules{r}")
        summary = pipeline.RunSummary(ctx.run_id, str(out), ctx.ingested_at, rules_version=ctx.rules_version, settings=settings.as_dict())
        with OutputStore(out, settings, ctx.run_id) as store:
            for start in range(r * per_run, min(n, (r + 1) * per_run), 1000):
                docs = [_doc(i, rng) for i in range(start, min(n, (r + 1) * per_run, start + 1000))]
                bad = [Rejected(f"corpus/bad/{d.doc_id[:8]}.html", "extract", "no_text_extracted", "no main text found",
                                None, f"corpus/bad/{d.doc_id[:8]}.html") for d in docs[::20]]
                tables = build_tables(docs, bad, ctx.run_id, ctx.ingested_at, ctx.rules_version)
                store.write(tables)
                summary.batches += 1
                summary.counts.update(inputs=len(docs) + len(bad), accepted=tables.accepted, quarantined=len(bad))
                for d in docs:
                    summary.removed_by_reason.update(x.reason for x in d.removed)
                    summary.removed_by_rule.update(x.rule for x in d.removed)
                summary.quarantined_by_reason.update(q.reason for q in bad)
                summary.timings.update(Counter(read=0.01 * len(docs), extract=0.05 * len(docs), clean=0.01 * len(docs)))
            summary.status = "completed"
            summary.finished_at = dt.datetime.now(dt.UTC)
            store.finish(summary.as_row())


def _size(path: Path) -> int:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file())


def bench_synthetic(n: int, max_documents: int) -> dict[str, float]:
    with tempfile.TemporaryDirectory(prefix="cs-report-bench-") as tmp:
        out = Path(tmp) / "out"
        t0 = time.perf_counter()
        synth_output(out, n)
        built = time.perf_counter() - t0
        s = Settings(report_max_documents=max_documents)
        first = build_report(out, s)
        again = build_report(out, s)  # nothing changed: only the index and lists are rewritten
        res = {
            "documents": first.documents, "document_pages": first.document_pages,
            "first_seconds": round(first.seconds, 2), "again_seconds": round(again.seconds, 2), "pages_rewritten_again": again.pages_written,
            "report_mb": round(first.bytes / 1e6, 2), "index_kb": round((out / "report" / "index.html").stat().st_size / 1e3, 1),
            "tables_mb": round(sum(_size(out / t) for t in ("documents", "removed_lines", "quarantine", "runs")) / 1e6, 2),
            "synth_seconds": round(built, 1),
        }
    return res


def _timed(cmd: list[str]) -> tuple[float, float]:
    """(wall seconds, CPU seconds of the child and its children) of one command."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def bench_run(n: int) -> dict[str, float]:
    """A real run (``--no-prefect``, the report on, as by default) over the benchmark corpus
    of ``n`` documents (bench/corpus.py: 60% HTML pages, 20% text, 20% JSONL records from
    the shared dev set): the end-of-run report's seconds (wall and CPU, as the run prints
    them) against the run's wall time; then ``cleanseeds report`` again on the unchanged
    output, as its own process."""
    import re

    sys.path.insert(0, str(Path(__file__).resolve().parent))
    import corpus

    with tempfile.TemporaryDirectory(prefix="cs-report-run-") as tmp:
        corpus.build(n, Path(tmp) / "in")
        out = Path(tmp) / "out"
        cli = [sys.executable, "-m", "cleanseeds.cli"]
        t0 = time.perf_counter()
        res = subprocess.run([*cli, "run", str(Path(tmp) / "in"), "--output", str(out), "--no-prefect"],
                             check=True, capture_output=True, text=True)
        run_wall = time.perf_counter() - t0
        m = re.search(r"report: .*? \((\d+) document pages written, (\d+) charts drawn, ([\d.]+) s, ([\d.]+) CPU-s\)", res.stdout)
        assert m, res.stdout
        pages, drawn, rep_wall, rep_cpu = int(m.group(1)), int(m.group(2)), float(m.group(3)), float(m.group(4))
        again_wall, again_cpu = _timed([*cli, "report", str(out), "--quiet"])
        return {"documents": n, "run_wall_s": round(run_wall, 1), "report_in_run_wall_s": rep_wall, "report_in_run_cpu_s": rep_cpu,
                "pages_written": pages, "charts_drawn": drawn, "report_share_of_run_wall": round(rep_wall / run_wall, 4),
                "report_again_process_wall_s": round(again_wall, 2), "report_again_process_cpu_s": round(again_cpu, 2),
                "report_mb": round(_size(out / "report") / 1e6, 2), "load_avg_1m": round(os.getloadavg()[0], 1)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, action="append", default=[], help="synthetic output of N documents (repeatable)")
    ap.add_argument("--run", type=int, action="append", default=[], help="real run over N documents (repeatable)")
    ap.add_argument("--max-documents", type=int, default=Settings().report_max_documents)
    a = ap.parse_args()
    for n in a.n:
        print(json.dumps({"synthetic": n, **bench_synthetic(n, a.max_documents)}), flush=True)
    for n in a.run:
        print(json.dumps({"run": n, **bench_run(n)}), flush=True)


if __name__ == "__main__":
    main()
