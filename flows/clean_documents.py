"""The ``clean-documents`` Prefect flow: thin tasks around :mod:`cleanseeds.pipeline`.

One task run per *batch* (not per document). Batches run on the task runner chosen by the
flow's parameters: a local process pool by default, a thread for ``workers=1``, or an
existing Dask cluster when ``dask_address`` is given. Writing happens in the flow's own
process, batch by batch, so memory stays flat and only one process touches the output.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from prefect import flow, get_run_logger, task
from prefect.futures import PrefectFuture, as_completed
from prefect.task_runners import ProcessPoolTaskRunner, TaskRunner, ThreadPoolTaskRunner

from cleanseeds import clean, pipeline
from cleanseeds.config import Settings
from cleanseeds.load import OutputStore
from cleanseeds.records import InputRef, Rejected


@task(name="discover", retries=2, retry_delay_seconds=[1, 5])
def discover_task(sources: Sequence[str], settings: Settings) -> tuple[list[InputRef], list[Rejected]]:
    return pipeline.discover(sources, settings)


@task(name="process-batch")
def process_batch_task(
    batch_no: int,
    refs: Sequence[InputRef],
    ctx: pipeline.RunContext,
    templates: clean.SiteTemplates | None,
    skip_ids: frozenset[str],
) -> pipeline.BatchOutput:
    return pipeline.process_batch(batch_no, refs, ctx, templates, skip_ids)


@task(name="load-batch", retries=3, retry_delay_seconds=[1, 2, 4])
def load_task(store: OutputStore, out: pipeline.BatchOutput) -> None:
    store.write(out.tables)


def make_task_runner(workers: int, dask_address: str | None) -> TaskRunner[Any]:
    if dask_address:
        from prefect_dask import DaskTaskRunner

        return DaskTaskRunner(address=dask_address)
    if workers <= 1:
        return ThreadPoolTaskRunner(max_workers=1)
    return ProcessPoolTaskRunner(max_workers=workers)


@flow(name="clean-documents", version="0.1.0", log_prints=False)
def clean_documents(
    sources: list[str],
    output: str = "output",
    batch_size: int = 200,
    workers: int = 0,
    entities: bool = True,
    extract_fast: bool = False,
    site_templates: bool = True,
    reprocess: bool = False,
    config_file: str | None = None,
    dask_address: str | None = None,
) -> dict[str, Any]:
    """Clean documents from ``sources`` (files, directories or globs) into Parquet under ``output``."""
    logger = get_run_logger()
    overrides = dict(batch_size=batch_size, workers=workers, entities=entities, extract_fast=extract_fast, site_templates=site_templates, reprocess=reprocess)
    settings = Settings.from_toml(config_file, **overrides) if config_file else Settings(**overrides)
    ctx = pipeline.RunContext.new(settings)
    summary = pipeline.RunSummary(ctx.run_id, output, ctx.ingested_at, rules_version=ctx.rules_version, settings=settings.as_dict())
    with OutputStore(output, settings, ctx.run_id) as store:
        try:
            refs, early = discover_task(sources, settings)
            batches = pipeline.plan_batches(refs, settings)
            logger.info("run %s: %d input files in %d batches, %d rejected at discovery", ctx.run_id, len(refs), len(batches), len(early))
            templates = clean.SiteTemplates.load(store.state_dir) if settings.site_templates else None
            if early:
                out = pipeline.rejected_batch(0, early, ctx)
                load_task(store, out)
                summary.add(out)
            n_workers = 1 if dask_address is None and len(batches) <= 1 else settings.effective_workers
            runner = make_task_runner(n_workers, dask_address)
            with runner:
                window = max(2, 2 * n_workers)
                queue = list(enumerate(batches, 1))
                pending: list[PrefectFuture[pipeline.BatchOutput]] = []
                while queue or pending:
                    while queue and len(pending) < window:
                        n, b = queue.pop(0)
                        skip = store.skip_ids(ctx.rules_version, [r.path for r in b])
                        params = dict(batch_no=n, refs=b, ctx=ctx, templates=templates, skip_ids=skip)
                        pending.append(runner.submit(process_batch_task, parameters=params))
                    for fut in [next(as_completed(pending))]:
                        pending.remove(fut)
                        out = fut.result()
                        load_task(store, out)
                        summary.add(out)
                        if templates is not None and out.template_observations is not None:
                            templates.update(out.template_observations)
                        logger.info("batch %d/%d: %d accepted, %d quarantined, %d skipped", summary.batches, len(batches) + (1 if early else 0), out.counts["accepted"], out.counts["quarantined"], out.counts["skipped"])
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
    row = summary.as_row()
    logger.info("run %s %s: %s", ctx.run_id, summary.status, {k: row[k] for k in ("inputs", "accepted", "quarantined", "skipped", "lines_removed")})
    return row
