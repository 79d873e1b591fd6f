"""Fixed cost of a small run: what ``cleanseeds run`` costs on top of the plain runner.

    .venv/bin/python bench/fixed_cost.py [--repeat 3]

Two figures (issue 16 item 4), medians of ``--repeat`` interleaved rounds, each command a
fresh process, CPU of the whole process tree (user + system, every descendant reaped):

1. the 181 dev pages in one WARC, one worker, entities off: CPU of ``cleanseeds run`` (what a
   user types) over the plain runner (``--no-prefect``); target <= 1.15;
2. wall time of ``cleanseeds run`` on the repository's seeds/ (what ``make run`` does);
   target <= 3 s.

For the record it also measures the flow itself: ``--prefect`` with no server configured
(Prefect starts a temporary one) and ``cleanseeds run`` with ``PREFECT_API_URL`` pointing at
a running server (started here first, like a user's ``prefect server start``; its own CPU
while serving the run is printed apart, it is a service). Nothing is written to the repository.
"""
from __future__ import annotations

import argparse
import gzip
import io
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
DEV = REPO.parent / "shared" / "eval" / "dev" / "pages.jsonl.gz"
CLI = [sys.executable, "-m", "cleanseeds.cli", "run"]


def make_warc(path: Path) -> int:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with gzip.open(DEV, "rt", encoding="utf-8") as f:
        pages = [json.loads(line) for line in f]
    with open(path, "wb") as out:
        w = WARCWriter(out, gzip=False)  # uncompressed: see the note in make_warc's caller
        for p in pages:
            headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
            w.write_record(w.create_warc_record(p["url"], "response", payload=io.BytesIO(p["html"].encode("utf-8")), http_headers=headers))
    return len(pages)


def measure(cmd: list[str], env: dict[str, str], keep: frozenset[int] = frozenset()) -> tuple[float, float, int]:
    """Wall seconds, CPU seconds of the command's whole tree, exit code. Descendants that
    outlive it (orphans adopted by this process, a subreaper) are reaped before the CPU is
    read; ``keep`` are children of ours that are not part of the run (the server)."""
    import psutil

    r0 = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    p = subprocess.Popen(cmd, env=env, cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True)
    _, err = p.communicate()
    wall = time.perf_counter() - t0
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:  # descendants adopted by us (subreaper) that outlive it
        try:
            pid, _ = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            break
        if pid:
            continue
        if not [c for c in psutil.Process().children() if c.pid not in keep]:
            break
        time.sleep(0.05)
    r1 = resource.getrusage(resource.RUSAGE_CHILDREN)
    if p.returncode:
        print(err.decode(errors="replace")[-2000:], file=sys.stderr)
    return wall, (r1.ru_utime - r0.ru_utime) + (r1.ru_stime - r0.ru_stime), p.returncode


def become_subreaper() -> None:
    import ctypes

    ctypes.CDLL(None, use_errno=True).prctl(36, 1, 0, 0, 0)  # PR_SET_CHILD_SUBREAPER


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--no-flow", action="store_true", help="skip the two flow variants")
    a = ap.parse_args()
    become_subreaper()
    work = Path(tempfile.mkdtemp(prefix="cleanseeds-fixed-cost-"))
    # One uncompressed WARC: a gzipped one (one gzip member per record, as warcio writes it)
    # is cut short by the reader at main dfd283c ("incorrect data check", 2 of 181 pages).
    warc = work / "dev.warc"
    n = make_warc(warc)
    env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_")}
    env.update(PREFECT_HOME=str(work / "prefect-home"), PREFECT_SERVER_ANALYTICS_ENABLED="false", DO_NOT_TRACK="1",
               PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS="180")
    server = None
    if not a.no_flow:
        sys.path.insert(0, str(REPO))
        from tests.flows.prefect_server import PrefectServer

        server = PrefectServer(work / "server-home", work)
        server.start()
    warc_args = [str(warc), "--workers", "1", "--no-entities", "-q"]
    variants = {
        "plain (--no-prefect)": (warc_args + ["--no-prefect"], env),
        "cleanseeds run": (warc_args, env),
        "seeds: cleanseeds run": (["seeds"], env),
    }
    if server is not None:
        variants["--prefect, temporary server"] = (warc_args + ["--prefect"], env)
        variants["running server (PREFECT_API_URL)"] = (warc_args, {**env, "PREFECT_API_URL": server.api_url})
    keep = frozenset(q.pid for q in server.procs) if server is not None else frozenset()
    got: dict[str, list[tuple[float, float]]] = {k: [] for k in variants}
    server_cpu: list[float] = []
    try:
        for r in range(a.repeat):
            for name, (args, e) in variants.items():
                out = work / f"out-{r}-{len(got[name])}-{abs(hash(name))}"
                s0 = _tree_cpu(server) if server is not None and "running" in name else 0.0
                wall, cpu, rc = measure(CLI + args + ["--output", str(out)], e, keep)
                if server is not None and "running" in name:
                    server_cpu.append(_tree_cpu(server) - s0)
                assert rc == 0, (name, rc)
                got[name].append((wall, cpu))
                shutil.rmtree(out, ignore_errors=True)
                print(f"[round {r + 1}] {name:34s} wall {wall:6.2f} s  cpu {cpu:6.2f} s", file=sys.stderr, flush=True)
    finally:
        if server is not None:
            server.stop()
    med = {k: (statistics.median(w for w, _ in v), statistics.median(c for _, c in v)) for k, v in got.items()}
    plain = med["plain (--no-prefect)"][1]
    print(f"# fixed cost of a small run, medians of {a.repeat} rounds; {n} dev pages in one WARC, 1 worker, entities off")
    for k, (w, c) in med.items():
        ratio = f"{c / plain:5.2f}x plain CPU" if not k.startswith("seeds") else ""
        print(f"{k:36s} wall {w:6.2f} s   cpu {c:6.2f} s   {ratio}")
    if server_cpu:
        print(f"{'  + the running server while serving':36s}              cpu {statistics.median(server_cpu):6.2f} s")
    print(f"figure 1: cleanseeds run / plain CPU = {med['cleanseeds run'][1] / plain:.2f}  [target <= 1.15]")
    print(f"figure 2: cleanseeds run seeds/ wall = {med['seeds: cleanseeds run'][0]:.2f} s  [target <= 3 s]")
    shutil.rmtree(work, ignore_errors=True)


def _tree_cpu(server: object) -> float:
    import psutil

    total = 0.0
    for proc in getattr(server, "procs", []):
        try:
            ps = psutil.Process(proc.pid)
            for q in [ps, *ps.children(recursive=True)]:
                t = q.cpu_times()
                total += t.user + t.system
        except psutil.Error:
            pass
    return total


if __name__ == "__main__":
    main()
