"""Validate stage: build Arrow tables for a batch and check them against the contracts.

``build_tables(docs, rejected, run_id, ingested_at) -> BatchTables``; rows that fail a check
move to the quarantine table with the failed check as detail (minimal first version).
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import asdict, dataclass

import pyarrow as pa

from cleanseeds import schemas
from cleanseeds.records import Document, Rejected


@dataclass
class BatchTables:
    documents: pa.Table
    removed_lines: pa.Table
    quarantine: pa.Table

    @property
    def accepted(self) -> int:
        return self.documents.num_rows


def build_tables(docs: Sequence[Document], rejected: Sequence[Rejected], run_id: str, ingested_at: dt.datetime) -> BatchTables:
    drows = [{
        "doc_id": d.doc_id, "source": d.source, "url": d.url, "title": d.title, "text": d.text,
        "published": d.published, "published_source": d.published_source, "language": d.language,
        "entities": [asdict(e) for e in d.entities], "dates": [asdict(x) for x in d.dates],
        "ingested_at": ingested_at, "run_id": run_id,
    } for d in docs]
    rrows = [{**asdict(r), "doc_id": d.doc_id, "run_id": run_id} for d in docs for r in d.removed]
    qrows = [{"source": q.source, "doc_id": q.doc_id, "stage": q.stage, "reason": str(q.reason), "detail": q.detail, "run_id": run_id, "ingested_at": ingested_at} for q in rejected]
    return BatchTables(
        pa.Table.from_pylist(drows, schema=schemas.DOCUMENTS),
        pa.Table.from_pylist(rrows, schema=schemas.REMOVED_LINES),
        pa.Table.from_pylist(qrows, schema=schemas.QUARANTINE),
    )
