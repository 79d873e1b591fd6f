"""A per-document time cap on HTML extraction that works from any thread of any process.

``signal.alarm`` only works in the main thread of the main interpreter, and a thread cannot
be stopped while lxml is inside C code — but batches run in process-pool workers, in Prefect
worker threads and on Dask worker threads (whose processes are daemonic, so
``multiprocessing`` may not start children there). So extraction runs in a small helper
*subprocess* (``python -c "...watchdog._serve()"``, started with ``subprocess``, which
works from daemonic processes and threads alike):

* the helper imports trafilatura once, then serves requests over its stdin/stdout: one
  length-prefixed pickle in (``html, url, settings``), one out (the result or the error);
* the cap is **CPU time**, not wall time: on a loaded machine (more workers than cores) a
  page's wall time grows with the load while the work it takes does not, and a large page
  that needs 10 s of CPU could run past 30 s of wall time and be quarantined for the
  machine's load. Before each request the helper lowers its own ``RLIMIT_CPU`` to the CPU
  time it has used plus ``extract_timeout_s`` (rounded up to a whole second, the limit's
  unit), so the kernel stops it (SIGXCPU) the moment the page has taken that much CPU, even
  inside C code; the caller sees the helper die by SIGXCPU and quarantines the document as
  ``extraction_timeout``; the next document starts a fresh helper;
* the caller also waits on the pipe with a wall-clock backstop (``select``) of
  :data:`WALL_BACKSTOP_FACTOR` times the cap, for a helper that stalls without using CPU:
  past it, it kills the helper (SIGKILL, nothing can block that), also ``extraction_timeout``;
* a helper that dies (segfault, out of memory) fails only its document
  (``extraction_failed``); helpers exit by themselves when their parent goes away (EOF on
  stdin), and each request also arms ``signal.alarm`` inside the helper as a backstop;
* helpers are pooled per process: each concurrent thread borrows one, so Prefect's and
  Dask's thread pools get one helper per thread, never a shared, serialised one.

Overhead per document is one pickle round-trip through a pipe (measured in
``scripts/make_hostile_corpus.py --bench``; see README "inputs").
"""
from __future__ import annotations

import atexit
import os
import pickle
import select
import signal
import struct
import subprocess
import sys
import threading
import time
from typing import Any

from cleanseeds.config import Settings

_LEN = struct.Struct("!Q")
STARTUP_TIMEOUT_S = 120.0  # importing trafilatura on a busy machine
#: wall-clock backstop per document, in multiples of ``extract_timeout_s`` (which caps CPU time)
WALL_BACKSTOP_FACTOR = 4.0


class ExtractionTimeout(Exception):
    pass


class ExtractionFailed(Exception):
    pass


def _read_exact(fd: int, n: int, deadline: float | None) -> bytes:
    chunks: list[bytes] = []
    while n:
        if deadline is not None:
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([fd], [], [], left)[0]:
                raise ExtractionTimeout()
        chunk = os.read(fd, min(n, 1 << 20))
        if not chunk:
            raise EOFError("helper closed its output")
        chunks.append(chunk)
        n -= len(chunk)
    return b"".join(chunks)


class _Helper:
    def __init__(self) -> None:
        import cleanseeds

        env = dict(os.environ)
        pkg_root = os.path.dirname(os.path.dirname(os.path.abspath(cleanseeds.__file__)))
        env["PYTHONPATH"] = pkg_root + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
        self.proc = subprocess.Popen(
            [sys.executable, "-c", "from cleanseeds.extract.watchdog import _serve; _serve()"],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
            env=env, close_fds=True, start_new_session=True,
        )
        assert self.proc.stdin and self.proc.stdout
        self.out_fd = self.proc.stdout.fileno()
        self.ready = False

    def wait_ready(self) -> None:
        """Wait for "R" (trafilatura imported), once, before the first request: start-up is
        not charged to a document's time."""
        if self.ready:
            return
        try:
            started = _read_exact(self.out_fd, 1, time.monotonic() + STARTUP_TIMEOUT_S) == b"R"
        except (ExtractionTimeout, EOFError, OSError):
            started = False
        if not started:
            raise ExtractionFailed(f"extraction helper did not start (within {STARTUP_TIMEOUT_S:g} s)")
        self.ready = True

    def call(self, payload: Any, timeout: float) -> Any:
        self.wait_ready()
        data = pickle.dumps(payload, protocol=pickle.HIGHEST_PROTOCOL)
        assert self.proc.stdin
        self.proc.stdin.write(_LEN.pack(len(data)) + data)
        self.proc.stdin.flush()
        deadline = time.monotonic() + timeout
        (n,) = _LEN.unpack(_read_exact(self.out_fd, _LEN.size, deadline))
        return pickle.loads(_read_exact(self.out_fd, n, deadline + 10.0))

    def alive(self) -> bool:
        return self.proc.poll() is None

    def kill(self) -> None:
        try:
            self.proc.kill()
        except OSError:
            pass
        try:
            self.proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            pass
        for f in (self.proc.stdin, self.proc.stdout):
            try:
                if f:
                    f.close()
            except OSError:
                pass


_lock = threading.Lock()
_idle: list[_Helper] = []
_all: list[_Helper] = []
_pid = os.getpid()


def _forget_if_forked() -> None:  # call holding _lock
    global _pid
    if _pid != os.getpid():  # forked: the parent's helpers are not ours
        _idle.clear()
        _all.clear()
        _pid = os.getpid()


