"""The ``clean-documents`` Prefect flow: thin tasks around :mod:`cleanseeds.pipeline`.

One task run per *batch* (not per document). Locally, each batch's task run is a thread of
the flow process that hands the batch to a pool of worker processes (:class:`LocalPool`,
one per core by default; none for ``workers=1``); with ``dask_address`` the task runs on
an existing Dask cluster through prefect-dask's ``DaskTaskRunner``. Writing happens in the
flow's own process, batch by batch, so memory stays flat and only one process touches the
output.

Operations, all in this layer (the core stays Prefect-free):

* **retries with backoff** on the I/O tasks (``discover``, ``load-batch``) and one retry of
  a batch whose worker failed; a **timeout** per batch (``batch_timeout_s``);
* **task caching** of ``process-batch`` keyed on the batch's inputs (paths, sizes, mtimes),
  the rules' version and the output-relevant settings (:mod:`flows.batch_cache`); results
  persist under ``<output>/_state/prefect-results`` so a retried or re-run flow reuses the
  batches it already finished;
* failed runs in the ``runs/`` table: the flow body records a failure it sees (status,
  error, the counts reached; finished batches are committed, as in the plain runner) and
  an **on_failure / on_crashed hook** records those it never saw (refused parameters or
  settings, an output that cannot be opened, a crash);
* **artifacts** for the UI: a markdown report, tables of quarantine reasons and removed
  lines, and a progress bar updated after every batch (:mod:`flows.report` builds them).
"""
from __future__ import annotations

import datetime as dt
import logging
import secrets
import time
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from pathlib import Path
from typing import Any

from prefect import Flow, flow, get_run_logger, task
from prefect.artifacts import (
    create_markdown_artifact,
    create_progress_artifact,
    create_table_artifact,
    update_progress_artifact,
)
from prefect.cache_policies import NO_CACHE
from prefect.client.schemas.objects import FlowRun
from prefect.context import FlowRunContext, TaskRunContext
from prefect.futures import PrefectFuture, as_completed
from prefect.logging.loggers import flow_run_logger
from prefect.settings import get_current_settings
from prefect.states import State
from prefect.task_runners import TaskRunner, ThreadPoolTaskRunner
from prefect.tasks import exponential_backoff

from cleanseeds import clean, dedup, pipeline
from cleanseeds.config import Settings
from cleanseeds.load import OutputStore
from cleanseeds.records import InputRef, Rejected
from flows import batch_cache, report

#: Where ``process-batch`` results are kept for the task cache, under the output directory.
RESULTS_DIR = ("_state", "prefect-results")
#: How long a cached batch stays reusable.
CACHE_EXPIRATION = dt.timedelta(days=30)

ARTIFACT_SUMMARY = "cleanseeds-run-report"
ARTIFACT_QUARANTINE = "cleanseeds-quarantine-reasons"
ARTIFACT_REMOVED = "cleanseeds-removed-lines"
ARTIFACT_PROGRESS = "cleanseeds-progress"



