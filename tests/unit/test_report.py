"""`cleanseeds report` and OUTPUT/views.sql on a real output (the seeds run): the counts on the
pages equal the Parquet tables', every document page shows what `cleanseeds explain` shows,
regeneration is incremental, sampling is bounded and stated, optional columns appear when
their contract has them. The pages in a real browser: tests/browser."""
from __future__ import annotations

import io
import re
from collections import Counter
from pathlib import Path

import duckdb
import pyarrow as pa
import pytest

from cleanseeds import schemas
from cleanseeds.cli import main
from cleanseeds.config import Settings
from cleanseeds.explain import explain_file
from cleanseeds.report import build_report, document_lines
from cleanseeds.views import views_sql, write_views
from cleanseeds_prefect import report as flow_report
from tests.conftest import REPO
from tests.report_fixtures import page_lines, rows, seed_source, seeds_output


@pytest.fixture(scope="module")
def seeds(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return seeds_output(tmp_path_factory.mktemp("seeds-out"))


def _count(html_text: str, key: str) -> int:
    m = re.search(rf'data-count="{key}">([\d,]+)<', html_text)
    assert m, key
    return int(m.group(1).replace(",", ""))


def test_the_seeds_run_report(seeds: Path) -> None:
    """`make run` then output/report/index.html: 8 documents, 38 removed lines by reason,
    2 quarantined files named, a page for each of the 8 documents (written by the run)."""
    index = (seeds / "report" / "index.html").read_text(encoding="utf-8")
    docs, removed, quarantine = rows(seeds, "documents"), rows(seeds, "removed_lines"), rows(seeds, "quarantine")
    assert (len(docs), sum(r["stage"] == "clean" for r in removed), len(quarantine)) == (8, 38, 2)  # + the HTML ledger's rows
    assert _count(index, "documents") == 8 and _count(index, "removed-lines") == len(removed) and _count(index, "quarantined") == 2
    assert _count(index, "document-pages") == 8
    assert sorted(p.stem for p in (seeds / "report" / "d").glob("*.html")) == sorted(d["doc_id"] for d in docs)
    # removed lines by reason: the table's rows are the Parquet counts
    table = index[index.index('data-table="removed-by-reason"'):]
    table = table[: table.index("</table>")]
    shown = {r: int(n) for r, n in re.findall(r"<td>([a-z_]+)</td><td class=\"n\" data-v=\"(\d+)\"", table)}
    assert shown == dict(Counter(r["reason"] for r in removed)) and sum(shown.values()) == len(removed)
    # quarantine with the files
    for q in quarantine:
        assert f">{q['source']}<" in index and q["reason"] in index
    assert {q["source"] for q in quarantine} == {seed_source("README.md"), seed_source("quayside-crawl.warc.gz") + "#3"}
    # charts present as inline SVG with drawn elements
    for key in ("ingest-day", "site", "language", "published", "removed-by-reason", "removed-per-run", "quarantine-by-reason", "entities-by-label", "stage-seconds"):
        fig = index[index.index(f'data-chart="{key}"'):]
        svg = fig[fig.index("<svg"): fig.index("</svg>")]
        assert svg.count("<path") + svg.count("<rect") >= 3, key
    # nothing the page loads comes from another host (links to sources are on document pages)
    assert re.findall(r'(?:src|href)="([^"#]*)"', index) and all(
        not u.startswith(("http:", "https:", "//")) for u in re.findall(r'(?:src|href)="([^"#]*)"', index))
    assert "<metadata>" not in index


@pytest.mark.parametrize("name", ["harbour-ferry.txt", "library-hours.txt.gz", "city-budget.html"])
def test_a_document_page_shows_what_explain_shows(seeds: Path, name: str) -> None:
    source = seed_source(name)
    doc = next(d for d in rows(seeds, "documents") if d["source"] == source)
    page = (seeds / "report" / "d" / f"{doc['doc_id']}.html").read_text(encoding="utf-8")
    buf = io.StringIO()
    assert explain_file(str(REPO / "seeds" / name), out=buf, settings=Settings(entities=False)) == 0
    explained = []
    for line in buf.getvalue().splitlines():
        m = re.match(r"(KEEP|DROP)\s+(\d+)\s+(?:(?:extract|clean)\s+)?(\S*)\s*\| (.*)$", line)
        if m:
            verdict, no, label, text = m.groups()
            reason, _, rule = label.partition("/") if verdict == "DROP" else (None, "", None)
            explained.append((verdict == "KEEP", int(no), reason, rule or None, text))
    shown = page_lines(page)
    if name.endswith(".html"):
        # explain numbers an HTML page by its visible blocks; the page shows the cleaner's lines, then the
        # blocks extraction left out by block number: the same verdicts, reasons, rules and texts
        def key(rows: list[tuple[bool, int | None, str | None, str | None, str]]) -> list[tuple[bool, str, str, str]]:
            return sorted((k, r or "", u or "", t) for k, _, r, u, t in rows)

        assert explained and key(shown) == key(explained)
    else:
        assert explained and shown == explained
    assert any(not kept for kept, *_ in explained)


def test_kept_lines_are_placed_by_offsets_for_rows_without_kept_line_nos(seeds: Path) -> None:
    removed = rows(seeds, "removed_lines")
    for d in rows(seeds, "documents"):
        rl = [r for r in removed if r["doc_id"] == d["doc_id"] and r["stage"] == "clean"]
        exact, ok = document_lines(d["text"], d["kept_line_nos"], rl)
        placed, confirmed = document_lines(d["text"], None, rl)
        assert ok and confirmed, d["source"]
        assert [(r["kept"], r["text"]) for r in placed] == [(r["kept"], r["text"]) for r in exact], d["source"]
    # a placement the offsets cannot confirm is flagged, not hidden
    lines, confirmed = document_lines("kept one\nkept two", None, [{"line_no": 2, "start": 3, "end": 5, "text": "Ad", "reason": "advertisement", "rule": "ad.label"}])
    assert not confirmed and [r["text"] for r in lines] == ["Ad", "kept one", "kept two"]


def test_regeneration_is_incremental_and_a_sample_is_stated(seeds: Path, tmp_path: Path) -> None:
    again = build_report(seeds)
    assert again.pages_written == 0 and again.document_pages == 8 and again.charts_drawn == 0  # nothing changed
    (seeds / "report" / "_charts.json").unlink()
    assert build_report(seeds).charts_drawn >= 9
    one = next((seeds / "report" / "d").glob("*.html"))
    one.unlink()
    assert build_report(seeds).pages_written == 1 and one.exists()

    ids = sorted(d["doc_id"] for d in rows(seeds, "documents"))
    r = build_report(seeds, Settings(report_max_documents=3))
    assert r.document_pages == 3 and r.documents == 8
    assert sorted(p.stem for p in (seeds / "report" / "d").glob("*.html")) == ids[:3]
    index = (seeds / "report" / "index.html").read_text(encoding="utf-8")
    assert "a fixed sample of 3 of 8 documents" in index
    listing = (seeds / "report" / "documents-0001.html").read_text(encoding="utf-8")
    assert sorted(re.findall(r'href="d/([0-9a-f]{32})\.html"', listing)) == ids[:3]
    assert listing.count("<tr>") - listing.count("<thead>") == 8  # every document is listed
    assert build_report(seeds).document_pages == 8  # back to all: the missing pages are written


def test_optional_columns_of_other_stages_show_when_their_contract_has_them(seeds: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    index = (seeds / "report" / "index.html").read_text(encoding="utf-8")
    assert 'data-chart="page-type"' in index  # documents/ has a page_type column now
    extra = schemas.ARROW["documents"]
    for name in ("page_type", "dup_of", "near_dup_cluster"):
        if name not in extra.names:
            extra = extra.append(pa.field(name, pa.string()))
    monkeypatch.setitem(schemas.ARROW, "documents", extra)
    build_report(seeds)  # files without the columns read them as null
    index = (seeds / "report" / "index.html").read_text(encoding="utf-8")
    assert 'data-chart="page-type"' in index and 'id="duplicates"' in index and 'data-count="exact-duplicates">0<' in index
    monkeypatch.undo()
    build_report(seeds)


def test_views_sql_defines_every_view_from_the_contracts(seeds: Path, tmp_path: Path) -> None:
    con = duckdb.connect()
    con.execute((seeds / "views.sql").read_text(encoding="utf-8"))

    def one(q: str) -> object:
        return con.execute(q).fetchall()[0][0]

    docs, removed = rows(seeds, "documents"), rows(seeds, "removed_lines")
    assert one("SELECT count(*) FROM documents") == 8 and one("SELECT count(*) FROM removed_lines") == len(removed)
    assert one("SELECT count(*) FROM removed_lines WHERE stage = 'clean'") == 38
    assert one("SELECT count(*) FROM quarantine") == 2 and one("SELECT count(*) FROM runs") == 1
    assert one("SELECT count(*) FROM entities") == sum(len(d["entities"]) for d in docs) > 0
    assert one("SELECT count(*) FROM dates") == sum(len(d["dates"]) for d in docs) > 0
    assert one("SELECT sum(lines_removed) FROM document_summary") == len(removed)
    assert one("SELECT sum(removed_advertisement) FROM document_summary") == sum(r["reason"] == "advertisement" for r in removed)
    assert one("SELECT sum(lines) FROM run_removals") == len(removed)
    # a run's rows carry both ends of the run: runs in one second are ordered by finished_at
    run = rows(seeds, "runs")[0]
    assert con.execute("SELECT DISTINCT run_id, started_at, finished_at FROM run_removals").fetchall() == [
        (run["run_id"], run["started_at"], run["finished_at"])]
    assert one("SELECT count(*) FROM entities WHERE entity IS NULL") == 0
    # types come from the contracts
    types = dict(con.execute("SELECT column_name, column_type FROM (DESCRIBE documents)").fetchall())
    assert types["kept_line_nos"] == "INTEGER[]" and types["ingest_date"] == "DATE" and types["ingested_at"].startswith("TIMESTAMP WITH TIME ZONE")
    # a fresh output: every view binds, with the contract's columns, and is empty
    empty = tmp_path / "empty"
    empty.mkdir()
    con2 = duckdb.connect()
    con2.execute(write_views(empty).read_text(encoding="utf-8"))
    for v in ("documents", "removed_lines", "quarantine", "runs", "entities", "dates", "document_summary", "run_removals"):
        assert con2.execute(f"SELECT count(*) FROM {v}").fetchall() == [(0,)], v
    assert [c[0] for c in con2.execute("DESCRIBE quarantine").fetchall()] == schemas.ARROW["quarantine"].names + ["ingest_date"]
    assert views_sql(empty).count("CREATE OR REPLACE VIEW") == 8


def test_no_report_setting_and_the_report_command(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src = tmp_path / "in"
    src.mkdir()
    (src / "a.txt").write_text("Harbour reopens after repairs\nThe harbour reopened on Monday after two years of repairs to the old pier.\nAdvertisement\n", encoding="utf-8")
    out = tmp_path / "out"
    assert main(["run", str(src), "--output", str(out), "--no-prefect", "--no-entities", "--quiet", "--no-report"]) == 0
    assert not (out / "report").exists() and not (out / "views.sql").exists()
    assert main(["report", str(out)]) == 0
    assert "1 documents, 1 document pages, 1 written" in capsys.readouterr().out
    assert (out / "report" / "index.html").exists() and (out / "views.sql").exists()
    assert main(["report", str(src)]) == 2
    assert "is not a cleanseeds output directory" in capsys.readouterr().err


def test_prefect_artifact_texts(seeds: Path) -> None:
    run = rows(seeds, "runs")[0]
    site = build_report(seeds)
    md = flow_report.report_markdown(str(seeds), run["run_id"], site, True)
    assert f"]({(seeds / 'report' / 'index.html').resolve().as_uri()})" in md
    assert "## Quarantined files: 2" in md and f"`{seed_source('README.md')}`" in md and f"`{seed_source('quayside-crawl.warc.gz')}#3`" in md
    assert "unsupported_format" in md
    assert "Report off" in flow_report.report_markdown(str(seeds), run["run_id"], None, False)
    counts = Counter(inputs=1200, accepted=1100, quarantined=90, skipped=10)
    assert flow_report.progress_description(counts, 3, 4) == "1,200 inputs done · 1,100 accepted · 90 quarantined · 10 skipped · batch 3/4"


def test_a_large_output_is_paged(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import sys

    sys.path.insert(0, str(REPO / "bench"))
    from report_perf import synth_output

    import cleanseeds.report as rep

    out = tmp_path / "big"
    synth_output(out, 1200)
    monkeypatch.setattr(rep, "QUARANTINE_ON_INDEX", 10)
    r = build_report(out, Settings(report_max_documents=50))
    assert (r.documents, r.document_pages, r.pages_written) == (1200, 50, 50)
    assert sorted(p.name for p in (out / "report").glob("documents-*.html")) == ["documents-0001.html", "documents-0002.html", "documents-0003.html"]
    assert [p.name for p in (out / "report").glob("quarantine-*.html")] == ["quarantine-0001.html"]
    q = (out / "report" / "quarantine-0001.html").read_text(encoding="utf-8")
    assert q.count("<tr>") - q.count("<thead>") == len(rows(out, "quarantine")) == 60
    index = (out / "report" / "index.html").read_text(encoding="utf-8")
    assert _count(index, "documents") == 1200 and _count(index, "runs") == 3
    assert "a fixed sample of 50 of 1,200 documents" in index


def test_an_output_with_only_quarantined_inputs(tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    (src / "empty.txt").write_text("", encoding="utf-8")
    out = tmp_path / "out"
    assert main(["run", str(src), "--output", str(out), "--no-prefect", "--no-entities", "--quiet"]) == 0
    index = (out / "report" / "index.html").read_text(encoding="utf-8")
    assert _count(index, "documents") == 0 and _count(index, "quarantined") == 1 and "No documents yet." in index
    assert f">{src / 'empty.txt'}<" in index and (out / "report" / "documents-0001.html").exists()
