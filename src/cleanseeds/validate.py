"""Validate stage: build a batch's Arrow tables column-wise and check them against the contracts.

``build_tables(docs, rejected, run_id, ingested_at, rules_version) -> BatchTables``

1. Documents with a ``doc_id`` already seen in the batch are quarantined (``duplicate_in_run``).
2. Every column is built as one Arrow array from the batch (nested ``entities``/``dates`` from
   flat child arrays plus offsets): no per-row dicts, no pandas.
3. Each table is validated lazily by its pandera model (polars backend) over the whole batch,
   so every failure is collected at once. A document that fails a check — or whose removed
   lines fail one — moves to ``quarantine`` with ``reason="schema_violation"`` and the failed
   check(s) in ``detail``; its removed lines go with it. The rest of the batch loads.
4. A quarantine row that breaks its own contract (e.g. an unknown reason code from a newer
   stage) is kept, not lost: it is rewritten as ``internal_error`` with the violation in
   ``detail``.

``Document.raw`` (the decoded input) is not stored: the extract stage releases it (and so does
this module, for documents built without it).
"""
from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import pandera.errors
import polars as pl
import pyarrow as pa
import pyarrow.compute as pc

from cleanseeds import schemas
from cleanseeds.reasons import QuarantineReason as Q
from cleanseeds.records import Document, Rejected, entities_status_value

DETAIL_MAX = 2000  # characters kept of a quarantine detail


@dataclass
class BatchTables:
    documents: pa.Table
    removed_lines: pa.Table
    quarantine: pa.Table

    @property
    def accepted(self) -> int:
        return int(self.documents.num_rows)

    @classmethod
    def empty(cls) -> BatchTables:
        return cls(schemas.DOCUMENTS.empty_table(), schemas.REMOVED_LINES.empty_table(), schemas.QUARANTINE.empty_table())


# --- column builders -----------------------------------------------------------------------------


def _utc(ts: dt.datetime | None) -> dt.datetime | None:
    if ts is None:
        return None
    return ts.replace(tzinfo=dt.UTC) if ts.tzinfo is None else ts.astimezone(dt.UTC)


def _date(d: Any) -> dt.date | None:
    if isinstance(d, dt.datetime):
        return d.date()
    return d if isinstance(d, dt.date) else None


def _list_of_struct(items: Sequence[Sequence[Any]], typ: pa.DataType, getters: dict[str, Callable[[Any], Any]]) -> pa.Array:
    """A ``list<struct>`` array from per-row item lists, built from flat child arrays."""
    offsets = [0]
    flat: list[Any] = []
    for row in items:
        flat.extend(row)
        offsets.append(len(flat))
    struct_t = typ.value_type
    children = [pa.array([getters[f.name](x) for x in flat], type=f.type) for f in struct_t]
    values = pa.StructArray.from_arrays(children, fields=list(struct_t))
    return pa.ListArray.from_arrays(pa.array(offsets, pa.int32()), values, type=typ)


_ENTITY = {"text": lambda e: e.text, "label": lambda e: e.label, "start": lambda e: e.start, "end": lambda e: e.end, "canonical": lambda e: e.canonical}
_DATE = {
    "text": lambda x: x.text, "value": lambda x: x.value, "granularity": lambda x: x.granularity, "start": lambda x: x.start,
    "end": lambda x: x.end, "kind": lambda x: x.kind,
}
_COUNT = {"label": lambda kv: kv[0], "count": lambda kv: kv[1]}


def kept_line_nos(d: Document) -> list[int] | None:
    """The input line number of every line of ``d.text``.

    The cleaner keeps lines verbatim and in order, and drops blank lines silently; so the
    kept lines are, in order, the input lines that are neither removed nor blank, and a blank
    line never equals a kept one. None when ``text`` is not made that way (it always is)."""
    kept = d.text.split("\n") if d.text else []
    removed = {r.line_no for r in d.removed}
    out: list[int] = []
    k = 0
    for n, line in enumerate(d.source_text.split("\n"), 1):
        if k == len(kept):
            break
        if n not in removed and line == kept[k]:
            out.append(n)
            k += 1
    return out if k == len(kept) else None


