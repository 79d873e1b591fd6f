"""Shared by the hostile tests: a real CLI run (``--no-prefect``) read back from Parquet,
and the two checks every such test makes: inputs = accepted + quarantined + skipped, and
every input file appears in ``documents/`` or ``quarantine/``."""
from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import pyarrow.dataset as ds

from cleanseeds.cli import main
from cleanseeds.extract.discover import display


def table(out: Path, name: str, columns: Sequence[str] | None = None) -> list[dict[str, Any]]:
    if not (out / name).exists():
        return []
    return ds.dataset(out / name, partitioning="hive").to_table(columns=list(columns) if columns else None).to_pylist()


def run(sources: Iterable[str | Path], out: Path, *extra: str) -> dict[str, Any]:
    rc = main(["run", *map(str, sources), "--output", str(out), "--no-prefect", "--no-entities", "--quiet", *extra])
    return read(out, rc)


def read(out: Path, rc: int | None = None) -> dict[str, Any]:
    # started_at has whole seconds (it names the run): two runs in one second are ordered by
    # when they finished (a failed run too has its finished_at)
    runs = sorted(table(out, "runs"), key=lambda r: (r["started_at"], r["finished_at"] or r["started_at"]))
    return {
        "rc": rc,
        "docs": table(out, "documents", ["source", "input_path", "text", "url", "title", "encoding", "doc_id"]),
        "quar": table(out, "quarantine"),
        "run": runs[-1] if runs else None,
        "runs": runs,
    }


def shown(path: str | Path | bytes) -> str:
    """The canonical source of a local file (what the tables must hold)."""
    p = os.fsdecode(path) if isinstance(path, bytes) else str(path)
    return display(os.path.realpath(p))


def shown_link(path: str | Path) -> str:
    """The canonical source of a link that is not followed."""
    head, name = os.path.split(os.path.abspath(str(path)))
    return display(os.path.join(os.path.realpath(head), name))


def check(result: dict[str, Any], inputs: Iterable[str], *, status: str = "completed") -> None:
    """The run's accounting balances and every input (canonical source) is in a table."""
    row = result["run"]
    assert row is not None, "no runs/ row"
    assert row["status"] == status, row
    assert row["inputs"] == row["accepted"] + row["quarantined"] + row["skipped"], row
    if status == "completed" and len(result["runs"]) == 1:
        assert row["accepted"] == len(result["docs"]) and row["quarantined"] == len(result["quar"]), row
    seen = {d["input_path"] for d in result["docs"]} | {q["input_path"] or q["source"] for q in result["quar"]}
    seen |= {q["source"] for q in result["quar"]}
    missing = [i for i in inputs if i not in seen]
    assert not missing, f"inputs in neither documents/ nor quarantine/: {missing}; seen {sorted(seen)[:20]}"


def reasons(result: dict[str, Any]) -> dict[str, str]:
    return {q["source"]: q["reason"] for q in result["quar"]}
