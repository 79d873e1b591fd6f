"""The duplicate stage: exact and near-duplicate flags as data, assigned in batch order,
bounded, and committed with the rows it describes."""
from __future__ import annotations

from pathlib import Path

import pyarrow.dataset as ds
import pyarrow.parquet as pq

from cleanseeds import dedup, pipeline
from cleanseeds.config import Settings
from cleanseeds.load import OutputStore
from tests.cases import articles as A

BASE = "\n".join(A.PARAGRAPHS)


def _sig(doc_id: str, text: str) -> dedup.DocSignature:
    h, s = dedup.sign(text)
    return dedup.DocSignature(doc_id, h, s)


def _ids(n: int) -> list[str]:
    return [f"{k:032x}" for k in range(1, n + 1)]


def test_exact_near_and_distinct() -> None:
    ix = dedup.DuplicateIndex(0.8)
    a, b, c, d = _ids(4)
    e1 = ix.assign_one(_sig(a, BASE))
    # same words, different spacing, case and punctuation: an exact duplicate
    e2 = ix.assign_one(_sig(b, BASE.upper().replace(",", " ").replace("\n", "\n\n")))
    # one paragraph of eight edited: near
    edited = BASE.replace(A.PARAGRAPHS[4], "Waterfront traders reported a quiet morning.")
    e3 = ix.assign_one(_sig(c, edited))
    e4 = ix.assign_one(_sig(d, "A completely different text about the weather in the mountains this weekend and the next."))
    assert (e1.dup_of, e1.cluster, e1.similarity) == (None, a, 1.0)
    assert (e2.dup_of, e2.cluster, e2.similarity) == (a, a, 1.0)
    assert e3.dup_of is None and e3.cluster == a and 0.8 <= e3.similarity < 1.0
    assert (e4.dup_of, e4.cluster) == (None, d)
    # a document seen before keeps its assignment
    assert ix.assign_one(_sig(c, edited)) is e3


def test_index_is_bounded_and_round_trips(tmp_path: Path) -> None:
    ix = dedup.DuplicateIndex(0.8, max_docs=5)
    texts = [f"Story number {k} about {w} in the city and the harbour district on a weekday." for k, w in enumerate(["trams", "ferries", "bridges", "tunnels", "parks", "schools", "bakeries", "markets"])]
    for i, t in zip(_ids(8), texts, strict=True):
        ix.assign_one(_sig(i, t))
    ix.write(tmp_path / dedup.STATE_FILE)
    again = dedup.DuplicateIndex.load(tmp_path, 0.8, 5)
    assert list(again.entries) == _ids(8)[3:]  # the oldest forgotten
    assert set(again.rep_sigs) <= set(again.entries)
    assert all(i in again.entries for ids in again.bands.values() for i in ids)


def _docs(out: Path) -> dict[str, dict]:
    return {Path(r["source"]).name: r for r in ds.dataset(out / "documents", partitioning="hive").to_table().to_pylist()}


def _corpus(src: Path) -> None:
    src.mkdir()
    for k in range(12):
        # three stories, four versions each (one exact copy), spread over the batches
        story = k % 3
        paras = A.PARAGRAPHS[story * 2:story * 2 + 3] + [A.PARAGRAPHS[7 - story]]
        if k >= 6:  # a corrected version: one figure changed in the last paragraph
            paras = paras[:-1] + [paras[-1].replace("the", f"the {k}", 1)]
        (src / f"doc-{k:02d}.txt").write_text("\n".join(paras) + ("\n" if k != 3 else "\n\n"), encoding="utf-8")


def test_same_clusters_with_one_or_two_workers(tmp_path: Path) -> None:
    _corpus(tmp_path / "in")
    got = []
    for w in (1, 2):
        out = tmp_path / f"out{w}"
        pipeline.run([str(tmp_path / "in")], str(out), Settings(entities=False, workers=w, batch_size=2))
        docs = _docs(out)
        got.append({n: (d["dup_of"] and Path(_by_id(docs, d["dup_of"])).name, Path(_by_id(docs, d["near_dup_cluster"])).name, d["near_dup_similarity"]) for n, d in docs.items()})
        idx = pq.read_table(out / "_state" / dedup.STATE_FILE)
        assert sorted(idx.column("doc_id").to_pylist()) == sorted(d["doc_id"] for d in docs.values())
    assert got[0] == got[1]
    one = got[0]
    assert one["doc-00.txt"][1] == "doc-00.txt" and one["doc-03.txt"][:2] == ("doc-00.txt", "doc-00.txt")  # exact copy
    assert one["doc-06.txt"][1] == "doc-00.txt" and one["doc-06.txt"][0] is None  # near
    assert {one[f"doc-{k:02d}.txt"][1] for k in range(12)} == {"doc-00.txt", "doc-01.txt", "doc-02.txt"}


def _by_id(docs: dict[str, dict], doc_id: str) -> str:
    return next(d["source"] for d in docs.values() if d["doc_id"] == doc_id)


_KILLED_RUN = """
import os, sys
from cleanseeds import pipeline
from cleanseeds.config import Settings
from cleanseeds.load import OutputStore

def killed(self, plan):
    os._exit(9)  # as kill -9 right after the commit point: nothing applied, nothing cleaned up

OutputStore._apply = killed
pipeline.run([sys.argv[1]], sys.argv[2], Settings(entities=False, workers=1))
"""


def test_index_is_committed_with_the_rows(tmp_path: Path) -> None:
    """Killed after the commit point (journal written, nothing applied): the next open rolls
    the commit forward, and the duplicate index arrives with the rows it describes."""
    import subprocess
    import sys

    _corpus(tmp_path / "in")
    out = tmp_path / "out"
    r = subprocess.run([sys.executable, "-c", _KILLED_RUN, str(tmp_path / "in"), str(out)], capture_output=True, timeout=300, check=False)
    assert r.returncode == 9, r.stderr[-2000:]
    assert (out / "_state" / "journal.json").exists()
    assert not (out / "_state" / dedup.STATE_FILE).exists() and not (out / "documents").exists()
    with OutputStore(out, Settings(entities=False), "recover") as store:
        assert store.loaded_count() == 12
    idx = pq.read_table(out / "_state" / dedup.STATE_FILE)
    assert sorted(idx.column("doc_id").to_pylist()) == sorted(d["doc_id"] for d in _docs(out).values())
    # and the next run continues the same clusters
    pipeline.run([str(tmp_path / "in")], str(out), Settings(entities=False, workers=1, reprocess=True))
    assert pq.read_table(out / "_state" / dedup.STATE_FILE).equals(idx)


def test_stage_off_leaves_the_columns_null(tmp_path: Path) -> None:
    _corpus(tmp_path / "in")
    pipeline.run([str(tmp_path / "in")], str(tmp_path / "out"), Settings(entities=False, workers=1, duplicates=False))
    docs = _docs(tmp_path / "out")
    assert len(docs) == 12 and all(d["near_dup_cluster"] is None and d["dup_of"] is None for d in docs.values())
    assert not (tmp_path / "out" / "_state" / dedup.STATE_FILE).exists()
