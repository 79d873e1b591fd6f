"""The stages in order, over batches, with no Prefect import; and the one runner.

    discover(sources) -> plan_batches(refs) -> process_batch_frozen(batch) per batch, on an
    executor (this process, a local pool, Dask, Prefect tasks) -> in batch order: write the
    batch, merge its site-template observations -> save the templates, record the run

:func:`process_batch_frozen` is a pure function of its arguments (plus per-process caches of
heavy resources), so any executor (:mod:`cleanseeds.executors`) can run it. :func:`run` is
the runner; the Prefect flow (``cleanseeds_prefect``) calls it with a Prefect executor.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import pickle
import secrets
import sys
import time
from collections import Counter, deque
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from cleanseeds import clean, dedup, enrich, executors, extract
from cleanseeds.config import Settings
from cleanseeds.extract.split import jsonl_parts  # noqa: F401 - moved to extract/ (hostile); kept importable here
from cleanseeds.load import OutputStore
from cleanseeds.reasons import QuarantineReason as Q
from cleanseeds.records import Document, InputRef, Rejected, RunStatus, Stage, StageResult
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
    def new(cls, settings: Settings) -> RunContext:
        now = dt.datetime.now(dt.UTC).replace(microsecond=0)
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
    status: RunStatus = "running"
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
        if out.batch_no:  # batch 0 holds the discovery rejects: not a batch of work
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


#: Slots the batch plan's tail is shaped for. A constant, not the run's worker count: the
#: batches (and so what each one learns about site templates within itself) must be the same
#: whichever executor runs them. Up to this many workers run out of work at about the same
#: moment; more workers still get every batch, the last ones just finish less together.
PLAN_SLOTS = 4


def plan_batches(refs: Sequence[InputRef], settings: Settings) -> list[list[InputRef]]:
    """Group input files into batches of about ``batch_size`` documents.

    Single-document files count one each; JSONL files count their lines; other
    multi-document files (JSON, WARC, compressed) are estimated from their size, so one huge
    export does not share a batch with many others. An uncompressed local JSONL file longer
    than a batch is split into parts of ``batch_size`` lines (:func:`extract.jsonl_parts`);
    other files are never split across batches.

    The plan is *guided*: multi-document files (the big, indivisible units) go first, and
    once less than ``2 * PLAN_SLOTS`` full batches of work remain, batches shrink to
    ``remaining / (2 * PLAN_SLOTS)`` documents (not below :data:`MIN_BATCH`), so parallel
    workers run out of work at nearly the same moment instead of one finishing a last full
    batch alone. A function of the inputs and ``batch_size`` only: never of the workers.
    """
    weighted: list[tuple[InputRef, int]] = []
    for ref in refs:
        parts = jsonl_parts(ref, settings.batch_size)
        weighted.extend(parts if parts else [(ref, _weight(ref))])
    weighted.sort(key=lambda rw: rw[0].fmt in ("txt", "html"))  # stable: discovery order within each group
    remaining = sum(w for _, w in weighted)
    batches: list[list[InputRef]] = []
    cur: list[InputRef] = []
    weight = 0
    for ref, w in weighted:
        guided = -(-(remaining + weight) // (2 * PLAN_SLOTS))  # ceil; counts the open batch too
        if cur and weight + w > max(1, min(settings.batch_size, max(MIN_BATCH, guided))):
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


def _guard(stage: Stage, docs: Sequence[Document], fn: Callable[[Sequence[Document]], StageResult]) -> StageResult:
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
            merged.extend(_guard(stage, [d], fn))
        return merged


def skip_known(docs: Sequence[Document], skip_ids: frozenset[str]) -> StageResult:
    """The documents the output does not hold yet (same ``doc_id``, same rules version:
    the loader's skip index); the others are counted as ``skipped``."""
    fresh = [d for d in docs if d.doc_id not in skip_ids]
    out = StageResult(docs=fresh)
    if skip_ids:
        out.counts["skipped"] = len(docs) - len(fresh)
    return out


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
    read: StageResult = _timed(timings, "read", extract.read_batch, refs, s)
    done = StageResult(docs=[], rejected=read.rejected, counts=Counter(inputs=len(read.docs) + len(read.rejected)))
    docs = done.extend(skip_known(read.docs, skip_ids)).docs
    if docs:  # the extraction helper starts on another core while this process loads the enrich models
        extract.start_helper(docs, s)
        _timed(timings, "enrich", enrich.preload, s)
    rules = rules_for(s)
    stages: tuple[tuple[Stage, Callable[[Sequence[Document]], StageResult]], ...] = (
        ("extract", lambda b: extract.extract_batch(b, s)),
        ("clean", lambda b: clean.clean_batch(b, rules, templates, s)),
        ("enrich", lambda b: enrich.enrich_batch(b, s)),
    )
    for stage, fn in stages:  # each stage's kept documents are the next one's batch
        done.docs = []
        docs = done.extend(_timed(timings, stage, _guard, stage, docs, fn)).docs

    # --- duplicate stage (dedup): signatures here, clusters in the coordinator before load ---
    sigs = _timed(timings, "dedup", dedup.sign_batch, docs) if s.duplicates else None
    # ---
    tables: BatchTables = _timed(timings, "validate", build_tables, docs, done.rejected, ctx.run_id, ctx.ingested_at, ctx.rules_version)

    out = BatchOutput(batch_no=batch_no, tables=tables, counts=done.counts, timings=timings, signatures=sigs)
    out.counts["accepted"] = tables.documents.num_rows
    out.counts["quarantined"] = tables.quarantine.num_rows
    out.removed_by_reason.update(tables.removed_lines.column("reason").to_pylist())
    out.removed_by_rule.update(tables.removed_lines.column("rule").to_pylist())
    out.quarantined_by_reason.update(tables.quarantine.column("reason").to_pylist())
    accepted_ids = set(tables.documents.column("doc_id").to_pylist())
    for d in docs:
        if d.doc_id in accepted_ids:
            out.entity_counts.update(f"{e.label}\t{e.canonical or e.text}" for e in d.entities)
    out.template_observations = done.observations if s.site_templates else None
    return out


FrozenTemplates = tuple[str, bytes]


def freeze_templates(templates: clean.SiteTemplates | None) -> FrozenTemplates | None:
    """Site templates as they stand at the start of a run: immutable bytes, keyed by hash.

    The one site-template policy of every executor: each batch is cleaned against this
    run-start snapshot plus the counts of its own documents (:func:`clean.clean_batch`);
    the runner merges every batch's observations in batch order and saves them at the end
    for the next run. A batch's output so depends only on the plan and the inputs, never on
    which batches finished first, how many workers ran, or where."""
    if templates is None:
        return None
    blob = pickle.dumps(templates, protocol=pickle.HIGHEST_PROTOCOL)
    return hashlib.sha256(blob).hexdigest()[:16], blob


@lru_cache(maxsize=2)
def _thaw(key: str, blob: bytes) -> clean.SiteTemplates:
    """Frozen templates, unpickled once per process and run (``key`` is their hash)."""
    templates: clean.SiteTemplates = pickle.loads(blob)  # noqa: S301 - our own snapshot, made by freeze_templates
    return templates


def process_batch_frozen(
    batch_no: int,
    refs: Sequence[InputRef],
    ctx: RunContext,
    frozen: FrozenTemplates | None,
    skip_ids: frozenset[str] = frozenset(),
) -> BatchOutput:
    """The batch function every executor runs: :func:`process_batch` with the run-start
    templates of :func:`freeze_templates`."""
    return process_batch(batch_no, refs, ctx, _thaw(*frozen) if frozen else None, skip_ids)


def rejected_batch(batch_no: int, rejected: Sequence[Rejected], ctx: RunContext) -> BatchOutput:
    """A batch made only of inputs rejected before any batch ran (e.g. at discovery)."""
    tables = build_tables([], rejected, ctx.run_id, ctx.ingested_at, ctx.rules_version)
    out = BatchOutput(batch_no=batch_no, tables=tables)
    out.counts["inputs"] = out.counts["quarantined"] = tables.quarantine.num_rows
    out.quarantined_by_reason.update(tables.quarantine.column("reason").to_pylist())
    return out


# --- the runner -------------------------------------------------------------------------------


def in_order(executor: executors.Executor, batches: Sequence[Sequence[InputRef]], ctx: RunContext,
             frozen: FrozenTemplates | None, store: OutputStore) -> Iterator[BatchOutput]:
    """Submit every batch to ``executor`` and yield the outputs in batch order, at most
    ``2 * executor.slots`` submitted and not yet yielded (flat memory). A slow batch holds
    back the ones after it (their outputs wait here); the window keeps the workers busy."""
    window = 2 * max(1, executor.slots)
    pending: deque[executors.Handle] = deque()
    for n, refs in enumerate(batches, 1):
        skip = store.skip_ids(ctx.rules_version, [r.path for r in refs])
        pending.append(executor.submit(process_batch_frozen, n, refs, ctx, frozen, skip))
        if len(pending) >= window:
            yield pending.popleft().result()
    while pending:
        yield pending.popleft().result()


#: ``on_batch(out, done, total)``: called after each batch is written, in batch order.
OnBatch = Callable[[BatchOutput, int, int], None]
#: ``executor(batches, ctx)``: the executor of a run, made once the plan is known.
MakeExecutor = Callable[[Sequence[Sequence[InputRef]], RunContext], executors.Executor]


def run(
    sources: Sequence[str],
    output: str,
    settings: Settings | None = None,
    on_batch: OnBatch | None = None,
    executor: MakeExecutor | None = None,
) -> RunSummary:
    """Run the pipeline: discover, plan, compute the batches on an executor, write each one
    in batch order, merge its template observations, record the run in ``runs/``.

    ``executor(batches, ctx)`` makes the executor once the plan is known (default
    :func:`executors.for_run`: this process, or a local pool for several workers). The
    Prefect flow and ``--dask-address`` pass theirs; the output is the same with any of
    them. A failed run commits the batches written so far and records the error."""
    settings = settings or Settings()
    ctx = RunContext.new(settings)
    summary = RunSummary(ctx.run_id, str(output), ctx.ingested_at, rules_version=ctx.rules_version, settings=settings.as_dict())
    with OutputStore(output, settings, ctx.run_id) as store:
        try:
            _run(sources, settings, ctx, store, summary, on_batch, executor or (lambda b, _: executors.for_run(settings, b)))
            summary.status = "completed"
        except BaseException as exc:
            summary.status = "failed"
            summary.error = f"{type(exc).__name__}: {exc}"
            raise
        finally:
            summary.finished_at = dt.datetime.now(dt.UTC)
            store.finish(summary.as_row())
    return summary


def _run(sources: Sequence[str], settings: Settings, ctx: RunContext, store: OutputStore, summary: RunSummary,
         on_batch: OnBatch | None, make_executor: MakeExecutor) -> None:
    refs, early = discover(sources, settings)
    batches = plan_batches(refs, settings)
    templates = clean.SiteTemplates.load(store.state_dir) if settings.site_templates else None
    frozen = freeze_templates(templates)
    total = len(batches)  # the discovery rejects (batch 0) are written, but are not a batch of work

    dups = dedup.attach(store, settings)  # duplicate stage (dedup): the output's index

    def commit(out: BatchOutput) -> None:  # coordinator side, in batch order
        store.write(dedup.apply(dups, out).tables)  # duplicate stage (dedup): clusters, then load
        summary.add(out)
        if templates is not None and out.template_observations is not None:
            templates.update(out.template_observations)
        if on_batch and out.batch_no:
            on_batch(out, summary.batches, total)

    if early:
        commit(rejected_batch(0, early, ctx))
    if batches:
        with make_executor(batches, ctx) as ex:
            for out in in_order(ex, batches, ctx, frozen, store):
                commit(out)
    if templates is not None:
        templates.save(store.state_dir)
