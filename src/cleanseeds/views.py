"""``OUTPUT/views.sql``: DuckDB views over an output directory, generated from the contracts.

    duckdb -init output/views.sql              # the DuckDB shell, views ready
    duckdb.execute(open("output/views.sql").read())   # Python: views on the default connection

One view per table (``documents``, ``removed_lines``, ``quarantine``, ``runs``) reading its
Parquet files, plus views that save the usual boilerplate: ``entities`` and ``dates``
(one row per mention, unnested), ``document_summary`` (one row per document: lines kept and
removed, removed lines per reason code as columns, entity mentions per label) and
``run_removals`` (lines removed per run and reason, for trends across rules changes).

Everything is derived from :mod:`cleanseeds.schemas` and :mod:`cleanseeds.reasons`: a table
with no file yet becomes an empty view of the right columns and types (so every query
binds on a fresh output), a new column appears by itself, and the per-reason columns follow
the reason codes. The file names the output directory by its absolute path; it is rewritten
at the end of every run (and by ``cleanseeds report``), so regenerate it after moving the
directory.
"""
from __future__ import annotations

from pathlib import Path

import pyarrow as pa

from cleanseeds import schemas
from cleanseeds.reasons import LINE_REASONS

VIEWS_FILE = "views.sql"


def duckdb_type(t: pa.DataType) -> str:
    """The DuckDB type of an Arrow type written by the loader."""
    if pa.types.is_list(t):
        return duckdb_type(t.value_type) + "[]"
    if pa.types.is_struct(t):
        return "STRUCT(" + ", ".join(f'"{f.name}" {duckdb_type(f.type)}' for f in t) + ")"
    if pa.types.is_timestamp(t):
        return "TIMESTAMPTZ" if t.tz else "TIMESTAMP"
    simple = {
        pa.string(): "VARCHAR", pa.large_string(): "VARCHAR", pa.int32(): "INTEGER", pa.int64(): "BIGINT",
        pa.float64(): "DOUBLE", pa.bool_(): "BOOLEAN", pa.date32(): "DATE",
    }
    if t in simple:
        return simple[t]
    raise TypeError(f"no DuckDB type for Arrow type {t}")


def _lit(s: str) -> str:
    return "'" + s.replace("'", "''") + "'"


def _table_view(name: str, out: Path) -> str:
    schema = schemas.ARROW[name]
    if any(out.glob(f"{name}/*/*.parquet")):
        glob = (out / name).as_posix() + "/*/*.parquet"
        # union_by_name: files written before a column existed read it as NULL
        return (f"CREATE OR REPLACE VIEW {name} AS SELECT * FROM read_parquet({_lit(glob)}, "
                f"hive_partitioning = true, union_by_name = true, hive_types = {{'{schemas.PARTITION}': DATE}});")
    cols = [f'CAST(NULL AS {duckdb_type(f.type)}) AS "{f.name}"' for f in schema]
    cols.append(f'CAST(NULL AS DATE) AS "{schemas.PARTITION}"')
    return f"-- no {name} files yet: an empty view with the contract's columns\nCREATE OR REPLACE VIEW {name} AS SELECT " + ", ".join(cols) + " WHERE false;"


def _reason_column(reason: str) -> str:
    return "removed_" + "".join(ch if ch.isalnum() else "_" for ch in reason)


def views_sql(output: str | Path) -> str:
    """The text of ``views.sql`` for the output directory ``output``."""
    out = Path(output).resolve()
    reasons = sorted(LINE_REASONS)
    per_reason = ",\n       ".join(
        f"count(*) FILTER (WHERE reason = {_lit(r)}) AS {_reason_column(r)}" for r in reasons
    )
    per_reason_doc = ",\n       ".join(f"coalesce(r.{_reason_column(r)}, 0) AS {_reason_column(r)}" for r in reasons)
    parts = [
        "-- cleanseeds views over " + out.as_posix() + " (generated from cleanseeds.schemas; do not edit).",
        "-- Shell: duckdb -init " + (out / VIEWS_FILE).as_posix(),
        f"-- Python: duckdb.execute(open({_lit((out / VIEWS_FILE).as_posix())}).read())",
        f"-- Schema version {schemas.SCHEMA_VERSION}. Regenerated at the end of every run and by `cleanseeds report`.",
        "",
    ]
    for name in schemas.TABLES:
        parts += [f"-- {name}: " + " ".join((schemas.TABLES[name].model.__doc__ or "").split()), _table_view(name, out), ""]
    parts += [
        "-- entities: one row per entity mention; entity = the canonical name when linked, else the mention",
        "CREATE OR REPLACE VIEW entities AS",
        "SELECT d.doc_id, d.source, e.text, e.label, e.start, e.\"end\", e.canonical, coalesce(e.canonical, e.text) AS entity,",
        "       d.language, d.published, d.run_id, d.ingest_date",
        "FROM documents AS d, UNNEST(d.entities) AS u(e);",
        "",
        "-- dates: one row per date mentioned in a text (value is ISO 8601 at its granularity, or NULL)",
        "CREATE OR REPLACE VIEW dates AS",
        "SELECT d.doc_id, d.source, m.text, m.value, m.granularity, m.kind, m.start, m.\"end\",",
        "       d.published, d.run_id, d.ingest_date",
        "FROM documents AS d, UNNEST(d.dates) AS u(m);",
        "",
        "-- document_summary: one row per document: lines kept and removed, removed lines per reason code,",
        "-- entity mentions in all and per label (entity_counts: list of {label, count})",
        "CREATE OR REPLACE VIEW document_summary AS",
        "WITH r AS (",
        "  SELECT doc_id, count(*) AS lines_removed,",
        "       " + per_reason,
        "  FROM removed_lines GROUP BY doc_id",
        ")",
        "SELECT d.doc_id, d.source, d.title, d.url, d.sitename, d.language, d.published, d.mode, d.ingest_date,",
        "       len(string_split(d.text, chr(10))) AS lines_kept,",
        "       coalesce(r.lines_removed, 0) AS lines_removed,",
        "       " + per_reason_doc + ",",
        "       len(d.entities) AS entity_mentions, d.entity_counts,",
        "       len(d.dates) AS date_mentions",
        "FROM documents AS d LEFT JOIN r USING (doc_id);",
        "",
        "-- run_removals: lines removed per run and reason code (a rules change shows as a step);",
        "-- order runs by (started_at, finished_at): started_at has whole seconds",
        "CREATE OR REPLACE VIEW run_removals AS",
        "SELECT run_id, started_at, finished_at, rules_version, x.key AS reason, x.count AS lines",
        "FROM runs, UNNEST(removed_by_reason) AS u(x);",
        "",
    ]
    return "\n".join(parts)


def write_views(output: str | Path) -> Path:
    """Write ``OUTPUT/views.sql`` (atomically) and return its path."""
    out = Path(output)
    path = out / VIEWS_FILE
    tmp = path.with_name(f".{VIEWS_FILE}.tmp")
    tmp.write_text(views_sql(out), encoding="utf-8")
    tmp.replace(path)
    return path
