"""Run reports as plain data: the text and tables the flow publishes as Prefect artifacts.

Nothing here imports Prefect, so every report can be built and tested from a
:class:`cleanseeds.pipeline.RunSummary` (or its ``runs/`` row) without a flow run. The flow
only hands the results to ``create_markdown_artifact`` / ``create_table_artifact``.
"""
from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from cleanseeds.pipeline import CORE_STAGES, RunSummary
from cleanseeds.report import ReportResult

TOP_ENTITIES = 15

_KEY_BAD = re.compile(r"[^a-z0-9-]+")


def artifact_key(*parts: str) -> str:
    """A Prefect artifact key (lowercase letters, digits and dashes only)."""
    key = _KEY_BAD.sub("-", "-".join(parts).lower()).strip("-")
    return re.sub(r"-{2,}", "-", key) or "cleanseeds"


def _md_escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ").replace("`", "\\`")


def _pct(part: int, whole: int) -> str:
    return f"{100.0 * part / whole:.1f}%" if whole else "–"


def _md_table(header: tuple[str, ...], align: str, rows: list[list[object]], empty: str) -> list[str]:
    """A markdown table (``align``: one ``l`` or ``r`` per column), or the ``empty`` line when
    there are no rows."""
    if not rows:
        return [empty]
    rule = "|" + "|".join("---:" if a == "r" else "---" for a in align) + "|"
    return ["| " + " | ".join(header) + " |", rule] + ["| " + " | ".join(str(c) for c in row) + " |" for row in rows]


def top_entities(entity_counts: Mapping[str, int], n: int = TOP_ENTITIES) -> list[dict[str, Any]]:
    """The ``n`` most frequent entities. Keys of ``entity_counts`` are ``"LABEL\\ttext"``."""
    rows = []
    for key, count in Counter(entity_counts).most_common(n):
        label, _, text = key.partition("\t")
        rows.append({"entity": text or label, "label": label if text else "", "mentions": count})
    return rows


def quarantine_table(summary: RunSummary) -> list[dict[str, Any]]:
    """One row per quarantine reason: how many documents, and their share of the inputs."""
    inputs = summary.counts["inputs"]
    return [
        {"reason": reason, "documents": n, "share_of_inputs": _pct(n, inputs)}
        for reason, n in sorted(summary.quarantined_by_reason.items(), key=lambda kv: (-kv[1], kv[0]))
    ]


def removed_lines_table(summary: RunSummary) -> list[dict[str, Any]]:
    """One row per (reason, rule) pair that removed lines, most frequent first."""
    total = sum(summary.removed_by_reason.values())
    rows = []
    for reason, n in sorted(summary.removed_by_reason.items(), key=lambda kv: (-kv[1], kv[0])):
        rows.append({"reason": reason, "lines": n, "share_of_removed": _pct(n, total)})
    return rows


def progress_percent(done: int, total: int) -> float:
    """Progress of a run as a percentage in [0, 100] (100 for an empty run)."""
    if total <= 0:
        return 100.0
    return max(0.0, min(100.0, 100.0 * done / total))


