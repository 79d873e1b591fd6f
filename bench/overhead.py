"""Orchestration overhead of the Prefect flow over the Prefect-free runner.

    .venv/bin/python bench/overhead.py                 # seeds + a 1,000-document corpus
    .venv/bin/python bench/overhead.py --docs 200 --repeats 1 --out -

For each corpus the same inputs are cleaned, with the same settings, by

* ``plain``: :func:`cleanseeds.pipeline.run` (process pool, no Prefect), and
* ``flow``: the ``clean-documents`` flow against a running Prefect server (started here,
  like a user's ``prefect server start``; its start-up is not counted, it is a service),

each in a fresh Python process, so both pay the same imports and model loads. The time is
measured around the call only (the interpreter and imports are not counted for either).

    overhead = (flow wall − plain wall) / flow wall

is the share of a flow run spent on orchestration: task runs and their states, the task
cache (hashing inputs, persisting each batch's result), artifacts, logs to the API, and the
task runner's start-up. ``core`` is the sum of the stage timings (CPU seconds inside the
core functions, summed over workers) for scale. Runs alternate plain/flow and the median of
``--repeats`` is reported. The 1,000-document corpus is built in a temporary folder from the
shared dev set (HTML pages and their plain-text twins, copied under distinct names); nothing
from it is written to the repository.
"""
from __future__ import annotations

import argparse
import gzip
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
DEFAULT_SEEDS = REPO / "seeds" if any((REPO / "seeds").glob("*.txt")) else SHARED / "seeds"


def build_corpus(folder: Path, n: int) -> Path:
    """``n`` documents from the dev set: HTML pages and plain-text twins, alternating."""
    dev = SHARED / "eval" / "dev"
    with gzip.open(dev / "pages.jsonl.gz", "rt", encoding="utf-8") as f:
        pages = [json.loads(line)["html"] for line in f]
    with gzip.open(dev / "dirty_text.jsonl.gz", "rt", encoding="utf-8") as f:
        texts = ["\n".join(json.loads(line)["lines"]) for line in f]
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        k = i // 2
        if i % 2 == 0:
            (folder / f"doc-{i:05d}.html").write_text(pages[k % len(pages)], encoding="utf-8")
        else:
            (folder / f"doc-{i:05d}.txt").write_text(texts[k % len(texts)], encoding="utf-8")
    return folder


# --- one measured run, in a fresh process ---------------------------------------------------


def child(mode: str, source: str, output: str, batch_size: int, workers: int) -> None:
    from cleanseeds.config import Settings

    if mode == "plain":
        from cleanseeds import pipeline

        t0 = time.perf_counter()
        row = pipeline.run([source], output, Settings(batch_size=batch_size, workers=workers)).as_row()
    else:
        from cleanseeds_prefect.flow import clean_documents

        t0 = time.perf_counter()
        row = clean_documents(sources=[source], output=output, batch_size=batch_size, workers=workers)
    wall = time.perf_counter() - t0
    print("RESULT " + json.dumps({"wall": wall, "core": sum(row["stage_seconds"].values()), "inputs": row["inputs"],
                                  "accepted": row["accepted"], "batches": row["batches"], "stages": row["stage_seconds"]}))


def measure(mode: str, source: Path, tmp: Path, env: dict[str, str], batch_size: int, workers: int) -> dict[str, Any]:
    out = tmp / f"out-{mode}-{time.monotonic_ns()}"
    res = subprocess.run(
        [sys.executable, __file__, "--child", mode, str(source), str(out), str(batch_size), str(workers)],
        env=env, capture_output=True, text=True, cwd=REPO,
    )
    shutil.rmtree(out, ignore_errors=True)
    line = next((ln for ln in res.stdout.splitlines() if ln.startswith("RESULT ")), None)
    if res.returncode != 0 or line is None:
        raise SystemExit(f"{mode} run failed ({res.returncode}):\n{res.stdout[-3000:]}\n{res.stderr[-3000:]}")
    return dict(json.loads(line[7:]))


