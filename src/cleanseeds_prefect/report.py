"""Run reports as plain data: the text and tables the flow publishes as Prefect artifacts.

Nothing here imports Prefect, so every report can be built and tested from a
:class:`cleanseeds.pipeline.RunSummary` (or its ``runs/`` row) without a flow run. The flow
only hands the results to ``create_markdown_artifact`` / ``create_table_artifact``.
"""
from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping
from typing import Any

from cleanseeds.pipeline import CORE_STAGES, RunSummary

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
    removed = removed_lines_table(summary)
    if removed:
        lines += ["| reason | lines | share |", "|---|---:|---:|"]
        lines += [f"| {_md_escape(r['reason'])} | {r['lines']} | {r['share_of_removed']} |" for r in removed]
    else:
        lines.append("No lines removed.")
    lines.append("")

    lines += [f"## Quarantined documents: {c['quarantined']}", ""]
    quarantine = quarantine_table(summary)
    if quarantine:
        lines += ["| reason | documents | share of inputs |", "|---|---:|---:|"]
        lines += [f"| {_md_escape(r['reason'])} | {r['documents']} | {r['share_of_inputs']} |" for r in quarantine]
    else:
        lines.append("No documents quarantined.")
    lines.append("")

    ents = top_entities(summary.entity_counts)
    lines += [f"## Top entities ({len(summary.entity_counts)} distinct)", ""]
    if ents:
        lines += ["| entity | label | mentions |", "|---|---|---:|"]
        lines += [f"| {_md_escape(e['entity'])} | {e['label']} | {e['mentions']} |" for e in ents]
    else:
        lines.append("No entities (entity recognition off, or no English text).")
    lines.append("")

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
