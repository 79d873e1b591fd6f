"""OutputStore: atomic, idempotent, incremental, compacted, locked, recoverable."""
from __future__ import annotations

import datetime as dt
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pyarrow.dataset as ds
import pyarrow.parquet as pq
import pytest

from cleanseeds import schemas
from cleanseeds.config import Settings
from cleanseeds.errors import LockTimeout, OutputError
from cleanseeds.load import OutputStore
from cleanseeds.records import Rejected, content_hash, make_doc_id
from cleanseeds.validate import build_tables
from tests.unit.test_schemas import make_doc

REPO = Path(__file__).resolve().parents[2]


def run_once(root: Path, docs: list[Any], rejected: list[Rejected] | None = None, rules: str = "r1", settings: Settings | None = None, n: int = 0, **kw: Any) -> dict[str, Any]:
    """One 'run': skip already-loaded docs like the pipeline does, write, finish."""
    settings = settings or Settings()
    started = dt.datetime(2024, 5, 6, 12, 0, n % 60, tzinfo=dt.UTC)
    run_id = f"20240506T1200{n % 60:02d}Z-{n:06x}"
    with OutputStore(root, settings, run_id, **kw) as store:
        skip = store.skip_ids(rules, sorted({d.input_path for d in docs} | {q.input_path for q in rejected or [] if q.input_path}))
        fresh = [d for d in docs if d.doc_id not in skip]
        tables = build_tables(fresh, rejected or [], run_id, started, rules)
        store.write(tables)
        row = {"run_id": run_id, "output": str(root), "status": "completed", "started_at": started, "finished_at": started,
               "batches": 1, "inputs": len(docs) + len(rejected or []), "accepted": tables.documents.num_rows,
               "quarantined": tables.quarantine.num_rows, "skipped": len(docs) - len(fresh), "lines_removed": tables.removed_lines.num_rows,
               "removed_by_reason": {}, "removed_by_rule": {}, "quarantined_by_reason": {}, "stage_seconds": {}, "rules_version": rules,
               "error": None, "settings": {}}
        store.finish(row)
    return row


def table(root: Path, name: str) -> list[dict[str, Any]]:
    return ds.dataset(root / name, partitioning="hive").to_table().to_pylist() if (root / name).exists() else []


def changed(doc: Any, version: int) -> Any:
    """The same source with new content (so a new doc_id)."""
    doc.content_hash = content_hash(f"{doc.source} v{version}")
    doc.doc_id = make_doc_id(doc.source, doc.content_hash)
    doc.text = doc.text + f"\nUpdate {version}."
    return doc


def test_double_run_leaves_row_counts_unchanged(tmp_path: Path) -> None:
    rej = [Rejected("corpus/empty.txt", "read", "empty_file", "", None, "corpus/empty.txt")]
    run_once(tmp_path, [make_doc(i) for i in range(4)], rej, n=1)
    counts = {t: len(table(tmp_path, t)) for t in ("documents", "removed_lines", "quarantine")}
    row = run_once(tmp_path, [make_doc(i) for i in range(4)], rej, n=2)
    assert row["skipped"] == 4 and row["accepted"] == 0
    assert {t: len(table(tmp_path, t)) for t in counts} == counts == {"documents": 4, "removed_lines": 4, "quarantine": 1}
    assert len(table(tmp_path, "runs")) == 2


def test_changed_document_replaces_its_old_version_and_lines(tmp_path: Path) -> None:
    run_once(tmp_path, [make_doc(i) for i in range(3)], n=1)
    new = changed(make_doc(1), 2)
    row = run_once(tmp_path, [make_doc(0), new, make_doc(2)], n=2)
    assert row["accepted"] == 1 and row["skipped"] == 2
    docs = table(tmp_path, "documents")
    assert len(docs) == 3 and len({d["source"] for d in docs}) == 3
    (cur,) = [d for d in docs if d["source"] == new.source]
    assert cur["doc_id"] == new.doc_id and cur["text"].endswith("Update 2.")
    lines = table(tmp_path, "removed_lines")
    assert sorted(r["doc_id"] for r in lines) == sorted(d["doc_id"] for d in docs)
    assert table(tmp_path, "runs")[-1]["documents_replaced"] == 1 or any(r["documents_replaced"] == 1 for r in table(tmp_path, "runs"))


