"""How the clean-documents flow ends when there is nothing to do (``cleanseeds.outcome``),
run for real (Prefect's temporary local server): a glob matching nothing or an empty inbox
ends in a Completed state named ``NoInput`` (not a plain green "Completed" with 0 accepted);
a SOURCE path that does not exist fails the run, recorded in ``runs/``."""
from __future__ import annotations

from pathlib import Path
from typing import Any

import pyarrow.dataset as ds

from cleanseeds import outcome
from flows.clean_documents import clean_documents


def _runs(output: Path) -> list[dict[str, Any]]:
    return list(ds.dataset(output / "runs", format="parquet", partitioning="hive").to_table().to_pylist())


def test_a_run_that_finds_no_input_ends_in_state_no_input(tmp_path: Path) -> None:
    (tmp_path / "inbox").mkdir()
    out = tmp_path / "out"
    state = clean_documents(sources=[str(tmp_path / "inbox"), str(tmp_path / "inbox" / "*.jsonl")], output=str(out), entities=False, return_state=True)
    assert state.is_completed() and state.name == outcome.NO_INPUT_STATE
    assert state.message and "no input found" in state.message
    row = state.result()
    assert row["accepted"] == 0 and row["status"] == "completed"
    [run] = _runs(out)
    assert run["run_id"] == row["run_id"] and run["batches"] == 0


def test_a_missing_source_folder_fails_the_run(tmp_path: Path) -> None:
    out = tmp_path / "out"
    state = clean_documents(sources=[str(tmp_path / "gone")], output=str(out), entities=False, return_state=True)
    assert state.is_failed()
    [run] = _runs(out)
    assert run["status"] == "failed" and "no such file or directory" in run["error"]


def test_the_flow_refuses_a_wrong_setting_with_the_same_one_line_message(tmp_path: Path) -> None:
    (tmp_path / "inbox").mkdir()
    cfg = tmp_path / "bad.toml"
    cfg.write_text('[cleanseeds]\nmax_doc_bytes = "ten"\n', encoding="utf-8")
    out = tmp_path / "out"
    state = clean_documents(sources=[str(tmp_path / "inbox")], output=str(out), config_file=str(cfg), return_state=True)
    assert state.is_failed()
    [run] = _runs(out)
    assert run["status"] == "failed" and 'max_doc_bytes = "ten" is not allowed: must be an integer > 0' in run["error"]
