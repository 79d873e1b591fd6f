"""CPU cost of HTML extraction per page, and what the page type and the ledger add to it.

    nice -n 10 .venv/bin/python bench/extract_cost.py [--dev DIR] [--repeat 2] [--before REV] [--write]

On the dev set's 181 HTML pages, one process, ``time.process_time`` (best of ``--repeat``):

* the code before issue 12 (``--before``, default :data:`BEFORE`: no page type, no per-type
  strategies, no ledger; its ``src/`` taken from git into a temporary directory), timed in a
  child process with that ``src`` on ``PYTHONPATH``, one round before each round here, so both
  see the same machine load (the derived figure "precision, ledger off, less the page type" of
  earlier versions of this script also fell when code shared by both paths got faster);

* ``main_text`` with each strategy (precision = the path before per-type extraction,
  balanced for every page, and ``auto``, the default: the strategy per page type with the
  recall fallback and the card pass on the kinds that take them), ledger on and off;
* the page-type classification alone (:func:`cleanseeds.extract.pagetype.page_type`) and the
  ledger alone (visible blocks + the dropped-block match), on the parsed tree;
* the Parquet size (zstd, as load.py writes) of ``removed_lines`` with and without the
  extraction rows, and of the documents' text for scale.
"""
from __future__ import annotations

import argparse
import io
import sys
import tempfile
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))

from quality import DEFAULT_DEV, _doc, read_jsonl_gz  # noqa: E402

RESULTS = BENCH / "results" / "extract_cost.txt"
#: the last commit before issue 12 (page type, extraction per page type, the HTML ledger)
BEFORE = "dfd283c"
_CHILD = """
import gzip, json, sys, time
from cleanseeds.config import Settings
from cleanseeds.extract.html import main_text
with gzip.open(sys.argv[1], "rt", encoding="utf-8") as fh:
    pages = [json.loads(x) for x in fh if x.strip()]
s = Settings()
best = float("inf")
for _ in range(2):  # the first pass also pays lazy loads (dateparser's on its first date)
    t0 = time.process_time()
    for p in pages:
        main_text(p["html"], p.get("url"), s)
    best = min(best, time.process_time() - t0)
print(best)
"""


def before_src(rev: str, into: Path) -> Path | None:
    """``src/`` of commit ``rev`` unpacked under ``into`` (None without git or the commit)."""
    import subprocess
    import tarfile

    try:
        tar = subprocess.run(["git", "-C", str(BENCH.parent), "archive", "--format=tar", rev, "src"], capture_output=True, check=True).stdout
    except (OSError, subprocess.CalledProcessError):
        return None
    with tarfile.open(fileobj=io.BytesIO(tar)) as tf:
        tf.extractall(into, filter="data")
    return into / "src"


def time_before(src: Path, pages_file: Path) -> float:
    """CPU seconds of the old ``main_text`` over the pages (the better of two passes), in a child process."""
    import os
    import subprocess

    env = {**os.environ, "PYTHONPATH": str(src)}
    out = subprocess.run([sys.executable, "-c", _CHILD, str(pages_file)], capture_output=True, text=True, env=env, check=True).stdout
    return float(out.split()[-1])