def prestart() -> None:
    """Start a helper now, without waiting for it, unless this process has one idle: it
    imports trafilatura (~0.3 CPU-s, ~0.5 s) on another core while the caller loads what
    the batch needs next; the next :func:`run_isolated` takes it. Best effort: a helper that
    cannot start here is started (and its failure reported) by that call."""
    with _lock:
        _forget_if_forked()
        if _idle:
            return
    try:
        h = _Helper()
    except OSError:
        return
    with _lock:
        _all.append(h)
        _idle.append(h)


def _acquire() -> _Helper:
    with _lock:
        _forget_if_forked()
        while _idle:
            h = _idle.pop()
            if h.alive():
                return h
    h = _Helper()
    with _lock:
        _all.append(h)
    return h


def _release(h: _Helper, ok: bool) -> None:
    with _lock:
        if ok and h.alive():
            _idle.append(h)
            return
        if h in _all:
            _all.remove(h)
    h.kill()


@atexit.register
def shutdown() -> None:
    """Stop every helper of this process (also called at interpreter exit)."""
    with _lock:
        helpers = list(_all) if _pid == os.getpid() else []
        _all.clear()
        _idle.clear()
    for h in helpers:
        h.kill()


def timeout_detail(settings: Settings) -> str:
    """The quarantine detail of ``extraction_timeout``, whichever cap stopped the page.

    One text for both: which cap fires first depends on the machine's load (the wall-clock
    backstop can beat the CPU cap when the helper waits for a core), and the output of a run
    must not depend on the load or on the executor that ran it.
    """
    cap = settings.extract_timeout_s
    return (f"extraction ran past its time cap: {cap:g} s of CPU time (extract_timeout_s), "
            f"or {cap * WALL_BACKSTOP_FACTOR:g} s of wall time for a helper that stalls")


def run_isolated(html: str, url: str | None, settings: Settings) -> Any:
    """``html.main_text(html, url, settings)`` in a helper process, within ``extract_timeout_s``.

    Raises :class:`ExtractionTimeout` or :class:`ExtractionFailed` (the helper raised or died).
    """
    h = _acquire()
    ok = False
    try:
        status, value = h.call((html, url, settings), settings.extract_timeout_s * WALL_BACKSTOP_FACTOR)
        ok = True
    except ExtractionTimeout:
        raise ExtractionTimeout(timeout_detail(settings)) from None
    except (EOFError, OSError, pickle.PickleError) as exc:
        try:
            code = h.proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            code = None
        if code == -signal.SIGXCPU:
            raise ExtractionTimeout(timeout_detail(settings)) from None
        raise ExtractionFailed(f"extraction helper died (exit code {code}): {type(exc).__name__}") from None
    finally:
        _release(h, ok)
    if status == "error":
        raise ExtractionFailed(value)
    return value


def run_inline(html: str, url: str | None, settings: Settings) -> Any:
    """In this process; the CPU-time cap holds only in the main thread (``ITIMER_PROF``)."""
    from cleanseeds.extract.html import main_text

    if threading.current_thread() is not threading.main_thread() or not hasattr(signal, "setitimer"):
        return main_text(html, url, settings)

    def _expired(signum: int, frame: Any) -> None:
        raise ExtractionTimeout(timeout_detail(settings))

    old = signal.signal(signal.SIGPROF, _expired)
    signal.setitimer(signal.ITIMER_PROF, settings.extract_timeout_s)
    try:
        return main_text(html, url, settings)
    finally:
        signal.setitimer(signal.ITIMER_PROF, 0)
        signal.signal(signal.SIGPROF, old)


def _limit_cpu(seconds: float) -> None:  # pragma: no cover - runs in the helper process
    """SIGXCPU once this process has used ``seconds`` more CPU time (whole seconds, rounded up)."""
    try:
        import math
        import resource

        resource.setrlimit(resource.RLIMIT_CORE, (0, resource.getrlimit(resource.RLIMIT_CORE)[1]))  # SIGXCPU dumps no core
        ru = resource.getrusage(resource.RUSAGE_SELF)
        soft = math.ceil(ru.ru_utime + ru.ru_stime + seconds)
        _, hard = resource.getrlimit(resource.RLIMIT_CPU)
        if hard != resource.RLIM_INFINITY:
            soft = min(soft, hard)
        resource.setrlimit(resource.RLIMIT_CPU, (soft, hard))
    except (ImportError, ValueError, OSError):  # no RLIMIT_CPU here: the wall backstop alone
        pass


def _serve() -> None:  # pragma: no cover - runs in the helper process
    import trafilatura  # noqa: F401  (imported before "ready")

    from cleanseeds.extract.html import main_text

    stdin, stdout = sys.stdin.buffer, sys.stdout.buffer
    sys.stdout = sys.stderr  # nothing a library prints may corrupt the protocol
    stdout.write(b"R")
    stdout.flush()
    while True:
        head = stdin.read(_LEN.size)
        if len(head) < _LEN.size:
            return  # parent went away
        (n,) = _LEN.unpack(head)
        html, url, settings = pickle.loads(stdin.read(n))
        _limit_cpu(settings.extract_timeout_s)
        signal.alarm(int(settings.extract_timeout_s * (WALL_BACKSTOP_FACTOR + 1)) + 5)  # backstop if the parent is gone
        try:
            reply: tuple[str, Any] = ("ok", main_text(html, url, settings))
        except Exception as exc:  # noqa: BLE001 - reported to the caller as data
            reply = ("error", f"{type(exc).__name__}: {str(exc)[:500]}")
        signal.alarm(0)
        data = pickle.dumps(reply, protocol=pickle.HIGHEST_PROTOCOL)
        stdout.write(_LEN.pack(len(data)) + data)
        stdout.flush()

