"""The output contract end to end, through the real CLI (``--no-prefect --no-entities`` to stay
fast): nothing lost on a corpus with broken inputs, double runs, a run killed while loading,
two runs at once, and every example of docs/analysts.md run against a real output."""
from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pyarrow.dataset as ds
import pyarrow.parquet as pq
import pytest

from cleanseeds.cli import main
from tests.conftest import REPO, SEED_FILE

TABLES = ("documents", "removed_lines", "quarantine", "runs")


def article(i: int) -> str:
    return (
        f"City council approves budget plan number {i}\n"
        f"The council voted {i % 7 + 3} to 2 on Tuesday to approve the spending plan for district {i}.\n"
        "Advertisement\n"
        f"Officials said the plan, first proposed on March {i % 27 + 1}, 2023, funds {i * 3} new teachers.\n"
        f"Copyright 2024 Example News {i}. All rights reserved.\n"
    )


def write_corpus(root: Path, n: int, start: int = 0) -> list[str]:
    root.mkdir(parents=True, exist_ok=True)
    for i in range(start, start + n):
        (root / f"story{i:04d}.txt").write_text(article(i), encoding="utf-8")
    return [str(root / f"story{i:04d}.txt") for i in range(start, start + n)]


def read(out: Path, name: str, columns: list[str] | None = None) -> list[dict[str, Any]]:
    if not (out / name).exists():
        return []
    return ds.dataset(out / name, format="parquet", partitioning="hive").to_table(columns=columns).to_pylist()


def cli(*args: str) -> int:
    return main(["run", *args, "--no-prefect", "--no-entities", "--quiet"])


@pytest.fixture
def mixed(tmp_path: Path) -> tuple[Path, list[str]]:
    src = tmp_path / "in"
    write_corpus(src, 3)
    shutil.copy(SEED_FILE, src / "npr.txt")
    (src / "page.html").write_text(
        "<html><head><title>Harbour reopens</title></head><body><article><h1>Harbour reopens</h1>"
        "<p>The old harbour reopened on Monday after two years of repairs, the port authority said.</p>"
        "<p>Fishing boats returned at dawn and the market hall was full by nine in the morning.</p>"
        "</article></body></html>", encoding="utf-8")
    (src / "feed.jsonl").write_text(
        json.dumps({"text": "Rail strike ends after talks.\nTrains run again from Friday.", "url": "https://example.com/rail"}) + "\n"
        "{not json at all\n"
        + json.dumps({"headline": "no text field here"}) + "\n"
        + json.dumps({"text": "Second record about the river festival."}) + "\n", encoding="utf-8")
    (src / "empty.txt").write_bytes(b"")
    (src / "scan.pdf").write_bytes(b"%PDF-1.4 not supported")
    (src / "dangling.txt").symlink_to(src / "missing-target.txt")
    sources = [str(src), str(tmp_path / "nomatch-*.txt")]  # a glob that matches nothing
    return tmp_path / "out", sources


def test_nothing_lost_on_a_mixed_corpus_and_a_double_run_changes_nothing(mixed: tuple[Path, list[str]]) -> None:
    out, sources = mixed
    assert cli(*sources, "--output", str(out)) == 0
    (run1,) = read(out, "runs")
    assert run1["status"] == "completed"
    assert run1["inputs"] == run1["accepted"] + run1["quarantined"] + run1["skipped"]
    docs, quar = read(out, "documents"), read(out, "quarantine")
    assert run1["accepted"] == len(docs) >= 6 and run1["quarantined"] == len(quar) >= 5
    q_reasons = {Path(q["source"]).name.split("#")[0] + ("#" + q["source"].split("#")[1] if "#" in q["source"] else ""): q["reason"] for q in quar}
    assert q_reasons["empty.txt"] == "empty_file"
    assert q_reasons["scan.pdf"] == "unsupported_format"
    assert q_reasons["feed.jsonl#2"] == "malformed_json"
    assert q_reasons["feed.jsonl#3"] == "malformed_record"
    assert any("nomatch-" in q["source"] for q in quar), "the glob that matched nothing is recorded"
    assert any("dangling" in q["source"] for q in quar), "the dangling symlink is recorded"
    # every input is in exactly one of documents/quarantine
    assert not {d["source"] for d in docs} & {q["source"] for q in quar}
    assert len({d["source"] for d in docs}) == len(docs)

    before = {t: len(read(out, t)) for t in ("documents", "removed_lines", "quarantine")}
    assert cli(*sources, "--output", str(out)) == 0
    run2 = [r for r in read(out, "runs") if r["run_id"] != run1["run_id"]][0]
    assert run2["inputs"] == run1["inputs"] and run2["skipped"] == run1["accepted"] and run2["accepted"] == 0
    assert run2["inputs"] == run2["accepted"] + run2["quarantined"] + run2["skipped"]
    assert {t: len(read(out, t)) for t in before} == before
    assert (out / "README.md").exists()


