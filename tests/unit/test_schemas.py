"""Each contract check rejects a row that breaks it, and nothing else about the model drifts.

Every check of every model is listed in ``BREAKERS`` (a test fails if a check is added to a
model without a case here). Each case takes a valid table, breaks one thing, and asserts that
``validate.failures`` flags exactly the broken row with that check's name.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import polars as pl
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from cleanseeds import schemas
from cleanseeds.records import DateMention, Document, Entity, Rejected, RemovedLine, content_hash, make_doc_id
from cleanseeds.validate import _documents_table, _quarantine_table, _removed_table, failures

INGESTED = dt.datetime(2024, 5, 6, 12, 0, tzinfo=dt.UTC)
TEXT = "Paris is lovely in spring.\nOn 3 March 2021 the mayor spoke."
SOURCE_TEXT = "Paris is lovely in spring.\n300x250 Ad\nOn 3 March 2021 the mayor spoke."


def make_doc(n: int = 0, **changes: Any) -> Document:
    source = f"corpus/doc{n}.txt"
    chash = content_hash(f"raw {n}")
    d = Document(
        doc_id=make_doc_id(source, chash), source=source, input_path=source, input_format="txt", content_hash=chash,
        text=TEXT, source_text=SOURCE_TEXT, title="A title", url="https://example.com/a", published=dt.date(2021, 3, 4),
        published_granularity="day", published_source="html:meta", language="en", language_score=0.99,
        entities=[Entity("Paris", "GPE", 0, 5)], entities_status="ok",
        dates=[DateMention("3 March 2021", "2021-03-03", "day", 30, 42)],
        removed=[RemovedLine(2, 27, 37, "300x250 Ad", "advertisement", "ad.slot")],
        encoding="utf-8", mode="text",
    )
    for k, v in changes.items():
        setattr(d, k, v)
    return d


def docs_frame(*docs: Document) -> pl.DataFrame:
    return pl.from_arrow(_documents_table(list(docs) or [make_doc(0), make_doc(1)], "run-1", INGESTED, "rules-1"))


def removed_frame() -> pl.DataFrame:
    return pl.from_arrow(_removed_table([make_doc(0), make_doc(1)], "run-1"))


def quarantine_frame() -> pl.DataFrame:
    rej = [Rejected("a.txt", "read", "empty_file", "", None, "a.txt", None), Rejected("b.txt", "extract", "no_text_extracted", "", "0" * 32, "b.txt", "1" * 32)]
    return pl.from_arrow(_quarantine_table(rej, "run-1", INGESTED))


def runs_frame() -> pl.DataFrame:
    row = {
        "run_id": "run-1", "output": "out", "status": "completed", "started_at": INGESTED, "finished_at": INGESTED,
        "batches": 1, "inputs": 3, "accepted": 2, "quarantined": 1, "skipped": 0, "lines_removed": 2,
        "removed_by_reason": [{"key": "advertisement", "count": 2}], "removed_by_rule": [{"key": "ad.slot", "count": 2}],
        "quarantined_by_reason": [{"key": "empty_file", "count": 1}], "stage_seconds": [{"key": "read", "seconds": 0.1}],
        "documents_replaced": 0, "duplicates_dropped": 0, "rules_version": "r", "schema_version": schemas.SCHEMA_VERSION, "error": None, "settings": "{}",
    }
    row2 = {**row, "run_id": "run-2"}
    return pl.from_arrow(pa.Table.from_pylist([row, row2], schema=schemas.RUNS))


def set_row1(col: str, value: Any) -> Callable[[pl.DataFrame], pl.DataFrame]:
    """Break row 1 only: set ``col`` to ``value`` there."""
    def f(df: pl.DataFrame) -> pl.DataFrame:
        dtype = df.schema[col]
        return df.with_columns(pl.when(pl.int_range(pl.len()) == 1).then(pl.lit(value, dtype=dtype)).otherwise(pl.col(col)).alias(col))
    return f


def with_doc(**changes: Any) -> Callable[[pl.DataFrame], pl.DataFrame]:
    """Row 1 is a document built with ``changes`` (so nested columns can be broken)."""
    return lambda _df: docs_frame(make_doc(0), make_doc(1, **changes))


# check id -> (model, valid frame factory, breaker)
D, R, Q, U = schemas.DocumentsModel, schemas.RemovedLinesModel, schemas.QuarantineModel, schemas.RunsModel
BREAKERS: dict[str, tuple[Any, Callable[[], pl.DataFrame], Callable[[pl.DataFrame], pl.DataFrame]]] = {
    # documents: columns
    "documents.doc_id:str_matches": (D, docs_frame, set_row1("doc_id", "NOT-A-HASH")),
    "documents.doc_id:unique": (D, docs_frame, lambda df: df.with_columns(pl.col("doc_id").first())),
    "documents.source:unique": (D, docs_frame, lambda df: df.with_columns(pl.col("source").first())),
    "documents.source:str_length": (D, docs_frame, set_row1("source", "")),
    "documents.input_path:str_length": (D, docs_frame, set_row1("input_path", "")),
    "documents.input_format:isin": (D, docs_frame, set_row1("input_format", "pdf")),
    "documents.published_granularity:isin": (D, docs_frame, set_row1("published_granularity", "week")),
    "documents.language:isin": (D, docs_frame, set_row1("language", "english")),
    "documents.entities_status:str_matches": (D, docs_frame, set_row1("entities_status", "pending")),
    "documents.mode:isin": (D, docs_frame, set_row1("mode", "raw")),
    "documents.page_type:isin": (D, docs_frame, set_row1("page_type", "blog")),
    "documents.extraction:str_matches": (D, docs_frame, set_row1("extraction", "balanced+intro+headings")),  # (passes out of order)
    "documents.content_hash:str_matches": (D, docs_frame, set_row1("content_hash", "xyz")),
    "documents.rules_version:str_length": (D, docs_frame, set_row1("rules_version", "")),
    "documents.run_id:str_length": (D, docs_frame, set_row1("run_id", "")),
    "documents.dup_of:str_matches": (D, docs_frame, set_row1("dup_of", "first-copy")),
    "documents.near_dup_cluster:str_matches": (D, docs_frame, set_row1("near_dup_cluster", "cluster-1")),
    "documents.near_dup_similarity:greater_than_or_equal_to": (D, docs_frame, set_row1("near_dup_similarity", -0.1)),
    "documents.near_dup_similarity:less_than_or_equal_to": (D, docs_frame, set_row1("near_dup_similarity", 1.5)),
    # documents: row checks
    "documents:text_not_blank": (D, docs_frame, with_doc(text=" \n\t ", entities=[], dates=[])),
    "documents:kept_line_nos_match_text": (D, docs_frame, set_row1("kept_line_nos", [3, 1])),
    "documents:entity_offsets_inside_text": (D, docs_frame, with_doc(text="Paris", entities=[Entity("Paris", "GPE", 0, 9)], dates=[])),
    "documents:entity_text_matches_offsets": (D, docs_frame, with_doc(entities=[Entity("Lyon", "GPE", 0, 5)])),
    "documents:entity_label_allowed": (D, docs_frame, with_doc(entities=[Entity("Paris", "CITY", 0, 5)])),
    "documents:entity_counts_match_entities": (D, docs_frame, lambda df: df.with_columns(
        pl.when(pl.int_range(pl.len()) == 1).then(pl.col("entity_counts").list.slice(0, 0)).otherwise(pl.col("entity_counts")).alias("entity_counts"))),
    "documents:date_offsets_inside_text": (D, docs_frame, with_doc(dates=[DateMention("3 March 2021", "2021-03-03", "day", 42, 30)])),
    "documents:date_text_matches_offsets": (D, docs_frame, with_doc(dates=[DateMention("4 March 2021", "2021-03-04", "day", 30, 42)])),
    "documents:date_value_iso_at_granularity": (D, docs_frame, with_doc(dates=[DateMention("3 March 2021", "2021-13-03", "day", 30, 42)])),
    "documents:date_kind_allowed": (D, docs_frame, with_doc(dates=[DateMention("3 March 2021", "2021-03-03", "day", 30, 42, "fuzzy")])),
    "documents:published_not_before_1800": (D, docs_frame, with_doc(published=dt.date(1799, 12, 31))),
    "documents:published_not_after_ingest": (D, docs_frame, with_doc(published=INGESTED.date() + dt.timedelta(days=2))),
    "documents:updated_within_bounds": (D, docs_frame, with_doc(updated=dt.date(1500, 1, 1))),
    "documents:published_granularity_iff_published": (D, docs_frame, with_doc(published=None, published_granularity="day")),
    "documents:published_iso_matches_published": (D, docs_frame, set_row1("published_iso", "2021")),
    "documents:published_runner_up_differs": (D, docs_frame, with_doc(published_runner_up=dt.date(2021, 3, 4), published_runner_up_source="url")),
    # removed_lines
    "removed_lines.doc_id:str_matches": (R, removed_frame, set_row1("doc_id", "x")),
    "removed_lines.source:str_length": (R, removed_frame, set_row1("source", "")),
    "removed_lines.line_no:greater_than_or_equal_to": (R, removed_frame, set_row1("line_no", 0)),
    "removed_lines.start:greater_than_or_equal_to": (R, removed_frame, set_row1("start", -1)),
    "removed_lines.end:greater_than_or_equal_to": (R, removed_frame, set_row1("end", -1)),
    "removed_lines.reason:isin": (R, removed_frame, set_row1("reason", "spam")),
    "removed_lines.rule:str_length": (R, removed_frame, set_row1("rule", "")),
    "removed_lines.stage:isin": (R, removed_frame, set_row1("stage", "enrich")),
    "removed_lines.run_id:str_length": (R, removed_frame, set_row1("run_id", "")),
    "removed_lines:line_span_ordered": (R, removed_frame, set_row1("start", 99)),
    "removed_lines:line_unique_per_document": (R, removed_frame, lambda df: df.with_columns(pl.col("doc_id").first())),
    # quarantine
    "quarantine.source:str_length": (Q, quarantine_frame, set_row1("source", "")),
    "quarantine.doc_id:str_matches": (Q, quarantine_frame, set_row1("doc_id", "nope")),
    "quarantine.content_hash:str_matches": (Q, quarantine_frame, set_row1("content_hash", "nope")),
    "quarantine.stage:isin": (Q, quarantine_frame, set_row1("stage", "publish")),
    "quarantine.reason:isin": (Q, quarantine_frame, set_row1("reason", "bad_vibes")),
    "quarantine.run_id:str_length": (Q, quarantine_frame, set_row1("run_id", "")),
    # runs
    "runs.run_id:unique": (U, runs_frame, lambda df: df.with_columns(pl.col("run_id").first())),
    "runs.run_id:str_length": (U, runs_frame, set_row1("run_id", "")),
    "runs.status:isin": (U, runs_frame, set_row1("status", "maybe")),
    **{f"runs.{c}:greater_than_or_equal_to": (U, runs_frame, set_row1(c, -1)) for c in (
        "batches", "inputs", "accepted", "quarantined", "skipped", "lines_removed", "documents_replaced", "duplicates_dropped")},
    "runs:inputs_balance": (U, runs_frame, set_row1("skipped", 5)),
}


def model_check_ids(model: Any) -> set[str]:
    s = model.to_schema()
    name = model.Config.name
    ids = {f"{name}:{c.name}" for c in s.checks}
    for col_name, col in s.columns.items():
        ids |= {f"{name}.{col_name}:{c.name}" for c in col.checks}
        if col.unique:
            ids.add(f"{name}.{col_name}:unique")
    return ids


def test_every_check_has_a_breaking_case() -> None:
    ids = set().union(*(model_check_ids(spec.model) for spec in schemas.TABLES.values()))
    assert ids == set(BREAKERS), f"untested: {sorted(ids - set(BREAKERS))}; stale: {sorted(set(BREAKERS) - ids)}"


@pytest.mark.parametrize("model", [s.model for s in schemas.TABLES.values()], ids=list(schemas.TABLES))
def test_valid_frames_pass(model: Any) -> None:
    factory = {D: docs_frame, R: removed_frame, Q: quarantine_frame, U: runs_frame}[model]
    assert failures(model, factory()) == {}


@pytest.mark.parametrize("check_id", sorted(BREAKERS))
def test_each_check_rejects_a_row_that_breaks_it(check_id: str) -> None:
    model, factory, breaker = BREAKERS[check_id]
    where, check = check_id.split(":", 1)
    broken = breaker(factory())
    fails = failures(model, broken)
    assert fails, f"{check_id} accepted a broken row"
    flagged = {i for i, msgs in fails.items() if any(m.startswith(where + ":") and ("field_uniqueness" if check == "unique" else check) in m for m in msgs)}
    assert 1 in flagged, fails
    # only the broken row is rejected (uniqueness flags every copy of the duplicated value)
    if "unique" not in check:
        assert set(fails) == {1}, fails


def test_arrow_schemas_are_derived_from_the_models() -> None:
    for name, spec in schemas.TABLES.items():
        arrow = schemas.ARROW[name]
        model_cols = spec.model.to_schema().columns
        assert arrow.names == list(model_cols)
        for f in arrow:
            assert f.nullable == bool(model_cols[f.name].nullable), f.name
            assert f.metadata[b"description"], f.name
        assert arrow.metadata[b"cleanseeds.schema_version"] == schemas.SCHEMA_VERSION.encode()
        # a polars frame of the model's dtypes converts to exactly this Arrow schema
        empty = pl.DataFrame(schema={c: col.dtype.type for c, col in model_cols.items()})
        assert empty.to_arrow().cast(arrow).schema.equals(arrow)
    assert schemas.DOCUMENTS.field("published").type == pa.date32()
    assert schemas.DOCUMENTS.field("ingested_at").type == pa.timestamp("us", tz="UTC")
    assert schemas.DOCUMENTS.field("entities").type.value_type.names == ["text", "label", "start", "end", "canonical"]


def test_dataset_readme_documents_every_column() -> None:
    text = schemas.dataset_readme()
    for name, arrow in schemas.ARROW.items():
        assert f"## {name}/" in text
        for col in arrow.names:
            assert f"| `{col}` |" in text, (name, col)
    assert f"Schema version {schemas.SCHEMA_VERSION}" in text


def test_reason_and_language_sets() -> None:
    assert len(schemas.ISO_639_1) == 184 and all(len(c) == 2 for c in schemas.ISO_639_1)
    assert {"en", "de", "fr", "uk", "zh"} <= schemas.ISO_639_1
    assert "PERSON" in schemas.ENTITY_LABELS and "MISC" in schemas.ENTITY_LABELS and len(schemas.ENTITY_LABELS) == 19


def test_schema_roundtrips_through_parquet(tmp_path: Any) -> None:
    t = _documents_table([make_doc(0)], "run-1", INGESTED, "rules-1")
    pq.write_table(t, tmp_path / "d.parquet")
    back = pq.read_table(tmp_path / "d.parquet")
    assert back.schema.equals(schemas.DOCUMENTS, check_metadata=False)
    assert failures(D, back) == {}


@pytest.mark.parametrize("granularity, iso", [("day", "2021-03-04"), ("month", "2021-03"), ("year", "2021")])
def test_published_iso_is_written_at_its_granularity(granularity: str, iso: str) -> None:
    published = dt.date(2021, 3, 4) if granularity == "day" else dt.date(2021, 3 if granularity == "month" else 1, 1)
    df = docs_frame(make_doc(0, published_granularity=granularity, published=published))
    assert df["published_iso"].to_list() == [iso if granularity != "year" else "2021"]
    assert failures(D, df) == {}


def test_runner_up_that_differs_is_valid() -> None:
    df = docs_frame(make_doc(0, published_runner_up=dt.date(2021, 2, 1), published_runner_up_source="html:json-ld"), make_doc(1))
    assert df["published_runner_up"].to_list() == [dt.date(2021, 2, 1), None]
    assert failures(D, df) == {}


def test_kept_line_nos_place_every_kept_line_in_the_input() -> None:
    from cleanseeds.validate import kept_line_nos

    assert pl.from_arrow(_documents_table([make_doc(0)], "run-1", INGESTED, "rules-1"))["kept_line_nos"].to_list() == [[1, 3]]
    # blank and whitespace-only lines are neither kept nor removed; a removed line equal to a
    # kept one does not shift the kept one; a repeated kept line gets its own number
    src = "Same\n\n   \nAd\nSame\n\u00a0\nEnd"
    d = make_doc(0, source_text=src, text="Same\nSame\nEnd", removed=[RemovedLine(4, 10, 12, "Ad", "advertisement", "ad.label")])
    assert kept_line_nos(d) == [1, 5, 7]
    d = make_doc(0, source_text="Same\nSame\nEnd", text="Same\nEnd", removed=[RemovedLine(1, 0, 4, "Same", "other_boilerplate", "context.title")])
    assert kept_line_nos(d) == [2, 3]
    # text not made of the input's lines: null, never a wrong placement
    assert kept_line_nos(make_doc(0, source_text="Other\ntext", text="Paris")) is None