def cpu(fn, repeat: int) -> float:  # type: ignore[no-untyped-def]
    best = float("inf")
    for _ in range(repeat):
        t0 = time.process_time()
        fn()
        best = min(best, time.process_time() - t0)
    return best


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--dev", type=Path, default=DEFAULT_DEV)
    ap.add_argument("--repeat", type=int, default=2)
    ap.add_argument("--write", action="store_true")
    ap.add_argument("--before", default=BEFORE, help="the commit to compare with (default: the last one before issue 12)")
    a = ap.parse_args(argv)
    import pyarrow as pa
    import pyarrow.parquet as pq
    from trafilatura.utils import load_html

    from cleanseeds import clean, extract, validate
    from cleanseeds.clean import load_rules
    from cleanseeds.config import Settings
    from cleanseeds.extract.blocks import dropped_blocks, visible_blocks
    from cleanseeds.extract.html import main_text
    from cleanseeds.extract.pagetype import page_type

    pages = read_jsonl_gz(a.dev / "pages.jsonl.gz")
    n = len(pages)

    def ms(seconds: float) -> float:
        return 1000 * seconds / n

    lines = [f"HTML extraction CPU per page, {n} dev pages, one process, best of {a.repeat} (ms)"]
    main_text(pages[0]["html"], pages[0].get("url"), Settings())  # lazy imports, model load
    res: dict[str, float] = {}
    configs = [(strategy, ledger) for strategy in ("precision", "balanced", "auto") for ledger in (False, True)]
    with tempfile.TemporaryDirectory() as tmp:
        old_src = before_src(a.before, Path(tmp))
        t_before = float("inf")
        for _ in range(a.repeat):  # rounds: the old code, then every configuration once
            if old_src is not None:
                t_before = min(t_before, time_before(old_src, a.dev / "pages.jsonl.gz"))
            for strategy, ledger in configs:
                s = Settings(extract_strategy=strategy, html_ledger=ledger)
                key = f"{strategy} ledger={'on' if ledger else 'off'}"
                res[key] = min(res.get(key, float("inf")), cpu(lambda s=s: [main_text(p["html"], p.get("url"), s) for p in pages], 1))  # type: ignore[misc]
    trees = [load_html(p["html"]) for p in pages]
    t_type = cpu(lambda: [page_type(t, p.get("url")) for t, p in zip(trees, pages, strict=True)], a.repeat)
    texts = [(main_text(p["html"], p.get("url"), Settings(html_ledger=False)) or None) for p in pages]
    t_ledger = cpu(lambda: [dropped_blocks(visible_blocks(t), r.text if r else "", "balanced") for t, r in zip(trees, texts, strict=True)], a.repeat)
    for k, v in res.items():
        lines.append(f"  main_text {k:<24} {ms(v):7.1f}")
    derived = res["precision ledger=off"] - t_type
    base = t_before if old_src is not None else derived
    auto = res["auto ledger=on"]
    lines += [
        f"  page type alone                    {ms(t_type):7.1f}",
        f"  ledger alone (blocks + match)      {ms(t_ledger):7.1f}",
        f"  before issue 12 ({a.before}: precision, no page type, no ledger) {ms(t_before):.1f} ms" if old_src is not None
        else f"  before issue 12: {a.before} not found, the derived figure is used",
        f"  derived 'before' (precision, ledger off, less the page type) {ms(derived):.1f} ms",
        (f"  auto (the default: per page type, with its second passes) with the ledger: {auto / base:.2f} x before"
         f" (balanced for every page: {res['balanced ledger=on'] / base:.2f} x); the ledger is "
         f"{100 * t_ledger / res['auto ledger=off']:.0f}% of extraction CPU alone, auto on - off "
         f"{100 * (auto - res['auto ledger=off']) / res['auto ledger=off']:.0f}%; the page type {100 * t_type / res['auto ledger=off']:.0f}%"),
    ]
    # Parquet size of removed_lines with and without the extraction rows
    settings = Settings(entities=False, extract_isolation="inline")
    docs = [_doc(i, p["html"], True, p.get("url")) for i, p in enumerate(pages)]
    ext = extract.extract_batch(docs, settings)
    cleaned = clean.clean_batch(ext.docs, load_rules(settings), clean.SiteTemplates(), settings)

    def size(t: pa.Table) -> int:
        buf = io.BytesIO()
        pq.write_table(t, buf, compression="zstd")
        return buf.tell()

    with_rows = validate._removed_table(cleaned.docs, "bench")
    n_extract = sum(len(d.dropped) for d in cleaned.docs)
    for d in cleaned.docs:
        d.dropped = []
    without = validate._removed_table(cleaned.docs, "bench")
    texts_t = pa.table({"text": [d.text for d in cleaned.docs]})
    lines += [
        (f"Parquet (zstd) for {len(cleaned.docs)} documents: removed_lines {size(without) / 1024:.0f} KiB without the extraction rows, "
         f"{size(with_rows) / 1024:.0f} KiB with them ({n_extract} extraction rows, {n_extract / max(1, len(cleaned.docs)):.0f} per page); "
         f"documents' text alone {size(texts_t) / 1024:.0f} KiB"),
    ]
    out = "\n".join(lines)
    print(out)
    if a.write:
        RESULTS.write_text(out + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
