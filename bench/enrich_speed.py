"""Speed of the enrich stage alone (``cleanseeds.enrich.enrich_batch``) on real article text.

    .venv/bin/python bench/enrich_speed.py                 # dev set truth texts, batches of 200
    .venv/bin/python bench/enrich_speed.py --repeat 3 --no-entities

Input: the ``truth_text`` of every page of ``../shared/eval/dev/pages.jsonl.gz`` (181 news
and blog articles), paragraphs joined by single newlines as the clean stage writes them, with
the page URL set (so URL dates count). The spaCy model is loaded before timing starts (load
time is printed separately): the figure is the steady state of one worker process.
Prints docs/s and words/s for the whole stage and for its two halves (metadata: language,
dateline, publication date, date mentions; NER: spaCy + the document passes).
"""
from __future__ import annotations

import argparse
import datetime as dt
import gzip
import json
import re
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

from cleanseeds.config import Settings  # noqa: E402
from cleanseeds.enrich import enrich_batch  # noqa: E402
from cleanseeds.enrich.core import enrich_document_metadata  # noqa: E402
from cleanseeds.enrich.entities import load_gazetteer, load_model  # noqa: E402
from cleanseeds.records import Document  # noqa: E402


def load_docs(dev_dir: Path) -> list[Document]:
    docs = []
    with gzip.open(dev_dir / "pages.jsonl.gz", "rt", encoding="utf-8") as fh:
        for n, line in enumerate(fh):
            rec = json.loads(line)
            text = "\n".join(p.strip() for p in re.split(r"\n\s*\n", rec["truth_text"]) if p.strip())
            d = Document(doc_id=f"{n:032x}", source=f"dev#{n}", input_path="dev", input_format="txt", content_hash=f"{n:032x}")
            d.text = d.source_text = text
            d.url = rec.get("url")
            docs.append(d)
    return docs


def fresh(docs: list[Document]) -> list[Document]:
    out = []
    for d in docs:
        c = Document(doc_id=d.doc_id, source=d.source, input_path=d.input_path, input_format=d.input_format, content_hash=d.content_hash)
        c.text, c.source_text, c.url = d.text, d.source_text, d.url
        out.append(c)
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--dev-dir", type=Path, default=REPO.parent / "shared" / "eval" / "dev")
    ap.add_argument("--batch-size", type=int, default=200)
    ap.add_argument("--repeat", type=int, default=3, help="passes over the corpus (best is reported)")
    ap.add_argument("--no-entities", action="store_true", help="time the stage with NER disabled")
    args = ap.parse_args()

    settings = Settings(entities=not args.no_entities)
    base = load_docs(args.dev_dir)
    words = sum(len(d.text.split()) for d in base)
    chars = sum(len(d.text) for d in base)
    print(f"corpus: {len(base)} documents, {words} words, {chars} characters (dev truth texts)")

    t0 = time.perf_counter()
    if settings.entities:
        load_model(settings.spacy_model)
    load_gazetteer()
    enrich_batch(fresh(base[:2]), settings)  # warm up: language model, regexes
    print(f"model load + warm-up: {time.perf_counter() - t0:.2f} s (once per process, not in the figures below)")

    today = dt.datetime.now(dt.UTC).date()
    best = meta_best = float("inf")
    for _ in range(args.repeat):
        docs = fresh(base)
        t1 = time.perf_counter()
        for i in range(0, len(docs), args.batch_size):
            res = enrich_batch(docs[i:i + args.batch_size], settings)
            assert not res.rejected, res.rejected[:3]
        best = min(best, time.perf_counter() - t1)
        docs = fresh(base)
        t2 = time.perf_counter()
        for d in docs:
            enrich_document_metadata(d, today)
        meta_best = min(meta_best, time.perf_counter() - t2)

    n = len(base)
    print(f"enrich_batch ({'with' if settings.entities else 'without'} entities, batch {args.batch_size}, best of {args.repeat}):")
    print(f"  {best:.2f} s  {n / best:.1f} docs/s  {words / best:,.0f} words/s")
    print(f"  metadata part (language, dateline, pubdate, dates): {meta_best:.2f} s  {n / meta_best:.1f} docs/s")
    if settings.entities:
        ner = max(best - meta_best, 1e-9)
        print(f"  NER part (spaCy ner + gazetteer/title/harmonise/link): {ner:.2f} s  {n / ner:.1f} docs/s")
    final = fresh(base)
    enrich_batch(final, settings)
    print(f"  per document: {sum(len(d.entities) for d in final) / n:.1f} entities, {sum(len(d.dates) for d in final) / n:.1f} date mentions, "
          f"{sum(d.published is not None for d in final)}/{n} with a publication date, {sum(d.language == 'en' for d in final)}/{n} English")


if __name__ == "__main__":
    main()