def test_changed_input_replaces_its_document(tmp_path: Path) -> None:
    files = write_corpus(tmp_path / "in", 3)
    out = tmp_path / "out"
    assert cli(str(tmp_path / "in"), "--output", str(out)) == 0
    Path(files[1]).write_text(article(1).replace("new teachers", "new nurses"), encoding="utf-8")
    assert cli(str(tmp_path / "in"), "--output", str(out)) == 0
    docs = read(out, "documents")
    assert len(docs) == 3
    (cur,) = [d for d in docs if d["source"] == files[1]]
    assert "new nurses" in cur["text"] and "new teachers" not in cur["text"]
    lines = read(out, "removed_lines")
    assert {r["doc_id"] for r in lines} == {d["doc_id"] for d in docs}


def _lines_consistent(out: Path, docs: list[dict[str, Any]]) -> None:
    """removed_lines: only lines of current documents, each once, the same count per (identical) story."""
    lines = read(out, "removed_lines", ["doc_id", "line_no"])
    keys = [(r["doc_id"], r["line_no"]) for r in lines]
    assert len(keys) == len(set(keys)), "duplicated removed lines"
    assert {k[0] for k in keys} <= {d["doc_id"] for d in docs}
    per_doc = {d["doc_id"]: 0 for d in docs}
    for k in keys:
        per_doc[k[0]] += 1
    assert len(set(per_doc.values())) == 1 and min(per_doc.values()) >= 1, per_doc


def _visible_files_are_complete(out: Path) -> None:
    for name in TABLES:
        for f in (out / name).rglob("*") if (out / name).exists() else []:
            if f.is_file():
                assert f.suffix == ".parquet" and not f.name.startswith("."), f
                assert pq.ParquetFile(f).metadata is not None  # raises on a torn file


def _cli_proc(out: Path, *sources: str, batch_size: int = 10) -> subprocess.Popen[bytes]:
    env = {**os.environ, "PYTHONPATH": str(REPO / "src")}
    cmd = [sys.executable, "-m", "cleanseeds.cli", "run", *sources, "--output", str(out), "--no-prefect",
           "--no-entities", "--quiet", "--workers", "1", "--batch-size", str(batch_size)]
    return subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)


def test_run_killed_while_loading_leaves_no_partial_files_and_next_run_completes(tmp_path: Path) -> None:
    files = write_corpus(tmp_path / "in", 150)
    out = tmp_path / "out"
    assert cli(*files[:20], "--output", str(out)) == 0  # an existing dataset underneath
    proc = _cli_proc(out, str(tmp_path / "in"))
    deadline = time.monotonic() + 120
    staging = out / "_state" / "tmp"
    killed = False
    while time.monotonic() < deadline and proc.poll() is None:
        # the load has begun once a staging file or a commit journal exists
        if (out / "_state" / "journal.json").exists() or any(staging.glob("*/*.parquet")):
            proc.send_signal(signal.SIGKILL)
            killed = True
            break
        time.sleep(0.002)
    proc.wait(timeout=60)
    assert killed and proc.returncode == -signal.SIGKILL, proc.stderr.read().decode()[-800:] if proc.stderr else ""
    _visible_files_are_complete(out)
    visible = read(out, "documents", ["source"])
    assert len({d["source"] for d in visible}) == len(visible), "a reader saw duplicates after the kill"

    assert cli(str(tmp_path / "in"), "--output", str(out)) == 0
    docs = read(out, "documents", ["source", "doc_id"])
    assert sorted(d["source"] for d in docs) == sorted(files), "lost or duplicated after recovery"
    _lines_consistent(out, docs)
    runs = [r for r in read(out, "runs") if r["status"] == "completed"]
    assert all(r["inputs"] == r["accepted"] + r["quarantined"] + r["skipped"] for r in runs)
    assert not (out / "_state" / "journal.json").exists()
    _visible_files_are_complete(out)


