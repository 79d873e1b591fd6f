"""``cleanseeds report OUTPUT``: the dataset and its documents as a static site, OUTPUT/report/.

Read from the output's tables only (nothing is re-run), written as plain HTML files that
open from disk with no request to any other host: the stylesheet and the one small
table-sorting script are files beside the pages (relative links), the charts are inline SVG written by
:mod:`cleanseeds.report.charts` (no plotting library).

    report/index.html              the dataset: counts, charts, removed lines, quarantine with
                                   the files, duplicates, entities, run history
    report/documents-0001.html ... every document, 500 per page, sorted by source
    report/quarantine-0001.html... every quarantined input, 500 per page (when more than fit
                                   on the index)
    report/d/<doc_id>.html         one document: metadata and every non-blank input line in
                                   order, kept, or removed with its reason and rule

Size stays bounded on any corpus: document pages are written for at most
``Settings.report_max_documents`` documents (all of them below that; above it a fixed sample,
the documents with the smallest ``doc_id``, which is a hash, so a uniform sample that stays
the same from run to run). Every page says which. A document page is rewritten only when its
row changed (``report/_manifest.json`` keeps the run that wrote each page), so regenerating
after every run costs little. ``OUTPUT/views.sql`` (:mod:`cleanseeds.views`) is written
alongside.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import polars as pl

from cleanseeds import schemas
from cleanseeds.config import Settings
from cleanseeds.report import data
from cleanseeds.report.pages import CSS, SORT_JS, esc, figure, num, page, pager, table
from cleanseeds.views import write_views

REPORT_DIR = "report"
#: Bump when the pages' layout changes: every document page is rewritten.
REPORT_VERSION = "3"
PER_PAGE = 500  # rows per documents-/quarantine- list page
QUARANTINE_ON_INDEX = 200  # quarantined inputs listed on the index itself
TOP_ENTITIES = 40
TOP_RULES = 60
RUNS_CHARTED = 30  # most recent runs in the per-run charts (all are in the table)

#: Document columns shown by their own widgets; every other scalar column is metadata.
_SHOWN = {"text", "kept_line_nos", "entities", "entity_counts", "dates", "doc_id", "source", "title", "url"}
_SITE_RE = r"^[A-Za-z][A-Za-z0-9+.\-]*://(?:[^@/]*@)?([^/:?#]+)"


@dataclass(frozen=True, slots=True)
class ReportResult:
    path: Path  # report/index.html
    documents: int
    document_pages: int  # pages in the report
    pages_written: int  # pages (re)written by this call
    seconds: float
    bytes: int  # size of report/
    charts_drawn: int = 0  # charts drawn by this call (the others were unchanged and reused)
    cpu_seconds: float = 0.0  # CPU time of this process (all its threads) spent on it


def _site_expr() -> pl.Expr:
    path = pl.col("input_path")
    folder = pl.when(path.str.contains("/", literal=True)).then(path.str.replace(r"/[^/]*$", "")).otherwise(pl.lit("."))
    return pl.coalesce(pl.col("url").str.extract(_SITE_RE, 1).str.to_lowercase(), pl.col("sitename"), folder).alias("site")


def _counts(df: pl.DataFrame, col: str, null: str = "(unknown)") -> list[tuple[str, float]]:
    if df.is_empty():
        return []
    g = df.select(pl.col(col).cast(pl.String).fill_null(null)).group_by(col).len().sort(["len", col], descending=[True, False])
    return [(str(k), float(v)) for k, v in g.iter_rows()]


def _file_link(path: str | None, label: str | None = None) -> str:
    """A link to a local input file (file URI) when it still exists, else its name."""
    if not path:
        return ""
    text = esc(label or path)
    if "://" in path:
        return f'<a href="{esc(path)}">{text}</a>' if path.startswith(("http://", "https://", "file://")) else text
    p = Path(path)
    try:
        if p.exists():
            return f'<a href="{esc(p.resolve().as_uri())}">{text}</a>'
    except (OSError, ValueError):
        pass
    return text


class _Charts:
    """The charts of one report, each reused from the last report when its data did not
    change (``report/_charts.json``, keyed by a hash of the chart's inputs): an incremental
    run redraws only what moved."""

    def __init__(self, path: Path) -> None:
        self.path = path
        try:
            self.old: dict[str, str] = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            self.old = {}
        self.new: dict[str, str] = {}
        self.drawn = 0

    def _get(self, kind: str, *args: Any, **kwargs: Any) -> str:
        key = hashlib.sha256(json.dumps([REPORT_VERSION, kind, args, kwargs], default=str).encode()).hexdigest()[:24]
        svg = self.old.get(key)
        if svg is None:
            from cleanseeds.report import charts

            svg = getattr(charts, kind)(*args, **kwargs)
            self.drawn += 1
        self.new[key] = svg
        return svg

    def bars(self, *args: Any, **kwargs: Any) -> str:
        return self._get("bars", *args, **kwargs)

    def stacked(self, *args: Any, **kwargs: Any) -> str:
        return self._get("stacked", *args, **kwargs)

    def save(self) -> None:
        _write(self.path, json.dumps(self.new))


# --- document pages ------------------------------------------------------------------------


def document_lines(text: str, kept_line_nos: Sequence[int] | None, removed: Sequence[dict[str, Any]]) -> tuple[list[dict[str, Any]], bool]:
    """Every non-blank line of the cleaner's input, in order: ``{line_no, text, kept, reason,
    rule}``. Exact from ``kept_line_nos``; for rows written before that column existed, kept
    lines are placed between the removed ones by their character offsets (assuming blank
    lines are empty) and the second value is False when a placement could not be confirmed."""
    kept = text.split("\n") if text else []
    rows = [{"line_no": r["line_no"], "text": r["text"], "kept": False, "reason": r["reason"], "rule": r["rule"]} for r in removed]
    exact = True
    if kept_line_nos is not None and len(kept_line_nos) == len(kept):
        rows += [{"line_no": n, "text": t, "kept": True, "reason": None, "rule": None} for n, t in zip(kept_line_nos, kept, strict=True)]
        return sorted(rows, key=lambda r: r["line_no"]), True
    # fallback: chars before removed line r = sum(len+1 of the lines before it)
    prefix = [0]
    for t in kept:
        prefix.append(prefix[-1] + len(t))
    placed: list[dict[str, Any]] = []
    k = 0
    removed_chars = 0
    for r in sorted(removed, key=lambda r: r["line_no"]):
        target = r["start"] - (r["line_no"] - 1) - removed_chars  # chars of kept + blank lines before it
        c = k
        while c < len(kept) and prefix[c + 1] <= target:
            c += 1
        if prefix[c] != target:
            exact = False
        placed += [{"line_no": None, "text": t, "kept": True, "reason": None, "rule": None} for t in kept[k:c]]
        k = c
        placed.append({"line_no": r["line_no"], "text": r["text"], "kept": False, "reason": r["reason"], "rule": r["rule"]})
        removed_chars += len(r["text"])
    placed += [{"line_no": None, "text": t, "kept": True, "reason": None, "rule": None} for t in kept[k:]]
    return placed, exact


def _extraction_table(dropped: list[dict[str, Any]]) -> str:
    """The blocks of an HTML page the extractor left out (removed_lines rows of stage extract), in page order."""
    out = ['<table class="lines blocks" data-table="extraction"><thead><tr><th>block</th><th>verdict</th><th>text</th></tr></thead><tbody>']
    for r in sorted(dropped, key=lambda r: r["line_no"]):
        hover = esc(f"left out by extraction: {r['reason']} (rule {r['rule']})")
        out.append(f'<tr class="removed" title="{hover}" data-reason="{esc(r["reason"])}" data-rule="{esc(r["rule"])}">'
                   f'<td class="no">{r["line_no"]}</td><td class="v"><span class="reason">{esc(r["reason"])}</span> <code>{esc(r["rule"])}</code></td>'
                   f'<td class="t">{esc(r["text"])}</td></tr>')
    out.append("</tbody></table>")
    return "".join(out)


def _document_page(doc: dict[str, Any], removed: list[dict[str, Any]], columns: Sequence[str], sampled_note: str) -> str:
    dropped = [r for r in removed if r.get("stage") == "extract"]  # HTML ledger: numbered by page block, not by line
    lines, exact = document_lines(doc["text"], doc.get("kept_line_nos"), [r for r in removed if r.get("stage") != "extract"])
    title = doc.get("title") or doc["source"]
    url = doc.get("url")
    src = _file_link(doc.get("input_path"), doc["source"])
    body = [f"<h1>{esc(title)}</h1>", f'<div class="muted">Source: {src}' + (f' · <a href="{esc(url)}">{esc(url)}</a>' if url else "") + "</div>"]
    n_rm = sum(1 for r in lines if not r["kept"])
    body.append(f'<div class="cards"><div class="card"><b data-count="lines-kept">{len(lines) - n_rm}</b><span>lines kept</span></div>'
                f'<div class="card"><b data-count="lines-removed">{n_rm}</b><span>lines removed</span></div>'
                f'<div class="card"><b>{len(doc.get("entities") or [])}</b><span>entity mentions</span></div></div>')
    body.append("<h2>Metadata</h2>" + table(["column", "value"], _metadata(doc, columns), cls="meta"))
    body.append("<h2>Lines</h2>")
    body.append('<p class="note">Every non-blank line the cleaner saw (for HTML, the extracted main text), in order: kept, '
                'or removed with its reason code and the rule that fired (also on hover). The same verdicts as '
                '<code>cleanseeds explain</code>, read from <code>documents</code> and <code>removed_lines</code>.'
                + ("" if exact else " <b>Positions of kept lines are approximate</b>: this row was written before "
                   "<code>kept_line_nos</code> existed.") + "</p>")
    body.append(_lines_table(lines))
    if dropped:
        body.append(f'<h2>Blocks the extractor left out ({len(dropped)})</h2><p class="note">Visible blocks of the page that are not in '
                    'the main text, numbered by their place in the page, each with the region it sat in and the extraction '
                    'strategy that dropped it (<code>removed_lines</code> rows of stage <code>extract</code>).</p>')
        body.append(_extraction_table(dropped))
    ents = doc.get("entities") or []
    if ents:
        agg = Counter((e["label"], e.get("canonical") or e["text"]) for e in ents)
        rows = sorted(((lab, name, n) for (lab, name), n in agg.items()), key=lambda r: (-r[2], r[0], r[1]))
        body.append("<h2>Entities</h2>" + table(["label", "entity", "mentions"], rows, numeric=[2]))
    dates = doc.get("dates") or []
    if dates:
        body.append("<h2>Dates mentioned</h2>" + table(["text", "value", "granularity", "kind"],
                                                        [(m["text"], m["value"], m["granularity"], m["kind"]) for m in dates]))
    body.append(f'<p class="note">{sampled_note}</p>')
    return page(f"{title} — cleanseeds", "".join(body), root="../", script=True)


def _metadata(doc: dict[str, Any], columns: Sequence[str]) -> list[tuple[str, Any]]:
    """(column, value) of every non-empty column not shown elsewhere on the page, then doc_id."""
    meta = []
    for c in columns:
        v = doc.get(c)
        if c in _SHOWN or v is None or v == "":
            continue
        if isinstance(v, dt.datetime):
            v = v.isoformat(timespec="seconds")
        if isinstance(v, list):
            v = json.dumps(v, default=str, ensure_ascii=False)
        meta.append((c, v))
    meta.append(("doc_id", doc["doc_id"]))
    return meta


def _lines_table(lines: Sequence[dict[str, Any]]) -> str:
    """Every line, kept or removed with its reason and rule (also as the row's hover title)."""
    out = ['<table class="lines" data-table="lines"><thead><tr><th>line</th><th>verdict</th><th>text</th></tr></thead><tbody>']
    for r in lines:
        no = "" if r["line_no"] is None else str(r["line_no"])
        anchor = f' id="L{no}"' if no else ""
        if r["kept"]:
            out.append(f'<tr class="kept"{anchor}><td class="no">{no}</td><td class="v"><span class="kept-badge">kept</span></td>'
                       f'<td class="t">{esc(r["text"])}</td></tr>')
        else:
            hover = esc(f"removed: {r['reason']} (rule {r['rule']})")
            out.append(f'<tr class="removed"{anchor} title="{hover}" data-reason="{esc(r["reason"])}" data-rule="{esc(r["rule"])}">'
                       f'<td class="no">{no}</td><td class="v"><span class="reason">{esc(r["reason"])}</span> <code>{esc(r["rule"])}</code></td>'
                       f'<td class="t">{esc(r["text"])}</td></tr>')
    out.append("</tbody></table>")
    return "".join(out)


# --- the index -------------------------------------------------------------------------------


def _kv_list(v: Any) -> list[tuple[str, float]]:
    if not v:
        return []
    return [(x["key"], float(x.get("count", x.get("seconds", 0)) or 0)) for x in v]


def _published_chart(docs: pl.DataFrame, charts: _Charts) -> tuple[str, str] | None:
    dated = docs.filter(pl.col("published").is_not_null()).select("published", "published_granularity")
    if dated.is_empty():
        return None
    years = [d.year for d in dated["published"].to_list()]
    by_year = max(years) - min(years) >= 3
    buckets: dict[str, dict[str, int]] = {}
    order: dict[str, tuple[int, int]] = {}
    for d, g in dated.iter_rows():
        g = g or "day"
        if by_year or g == "year":
            label = str(d.year) if by_year else f"{d.year} (year only)"
            key = (d.year, 0 if by_year else 13)
        else:
            label, key = f"{d.year}-{d.month:02d}", (d.year, d.month)
        order[label] = key
        buckets.setdefault(label, {})
        buckets[label][g] = buckets[label].get(g, 0) + 1
    cats = sorted(buckets, key=lambda c: order[c])
    grans = [g for g in ("day", "month", "year") if any(g in b for b in buckets.values())]
    series = {g: [buckets[c].get(g, 0) for c in cats] for g in grans}
    note = (f"{len(dated):,} of {len(docs):,} documents have a publication date; bars by "
            + ("year" if by_year else "month (a date known only to the year has its own bar)")
            + ", colour = the date's granularity.")
    return charts.stacked("published", cats, series, ylabel="documents", legend_title="known to the"), note


def _index(out: Path, charts: _Charts, docs: pl.DataFrame, removed: pl.DataFrame, quarantine: pl.DataFrame,
           runs: pl.DataFrame, ents: pl.DataFrame, pages_note: str, n_pages: int) -> str:
    """The index page: a header with the counts, then one section per table."""
    body = (_index_head(out, docs, removed, quarantine, runs, pages_note, n_pages) + _dataset_section(charts, docs)
            + _removed_section(charts, removed, runs) + _quarantine_section(charts, quarantine) + _duplicates_section(docs)
            + _entities_section(charts, ents) + _runs_section(charts, runs))
    return page("cleanseeds report", "".join(body), script=True)


def _index_head(out: Path, docs: pl.DataFrame, removed: pl.DataFrame, quarantine: pl.DataFrame, runs: pl.DataFrame, pages_note: str, n_pages: int) -> list[str]:
    """The title, the output and its last run, the count cards."""
    body: list[str] = []
    last = runs.sort(["started_at", "finished_at"], nulls_last=True).tail(1).to_dicts()[0] if not runs.is_empty() else None
    body.append("<h1>cleanseeds report</h1>")
    gen = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    body.append(f'<div class="muted">Output <code>{esc(out.resolve().as_posix())}</code> · generated {esc(gen)}'
                + (f' · last run <code>{esc(last["run_id"])}</code> ({esc(last["status"])})' if last else "") + "</div>")
    n_sites = docs["site"].n_unique() if not docs.is_empty() else 0
    cards = [("documents", len(docs), "documents"), ("removed-lines", len(removed), "lines removed"),
             ("quarantined", len(quarantine), "inputs quarantined"), ("runs", len(runs), "runs"),
             ("sites", n_sites, "sites"), ("document-pages", n_pages, "document pages")]
    card = '<div class="card"><b data-count="{}">{}</b><span>{}</span></div>'
    body.append('<div class="cards">' + "".join(card.format(k, num(v), esc(t)) for k, v, t in cards) + "</div>")
    body.append(f'<p class="note">{pages_note} <a href="documents-0001.html">All documents</a>. '
                f"Query the same tables with DuckDB: <code>duckdb -init {esc((out / 'views.sql').resolve().as_posix())}</code> "
                "(views documents, removed_lines, quarantine, runs, entities, dates, document_summary, run_removals).</p>")
    return body


def _dataset_section(charts: _Charts, docs: pl.DataFrame) -> list[str]:
    """Documents by ingest day, site, language, page type, strategy; publication dates."""
    body: list[str] = []
    # dataset
    body.append('<h2 id="dataset">Dataset</h2><div class="grid">')
    if not docs.is_empty():
        days = sorted(_counts(docs, schemas.PARTITION))
        body.append(figure("ingest-day", "Documents by ingest day", charts.bars("ingest-day", days, "documents", horizontal=False)))
        body.append(figure("site", "Documents by site", charts.bars("site", _counts(docs, "site"), "documents"),
                           "Site: the URL's host, else the page's site name, else the input's folder."))
        body.append(figure("language", "Documents by language", charts.bars("language", _counts(docs, "language", "(undetermined)"), "documents")))
        for col, caption in (("page_type", "Documents by page type"), ("extraction", "Documents by extraction strategy")):
            if col in docs.columns:
                body.append(figure(col.replace("_", "-"), caption, charts.bars(col.replace("_", "-"), _counts(docs, col), "documents")))
        pub = _published_chart(docs, charts)
        if pub:
            body.append(figure("published", "Publication dates", pub[0], pub[1]))
    else:
        body.append("<p>No documents yet.</p>")
    body.append("</div>")
    return body


def _removed_section(charts: _Charts, removed: pl.DataFrame, runs: pl.DataFrame) -> list[str]:
    """Removed lines by reason, per run, by rule."""
    body: list[str] = []
    # removed lines
    body.append(f'<h2 id="removed">Removed lines: <span data-count="removed-lines-total">{len(removed):,}</span></h2>')
    body.append('<p class="note">Lines the cleaner removed from the current documents, by reason code and by rule; '
                "then per run, from each run's own counters, so a rules change shows as a step.</p><div class=\"grid\">")
    if not removed.is_empty():
        by_reason = _counts(removed, "reason")
        body.append(figure("removed-by-reason", "Removed lines by reason", charts.bars("removed-by-reason", by_reason, "lines")))
        body.append("<div><h3>By reason</h3>" + table(["reason", "lines", "documents"], [
            (r, int(n), int(removed.filter(pl.col("reason") == r)["doc_id"].n_unique())) for r, n in by_reason],
            numeric=[1, 2], data="removed-by-reason") + "</div>")
    if not runs.is_empty():
        recent = runs.sort(["started_at", "finished_at"], nulls_last=True).tail(RUNS_CHARTED)
        reasons = sorted({k for v in recent["removed_by_reason"].to_list() for k, _ in _kv_list(v)})
        if reasons:
            cats = [f"{r['run_id'][:16]} ({r['rules_version'][:6]})" for r in recent.iter_rows(named=True)]
            per = [dict(_kv_list(v)) for v in recent["removed_by_reason"].to_list()]
            series = {k: [p.get(k, 0) for p in per] for k in reasons}
            body.append(figure("removed-per-run", "Lines removed per run, by reason", charts.stacked("removed-per-run", cats, series, "lines", horizontal=True),
                               "One bar per run (rules version in brackets)."))
    body.append("</div>")
    if not removed.is_empty():
        by_rule = (removed.group_by("reason", "rule").agg(pl.len().alias("lines"), pl.col("doc_id").n_unique().alias("documents"))
                   .sort(["lines", "rule"], descending=[True, False]))
        head = f"<h3>By rule (top {TOP_RULES} of {len(by_rule)})</h3>" if len(by_rule) > TOP_RULES else f"<h3>By rule ({len(by_rule)} rules)</h3>"
        body.append(head + table(["reason", "rule", "lines", "documents"], by_rule.head(TOP_RULES).iter_rows(), numeric=[2, 3], data="removed-by-rule"))
    return body


def _quarantine_section(charts: _Charts, quarantine: pl.DataFrame) -> list[str]:
    """Quarantined inputs by reason and stage, with the files."""
    body: list[str] = []
    # quarantine
    body.append(f'<h2 id="quarantine">Quarantine: <span data-count="quarantined-total">{len(quarantine):,}</span> inputs</h2>')
    if quarantine.is_empty():
        body.append("<p>Nothing quarantined.</p>")
    else:
        body.append('<div class="grid">')
        qr = _counts(quarantine, "reason")
        body.append(figure("quarantine-by-reason", "Quarantined inputs by reason", charts.bars("quarantine-by-reason", qr, "inputs")))
        by = quarantine.group_by("stage", "reason").len().sort(["len", "reason"], descending=[True, False])
        body.append("<div><h3>By stage and reason</h3>" + table(["stage", "reason", "inputs"], by.iter_rows(), numeric=[2]) + "</div></div>")
        body.append(_quarantine_table(quarantine.head(QUARANTINE_ON_INDEX)))
        if len(quarantine) > QUARANTINE_ON_INDEX:
            body.append(f'<p>First {QUARANTINE_ON_INDEX} of {len(quarantine):,}: <a href="quarantine-0001.html">all quarantined inputs</a>.</p>')
    return body


def _duplicates_section(docs: pl.DataFrame) -> list[str]:
    """Exact duplicates and near-duplicate clusters (when the columns exist)."""
    body: list[str] = []
    # duplicates (columns added by the duplicates stage, when present)
    dup_cols = [c for c in ("dup_of", "near_dup_cluster") if c in docs.columns]
    if dup_cols:
        body.append('<h2 id="duplicates">Duplicates</h2>')
        if "dup_of" in docs.columns:
            dups = docs.filter(pl.col("dup_of").is_not_null())
            body.append(f'<p><b data-count="exact-duplicates">{len(dups):,}</b> documents are exact duplicates of another.</p>')
            if not dups.is_empty():
                body.append(table(["source", "duplicate of"], dups.select("source", "dup_of").head(100).iter_rows()))
        if "near_dup_cluster" in docs.columns:
            cl = (docs.filter(pl.col("near_dup_cluster").is_not_null()).group_by("near_dup_cluster")
                  .agg(pl.len().alias("documents"), pl.col("source").min().alias("example"))
                  .sort(["documents", "near_dup_cluster"], descending=[True, False]))  # ties in a stable order
            body.append(f'<p><b data-count="near-duplicate-clusters">{len(cl):,}</b> near-duplicate clusters.</p>')
            if not cl.is_empty():
                body.append(table(["cluster", "documents", "example"], cl.head(50).iter_rows(), numeric=[1]))
    return body


def _entities_section(charts: _Charts, ents: pl.DataFrame) -> list[str]:
    """Entity mentions by label; the top entities."""
    body: list[str] = []
    # entities
    body.append(f'<h2 id="entities">Entities: {len(ents):,} mentions</h2>')
    if ents.is_empty():
        body.append("<p>No entities (entity recognition off, or no text in a language with a model).</p>")
    else:
        body.append('<div class="grid">')
        body.append(figure("entities-by-label", "Entity mentions by label", charts.bars("entities-by-label", _counts(ents, "label"), "mentions")))
        top = (ents.group_by("label", "entity").agg(pl.len().alias("mentions"), pl.col("doc_id").n_unique().alias("documents"))
               .sort(["mentions", "entity"], descending=[True, False]))
        body.append(f"<div><h3>Top {min(TOP_ENTITIES, len(top))} of {len(top):,} entities</h3>"
                    + table(["label", "entity", "mentions", "documents"], top.head(TOP_ENTITIES).iter_rows(), numeric=[2, 3], data="entities") + "</div>")
        body.append("</div>")
    return body


def _runs_section(charts: _Charts, runs: pl.DataFrame) -> list[str]:
    """Every run, newest first; time per stage of the recent ones."""
    body: list[str] = []
    # runs
    body.append(f'<h2 id="runs">Runs: {len(runs):,}</h2>')
    if not runs.is_empty():
        ordered = runs.sort(["started_at", "finished_at"], descending=True, nulls_last=True)
        stages = sorted({k for v in ordered["stage_seconds"].to_list() for k, _ in _kv_list(v)},
                        key=lambda k: (("read", "extract", "clean", "enrich", "validate") + (k,)).index(k))
        rows = []
        for r in ordered.iter_rows(named=True):
            wall = (r["finished_at"] - r["started_at"]).total_seconds() if r["finished_at"] else None
            st = dict(_kv_list(r["stage_seconds"]))
            rows.append([r["run_id"], r["status"], r["started_at"].isoformat(timespec="seconds"), "" if wall is None else round(wall, 1),
                         r["inputs"], r["accepted"], r["quarantined"], r["skipped"], r["lines_removed"], r["rules_version"]]
                        + [round(st.get(k, 0.0), 2) for k in stages])
        body.append(table(["run", "status", "started (UTC)", "wall s", "inputs", "accepted", "quarantined", "skipped", "lines removed", "rules"]
                          + [f"{k} s" for k in stages], rows, numeric=[3, 4, 5, 6, 7, 8] + list(range(10, 10 + len(stages))), data="runs"))
        recent = runs.sort(["started_at", "finished_at"], nulls_last=True).tail(RUNS_CHARTED)
        if stages:
            per = [dict(_kv_list(v)) for v in recent["stage_seconds"].to_list()]
            body.append('<div class="grid">' + figure("stage-seconds", "Time per stage, per run", charts.stacked(
                "stage-seconds", [r[:16] for r in recent["run_id"].to_list()], {k: [p.get(k, 0.0) for p in per] for k in stages},
                "seconds (summed over workers)", horizontal=True, integer=False)) + "</div>")
    return body


def _quarantine_table(q: pl.DataFrame) -> str:
    rows = [(_file_link(r["input_path"] or r["source"], r["source"]), r["stage"], r["reason"], r["detail"], r["run_id"]) for r in q.iter_rows(named=True)]
    return table(["file", "stage", "reason", "detail", "run"], rows, raw=[0], data="quarantine")


def _write(path: Path, text: str) -> None:
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)


