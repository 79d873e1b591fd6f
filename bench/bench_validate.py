"""How much does the validate stage cost per batch, and why the polars backend?

    .venv/bin/python bench/bench_validate.py [--docs 200] [--repeat 5]

Builds a batch of realistic documents from the dev set (``../shared/eval/dev``: the plain-text
pages, with regex "entities" at valid offsets, dates and removed lines), then times:

* ``build_tables`` (Arrow columns + pandera polars validation of every table), per batch and
  per document;
* for comparison, the pandas route: ``Table.to_pandas()`` of the documents table alone, and a
  pandas pandera schema with only the flat column checks (the nested offset checks would need
  Python over object columns on top).
Prints numbers; nothing is asserted.
"""
from __future__ import annotations

import argparse
import datetime as dt
import gzip
import json
import re
import statistics
import time
from pathlib import Path

from cleanseeds import schemas
from cleanseeds.records import DateMention, Document, Entity, RemovedLine, content_hash, make_doc_id
from cleanseeds.validate import build_tables

DEV = Path(__file__).resolve().parents[2] / "shared" / "eval" / "dev" / "dirty_text.jsonl.gz"
NAME = re.compile(r"\b[A-Z][a-z]+(?: [A-Z][a-z]+)*\b")
YEAR = re.compile(r"\b(19|20)\d\d\b")


def corpus(n: int) -> list[Document]:
    rows = [json.loads(line) for line in gzip.open(DEV, "rt", encoding="utf-8")]
    docs = []
    for i in range(n):
        r = rows[i % len(rows)]
        kept = [ln for ln, lab in zip(r["lines"], r["labels"], strict=True) if lab]
        junk = [(k, ln) for k, (ln, lab) in enumerate(zip(r["lines"], r["labels"], strict=True), 1) if not lab]
        text = "\n".join(kept) or "empty"
        source = f"dev/{r['id']}-{i}.txt"
        ch = content_hash(text + str(i))
        ents = [Entity(m.group(), "ORG", m.start(), m.end()) for m in NAME.finditer(text)][:80]
        dates = [DateMention(m.group(), m.group(), "year", m.start(), m.end()) for m in YEAR.finditer(text)][:20]
        removed = [RemovedLine(k, 0, len(ln), ln, "navigation", "nav.menu") for k, ln in junk]
        docs.append(Document(make_doc_id(source, ch), source, source, "txt", ch, text=text, entities=ents, dates=dates,
                             removed=removed, entities_status="ok", language="en", mode="text"))
    return docs


def pandas_route(table) -> float:  # type: ignore[no-untyped-def]
    import pandera.pandas as pda

    flat = pda.DataFrameSchema({
        "doc_id": pda.Column(str, pda.Check.str_matches(schemas.HEX32), unique=True),
        "source": pda.Column(str, unique=True),
        "input_format": pda.Column(str, pda.Check.isin(sorted(schemas.INPUT_FORMATS))),
        "language": pda.Column(str, pda.Check.isin(sorted(schemas.ISO_639_1)), nullable=True),
        "text": pda.Column(str, pda.Check(lambda s: s.str.strip().str.len() > 0)),
    })
    t0 = time.perf_counter()
    df = table.to_pandas()
    flat.validate(df, lazy=True)
    return time.perf_counter() - t0


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--docs", type=int, default=200)
    ap.add_argument("--repeat", type=int, default=5)
    a = ap.parse_args()
    now = dt.datetime.now(dt.UTC)
    build_tables(corpus(5), [], "warm", now, "r")  # imports, first-call costs
    polars_s, pandas_s = [], []
    for _ in range(a.repeat):
        docs = corpus(a.docs)
        t0 = time.perf_counter()
        t = build_tables(docs, [], "bench", now, "r")
        polars_s.append(time.perf_counter() - t0)
        pandas_s.append(pandas_route(t.documents))
    ents = t.documents.column("entities").combine_chunks().value_lengths().to_pylist()
    print(f"batch of {a.docs} docs: {t.documents.num_rows} accepted, {t.removed_lines.num_rows} removed lines, "
          f"{sum(ents)} entities, {t.documents.nbytes / 1e6:.1f} MB documents table")
    m = statistics.median(polars_s)
    print(f"build_tables (Arrow + pandera/polars, all tables, all checks): median {m * 1000:.0f} ms per batch, {m / a.docs * 1000:.2f} ms per doc")
    p = statistics.median(pandas_s)
    print(f"pandas route, documents table only, 5 flat checks: median {p * 1000:.0f} ms per batch, {p / a.docs * 1000:.2f} ms per doc")
    print("reference: trafilatura ~22 ms/page, spaCy NER ~130 ms per 900-word article (issue 7 figures)")


if __name__ == "__main__":
    main()
