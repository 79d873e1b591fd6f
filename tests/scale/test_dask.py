"""Scale-out on a real Dask cluster: two worker processes on loopback, a real Prefect server
that the flow and both workers report to, and the output compared with the plain local
runner's. Also checks that spaCy loads once per worker process, not once per batch.
"""
from __future__ import annotations

import gzip
import json
import shutil
from pathlib import Path
from typing import Any

import distributed
import pyarrow.dataset as ds
import pytest

from cleanseeds import pipeline
from cleanseeds.config import Settings
from tests.conftest import DEV_DIR, SEED_FILE
from tests.flows.prefect_server import PrefectServer, flow_run_task_states

pytestmark = pytest.mark.slow

N_PAGES = 5  # + the seed = 6 documents, one per batch, on 2 workers


class CountSpacyLoads(distributed.WorkerPlugin):  # type: ignore[misc]
    """Counts spaCy pipeline loads in each worker process.

    Every way of loading a pipeline (``spacy.load``, a model package's ``load()``) ends in
    ``spacy.util.load_model_from_path``; the plugin wraps it when the worker starts.
    """

    name = "count-spacy-loads"

    def setup(self, worker: Any) -> None:
        import spacy.util

        if getattr(spacy.util, "_cleanseeds_loads", None) is not None:
            return
        original = spacy.util.load_model_from_path
        spacy.util._cleanseeds_loads = 0  # type: ignore[attr-defined]

        def counting(*args: Any, **kwargs: Any) -> Any:
            spacy.util._cleanseeds_loads += 1  # type: ignore[attr-defined]
            return original(*args, **kwargs)

        spacy.util.load_model_from_path = counting


def _loads() -> int:
    import spacy.util

    return int(getattr(spacy.util, "_cleanseeds_loads", -1))


def _inputs(folder: Path) -> Path:
    folder.mkdir()
    shutil.copy(SEED_FILE, folder / "seed.txt")
    with gzip.open(DEV_DIR / "pages.jsonl.gz", "rt", encoding="utf-8") as f:
        for i, line in zip(range(N_PAGES), f, strict=False):
            (folder / f"page-{i}.html").write_text(json.loads(line)["html"], encoding="utf-8")
    return folder


def _table(output: Path, name: str, key: tuple[str, ...]) -> list[dict[str, Any]]:
    """Rows of one output table without the per-run columns, in a stable order."""
    if not (output / name).exists():
        return []
    rows = ds.dataset(output / name, format="parquet").to_table().to_pylist()
    for r in rows:
        r.pop("run_id", None)
        r.pop("ingested_at", None)
    return sorted(rows, key=lambda r: tuple(str(r[k]) for k in key))


def _tables(output: Path) -> dict[str, list[dict[str, Any]]]:
    return {
        "documents": _table(output, "documents", ("doc_id",)),
        "removed_lines": _table(output, "removed_lines", ("doc_id", "line_no", "start")),
        "quarantine": _table(output, "quarantine", ("source", "stage", "reason")),
    }


def test_flow_on_dask_cluster_matches_local_run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from prefect.settings import PREFECT_API_URL, temporary_settings

    from cleanseeds_prefect.flow import clean_documents

    src = _inputs(tmp_path / "in")
    logs = tmp_path / "logs"
    logs.mkdir()
    # The flow and both Dask workers must report to one Prefect server; otherwise each worker
    # process would start a temporary server of its own.
    with PrefectServer(tmp_path / "prefect-home", logs) as server:
        monkeypatch.setenv("PREFECT_API_URL", server.api_url)  # inherited by the worker processes
        cluster = distributed.LocalCluster(n_workers=2, processes=True, threads_per_worker=1, host="127.0.0.1", dashboard_address=None)
        try:
            with distributed.Client(cluster) as client:
                client.register_plugin(CountSpacyLoads())
                with temporary_settings(updates={PREFECT_API_URL: server.api_url}):
                    state = clean_documents(
                        sources=[str(src)], output=str(tmp_path / "dask-out"), batch_size=1, site_templates=False,
                        dask_address=cluster.scheduler_address, return_state=True,
                    )
                assert state.is_completed(), state
                row = state.result()
                loads = client.run(_loads)
        finally:
            cluster.close()
        task_states = flow_run_task_states(server.api_url, state.state_details.flow_run_id)

    assert row["status"] == "completed" and row["batches"] == N_PAGES + 1 and row["inputs"] == N_PAGES + 1
    # every batch ran as a task run recorded on the one server, and completed there
    batch_states = [s for name, s in task_states if name.startswith("batch-")]
    assert len(batch_states) == N_PAGES + 1 and set(batch_states) == {"Completed"}, task_states
    # spaCy: at most one load per worker process although each ran several batches
    assert len(loads) == 2, loads
    assert all(n <= 1 for n in loads.values()), loads
    assert 1 <= sum(loads.values()) < row["batches"], loads

    local = pipeline.run([str(src)], str(tmp_path / "local-out"), Settings(batch_size=1, site_templates=False, workers=1))
    assert local.status == "completed"
    dask_tables, local_tables = _tables(tmp_path / "dask-out"), _tables(tmp_path / "local-out")
    assert len(dask_tables["documents"]) >= N_PAGES  # the comparison is not vacuous
    assert dask_tables == local_tables