class _ThreadTimeoutNotice(logging.Filter):
    """Drop Prefect's per-task notice that a timeout in a worker thread (Dask, thread pool)
    cannot interrupt blocking C calls. It would repeat for every batch; the flow says it once."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not (isinstance(record.msg, str) and record.msg.startswith("Timeout of") and "worker thread" in record.msg)


logging.getLogger("prefect.task_runs").addFilter(_ThreadTimeoutNotice())

# Flow runs (in this process) whose failure the flow body already wrote to runs/, with the
# counts it reached; record_failure handles the others.
_RECORDED: set[str] = set()


# --- tasks ---------------------------------------------------------------------------------


@task(name="discover", retries=3, retry_delay_seconds=exponential_backoff(backoff_factor=1), retry_jitter_factor=0.5, cache_policy=NO_CACHE)
def discover_task(sources: Sequence[str], settings: Settings) -> tuple[list[InputRef], list[Rejected]]:
    return pipeline.discover(sources, settings)


def _batch_cache_key(_ctx: TaskRunContext, params: dict[str, Any]) -> str:
    return batch_cache.batch_cache_key(params["refs"], params["ctx"], params["skip_ids"])


def _process_batch(
    batch_no: int,
    refs: Sequence[InputRef],
    ctx: pipeline.RunContext,
    templates: tuple[str, bytes] | None,
    skip_ids: frozenset[str],
) -> pipeline.BatchOutput:
    pool = _LOCAL_POOLS.get(ctx.run_id)
    if pool is None:  # a Dask worker, or a one-worker run: compute right here
        return pipeline.process_batch_frozen(batch_no, refs, ctx, templates, skip_ids)
    return pool.run(batch_no, refs, ctx, templates, skip_ids)


_BATCH_OPTIONS: dict[str, Any] = dict(name="process-batch", retries=1, retry_delay_seconds=5, task_run_name="batch-{batch_no}")
#: The batch task with the content-hash cache (results persisted; storage set per run).
#: ``cache_result_in_memory=False``: Prefect would otherwise keep every batch's result (its
#: Arrow tables) in the flow's in-memory result cache (up to 1,000 entries) until the flow
#: ends, so the flow process would grow with the corpus; the result is read back from its
#: persisted file instead.
process_batch_task = task(**_BATCH_OPTIONS, cache_key_fn=_batch_cache_key, cache_expiration=CACHE_EXPIRATION, persist_result=True,
                          cache_result_in_memory=False)(_process_batch)
#: The same task without caching (``cache_results=False``, e.g. a cluster without shared disk).
process_batch_uncached = task(**_BATCH_OPTIONS, cache_policy=NO_CACHE, persist_result=False)(_process_batch)


@task(name="load-batch", retries=3, retry_delay_seconds=exponential_backoff(backoff_factor=1), retry_jitter_factor=0.5, cache_policy=NO_CACHE, task_run_name="load-{out.batch_no}")
def load_task(store: OutputStore, out: pipeline.BatchOutput) -> None:
    store.write(out.tables)


# --- helpers -------------------------------------------------------------------------------


class BatchTimeoutError(RuntimeError):
    """A batch ran past ``batch_timeout_s`` (the flow fails; its own timeout is not involved)."""


class LocalPool:
    """The worker processes of a local run, started once per flow run.

    Each ``process-batch`` task run is a thread of the flow process that hands its batch to
    this pool and waits. The processes come from a ``forkserver`` that has imported
    :mod:`cleanseeds.pipeline` and loaded the models once (:func:`pipeline.pool_context`), so
    a worker starts by forking it and never imports Prefect; each keeps its heavy resources
    (spaCy, rules) for the whole run. (Prefect's
    ``ProcessPoolTaskRunner`` spawns fresh interpreters that import Prefect and open their
    own API clients: it cost about 5 s more per run on this project's 2-core machine.)

    ``timeout_s`` bounds the wait for one batch; a batch that exceeds it fails its task run
    (which is retried once); the stuck process is terminated when the pool closes.
    """

    def __init__(self, workers: int, timeout_s: float | None, settings: Settings | None = None) -> None:
        ctx = pipeline.pool_context(settings or Settings())
        self.timeout_s = timeout_s
        self.timed_out = False
        self.executor = ProcessPoolExecutor(max_workers=workers, mp_context=ctx, initializer=pipeline._worker_init)

    def run(self, *args: Any) -> pipeline.BatchOutput:
        fut = self.executor.submit(pipeline.process_batch_frozen, *args)
        try:
            return fut.result(timeout=self.timeout_s)
        except FutureTimeout:
            fut.cancel()
            self.timed_out = True
            raise BatchTimeoutError(f"batch did not finish within {self.timeout_s:g}s") from None

    def close(self, kill: bool = False) -> None:
        """Stop the pool; ``kill`` (or a batch that timed out) terminates busy processes
        instead of waiting for them."""
        kill = kill or self.timed_out
        if kill:
            for proc in list((getattr(self.executor, "_processes", None) or {}).values()):
                proc.terminate()
        self.executor.shutdown(wait=not kill, cancel_futures=True)


# Local process pools of the flow runs in this process, by cleanseeds run id. Empty on Dask
# workers, so there a batch is computed in the task itself.
_LOCAL_POOLS: dict[str, LocalPool] = {}


def make_task_runner(workers: int, dask_address: str | None) -> TaskRunner[Any]:
    """Dask when an address is given; else threads of the flow process (``2 * workers`` of
    them, so the next batch is always queued while the pool computes the current ones)."""
    if dask_address:
        from prefect_dask import DaskTaskRunner

        return DaskTaskRunner(address=dask_address)
    return ThreadPoolTaskRunner(max_workers=max(1, 2 * workers if workers > 1 else 1))


def _slots(runner: TaskRunner[Any], default: int) -> int:
    """How many batches can run at once: the Dask cluster's threads, else ``default``."""
    client = getattr(runner, "_client", None)
    if client is not None:
        try:
            return max(1, sum(client.nthreads().values()))
        except Exception:  # pragma: no cover - a cluster that cannot report its size
            return default
    return default


def _settings(config_file: str | None, overrides: dict[str, Any]) -> Settings:
    return Settings.from_toml(config_file, **overrides) if config_file else Settings(**overrides)


def _flow_run_id() -> str | None:
    ctx = FlowRunContext.get()
    return str(ctx.flow_run.id) if ctx and ctx.flow_run else None


def record_failure(flow: Flow[Any, Any], flow_run: FlowRun, state: State[Any]) -> None:
    """``on_failure`` / ``on_crashed`` hook: make sure a failed run is in ``runs/``.

    A failure inside the run (a batch, the output, a timeout) is written by the flow body
    itself, with the batches that finished committed and the counts reached, exactly like
    the plain runner. This hook writes the failures the body never saw: parameters or
    settings refused before the output was opened, a run killed or crashed around the body.
    """
    if str(flow_run.id) in _RECORDED:
        _RECORDED.discard(str(flow_run.id))
        return
    logger = flow_run_logger(flow_run, flow)
    params = flow_run.parameters or {}
    now = dt.datetime.now(dt.timezone.utc)
    run_id = now.strftime("%Y%m%dT%H%M%SZ") + "-" + secrets.token_hex(3)
    summary = pipeline.RunSummary(run_id, str(params.get("output", "output")), flow_run.start_time or now, finished_at=now, status="failed")
    summary.error = state.message or state.name
    summary.settings = {"flow_parameters": {k: v for k, v in params.items() if k != "sources"}, "flow_run_id": str(flow_run.id)}
    try:
        with OutputStore(summary.output, Settings(), summary.run_id) as store:
            store.finish(summary.as_row())
        logger.error("run %s failed (%s); recorded in %s/runs", summary.run_id, summary.error, summary.output)
    except Exception as exc:  # the output itself may be what failed
        logger.error("run failed (%s) and could not be recorded in %s/runs: %s", summary.error, summary.output, exc)


def _close_pool(run_id: str, kill: bool = False) -> None:
    pool = _LOCAL_POOLS.pop(run_id, None)
    if pool is not None:
        pool.close(kill=kill)


def _publish_report(summary: pipeline.RunSummary, wall: float, cached: int) -> None:
    create_markdown_artifact(
        report.summary_markdown(summary, wall_seconds=wall, cached_batches=cached),
        key=ARTIFACT_SUMMARY, description=f"cleanseeds run {summary.run_id}: counts, removed lines, quarantine, entities, timings",
    )
    quarantine = report.quarantine_table(summary) or [{"reason": "(none)", "documents": 0, "share_of_inputs": "0.0%"}]
    create_table_artifact(quarantine, key=ARTIFACT_QUARANTINE, description=f"quarantined documents by reason, run {summary.run_id}")
    removed = report.removed_lines_table(summary) or [{"reason": "(none)", "lines": 0, "share_of_removed": "0.0%"}]
    create_table_artifact(removed, key=ARTIFACT_REMOVED, description=f"removed lines by reason, run {summary.run_id}")


# --- the flow ------------------------------------------------------------------------------


@flow(name="clean-documents", version="0.1.0", log_prints=False, on_failure=[record_failure], on_crashed=[record_failure])
def clean_documents(
    sources: list[str],
    output: str = "output",
    batch_size: int = 100,
    workers: int = 0,
    entities: bool = True,
    extract_fast: bool = False,
    site_templates: bool = True,
    reprocess: bool = False,
    config_file: str | None = None,
    dask_address: str | None = None,
    batch_timeout_s: float = 3600.0,
    cache_results: bool = True,
) -> dict[str, Any]:
    """Clean documents from ``sources`` (files, directories or globs) into Parquet under ``output``.

    ``dask_address`` runs the batches on an existing Dask scheduler (``tcp://host:8786``).
    ``batch_timeout_s`` fails a batch that runs longer (it is retried once).
    ``cache_results`` keeps each finished batch under ``<output>/_state/prefect-results`` so
    a re-run reuses it; turn it off on a multi-machine cluster without a shared filesystem.
    ``reprocess`` processes every input again and refreshes the cache.
    """
    t_start = time.perf_counter()
    logger = get_run_logger()
    overrides = dict(batch_size=batch_size, workers=workers, entities=entities, extract_fast=extract_fast, site_templates=site_templates, reprocess=reprocess)
    settings = _settings(config_file, overrides)
    ctx = pipeline.RunContext.new(settings)
    summary = pipeline.RunSummary(ctx.run_id, output, ctx.ingested_at, rules_version=ctx.rules_version, settings=settings.as_dict())
    cached = 0
    with OutputStore(output, settings, ctx.run_id) as store:
        try:
            refs, early = discover_task(sources, settings)
            batches = pipeline.plan_batches(refs, settings)
            total = len(batches) + (1 if early else 0)
            logger.info("run %s: %d input files in %d batches, %d rejected at discovery", ctx.run_id, len(refs), len(batches), len(early))
            progress_id = create_progress_artifact(0.0, key=ARTIFACT_PROGRESS, description=f"batches done, run {ctx.run_id} ({total} batches)")
            templates = clean.SiteTemplates.load(store.state_dir) if settings.site_templates else None
            # every batch sees the templates as they stood at the start (see freeze_templates)
            frozen = pipeline.freeze_templates(templates)
            n_workers = 1 if dask_address is None and len(batches) <= 1 else min(settings.effective_workers, max(1, len(batches)))
            local_pool = n_workers > 1 and not dask_address
            # Prefect's own timeout applies where the task computes the batch in its thread
            # (Dask, one worker); with the local pool the pool bounds the wait (hard timeout).
            task_timeout = None if local_pool else batch_timeout_s
            if cache_results:
                storage = Path(output, *RESULTS_DIR).resolve()
                batch_task = process_batch_task.with_options(result_storage=storage, refresh_cache=settings.reprocess, timeout_seconds=task_timeout)
            else:
                batch_task = process_batch_uncached.with_options(timeout_seconds=task_timeout)
            if early:
                out = pipeline.rejected_batch(0, early, ctx)
                load_task(store, out)
                summary.add(out)
            if dask_address and not get_current_settings().api.url:
                logger.warning("PREFECT_API_URL is not set: each Dask worker will start its own temporary Prefect server; "
                               "start a server and set PREFECT_API_URL for the scheduler, the workers and this process")
            runner = make_task_runner(n_workers, dask_address)
            if task_timeout is not None:
                logger.info("batches run in worker threads: the %.0fs batch timeout interrupts Python code, "
                            "not a blocking C call (extraction has its own per-document cap)", batch_timeout_s)
            if local_pool:
                _LOCAL_POOLS[ctx.run_id] = LocalPool(n_workers, batch_timeout_s, settings)
            dups, in_order = dedup.attach(store, settings), dedup.InOrder()  # duplicate stage (dedup)
            with runner:
                window = 2 * _slots(runner, n_workers)
                queue = list(enumerate(batches, 1))
                pending: list[PrefectFuture[pipeline.BatchOutput]] = []
                while queue or pending:
                    while queue and len(pending) < window:
                        n, b = queue.pop(0)
                        skip = store.skip_ids(ctx.rules_version, [r.path for r in b])
                        params = dict(batch_no=n, refs=b, ctx=ctx, templates=frozen, skip_ids=skip)
                        pending.append(runner.submit(batch_task, parameters=params))
                    fut = next(as_completed(pending))
                    pending.remove(fut)
                    out = batch_cache.restamp(fut.result(), ctx)
                    if fut.state.name == "Cached":
                        cached += 1
                    for ready in in_order.push(out):  # duplicate stage (dedup): clusters in batch order, then load
                        load_task(store, dedup.apply(dups, ready))
                    summary.add(out)
                    if templates is not None and out.template_observations is not None:
                        templates.update(out.template_observations)
                    update_progress_artifact(progress_id, report.progress_percent(summary.batches, total))
                    logger.info("batch %d (%d/%d): %d accepted, %d quarantined, %d skipped%s", out.batch_no, summary.batches, total,
                                out.counts["accepted"], out.counts["quarantined"], out.counts["skipped"], " (from cache)" if fut.state.name == "Cached" else "")
            _close_pool(ctx.run_id)
            if templates is not None:
                templates.save(store.state_dir)
            summary.status = "completed"
        except BaseException as exc:
            # As the plain runner does: commit the batches that finished and record the
            # failure with the counts reached. record_failure sees this run as recorded.
            _close_pool(ctx.run_id, kill=True)
            summary.status = "failed"
            summary.error = f"{type(exc).__name__}: {exc}"
            run = _flow_run_id()
            if run:
                _RECORDED.add(run)
            raise
        finally:
            summary.finished_at = dt.datetime.now(dt.timezone.utc)
            store.finish(summary.as_row())
    wall = time.perf_counter() - t_start
    _publish_report(summary, wall, cached)
    row = summary.as_row()
    logger.info("run %s %s in %.1fs (%d batches from cache): %s", ctx.run_id, summary.status, wall, cached,
                {k: row[k] for k in ("inputs", "accepted", "quarantined", "skipped", "lines_removed")})
    return row


if __name__ == "__main__":  # pragma: no cover - `python -m flows.clean_documents SOURCE... OUTPUT`
    import sys

    print(clean_documents(sources=sys.argv[1:-1], output=sys.argv[-1]))
