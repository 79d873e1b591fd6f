"""The stages in order, over batches, with no Prefect import.

    discover(sources) -> plan_batches(refs) -> process_batch(batch) per batch (any process)
    -> OutputStore.write(tables) per batch (the process that owns the output) -> finish

:func:`process_batch` is a pure function of its arguments (plus per-process caches of heavy
resources), so it can run in this process, in a process pool, in a Prefect task or on a
Dask worker. :func:`run` is the Prefect-free local runner; ``flows/`` wraps the same steps in
Prefect tasks.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import multiprocessing
import os
import pickle
import secrets
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from cleanseeds import clean, dedup, enrich, extract
from cleanseeds.config import Settings
from cleanseeds.load import OutputStore
from cleanseeds.reasons import QuarantineReason as Q
from cleanseeds.records import Document, InputRef, Rejected, StageResult
from cleanseeds.validate import BatchTables, build_tables

CORE_STAGES = ("read", "extract", "clean", "enrich", "validate")


@dataclass(frozen=True, slots=True)
class RunContext:
    """Everything a batch needs besides its inputs; small and picklable."""

    run_id: str
    ingested_at: dt.datetime
    settings: Settings
    rules_version: str

    @classmethod
    def new(cls, settings: Settings) -> "RunContext":
        now = dt.datetime.now(dt.timezone.utc).replace(microsecond=0)
        run_id = now.strftime("%Y%m%dT%H%M%SZ") + "-" + secrets.token_hex(3)
        return cls(run_id, now, settings, rules_for(settings).version)


@dataclass(slots=True)
class BatchOutput:
    """What one batch produced: its tables, its counts and its stage timings."""

    batch_no: int
    tables: BatchTables
    counts: Counter[str] = field(default_factory=Counter)
    removed_by_reason: Counter[str] = field(default_factory=Counter)
    removed_by_rule: Counter[str] = field(default_factory=Counter)
    quarantined_by_reason: Counter[str] = field(default_factory=Counter)
    timings: dict[str, float] = field(default_factory=dict)
    template_observations: Any = None
    entity_counts: Counter[str] = field(default_factory=Counter)
    signatures: Any = None  # duplicate stage: list[dedup.DocSignature], consumed before load


#: Distinct entities the run summary keeps counting. Past this, the rarest half is dropped:
#: the summary's top entities (the report) stay right for any entity frequent enough to
#: matter, and the main process does not grow with the corpus.
ENTITY_COUNTS_MAX = 20_000  # a few MiB; the run report shows the top 15


@dataclass(slots=True)
class RunSummary:
    run_id: str
    output: str
    started_at: dt.datetime
    finished_at: dt.datetime | None = None
    status: str = "running"
    batches: int = 0
    counts: Counter[str] = field(default_factory=Counter)
    removed_by_reason: Counter[str] = field(default_factory=Counter)
    removed_by_rule: Counter[str] = field(default_factory=Counter)
    quarantined_by_reason: Counter[str] = field(default_factory=Counter)
    timings: Counter[str] = field(default_factory=Counter)
    entity_counts: Counter[str] = field(default_factory=Counter)
    rules_version: str = ""
    error: str | None = None
    settings: dict[str, Any] = field(default_factory=dict)

    def add(self, out: BatchOutput) -> None:
        self.batches += 1
        self.counts.update(out.counts)
        self.removed_by_reason.update(out.removed_by_reason)
        self.removed_by_rule.update(out.removed_by_rule)
        self.quarantined_by_reason.update(out.quarantined_by_reason)
        self.timings.update(out.timings)
        self.entity_counts.update(out.entity_counts)
        if len(self.entity_counts) > ENTITY_COUNTS_MAX:  # flat memory on any corpus size
            self.entity_counts = Counter(dict(self.entity_counts.most_common(ENTITY_COUNTS_MAX // 2)))

    @property
    def balanced(self) -> bool:
        c = self.counts
        return c["inputs"] == c["accepted"] + c["quarantined"] + c["skipped"]

    def as_row(self) -> dict[str, Any]:
        """The ``runs/`` row."""
        c = self.counts
        return {
            "run_id": self.run_id,
            "output": self.output,
            "status": self.status,
            "started_at": self.started_at,
            "finished_at": self.finished_at,
            "batches": self.batches,
            "inputs": c["inputs"],
            "accepted": c["accepted"],
            "quarantined": c["quarantined"],
            "skipped": c["skipped"],
            "lines_removed": sum(self.removed_by_reason.values()),
            "removed_by_reason": dict(self.removed_by_reason),
            "removed_by_rule": dict(self.removed_by_rule),
            "quarantined_by_reason": dict(self.quarantined_by_reason),
            "stage_seconds": {k: round(v, 6) for k, v in self.timings.items()},
            "rules_version": self.rules_version,
            "error": self.error,
            "settings": self.settings,
        }


# --- per-process caches --------------------------------------------------------------------


@lru_cache(maxsize=4)
def rules_for(settings: Settings) -> clean.RuleSet:
    """The compiled rule set, loaded once per process and settings."""
    return clean.load_rules(settings)


# --- planning ------------------------------------------------------------------------------


def discover(sources: Sequence[str], settings: Settings) -> tuple[list[InputRef], list[Rejected]]:
    return extract.discover(sources, settings)


#: Smallest batch the planner makes when it shrinks batches at the end of a run; below this
#: the per-batch costs (a task run, pickling the context, three small Parquet parts) show.
MIN_BATCH = 20
#: Records assumed per byte of a multi-document file that cannot be counted cheaply.
_BYTES_PER_RECORD = 4096
_COUNT_LINES_UP_TO = 64 * 1024 * 1024


def jsonl_parts(ref: InputRef, per_part: int) -> list[tuple[InputRef, int]] | None:
    """A big uncompressed local JSONL file as parts of ``per_part`` lines each, with their
    line counts; None when it fits in one part or cannot be split (compressed, remote,
    UTF-16/32, unreadable: then it stays one unit).

    One pass over the file counting newlines (C speed, ~1 s per GB) finds the byte offset of
    every part's first line; each part is then read on its own (``InputRef.start``), so a
    multi-gigabyte export is processed batch by batch with flat memory instead of as one
    batch holding every record.
    """
    if ref.fmt != "jsonl" or ref.compression is not None or per_part < 1 or ref.size < 2:
        return None
    path = ref.os_path or ref.path
    if "://" in path:
        return None
    try:
        with open(path, "rb") as f:
            head = f.read(4)
            if b"\x00" in head or head.startswith((b"\xff\xfe", b"\xfe\xff")) or head[:3] in _COMPRESSED_MAGIC:
                return None
            f.seek(0)
            starts = [0]
            newlines = base = 0
            next_cut = per_part
            while chunk := f.read(1 << 20):
                i = 0
                while newlines + chunk.count(b"\n", i) >= next_cut:
                    for _ in range(next_cut - newlines):
                        i = chunk.index(b"\n", i) + 1
                    newlines = next_cut
                    starts.append(base + i)
                    next_cut += per_part
                newlines += chunk.count(b"\n", i)
                base += len(chunk)
    except OSError:  # unreadable now: the read stage will say why
        return None
    if starts[-1] >= base:  # the file ends right after a part's last line
        starts.pop()
    if len(starts) < 2:
        return None
    total = newlines + (0 if base and _ends_with_newline(path, base) else 1)
    parts = []
    for k, start in enumerate(starts):
        last = k == len(starts) - 1
        lines = None if last else per_part
        count = total - k * per_part if last else per_part
        parts.append((InputRef(ref.path, ref.fmt, ref.compression, ref.size, ref.os_path, start=start, first_line=k * per_part + 1, lines=lines), max(1, count)))
    return parts


_COMPRESSED_MAGIC = (b"\x1f\x8b\x08", b"BZh", b"\xfd7z", b"(\xb5/")


def _ends_with_newline(path: str, size: int) -> bool:
    with open(path, "rb") as f:
        f.seek(size - 1)
        return f.read(1) == b"\n"


def _weight(ref: InputRef) -> int:
    """Estimated documents in one input file (the unit the planner balances)."""
    if ref.fmt in ("txt", "html"):
        return 1
    if ref.lines is not None or ref.start:
        return ref.lines or 1
    if ref.fmt == "jsonl" and ref.compression is None:
        try:  # count lines: exact for small files, sampled from the first 1 MiB for big ones
            with open(getattr(ref, "os_path", None) or ref.path, "rb") as f:
                if ref.size <= _COUNT_LINES_UP_TO:
                    return max(1, sum(chunk.count(b"\n") for chunk in iter(lambda: f.read(1 << 20), b"")))
                head = f.read(1 << 20)
                return max(1, head.count(b"\n") * ref.size // max(1, len(head)))
        except OSError:  # unreadable now: the read stage will say why
            return 1
    return max(1, ref.size // _BYTES_PER_RECORD)


def plan_batches(refs: Sequence[InputRef], settings: Settings) -> list[list[InputRef]]:
    """Group input files into batches of about ``batch_size`` documents.

    Single-document files count one each; JSONL files count their lines; other
    multi-document files (JSON, WARC, compressed) are estimated from their size, so one huge
    export does not share a batch with many others. An uncompressed local JSONL file longer
    than a batch is split into parts of ``batch_size`` lines (:func:`jsonl_parts`); other
    files are never split across batches.

    With several workers the plan is *guided*: multi-document files (the big, indivisible
    units) go first, and once less than ``2 * workers`` full batches of work remain, batches
    shrink to ``remaining / (2 * workers)`` documents (not below :data:`MIN_BATCH`), so the
    workers run out of work at nearly the same moment instead of one finishing a last full
    batch alone. Deterministic for given inputs and settings.
    """
    workers = settings.effective_workers
    weighted: list[tuple[InputRef, int]] = []
    for ref in refs:
        parts = jsonl_parts(ref, settings.batch_size)
        weighted.extend(parts if parts else [(ref, _weight(ref))])
    if workers > 1:  # stable: big indivisible units first, discovery order kept within each group
        weighted.sort(key=lambda rw: rw[0].fmt in ("txt", "html"))
    remaining = sum(w for _, w in weighted)
    batches: list[list[InputRef]] = []
    cur: list[InputRef] = []
    weight = 0

    def target() -> int:
        if workers <= 1:
            return settings.batch_size
        guided = -(-(remaining + weight) // (2 * workers))  # ceil; counts the open batch too
        return max(1, min(settings.batch_size, max(MIN_BATCH, guided)))

    for ref, w in weighted:
        if cur and weight + w > target():
            batches.append(cur)
            cur, weight = [], 0
        cur.append(ref)
        weight += w
        remaining -= w
    if cur:
        batches.append(cur)
    return batches


# --- one batch -----------------------------------------------------------------------------


def _timed(timings: dict[str, float], stage: str, fn: Callable[..., Any], *args: Any) -> Any:
    t0 = time.perf_counter()
    try:
        return fn(*args)
    finally:
        timings[stage] = timings.get(stage, 0.0) + time.perf_counter() - t0


def _guard(stage: str, docs: Sequence[Document], fn: Callable[[Sequence[Document]], StageResult]) -> StageResult:
    """Run a stage over a batch; if it raises, retry document by document so one bad
    document is quarantined as ``internal_error`` instead of failing the batch."""
    try:
        return fn(docs)
    except Exception:
        if len(docs) <= 1:
            if not docs:
                return StageResult(docs=[])
            d = docs[0]
            import traceback

            detail = traceback.format_exc(limit=3)[-1500:]
            return StageResult(docs=[], rejected=[Rejected(d.source, stage, Q.INTERNAL_ERROR, detail, d.doc_id, d.input_path, d.content_hash)])
        merged = StageResult(docs=[])
        for d in docs:
            r = _guard(stage, [d], fn)
            merged.docs.extend(r.docs)
            merged.rejected.extend(r.rejected)
        return merged


def process_batch(
    batch_no: int,
    refs: Sequence[InputRef],
    ctx: RunContext,
    templates: clean.SiteTemplates | None = None,
    skip_ids: frozenset[str] = frozenset(),
) -> BatchOutput:
    """Read, extract, clean, enrich and validate one batch of input files.

    When the batch is done its documents are garbage; :func:`release_memory` hands the freed
    heap back to the operating system, so a long-lived worker's memory stays at the level of
    one batch instead of creeping up with fragmentation (measured: a worker stayed at
    383-395 MiB over 10 batches, against 489-550 MiB without).
    """
    out = _process_batch(batch_no, refs, ctx, templates, skip_ids)
    release_memory()
    return out


_LIBC: Any = None


def release_memory() -> None:
    """Return the free pages inside the heap to the OS (glibc's ``malloc_trim``; a no-op
    elsewhere). About 1 ms; once per batch. (A ``gc.collect()`` first made no difference to
    the measured worker memory and cost 70 ms with the spaCy model loaded.)"""
    global _LIBC
    if _LIBC is None:
        _LIBC = False
        if sys.platform.startswith("linux"):
            try:
                import ctypes

                libc = ctypes.CDLL("libc.so.6")
                libc.malloc_trim.argtypes = [ctypes.c_size_t]
                _LIBC = libc
            except (OSError, AttributeError):
                pass
    if _LIBC:
        _LIBC.malloc_trim(0)


def _process_batch(
    batch_no: int,
    refs: Sequence[InputRef],
    ctx: RunContext,
    templates: clean.SiteTemplates | None,
    skip_ids: frozenset[str],
) -> BatchOutput:
    s = ctx.settings
    timings: dict[str, float] = {}
    counts: Counter[str] = Counter()
    rejected: list[Rejected] = []

    res = _timed(timings, "read", extract.read_batch, refs, s)
    rejected += res.rejected
    docs = res.docs
    counts["inputs"] = len(docs) + len(res.rejected)
    if skip_ids:
        fresh = [d for d in docs if d.doc_id not in skip_ids]
        counts["skipped"] = len(docs) - len(fresh)
        docs = fresh

    res = _timed(timings, "extract", _guard, "extract", docs, lambda b: extract.extract_batch(b, s))
    rejected += res.rejected

    rules = rules_for(s)
    observations: list[Any] = []

    def _clean(b: Sequence[Document]) -> StageResult:
        r, obs = clean.clean_batch(b, rules, templates, s)
        observations.append(obs)
        return r

    res = _timed(timings, "clean", _guard, "clean", res.docs, _clean)
    rejected += res.rejected
    res = _timed(timings, "enrich", _guard, "enrich", res.docs, lambda b: enrich.enrich_batch(b, s))
    rejected += res.rejected
    docs = res.docs

    # --- duplicate stage (dedup): signatures here, clusters in the coordinator before load ---
    sigs = _timed(timings, "dedup", dedup.sign_batch, docs) if s.duplicates else None
    # ---
    tables: BatchTables = _timed(timings, "validate", build_tables, docs, rejected, ctx.run_id, ctx.ingested_at, ctx.rules_version)

    out = BatchOutput(batch_no=batch_no, tables=tables, counts=counts, timings=timings, signatures=sigs)
    out.counts["accepted"] = tables.documents.num_rows
    out.counts["quarantined"] = tables.quarantine.num_rows
    out.removed_by_reason.update(tables.removed_lines.column("reason").to_pylist())
    out.removed_by_rule.update(tables.removed_lines.column("rule").to_pylist())
    out.quarantined_by_reason.update(tables.quarantine.column("reason").to_pylist())
    accepted_ids = set(tables.documents.column("doc_id").to_pylist())
    for d in docs:
        if d.doc_id in accepted_ids:
            out.entity_counts.update(f"{e.label}\t{e.canonical or e.text}" for e in d.entities)
    out.template_observations = observations[0] if len(observations) == 1 else observations
    return out


FrozenTemplates = tuple[str, bytes]


def freeze_templates(templates: clean.SiteTemplates | None) -> FrozenTemplates | None:
    """Site templates as they stand now, as immutable bytes with their hash as key.

    The Prefect flow gives every batch of a run this same snapshot (what earlier runs
    learned) plus what a batch finds within itself; what the run learns is merged in the
    flow process and saved at the end for the next run. A batch's output then does not
    depend on which other batches finished first (local pool, threads and Dask agree), and
    nothing is pickled while the flow process merges into the live object."""
    blob = snapshot(templates)
    return None if blob is None else (hashlib.sha256(blob).hexdigest()[:16], blob)


@lru_cache(maxsize=2)
def _thaw(key: str, blob: bytes) -> clean.SiteTemplates:
    """Frozen templates, unpickled once per process and run (``key`` is their hash)."""
    return pickle.loads(blob)  # noqa: S301 - our own snapshot, made by freeze_templates


def process_batch_frozen(
    batch_no: int,
    refs: Sequence[InputRef],
    ctx: RunContext,
    frozen: FrozenTemplates | None,
    skip_ids: frozenset[str] = frozenset(),
) -> BatchOutput:
    """:func:`process_batch` with templates from :func:`freeze_templates`."""
    return process_batch(batch_no, refs, ctx, _thaw(*frozen) if frozen else None, skip_ids)


def rejected_batch(batch_no: int, rejected: Sequence[Rejected], ctx: RunContext) -> BatchOutput:
    """A batch made only of inputs rejected before any batch ran (e.g. at discovery)."""
    tables = build_tables([], rejected, ctx.run_id, ctx.ingested_at, ctx.rules_version)
    out = BatchOutput(batch_no=batch_no, tables=tables)
    out.counts["inputs"] = out.counts["quarantined"] = tables.quarantine.num_rows
    out.quarantined_by_reason.update(tables.quarantine.column("reason").to_pylist())
    return out


# --- the Prefect-free local runner -----------------------------------------------------------


def pool_context(settings: Settings) -> Any:
    """The multiprocessing context for local worker pools: a ``forkserver`` that has imported
    the pipeline and loaded the rules, the language model and (when the run extracts
    entities) the spaCy model (:mod:`cleanseeds.warm`), so each worker is a fork of a warm
    process. Not a plain fork of this process: it may already hold polars/Arrow thread pools
    (validation of discovery rejects), whose locks a forked child inherits and can deadlock on.
    """
    os.environ["CLEANSEEDS_WARM"] = f"entities:{settings.spacy_model}" if settings.entities else "base"
    ctx = multiprocessing.get_context("forkserver")
    ctx.set_forkserver_preload(["cleanseeds.pipeline", "cleanseeds.warm"])
    return ctx


def _worker_init() -> None:  # pragma: no cover - runs in child processes
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")


#: This process's replica of the run's site templates (pool workers only): built from one
#: snapshot, then kept current with the observations merged since (see iter_outputs).
_REPLICA: dict[str, clean.SiteTemplates] = {}


def process_batch_synced(
    batch_no: int,
    refs: Sequence[InputRef],
    ctx: RunContext,
    base: bytes | None,
    delta: Sequence[Any],
    skip_ids: frozenset[str] = frozenset(),
) -> BatchOutput:
    """:func:`process_batch` in a pool worker that keeps its own replica of the templates.

    ``base`` (first batch of this worker only) is a pickled snapshot of the templates;
    ``delta`` is every batch observation the run merged since this worker's last batch, in
    merge order. Replica = base + deltas = the run's templates at submit time, while each
    submit ships only what changed: O(batch), not O(everything learned so far).
    """
    if base is not None:
        _REPLICA.clear()
        _REPLICA[ctx.run_id] = pickle.loads(base)
    templates = _REPLICA.get(ctx.run_id)
    if templates is not None:
        for obs in delta:
            templates.update(obs)
    return process_batch(batch_no, refs, ctx, templates, skip_ids)


def snapshot(templates: clean.SiteTemplates | None) -> bytes | None:
    """The templates as they are now, as bytes (taken in the submitting thread: a pool
    pickles arguments later, in a feeder thread, while this process keeps merging finished
    batches into the live object)."""
    return None if templates is None else pickle.dumps(templates, protocol=pickle.HIGHEST_PROTOCOL)


class _Worker:
    """One single-process executor: the runner knows which process gets which batch, so it
    can send each one only the template observations it has not seen yet."""

    def __init__(self, mp_context: Any) -> None:
        self.pool = ProcessPoolExecutor(max_workers=1, initializer=_worker_init, mp_context=mp_context)
        self.synced: int | None = None  # position in the observation log this worker has
        self.pending: set[Future[BatchOutput]] = set()


def iter_outputs(
    batches: Sequence[Sequence[InputRef]],
    ctx: RunContext,
    store: OutputStore,
    templates: clean.SiteTemplates | None,
    workers: int,
) -> Iterator[BatchOutput]:
    """Process batches in order of completion, at most 2 per worker in flight (flat memory).

    The caller merges each yielded batch's ``template_observations`` into ``templates``
    before asking for the next output; the workers' replicas follow through deltas.
    """
    if workers <= 1 or len(batches) <= 1:
        for n, refs in enumerate(batches, 1):
            yield process_batch(n, refs, ctx, templates, store.skip_ids(ctx.rules_version, [r.path for r in refs]))
        return
    ctx_mp = pool_context(ctx.settings)
    pool = [_Worker(ctx_mp) for _ in range(workers)]
    log: list[Any] = []  # observations merged so far, minus the prefix every worker has
    log_start = 0  # absolute position of log[0]
    queue = list(enumerate(batches, 1))
    try:
        while queue or any(w.pending for w in pool):
            while queue:
                w = min(pool, key=lambda w: len(w.pending))
                # one batch queued behind the running one keeps a worker busy; near the end,
                # queue none, so a worker that finishes early can take the last batches
                if len(w.pending) >= (2 if len(queue) > workers else 1):
                    break
                n, refs = queue.pop(0)
                skip = store.skip_ids(ctx.rules_version, [r.path for r in refs])
                end = log_start + len(log)
                if w.synced is None:
                    base, delta = snapshot(templates), []
                else:
                    base, delta = None, log[w.synced - log_start:]
                w.synced = end
                w.pending.add(w.pool.submit(process_batch_synced, n, refs, ctx, base, delta, skip))
            busy = [f for w in pool for f in w.pending]
            done, _ = wait(busy, return_when=FIRST_COMPLETED)
            for fut in done:
                for w in pool:
                    w.pending.discard(fut)
                out = fut.result()
                yield out  # the caller merges out.template_observations here
                if templates is not None and out.template_observations is not None:
                    log.append(out.template_observations)
            synced = [w.synced for w in pool if w.synced is not None]
            if synced and len(synced) == len(pool):  # drop what every worker already has
                cut = min(synced) - log_start
                if cut > 0:
                    del log[:cut]
                    log_start += cut
    finally:
        for w in pool:
            w.pool.shutdown(wait=True, cancel_futures=True)


def run(
    sources: Sequence[str],
    output: str,
    settings: Settings | None = None,
    on_batch: Callable[[BatchOutput, int, int], None] | None = None,
) -> RunSummary:
    """Run the whole pipeline without Prefect. Returns the run summary (also in ``runs/``)."""
    settings = settings or Settings()
    ctx = RunContext.new(settings)
    summary = RunSummary(ctx.run_id, str(output), ctx.ingested_at, rules_version=ctx.rules_version, settings=settings.as_dict())
    with OutputStore(output, settings, ctx.run_id) as store:
        try:
            refs, early = discover(sources, settings)
            batches = plan_batches(refs, settings)
            templates = clean.SiteTemplates.load(store.state_dir) if settings.site_templates else None
            total = len(batches) + (1 if early else 0)
            if early:
                out = rejected_batch(0, early, ctx)
                store.write(out.tables)
                summary.add(out)
            dups, in_order = dedup.attach(store, settings), dedup.InOrder()  # duplicate stage (dedup)
            for out in iter_outputs(batches, ctx, store, templates, min(settings.effective_workers, len(batches) or 1)):
                for ready in in_order.push(out):  # duplicate stage (dedup): clusters in batch order, then load
                    store.write(dedup.apply(dups, ready).tables)
                summary.add(out)
                if templates is not None and out.template_observations is not None:
                    templates.update(out.template_observations)
                if on_batch:
                    on_batch(out, summary.batches, total)
            if templates is not None:
                templates.save(store.state_dir)
            summary.status = "completed"
        except BaseException as exc:
            summary.status = "failed"
            summary.error = f"{type(exc).__name__}: {exc}"
            raise
        finally:
            summary.finished_at = dt.datetime.now(dt.timezone.utc)
            store.finish(summary.as_row())
    return summary