def test_rules_version_change_reprocesses_and_replaces(tmp_path: Path) -> None:
    run_once(tmp_path, [make_doc(i) for i in range(2)], rules="r1", n=1)
    row = run_once(tmp_path, [make_doc(i) for i in range(2)], rules="r2", n=2)
    assert row["skipped"] == 0 and row["accepted"] == 2
    docs = table(tmp_path, "documents")
    assert len(docs) == 2 and {d["rules_version"] for d in docs} == {"r2"}
    assert len(table(tmp_path, "removed_lines")) == 2


def test_reprocess_setting_ignores_the_index(tmp_path: Path) -> None:
    run_once(tmp_path, [make_doc(0)], n=1)
    row = run_once(tmp_path, [make_doc(0)], settings=Settings(reprocess=True), n=2)
    assert row["accepted"] == 1 and len(table(tmp_path, "documents")) == 1


def test_write_is_idempotent_for_a_retried_batch(tmp_path: Path) -> None:
    docs = [make_doc(i) for i in range(3)]
    rej = [Rejected("x.jsonl#2", "read", "malformed_json", "bad", None, "x.jsonl")]
    with OutputStore(tmp_path, Settings(), "20240506T120000Z-aaaaaa") as store:
        t = build_tables(docs, rej, "run", dt.datetime(2024, 5, 6, tzinfo=dt.UTC), "r")
        store.write(t)
        store.write(t)  # a Prefect retry hands the same batch again
        store.finish({"run_id": "20240506T120000Z-aaaaaa", "status": "completed", "started_at": dt.datetime(2024, 5, 6, tzinfo=dt.UTC),
                      "inputs": 4, "accepted": 3, "quarantined": 1})
    assert len(table(tmp_path, "documents")) == 3 and len(table(tmp_path, "quarantine")) == 1
    assert len(table(tmp_path, "removed_lines")) == 3
    assert table(tmp_path, "runs")[0]["duplicates_dropped"] == 4


def test_quarantine_of_an_input_is_replaced_by_its_latest_outcome(tmp_path: Path) -> None:
    d = make_doc(0)
    run_once(tmp_path, [], [Rejected(d.source, "read", "empty_file", "", None, d.input_path)], n=1)
    assert len(table(tmp_path, "quarantine")) == 1
    run_once(tmp_path, [d], n=2)  # the file now has content
    assert table(tmp_path, "quarantine") == [] and len(table(tmp_path, "documents")) == 1


def test_layout_zstd_row_groups_metadata_and_readme(tmp_path: Path) -> None:
    run_once(tmp_path, [make_doc(i) for i in range(50)], n=1)
    files = sorted((tmp_path / "documents").glob("ingest_date=*/*.parquet"))
    assert [f.parent.name for f in files] == ["ingest_date=2024-05-06"]
    md = pq.ParquetFile(files[0]).metadata
    assert md.num_row_groups == 1 and md.row_group(0).num_rows == 50
    assert md.row_group(0).column(0).compression == "ZSTD"
    assert md.metadata[b"cleanseeds.schema_version"] == schemas.SCHEMA_VERSION.encode()
    assert (tmp_path / "README.md").read_text(encoding="utf-8") == schemas.dataset_readme()
    assert not [p for p in tmp_path.rglob("*") if p.is_file() and "_state" not in p.parts and p.suffix not in (".parquet", ".md")]


def test_many_small_runs_are_compacted(tmp_path: Path) -> None:
    for n in range(12):
        run_once(tmp_path, [make_doc(n)], n=n + 1)
    for name in ("documents", "removed_lines", "runs"):
        files = list((tmp_path / name).glob("*/*.parquet"))
        assert len(files) <= 2, (name, files)
    assert len(table(tmp_path, "documents")) == 12 and len(table(tmp_path, "runs")) == 12
    # replacement still finds rows after compaction moved them
    run_once(tmp_path, [changed(make_doc(3), 9)], n=40)
    docs = table(tmp_path, "documents")
    assert len(docs) == 12 and len(table(tmp_path, "removed_lines")) == 12


