"""Where the batches of a run are computed: executors of :func:`cleanseeds.pipeline.run`.

The runner plans the batches, submits each one as ``submit(process_batch_frozen, batch_no,
refs, ctx, frozen, skip_ids)`` and collects the results *in batch order*; an executor only
decides where that call (:func:`cleanseeds.pipeline.process_batch_frozen`) runs:

* :class:`InProcess`: in this process, when the runner asks for the result;
* :class:`ProcessPool`: a local pool of worker processes forked from a warm forkserver;
* :class:`DaskCluster`: an existing Dask cluster (``tcp://host:8786``);
* the Prefect task runner (``cleanseeds_prefect``), which hands batches to one of these.

Every batch's arguments are fixed at submit time (the run-start template snapshot, the
run-start skip set), so which executor computed it, with how many workers, and in which
order the batches finished cannot change its output. Nothing here imports Prefect.
"""
from __future__ import annotations

import multiprocessing
import os
import signal
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from types import TracebackType
from typing import Any, Protocol

from cleanseeds.config import Settings

#: A batch running longer than this fails (the local pool terminates its process).
DEFAULT_BATCH_TIMEOUT_S = 3600.0


class BatchTimeoutError(RuntimeError):
    """A batch ran longer than the executor's ``timeout_s``."""


class Handle(Protocol):
    """What ``submit`` returns: ``concurrent.futures``, Dask and Prefect futures all fit."""

    def result(self, timeout: float | None = None) -> Any: ...


class Executor(Protocol):
    """Computes batches. ``slots`` is how many run at once (the runner keeps ``2 * slots``
    in flight); used as a context manager around the run, closed with ``kill=True`` when the
    run fails."""

    slots: int

    def submit(self, fn: Callable[..., Any], *args: Any) -> Handle: ...

    def __enter__(self) -> Executor: ...

    def __exit__(self, et: type[BaseException] | None, ev: BaseException | None, tb: TracebackType | None) -> None: ...


class _Base:
    slots = 1

    def __enter__(self) -> Any:
        return self

    def __exit__(self, et: type[BaseException] | None, ev: BaseException | None, tb: TracebackType | None) -> None:
        self.close(kill=et is not None)

    def close(self, kill: bool = False) -> None:
        """Release what the executor holds; ``kill`` stops work still running."""


class _Deferred:
    """A batch computed when its result is first asked for (one at a time, in order)."""

    def __init__(self, fn: Callable[..., Any], args: tuple[Any, ...]) -> None:
        self._fn, self._args, self._done, self._value = fn, args, False, None

    def result(self, timeout: float | None = None) -> Any:
        if not self._done:
            self._value, self._done, self._args = self._fn(*self._args), True, ()
        return self._value


class InProcess(_Base):
    """Batches computed in this process, one after the other."""

    def submit(self, fn: Callable[..., Any], *args: Any) -> Handle:
        return _Deferred(fn, args)


def pool_context(settings: Settings) -> Any:
    """The multiprocessing context of a local pool: a ``forkserver`` that has imported the
    pipeline and loaded the rules, the language model and (when the run extracts entities)
    the spaCy model (:mod:`cleanseeds.warm`), so each worker is a fork of a warm process. Not
    a plain fork of this process: it may hold polars/Arrow thread pools whose locks a forked
    child inherits and can deadlock on."""
    os.environ["CLEANSEEDS_WARM"] = f"entities:{settings.spacy_model}" if settings.entities else "base"
    ctx = multiprocessing.get_context("forkserver")
    ctx.set_forkserver_preload(["cleanseeds.pipeline", "cleanseeds._forkserver"])
    return ctx


def _worker_init(pids: Any) -> None:  # pragma: no cover - runs in child processes
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    pids.put(os.getpid())


class _Timed:
    def __init__(self, fut: Any, pool: ProcessPool) -> None:
        self._fut, self._pool = fut, pool

    def result(self, timeout: float | None = None) -> Any:
        try:
            return self._fut.result(timeout=self._pool.timeout_s if timeout is None else timeout)
        except FutureTimeout:
            self._fut.cancel()
            self._pool.timed_out = True
            raise BatchTimeoutError(f"batch did not finish within {self._pool.timeout_s:g}s") from None


class ProcessPool(_Base):
    """``workers`` local processes for the whole run, each keeping its models loaded.

    A batch that exceeds ``timeout_s`` raises :class:`BatchTimeoutError`; closing with
    ``kill`` (or after a timeout) terminates the workers instead of waiting for them. The
    workers report their pids when they start, so terminating them needs no private
    attribute of :class:`~concurrent.futures.ProcessPoolExecutor`.
    """

    def __init__(self, workers: int, settings: Settings, timeout_s: float | None = DEFAULT_BATCH_TIMEOUT_S) -> None:
        ctx = pool_context(settings)
        self.slots, self.timeout_s, self.timed_out = workers, timeout_s, False
        self._pids_q = ctx.SimpleQueue()
        self._pids: set[int] = set()
        self._pool = ProcessPoolExecutor(max_workers=workers, mp_context=ctx, initializer=_worker_init, initargs=(self._pids_q,))

    def submit(self, fn: Callable[..., Any], *args: Any) -> Handle:
        return _Timed(self._pool.submit(fn, *args), self)

    def worker_pids(self) -> set[int]:
        while not self._pids_q.empty():
            self._pids.add(self._pids_q.get())
        return set(self._pids)

    def close(self, kill: bool = False) -> None:
        if kill or self.timed_out:
            for pid in self.worker_pids():
                try:
                    os.kill(pid, signal.SIGTERM)
                except ProcessLookupError:
                    pass
        self._pool.shutdown(wait=not (kill or self.timed_out), cancel_futures=True)
        self._pids_q.close()


class DaskCluster(_Base):
    """Batches on an existing Dask cluster; its workers import ``cleanseeds`` (installed)."""

    def __init__(self, address: str, timeout_s: float | None = DEFAULT_BATCH_TIMEOUT_S) -> None:
        import distributed

        self.client: Any = distributed.Client(address, set_as_default=False)  # type: ignore[no-untyped-call]
        self.timeout_s = timeout_s
        self.slots = max(1, sum(self.client.nthreads().values()))

    def submit(self, fn: Callable[..., Any], *args: Any) -> Handle:
        return _DaskHandle(self.client.submit(fn, *args, pure=False), self.timeout_s)

    def close(self, kill: bool = False) -> None:
        self.client.close()


class _DaskHandle:
    def __init__(self, fut: Any, timeout_s: float | None) -> None:
        self._fut, self._timeout = fut, timeout_s

    def result(self, timeout: float | None = None) -> Any:
        try:
            return self._fut.result(timeout=self._timeout if timeout is None else timeout)
        except TimeoutError:
            self._fut.cancel()
            raise BatchTimeoutError(f"batch did not finish within {self._timeout:g}s") from None


def for_run(settings: Settings, batches: Sequence[Any], dask_address: str | None = None,
            timeout_s: float | None = DEFAULT_BATCH_TIMEOUT_S) -> Any:
    """The executor of a plain run: Dask when an address is given, a process pool for
    several workers and batches, else this process."""
    if dask_address:
        return DaskCluster(dask_address, timeout_s)
    workers = min(settings.effective_workers, len(batches))
    return ProcessPool(workers, settings, timeout_s) if workers > 1 else InProcess()
