"""End to end, the way a user operates cleanseeds: a real Prefect server, a process work pool,
``prefect deploy`` from prefect.yaml, a worker, ``prefect deployment run`` with parameters,
then the Parquet output and the run's artifacts are read back.

Each step's duration is printed (``pytest -s``) and quoted in the README.
"""
from __future__ import annotations

import gzip
import json
import re
import shutil
import time
import uuid
from pathlib import Path

import pyarrow.dataset as ds
import pytest

from tests.conftest import DEV_DIR, REPO, SEED_FILE
from tests.flows.prefect_server import PREFECT, PrefectServer, api_client, flow_run_artifacts, flow_run_task_states

pytestmark = pytest.mark.slow

POOL = "cleanseeds-local"


def _inputs(folder: Path) -> dict[str, str]:
    """Three inputs: the seed article, one real HTML page, and an empty file (quarantined)."""
    folder.mkdir()
    shutil.copy(SEED_FILE, folder / "seed.txt")
    with gzip.open(DEV_DIR / "pages.jsonl.gz", "rt", encoding="utf-8") as f:
        page = json.loads(f.readline())
    (folder / "page.html").write_text(page["html"], encoding="utf-8")
    (folder / "empty.txt").write_text("", encoding="utf-8")
    return {"seed": str(folder / "seed.txt"), "page": str(folder / "page.html"), "empty": str(folder / "empty.txt")}


def test_deploy_worker_and_deployment_run(tmp_path: Path) -> None:
    inputs = _inputs(tmp_path / "in")
    output = tmp_path / "out"
    logs = tmp_path / "logs"
    logs.mkdir()
    # The scheduler service is off: the hourly deployment must not fire during the test.
    server = PrefectServer(tmp_path / "prefect-home", logs, extra_env={"PREFECT_SERVER_SERVICES_SCHEDULER_ENABLED": "false"})
    t_all = time.perf_counter()
    with server:
        server.cli("work-pool", "create", POOL, "--type", "process", step="work-pool create")
        res = server.cli("deploy", "--all", cwd=REPO, step="prefect deploy --all")
        assert "clean-documents/on-demand" in res.stdout and "clean-documents/hourly-inbox" in res.stdout, res.stdout

        with api_client(server.api_url) as client:
            hourly = client.read_deployment_by_name("clean-documents/hourly-inbox")
            on_demand = client.read_deployment_by_name("clean-documents/on-demand")
        assert hourly.work_pool_name == POOL and on_demand.work_pool_name == POOL
        [sched] = hourly.schedules
        assert sched.schedule.cron == "5 * * * *" and sched.schedule.timezone == "Europe/Berlin" and sched.active
        assert not on_demand.schedules
        assert hourly.parameters == {"sources": ["inbox"], "output": "output"}
        # every flow parameter is in the run form, with the description from the docstring
        props = on_demand.parameter_openapi_schema["properties"]
        assert set(props) >= {"sources", "output", "batch_size", "workers", "entities", "config_file", "dask_address", "batch_timeout_s"}
        assert all(p.get("description") for p in props.values()), props
        assert on_demand.pull_steps == [{"prefect.deployments.steps.set_working_directory": {"directory": "{{ $CLEANSEEDS_HOME }}"}}]

        t0 = time.perf_counter()
        # CLEANSEEDS_HOME was not set at deploy time, so the pull step resolves it from the
        # worker's environment when the run starts: the deployment is not tied to one path.
        worker_env = {**server.env, "CLEANSEEDS_HOME": str(REPO)}
        worker = server.spawn("worker", [PREFECT, "worker", "start", "--pool", POOL, "--limit", "1"], env=worker_env)

        res = server.cli(
            "deployment", "run", "clean-documents/on-demand",
            "--param", f"sources={json.dumps([str(tmp_path / 'in')])}",
            "--param", f"output={output}",
            "--param", "batch_size=1",
            "--param", "workers=2",
            "--watch", "--watch-timeout", "420",
            timeout=480, step="deployment run --watch (trigger to completed)",
        )
        server.timings["worker start + run"] = time.perf_counter() - t0
        assert worker.poll() is None, server.log("worker")[-4000:]
        m = re.search(r"UUID:\s*([0-9a-f-]{36})", res.stdout)
        assert m, res.stdout
        flow_run_id = uuid.UUID(m.group(1))

        with api_client(server.api_url) as client:
            run = client.read_flow_run(flow_run_id)
        assert run.state is not None and run.state.is_completed(), (run.state, server.log("worker")[-6000:])
        assert run.parameters["batch_size"] == 1 and run.parameters["output"] == str(output)

        # --- the Parquet output, read back ---------------------------------------------
        docs = ds.dataset(output / "documents", format="parquet").to_table().to_pylist()
        assert sorted(d["source"] for d in docs) == sorted([inputs["seed"], inputs["page"]])
        seed = next(d for d in docs if d["source"] == inputs["seed"])
        assert "NPR" in seed["text"] or len(seed["text"]) > 500
        quarantine = ds.dataset(output / "quarantine", format="parquet").to_table().to_pylist()
        assert [q["source"] for q in quarantine] == [inputs["empty"]]
        runs = ds.dataset(output / "runs", format="parquet").to_table().to_pylist()
        assert len(runs) == 1 and runs[0]["status"] == "completed"
        assert (runs[0]["inputs"], runs[0]["accepted"], runs[0]["quarantined"]) == (3, 2, 1)
        assert {r["run_id"] for r in docs} == {runs[0]["run_id"]}

        # --- what the UI shows: artifacts and one task run per batch ------------------------
        arts = flow_run_artifacts(server.api_url, flow_run_id)
        report = arts["cleanseeds-run-report"][0]
        assert report.type == "markdown" and f"`{runs[0]['run_id']}` — completed" in report.data
        assert "| accepted | 2 |" in report.data and "| quarantined | 1 |" in report.data
        table = json.loads(arts["cleanseeds-quarantine-reasons"][0].data)
        assert [(r["reason"], r["documents"]) for r in table] == [(quarantine[0]["reason"], 1)]
        assert arts["cleanseeds-removed-lines"][0].type == "table"
        progress = arts["cleanseeds-progress"][0]
        assert progress.type == "progress" and float(progress.data) == 100.0
        states = flow_run_task_states(server.api_url, flow_run_id)
        assert sorted(name for name, _ in states if name.startswith("batch-")) == ["batch-1", "batch-2", "batch-3"]
        assert all(state == "Completed" for _, state in states), states
    server.timings["total (server start to everything stopped)"] = time.perf_counter() - t_all
    assert all(p.poll() is not None for p in server.procs)
    print("\nreal-server steps (seconds):")
    for step, sec in server.timings.items():
        print(f"  {step:50s} {sec:6.1f}")
