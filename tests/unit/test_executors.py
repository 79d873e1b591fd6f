"""Executors of the runner: a batch over its timeout fails and its worker process is
terminated (no private attribute of ProcessPoolExecutor involved); the in-process executor
computes a batch only when its result is asked for, once; the plain runner picks its
executor from the plan."""
from __future__ import annotations

import os
import time

import psutil
import pytest

from cleanseeds import executors
from cleanseeds.config import Settings


def test_a_batch_over_its_timeout_fails_and_its_worker_is_terminated() -> None:
    pool = executors.ProcessPool(1, Settings(entities=False), timeout_s=120)
    try:
        pid = pool.submit(os.getpid).result()  # the worker is up and has reported itself
        assert pool.worker_pids() == {pid} and pid != os.getpid()
        stuck = pool.submit(time.sleep, 600)
        with pytest.raises(executors.BatchTimeoutError, match="did not finish within"):
            stuck.result(timeout=0.5)
        assert pool.timed_out
    finally:
        pool.close()
    deadline = time.monotonic() + 30
    while psutil.pid_exists(pid) and psutil.Process(pid).status() != psutil.STATUS_ZOMBIE and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not psutil.pid_exists(pid) or psutil.Process(pid).status() == psutil.STATUS_ZOMBIE


def test_in_process_computes_when_asked_and_once() -> None:
    calls: list[int] = []

    def work(n: int) -> int:
        calls.append(n)
        return n * 2

    ex = executors.InProcess()
    h = ex.submit(work, 21)
    assert calls == []
    assert h.result() == 42 and h.result() == 42
    assert calls == [21]


def test_the_plain_runner_picks_a_pool_only_for_several_batches_and_workers() -> None:
    assert isinstance(executors.for_run(Settings(workers=4), [["a"]]), executors.InProcess)
    assert isinstance(executors.for_run(Settings(workers=1), [["a"], ["b"]]), executors.InProcess)
    pool = executors.for_run(Settings(workers=2, entities=False), [["a"], ["b"], ["c"]])
    try:
        assert isinstance(pool, executors.ProcessPool) and pool.slots == 2
    finally:
        pool.close()
