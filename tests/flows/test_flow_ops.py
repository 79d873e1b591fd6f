"""Resilience of the clean-documents flow, run for real (Prefect's temporary local server):
a re-run skips what is loaded (the output's own index: no second copy of any batch);
failures land in ``runs/`` — from the runner with the counts reached, or from the
on_failure hook when the runner never started."""
from __future__ import annotations

from pathlib import Path
from typing import Any

import pyarrow.dataset as ds
from prefect.client.orchestration import get_client
from prefect.client.schemas.filters import ArtifactFilter, ArtifactFilterFlowRunId, FlowRunFilter, FlowRunFilterId

from cleanseeds_prefect.flow import clean_documents
from tests.conftest import SEED_FILE


def _inputs(folder: Path, n: int) -> Path:
    folder.mkdir()
    text = SEED_FILE.read_text(encoding="utf-8")
    for i in range(n):
        (folder / f"doc-{i}.txt").write_text(text + f"\nVariant {i} of the article.\n", encoding="utf-8")
    return folder


def _rows(output: Path, table: str) -> list[dict[str, Any]]:
    if not (output / table).exists():
        return []
    return list(ds.dataset(output / table, format="parquet").to_table().to_pylist())


def _without_run(rows: list[dict[str, Any]], key: str) -> list[dict[str, Any]]:
    return sorted(({k: v for k, v in r.items() if k not in ("run_id", "ingested_at")} for r in rows), key=lambda r: (str(r[key]), str(r.get("line_no"))))


def _task_states(flow_run_id: Any) -> list[tuple[str, str]]:
    with get_client(sync_client=True) as client:
        runs = client.read_task_runs(flow_run_filter=FlowRunFilter(id=FlowRunFilterId(any_=[flow_run_id])))
    return sorted((r.name, r.state.name if r.state else "") for r in runs)


def test_rerun_skips_loaded_documents_and_keeps_no_batch_copies(tmp_path: Path) -> None:
    src = _inputs(tmp_path / "in", 3)
    out = tmp_path / "out"
    kw = dict(sources=[str(src)], output=str(out), batch_size=1, workers=1, entities=False)
    first = clean_documents(**kw)
    assert first["status"] == "completed" and first["accepted"] == 3
    docs1 = _rows(out, "documents")
    state_files = {p.relative_to(out / "_state").parts[0] for p in (out / "_state").rglob("*") if p.is_file()}
    assert state_files == {"index.parquet", "lock", "site_templates.json", "duplicates.parquet", "source_form"}  # no copy of any batch

    (src / "doc-new.txt").write_text(SEED_FILE.read_text(encoding="utf-8") + "\nA fourth variant.\n", encoding="utf-8")
    state = clean_documents(**kw, return_state=True)
    assert state.is_completed()
    second = state.result()
    assert (second["inputs"], second["skipped"], second["accepted"]) == (4, 3, 1)
    batch_states = [s for name, s in _task_states(state.state_details.flow_run_id) if name.startswith("batch-")]
    assert batch_states == ["Completed"] * 4
    docs2 = _rows(out, "documents")
    assert _without_run([d for d in docs2 if d["run_id"] == first["run_id"]], "doc_id") == _without_run(docs1, "doc_id")
    assert [d["source"] for d in docs2 if d["run_id"] == second["run_id"]] == [str(src / "doc-new.txt")]

    with get_client(sync_client=True) as client:
        arts = client.read_artifacts(artifact_filter=ArtifactFilter(flow_run_id=ArtifactFilterFlowRunId(any_=[state.state_details.flow_run_id])))
    by_key = {a.key: a for a in arts}
    assert "| skipped (already loaded) | 3 |" in by_key["cleanseeds-run-report"].data
    assert float(by_key["cleanseeds-progress"].data) == 100.0


def test_a_batch_over_its_timeout_fails_the_run_and_the_failure_is_recorded(tmp_path: Path) -> None:
    src = _inputs(tmp_path / "in", 2)
    out = tmp_path / "out"
    state = clean_documents(sources=[str(src)], output=str(out), batch_size=1, workers=2, entities=False, batch_timeout_s=0.001, return_state=True)
    assert state.is_failed()
    with get_client(sync_client=True) as client:
        tasks = client.read_task_runs(flow_run_filter=FlowRunFilter(id=FlowRunFilterId(any_=[state.state_details.flow_run_id])))
    batch = [t for t in tasks if t.name.startswith("batch-")]
    assert batch and all(t.run_count == 2 for t in batch if t.state and t.state.is_failed())  # retried once
    [run] = _rows(out, "runs")
    assert run["status"] == "failed" and "TimeoutError" in run["error"] and "did not finish within" in run["error"]


def test_refused_settings_are_recorded_by_the_failure_hook(tmp_path: Path) -> None:
    out = tmp_path / "out"
    state = clean_documents(sources=[str(tmp_path)], output=str(out), config_file=str(tmp_path / "missing.toml"), return_state=True)
    assert state.is_failed()
    [run] = _rows(out, "runs")
    assert run["status"] == "failed" and "cannot read settings file" in run["error"]
    assert (run["inputs"], run["accepted"], run["batches"]) == (0, 0, 0)
    assert str(state.state_details.flow_run_id) in run["settings"]
