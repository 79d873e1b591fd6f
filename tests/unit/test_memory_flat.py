"""State that could grow with the corpus stays bounded (issue 7, flat memory).

* spaCy's shared vocabulary: each batch's new words are freed after the batch.
* The output store: Arrow rows are buffered only up to the row-group size, then streamed to
  the Parquet writer, so the runner's memory does not grow with the number of documents.
"""
from __future__ import annotations

import datetime as dt

import pyarrow.parquet as pq

from cleanseeds.config import Settings
from cleanseeds.enrich import enrich_batch
from cleanseeds.enrich.entities import load_model
from cleanseeds.records import Document, content_hash, make_doc_id


def _doc(n: int, text: str) -> Document:
    src = f"mem/{n}.txt"
    h = content_hash(text)
    d = Document(doc_id=make_doc_id(src, h), source=src, input_path=src, input_format="txt", content_hash=h, raw=text, raw_is_html=False)
    d.source_text = d.text = text
    d.mode = "text"
    return d


def _batch(k: int) -> list[Document]:
    return [
        _doc(i, f"Minister Quorvald{k}x{i} met Zentrika{k}y{i} officials in Brussels on Monday.\n"
                f"The Blantor{k}z{i} Corporation said the talks with Parliament went well.")
        for i in range(20)
    ]


def test_spacy_vocabulary_does_not_grow_across_batches() -> None:
    settings = Settings()
    nlp = load_model(settings.spacy_model)
    enrich_batch(_batch(0), settings, today=dt.date(2025, 1, 1))  # warm up
    before = len(nlp.vocab.strings)
    for k in range(1, 4):
        res = enrich_batch(_batch(k), settings, today=dt.date(2025, 1, 1))
        assert any(e.text.startswith("Quorvald") or e.text.startswith("Blantor") for d in res.docs for e in d.entities)
    assert len(nlp.vocab.strings) == before
    # the entities are plain records, still readable after the batch's spaCy docs are gone
    assert all(isinstance(e.text, str) and e.label for d in res.docs for e in d.entities)


def test_runner_buffers_at_most_a_row_group_and_compaction_streams(tmp_path) -> None:
    from cleanseeds.load import OutputStore
    from tests.unit.test_load import run_once, table
    from tests.unit.test_schemas import make_doc

    rg = 40_000  # bytes of Arrow data per row group, tiny so a few documents fill one
    started = dt.datetime(2024, 5, 6, 12, tzinfo=dt.UTC)
    from cleanseeds.validate import build_tables

    with OutputStore(tmp_path / "a", Settings(), "20240506T120000Z-000001", row_group_bytes=rg) as store:
        for b in range(30):
            store.write(build_tables([make_doc(b * 10 + i) for i in range(10)], [], store.run_id, started, "r1"))
            assert max(store._buf_bytes.values(), default=0) < rg  # flushed to the writer once full
        store.commit()
    files = list((tmp_path / "a" / "documents").glob("*/*.parquet"))
    md = pq.ParquetFile(files[0]).metadata
    assert md.num_rows == 300 and md.num_row_groups > 3

    # compaction of many small runs: rows kept, written in bounded row groups
    for n in range(12):
        run_once(tmp_path / "b", [make_doc(100 + n * 5 + i) for i in range(5)], n=n + 1, row_group_bytes=rg // 4)
    files = list((tmp_path / "b" / "documents").glob("*/*.parquet"))
    assert len(files) <= 2 and len(table(tmp_path / "b", "documents")) == 60
    biggest = max(pq.ParquetFile(f).metadata.num_row_groups for f in files)
    assert biggest > 1  # the merged file was written group by group, not as one table


def test_release_memory_returns_freed_heap_to_the_os() -> None:
    """Free most of a fragmented heap (every 64th block stays alive, so glibc cannot shrink
    the heap from its top by itself); ``release_memory`` hands the free pages back."""
    import psutil

    from cleanseeds.pipeline import release_memory

    proc = psutil.Process()
    release_memory()
    blocks = [bytes(2000) + i.to_bytes(4, "little") for i in range(100_000)]  # ~200 MB
    kept = blocks[::64]
    del blocks
    before = proc.memory_info().rss
    release_memory()
    after = proc.memory_info().rss
    assert len(kept) == 1563
    assert before - after > 100 * 2**20, (before >> 20, after >> 20)
