"""SIGTERM and SIGHUP handled like SIGINT, and every child process stopped on the way out.

A scheduler stops a job with SIGTERM (systemd, Kubernetes, ``prefect`` workers), a closed
terminal sends SIGHUP. Python's default for both kills the process on the spot: no failed
``runs/`` row, and the children (the pool's forkserver and workers, multiprocessing's
resource tracker, the temporary Prefect server) are left running, reparented to PID 1.

:func:`install` (called by ``cleanseeds run``) makes both raise :class:`Terminated`, a
:class:`KeyboardInterrupt`, in the main thread, so every code path that handles Ctrl-C
(the runner's failed ``runs/`` row with the counts so far, Prefect's flow engine, the
output lock's release) handles them the same way. The handler first terminates the pool
workers (as Ctrl-C in a terminal does, reaching the whole foreground group), so the
runner does not wait for their batches. :func:`stop_children` then stops the forkserver
and the resource tracker; the temporary Prefect server stops through Prefect's own
``atexit`` hook, which runs because the interpreter now exits normally. The CLI exits with
``128 + signal`` (143 for SIGTERM, 129 for SIGHUP). A second signal while this runs is
ignored, so the failed run is recorded once. During a Prefect flow run, Prefect has its own
SIGTERM bridge (it marks the flow run and re-sends the signal once it is done); SIGHUP is
routed through that bridge too, so both paths record the same failed run.

Once the run is recorded and the CLI is on its way out, :func:`exit_within` bounds the
interpreter's shutdown: it ends the process with the same exit code if the shutdown has not
ended it within :data:`EXIT_GRACE_S`. The shutdown joins the process pool's manager thread, and
once under load (load average ~8) a terminated run stayed alive for ten minutes after saying
"terminated by SIGTERM", its main thread blocked there with no child left: a scheduler waiting
for the job to end would have waited for nothing.
"""
from __future__ import annotations

import multiprocessing
import os
import signal
import sys
import threading
from types import FrameType
from typing import Any

HANDLED = (signal.SIGTERM, signal.SIGHUP)
#: seconds the interpreter's shutdown may take after a terminated run before the process ends anyway
EXIT_GRACE_S = 60.0


class Terminated(KeyboardInterrupt):
    """The process received SIGTERM or SIGHUP (``signum``)."""

    def __init__(self, signum: int) -> None:
        self.signum = signum
        super().__init__(f"terminated by {signal.Signals(signum).name}")


_first: int | None = None  # the signal that ended the run


def _handler(signum: int, frame: FrameType | None) -> None:
    global _first
    if _first is not None:  # already on the way out (or Prefect re-sending its SIGTERM): let it finish
        return
    _first = signum
    stop_workers()
    bridge = signal.getsignal(signal.SIGTERM)
    if signum != signal.SIGTERM and callable(bridge) and bridge is not _handler:
        # a Prefect flow run is on: its SIGTERM bridge ends the flow run the way a
        # scheduler's SIGTERM does (flow state, runs/ row with the counts so far)
        bridge(signal.SIGTERM, frame)
    raise Terminated(signum)


def install() -> None:
    """Handle SIGTERM and SIGHUP like SIGINT (main thread only)."""
    global _first
    _first = None
    for sig in HANDLED:
        signal.signal(sig, _handler)


def exit_within(code: int, grace_s: float = EXIT_GRACE_S) -> None:
    """End the process with ``code`` if it is still alive ``grace_s`` seconds from now (a daemon
    timer: it runs on while the interpreter shuts down, and an exit in time leaves it unfired)."""

    def _end() -> None:  # pragma: no cover - runs only when the shutdown hangs
        for stream in (sys.stdout, sys.stderr):
            try:
                stream.flush()
            except (OSError, ValueError):
                pass
        os._exit(code)

    timer = threading.Timer(grace_s, _end)
    timer.daemon = True
    timer.start()


def exit_code(exc: BaseException) -> int:
    """128 + the signal that ended the run (143 SIGTERM, 129 SIGHUP), 130 for Ctrl-C."""
    if _first is not None:
        return 128 + int(_first)
    signum = getattr(exc, "signum", None) or getattr(exc, "signal", None)
    return 128 + int(signum) if isinstance(signum, int) else 130


def _forkserver_pid() -> int | None:
    from multiprocessing import forkserver

    pid = getattr(forkserver._forkserver, "_forkserver_pid", None)
    return pid if isinstance(pid, int) else None


def _pool_processes() -> list[Any]:
    """This process's pool workers and everything the forkserver forked (a worker whose
    start was interrupted is the forkserver's child but not yet in ``active_children``),
    with their own children (a worker's extraction helper)."""
    import psutil  # type: ignore[import-untyped, unused-ignore]

    procs: dict[int, Any] = {}
    roots = [p.pid for p in multiprocessing.active_children() if p.pid]
    fs = _forkserver_pid()
    try:
        if fs is not None:
            roots += [c.pid for c in psutil.Process(fs).children()]
        for pid in roots:
            p = psutil.Process(pid)
            procs[pid] = p
            for c in p.children(recursive=True):
                procs[c.pid] = c
    except psutil.Error:
        pass
    return list(procs.values())


def stop_workers(timeout: float = 5.0) -> None:
    """Terminate this process's pool workers (and their helpers)."""
    import psutil  # type: ignore[import-untyped, unused-ignore]

    procs = _pool_processes()
    for p in procs:
        try:
            p.terminate()
        except psutil.Error:
            pass
    _, alive = psutil.wait_procs(procs, timeout=timeout)
    for p in alive:  # pragma: no cover - ignores SIGTERM
        try:
            p.kill()
        except psutil.Error:
            pass
    for p in multiprocessing.active_children():  # reap, so none stays a zombie
        p.join(0.1)


def stop_children() -> None:
    """Stop every helper process this process started for the run: workers, the forkserver
    and, after a signal, the resource tracker (both would otherwise outlive an interrupted run's workers).
    Both start again on demand, so a later run in the same process is unaffected."""
    stop_workers()
    try:
        from multiprocessing import forkserver, resource_tracker, util

        if _forkserver_pid() is not None:
            forkserver._forkserver._stop()  # type: ignore[attr-defined]
        if _first is not None and getattr(resource_tracker._resource_tracker, "_pid", None) is not None:
            # on the way out after a signal: release this process's semaphores (their
            # finalizers) before the tracker stops, or it unlinks them first and the
            # finalizers print FileNotFoundError tracebacks at exit. After a normal run the
            # tracker is left alone: it ends by itself once this process (the last holder of
            # its pipe, the workers and forkserver being gone) exits, and stopping it here would
            # unlink semaphores that live objects of this process still finalize later.
            util._run_finalizers(0)  # type: ignore[attr-defined]
            resource_tracker._resource_tracker._stop()  # type: ignore[attr-defined]
    except Exception:  # noqa: BLE001 - private API; best effort on the way out
        pass
