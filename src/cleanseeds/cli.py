"""``cleanseeds`` command line.

    cleanseeds run SOURCE... --output DIR [options]   clean SOURCE into Parquet datasets
    cleanseeds explain FILE [--record N]               show each line kept/removed and why
    cleanseeds config [--config TOML] [--markdown]     check settings / print docs/configuration.md
    cleanseeds report OUTPUT                           write OUTPUT/report/ (static site) and OUTPUT/views.sql
    cleanseeds reset-templates DIR                     forget the site templates an output learned

Exit codes: 0 the run completed (even with quarantined documents); 2 wrong command line;
3 output not writable or locked, disk full, read-only file system; 4 configuration error
(one line naming the setting); 5 the run found no input (nothing matched the SOURCEs; it is
recorded in runs/ with 0 inputs); 130 interrupted (SIGINT), 143 terminated (SIGTERM), 129 hung
up (SIGHUP); 1 anything else.
"""
from __future__ import annotations

import argparse
import os
import signal
import sys
import tempfile
from collections.abc import Sequence
from typing import Any, NoReturn

from cleanseeds import outcome
from cleanseeds.config import DEFAULT
from cleanseeds.errors import ConfigError, InputError, OutputError


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:  # one clear line, exit 2
        hint = f" (see 'cleanseeds {self.prog.split()[-1]} --help')" if " " in self.prog else ""
        self.exit(2, f"cleanseeds: error: {message}{hint}\n")


def _prefect_env(quiet: bool) -> None:
    """Quiet, offline-friendly defaults for the temporary local Prefect server. Without
    ``--quiet`` the flow's own log lines (one per batch) are the progress display; the
    per-task-run lines stay hidden. Variables already set in the environment win."""
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    os.environ.setdefault("DO_NOT_TRACK", "1")
    os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "180")
    os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING" if quiet else "INFO")
    os.environ.setdefault("PREFECT_LOGGING_LOGGERS_PREFECT_TASK_RUNS_LEVEL", "WARNING")


def build_parser() -> argparse.ArgumentParser:
    p = _Parser(prog="cleanseeds", description="Clean scraped documents into validated Parquet datasets.")
    sub = p.add_subparsers(dest="command", required=True, parser_class=_Parser)

    r = sub.add_parser("run", help="clean SOURCE files, directories or globs into Parquet datasets under --output",
                       description="Clean SOURCE files, directories (recursively) or quoted globs into Parquet datasets under DIR. "
                                   "Exit codes: 0 completed, 2 wrong command line, 3 output not writable or locked, "
                                   "4 invalid settings, 5 no input found. Guide: docs/usage.md")
    r.add_argument("sources", nargs="+", metavar="SOURCE", help="input file, directory, quoted glob or fsspec URL")
    r.add_argument("--output", "-o", required=True, metavar="DIR", help="output directory (Parquet datasets)")
    r.add_argument("--batch-size", type=int, default=None, metavar="N", help=f"documents per batch (default {DEFAULT.batch_size})")
    r.add_argument("--workers", type=int, default=None, metavar="N", help="worker processes (default: one per core)")
    r.add_argument("--no-entities", action="store_true", help="skip named-entity recognition")
    r.add_argument("--fast", action="store_true", help="trafilatura fast mode (no fallback extractors)")
    r.add_argument("--no-site-templates", action="store_true", help="do not learn/remove lines repeated across a site")
    r.add_argument("--reprocess", action="store_true", help="process every input again, even if already loaded")
    r.add_argument("--config", metavar="TOML", help="settings file: any setting of docs/configuration.md")
    r.add_argument("--dask-address", metavar="ADDR", help="run batches on this Dask scheduler (tcp://host:8786)")
    how = r.add_mutually_exclusive_group()
    how.add_argument("--prefect", action="store_true", help="run as the clean-documents Prefect flow (default when PREFECT_API_URL is set)")
    how.add_argument("--no-prefect", action="store_true", help="run without Prefect even when PREFECT_API_URL is set (same output)")
    r.add_argument("--no-report", action="store_true", help="do not regenerate OUTPUT/report/ and OUTPUT/views.sql at the end")
    r.add_argument("--quiet", "-q", action="store_true", help="no progress or summary output")
    # --- hostile (issue 15): symlink policy -------------------------------------------------
    r.add_argument("--follow-links", action="store_true",
                   help="follow symlinks that lead outside the given sources (default: quarantine them as outside_source_tree)")
    # --- end hostile ------------------------------------------------------------------------

    e = sub.add_parser("explain", help="print a document line by line, kept or removed and why")
    e.add_argument("file", metavar="FILE")
    e.add_argument("--record", type=int, default=1, metavar="N", help="for JSONL/JSON/WARC files: the record whose source ends in #N (default 1)")
    e.add_argument("--only-removed", action="store_true", help="print only the removed lines")

    c = sub.add_parser("config", help="check a settings file and print the settings a run would use")
    c.add_argument("--config", metavar="TOML", help="settings file to check (see docs/configuration.md)")
    c.add_argument("--markdown", action="store_true", help="print the settings reference (docs/configuration.md) instead")

    rp = sub.add_parser("report", help="write OUTPUT/report/ (HTML, opens offline) and OUTPUT/views.sql from an output's tables")
    rp.add_argument("output", metavar="OUTPUT", help="a cleanseeds output directory")
    rp.add_argument("--max-documents", type=int, default=None, metavar="N",
                    help="document pages at most (default 2000; past it a fixed sample); see docs/report.md")
    rp.add_argument("--config", metavar="TOML", help="settings file (report_max_documents)")
    rp.add_argument("--quiet", "-q", action="store_true", help="print nothing")

    t = sub.add_parser("reset-templates", help="forget the site templates learned in an output directory (DIR/_state/site_templates.json)")
    t.add_argument("output", metavar="DIR")
    return p


