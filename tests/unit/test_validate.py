"""build_tables: the batch's tables, failing rows to quarantine, the rest loads."""
from __future__ import annotations

import datetime as dt

from cleanseeds import schemas
from cleanseeds.records import Entity, Rejected
from cleanseeds.validate import build_tables
from tests.unit.test_schemas import INGESTED, make_doc


def test_good_batch_loads_everything_with_derived_columns() -> None:
    docs = [make_doc(i, raw="<html>...</html>") for i in range(3)]
    t = build_tables(docs, [], "run-1", INGESTED, "rules-7")
    assert t.documents.num_rows == 3 and t.quarantine.num_rows == 0
    assert t.documents.schema.equals(schemas.DOCUMENTS) and t.removed_lines.schema.equals(schemas.REMOVED_LINES)
    row = t.documents.to_pylist()[0]
    assert row["rules_version"] == "rules-7" and row["run_id"] == "run-1"
    assert row["entity_counts"] == [{"label": "GPE", "count": 1}]
    assert row["entities"][0] == {"text": "Paris", "label": "GPE", "start": 0, "end": 5, "canonical": None}
    assert row["ingested_at"] == INGESTED
    assert t.removed_lines.num_rows == 3 and t.removed_lines.column("source").to_pylist()[0] == "corpus/doc0.txt"
    assert all(d.raw is None for d in docs), "the raw input must be released, not stored"


def test_failing_document_goes_to_quarantine_with_its_check_and_the_rest_loads() -> None:
    good = make_doc(0)
    bad = make_doc(1, entities=[Entity("Paris", "GPE", 0, 500)], published=dt.date(1700, 1, 1))
    t = build_tables([good, bad], [], "run-1", INGESTED, "r")
    assert t.documents.column("doc_id").to_pylist() == [good.doc_id]
    q = t.quarantine.to_pylist()
    assert len(q) == 1
    assert q[0]["doc_id"] == bad.doc_id and q[0]["reason"] == "schema_violation" and q[0]["stage"] == "validate"
    assert "entity_offsets_inside_text" in q[0]["detail"] and "published_not_before_1800" in q[0]["detail"]
    # its removed lines go with it
    assert set(t.removed_lines.column("doc_id").to_pylist()) == {good.doc_id}


def test_bad_removed_line_quarantines_its_document() -> None:
    d = make_doc(0)
    d.removed[0].reason = "spam"
    t = build_tables([d, make_doc(1)], [], "run-1", INGESTED, "r")
    assert t.documents.num_rows == 1
    (q,) = t.quarantine.to_pylist()
    assert q["doc_id"] == d.doc_id and "removed_lines.reason" in q["detail"]
    assert d.doc_id not in t.removed_lines.column("doc_id").to_pylist()


def test_duplicate_doc_id_in_a_batch_is_quarantined_once() -> None:
    a, b = make_doc(0), make_doc(0)
    t = build_tables([a, b], [], "run-1", INGESTED, "r")
    assert t.documents.num_rows == 1
    assert t.quarantine.column("reason").to_pylist() == ["duplicate_in_run"]


def test_lone_surrogate_is_quarantined_not_a_crash() -> None:
    d = make_doc(1, title="bad \udcff title")
    t = build_tables([make_doc(0), d], [], "run-1", INGESTED, "r")
    assert t.documents.num_rows == 1
    (q,) = t.quarantine.to_pylist()
    assert q["reason"] == "schema_violation" and "documents.title" in q["detail"]


def test_invalid_rejection_is_kept_as_internal_error() -> None:
    rej = [Rejected("a.txt", "read", "empty_file", "", None, "a.txt"), Rejected("b.txt", "read", "made_up_reason", "boom", None, "b.txt")]
    t = build_tables([], rej, "run-1", INGESTED, "r")
    rows = t.quarantine.to_pylist()
    assert [r["reason"] for r in rows] == ["empty_file", "internal_error"]
    assert "made_up_reason" in rows[1]["detail"] and "quarantine.reason" in rows[1]["detail"]


def test_counts_balance_for_a_mixed_batch() -> None:
    docs = [make_doc(i) for i in range(5)] + [make_doc(0)] + [make_doc(9, text="   ", entities=[], dates=[])]
    rej = [Rejected("x.jsonl#2", "read", "malformed_json", "bad", None, "x.jsonl")]
    t = build_tables(docs, rej, "run-1", INGESTED, "r")
    assert t.documents.num_rows + t.quarantine.num_rows == len(docs) + len(rej)
