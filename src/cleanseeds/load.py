"""Load stage: Parquet datasets under the output directory (minimal first version)."""
from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from cleanseeds.config import Settings
from cleanseeds.errors import OutputError
from cleanseeds.validate import BatchTables


class OutputStore:
    def __init__(self, root: str | Path, settings: Settings, run_id: str) -> None:
        self.root = Path(root)
        self.settings = settings
        self.run_id = run_id
        self._n = 0
        try:
            self.root.mkdir(parents=True, exist_ok=True)
            probe = self.root / f".probe-{os.getpid()}"
            probe.write_bytes(b"")
            probe.unlink()
        except OSError as exc:
            raise OutputError(f"output directory {self.root} is not writable: {exc.strerror or exc}") from exc
        self.state_dir = self.root / "_state"
        self.state_dir.mkdir(exist_ok=True)

    def __enter__(self) -> "OutputStore":
        return self

    def __exit__(self, *exc: Any) -> None:
        pass

    def skip_ids(self, rules_version: str, input_paths: list[str]) -> frozenset[str]:
        return frozenset()

    def write(self, tables: BatchTables) -> None:
        self._n += 1
        for name in ("documents", "removed_lines", "quarantine"):
            t: pa.Table = getattr(tables, name)
            if t.num_rows:
                d = self.root / name
                d.mkdir(exist_ok=True)
                pq.write_table(t, d / f"part-{self.run_id}-{self._n:05d}.parquet", compression="zstd")

    def finish(self, run_row: dict[str, Any]) -> None:
        d = self.root / "runs"
        d.mkdir(exist_ok=True)
        row = {k: (json.dumps(v) if isinstance(v, dict) else v) for k, v in run_row.items()}
        pq.write_table(pa.Table.from_pylist([row]), d / f"run-{self.run_id}.parquet", compression="zstd")