def _settings(a: argparse.Namespace) -> Any:
    from cleanseeds.config import Settings

    overrides = dict(
        batch_size=a.batch_size, workers=a.workers, entities=False if a.no_entities else None,
        extract_fast=True if a.fast else None, site_templates=False if a.no_site_templates else None,
        reprocess=True if a.reprocess else None,
        follow_links=True if getattr(a, "follow_links", False) else None,  # hostile: --follow-links
        report=False if a.no_report else None,
    )
    if a.config:
        return Settings.from_toml(a.config, **overrides)
    return Settings().replace(**overrides)


def _check_output(path: str) -> None:
    """Fail fast, before any work starts, when the output directory cannot be written."""
    if os.path.exists(path) and not os.path.isdir(path):
        raise OutputError(f"output {path} exists and is not a directory")
    try:
        os.makedirs(path, exist_ok=True)
        fd, probe = tempfile.mkstemp(prefix=".write-probe-", dir=path)
        os.close(fd)
        os.unlink(probe)
    except OSError as exc:
        raise OutputError(f"output directory {path} is not writable ({exc.strerror or exc})") from exc


def use_prefect(a: argparse.Namespace) -> bool:
    """The flow when asked for, or when a Prefect server is configured (``PREFECT_API_URL``):
    the run is then recorded where the user looks. Else the same runner without Prefect: a
    temporary server would cost ~14 CPU-s per run and vanish with it, run history and all."""
    return bool(a.prefect or (not a.no_prefect and os.environ.get("PREFECT_API_URL")))


def _import_core() -> None:
    """Import the pipeline with the cyclic garbage collector paused, then freeze what the
    imports made (``gc.freeze``): the libraries' objects live until exit anyway, and every
    full collection of the run would traverse them again. Measured on the seeds run: the
    collector's time 0.34 -> 0.13 CPU-s, and less to collect at exit."""
    import gc

    gc.disable()
    try:
        import cleanseeds.pipeline  # noqa: F401
    finally:
        gc.freeze()
        gc.enable()


def cmd_run(a: argparse.Namespace) -> int:
    settings = _settings(a)
    outcome.check_sources(a.sources)
    _check_output(a.output)
    _import_core()
    progress = _Progress(enabled=not a.quiet and sys.stderr.isatty(), quiet=a.quiet)
    site = None  # the report, when this process wrote it (without Prefect; else the flow did)
    if use_prefect(a):
        _prefect_env(a.quiet)
        from cleanseeds_prefect.flow import clean_documents

        row = clean_documents(
            sources=list(a.sources), output=a.output, batch_size=settings.batch_size, workers=settings.workers,
            entities=settings.entities, extract_fast=settings.extract_fast, site_templates=settings.site_templates,
            reprocess=settings.reprocess, config_file=a.config, dask_address=a.dask_address,
            follow_links=settings.follow_links, write_report=settings.report,
        )
    else:
        from cleanseeds import executors, pipeline

        def executor(batches: Sequence[Any], _ctx: Any) -> Any:
            return executors.for_run(settings, batches, a.dask_address)

        from cleanseeds.report import after_run

        row = pipeline.run(a.sources, a.output, settings, on_batch=progress.update, executor=executor).as_row()
        site = after_run(a.output, settings, warn=lambda msg: print(f"cleanseeds: warning: {msg}", file=sys.stderr))
    progress.done(row)
    notice = outcome.no_input_message(row, a.sources)
    if notice:
        print(f"cleanseeds: {notice}", file=sys.stderr)
        return outcome.EXIT_NO_INPUT
    index = os.path.join(a.output, "report", "index.html")
    if not a.quiet and site is not None:
        print(f"report: {index} ({site.pages_written} document pages written, {site.charts_drawn} charts drawn, "
              f"{site.seconds:.2f} s, {site.cpu_seconds:.2f} CPU-s)")
    elif not a.quiet and settings.report and os.path.exists(index):
        print(f"report: {index}")
    return 0


