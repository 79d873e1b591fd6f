"""Profile the pipeline in one process (cProfile) on a benchmark corpus.

    .venv/bin/python bench/hotspots.py --n 300 [--no-entities] [--top 40] [--save prof.out]

Builds (or reuses) ``bench/_corpora/corpus-<n>`` and runs ``pipeline.run`` with one worker in
this process, so every stage is in the profile. Extraction isolated in a helper process
(``extract_isolation="process"``) shows as waiting on a pipe; pass ``--inline`` to profile
trafilatura itself. Prints the stage seconds, then the functions of cleanseeds and of the
libraries it calls, by cumulative and by own time.
"""
from __future__ import annotations

import argparse
import cProfile
import pstats
import shutil
import sys
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))

import corpus as corpus_mod  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--n", type=int, default=300)
    ap.add_argument("--no-entities", action="store_true")
    ap.add_argument("--inline", action="store_true", help="extract_isolation='inline' (profile trafilatura in-process)")
    ap.add_argument("--top", type=int, default=40)
    ap.add_argument("--save", type=Path, help="also write the raw profile here (for snakeviz etc.)")
    a = ap.parse_args()

    from cleanseeds import pipeline
    from cleanseeds.config import Settings

    work = BENCH / "_corpora"
    cdir = work / f"corpus-{a.n}"
    if not cdir.exists():
        corpus_mod.build(a.n, cdir)
    out = work / f"profile-out-{a.n}"
    shutil.rmtree(out, ignore_errors=True)
    changes: dict[str, object] = {"workers": 1, "entities": not a.no_entities}
    if a.inline and "extract_isolation" in Settings.model_fields:
        changes["extract_isolation"] = "inline"
    settings = Settings().replace(**changes)
    prof = cProfile.Profile()
    t0, c0 = time.perf_counter(), time.process_time()
    prof.enable()
    summary = pipeline.run([str(cdir)], str(out), settings)
    prof.disable()
    wall, cpu = time.perf_counter() - t0, time.process_time() - c0
    shutil.rmtree(out, ignore_errors=True)
    row = summary.as_row()
    stages = row["stage_seconds"]
    total = sum(stages.values()) or 1.0
    print(f"{a.n} docs: {row['accepted']} accepted, {row['quarantined']} quarantined; wall {wall:.1f} s, cpu (this process) {cpu:.1f} s")
    print("stage seconds: " + ", ".join(f"{k} {v:.2f} ({v / total:.0%})" for k, v in sorted(stages.items(), key=lambda kv: -kv[1])))
    if a.save:
        prof.dump_stats(a.save)
    st = pstats.Stats(prof, stream=sys.stdout)
    st.sort_stats("cumulative").print_stats(a.top)
    st.sort_stats("tottime").print_stats(a.top)


if __name__ == "__main__":
    main()
