"""flows.startup: the CLI starts the temporary Prefect server early; the flow's client must
then use that very server (not start a second one), and nothing starts when a server is
configured."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]

PROBE = r"""
import json, time, httpx
from flows.startup import start_server_early
from prefect.server.api.server import SubprocessASGIServer
t0 = time.perf_counter()
starter = start_server_early()
returned_after = time.perf_counter() - t0
starter.join()
server = SubprocessASGIServer()
health = httpx.get(server.api_url + "/health").status_code
from prefect.client.orchestration import get_client
with get_client(sync_client=True) as client:
    client_url = str(client.api_url).rstrip("/")
    client.hello()
print(json.dumps({"returned_after": returned_after, "health": health, "server_url": server.api_url.rstrip("/"),
                  "client_url": client_url, "servers": len(SubprocessASGIServer._instances),
                  "pid": server.server_process.pid}))
server.stop()
"""


@pytest.mark.slow
def test_early_server_is_the_one_the_flow_client_uses(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_API")}
    env.update(PREFECT_HOME=str(tmp_path / "home"), PREFECT_SERVER_ANALYTICS_ENABLED="false", DO_NOT_TRACK="1",
               PYTHONPATH=os.pathsep.join([str(REPO), str(REPO / "src")]))
    out = subprocess.run([sys.executable, "-c", PROBE], env=env, cwd=tmp_path, capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr[-2000:]
    got = json.loads(out.stdout.strip().splitlines()[-1])
    assert got["returned_after"] < 2.0  # the caller goes on while the server starts
    assert got["health"] == 200
    assert got["client_url"] == got["server_url"]  # the flow's client reuses it
    assert got["servers"] == 1


def test_nothing_starts_when_a_server_is_configured() -> None:
    from prefect.settings import PREFECT_API_URL, temporary_settings

    from flows.startup import start_server_early

    with temporary_settings(updates={PREFECT_API_URL: "http://127.0.0.1:9/api"}):
        assert start_server_early() is None