def _documents_table(docs: Sequence[Document], run_id: str, ingested_at: dt.datetime, rules_version: str) -> pa.Table:
    S = schemas.DOCUMENTS
    n = len(docs)

    def col(name: str, values: list[Any]) -> pa.Array:
        return pa.array(values, type=S.field(name).type)

    arrays = {
        "doc_id": col("doc_id", [d.doc_id for d in docs]),
        "source": col("source", [d.source for d in docs]),
        "input_path": col("input_path", [d.input_path for d in docs]),
        "input_format": col("input_format", [d.input_format for d in docs]),
        "url": col("url", [d.url for d in docs]),
        "title": col("title", [d.title for d in docs]),
        "author": col("author", [d.author for d in docs]),
        "sitename": col("sitename", [d.sitename for d in docs]),
        "page_type": col("page_type", [d.page_type for d in docs]),
        "extraction": col("extraction", [d.extraction for d in docs]),
        "text": col("text", [d.text for d in docs]),
        "kept_line_nos": col("kept_line_nos", [kept_line_nos(d) for d in docs]),
        "published": col("published", [_date(d.published) for d in docs]),
        "published_granularity": col("published_granularity", [d.published_granularity for d in docs]),
        "published_iso": col("published_iso", [d.published_iso for d in docs]),
        "published_source": col("published_source", [d.published_source for d in docs]),
        "published_runner_up": col("published_runner_up", [_date(d.published_runner_up) for d in docs]),
        "published_runner_up_source": col("published_runner_up_source", [d.published_runner_up_source for d in docs]),
        "updated": col("updated", [_date(d.updated) for d in docs]),
        "language": col("language", [d.language for d in docs]),
        "language_score": col("language_score", [None if d.language_score is None else float(d.language_score) for d in docs]),
        "dateline": col("dateline", [d.dateline for d in docs]),
        "entities": _list_of_struct([d.entities for d in docs], S.field("entities").type, _ENTITY),
        "entity_counts": _list_of_struct(
            [sorted(Counter(e.label for e in d.entities).items()) for d in docs], S.field("entity_counts").type, _COUNT
        ),
        "entities_status": col("entities_status", [entities_status_value(d.entities_status, d.language) for d in docs]),
        "dates": _list_of_struct([d.dates for d in docs], S.field("dates").type, _DATE),
        "encoding": col("encoding", [d.encoding for d in docs]),
        "mode": col("mode", [d.mode for d in docs]),
        "content_hash": col("content_hash", [d.content_hash for d in docs]),
        # filled in by the duplicate stage in the process that owns the output (cleanseeds.dedup)
        "dup_of": pa.nulls(n, pa.string()),
        "near_dup_cluster": pa.nulls(n, pa.string()),
        "near_dup_similarity": pa.nulls(n, pa.float64()),
        "rules_version": pa.repeat(rules_version, n).cast(pa.string()) if n else col("rules_version", []),
        "fetched_at": col("fetched_at", [_utc(d.fetched_at) for d in docs]),
        "ingested_at": pa.repeat(pa.scalar(ingested_at, S.field("ingested_at").type), n) if n else col("ingested_at", []),
        "run_id": pa.repeat(run_id, n).cast(pa.string()) if n else col("run_id", []),
    }
    return pa.Table.from_arrays([arrays[f.name] for f in S], schema=S)


def _removed_table(docs: Sequence[Document], run_id: str) -> pa.Table:
    S = schemas.REMOVED_LINES
    rows = [(d, r) for d in docs for r in (*d.dropped, *d.removed)]
    arrays = {
        "doc_id": [d.doc_id for d, _ in rows],
        "source": [d.source for d, _ in rows],
        "line_no": [r.line_no for _, r in rows],
        "start": [r.start for _, r in rows],
        "end": [r.end for _, r in rows],
        "text": [r.text for _, r in rows],
        "reason": [str(r.reason) for _, r in rows],
        "rule": [r.rule for _, r in rows],
        "stage": [r.stage for _, r in rows],
        "run_id": [run_id] * len(rows),
    }
    return pa.Table.from_arrays([pa.array(arrays[f.name], type=f.type) for f in S], schema=S)


def _quarantine_table(rejected: Sequence[Rejected], run_id: str, ingested_at: dt.datetime) -> pa.Table:
    S = schemas.QUARANTINE
    arrays = {
        "source": [q.source for q in rejected],
        "input_path": [q.input_path for q in rejected],
        "doc_id": [q.doc_id for q in rejected],
        "content_hash": [q.content_hash for q in rejected],
        "stage": [q.stage for q in rejected],
        "reason": [str(q.reason) for q in rejected],
        "detail": [_clip(q.detail or "") for q in rejected],
        "run_id": [run_id] * len(rejected),
        "ingested_at": [ingested_at] * len(rejected),
    }
    return pa.Table.from_arrays([pa.array(arrays[f.name], type=f.type) for f in S], schema=S)


def _clip(s: str) -> str:
    s = _safe(s)
    return s if len(s) <= DETAIL_MAX else s[: DETAIL_MAX - 1] + "…"


def _safe(s: str | None) -> str:
    """Text Arrow can store (UTF-8): lone surrogates become U+FFFD."""
    if s is None:
        return ""
    try:
        s.encode("utf-8")
        return s
    except UnicodeEncodeError:
        return s.encode("utf-8", "replace").decode("utf-8")


def _unencodable(d: Document) -> str | None:
    """Name of the first string field of ``d`` that is not valid UTF-8 (lone surrogates)."""
    names = (
        "doc_id", "source", "input_path", "url", "title", "author", "sitename", "text", "published_source", "dateline",
        "encoding", "language", "entities_status",
    )
    fields: list[tuple[str, Any]] = [(k, getattr(d, k)) for k in names]
    fields += [("entities.text", e.text) for e in d.entities] + [("entities.canonical", e.canonical) for e in d.entities]
    fields += [("dates.text", x.text) for x in d.dates] + [("removed_lines.text", r.text) for r in d.removed]
    for name, v in fields:
        if isinstance(v, str):
            try:
                v.encode("utf-8")
            except UnicodeEncodeError:
                return name
    return None


