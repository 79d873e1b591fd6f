"""Issue 15, signals and storage: SIGTERM/SIGHUP like SIGINT (a failed runs/ row with the
counts, exit 143/129, no process of the run left behind, on both paths), and storage errors
(ENOSPC, EROFS) that exit 3 with one line naming the cause."""
from __future__ import annotations

import errno
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import psutil
import pyarrow.parquet as pq
import pytest

from tests.hostile.accounting import check, read, run, shown

ARTICLE = ("The regional transit authority voted on Monday to extend the night bus network to {n} outlying "
           "villages, a move riders had requested for more than a decade. Officials said route {n} would cost "
           "about {n}.4 million euros a year.")


def _corpus(d: Path, n: int) -> list[Path]:
    d.mkdir(parents=True, exist_ok=True)
    files = []
    for i in range(n):
        p = d / f"doc{i:04d}.txt"
        p.write_text(f"Night Bus Story Number {i}\n\n" + ARTICLE.format(n=i) + f"\nIt ends with line {i}.\n", encoding="utf-8")
        files.append(p)
    return files


def _session(sid: int) -> list[psutil.Process]:
    """Every live process of session ``sid`` (the CLI and all it started)."""
    out = []
    for p in psutil.process_iter(["pid"]):
        try:
            if os.getsid(p.pid) == sid and p.status() != psutil.STATUS_ZOMBIE:
                out.append(p)
        except (ProcessLookupError, PermissionError, psutil.Error):
            pass
    return out


def _cpu(procs: list[psutil.Process]) -> float:
    """CPU seconds ``procs`` have used (the ones that ended since count 0)."""
    total = 0.0
    for p in procs:
        try:
            t = p.cpu_times()
            total += t.user + t.system
        except psutil.Error:
            pass
    return total


