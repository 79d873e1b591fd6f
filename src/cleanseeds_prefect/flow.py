"""The ``clean-documents`` flow: :func:`cleanseeds.pipeline.run` with Prefect as executor.

One ``process-batch`` task run per batch, over the core's batch function; the runner plans,
writes, learns site templates and records the run exactly as without Prefect, so the output
is the same. Locally the task runs in a thread of the flow process and hands its batch to
the core's process pool (none for one worker); with ``dask_address`` it runs on the Dask
cluster through prefect-dask. This module is in an installed package, so Dask workers
import the tasks by name; ``flows/clean_documents.py`` is only the deployments' entrypoint.
"""
from __future__ import annotations

import datetime as dt
import logging
import time
from collections.abc import Callable, Sequence
from typing import Any

from prefect import Flow, flow, get_run_logger, task
from prefect.artifacts import (
    create_markdown_artifact,
    create_progress_artifact,
    create_table_artifact,
    update_progress_artifact,
)
from prefect.cache_policies import NO_CACHE
from prefect.client.schemas.objects import FlowRun, State
from prefect.context import FlowRunContext
from prefect.logging.loggers import flow_run_logger
from prefect.task_runners import TaskRunner, ThreadPoolTaskRunner

from cleanseeds import executors, pipeline
from cleanseeds.config import Settings
from cleanseeds.load import OutputStore
from cleanseeds.records import InputRef
from cleanseeds_prefect import report

logging.getLogger("prefect.task_runs").addFilter(  # said once per run below, not once per batch
    lambda r: not (isinstance(r.msg, str) and r.msg.startswith("Timeout of") and "worker thread" in r.msg))

_POOLS: dict[str, executors.ProcessPool] = {}  # local pools of the flow runs in this process
_RECORDED: set[str] = set()  # flow runs whose failure the runner already wrote to runs/


@task(name="process-batch", retries=1, retry_delay_seconds=5, task_run_name="batch-{batch_no}", cache_policy=NO_CACHE, persist_result=False)
def process_batch(batch_no: int, refs: Sequence[InputRef], ctx: pipeline.RunContext, frozen: pipeline.FrozenTemplates | None,
                  skip_ids: frozenset[str]) -> pipeline.BatchOutput:
    """The core's batch function, here (Dask worker, one worker) or on the local pool."""
    pool = _POOLS.get(ctx.run_id)
    if pool is None:
        return pipeline.process_batch_frozen(batch_no, refs, ctx, frozen, skip_ids)
    return pool.submit(pipeline.process_batch_frozen, batch_no, refs, ctx, frozen, skip_ids).result()  # type: ignore[no-any-return]


class PrefectTasks(executors._Base):
    """The runner's executor in a flow: each batch is a ``process-batch`` task run."""

    def __init__(self, ctx: pipeline.RunContext, workers: int, dask_address: str | None, timeout_s: float) -> None:
        self.run_id = ctx.run_id
        self.task = process_batch.with_options(timeout_seconds=timeout_s if dask_address or workers <= 1 else None)
        self.runner: TaskRunner[Any]
        if dask_address:
            from prefect_dask.task_runners import DaskTaskRunner

            self.runner = DaskTaskRunner(address=dask_address)
        else:
            self.runner = ThreadPoolTaskRunner(max_workers=2 * workers if workers > 1 else 1)
            if workers > 1:
                _POOLS[ctx.run_id] = executors.ProcessPool(workers, ctx.settings, timeout_s)
        self.slots, self.dask = workers, bool(dask_address)

    def __enter__(self) -> PrefectTasks:
        self.runner.__enter__()
        if self.dask:
            self.slots = max(1, sum(self.runner.client.nthreads().values()))  # type: ignore[attr-defined]
        return self

    def submit(self, fn: Callable[..., Any], *args: Any) -> executors.Handle:
        assert fn is pipeline.process_batch_frozen, fn  # the one batch function, wrapped by the task
        names = ("batch_no", "refs", "ctx", "frozen", "skip_ids")
        return self.runner.submit(self.task, parameters=dict(zip(names, args)))  # type: ignore[no-any-return]

    def close(self, kill: bool = False) -> None:
        pool = _POOLS.pop(self.run_id, None)
        if pool is not None:
            pool.close(kill=kill)
        self.runner.__exit__(None, None, None)


def record_failure(flow: Flow[Any, Any], flow_run: FlowRun, state: State[Any]) -> None:
    """``on_failure`` / ``on_crashed``: put in ``runs/`` a failure the runner never saw
    (parameters or settings refused before it started, a crash around it)."""
    if str(flow_run.id) in _RECORDED:
        return _RECORDED.discard(str(flow_run.id))
    params = flow_run.parameters or {}
    now = dt.datetime.now(dt.UTC)
    summary = pipeline.RunSummary(pipeline.RunContext.new(Settings()).run_id, str(params.get("output", "output")),
                                  flow_run.start_time or now, finished_at=now, status="failed", error=state.message or state.name)
    summary.settings = {"flow_parameters": {k: v for k, v in params.items() if k != "sources"}, "flow_run_id": str(flow_run.id)}
    logger = flow_run_logger(flow_run, flow)
    try:
        with OutputStore(summary.output, Settings(), summary.run_id) as store:
            store.finish(summary.as_row())
        logger.error("run %s failed (%s); recorded in %s/runs", summary.run_id, summary.error, summary.output)
    except Exception as exc:  # the output itself may be what failed
        logger.error("run failed (%s) and could not be recorded in %s/runs: %s", summary.error, summary.output, exc)