def summary_markdown(summary: RunSummary, wall_seconds: float | None = None) -> str:
    """The markdown run report: counts, removed lines by reason, quarantine, entities, timings."""
    c = summary.counts
    row = summary.as_row()
    lines = [
        f"# cleanseeds run `{summary.run_id}` — {summary.status}",
        "",
        f"Output: `{_md_escape(summary.output)}` · rules version `{summary.rules_version}` · "
        f"{summary.batches} batch{'es' if summary.batches != 1 else ''}",
        "",
        "| documents | count | share |",
        "|---|---:|---:|",
        f"| in | {c['inputs']} | |",
        f"| accepted | {c['accepted']} | {_pct(c['accepted'], c['inputs'])} |",
        f"| quarantined | {c['quarantined']} | {_pct(c['quarantined'], c['inputs'])} |",
        f"| skipped (already loaded) | {c['skipped']} | {_pct(c['skipped'], c['inputs'])} |",
        "",
    ]
    if summary.error:
        lines += [f"**Error:** `{_md_escape(summary.error)}`", ""]

    lines += [f"## Lines removed: {row['lines_removed']}", ""]
    removed = [[_md_escape(r["reason"]), r["lines"], r["share_of_removed"]] for r in removed_lines_table(summary)]
    lines += [*_md_table(("reason", "lines", "share"), "lrr", removed, "No lines removed."), ""]

    lines += [f"## Quarantined documents: {c['quarantined']}", ""]
    quarantine = [[_md_escape(r["reason"]), r["documents"], r["share_of_inputs"]] for r in quarantine_table(summary)]
    lines += [*_md_table(("reason", "documents", "share of inputs"), "lrr", quarantine, "No documents quarantined."), ""]

    ents = [[_md_escape(e["entity"]), e["label"], e["mentions"]] for e in top_entities(summary.entity_counts)]
    lines += [f"## Top entities ({len(summary.entity_counts)} distinct)", ""]
    lines += [*_md_table(("entity", "label", "mentions"), "llr", ents, "No entities (entity recognition off, or no text in a language with a model)."), ""]

    lines += ["## Time per stage (seconds, summed over batches and workers)", "", "| stage | seconds | share |", "|---|---:|---:|"]
    stages = dict(summary.timings)
    core = sum(stages.values())
    ordered = [s for s in CORE_STAGES if s in stages] + sorted(s for s in stages if s not in CORE_STAGES)
    lines += [f"| {s} | {stages[s]:.3f} | {_pct(int(stages[s] * 1e6), int(core * 1e6))} |" for s in ordered]
    lines.append(f"| **total in core stages** | {core:.3f} | |")
    if wall_seconds is not None:
        lines.append(f"| wall time of the flow | {wall_seconds:.3f} | |")
    lines.append("")
    return "\n".join(lines)


# --- the static report and the quarantined files (issue 18) ------------------------------------

QUARANTINE_LISTED = 50  # quarantined files listed in the markdown artifact (all are in the report)


def progress_description(counts: Mapping[str, int], batches_done: int, batches_total: int) -> str:
    """The progress artifact's text: counts so far, not only a percentage."""
    c = Counter(counts)
    return (f"{c['inputs']:,} inputs done · {c['accepted']:,} accepted · "
            f"{c['quarantined']:,} quarantined · {c['skipped']:,} skipped · "
            f"batch {batches_done}/{batches_total}")


def quarantined_files(output: str, run_id: str, limit: int = QUARANTINE_LISTED) -> tuple[list[dict[str, Any]], int]:
    """The inputs run ``run_id`` quarantined (read back from ``quarantine/``): the first
    ``limit`` rows by source, and how many there are."""
    import pyarrow.compute as pc

    from cleanseeds.report import data

    rows = data.read(Path(output), "quarantine", ["source", "stage", "reason", "detail"], filter=pc.field("run_id") == run_id).sort("source")
    return rows.head(limit).to_dicts(), len(rows)


def report_markdown(output: str, run_id: str, site: ReportResult | None, enabled: bool) -> str:
    """The markdown section that links the static report and lists the quarantined files."""
    lines = ["## Report", ""]
    if site is not None:
        uri = site.path.resolve().as_uri()
        lines += [(f"[Open the report]({uri}) — `{_md_escape(str(site.path))}` ({site.documents:,} documents, "
                  f"{site.document_pages:,} document pages, {site.bytes / 1e6:.1f} MB, written in {site.seconds:.1f} s). "
                  f"DuckDB views: `duckdb -init {_md_escape(str(Path(output) / 'views.sql'))}`."), ""]
    elif enabled:
        lines += ["The report could not be written (see the flow's log); `cleanseeds report OUTPUT` retries it.", ""]
    else:
        lines += ["Report off (`report = false`).", ""]
    files, total = quarantined_files(output, run_id)
    lines += [f"## Quarantined files: {total}", ""]
    cells = [[f"`{_md_escape(f['source'])}`", f["stage"], f["reason"], _md_escape(f["detail"][:200])] for f in files]
    lines += _md_table(("file", "stage", "reason", "detail"), "llll", cells, "None.")
    if total > len(files):
        lines.append(f"\n… and {total - len(files):,} more: every one is in the report and in `quarantine/`.")
    lines.append("")
    return "\n".join(lines)