def bench(name: str, source: Path, tmp: Path, env: dict[str, str], repeats: int, batch_size: int, workers: int) -> dict[str, Any]:
    runs: dict[str, list[dict[str, Any]]] = {"plain": [], "flow": []}
    for i in range(repeats):
        for mode in (("plain", "flow") if i % 2 == 0 else ("flow", "plain")):
            r = measure(mode, source, tmp, env, batch_size, workers)
            runs[mode].append(r)
            print(f"  {name:>10s} {mode:5s} wall {r['wall']:7.2f}s  core {r['core']:7.2f}s  ({r['inputs']} inputs, {r['batches']} batches)", flush=True)
    plain = statistics.median(r["wall"] for r in runs["plain"])
    flow = statistics.median(r["wall"] for r in runs["flow"])
    return {
        "corpus": name, "documents": runs["flow"][0]["inputs"], "batches": runs["flow"][0]["batches"],
        "plain_wall": plain, "flow_wall": flow, "core": statistics.median(r["core"] for r in runs["flow"]),
        "overhead_s": flow - plain, "overhead_pct": 100.0 * (flow - plain) / flow if flow else 0.0,
    }


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        _, _, mode, source, output, batch_size, workers = sys.argv
        child(mode, source, output, int(batch_size), int(workers))
        return
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--seeds", type=Path, default=DEFAULT_SEEDS, help="seed documents (default: seeds/)")
    ap.add_argument("--docs", type=int, default=1000, help="size of the generated corpus (0 = skip)")
    ap.add_argument("--repeats", type=int, default=3, help="runs per mode and corpus (median reported)")
    ap.add_argument("--batch-size", type=int, default=200)
    ap.add_argument("--workers", type=int, default=0, help="0 = one per core")
    ap.add_argument("--out", default=str(REPO / "bench" / "results" / "overhead.txt"), help="results file, or - for stdout only")
    a = ap.parse_args()

    sys.path.insert(0, str(REPO))
    from tests.flows.prefect_server import PrefectServer

    with tempfile.TemporaryDirectory(prefix="cleanseeds-overhead-") as t:
        tmp = Path(t)
        corpora = [("seeds", a.seeds)]
        if a.docs:
            corpora.append((f"{a.docs} docs", build_corpus(tmp / "corpus", a.docs)))
        (tmp / "logs").mkdir()
        with PrefectServer(tmp / "prefect-home", tmp / "logs", extra_env={"PREFECT_LOGGING_LEVEL": "WARNING"}) as server:
            env = dict(server.env)
            results = [bench(name, src, tmp, env, a.repeats, a.batch_size, a.workers) for name, src in corpora]

    lines = [
        "# cleanseeds orchestration overhead: clean-documents flow vs the Prefect-free runner",
        f"# command: .venv/bin/python bench/overhead.py --docs {a.docs} --repeats {a.repeats} --batch-size {a.batch_size} --workers {a.workers}",
        f"# machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}; "
        f"date {time.strftime('%Y-%m-%d')}; median of {a.repeats} runs per mode; a running Prefect server (start-up not counted)",
        f"{'corpus':>10s} {'docs':>6s} {'batches':>7s} {'plain s':>8s} {'flow s':>8s} {'core s':>8s} {'overhead s':>10s} {'overhead':>9s}",
    ]
    for r in results:
        lines.append(f"{r['corpus']:>10s} {r['documents']:6d} {r['batches']:7d} {r['plain_wall']:8.2f} {r['flow_wall']:8.2f} "
                     f"{r['core']:8.2f} {r['overhead_s']:10.2f} {r['overhead_pct']:8.1f}%")
    text = "\n".join(lines) + "\n"
    print(text)
    if a.out != "-":
        Path(a.out).parent.mkdir(parents=True, exist_ok=True)
        Path(a.out).write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