def _dir_bytes(path: Path) -> int:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file())


def build_report(output: str | Path, settings: Settings | None = None) -> ReportResult:
    """Write ``OUTPUT/report/`` and ``OUTPUT/views.sql`` from the output's tables."""
    t0, c0 = time.perf_counter(), time.process_time()
    s = settings or Settings()
    out = Path(output)
    root = out / REPORT_DIR
    (root / "d").mkdir(parents=True, exist_ok=True)
    write_views(out)
    _write(root / "style.css", CSS)
    _write(root / "sort.js", SORT_JS)
    docs, removed, quarantine, runs, ents = _read_tables(out)
    chosen, pages_note = _sample(sorted(docs["doc_id"].to_list()), s.report_max_documents)
    manifest_path = root / "_manifest.json"
    row_run = dict(zip(docs["doc_id"].to_list(), docs["run_id"].to_list(), strict=True))
    written = _document_pages(out, root, chosen, row_run, _manifest_pages(manifest_path), pages_note)
    _document_lists(root, docs, removed, ents, set(chosen), pages_note)
    _quarantine_lists(root, quarantine)
    index = root / "index.html"
    charts = _Charts(root / "_charts.json")
    _write(index, _index(out, charts, docs, removed, quarantine, runs, ents, pages_note, len(chosen)))
    charts.save()
    _write(manifest_path, json.dumps({"version": REPORT_VERSION, "pages": {i: row_run[i] for i in chosen}}, indent=0))
    return ReportResult(index, len(docs), len(chosen), written, time.perf_counter() - t0, _dir_bytes(root), charts.drawn,
                        time.process_time() - c0)


