"""CPU and memory of the duplicate stage at N documents, measured on its own.

    .venv/bin/python bench/dedup_cost.py [--n 10000] [--distinct] [--write]   (--write appends)

The documents are what the N=10,000 benchmark corpus (bench/corpus.py) holds after
cleaning: the 181 dev articles (``truth_text`` of ../shared/eval/dev/pages.jsonl.gz, the
size of a cleaned article), replicated in rounds, every copy with its own added sentence —
so the index sees ~55 near-duplicates of each article, as in that corpus. Measured with
``time.process_time`` (CPU, not wall: the machine is shared) and RSS (psutil):

* worker side: :func:`cleanseeds.dedup.sign_batch` per document;
* coordinator side: :meth:`DuplicateIndex.assign` per batch of 100, and writing the index;
* the index's memory: RSS growth while it is built (Python objects; the bound is
  ``dedup_index_max_docs``), and the size of ``duplicates.parquet``.

The stage's share of pipeline CPU is against the whole run's CPU per document of
``cs_noent_w1`` at N=10,000 (entities off, one worker) in bench/results/perf-n10000-b100.txt
(115.8 CPU-s for 10,000 documents), measured on this machine before the stage existed.
"""
from __future__ import annotations

import argparse
import gc
import gzip
import json
import sys
import tempfile
import time
from pathlib import Path

import psutil

REPO = Path(__file__).resolve().parents[1]
DEV = REPO.parent / "shared" / "eval" / "dev" / "pages.jsonl.gz"
RESULTS = REPO / "bench" / "results" / "dedup_cost.txt"
PIPELINE_CPU_S_PER_10K = 115.8  # cs_noent_w1, bench/results/perf-n10000-b100.txt


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=10_000)
    ap.add_argument("--distinct", action="store_true", help="every document a different text (random words of the articles): the index's worst case")
    ap.add_argument("--write", action="store_true")
    a = ap.parse_args(argv)
    from cleanseeds import dedup
    from cleanseeds.records import Document

    with gzip.open(DEV, "rt", encoding="utf-8") as fh:
        texts = [json.loads(line)["truth_text"] for line in fh]
    docs = []
    vocab = sorted({w for t in texts for w in t.split()})
    rnd = __import__("random").Random(7)
    for k in range(a.n if a.distinct else 0):
        docs.append(Document(doc_id=f"{k:032x}", source=f"d{k}", input_path=f"d{k}", input_format="txt", content_hash=f"{k:032x}",
                             text=" ".join(rnd.choices(vocab, k=600))))
    for k in range(0 if a.distinct else a.n):
        r, i = divmod(k, len(texts))
        extra = f"\nRound {r} of copy {i}: the {['harbour', 'ledger', 'meadow', 'signal', 'copper'][r % 5]} edition." if r else ""
        docs.append(Document(doc_id=f"{k:032x}", source=f"d{k}", input_path=f"d{k}", input_format="txt", content_hash=f"{k:032x}", text=texts[i] + extra))
    proc = psutil.Process()
    t0 = time.process_time()
    sigs = [s for b in range(0, len(docs), 100) for s in dedup.sign_batch(docs[b:b + 100])]
    t_sign = time.process_time() - t0
    del docs
    gc.collect()
    import pyarrow as pa

    rows = [pa.table({"doc_id": pa.array([s.doc_id for s in sigs[b:b + 100]], pa.string()),
                      "dup_of": pa.nulls(len(sigs[b:b + 100]), pa.string()),
                      "near_dup_cluster": pa.nulls(len(sigs[b:b + 100]), pa.string()),
                      "near_dup_similarity": pa.nulls(len(sigs[b:b + 100]), pa.float64())}) for b in range(0, len(sigs), 100)]
    rss0 = proc.memory_info().rss
    index = dedup.DuplicateIndex()
    t0 = time.process_time()
    out = [index.assign(t, sigs[b * 100:(b + 1) * 100]) for b, t in enumerate(rows)]
    t_assign = time.process_time() - t0
    del sigs, rows
    gc.collect()
    rss_index = proc.memory_info().rss - rss0
    with tempfile.TemporaryDirectory() as tmp:
        t0 = time.process_time()
        index.write(Path(tmp) / dedup.STATE_FILE)
        t_write = time.process_time() - t0
        size = (Path(tmp) / dedup.STATE_FILE).stat().st_size
    clusters = len({c for t in out for c in t.column("near_dup_cluster").to_pylist()})
    total = t_sign + t_assign + t_write
    pipeline = PIPELINE_CPU_S_PER_10K * a.n / 10_000
    lines = [
        f"duplicate stage cost at N={a.n:,} ({'distinct random texts of 600 words' if a.distinct else f'181 dev articles x ~{a.n // 181} near-copies'}; {clusters} clusters found, {len(index.rep_sigs)} cluster-first signatures kept)",
        f"  worker   sign_batch        {t_sign:7.2f} CPU-s  ({1e3 * t_sign / a.n:.3f} ms/doc)",
        f"  coord.   assign            {t_assign:7.2f} CPU-s  ({1e3 * t_assign / a.n:.3f} ms/doc)",
        f"  coord.   write index       {t_write:7.2f} CPU-s  (duplicates.parquet {size / 2**20:.1f} MiB)",
        (f"  total                      {total:7.2f} CPU-s = {100 * total / (pipeline + total):.1f}% of the pipeline's CPU "
         f"(entities off, {pipeline:.1f} CPU-s without the stage) [target <= 5%]"),
        f"  index in memory: RSS +{rss_index / 2**20:.1f} MiB for {len(index.entries):,} documents (bound: dedup_index_max_docs)",
    ]
    text = "\n".join(lines)
    print(text)
    if a.write:
        with RESULTS.open("a", encoding="utf-8") as fh:
            fh.write(text + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