def test_unwritable_output_raises_output_error(tmp_path: Path) -> None:
    f = tmp_path / "a-file"
    f.write_text("x")
    with pytest.raises(OutputError, match="not writable"):
        OutputStore(f / "out", Settings(), "run")


def test_second_writer_times_out_with_a_clear_message(tmp_path: Path) -> None:
    with OutputStore(tmp_path, Settings(), "20240506T120000Z-first1"):
        other = OutputStore(tmp_path, Settings(lock_timeout_s=0.3), "20240506T120001Z-second")
        with pytest.raises(LockTimeout, match=r"locked by another cleanseeds run \(run 20240506T120000Z-first1, pid \d+"):
            other.__enter__()
    with OutputStore(tmp_path, Settings(lock_timeout_s=0.3), "20240506T120002Z-third1"):
        pass  # released when the first one closed


CRASHER = textwrap.dedent("""
    import os, signal, sys
    sys.path.insert(0, {repo!r})
    from tests.unit.test_load import run_once
    from tests.unit.test_schemas import make_doc
    from pathlib import Path
    root, kill_at = Path(sys.argv[1]), int(sys.argv[2])
    real, calls = os.replace, [0]
    def replace(a, b):
        calls[0] += 1
        if calls[0] == kill_at:
            os.kill(os.getpid(), signal.SIGKILL)  # power cut in the middle of a commit
        real(a, b)
    os.replace = replace
    run_once(root, [make_doc(i) for i in range(6)], n=5)
""")


@pytest.mark.parametrize("kill_at", [1, 2, 3, 4, 5, 7])
def test_killed_commit_leaves_no_partial_files_and_next_run_completes(tmp_path: Path, kill_at: int) -> None:
    root = tmp_path / "out"
    run_once(root, [make_doc(i) for i in range(3)], n=1)  # rows already there before the crash
    script = tmp_path / "crash.py"
    script.write_text(CRASHER.format(repo=str(REPO)))
    proc = subprocess.run([sys.executable, str(script), str(root), str(kill_at)], capture_output=True, timeout=120)
    if proc.returncode == 0:  # the run needed fewer renames than kill_at
        pytest.fail(f"did not crash at rename {kill_at}: {proc.stderr.decode()[-500:]}")
    assert proc.returncode == -9
    # every visible file under a table is a complete Parquet file
    for name in ("documents", "removed_lines", "quarantine", "runs"):
        for f in (root / name).glob("**/*") if (root / name).exists() else []:
            if f.is_file():
                assert f.suffix == ".parquet", f
                assert pq.ParquetFile(f).metadata is not None  # raises on a torn file
    row = run_once(root, [make_doc(i) for i in range(6)], n=6)
    docs = table(root, "documents")
    assert sorted(d["source"] for d in docs) == sorted(make_doc(i).source for i in range(6)), "lost or duplicated"
    assert len(table(root, "removed_lines")) == 6
    assert row["inputs"] == row["accepted"] + row["skipped"]
    assert not (root / "_state" / "journal.json").exists()
    assert not any((root / "_state" / "tmp").glob("**/*.parquet"))


def test_crash_before_journal_is_invisible(tmp_path: Path) -> None:
    """Rows written but never committed (no finish) do not appear, and are not 'loaded'."""
    store = OutputStore(tmp_path, Settings(), "20240506T120000Z-abcdef")
    store.open()
    store.write(build_tables([make_doc(0)], [], "run", dt.datetime(2024, 5, 6, tzinfo=dt.UTC), "r"))
    store.close()
    assert table(tmp_path, "documents") == []
    row = run_once(tmp_path, [make_doc(0)], n=3)
    assert row["accepted"] == 1 and len(table(tmp_path, "documents")) == 1
    assert not list((tmp_path / "_state").glob("tmp/**/*.parquet"))
