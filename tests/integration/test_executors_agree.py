"""One runner, one behaviour: the same inputs give the same ``documents/``, ``removed_lines/``
and ``quarantine/`` (apart from run ids and times) whichever executor computes the batches —
this process, a 2-process pool, the Prefect flow with 1 and 2 workers, a real 2-worker Dask
cluster (local processes) — and on a second run that starts from what the first learned.

Inputs: the shared seed example and the repository's seeds/, the hostile corpus
(scripts/make_hostile_corpus.py) and 300 records made from the dev pages, spread over six
sites so that site templates are learned within batches and carried to the next run.
"""
from __future__ import annotations

import gc
import gzip
import json
import os
import re
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any

import distributed
import pyarrow.dataset as ds
import pytest

from cleanseeds import executors, pipeline
from cleanseeds.config import Settings
from tests.conftest import DEV_DIR, REPO, SHARED, load_script

pytestmark = pytest.mark.slow

SITES = 6
BATCH = 25  # small batches: many of them, so their completion order varies between executors


def _banner(k: int) -> str:
    return f"News {k} Media Group: independent reporting from the coast, every morning since 19{k}0"


def _pages(folder: Path, n: int = 300) -> None:
    """``n`` records from the dev pages, site ``i % SITES`` each; pages carry their site's
    banner (HTML) and the text twins theirs, so each site has lines repeated across its pages."""
    folder.mkdir(parents=True)
    with gzip.open(DEV_DIR / "pages.jsonl.gz", "rt", encoding="utf-8") as f:
        pages = [json.loads(line) for line in f]
    with gzip.open(DEV_DIR / "dirty_text.jsonl.gz", "rt", encoding="utf-8") as f:
        texts = [json.loads(line) for line in f]
    # one export per site, named by its host: records of one file are evidence for the host
    # the file's path names (a file claiming other hosts counts once for them: clean/templates.py)
    outs = [open(folder / f"news-{k}.example.jsonl", "w", encoding="utf-8") for k in range(SITES)]  # noqa: SIM115
    for i in range(n):
        k = i % SITES
        url = f"https://news-{k}.example/{i}"
        if i % 3:
            html = re.sub(r"(<p[ >])", f"<p>{_banner(k)}</p>\\1", pages[i % len(pages)]["html"], count=1)
            rec = {"url": url, "html": html}
        else:
            rec = {"url": url, "text": "\n".join([_banner(k), *texts[i % len(texts)]["lines"]])}
        outs[k].write(json.dumps(rec) + "\n")
    for out in outs:
        out.close()


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> tuple[list[str], Settings, Path]:
    root = tmp_path_factory.mktemp("agree")
    mod = load_script(REPO / "scripts" / "make_hostile_corpus.py", "make_hostile_corpus")
    with warnings.catch_warnings():  # warcio's record builder leaves SpooledTemporaryFiles to the GC
        warnings.simplefilter("ignore", ResourceWarning)
        mod.make(root / "hostile")
        gc.collect()
    _pages(root / "pages")
    settings = Settings.from_toml(root / "hostile" / ".settings.toml", entities=False, batch_size=BATCH, workers=1)
    sources = [str(SHARED / "seeds"), str(REPO / "seeds"), str(root / "hostile"), str(root / "pages")]
    later = root / "later"  # new pages of the same sites for the second run
    later.mkdir()
    for k in range(SITES):
        (later / f"new-{k}.txt").write_text(f"{_banner(k)}\nA new story of site {k}, about the lighthouse keeper who retires.\n", encoding="utf-8")
    yield sources, settings, later
    try:
        os.chmod(root / "hostile" / "fs" / "unreadable.txt", 0o600)
    except OSError:
        pass


def _rows(output: Path, table: str) -> list[dict[str, Any]]:
    if not (output / table).exists():
        return []
    rows = ds.dataset(output / table, format="parquet", partitioning="hive").to_table().to_pylist()
    for r in rows:
        for col in ("run_id", "ingested_at", "ingest_date"):
            r.pop(col, None)
    return sorted(rows, key=lambda r: json.dumps(r, sort_keys=True, default=str))


def _tables(output: Path) -> dict[str, list[dict[str, Any]]]:
    return {t: _rows(output, t) for t in ("documents", "removed_lines", "quarantine")}