def _read_tables(out: Path) -> tuple[pl.DataFrame, pl.DataFrame, pl.DataFrame, pl.DataFrame, pl.DataFrame]:
    """documents (without the long columns), removed_lines, quarantine, runs, and one row per entity mention."""
    doc_cols = [c for c in schemas.ARROW["documents"].names if c not in ("text", "kept_line_nos", "entities", "dates", "entity_counts")] + [schemas.PARTITION]
    docs = data.read(out, "documents", doc_cols)
    docs = docs.with_columns(_site_expr()).sort("source")
    removed = data.read(out, "removed_lines", ["doc_id", "source", "line_no", "reason", "rule"])
    quarantine = data.read(out, "quarantine").sort("source")
    runs = data.read(out, "runs")
    ent_raw = data.read(out, "documents", ["doc_id", "entities"])
    ents = (ent_raw.explode("entities").drop_nulls("entities").select(
        "doc_id", pl.col("entities").struct.field("label").alias("label"),
        pl.coalesce(pl.col("entities").struct.field("canonical"), pl.col("entities").struct.field("text")).alias("entity"))
        if not ent_raw.is_empty() else pl.DataFrame(schema={"doc_id": pl.String, "label": pl.String, "entity": pl.String}))
    return docs, removed, quarantine, runs, ents


