"""Load stage: the output directory as a set of Parquet datasets, written atomically,
idempotently and incrementally, with all state kept beside the data.

Layout::

    OUTPUT/
      README.md                                  generated from cleanseeds.schemas
      documents/ingest_date=YYYY-MM-DD/part-*.parquet
      removed_lines/ingest_date=YYYY-MM-DD/part-*.parquet
      quarantine/ingest_date=YYYY-MM-DD/part-*.parquet
      runs/ingest_date=YYYY-MM-DD/part-*.parquet
      _state/lock            held (flock) by the one run writing this output
      _state/index.parquet   one row per document/quarantine row in the dataset -> its file
      _state/journal.json    present only while a commit is being applied
      _state/tmp/            staging; never read by anyone, cleared on open

How a run writes (the one process that owns the output):

1. ``__enter__`` takes the lock (waiting up to ``settings.lock_timeout_s``, then
   :class:`~cleanseeds.errors.LockTimeout`), rolls forward a commit a killed run left
   half-applied, and clears stale staging files.
2. ``write(tables)`` drops rows already written by this run (a retried batch), buffers the
   rest and writes them to staging files in ``_state/tmp`` in large row groups.
3. A *commit* (at ``finish``, or when a staging file is full) closes the staging files,
   prepares every change as a finished file in ``_state/tmp`` (new parts, old parts rewritten
   without the rows being replaced, the next index), records the list of renames and
   deletions in ``_state/journal.json`` (the commit point, itself written atomically), then
   applies it: ``os.replace`` each file into place, delete the superseded ones, replace the
   index, remove the journal. Every step is idempotent, so a run killed at any point leaves
   either the old or (after the next open rolls forward) the new state — never a partial
   file under a table directory.
4. ``finish(run_row)`` commits, compacts partitions that have accumulated small files,
   appends the ``runs/`` row and (re)writes ``README.md``.

Replacement: ``documents/`` holds one row per ``source``. A changed document (new
``doc_id``) or one reprocessed under new rules replaces the old row and its removed lines.
The rows of ``quarantine/`` for an input file are replaced by the outcome of its latest
processing. The text of superseded versions is not kept; ``runs/`` counts them
(``documents_replaced``) and each run's rows keep their ``run_id``.
"""
from __future__ import annotations

import datetime as dt
import errno
import json
import logging
import os
import secrets
import shutil
import socket
import time
from collections import defaultdict
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from cleanseeds import schemas
from cleanseeds.config import Settings
from cleanseeds.errors import LockTimeout, OutputError
from cleanseeds.validate import BatchTables, failures

log = logging.getLogger("cleanseeds.load")

MiB = 1024 * 1024
SOURCE_FORM = "canonical-1"  # _state/source_form: sources are resolved absolute paths (or URLs)
DATA_TABLES = ("documents", "removed_lines", "quarantine")
TABLES = DATA_TABLES + ("runs",)
# columns with few distinct values: dictionary-encoded (the rest, e.g. text, plain)
DICTIONARY_COLUMNS = [
    "input_path", "input_format", "published_granularity", "published_source", "published_runner_up_source", "language", "entities_status",
    "encoding", "mode", "rules_version", "run_id", "reason", "rule", "stage", "sitename",
]
INDEX_SCHEMA = pa.schema([
    ("table", pa.string()),  # documents | quarantine
    ("source", pa.string()),
    ("doc_id", pa.string()),
    ("input_path", pa.string()),
    ("content_hash", pa.string()),
    ("rules_version", pa.string()),
    ("run_id", pa.string()),
    ("file", pa.string()),  # path of the row's file, relative to the output root
    ("rl_file", pa.string()),  # documents: the removed_lines file holding its lines (or null)
], metadata={"cleanseeds.schema_version": schemas.SCHEMA_VERSION})


def storage_error(exc: OSError, root: Path, doing: str) -> OutputError:
    """One line naming the cause: ``cannot write output X while DOING: No space left on
    device (ENOSPC)``. pyarrow's OSErrors carry the errno but a long strerror; the errno's
    own text is used instead."""
    code = errno.errorcode.get(exc.errno or 0)
    why = (os.strerror(exc.errno) if exc.errno else str(exc) or type(exc).__name__) + (f" ({code})" if code else "")
    err = OutputError(f"cannot write output {root} while {doing}: {why}")
    err.__cause__ = exc
    return err


def _fsync_dir(path: Path) -> None:
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:  # pragma: no cover - e.g. platforms without directory fds
        return
    try:
        os.fsync(fd)
    except OSError:  # pragma: no cover
        pass
    finally:
        os.close(fd)


def _atomic_write_bytes(path: Path, data: bytes) -> None:
    tmp = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
    with open(tmp, "wb") as f:
        f.write(data)
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, path)
    _fsync_dir(path.parent)


