"""Where a one-process run's memory goes, batch by batch.

    .venv/bin/python bench/memtrace.py --n 10000 [--entities] [--every 5] [--batch-size 200]

Runs the Prefect-free pipeline with one worker in this process over a benchmark corpus
(``bench/corpus.py``, built under ``bench/_corpora/`` if missing) and prints, every few
batches: the process RSS; CPython's small-object allocator (arenas held, bytes in live
blocks: objects under 512 bytes); Arrow's memory pool (bytes allocated, high-water mark);
and the sizes of the run's bounded state (rule-verdict memo, site templates, entity
counter of the summary). RSS minus the first two is memory held by the C allocator
(larger strings, list and dict tables, library buffers).

It tells state that grows (live blocks rising) from fragmentation (arenas or RSS rising
while live blocks stay level). Not a timing tool: the probes cost time.
"""
from __future__ import annotations

import argparse
import os
import re
import resource
import shutil
import sys
import tempfile
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))

import corpus as corpus_mod  # noqa: E402


def obmalloc() -> tuple[float, float]:
    """(MiB in arenas, MiB in live blocks) of CPython's small-object allocator."""
    saved = os.dup(2)
    with tempfile.TemporaryFile() as tmp:
        os.dup2(tmp.fileno(), 2)  # _debugmallocstats writes to the C-level stderr
        try:
            sys._debugmallocstats()
        finally:
            os.dup2(saved, 2)
            os.close(saved)
        tmp.seek(0)
        text = tmp.read().decode(errors="replace")
    arenas = re.search(r"# arenas allocated current\s*=\s*([\d,]+)", text)
    live = re.search(r"# bytes in allocated blocks\s*=\s*([\d,]+)", text)
    arena_mib = int(arenas[1].replace(",", "")) * (1 if sys.version_info >= (3, 10) else 0.25) if arenas else 0.0
    return float(arena_mib), (int(live[1].replace(",", "")) / 2**20 if live else 0.0)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--n", type=int, default=10000)
    ap.add_argument("--entities", action="store_true", help="run NER too (loads the spaCy model)")
    ap.add_argument("--every", type=int, default=5, help="print every K batches")
    ap.add_argument("--batch-size", type=int, default=None, help="documents per batch (default: the settings' default)")
    ap.add_argument("--template-lines", type=int, default=None, help="override clean.templates.MAX_TOTAL_LINES (the bound of the site-template state)")
    ap.add_argument("--dev-dir", type=Path, default=corpus_mod.DEFAULT_DEV_DIR)
    a = ap.parse_args()

    import psutil
    import pyarrow as pa

    from cleanseeds import pipeline
    from cleanseeds.config import Settings

    if a.template_lines is not None:
        from cleanseeds.clean import templates as _templates

        _templates.MAX_TOTAL_LINES = a.template_lines
    cdir = BENCH / "_corpora" / f"corpus-{a.n}"
    if not cdir.exists():
        corpus_mod.build(a.n, cdir, a.dev_dir)
    out = Path(tempfile.mkdtemp(prefix="cleanseeds-memtrace-"))
    settings = Settings().replace(workers=1, entities=a.entities, batch_size=a.batch_size)
    proc = psutil.Process()
    pool = pa.default_memory_pool()
    from cleanseeds.clean.templates import MAX_TOTAL_LINES

    print(f"# memtrace n={a.n} entities={a.entities} batch_size={settings.batch_size} template lines <= {MAX_TOTAL_LINES}")
    print(f"{'batch':>9} {'RSS MiB':>8} {'peak':>6} {'obm arenas':>10} {'obm live':>9} {'arrow now/max':>14} {'memo':>6}")

    def on_batch(_out: object, done: int, total: int) -> None:
        if done % a.every and done != total:
            return
        arenas, live = obmalloc()
        memo = len(getattr(pipeline.rules_for(settings), "_memo", {}))
        print(f"{done:>4}/{total:<4} {proc.memory_info().rss / 2**20:>8.0f} {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:>6.0f} {arenas:>10.0f} {live:>9.0f} "
              f"{pool.bytes_allocated() / 2**20:>6.0f}/{pool.max_memory() / 2**20:<7.0f} {memo:>6}", flush=True)

    def maxrss() -> float:
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    from cleanseeds import load
    from cleanseeds.clean import templates

    def traced(cls: type, name: str) -> None:
        original = getattr(cls, name)

        def wrapper(self: object, *args: object, **kwargs: object) -> object:
            before, rss = maxrss(), proc.memory_info().rss / 2**20
            try:
                return original(self, *args, **kwargs)
            finally:
                print(f"# {cls.__name__}.{name}: RSS {rss:.0f} -> {proc.memory_info().rss / 2**20:.0f} MiB, "
                      f"peak {before:.0f} -> {maxrss():.0f} MiB", flush=True)

        setattr(cls, name, wrapper)

    traced(load.OutputStore, "finish")
    traced(load.OutputStore, "compact")
    traced(templates.SiteTemplates, "save")
    try:
        summary = pipeline.run([str(cdir)], str(out), settings, on_batch=on_batch)
    finally:
        shutil.rmtree(out, ignore_errors=True)
    print(f"# {summary.counts['accepted']} accepted; peak RSS (ru_maxrss) {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB")


if __name__ == "__main__":
    main()