def _plain(make: Callable[[Settings, Any], Any], workers: int) -> Callable[[list[str], str, Settings], dict[str, Any]]:
    def run(sources: list[str], output: str, settings: Settings) -> dict[str, Any]:
        s = settings.replace(workers=workers)
        return pipeline.run(sources, output, s, executor=lambda b, _: make(s, b)).as_row()
    return run


def _flow(workers: int) -> Callable[[list[str], str, Settings], dict[str, Any]]:
    def run(sources: list[str], output: str, settings: Settings) -> dict[str, Any]:
        from cleanseeds_prefect.flow import clean_documents

        kw = {k: getattr(settings, k) for k in ("batch_size", "entities", "extract_fast", "site_templates")}
        toml = Path(output).parent / f"{Path(output).name}.toml"
        toml.write_text(f"extract_timeout_s = {settings.extract_timeout_s}\n", encoding="utf-8")
        return clean_documents(sources=sources, output=output, workers=workers, config_file=str(toml), **kw)  # type: ignore[no-any-return]
    return run


def _twice(run: Callable[[list[str], str, Settings], dict[str, Any]], sources: list[str], later: Path, out: Path,
           settings: Settings) -> tuple[dict[str, Any], dict[str, Any]]:
    """A first run, its tables, then a second run over the pages again (all skipped) and new
    pages of the same sites, which meet the templates the first run learned."""
    first = run(sources, str(out), settings)
    tables = _tables(out)
    second = run([sources[-1], str(later)], str(out), settings)
    return {"row": first, "tables": tables}, {"row": second, "tables": _tables(out)}


def _counts(row: dict[str, Any]) -> tuple[Any, ...]:
    return tuple(row[k] for k in ("status", "batches", "inputs", "accepted", "quarantined", "skipped", "lines_removed"))


@pytest.mark.timeout(2400)  # ten runs over ~570 inputs, on a 2-core machine that may be shared
def test_every_executor_gives_the_same_output(corpus: tuple[list[str], Settings, Path], tmp_path: Path) -> None:
    sources, settings, later = corpus
    base = {"in-process": _plain(lambda s, b: executors.InProcess(), 1)}
    base["pool-2"] = _plain(lambda s, b: executors.ProcessPool(2, s), 2)
    base["prefect-1"] = _flow(1)
    base["prefect-2"] = _flow(2)
    results: dict[str, tuple[dict[str, Any], dict[str, Any]]] = {}
    for name, run in base.items():
        results[name] = _twice(run, sources, later, tmp_path / name, settings)
    with distributed.LocalCluster(n_workers=2, processes=True, threads_per_worker=1, host="127.0.0.1", dashboard_address=":0") as cluster:  # any free port: 8787 may be taken
        dask = _plain(lambda s, b: executors.DaskCluster(cluster.scheduler_address), 2)
        results["dask-2"] = _twice(dask, sources, later, tmp_path / "dask", settings)

    ref_first, ref_second = results["in-process"]
    t = ref_first["tables"]
    # not vacuous: many documents and batches, site templates learned within batches,
    # quarantined inputs, and the second run removes the banner from each site's new page
    assert ref_first["row"]["batches"] >= 12 and len(t["documents"]) >= 300 and len(t["quarantine"]) >= 10
    assert sum(r["reason"] == "site_template" for r in t["removed_lines"]) >= 100
    new = [d for d in ref_second["tables"]["documents"] if "/later/" in d["source"]]
    assert len(new) == SITES and all("News" not in d["text"] for d in new)
    assert ref_second["row"]["skipped"] == sum("/pages/" in d["source"] for d in t["documents"]) >= 290
    for name, (first, second) in results.items():
        assert _counts(first["row"]) == _counts(ref_first["row"]), name
        assert _counts(second["row"]) == _counts(ref_second["row"]), name
        for table in ("documents", "removed_lines", "quarantine"):
            assert first["tables"][table] == ref_first["tables"][table], (name, table)
            assert second["tables"][table] == ref_second["tables"][table], (name, table, "second run")
    learned = {name: json.loads((tmp_path / name / "_state" / "site_templates.json").read_text()) for name in [*base, "dask"]}
    assert all(v == learned["in-process"] for v in learned.values())  # what the runs learned, for the next one