class _Progress:
    """``on_batch`` of the runner: a log line and the progress artifact, after every batch."""

    def __init__(self) -> None:
        self.logger, self.artifact = get_run_logger(), None  # type: tuple[Any, Any]

    def __call__(self, out: pipeline.BatchOutput, done: int, total: int) -> None:
        if self.artifact is None:
            self.artifact = create_progress_artifact(0.0, key="cleanseeds-progress", description=f"batches done ({total} batches)")
        update_progress_artifact(self.artifact, report.progress_percent(done, total))
        c = out.counts
        self.logger.info("batch %d (%d/%d): %d accepted, %d quarantined, %d skipped", out.batch_no, done, total,
                         c["accepted"], c["quarantined"], c["skipped"])


def _publish(summary: pipeline.RunSummary, wall: float) -> None:
    run = summary.run_id
    create_markdown_artifact(report.summary_markdown(summary, wall_seconds=wall), key="cleanseeds-run-report",
                             description=f"cleanseeds run {run}: counts, removed lines, quarantine, entities, timings")
    none = {"reason": "(none)", "documents": 0, "share_of_inputs": "0.0%"}
    create_table_artifact(report.quarantine_table(summary) or [none], key="cleanseeds-quarantine-reasons", description=f"quarantined documents by reason, run {run}")
    none = {"reason": "(none)", "lines": 0, "share_of_removed": "0.0%"}
    create_table_artifact(report.removed_lines_table(summary) or [none], key="cleanseeds-removed-lines", description=f"removed lines by reason, run {run}")


@flow(name="clean-documents", version="0.1.0", log_prints=False, on_failure=[record_failure], on_crashed=[record_failure])
def clean_documents(
    sources: list[str], output: str = "output", batch_size: int | None = None, workers: int | None = None,
    entities: bool | None = None, extract_fast: bool | None = None, site_templates: bool | None = None,
    reprocess: bool | None = None, config_file: str | None = None, dask_address: str | None = None,
    batch_timeout_s: float = executors.DEFAULT_BATCH_TIMEOUT_S,
) -> dict[str, Any]:
    """Clean documents from files, folders or globs into validated Parquet datasets.

    Args:
        sources: Input files, directories or glob patterns (txt, html, json, jsonl, warc; compressed too).
        output: Output directory: documents/, removed_lines/, quarantine/ and runs/ as Parquet.
        batch_size: Documents per batch (one task run each). Empty: the settings file's value, else 100.
        workers: Worker processes on this machine; 0 = one per core. Empty: settings file, else 0.
        entities: Named-entity recognition (spaCy). Empty: settings file, else on.
        extract_fast: Trafilatura fast mode, without fallback extractors. Empty: settings file, else off.
        site_templates: Learn and remove lines repeated across a site's pages. Empty: settings file, else on.
        reprocess: Process every input again, even documents already loaded. Empty: settings file, else off.
        config_file: Settings TOML layered over the shipped defaults (see docs/configuration.md).
        dask_address: Run the batches on this Dask scheduler, e.g. tcp://127.0.0.1:8786.
        batch_timeout_s: Fail a batch that runs longer than this many seconds (it is retried once).
    """
    t0 = time.perf_counter()
    given = dict(batch_size=batch_size, workers=workers, entities=entities, extract_fast=extract_fast,
                 site_templates=site_templates, reprocess=reprocess)
    overrides = {k: v for k, v in given.items() if v is not None}
    settings = Settings.from_toml(config_file, **overrides) if config_file else Settings.from_mapping(overrides)
    if dask_address or settings.effective_workers <= 1:
        get_run_logger().info("batches run in threads: the %.0fs batch timeout interrupts Python code, not a "
                              "blocking C call (extraction has its own per-document cap)", batch_timeout_s)

    def tasks(batches: Sequence[Sequence[InputRef]], ctx: pipeline.RunContext) -> PrefectTasks:
        return PrefectTasks(ctx, min(settings.effective_workers, len(batches)), dask_address, batch_timeout_s)

    try:
        summary = pipeline.run(sources, output, settings, on_batch=_Progress(), executor=tasks)
    except BaseException:
        run = FlowRunContext.get()
        if run and run.flow_run:
            _RECORDED.add(str(run.flow_run.id))
        raise
    _publish(summary, time.perf_counter() - t0)
    return summary.as_row()