class _Progress:
    def __init__(self, enabled: bool, quiet: bool) -> None:
        self.enabled, self.quiet = enabled, quiet

    def update(self, out: Any, done: int, total: int) -> None:
        if self.enabled:
            sys.stderr.write(f"\r[{done}/{total} batches] {out.counts['accepted']} accepted in last batch   ")
            sys.stderr.flush()

    def done(self, row: dict[str, Any]) -> None:
        if self.enabled:
            sys.stderr.write("\n")
        if not self.quiet:
            reasons = ", ".join(f"{k} {v}" for k, v in sorted(row["removed_by_reason"].items(), key=lambda kv: -kv[1]))
            print(
                f"run {row['run_id']} {row['status']}: {row['inputs']} inputs, {row['accepted']} accepted, "
                f"{row['quarantined']} quarantined, {row['skipped']} skipped (already loaded); "
                f"{row['lines_removed']} lines removed ({reasons or 'none'}) -> {row['output']}"
            )


def cmd_report(a: argparse.Namespace) -> int:
    from cleanseeds.config import Settings
    from cleanseeds.report import build_report

    out = a.output
    if not os.path.isdir(out) or not any(os.path.isdir(os.path.join(out, t)) for t in ("documents", "quarantine", "runs")):
        raise InputError(f"{out} is not a cleanseeds output directory (no documents/, quarantine/ or runs/)")
    override = {"report_max_documents": a.max_documents}
    settings = Settings.from_toml(a.config, **override) if a.config else Settings().replace(**override)
    r = build_report(out, settings)
    if not a.quiet:
        print(f"report: {r.path} ({r.documents} documents, {r.document_pages} document pages, "
              f"{r.pages_written} written; {r.bytes / 1e6:.1f} MB in {r.seconds:.1f}s); views: {os.path.join(out, 'views.sql')}")
    return 0


def cmd_config(a: argparse.Namespace) -> int:
    from cleanseeds import config

    if a.markdown:
        sys.stdout.write(config.markdown())
        return 0
    settings = config.Settings.from_toml(a.config) if a.config else config.Settings()
    sys.stdout.write(config.as_toml(settings))
    return 0


def cmd_explain(a: argparse.Namespace) -> int:
    from cleanseeds.explain import explain_file

    return explain_file(a.file, record=a.record, only_removed=a.only_removed, out=sys.stdout)


def cmd_reset_templates(a: argparse.Namespace) -> int:
    """Delete the output's learned site templates, holding the output's lock (a run in
    progress would save its own state at its end)."""
    from cleanseeds.clean.templates import reset
    from cleanseeds.config import Settings
    from cleanseeds.load import OutputStore

    if not os.path.isdir(os.path.join(a.output, "_state")):
        raise OutputError(f"{a.output} is not a cleanseeds output directory (no _state/)")
    with OutputStore(a.output, Settings(), "reset-templates") as store:
        gone = reset(store.state_dir)
    print(f"site templates of {a.output} {'forgotten' if gone else 'were not learned yet'}")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    a = parser.parse_args(argv)
    # --- hostile (issue 15): SIGTERM/SIGHUP like SIGINT, children stopped -------------------
    from cleanseeds import signals

    if a.command == "run":
        signals.install()
    try:
        if a.command == "run":
            try:
                return cmd_run(a)
            finally:
                signals.stop_children()
        if a.command == "config":
            return cmd_config(a)
        if a.command == "report":
            return cmd_report(a)
        if a.command == "reset-templates":
            return cmd_reset_templates(a)
        return cmd_explain(a)
    except OutputError as exc:
        print(f"cleanseeds: error: {exc}", file=sys.stderr)
        return 3
    except ConfigError as exc:
        print(f"cleanseeds: error: {exc}", file=sys.stderr)
        return 4
    except InputError as exc:
        print(f"cleanseeds: error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt as exc:
        print(f"cleanseeds: {exc or 'interrupted'}", file=sys.stderr)
        signals.exit_within(signals.exit_code(exc))
        return signals.exit_code(exc)
    except BaseException as exc:  # Prefect's TerminationSignal (its SIGTERM bridge during a flow run)
        if type(exc).__name__ != "TerminationSignal":
            raise
        print(f"cleanseeds: terminated by {signal.Signals(signals.exit_code(exc) - 128).name}", file=sys.stderr)
        signals.exit_within(signals.exit_code(exc))
        return signals.exit_code(exc)
    # --- end hostile ------------------------------------------------------------------------


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