def test_two_runs_at_once_end_in_a_consistent_dataset(tmp_path: Path) -> None:
    a = write_corpus(tmp_path / "a", 40)
    b = write_corpus(tmp_path / "b", 40, start=20)
    shutil.copy(a[5], tmp_path / "b" / "copy-of-a5.txt")  # same content, another source
    out = tmp_path / "out"
    p1, p2 = _cli_proc(out, str(tmp_path / "a")), _cli_proc(out, str(tmp_path / "b"))
    for p in (p1, p2):
        p.wait(timeout=300)
        assert p.returncode == 0, p.stderr.read().decode()[-800:] if p.stderr else ""
    docs = read(out, "documents", ["source", "doc_id"])
    expected = sorted(a + b + [str(tmp_path / "b" / "copy-of-a5.txt")])
    assert sorted(d["source"] for d in docs) == expected
    assert len({d["doc_id"] for d in docs}) == len(docs)
    runs = read(out, "runs")
    assert len(runs) == 2 and all(r["status"] == "completed" and r["accepted"] == 40 + (r["inputs"] - 40) for r in runs)
    _lines_consistent(out, docs)
    _visible_files_are_complete(out)


def test_lock_timeout_gives_a_clear_one_line_message(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from cleanseeds.config import Settings
    from cleanseeds.load import OutputStore

    write_corpus(tmp_path / "in", 1)
    cfg = tmp_path / "c.toml"
    cfg.write_text("[cleanseeds]\nlock_timeout_s = 0.2\n", encoding="utf-8")
    with OutputStore(tmp_path / "out", Settings(), "20240101T000000Z-holder"):
        rc = main(["run", str(tmp_path / "in"), "--output", str(tmp_path / "out"), "--no-prefect", "--no-entities", "--quiet", "--config", str(cfg)])
    err = capsys.readouterr().err.strip()
    assert rc == 3 and "locked by another cleanseeds run" in err and "20240101T000000Z-holder" in err and "\n" not in err


def _examples() -> list[str]:
    text = (REPO / "docs" / "analysts.md").read_text(encoding="utf-8")
    return re.findall(r"```python\n(.*?)```", text, flags=re.S)


def test_analyst_guide_examples_run_against_a_real_output(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src = tmp_path / "in"
    write_corpus(src, 4)
    shutil.copy(SEED_FILE, src / "npr.txt")
    (src / "broken.jsonl").write_text("{oops\n", encoding="utf-8")
    out = tmp_path / "out"
    assert main(["run", str(src), "--output", str(out), "--no-prefect", "--quiet"]) == 0  # with entities
    assert cli(str(src), "--output", str(out)) == 0  # a second run for the runs/ examples
    examples = _examples()
    assert len(examples) >= 4
    for code in examples:
        assert 'OUT = "output"' in code
        exec(compile(code.replace('OUT = "output"', f"OUT = {str(out)!r}"), "analysts.md", "exec"), {})
    printed = capsys.readouterr().out
    assert "advertisement" in printed and "copyright" in printed  # lines removed by reason
    assert "GPE" in printed or "ORG" in printed or "PERSON" in printed  # top entities
    assert "npr.txt" in printed  # documents joined to removed lines
