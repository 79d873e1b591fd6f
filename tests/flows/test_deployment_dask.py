"""The deployment + Dask path exactly as docs/deployments.md gives it, from a clean checkout:
a real Prefect server on 127.0.0.1, the work pool, ``prefect deploy --all``, a worker, a real
Dask scheduler and two Dask workers on 127.0.0.1 (``dask scheduler``, ``dask worker``),
``prefect deployment run … --param dask_address=…``; the Parquet output is read back and
compared with a local run. No PYTHONPATH on any process: the Dask workers import the flow's
tasks from the installed ``cleanseeds_prefect`` package, from a directory outside the checkout.
"""
from __future__ import annotations

import gzip
import json
import os
import re
import shutil
import socket
import subprocess
import time
import uuid
from pathlib import Path
from typing import Any

import distributed
import pyarrow.dataset as ds
import pytest

from cleanseeds import pipeline
from cleanseeds.config import Settings
from tests.conftest import DEV_DIR, REPO, SEED_FILE
from tests.flows.prefect_server import (
    BIN,
    PREFECT,
    PrefectServer,
    api_client,
    flow_run_task_states,
    free_port,
)

pytestmark = pytest.mark.slow

POOL = "cleanseeds-local"
DOC = REPO / "docs" / "deployments.md"
# What the test runs, as the guide writes it (the guide's ports and paths differ).
DOC_COMMANDS = [
    "prefect server start", "prefect work-pool create cleanseeds-local --type process", "prefect deploy --all",
    'CLEANSEEDS_HOME="$PWD" prefect worker start --pool cleanseeds-local', "dask scheduler --host 127.0.0.1 --port 8786",
    "dask worker tcp://127.0.0.1:8786 --nthreads 1", "prefect deployment run 'clean-documents/on-demand'",
    "--param dask_address=tcp://127.0.0.1:8786",
]


def _clean_checkout(dest: Path) -> Path:
    """The repository's tracked files only (what a fresh clone holds), as they are now."""
    files = subprocess.run(["git", "ls-files", "-z"], cwd=REPO, capture_output=True, check=True).stdout.split(b"\0")
    for name in filter(None, files):
        src = REPO / os.fsdecode(name)
        if src.is_file():
            (dest / os.fsdecode(name)).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, dest / os.fsdecode(name))
    return dest


def _inputs(folder: Path) -> Path:
    folder.mkdir()
    shutil.copy(SEED_FILE, folder / "seed.txt")
    with gzip.open(DEV_DIR / "pages.jsonl.gz", "rt", encoding="utf-8") as f:
        for i, line in zip(range(5), f):
            (folder / f"page-{i}.html").write_text(json.loads(line)["html"], encoding="utf-8")
    (folder / "empty.txt").write_text("", encoding="utf-8")
    return folder


def _tables(output: Path) -> dict[str, list[dict[str, Any]]]:
    out = {}
    for name in ("documents", "removed_lines", "quarantine"):
        rows = ds.dataset(output / name, format="parquet", partitioning="hive").to_table().to_pylist()
        for r in rows:
            for col in ("run_id", "ingested_at", "ingest_date"):
                r.pop(col, None)
        out[name] = sorted(rows, key=lambda r: json.dumps(r, sort_keys=True, default=str))
    return out


def _wait_port(port: int, proc: subprocess.Popen[Any], log: str, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        assert proc.poll() is None, log
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.5)
    raise AssertionError(f"nothing listens on {port}: {log}")


def test_the_guide_names_the_commands_this_test_runs() -> None:
    text = re.sub(r"\\\n\s*", "", DOC.read_text(encoding="utf-8"))
    missing = [c for c in DOC_COMMANDS if c not in text]
    assert missing == []
    assert "PYTHONPATH" not in text


def test_deployment_runs_on_a_dask_cluster_and_matches_a_local_run(tmp_path: Path) -> None:
    checkout = _clean_checkout(tmp_path / "checkout")
    src = _inputs(tmp_path / "in")
    output = tmp_path / "out"
    logs = tmp_path / "logs"
    logs.mkdir()
    elsewhere = tmp_path / "elsewhere"  # the Dask processes' working directory: not the checkout
    elsewhere.mkdir()
    server = PrefectServer(tmp_path / "prefect-home", logs, extra_env={"PREFECT_SERVER_SERVICES_SCHEDULER_ENABLED": "false"})
    server.env.pop("PYTHONPATH", None)
    with server:
        server.cli("work-pool", "create", POOL, "--type", "process")
        server.cli("deploy", "--all", cwd=checkout)
        server.spawn("worker", [PREFECT, "worker", "start", "--pool", POOL, "--limit", "1"], cwd=checkout,
                     env={**server.env, "CLEANSEEDS_HOME": str(checkout)})
        port = free_port()
        dask = str(BIN / "dask")
        sched = server.spawn("dask-scheduler", [dask, "scheduler", "--host", "127.0.0.1", "--port", str(port), "--no-dashboard"], cwd=elsewhere)
        _wait_port(port, sched, server.log("dask-scheduler"))
        address = f"tcp://127.0.0.1:{port}"
        for k in range(2):
            server.spawn(f"dask-worker-{k}", [dask, "worker", address, "--nthreads", "1", "--host", "127.0.0.1", "--no-dashboard"], cwd=elsewhere)
        res = server.cli(
            "deployment", "run", "clean-documents/on-demand",
            "--param", f"sources={json.dumps([str(src)])}", "--param", f"output={output}",
            "--param", "batch_size=2", "--param", "entities=false", "--param", f"dask_address={address}",
            "--watch", "--watch-timeout", "420", timeout=480,
        )
        m = re.search(r"UUID:\s*([0-9a-f-]{36})", res.stdout)
        assert m, res.stdout
        flow_run_id = uuid.UUID(m.group(1))
        with api_client(server.api_url) as client:
            run = client.read_flow_run(flow_run_id)
        dask_logs = "".join(server.log(f"dask-worker-{k}") for k in range(2)) + server.log("dask-scheduler")
        assert run.state is not None and run.state.is_completed(), (run.state, server.log("worker")[-6000:], dask_logs[-4000:])
        states = flow_run_task_states(server.api_url, flow_run_id)
        with distributed.Client(address, set_as_default=False) as client:
            executed = client.run(lambda dask_worker: dask_worker.state.executed_count)
    assert len(executed) == 2 and sum(executed.values()) >= 4, executed  # the batches ran on the Dask workers
    assert "ModuleNotFoundError" not in dask_logs and "Error during deserialization" not in dask_logs
    batch_states = [s for name, s in states if name.startswith("batch-")]
    assert len(batch_states) == 4 and set(batch_states) == {"Completed"}, states  # 7 inputs, 2 per batch

    [row] = ds.dataset(output / "runs", format="parquet", partitioning="hive").to_table().to_pylist()
    assert row["status"] == "completed" and (row["inputs"], row["quarantined"]) == (7, 1)
    local = pipeline.run([str(src)], str(tmp_path / "local"), Settings(batch_size=2, entities=False, workers=1))
    assert local.status == "completed"
    got, want = _tables(output), _tables(tmp_path / "local")
    assert len(want["documents"]) == 6 and want["quarantine"]
    assert got == want
