"""Scaling helpers of the pipeline: batch planning (every input once, bounded batches, a guided
tail, never dependent on the worker count), bounded run-summary counters, warm pool workers."""
from __future__ import annotations

from pathlib import Path

import pytest

from cleanseeds import pipeline
from cleanseeds.config import Settings
from cleanseeds.records import InputRef


def _html(n: int) -> list[InputRef]:
    return [InputRef(f"site/{i:05d}.html", "html", None, 1000) for i in range(n)]


def _jsonl(tmp_path: Path, name: str, records: int) -> InputRef:
    p = tmp_path / name
    p.write_text("".join(f'{{"text": "document {k}"}}\n' for k in range(records)), encoding="utf-8")
    return InputRef(str(p), "jsonl", None, p.stat().st_size)


def _flat(batches: list[list[InputRef]]) -> list[str]:
    return [r.path for b in batches for r in b]


@pytest.mark.parametrize("workers", [1, 2, 3, 8])
@pytest.mark.parametrize("n", [0, 1, 19, 200, 1001])
def test_every_input_once_and_batches_bounded(workers: int, n: int) -> None:
    refs = _html(n)
    s = Settings(workers=workers, batch_size=200)
    batches = pipeline.plan_batches(refs, s)
    assert sorted(_flat(batches)) == sorted(r.path for r in refs)
    assert all(1 <= len(b) <= 200 for b in batches)
    assert pipeline.plan_batches(refs, s) == batches  # deterministic


def test_the_plan_does_not_depend_on_the_workers(tmp_path: Path) -> None:
    refs = _html(1000) + [_jsonl(tmp_path, "big.jsonl", 450)]
    plans = [pipeline.plan_batches(refs, Settings(workers=w, batch_size=200)) for w in (1, 2, 3, 16)]
    assert all(p == plans[0] for p in plans)


def test_full_batches_then_a_shrinking_tail() -> None:
    batches = pipeline.plan_batches(_html(10_000), Settings(batch_size=200))
    sizes = [len(b) for b in batches]
    assert sizes[0] == 200 and sum(sizes) == 10_000
    assert _flat(batches) == [r.path for r in _html(10_000)]  # discovery order within a kind
    assert sizes == sorted(sizes, reverse=True)  # never grows again
    assert min(sizes[:-1]) >= pipeline.MIN_BATCH
    # the work left after the first full batch of the tail is small: at most a few minutes
    # of one worker, instead of a whole batch running alone at the end
    assert sizes[-2] <= 2 * pipeline.MIN_BATCH


def test_jsonl_is_weighed_by_its_lines_and_goes_first(tmp_path: Path) -> None:
    big = _jsonl(tmp_path, "big.jsonl", 150)
    small = _jsonl(tmp_path, "small.jsonl", 30)
    refs = _html(100) + [big, small]
    batches = pipeline.plan_batches(refs, Settings(batch_size=100))
    # 150 lines > batch_size: two parts (100 + 50 lines), multi-document units first
    first, second = batches[0][0], batches[1][0]
    assert batches[0] == [first] and (first.path, first.first_line, first.lines) == (big.path, 1, 100)
    assert (second.path, second.first_line, second.lines) == (big.path, 101, None)
    assert small in batches[1] or small == batches[2][0]
    assert sum(len(b) for b in batches) == 103  # 2 parts + small + 100 pages
    small_only = pipeline.plan_batches([small], Settings(batch_size=100))
    assert small_only == [[small]]  # fits in a batch: not split


def test_unreadable_jsonl_counts_one(tmp_path: Path) -> None:
    ghost = InputRef(str(tmp_path / "gone.jsonl"), "jsonl", None, 10**9)
    assert pipeline._weight(ghost) == 1


def test_run_summary_entity_counts_stay_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    import datetime as dt
    from collections import Counter

    monkeypatch.setattr(pipeline, "ENTITY_COUNTS_MAX", 100)
    summary = pipeline.RunSummary("r", "out", dt.datetime.now(dt.UTC))
    for b in range(30):
        out = pipeline.BatchOutput(batch_no=b, tables=None)  # type: ignore[arg-type]
        out.entity_counts = Counter({"PERSON\tfrequent": 5, **{f"ORG\trare-{b}-{k}": 1 for k in range(20)}})
        summary.add(out)
        assert len(summary.entity_counts) <= 100
    assert summary.entity_counts.most_common(1) == [("PERSON\tfrequent", 150)]


def test_every_batch_gets_the_run_start_snapshot() -> None:
    from cleanseeds import clean
    from cleanseeds.clean.templates import DocObservation

    t = clean.SiteTemplates()
    assert pipeline.freeze_templates(None) is None
    t.update([DocObservation("a.org", "d0", frozenset({"nav"}))])
    key, blob = pipeline.freeze_templates(t)  # type: ignore[misc]
    t.update([DocObservation("a.org", "d1", frozenset({"nav"}))])  # the runner merges a batch ...
    thawed = pipeline._thaw(key, blob)
    assert thawed.sites["a.org"].n_docs == 1  # ... the snapshot every batch gets stays as it was
    assert pipeline._thaw(key, blob) is thawed  # unpickled once per process


@pytest.mark.parametrize("entities", [True, False])
def test_pool_workers_start_warm(entities: bool) -> None:
    """Workers forked from the pool's forkserver already hold the rules, the language model
    and (only when the run extracts entities) the spaCy model. A fresh interpreter, since a
    process has one forkserver, warmed for the first run that started it."""
    import json as _json
    import subprocess
    import sys

    code = (
        "import json\n"
        "from concurrent.futures import ProcessPoolExecutor\n"
        "from cleanseeds import executors, warm\n"
        "from cleanseeds.config import Settings\n"
        f"ctx = executors.pool_context(Settings(entities={entities}))\n"
        "with ProcessPoolExecutor(1, mp_context=ctx) as ex:\n"
        "    print(json.dumps(ex.submit(warm.loaded).result()))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=300).stdout
    got = _json.loads(out.strip().splitlines()[-1])
    assert got["rules"] >= 1 and got["language"] == 1
    assert got["spacy"] == (1 if entities else 0)
