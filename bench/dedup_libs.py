"""datasketch vs rensa for the duplicate stage: speed and agreement of MinHash estimates.

    .venv/bin/python bench/dedup_libs.py [--n 1000]

Documents: the WCXB text twin's pages (lines joined) from ../shared, plus for every page an
edited copy (about 10% of its sentences replaced), so the pairs span the Jaccard range
around the threshold. Shingles: word 5-grams of the normalised text (as the stage uses).
Prints, per library: signature time per document (128 permutations), the mean absolute
error of the estimated Jaccard against the exact one over the pairs, and how often the two
libraries agree on "similarity >= 0.8". Both estimators are unbiased; what differs is speed
and what they pull in (datasketch needs scipy; rensa is a self-contained Rust wheel).
"""
from __future__ import annotations

import argparse
import gzip
import json
import random
import re
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
WCXB = REPO.parent / "shared" / "eval" / "wcxb-dev" / "dirty_text.jsonl.gz"
_W = re.compile(r"\w+")


def shingles(text: str, k: int = 5) -> set[str]:
    w = _W.findall(text.casefold())
    if len(w) < k:
        return {" ".join(w)} if w else set()
    return {" ".join(w[i:i + k]) for i in range(len(w) - k + 1)}


def edited(text: str, rate: float, rng: random.Random) -> str:
    out = []
    for line in text.split("\n"):
        if rng.random() < rate:
            line = " ".join(rng.sample(line.split(), len(line.split()))) + " edited"
        out.append(line)
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=1000)
    a = ap.parse_args(argv)
    import datasketch
    import numpy as np
    import rensa

    rng = random.Random(13)
    with gzip.open(WCXB, "rt", encoding="utf-8") as fh:
        pages = ["\n".join(json.loads(line)["lines"]) for line, _ in zip(fh, range(a.n), strict=False)]
    docs = []
    for p in pages:
        docs += [p, edited(p, rng.choice([0.02, 0.05, 0.1, 0.2, 0.3]), rng)]
    sets = [shingles(d) for d in docs]
    pairs = [(i, i + 1) for i in range(0, len(docs), 2)]
    exact = [len(sets[i] & sets[j]) / max(1, len(sets[i] | sets[j])) for i, j in pairs]

    t0 = time.perf_counter()
    ds = []
    for s in sets:
        m = datasketch.MinHash(num_perm=128, seed=1)
        m.update_batch([x.encode("utf-8") for x in s])
        ds.append(m)
    t_ds = time.perf_counter() - t0
    t0 = time.perf_counter()
    rs = []
    for s in sets:
        m = rensa.RMinHash(128, 1)
        m.update(list(s))
        rs.append(m)
    t_rs = time.perf_counter() - t0
    t0 = time.perf_counter()
    _ = rensa.RMinHash.digests_from_token_sets([list(s) for s in sets], 128, 1)
    t_rsb = time.perf_counter() - t0

    est_ds = [ds[i].jaccard(ds[j]) for i, j in pairs]
    est_rs = [rs[i].jaccard(rs[j]) for i, j in pairs]
    def err(est: list[float]) -> float:
        return float(np.mean([abs(e - x) for e, x in zip(est, exact, strict=True)]))

    def truth_agree(est: list[float]) -> float:
        return sum((e >= 0.8) == (x >= 0.8) for e, x in zip(est, exact, strict=True)) / len(pairs)

    agree = sum((x >= 0.8) == (y >= 0.8) for x, y in zip(est_ds, est_rs, strict=True)) / len(pairs)
    print(f"{len(docs)} documents ({len(pairs)} pairs, exact Jaccard {min(exact):.2f}..{max(exact):.2f}), 128 permutations, word 5-gram shingles")
    print(f"  datasketch {datasketch.__version__ if hasattr(datasketch, '__version__') else ''}: {1e3 * t_ds / len(docs):.3f} ms/doc, mean |est - exact| {err(est_ds):.4f}, same >=0.8 call as exact {truth_agree(est_ds):.3f}")
    print(f"  rensa RMinHash: {1e3 * t_rs / len(docs):.3f} ms/doc ({1e3 * t_rsb / len(docs):.3f} batched), mean |est - exact| {err(est_rs):.4f}, same >=0.8 call as exact {truth_agree(est_rs):.3f}")
    print(f"  datasketch and rensa make the same >=0.8 call on {agree:.3f} of the pairs")
    return 0


if __name__ == "__main__":
    sys.exit(main())