def _sample(ids: list[str], cap: int) -> tuple[list[str], str]:
    """The documents that get a page (all, or the ``cap`` smallest ids) and the note that says which."""
    if len(ids) <= cap:
        return ids, f"Document pages: all {len(ids):,} documents."
    chosen = ids[:cap]
    return chosen, (f"Document pages: a fixed sample of {len(chosen):,} of {len(ids):,} documents (those with the smallest doc_id, "
                    f"a hash: uniform, and the same from run to run; setting <code>report_max_documents</code>). "
                    "Every document is listed; <code>cleanseeds explain FILE</code> shows any other one.")


def _manifest_pages(path: Path) -> dict[str, str]:
    """doc_id -> the run whose row the document's page shows (empty after a layout change)."""
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    pages: dict[str, str] = manifest.get("pages", {}) if manifest.get("version") == REPORT_VERSION else {}
    return pages


def _document_pages(out: Path, root: Path, chosen: list[str], row_run: dict[str, str], old: dict[str, str], pages_note: str) -> int:
    """Write the page of every chosen document whose row changed; remove the pages of the others. Returns pages written."""
    chosen_set = set(chosen)
    todo = [i for i in chosen if old.get(i) != row_run[i] or not (root / "d" / f"{i}.html").exists()]
    written = 0
    all_cols = schemas.ARROW["documents"].names + [schemas.PARTITION]
    for k in range(0, len(todo), 1000):
        part = todo[k:k + 1000]
        full = data.read(out, "documents", filter=data.doc_filter(part))
        rl = data.read(out, "removed_lines", ["doc_id", "line_no", "start", "end", "text", "reason", "rule", "stage"], filter=data.doc_filter(part))
        by_doc: dict[str, list[dict[str, Any]]] = {}
        for r in rl.iter_rows(named=True):
            by_doc.setdefault(r["doc_id"], []).append(r)
        for doc in full.iter_rows(named=True):
            _write(root / "d" / f"{doc['doc_id']}.html", _document_page(doc, by_doc.get(doc["doc_id"], []), all_cols, pages_note))
            written += 1
    for f in (root / "d").glob("*.html"):  # pages of documents replaced or no longer sampled
        if f.stem not in chosen_set:
            f.unlink()
    return written