def _write_parquet(table: pa.Table, path: Path, row_group_rows: int) -> None:
    """One finished Parquet file (zstd, large row groups, schema version in the metadata)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    dict_cols = [c for c in DICTIONARY_COLUMNS if c in table.column_names]
    with pq.ParquetWriter(path, table.schema, compression="zstd", use_dictionary=dict_cols, write_statistics=True) as w:
        w.write_table(table, row_group_size=max(1, row_group_rows))
    with open(path, "rb+") as f:
        os.fsync(f.fileno())


def _read(path: Path, schema: pa.Schema) -> pa.Table:
    return pq.read_table(path, schema=schema, partitioning=None)


def _merge_files(files: list[Path], schema: pa.Schema, out: Path, row_group_bytes: int) -> int:
    """Concatenate Parquet ``files`` into ``out``, streaming: at most about one row group
    (``row_group_bytes`` of Arrow data) is in memory at a time, whatever the files' sizes.
    Returns the number of rows written."""
    import pyarrow.dataset as ds

    out.parent.mkdir(parents=True, exist_ok=True)
    dict_cols = [c for c in DICTIONARY_COLUMNS if c in schema.names]
    rows = 0
    pending: list[pa.RecordBatch] = []
    pending_bytes = 0
    with pq.ParquetWriter(out, schema, compression="zstd", use_dictionary=dict_cols, write_statistics=True) as w:
        def flush() -> None:
            nonlocal pending, pending_bytes
            if pending:
                t = pa.Table.from_batches(pending, schema)
                w.write_table(t, row_group_size=t.num_rows)
            pending, pending_bytes = [], 0

        for f in files:
            for b in ds.dataset(f, schema=schema, format="parquet").to_batches(batch_size=8192):
                if not b.num_rows:
                    continue
                pending.append(b)
                pending_bytes += b.nbytes
                rows += b.num_rows
                if pending_bytes >= row_group_bytes:
                    flush()
        flush()
    with open(out, "rb+") as fh:
        os.fsync(fh.fileno())
    return rows


class _Lock:
    """An exclusive ``flock`` on ``_state/lock``; released by the kernel if the process dies."""

    def __init__(self, path: Path, timeout: float, who: str) -> None:
        self.path, self.timeout, self.who = path, timeout, who
        self.fd: int | None = None

    def acquire(self) -> None:
        import fcntl

        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        deadline = time.monotonic() + self.timeout
        warned = False
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except OSError as exc:
                if exc.errno not in (errno.EAGAIN, errno.EACCES, errno.EWOULDBLOCK):
                    os.close(fd)
                    raise OutputError(f"cannot lock {self.path}: {exc.strerror}") from exc
                holder = self.holder()
                if time.monotonic() >= deadline:
                    os.close(fd)
                    raise LockTimeout(
                        f"output {self.path.parent.parent} is locked by another cleanseeds run ({holder}); "
                        f"gave up after {self.timeout:g}s (settings.lock_timeout_s)"
                    ) from None
                if not warned:
                    log.warning("output is locked by another run (%s); waiting up to %gs", holder, self.timeout)
                    warned = True
                time.sleep(min(0.2, max(0.01, deadline - time.monotonic())))
        os.ftruncate(fd, 0)
        os.pwrite(fd, self.who.encode(), 0)
        self.fd = fd

    def holder(self) -> str:
        try:
            return self.path.read_text(encoding="utf-8").strip() or "unknown holder"
        except OSError:
            return "unknown holder"

    def release(self) -> None:
        if self.fd is not None:
            import fcntl

            fcntl.flock(self.fd, fcntl.LOCK_UN)
            os.close(self.fd)
            self.fd = None


def _upgrade_rows(rows: list[dict[str, Any]], src_map: dict[str, str], paths: dict[str, str]
                  ) -> tuple[dict[str, set[str]], dict[str, set[tuple[str, str]]], list[dict[str, Any]]]:
    """Index rows under canonical sources: where two spellings of one file both have rows,
    the latest document row and the latest run's quarantine rows stay. Returns the doc_ids
    to drop per file, the (source, run_id) quarantine rows to drop per file, and the index
    rows kept (rewritten to the canonical source and input path)."""
    last_doc: dict[str, int] = {}  # new source -> position of the row kept
    latest_q: dict[str, str] = {}  # new input -> latest run with quarantine rows for it
    for i, r in enumerate(rows):
        ns = src_map[r["source"]]
        if r["table"] == "documents":
            j = last_doc.get(ns)
            if j is None or (rows[j]["run_id"], j) <= (r["run_id"], i):
                last_doc[ns] = i
        else:
            key = paths.get(r["input_path"], ns)
            latest_q[key] = max(latest_q.get(key, ""), r["run_id"])
    drop_ids: dict[str, set[str]] = defaultdict(set)
    drop_q: dict[str, set[tuple[str, str]]] = defaultdict(set)
    kept: list[dict[str, Any]] = []
    for i, r in enumerate(rows):
        ns = src_map[r["source"]]
        if r["table"] == "documents" and last_doc[ns] != i:
            drop_ids[r["file"]].add(r["doc_id"])
            if r["rl_file"]:
                drop_ids[r["rl_file"]].add(r["doc_id"])
            continue
        if r["table"] == "quarantine" and r["run_id"] != latest_q[paths.get(r["input_path"], ns)]:
            drop_q[r["file"]].add((r["source"], r["run_id"]))
            continue
        kept.append({**r, "source": ns, "input_path": paths.get(r["input_path"], r["input_path"])})
    return drop_ids, drop_q, kept


class OutputStore:
    """The output directory of one run. Use as a context manager (it holds the output's lock)."""

    def __init__(
        self,
        root: str | Path,
        settings: Settings,
        run_id: str,
        *,
        row_group_bytes: int = 8 * MiB,
        file_bytes: int = 512 * MiB,
        compact_below_bytes: int = 64 * MiB,
        compact_target_bytes: int = 256 * MiB,
    ) -> None:
        self.root = Path(root)
        self.settings = settings
        self.run_id = run_id
        self.row_group_bytes = row_group_bytes
        self.file_bytes = file_bytes
        self.compact_below_bytes = compact_below_bytes
        self.compact_target_bytes = compact_target_bytes
        try:
            self.root.mkdir(parents=True, exist_ok=True)
            if not self.root.is_dir():
                raise NotADirectoryError(errno.ENOTDIR, "not a directory")
            self.state_dir = self.root / "_state"
            self.state_dir.mkdir(exist_ok=True)
            probe = self.state_dir / f".probe-{os.getpid()}-{secrets.token_hex(3)}"
            probe.write_bytes(b"")
            probe.unlink()
        except OSError as exc:
            raise OutputError(f"output directory {self.root} is not writable: {exc.strerror or exc}") from exc
        self.tmp_dir = self.state_dir / "tmp"
        holder = f"run {run_id}, pid {os.getpid()} on {socket.gethostname()}, since {dt.datetime.now(dt.UTC):%Y-%m-%dT%H:%M:%SZ}"
        self._lock = _Lock(self.state_dir / "lock", settings.lock_timeout_s, holder)
        self._open = False
        self._finished = False
        self._index: pa.Table = INDEX_SCHEMA.empty_table()
        self._start_index: pa.Table = self._index
        self._seq = 0
        # staging: (table, ingest_date) -> buffered tables / open writer
        self._buf: dict[tuple[str, str], list[pa.Table]] = defaultdict(list)
        self._buf_bytes: dict[tuple[str, str], int] = defaultdict(int)
        self._writers: dict[tuple[str, str], tuple[pq.ParquetWriter, Path]] = {}
        self._staged_bytes = 0
        self._run_doc_ids: set[str] = set()
        self._run_qkeys: set[tuple[Any, ...]] = set()
        self._touched: set[str] = set()
        self._broken: OutputError | None = None  # a storage error while staging: nothing staged is committed
        self._state_files: dict[str, Callable[[Path], None]] = {}
        self.stats = {"documents_replaced": 0, "duplicates_dropped": 0, "commits": 0, "files_compacted": 0}

    # --- lifecycle ------------------------------------------------------------------------

    def __enter__(self) -> OutputStore:
        self.open()
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    def open(self) -> None:
        if self._open:
            return
        self._lock.acquire()
        try:
            self.recover()
            self._index = self._load_index()
            self._upgrade_sources()  # hostile (issue 16.3): outputs written before sources were canonical
            self._start_index = self._index  # what skip_ids answers from, all run long
        except BaseException:
            self._lock.release()
            raise
        self._open = True

    def close(self) -> None:
        """Release the lock. Rows written but not committed (no ``finish``) are discarded."""
        for w, _ in self._writers.values():
            try:
                w.close()
            except Exception:  # pragma: no cover
                pass
        self._writers.clear()
        if self._open:
            shutil.rmtree(self.tmp_dir / self.run_id, ignore_errors=True)
        self._open = False
        self._lock.release()

    def recover(self) -> None:
        """Roll forward a commit a killed run left half-applied; clear stale staging files."""
        journal = self.state_dir / "journal.json"
        if journal.exists():
            try:
                plan = json.loads(journal.read_text(encoding="utf-8"))
            except (OSError, ValueError):
                plan = None  # a torn journal cannot exist (atomic write); be safe anyway
            if plan is not None:
                log.warning("completing an interrupted commit of run %s", plan.get("run_id"))
                self._apply(plan)
            journal.unlink(missing_ok=True)
        shutil.rmtree(self.tmp_dir, ignore_errors=True)
        for name in TABLES:  # temp files of atomic writes never live under tables, but be thorough
            for p in (self.root / name).glob("**/.*.tmp") if (self.root / name).exists() else []:
                p.unlink(missing_ok=True)

    # --- upgrade: one canonical source per input (issue 16.3) -----------------------------------

    def _upgrade_sources(self) -> None:
        """Rewrite an output written before ``source``/``input_path`` were canonical
        (resolved absolute paths, :mod:`cleanseeds.extract.discover`): every row gets its
        canonical source (old relative paths resolve against the working directory, as the
        run that wrote them did), and rows that now name the same source are one: the
        latest document row per source is kept (with its removed lines), and quarantine
        rows of an input are kept only from the latest run that produced rows for it. One
        journaled commit, once per output (``_state/source_form`` marks it done)."""
        marker = self.state_dir / "source_form"
        if marker.exists() and marker.read_text(encoding="utf-8").strip() == SOURCE_FORM:
            return
        if self._index.num_rows:
            plan = self._canonical_plan(self._index)
            if plan is not None:
                renames, unlinks, index = plan
                self._publish(renames, unlinks, index)
                log.warning("upgraded %s to canonical sources (%d rows)", self.root, index.num_rows)
        _atomic_write_bytes(marker, SOURCE_FORM.encode())

    def _canonical_plan(self, ix: pa.Table) -> tuple[list[tuple[str, str]], list[str], pa.Table] | None:
        from cleanseeds.extract.discover import canonical_display, canonical_source

        rows = ix.to_pylist()
        paths = {p: canonical_display(p) for p in {r["input_path"] for r in rows} if p}
        src_map: dict[str, str] = {}
        for r in rows:
            ip = r["input_path"]
            new = paths[ip] + r["source"][len(ip):] if ip and r["source"].startswith(ip) else canonical_source(r["source"])
            src_map[r["source"]] = new
        if all(k == v for k, v in src_map.items()) and all(k == v for k, v in paths.items()):
            return None
        drop_ids, drop_q, kept = _upgrade_rows(rows, src_map, paths)
        files = sorted({r["file"] for r in rows} | {r["rl_file"] for r in rows if r["rl_file"]})
        run_tmp = self.tmp_dir / self.run_id
        renames: list[tuple[str, str]] = []
        unlinks: list[str] = []
        for rel in files:
            path = self.root / rel
            if not path.exists():
                continue
            name = rel.split("/", 1)[0]
            t = _read(path, schemas.ARROW[name])
            srcs = t.column("source").to_pylist()
            if name == "quarantine":
                keep = [(sv, rv) not in drop_q[rel] for sv, rv in zip(srcs, t.column("run_id").to_pylist(), strict=True)]
            else:
                keep = [d not in drop_ids[rel] for d in t.column("doc_id").to_pylist()]
            t = t.set_column(t.schema.get_field_index("source"), "source", pa.array([src_map.get(v, v) for v in srcs], pa.string()))
            if "input_path" in t.column_names:
                ips = t.column("input_path").to_pylist()
                t = t.set_column(t.schema.get_field_index("input_path"), "input_path", pa.array([paths.get(v, v) if v else v for v in ips], pa.string()))
            t = t.filter(pa.array(keep, pa.bool_()))
            if t.num_rows == 0:
                unlinks.append(rel)
                continue
            self._seq += 1
            tmp = run_tmp / f"upgrade-{self._seq:05d}.parquet"
            _write_parquet(t.cast(schemas.ARROW[name]), tmp, self._rg_rows(t))
            renames.append((str(tmp.relative_to(self.root)), rel))
        index = pa.Table.from_pylist(kept, schema=INDEX_SCHEMA) if kept else INDEX_SCHEMA.empty_table()
        return renames, unlinks, index

    def _load_index(self) -> pa.Table:
        p = self.state_dir / "index.parquet"
        if not p.exists():
            return INDEX_SCHEMA.empty_table()
        return pq.read_table(p, schema=INDEX_SCHEMA)

    # --- incremental ----------------------------------------------------------------------

    def skip_ids(self, rules_version: str, input_paths: Iterable[str]) -> frozenset[str]:
        """doc_ids already loaded from ``input_paths`` with ``rules_version`` (skip them).

        Answered from the index as it stood when the run opened the output, not as this
        run's own commits change it: a batch's skip set is then the same whenever the
        runner asks (documents a run meets twice are dropped as duplicates by :meth:`write`,
        which sees the batches in batch order)."""
        self.open()
        paths = list(input_paths)
        self._touched.update(paths)
        ix = self._start_index
        if self.settings.reprocess or not paths or ix.num_rows == 0:
            return frozenset()
        mask = pc.and_(
            pc.and_(pc.equal(ix["table"], "documents"), pc.equal(ix["rules_version"], rules_version)),
            pc.is_in(ix["input_path"], value_set=pa.array(paths, pa.string())),
        )
        return frozenset(ix.filter(mask).column("doc_id").to_pylist())

    def loaded_count(self, table: str = "documents") -> int:
        return int(pc.sum(pc.equal(self._index["table"], table)).as_py() or 0)

    # --- writing --------------------------------------------------------------------------

    def write(self, tables: BatchTables) -> None:
        """Stage one batch. Rows this run already wrote (a retried batch) are dropped.

        A storage error (disk full, read-only file system) raises :class:`OutputError`
        naming the cause; what this run staged is then discarded, not committed."""
        if self._broken is not None:
            raise self._broken
        try:
            self._write(tables)
        except OSError as exc:
            self._broken = storage_error(exc, self.root, "staging a batch")
            raise self._broken from exc

    def _write(self, tables: BatchTables) -> None:
        self.open()
        docs, removed, quar = tables.documents, tables.removed_lines, tables.quarantine
        if docs.num_rows:
            ids = docs.column("doc_id").to_pylist()
            fresh = [i not in self._run_doc_ids for i in ids]
            if not all(fresh):
                self.stats["duplicates_dropped"] += fresh.count(False)
                docs = docs.filter(pa.array(fresh))
            keep_ids = pa.array([i for i, f in zip(ids, fresh, strict=True) if f], pa.string())
            removed = removed.filter(pc.is_in(removed.column("doc_id"), value_set=keep_ids))
            self._run_doc_ids.update(keep_ids.to_pylist())
        else:
            removed = removed.slice(0, 0)
        if quar.num_rows:
            keys = list(zip(*(quar.column(c).to_pylist() for c in ("source", "doc_id", "stage", "reason")), strict=True))
            fresh = []
            for k in keys:
                fresh.append(k not in self._run_qkeys)
                self._run_qkeys.add(k)
            if not all(fresh):
                self.stats["duplicates_dropped"] += fresh.count(False)
                quar = quar.filter(pa.array(fresh))
        for name, t, ts_col in (("documents", docs, "ingested_at"), ("removed_lines", removed, None), ("quarantine", quar, "ingested_at")):
            if t.num_rows:
                self._stage(name, self._partition(t, ts_col), t.cast(schemas.ARROW[name]))
        if self._staged_bytes >= self.file_bytes:
            self.commit()

    def _partition(self, t: pa.Table, ts_col: str | None) -> str:
        if ts_col is not None and t.num_rows:
            ts = t.column(ts_col)[0].as_py()
            return f"{ts:%Y-%m-%d}"
        # removed_lines carry no timestamp: they go with their documents, i.e. the run's day
        return self._run_day()

    def _run_day(self) -> str:
        try:
            return dt.datetime.strptime(self.run_id[:16], "%Y%m%dT%H%M%SZ").strftime("%Y-%m-%d")
        except ValueError:
            return dt.datetime.now(dt.UTC).strftime("%Y-%m-%d")

    def _stage(self, name: str, day: str, t: pa.Table) -> None:
        key = (name, day)
        self._buf[key].append(t)
        self._buf_bytes[key] += t.nbytes
        self._staged_bytes += t.nbytes
        if self._buf_bytes[key] >= self.row_group_bytes:
            self._flush(key)

    def _flush(self, key: tuple[str, str]) -> None:
        parts = self._buf.pop(key, [])
        self._buf_bytes.pop(key, None)
        if not parts:
            return
        t = pa.concat_tables(parts)  # no combine_chunks(): the writer takes chunked columns, no copy
        if key not in self._writers:
            self._seq += 1
            path = self.tmp_dir / self.run_id / f"{key[0]}-{key[1]}-{self._seq:05d}.parquet"
            path.parent.mkdir(parents=True, exist_ok=True)
            dict_cols = [c for c in DICTIONARY_COLUMNS if c in t.column_names]
            self._writers[key] = (pq.ParquetWriter(path, schemas.ARROW[key[0]], compression="zstd", use_dictionary=dict_cols), path)
        self._writers[key][0].write_table(t, row_group_size=t.num_rows)

    # --- committing -----------------------------------------------------------------------

    def add_state_file(self, name: str, write: Callable[[Path], None]) -> None:
        """Have every commit that publishes rows also publish ``_state/<name>``, written by
        ``write(path)`` into staging and renamed into place by the same journal as the rows
        (e.g. the duplicate index: after a crash it matches ``documents/``)."""
        self._state_files[name] = write

    def _final_name(self, name: str, day: str, tag: str = "") -> str:
        self._seq += 1
        return f"{name}/{schemas.PARTITION}={day}/part-{self.run_id}-{tag}{self._seq:05d}.parquet"

    def commit(self, supersede_touched: bool = False) -> None:
        """Make everything written so far visible, replacing superseded rows (see module doc)."""
        self.open()
        staged = self._close_staged()
        if not staged and not (supersede_touched and self._touched):
            return
        run_tmp = self.tmp_dir / self.run_id
        run_tmp.mkdir(parents=True, exist_ok=True)
        final_of = {key: self._final_name(*key) for key in staged}
        renames = [(str(path.relative_to(self.root)), final_of[key]) for key, path in staged.items()]
        new_index, new_sources, new_paths = self._index_rows(staged, final_of)
        gone = self._superseded(new_sources, new_paths | (self._touched if supersede_touched else set()))
        unlinks = self._rewrite_without(self._index.filter(gone), run_tmp, renames)
        index = pa.concat_tables([self._index.filter(pc.invert(gone))] + new_index)
        for name, write in self._state_files.items():  # state that must match the rows
            self._seq += 1
            tmp = run_tmp / f"state-{self._seq:05d}-{name}"
            write(tmp)
            with open(tmp, "rb+") as f:
                os.fsync(f.fileno())
            renames.append((str(tmp.relative_to(self.root)), f"_state/{name}"))
        self._publish(renames, unlinks, index)

    def _close_staged(self) -> dict[tuple[str, str], Path]:
        """Flush the buffers, close and fsync every staged part: (table, day) -> its path."""
        for key in list(self._buf):
            self._flush(key)
        staged: dict[tuple[str, str], Path] = {}
        for key, (w, path) in self._writers.items():
            w.close()
            with open(path, "rb+") as f:
                os.fsync(f.fileno())
            staged[key] = path
        self._writers.clear()
        self._staged_bytes = 0
        return staged

    def _index_rows(self, staged: dict[tuple[str, str], Path], final_of: dict[tuple[str, str], str]) -> tuple[list[pa.Table], set[str], set[str]]:
        """The index rows of the staged documents and quarantine parts (by their final names),
        and the sources and input paths they hold."""
        rl_file_by_day = {day: final for (name, day), final in final_of.items() if name == "removed_lines"}
        new_index: list[pa.Table] = []
        new_sources: set[str] = set()
        new_paths: set[str] = set()
        for (name, day), path in staged.items():
            if name == "removed_lines":
                continue
            t = pq.read_table(path, columns=["source", "doc_id", "input_path", "content_hash"] + (["rules_version"] if name == "documents" else []))
            n = t.num_rows
            new_sources.update(t.column("source").to_pylist())
            new_paths.update(p for p in t.column("input_path").to_pylist() if p)
            new_index.append(pa.table({
                "table": pa.repeat(name, n).cast(pa.string()) if n else pa.array([], pa.string()),
                "source": t["source"], "doc_id": t["doc_id"], "input_path": t["input_path"], "content_hash": t["content_hash"],
                "rules_version": t["rules_version"] if name == "documents" else pa.nulls(n, pa.string()),
                "run_id": pa.array([self.run_id] * n, pa.string()),
                "file": pa.array([final_of[(name, day)]] * n, pa.string()),
                "rl_file": pa.array([rl_file_by_day.get(day) if name == "documents" else None] * n, pa.string()),
            }, schema=INDEX_SCHEMA))
        return new_index, new_sources, new_paths

    def _superseded(self, new_sources: set[str], paths: set[str]) -> pa.ChunkedArray:
        """Mask of the index rows this commit replaces: documents with a source written again,
        other runs' quarantine rows of a source or input path written again."""
        ix = self._index
        src_set = pa.array(sorted(new_sources), pa.string())
        old_docs = pc.and_(pc.equal(ix["table"], "documents"), pc.is_in(ix["source"], value_set=src_set))
        old_quar = pc.and_(
            pc.and_(pc.equal(ix["table"], "quarantine"), pc.not_equal(ix["run_id"], self.run_id)),
            pc.or_(pc.is_in(ix["source"], value_set=src_set), pc.is_in(ix["input_path"], value_set=pa.array(sorted(paths), pa.string()))),
        )
        self.stats["documents_replaced"] += int(pc.sum(old_docs).as_py() or 0)
        return pc.or_(old_docs, old_quar)

    def _rewrite_without(self, dropped: pa.Table, run_tmp: Path, renames: list[tuple[str, str]]) -> list[str]:
        """Stage a rewrite of every file holding ``dropped`` index rows, without them (appended
        to ``renames``); returns the files left empty (to unlink)."""
        delete_ids: dict[str, set[str]] = defaultdict(set)  # file -> doc_ids (documents, removed_lines)
        delete_q: dict[str, set[tuple[str, str]]] = defaultdict(set)  # file -> (source, run_id)
        for row in dropped.to_pylist():
            if row["table"] == "documents":
                delete_ids[row["file"]].add(row["doc_id"])
                if row["rl_file"]:
                    delete_ids[row["rl_file"]].add(row["doc_id"])
            else:
                delete_q[row["file"]].add((row["source"], row["run_id"]))
        unlinks: list[str] = []
        for rel in sorted(set(delete_ids) | set(delete_q)):
            src = self.root / rel
            if not src.exists():
                continue
            name = rel.split("/", 1)[0]
            t = _read(src, schemas.ARROW[name])
            if name == "quarantine":
                drop = delete_q[rel]
                keep = pa.array([(s, r) not in drop for s, r in zip(t.column("source").to_pylist(), t.column("run_id").to_pylist(), strict=True)], pa.bool_())
            else:
                keep = pc.invert(pc.is_in(t.column("doc_id"), value_set=pa.array(sorted(delete_ids[rel]), pa.string())))
            kept = t.filter(keep)
            if kept.num_rows == t.num_rows:
                continue
            if kept.num_rows == 0:
                unlinks.append(rel)
            else:
                self._seq += 1
                tmp = run_tmp / f"rewrite-{self._seq:05d}.parquet"
                _write_parquet(kept, tmp, self._rg_rows(kept))
                renames.append((str(tmp.relative_to(self.root)), rel))
        return unlinks

    def _rg_rows(self, t: pa.Table) -> int:
        if t.num_rows == 0:
            return 1
        per_row = max(1, t.nbytes // t.num_rows)
        return int(max(1, self.row_group_bytes // per_row))

    def _publish(self, renames: list[tuple[str, str]], unlinks: list[str], index: pa.Table | None) -> None:
        """Write the journal (the commit point) and apply it."""
        plan: dict[str, Any] = {"run_id": self.run_id, "renames": renames, "unlinks": unlinks, "index": None}
        if index is not None:
            self._seq += 1
            itmp = self.tmp_dir / self.run_id / f"index-{self._seq:05d}.parquet"
            itmp.parent.mkdir(parents=True, exist_ok=True)
            _write_parquet(index, itmp, 1_000_000)
            plan["index"] = str(itmp.relative_to(self.root))
        _atomic_write_bytes(self.state_dir / "journal.json", json.dumps(plan).encode())
        self._apply(plan)
        (self.state_dir / "journal.json").unlink()
        _fsync_dir(self.state_dir)
        if index is not None:
            self._index = index
        self.stats["commits"] += 1

    def _apply(self, plan: dict[str, Any]) -> None:
        dirs: set[Path] = set()
        for src, dst in plan["renames"]:
            s, d = self.root / src, self.root / dst
            if s.exists():
                d.parent.mkdir(parents=True, exist_ok=True)
                os.replace(s, d)
                dirs.add(d.parent)
        for rel in plan["unlinks"]:
            p = self.root / rel
            p.unlink(missing_ok=True)
            dirs.add(p.parent)
        if plan.get("index"):
            s = self.root / plan["index"]
            if s.exists():
                os.replace(s, self.state_dir / "index.parquet")
                dirs.add(self.state_dir)
        for d in dirs:
            _fsync_dir(d)
            if d.exists() and d.parent.name in TABLES and not any(d.iterdir()):
                d.rmdir()  # an emptied partition

    # --- compaction -----------------------------------------------------------------------

    def compact(self) -> int:
        """Merge the small files of each partition into files of about ``compact_target_bytes``.

        Returns the number of files merged away. Runs as one journaled commit.
        """
        self.open()
        renames: list[tuple[str, str]] = []
        unlinks: list[str] = []
        remap: dict[str, str] = {}
        run_tmp = self.tmp_dir / self.run_id
        for name in TABLES:
            base = self.root / name
            if not base.is_dir():
                continue
            for part in sorted(p for p in base.iterdir() if p.is_dir()):
                small = sorted(
                    (f for f in part.glob("*.parquet") if f.stat().st_size < self.compact_below_bytes),
                    key=lambda f: f.name,
                )
                group: list[Path] = []
                size = 0
                groups: list[list[Path]] = []
                for f in small:
                    if group and size + f.stat().st_size > self.compact_target_bytes:
                        groups.append(group)
                        group, size = [], 0
                    group.append(f)
                    size += f.stat().st_size
                groups.append(group)
                for g in groups:
                    if len(g) < 2:
                        continue
                    run_tmp.mkdir(parents=True, exist_ok=True)
                    self._seq += 1
                    tmp = run_tmp / f"compact-{self._seq:05d}.parquet"
                    _merge_files(g, schemas.ARROW[name], tmp, self.row_group_bytes)
                    target = self._final_name(name, part.name.split("=", 1)[1], "c")
                    renames.append((str(tmp.relative_to(self.root)), target))
                    for f in g:
                        rel = str(f.relative_to(self.root))
                        unlinks.append(rel)
                        remap[rel] = target
        if not renames:
            return 0
        ix = self._index
        if remap and ix.num_rows:
            def _map(col: str) -> pa.Array:
                return pa.array([remap.get(v, v) if v else v for v in ix.column(col).to_pylist()], pa.string())
            ix = ix.set_column(ix.schema.get_field_index("file"), "file", _map("file"))
            ix = ix.set_column(ix.schema.get_field_index("rl_file"), "rl_file", _map("rl_file"))
        self._publish(renames, unlinks, ix)
        self.stats["files_compacted"] += len(unlinks)
        return len(unlinks)

    # --- the end of a run -------------------------------------------------------------------

    def finish(self, run_row: dict[str, Any]) -> None:
        """Commit, compact, append the ``runs/`` row and write the dataset README."""
        self.open()
        completed = run_row.get("status") == "completed"
        doing = "committing the run"
        try:
            if self._broken is None:
                try:
                    self.commit(supersede_touched=completed)
                except OSError as exc:
                    if (self.state_dir / "journal.json").exists():
                        raise  # the commit point passed: the next open rolls it forward
                    self._broken = storage_error(exc, self.root, doing)
                    run_row = {**run_row, "status": "failed", "error": str(self._broken)}
            if self._broken is not None:  # drop what was staged (this may free the space the runs row needs)
                self._discard_staging()
            doing = "writing the runs/ row"
            row = self._runs_row(run_row)
            t = pa.Table.from_pylist([row], schema=schemas.RUNS)
            bad = failures(schemas.RunsModel, t)
            if bad:
                msg = "; ".join(bad[0])
                log.error("runs row breaks its contract: %s", msg)
                row["error"] = f"{row['error'] + '; ' if row['error'] else ''}contract: {msg}"
                t = pa.Table.from_pylist([row], schema=schemas.RUNS)
            day = f"{row['started_at']:%Y-%m-%d}"
            self._seq += 1
            tmp = self.tmp_dir / self.run_id / f"runs-{self._seq:05d}.parquet"
            _write_parquet(t, tmp, 1)
            self._publish([(str(tmp.relative_to(self.root)), self._final_name("runs", day))], [], None)
            doing = "compacting"
            self.compact()
            doing = "writing README.md"
            readme = schemas.dataset_readme().encode()
            rp = self.root / "README.md"
            if not rp.exists() or rp.read_bytes() != readme:
                _atomic_write_bytes(rp, readme)
        except OSError as exc:
            raise (self._broken or storage_error(exc, self.root, doing)) from exc
        self._finished = True
        if self._broken is not None:
            raise self._broken

    def _discard_staging(self) -> None:
        for w, _ in self._writers.values():
            try:
                w.close()
            except Exception:  # noqa: BLE001 - a writer on a full disk may fail to close
                pass
        self._writers.clear()
        self._buf.clear()
        self._buf_bytes.clear()
        self._staged_bytes = 0
        shutil.rmtree(self.tmp_dir / self.run_id, ignore_errors=True)

    def _runs_row(self, r: dict[str, Any]) -> dict[str, Any]:
        def kv(d: dict[str, Any] | None, val: str = "count") -> list[dict[str, Any]]:
            return [{"key": str(k), val: v} for k, v in sorted((d or {}).items())]

        def ts(v: Any) -> dt.datetime | None:
            if v is None:
                return None
            out: dt.datetime = v.replace(tzinfo=dt.UTC) if v.tzinfo is None else v
            return out

        return {
            "run_id": r.get("run_id", self.run_id),
            "output": str(r.get("output", self.root)),
            "status": r.get("status", "failed"),
            "started_at": ts(r.get("started_at")) or dt.datetime.now(dt.UTC),
            "finished_at": ts(r.get("finished_at")),
            "batches": int(r.get("batches", 0)),
            "inputs": int(r.get("inputs", 0)),
            "accepted": int(r.get("accepted", 0)),
            "quarantined": int(r.get("quarantined", 0)),
            "skipped": int(r.get("skipped", 0)),
            "lines_removed": int(r.get("lines_removed", 0)),
            "removed_by_reason": kv(r.get("removed_by_reason")),
            "removed_by_rule": kv(r.get("removed_by_rule")),
            "quarantined_by_reason": kv(r.get("quarantined_by_reason")),
            "stage_seconds": kv(r.get("stage_seconds"), "seconds"),
            "documents_replaced": self.stats["documents_replaced"],
            "duplicates_dropped": self.stats["duplicates_dropped"],
            "rules_version": str(r.get("rules_version", "")),
            "schema_version": schemas.SCHEMA_VERSION,
            "error": r.get("error"),
            "settings": json.dumps(r.get("settings", {}), sort_keys=True, default=str),
        }