def _workers_started(root: psutil.Process, want: int, timeout: float, settle: float = 2.0, cpu: float = 3.0) -> None:
    """Wait until the run has ``want`` pool workers (children of its forkserver) busy and they
    have used ``cpu`` CPU seconds together, then ``settle`` seconds more (a few batches finish,
    so the failed row has counts). CPU time, not a wall-clock wait, says the workers got going:
    under load a fixed wait sent the signal before any batch was counted (``inputs == 0``)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            kids = root.children(recursive=True)
        except psutil.Error:
            return
        forked = []
        for k in kids:
            try:
                if "forkserver" in " ".join(k.cmdline()) and k.ppid() != root.pid:
                    forked.append(k)
            except psutil.Error:  # ended (or a zombie) since children() listed it
                pass
        if len(forked) >= want and _cpu(forked) >= cpu:
            time.sleep(settle)
            return
        time.sleep(0.2)
    raise AssertionError("the run never started its workers")


@pytest.mark.parametrize("sig,code", [(signal.SIGTERM, 143), (signal.SIGHUP, 129)])
@pytest.mark.parametrize("path", ["no-prefect", "prefect"])
def test_termination_signal_records_the_run_and_stops_every_process(tmp_path: Path, sig: int, code: int, path: str) -> None:
    files = _corpus(tmp_path / "in", 6000)
    out = tmp_path / "out"
    env = {**os.environ, "PREFECT_HOME": str(tmp_path / "prefect-home")}
    env.pop("PREFECT_API_URL", None)
    cmd = [sys.executable, "-m", "cleanseeds.cli", "run", str(tmp_path / "in"), "--output", str(out), "--no-entities",
           "--workers", "2", "--batch-size", "20", "--no-site-templates", "--quiet"]
    cmd.append("--no-prefect" if path == "no-prefect" else "--prefect")
    proc = subprocess.Popen(cmd, env=env, start_new_session=True, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        _workers_started(psutil.Process(proc.pid), 2, timeout=240)
        assert len(_session(proc.pid)) >= 4  # the CLI, forkserver, 2 workers (+ tracker, server)
        proc.send_signal(sig)
        _, err = proc.communicate(timeout=120)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
    assert proc.returncode == code, err.decode()[-2000:]
    left = _session(proc.pid)
    assert not left, [" ".join(p.cmdline())[:120] for p in left]
    r = read(out)
    check(r, [], status="failed")
    assert 0 < r["run"]["inputs"] < len(files)
    assert r["run"]["error"]
    assert err.decode().strip().splitlines()[-1].startswith("cleanseeds: terminated")


def test_the_run_after_a_termination_completes_everything(tmp_path: Path) -> None:
    """What a terminated run committed stays; the next run loads the rest, nothing twice."""
    # big enough that the run is still going when the signal comes on a fast, quiet machine
    # (600 documents once finished inside the settle time: the run exited 0, not 143)
    files = _corpus(tmp_path / "in", 4000)
    out = tmp_path / "out"
    cmd = [sys.executable, "-m", "cleanseeds.cli", "run", str(tmp_path / "in"), "--output", str(out), "--no-prefect",
           "--no-entities", "--workers", "2", "--batch-size", "20", "--quiet"]
    proc = subprocess.Popen(cmd, start_new_session=True, stderr=subprocess.PIPE)
    _workers_started(psutil.Process(proc.pid), 2, timeout=240, settle=1.0)
    proc.send_signal(signal.SIGTERM)
    proc.communicate(timeout=120)
    assert proc.returncode == 143
    r = run([tmp_path / "in"], out)
    check(r, [shown(p) for p in files])
    assert len(r["docs"]) == len({d["source"] for d in r["docs"]}) == len(files)


def test_a_shutdown_that_hangs_after_a_termination_still_ends_with_its_code(tmp_path: Path) -> None:
    """Once a run is terminated and recorded, the interpreter's shutdown may not block the exit: a
    thread the shutdown waits for that never ends (as the process pool's manager thread did once
    under load, ten minutes after "terminated by SIGTERM") is cut short after the grace time, with
    the run's exit code. Without the bound the process never exits (the wait below times out)."""
    script = tmp_path / "hang.py"
    script.write_text(
        "import threading, time\n"
        "from cleanseeds import signals\n"
        "threading.Thread(target=lambda: time.sleep(3600)).start()  # not a daemon: the shutdown joins it\n"
        "signals.exit_within(143, 1.0)\n",
        encoding="utf-8",
    )
    started = time.monotonic()
    proc = subprocess.run([sys.executable, str(script)], timeout=60, capture_output=True)
    assert proc.returncode == 143
    assert time.monotonic() - started < 30


def test_an_exit_in_time_is_not_cut(tmp_path: Path) -> None:
    """The bound does not change a shutdown that ends in time: the process exits with its own code."""
    script = tmp_path / "ok.py"
    script.write_text("import sys\nfrom cleanseeds import signals\nsignals.exit_within(143, 30.0)\nsys.exit(7)\n", encoding="utf-8")
    proc = subprocess.run([sys.executable, str(script)], timeout=60, capture_output=True)
    assert proc.returncode == 7


# --- storage errors -----------------------------------------------------------------------------


