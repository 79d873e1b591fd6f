"""The whole `clean-documents` Prefect flow (temporary local Prefect server, process pool),
started through the CLI, on the shared seed example plus the repository's sample documents;
the Parquet output is read back with pyarrow, DuckDB and polars."""
from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import polars as pl
import pyarrow.dataset as ds
import pytest

from cleanseeds.cli import main
from tests.conftest import REPO, SEED_FILE

JUNK = {
    "Copyright 2022 NPR. To see more, visit": "copyright",
    "300x250 Ad": "advertisement",
    "Support quality journalism, like the story above, with your gift right now.": "donation",
}


def _table(out: Path, name: str) -> ds.Dataset:
    return ds.dataset(out / name, format="parquet", partitioning="hive")


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    src = tmp_path_factory.mktemp("corpus")
    shutil.copy(SEED_FILE, src / SEED_FILE.name)
    shutil.copytree(REPO / "seeds", src / "seeds", ignore=shutil.ignore_patterns("README*"))
    return src


@pytest.fixture(scope="module")
def first_run(corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("out")
    assert main(["run", str(corpus), "--output", str(out), "--workers", "2", "--quiet", "--prefect"]) == 0
    return out


def test_seed_example_comes_out_exactly_right(first_run: Path) -> None:
    lines = SEED_FILE.read_text(encoding="utf-8").split("\n")
    paragraphs = [ln for ln in lines if ln.strip() and ln not in JUNK]
    assert len(paragraphs) == 27
    docs = _table(first_run, "documents").to_table().to_pylist()
    seed = [d for d in docs if d["source"].endswith(SEED_FILE.name)]
    assert len(seed) == 1
    assert seed[0]["text"].split("\n") == paragraphs
    removed = duckdb.sql(
        f"select text, reason, line_no from read_parquet('{first_run}/removed_lines/**/*.parquet', hive_partitioning=true) "
        f"where doc_id = '{seed[0]['doc_id']}' order by line_no"
    ).fetchall()
    assert [(t, r) for t, r, _ in removed] == [(t, JUNK[t]) for t in lines if t in JUNK]
    assert [n for _, _, n in removed] == [i + 1 for i, t in enumerate(lines) if t in JUNK]


def test_every_input_is_accounted_for_and_readable_by_polars(first_run: Path) -> None:
    runs = _table(first_run, "runs").to_table().to_pylist()
    assert len(runs) == 1
    run = runs[0]
    assert run["status"] == "completed"
    assert run["inputs"] == run["accepted"] + run["quarantined"] + run["skipped"]
    assert run["accepted"] >= 7  # the seed example + at least six sample articles
    docs = pl.scan_parquet(f"{first_run}/documents/**/*.parquet", hive_partitioning=True).collect()
    assert docs.height == run["accepted"]
    assert docs["doc_id"].n_unique() == docs.height
    assert (docs["text"].str.len_chars() > 0).all()
    assert set(docs["run_id"].unique()) == {run["run_id"]}


def test_second_run_adds_no_duplicate_rows(corpus: Path, first_run: Path) -> None:
    before = {t: _table(first_run, t).count_rows() for t in ("documents", "removed_lines")}
    assert main(["run", str(corpus), "--output", str(first_run), "--workers", "2", "--quiet"]) == 0
    after = {t: _table(first_run, t).count_rows() for t in ("documents", "removed_lines")}
    assert after == before
    runs = sorted(_table(first_run, "runs").to_table().to_pylist(), key=lambda r: r["started_at"])
    assert len(runs) == 2
    assert runs[1]["skipped"] == runs[0]["accepted"] and runs[1]["accepted"] == 0
