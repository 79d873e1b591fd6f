"""The command line: exit codes and one-line messages for wrong use."""
from __future__ import annotations

from pathlib import Path

import pytest

from cleanseeds.cli import main


def _err_lines(capsys: pytest.CaptureFixture[str]) -> list[str]:
    return [ln for ln in capsys.readouterr().err.splitlines() if ln.strip()]


def test_missing_arguments_exit_2_with_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["run"])
    assert exc.value.code == 2
    lines = _err_lines(capsys)
    assert len(lines) == 1 and "required" in lines[0] and lines[0].startswith("cleanseeds: error:")


def test_unknown_command_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["frobnicate"])
    assert exc.value.code == 2
    assert len(_err_lines(capsys)) == 1


def test_missing_source_path_is_a_wrong_command_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rc = main(["run", str(tmp_path / "nope"), "--output", str(tmp_path / "out"), "--no-prefect"])
    assert rc == 2
    lines = _err_lines(capsys)
    assert len(lines) == 1 and "no such file or directory" in lines[0]
    assert not (tmp_path / "out" / "documents").exists()


def test_unwritable_output_exit_3(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text("Hello world. This is a document.\n", encoding="utf-8")
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    rc = main(["run", str(tmp_path / "in"), "--output", str(blocker / "out"), "--no-prefect"])
    assert rc == 3
    lines = _err_lines(capsys)
    assert len(lines) == 1 and "not writable" in lines[0]
    rc = main(["run", str(tmp_path / "in"), "--output", str(blocker), "--no-prefect"])
    assert rc == 3
    assert "not a directory" in _err_lines(capsys)[0]


def test_bad_setting_exit_4(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rc = main(["run", str(tmp_path), "--output", str(tmp_path / "o"), "--batch-size", "0"])
    assert rc == 4
    assert "batch_size" in _err_lines(capsys)[0]


def _row(out: Path) -> dict[str, object]:
    import pyarrow.dataset as ds

    [row] = ds.dataset(out / "runs", format="parquet", partitioning="hive").to_table().to_pylist()
    return row


def test_a_glob_matching_nothing_exits_5_and_is_recorded(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out"
    rc = main(["run", str(tmp_path / "*.jsonl"), "--output", str(out), "--no-prefect", "--no-entities"])
    captured = capsys.readouterr()
    assert rc == 5
    err = [ln for ln in captured.err.splitlines() if ln.strip()]
    assert len(err) == 1 and err[0].startswith("cleanseeds: no input found:") and "*.jsonl" in err[0]
    row = _row(out)
    assert row["status"] == "completed" and row["accepted"] == 0 and row["batches"] == 0


def test_an_empty_folder_exits_5(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "inbox").mkdir()
    assert main(["run", str(tmp_path / "inbox"), "--output", str(tmp_path / "out"), "--no-prefect", "--quiet"]) == 5
    assert "no input found" in capsys.readouterr().err
    assert _row(tmp_path / "out")["inputs"] == 0


def test_discovery_rejects_are_not_a_batch_and_the_summary_is_words(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src = tmp_path / "in"
    src.mkdir()
    (src / "a.txt").write_text("The council met on Tuesday and agreed a new budget for the city's libraries.\n", encoding="utf-8")
    (src / "b.bin").write_bytes(b"\x00\x01")  # unsupported: rejected at discovery
    out = tmp_path / "out"
    assert main(["run", str(src), "--output", str(out), "--no-prefect", "--no-entities"]) == 0
    printed = capsys.readouterr().out.strip().splitlines()
    summary = [ln for ln in printed if ln.startswith("run ")]  # the report's own line may follow
    assert len(summary) == 1 and "2 inputs, 1 accepted, 1 quarantined" in summary[0] and "{" not in summary[0]
    assert _row(out)["batches"] == 1
