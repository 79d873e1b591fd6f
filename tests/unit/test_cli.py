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
