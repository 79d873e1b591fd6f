"""A real ``prefect server start`` (and workers) for end-to-end tests, stopped reliably.

Every process is started in its own session (process group) and stopped by group: SIGTERM,
then SIGKILL after a grace period — a worker started from a non-interactive script ignores
the first SIGTERM, and the server's uvicorn children must go with it. Executables come from
the running interpreter's ``bin`` directory (the project's virtualenv).
"""
from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Sequence
from pathlib import Path
from typing import IO, Any

BIN = Path(sys.executable).parent
PREFECT = str(BIN / "prefect")


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def stop_group(proc: subprocess.Popen[Any], grace: float = 8.0) -> None:
    """Stop ``proc`` and everything in its process group; SIGKILL whatever outlives ``grace``."""
    if proc.poll() is None:
        try:
            os.killpg(proc.pid, signal.SIGTERM)
        except ProcessLookupError:
            pass
        try:
            proc.wait(timeout=grace)
        except subprocess.TimeoutExpired:
            pass
    try:  # the leader may be gone while children of the group live on
        os.killpg(proc.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:  # pragma: no cover
        pass


class PrefectServer:
    """``prefect server start`` on a free loopback port with its own Prefect home.

    ``env`` is the environment every Prefect command of the test must use; ``timings``
    records how long each step took (printed by the tests, quoted in the README).
    """

    def __init__(self, home: Path, log_dir: Path, extra_env: dict[str, str] | None = None) -> None:
        self.port = free_port()
        self.api_url = f"http://127.0.0.1:{self.port}/api"
        self.log_dir = log_dir
        self.procs: list[subprocess.Popen[Any]] = []
        self._logs: list[IO[bytes]] = []
        self.timings: dict[str, float] = {}
        env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_")}
        env.update(
            PREFECT_HOME=str(home),
            PREFECT_API_URL=self.api_url,
            PREFECT_SERVER_API_HOST="127.0.0.1",
            PREFECT_SERVER_API_PORT=str(self.port),
            PREFECT_SERVER_ANALYTICS_ENABLED="false",
            DO_NOT_TRACK="1",
            PREFECT_UI_ENABLED="false",
            PREFECT_WORKER_QUERY_SECONDS="1",
            PREFECT_WORKER_PREFETCH_SECONDS="5",
            PREFECT_LOGGING_LEVEL="INFO",
            PYTHONUNBUFFERED="1",
        )
        env.update(extra_env or {})
        self.env = env

    # --- processes ---------------------------------------------------------------------
    def spawn(self, name: str, args: Sequence[str], cwd: Path | None = None, env: dict[str, str] | None = None) -> subprocess.Popen[Any]:
        log = open(self.log_dir / f"{name}.log", "wb")
        self._logs.append(log)
        proc = subprocess.Popen(list(args), cwd=cwd, env=env or self.env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        self.procs.append(proc)
        return proc

    def log(self, name: str) -> str:
        p = self.log_dir / f"{name}.log"
        return p.read_text(errors="replace") if p.exists() else ""

    def cli(self, *args: str, cwd: Path | None = None, timeout: float = 300, step: str | None = None) -> subprocess.CompletedProcess[str]:
        """Run ``prefect ARGS`` against this server; raise with its output when it fails."""
        t0 = time.perf_counter()
        res = subprocess.run([PREFECT, "--no-prompt", *args], cwd=cwd, env=self.env, capture_output=True, text=True, timeout=timeout)
        if step:
            self.timings[step] = time.perf_counter() - t0
        if res.returncode != 0:
            raise AssertionError(f"prefect {' '.join(args)} exited {res.returncode}\n--- stdout\n{res.stdout}\n--- stderr\n{res.stderr}")
        return res

    def start(self, timeout: float = 180) -> None:
        t0 = time.perf_counter()
        proc = self.spawn("server", [PREFECT, "server", "start", "--host", "127.0.0.1", "--port", str(self.port)])
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if proc.poll() is not None:
                raise AssertionError(f"prefect server exited {proc.returncode}:\n{self.log('server')[-4000:]}")
            try:
                with urllib.request.urlopen(self.api_url + "/health", timeout=2) as r:
                    if r.status == 200 and json.loads(r.read() or b"null") is True:
                        self.timings["server start (healthy)"] = time.perf_counter() - t0
                        return
            except (urllib.error.URLError, OSError, ValueError):
                pass
            time.sleep(0.5)
        raise AssertionError(f"prefect server not healthy after {timeout}s:\n{self.log('server')[-4000:]}")

    def stop(self) -> None:
        for proc in reversed(self.procs):  # workers first, the server last
            stop_group(proc)
        for log in self._logs:
            log.close()

    def __enter__(self) -> PrefectServer:
        try:
            self.start()
        except BaseException:
            self.stop()
            raise
        return self

    def __exit__(self, *exc: Any) -> None:
        self.stop()


# --- reading what a run left on the server ----------------------------------------------------


def api_client(api_url: str) -> Any:
    """A sync Prefect client for ``api_url`` (use as a context manager)."""
    from prefect.client.orchestration import get_client
    from prefect.settings import PREFECT_API_URL, temporary_settings

    with temporary_settings(updates={PREFECT_API_URL: api_url}):
        return get_client(sync_client=True)


def flow_run_artifacts(api_url: str, flow_run_id: Any) -> dict[str, list[Any]]:
    """Artifacts of one flow run, grouped by key (latest first within a key)."""
    from prefect.client.schemas.filters import ArtifactFilter, ArtifactFilterFlowRunId

    with api_client(api_url) as client:
        arts = client.read_artifacts(artifact_filter=ArtifactFilter(flow_run_id=ArtifactFilterFlowRunId(any_=[flow_run_id])))
    out: dict[str, list[Any]] = {}
    for a in sorted(arts, key=lambda a: a.updated or a.created, reverse=True):
        out.setdefault(a.key or "", []).append(a)
    return out


def flow_run_task_states(api_url: str, flow_run_id: Any) -> list[tuple[str, str]]:
    """``(task run name, state name)`` for every task run of a flow run."""
    from prefect.client.schemas.filters import FlowRunFilter, FlowRunFilterId

    with api_client(api_url) as client:
        runs = client.read_task_runs(flow_run_filter=FlowRunFilter(id=FlowRunFilterId(any_=[flow_run_id])))
    return sorted((r.name, r.state.name if r.state else "") for r in runs)
