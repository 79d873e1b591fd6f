"""What makes two batches "the same" for the task cache, and how a cached batch is reused.

A ``process-batch`` task run is cached under a key built from what determines its output:

* each input file's path, size and modification time (``mtime_ns``), and for a part of a big
  JSONL file its line range — a changed file is a
  new batch; fsspec URLs that cannot be ``stat``-ed locally count with path and size only;
* the rules' version (a hash of the compiled rule set) and the package version;
* every setting that changes the output (not ``workers``, ``batch_size``, ``reprocess`` or
  ``lock_timeout_s``, which only change how the work is scheduled);
* the ids the output already holds for those inputs (``skip_ids``) — a batch re-planned
  after its documents were loaded is cheap anyway, and must report them as *skipped*.

Site templates are deliberately not in the key: a finished batch is reused as it was
computed, which is what "a re-run does not redo finished batches" means.

A cached :class:`~cleanseeds.pipeline.BatchOutput` carries the ``run_id`` and
``ingested_at`` of the run that computed it; :func:`restamp` gives it the current run's, so
the tables of a run are always stamped with that run. Nothing here imports Prefect.
"""
from __future__ import annotations

import dataclasses
import hashlib
import json
import os
from collections.abc import Iterable, Sequence
from typing import Any

import pyarrow as pa

import cleanseeds
from cleanseeds.pipeline import BatchOutput, RunContext
from cleanseeds.records import InputRef

#: Settings that decide how work is scheduled, not what it produces.
SCHEDULING_SETTINGS = frozenset({"workers", "batch_size", "reprocess", "lock_timeout_s", "report", "report_max_documents"})

#: Bump when the layout of a cached BatchOutput changes incompatibly.
CACHE_FORMAT = "2"  # 2: documents.kept_line_nos


def _file_identity(ref: InputRef) -> list[Any]:
    try:
        st = os.stat(ref.path)
    except (OSError, ValueError):  # fsspec URL or vanished file: path + size is all we know
        return [ref.path, ref.fmt, ref.compression, ref.size, None, ref.start, ref.first_line, ref.lines]
    return [os.path.abspath(ref.path), ref.fmt, ref.compression, st.st_size, st.st_mtime_ns, ref.start, ref.first_line, ref.lines]


def output_settings(ctx: RunContext) -> dict[str, Any]:
    """The settings that change a batch's output (everything but scheduling)."""
    return {k: v for k, v in sorted(ctx.settings.as_dict().items()) if k not in SCHEDULING_SETTINGS}


def batch_cache_key(refs: Sequence[InputRef], ctx: RunContext, skip_ids: Iterable[str] = ()) -> str:
    """A stable hex key for one batch; equal keys mean the batch would produce equal tables."""
    payload = {
        "format": CACHE_FORMAT,
        "package": cleanseeds.__version__,
        "rules": ctx.rules_version,
        "settings": output_settings(ctx),
        "inputs": [_file_identity(r) for r in refs],
        "skip": hashlib.sha256("\n".join(sorted(skip_ids)).encode()).hexdigest(),
    }
    blob = json.dumps(payload, sort_keys=True, default=str).encode("utf-8", "surrogatepass")
    return "cleanseeds-batch-" + hashlib.sha256(blob).hexdigest()[:40]


def _restamp_table(table: pa.Table, ctx: RunContext) -> pa.Table:
    for name, value in (("run_id", ctx.run_id), ("ingested_at", ctx.ingested_at)):
        i = table.schema.get_field_index(name)
        if i < 0 or table.num_rows == 0:
            continue
        field = table.schema.field(i)
        table = table.set_column(i, field, pa.array([value] * table.num_rows, type=field.type))
    return table


def restamp(out: BatchOutput, ctx: RunContext) -> BatchOutput:
    """Give a batch computed by an earlier run this run's ``run_id`` and ``ingested_at``.

    Returns ``out`` unchanged when it already belongs to ``ctx``'s run.
    """
    t = out.tables
    tables = {name: getattr(t, name) for name in ("documents", "removed_lines", "quarantine")}
    if all(tb.num_rows == 0 or tb.column("run_id")[0].as_py() == ctx.run_id for tb in tables.values()):
        return out
    out.tables = dataclasses.replace(t, **{name: _restamp_table(tb, ctx) for name, tb in tables.items()})
    return out