@pytest.mark.parametrize("code,name", [(errno.ENOSPC, "ENOSPC"), (errno.EROFS, "EROFS")])
def test_storage_error_while_staging_exits_3_naming_the_cause(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                              capsys: pytest.CaptureFixture[str], code: int, name: str) -> None:
    _corpus(tmp_path / "in", 60)
    out = tmp_path / "out"
    from cleanseeds import load

    real_flush = load.OutputStore._flush
    state = {"n": 0}

    def flush(self, key):  # type: ignore[no-untyped-def]
        state["n"] += 1
        if state["n"] > 2:  # after two staged parts: the disk is full / read-only
            raise OSError(code, f"Error writing bytes to file. Detail: [errno {code}] {os.strerror(code)}")
        return real_flush(self, key)

    monkeypatch.setattr(load.OutputStore, "_flush", flush)
    monkeypatch.setattr(load.OutputStore, "__init__", _small_row_groups(load.OutputStore.__init__))
    r = run([tmp_path / "in"], out, "--batch-size", "10", "--workers", "1")
    err = capsys.readouterr().err.strip().splitlines()
    assert r["rc"] == 3
    assert len(err) == 1 and err[0].startswith("cleanseeds: error: cannot write output") and name in err[0] and os.strerror(code) in err[0], err
    assert "Traceback" not in "".join(err) and "magic bytes" not in "".join(err)
    check(r, [], status="failed")  # the failed runs/ row fits once staging is dropped
    assert name in r["run"]["error"]
    assert not (out / "documents").exists() or not list((out / "documents").rglob("*.parquet"))  # nothing half-staged committed


def _small_row_groups(init):  # type: ignore[no-untyped-def]
    def wrapped(self, *a, **k):  # type: ignore[no-untyped-def]
        k["row_group_bytes"] = 1  # stage every batch at once: many writes
        init(self, *a, **k)
    return wrapped


def test_disk_full_on_a_real_tiny_filesystem(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A 2 MiB tmpfs (we run as root in CI): the real ENOSPC, not an injected one."""
    mnt = tmp_path / "tiny"
    mnt.mkdir()
    res = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", str(mnt)], capture_output=True)
    assert res.returncode == 0, f"cannot mount a tmpfs here (needs root): {res.stderr.decode()}"
    try:
        src = tmp_path / "in"
        src.mkdir()
        big = os.urandom(600_000).hex()  # incompressible text, ~1.2 MB per document
        for i in range(4):
            (src / f"big{i}.txt").write_text(f"Big Document Number {i}\n\n" + "\n".join(big[j:j + 100] + f" {i}" for j in range(0, len(big), 100)) + "\n", encoding="utf-8")
        r = run([src], mnt / "out", "--workers", "1", "--no-site-templates")
        err = capsys.readouterr().err.strip().splitlines()
        assert r["rc"] == 3
        assert len(err) == 1 and "No space left on device (ENOSPC)" in err[0], err
    finally:
        subprocess.run(["umount", str(mnt)], check=True)


def test_commit_failure_without_a_journal_records_a_failed_run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """ENOSPC while the commit prepares its files (before the commit point): exit 3, a failed
    runs/ row, and the output as it was."""
    from cleanseeds import load

    files = _corpus(tmp_path / "in", 10)
    out = tmp_path / "out"
    assert run([tmp_path / "in"], out)["rc"] == 0
    before = sorted(str(p.relative_to(out)) for p in (out / "documents").rglob("*.parquet"))
    (tmp_path / "in" / "doc0000.txt").write_text("Changed Story Title Here\n\n" + ARTICLE.format(n=99) + "\n", encoding="utf-8")
    real = load._write_parquet

    def full(table, path, rows):  # type: ignore[no-untyped-def]
        if "rewrite-" in str(path) or "index-" in str(path):
            raise OSError(errno.ENOSPC, "No space left on device")
        return real(table, path, rows)

    monkeypatch.setattr(load, "_write_parquet", full)
    r = run([tmp_path / "in"], out)
    assert r["rc"] == 3
    # the failed row is written (the output can still take it, docs/security.md) and names the
    # cause. (This test once looked flaky: both runs started in the same second, and the rows
    # were ordered by started_at alone, which has whole seconds.)
    assert len(r["runs"]) == 2 and r["run"]["status"] == "failed" and "ENOSPC" in r["run"]["error"], r["runs"]
    assert sorted(str(p.relative_to(out)) for p in (out / "documents").rglob("*.parquet")) == before
    ix = pq.read_table(out / "_state" / "index.parquet").to_pylist()
    assert sum(1 for x in ix if x["table"] == "documents") == len(files)