# --- validation ----------------------------------------------------------------------------------


def failures(model: type[Any], table: pa.Table | pl.DataFrame) -> dict[int, list[str]]:
    """Validate ``table`` lazily with ``model``; return ``{row index: [failed check, ...]}``.

    A failure that is not tied to a row (a wrong column type) is reported for every row.
    """
    frame = table if isinstance(table, pl.DataFrame) else pl.from_arrow(table)
    assert isinstance(frame, pl.DataFrame)  # a Table converts to a DataFrame
    n = frame.height
    if n == 0:
        return {}
    try:
        model.validate(frame, lazy=True)
        return {}
    except pandera.errors.SchemaErrors as exc:
        fc = exc.failure_cases
    except pandera.errors.SchemaError as exc:  # pragma: no cover - lazy mode collects, but be safe
        return {i: [f"{model.Config.name}: {exc}"] for i in range(n)}
    out: dict[int, list[str]] = defaultdict(list)
    name = model.Config.name
    for idx, column, check in zip(fc["index"].to_list(), fc["column"].to_list(), fc["check"].to_list(), strict=True):
        where = name if column in (None, model.__name__, name) else f"{name}.{column}"
        msg = f"{where}: {check}"
        rows = range(n) if idx is None else (int(idx),)
        for i in rows:
            if msg not in out[i]:
                out[i].append(msg)
    return dict(out)


def build_tables(
    docs: Sequence[Document],
    rejected: Sequence[Rejected],
    run_id: str,
    ingested_at: dt.datetime,
    rules_version: str = "unversioned",
) -> BatchTables:
    """The batch's ``documents``, ``removed_lines`` and ``quarantine`` tables, validated."""
    ingested_at = _utc(ingested_at) or dt.datetime.now(dt.UTC)
    rejected = list(rejected)
    kept: list[Document] = []
    seen: set[str] = set()
    for d in docs:
        d.raw = None  # the decoded input is not stored; free it before the tables are built
        if d.doc_id in seen:
            detail = f"doc_id {d.doc_id} already in this batch"
            rejected.append(Rejected(d.source, "validate", Q.DUPLICATE_IN_RUN, detail, d.doc_id, d.input_path, d.content_hash))
            continue
        bad = _unencodable(d)
        if bad:
            detail = f"documents.{bad}: not valid UTF-8 (lone surrogate)"
            rejected.append(Rejected(_safe(d.source), "validate", Q.SCHEMA_VIOLATION, detail, d.doc_id, _safe(d.input_path), d.content_hash))
            continue
        seen.add(d.doc_id)
        kept.append(d)

    documents = _documents_table(kept, run_id, ingested_at, rules_version)
    removed = _removed_table(kept, run_id)

    bad_docs: dict[int, list[str]] = failures(schemas.DocumentsModel, documents)
    line_fail = failures(schemas.RemovedLinesModel, removed)
    if line_fail:
        row_of = {doc_id: i for i, doc_id in enumerate(documents.column("doc_id").to_pylist())}
        line_doc = removed.column("doc_id").to_pylist()
        for li, msgs in line_fail.items():
            bucket = bad_docs.setdefault(row_of[line_doc[li]], [])
            bucket.extend(m for m in msgs if m not in bucket)

    if bad_docs:
        for i, msgs in sorted(bad_docs.items()):
            d = kept[i]
            rejected.append(Rejected(d.source, "validate", Q.SCHEMA_VIOLATION, "; ".join(msgs), d.doc_id, d.input_path, d.content_hash))
        keep_mask = pa.array([i not in bad_docs for i in range(len(kept))])
        documents = documents.filter(keep_mask)
        bad_ids = pa.array([kept[i].doc_id for i in bad_docs], pa.string())
        removed = removed.filter(pc.invert(pc.is_in(removed.column("doc_id"), value_set=bad_ids)))

    quarantine = _quarantine_table([_repair(q) for q in rejected], run_id, ingested_at)
    q_fail = failures(schemas.QuarantineModel, quarantine)
    if q_fail:
        fixed = list(rejected)
        for i, msgs in q_fail.items():
            q = rejected[i]
            detail = _clip(f"invalid quarantine row ({'; '.join(msgs)}): stage={q.stage!r} reason={q.reason!r} {q.detail}")
            fixed[i] = Rejected(q.source or "<unknown>", "validate", Q.INTERNAL_ERROR, detail, None, q.input_path, None)
        quarantine = _quarantine_table(fixed, run_id, ingested_at)
    return BatchTables(documents, removed, quarantine)


def _repair(q: Rejected) -> Rejected:
    """Make a rejection storable (valid UTF-8, string codes); contract checks come after."""
    return Rejected(
        _safe(q.source), q.stage, str(q.reason), q.detail, q.doc_id,
        None if q.input_path is None else _safe(q.input_path), q.content_hash,
    )


__all__ = ["BatchTables", "build_tables", "failures"]
