"""Reading an output directory for the report: the Parquet tables, through their contracts.

Every table is read with the contract's Arrow schema (:mod:`cleanseeds.schemas`), so files
written before a column existed read it as null, and a column added to a contract shows up
here without a change. An absent table reads as an empty frame with the right columns.
"""
from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import polars as pl
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.dataset as ds

from cleanseeds import schemas


def table_schema(name: str) -> pa.Schema:
    return schemas.ARROW[name].append(pa.field(schemas.PARTITION, pa.date32()))


def files(out: Path, name: str) -> list[str]:
    return sorted(str(p) for p in (out / name).glob(f"{schemas.PARTITION}=*/*.parquet"))


def read(out: Path, name: str, columns: Sequence[str] | None = None, filter: Any = None) -> pl.DataFrame:
    """Table ``name`` of output ``out`` (only ``columns``, rows matching ``filter``)."""
    schema = table_schema(name)
    cols = [c for c in columns if c in schema.names] if columns is not None else None
    paths = files(out, name)
    if not paths:
        empty = schema.empty_table()
        return pl.from_arrow(empty.select(cols) if cols is not None else empty)  # type: ignore[return-value]
    part = ds.partitioning(pa.schema([pa.field(schemas.PARTITION, pa.date32())]), flavor="hive")
    dataset = ds.dataset(paths, schema=schema, format="parquet", partitioning=part, partition_base_dir=str(out / name))
    table = dataset.to_table(columns=cols, filter=filter)
    return pl.from_arrow(table)  # type: ignore[return-value]


def has_column(name: str, column: str) -> bool:
    """Whether the contract of table ``name`` has ``column`` (columns other issues add)."""
    return column in schemas.ARROW[name].names


def doc_filter(doc_ids: Sequence[str]) -> Any:
    return pc.field("doc_id").isin(pa.array(list(doc_ids), pa.string()))
