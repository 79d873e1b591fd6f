"""The Prefect-free parts of the flow layer: run-report text and tables, the batch cache key,
and re-stamping a cached batch. No Prefect run needed."""
from __future__ import annotations

import dataclasses
import datetime as dt
import os
from collections import Counter
from pathlib import Path

import pytest

from cleanseeds import pipeline
from cleanseeds.config import Settings
from cleanseeds.records import InputRef
from flows import batch_cache, report


def _summary() -> pipeline.RunSummary:
    s = pipeline.RunSummary("20260101T000000Z-abcdef", "out|put", dt.datetime(2026, 1, 1, tzinfo=dt.UTC), rules_version="r1")
    s.status = "completed"
    s.batches = 3
    s.counts = Counter(inputs=10, accepted=7, quarantined=2, skipped=1)
    s.removed_by_reason = Counter(navigation=30, advertisement=5, copyright=5)
    s.quarantined_by_reason = Counter(empty_after_cleaning=1, not_utf8=1)
    s.timings = Counter(read=0.5, extract=2.0, clean=1.0, enrich=4.0, validate=0.5)
    s.entity_counts = Counter({"PERSON\tJoe Biden": 4, "GPE\tUkraine": 9, "ORG\tNPR": 1})
    return s


def test_summary_markdown_has_counts_reasons_entities_and_timings() -> None:
    md = report.summary_markdown(_summary(), wall_seconds=9.25, cached_batches=2)
    assert "# cleanseeds run `20260101T000000Z-abcdef` — completed" in md
    assert "| in | 10 | |" in md and "| accepted | 7 | 70.0% |" in md and "| quarantined | 2 | 20.0% |" in md
    assert "(2 reused from the task cache)" in md
    assert "## Lines removed: 40" in md and "| navigation | 30 | 75.0% |" in md
    # most frequent first, ties by name
    assert md.index("| advertisement | 5 |") < md.index("| copyright | 5 |") < md.index("## Quarantined")
    assert "| empty_after_cleaning | 1 | 10.0% |" in md
    assert md.index("| Ukraine | GPE | 9 |") < md.index("| Joe Biden | PERSON | 4 |")
    assert "| enrich | 4.000 | 50.0% |" in md and "| **total in core stages** | 8.000 | |" in md
    assert "| wall time of the flow | 9.250 | |" in md
    assert "`out\\|put`" in md  # a pipe in a value cannot break the table


def test_summary_markdown_of_an_empty_failed_run() -> None:
    s = pipeline.RunSummary("r", "o", dt.datetime(2026, 1, 1, tzinfo=dt.UTC), status="failed", error="OutputError: no | way")
    md = report.summary_markdown(s)
    assert "— failed" in md and "**Error:** `OutputError: no \\| way`" in md
    assert "No lines removed." in md and "No documents quarantined." in md and "No entities" in md
    assert "wall time" not in md


def test_tables_and_progress() -> None:
    s = _summary()
    assert report.quarantine_table(s) == [
        {"reason": "empty_after_cleaning", "documents": 1, "share_of_inputs": "10.0%"},
        {"reason": "not_utf8", "documents": 1, "share_of_inputs": "10.0%"},
    ]
    assert [r["reason"] for r in report.removed_lines_table(s)] == ["navigation", "advertisement", "copyright"]
    assert report.top_entities(s.entity_counts, 2) == [{"entity": "Ukraine", "label": "GPE", "mentions": 9}, {"entity": "Joe Biden", "label": "PERSON", "mentions": 4}]
    assert [report.progress_percent(d, 4) for d in (0, 1, 4, 5)] == [0.0, 25.0, 100.0, 100.0]
    assert report.progress_percent(0, 0) == 100.0
    assert report.artifact_key("Clean Documents", "Run_1") == "clean-documents-run-1"


# --- cache key ----------------------------------------------------------------------------------


@pytest.fixture()
def files(tmp_path: Path) -> list[InputRef]:
    refs = []
    for name in ("a.txt", "b.txt"):
        p = tmp_path / name
        p.write_text(f"document {name}\n", encoding="utf-8")
        refs.append(InputRef(str(p), "txt", None, p.stat().st_size))
    return refs


def _ctx(**settings: object) -> pipeline.RunContext:
    return pipeline.RunContext.new(Settings(**settings))  # type: ignore[arg-type]


def test_cache_key_is_stable_across_runs_and_scheduling_settings(files: list[InputRef]) -> None:
    k = batch_cache.batch_cache_key(files, _ctx())
    assert k == batch_cache.batch_cache_key(files, _ctx())  # a new run id does not matter
    assert k == batch_cache.batch_cache_key(files, _ctx(workers=7, batch_size=3, reprocess=True))
    assert k.startswith("cleanseeds-batch-") and len(k) == len("cleanseeds-batch-") + 40


def test_cache_key_changes_with_content_rules_settings_and_skips(files: list[InputRef]) -> None:
    ctx = _ctx()
    k = batch_cache.batch_cache_key(files, ctx)
    assert batch_cache.batch_cache_key(files[:1], ctx) != k
    assert batch_cache.batch_cache_key(files, _ctx(entities=False)) != k
    assert batch_cache.batch_cache_key(files, dataclasses.replace(ctx, rules_version="other")) != k
    assert batch_cache.batch_cache_key(files, ctx, skip_ids={"x"}) != k
    p = Path(files[0].path)
    st = p.stat()
    os.utime(p, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000_000))  # touched: same size, new mtime
    assert batch_cache.batch_cache_key(files, ctx) != k
    k2 = batch_cache.batch_cache_key(files, ctx)
    p.write_text("document a.txt, edited\n", encoding="utf-8")
    assert batch_cache.batch_cache_key(files, ctx) != k2


def test_cache_key_of_unstattable_inputs_uses_path_and_size() -> None:
    refs = [InputRef("s3://bucket/a.jsonl", "jsonl", None, 10)]
    ctx = _ctx()
    assert batch_cache.batch_cache_key(refs, ctx) == batch_cache.batch_cache_key(refs, ctx)
    assert batch_cache.batch_cache_key(refs, ctx) != batch_cache.batch_cache_key([InputRef("s3://bucket/a.jsonl", "jsonl", None, 11)], ctx)


def test_restamp_gives_a_cached_batch_the_current_run(files: list[InputRef]) -> None:
    old = _ctx(entities=False)
    out = pipeline.process_batch(1, files, old)
    assert out.tables.documents.num_rows == 2
    texts, schema = out.tables.documents.column("text").to_pylist(), out.tables.documents.schema
    new = dataclasses.replace(old, run_id="20300101T000000Z-000000", ingested_at=dt.datetime(2030, 1, 1, tzinfo=dt.UTC))
    stamped = batch_cache.restamp(out, new)
    for name in ("documents", "removed_lines", "quarantine"):
        t = getattr(stamped.tables, name)
        assert set(t.column("run_id").to_pylist()) <= {new.run_id}
        if "ingested_at" in t.schema.names:
            assert set(t.column("ingested_at").to_pylist()) <= {new.ingested_at}
    docs = stamped.tables.documents
    assert docs.column("text").to_pylist() == texts and docs.schema == schema
    tables = stamped.tables
    assert batch_cache.restamp(stamped, new).tables is tables  # already this run's: untouched
