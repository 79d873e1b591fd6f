"""Every table's contract, in one module (minimal first version, to be deepened with pandera)."""
from __future__ import annotations

import pyarrow as pa

SCHEMA_VERSION = "1"

ENTITY = pa.struct([("text", pa.string()), ("label", pa.string()), ("start", pa.int32()), ("end", pa.int32()), ("canonical", pa.string())])
DATE = pa.struct([("text", pa.string()), ("value", pa.string()), ("granularity", pa.string()), ("start", pa.int32()), ("end", pa.int32()), ("kind", pa.string())])

DOCUMENTS = pa.schema([
    ("doc_id", pa.string()), ("source", pa.string()), ("url", pa.string()), ("title", pa.string()),
    ("text", pa.string()), ("published", pa.date32()), ("published_source", pa.string()),
    ("language", pa.string()), ("entities", pa.list_(ENTITY)), ("dates", pa.list_(DATE)),
    ("ingested_at", pa.timestamp("us", tz="UTC")), ("run_id", pa.string()),
])
REMOVED_LINES = pa.schema([
    ("doc_id", pa.string()), ("line_no", pa.int32()), ("start", pa.int32()), ("end", pa.int32()),
    ("text", pa.string()), ("reason", pa.string()), ("rule", pa.string()), ("run_id", pa.string()),
])
QUARANTINE = pa.schema([
    ("source", pa.string()), ("doc_id", pa.string()), ("stage", pa.string()), ("reason", pa.string()),
    ("detail", pa.string()), ("run_id", pa.string()), ("ingested_at", pa.timestamp("us", tz="UTC")),
])
