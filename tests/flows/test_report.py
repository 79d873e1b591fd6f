"""The Prefect-free parts of the flow layer: run-report text and tables. No Prefect run needed."""
from __future__ import annotations

import datetime as dt
from collections import Counter

from cleanseeds import pipeline
from cleanseeds_prefect import report


def _summary() -> pipeline.RunSummary:
    s = pipeline.RunSummary("20260101T000000Z-abcdef", "out|put", dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc), rules_version="r1")
    s.status = "completed"
    s.batches = 3
    s.counts = Counter(inputs=10, accepted=7, quarantined=2, skipped=1)
    s.removed_by_reason = Counter(navigation=30, advertisement=5, copyright=5)
    s.quarantined_by_reason = Counter(empty_after_cleaning=1, not_utf8=1)
    s.timings = Counter(read=0.5, extract=2.0, clean=1.0, enrich=4.0, validate=0.5)
    s.entity_counts = Counter({"PERSON\tJoe Biden": 4, "GPE\tUkraine": 9, "ORG\tNPR": 1})
    return s


def test_summary_markdown_has_counts_reasons_entities_and_timings() -> None:
    md = report.summary_markdown(_summary(), wall_seconds=9.25)
    assert "# cleanseeds run `20260101T000000Z-abcdef` — completed" in md
    assert "| in | 10 | |" in md and "| accepted | 7 | 70.0% |" in md and "| quarantined | 2 | 20.0% |" in md
    assert "## Lines removed: 40" in md and "| navigation | 30 | 75.0% |" in md
    # most frequent first, ties by name
    assert md.index("| advertisement | 5 |") < md.index("| copyright | 5 |") < md.index("## Quarantined")
    assert "| empty_after_cleaning | 1 | 10.0% |" in md
    assert md.index("| Ukraine | GPE | 9 |") < md.index("| Joe Biden | PERSON | 4 |")
    assert "| enrich | 4.000 | 50.0% |" in md and "| **total in core stages** | 8.000 | |" in md
    assert "| wall time of the flow | 9.250 | |" in md
    assert "`out\\|put`" in md  # a pipe in a value cannot break the table


def test_summary_markdown_of_an_empty_failed_run() -> None:
    s = pipeline.RunSummary("r", "o", dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc), status="failed", error="OutputError: no | way")
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