def _document_lists(root: Path, docs: pl.DataFrame, removed: pl.DataFrame, ents: pl.DataFrame, chosen_set: set[str], pages_note: str) -> None:
    """documents-NNNN.html: every document, PER_PAGE a page, linked to its page when it has one."""
    rm_counts = dict(removed.group_by("doc_id").len().iter_rows()) if not removed.is_empty() else {}
    ent_counts = dict(ents.group_by("doc_id").len().iter_rows()) if not ents.is_empty() else {}
    n_list = max(1, -(-len(docs) // PER_PAGE))
    rows_all = docs.select("doc_id", "source", "title", "site", "language", "published").iter_rows()
    for p in range(1, n_list + 1):
        rows = []
        for _ in range(PER_PAGE):
            item = next(rows_all, None)
            if item is None:
                break
            doc_id, source, title, site, lang, pub = item
            link = f'<a href="d/{doc_id}.html">{esc(source)}</a>' if doc_id in chosen_set else esc(source)
            rows.append((link, title or "", site or "", lang or "", "" if pub is None else pub.isoformat(),
                         rm_counts.get(doc_id, 0), ent_counts.get(doc_id, 0)))
        body = (f"<h1>Documents ({len(docs):,})</h1><p class=\"note\">Sorted by source, {PER_PAGE} per page; click a column to sort this page. {pages_note}</p>"
                + pager("documents", p, n_list)
                + table(["source", "title", "site", "language", "published", "lines removed", "entities"], rows, numeric=[5, 6], raw=[0], data="documents")
                + pager("documents", p, n_list))
        _write(root / f"documents-{p:04d}.html", page(f"Documents {p}/{n_list} — cleanseeds", body, script=True))
    for f in root.glob("documents-*.html"):
        if int(f.stem.split("-")[1]) > n_list:
            f.unlink()


def _quarantine_lists(root: Path, quarantine: pl.DataFrame) -> None:
    """quarantine-NNNN.html: every quarantined input, when more than the index shows."""
    n_q = -(-len(quarantine) // PER_PAGE) if len(quarantine) > QUARANTINE_ON_INDEX else 0
    for p in range(1, n_q + 1):
        body = (f"<h1>Quarantined inputs ({len(quarantine):,})</h1>" + pager("quarantine", p, n_q)
                + _quarantine_table(quarantine.slice((p - 1) * PER_PAGE, PER_PAGE)) + pager("quarantine", p, n_q))
        _write(root / f"quarantine-{p:04d}.html", page(f"Quarantine {p}/{n_q} — cleanseeds", body, script=True))
    for f in root.glob("quarantine-*.html"):
        if int(f.stem.split("-")[1]) > n_q:
            f.unlink()


def after_run(output: str | Path, settings: Settings, warn: Callable[[str], None] | None = None) -> ReportResult | None:
    """The end-of-run hook (``Settings.report``): regenerate the report and ``views.sql``.

    The run's data is committed by then, so a report that cannot be written is a warning
    (through ``warn``), never a failed run; ``cleanseeds report OUTPUT`` retries it."""
    if not settings.report:
        return None
    try:
        return build_report(output, settings)
    except Exception as exc:  # noqa: BLE001 - the run itself succeeded
        if warn is not None:
            warn(f"report not written: {type(exc).__name__}: {exc} (retry with `cleanseeds report {output}`)")
        return None
