"""Duplicate stage: exact and near-duplicate documents flagged as data, never removed.

Two halves, so that any executor gives the same clusters:

* :func:`sign_batch` runs in the worker, inside the batch function, over the documents the
  clean stage kept: per document its :func:`~cleanseeds.fingerprint.text_hash` (normalised
  text: case-folded words) and a MinHash signature of the word 5-gram shingles of its
  cleaned ``text`` (:mod:`cleanseeds.fingerprint`, rensa). Pure and per document.
* :class:`DuplicateIndex` runs in the process that owns the output, just before a batch is
  written, and fills ``dup_of``, ``near_dup_cluster`` and ``near_dup_similarity`` of the
  batch's ``documents`` rows. The runner commits batches in **batch order** whatever order
  they finish in (:func:`cleanseeds.pipeline.in_order`), and rows are in input order, so the
  first document of a cluster is the first in input order, whichever executor ran them.

Assignment of a document, in order:

1. already in the index (same ``doc_id``: a re-run, ``--reprocess``): its stored
   assignment, so a re-run gives the same clusters;
2. the same normalised text as an earlier document: ``dup_of`` = that document, and its
   cluster;
3. an earlier cluster's first document with an estimated Jaccard ≥
   ``settings.near_dup_threshold`` (LSH candidates: 20 bands of 6 rows; the most similar
   wins, the earlier on a tie): that cluster, with the estimate;
4. otherwise the document starts a cluster of its own (``near_dup_cluster`` = its
   ``doc_id``, similarity 1.0).

Only a cluster's first document keeps its signature and band keys; every other document
keeps its ``doc_id``, text hash and assignment.

State: ``OUTPUT/_state/duplicates.parquet``, written by the loader *inside* each commit
(:meth:`cleanseeds.load.OutputStore.add_state_file`: a file in the commit's journal, renamed
into place with the data), so after a kill -9 the index and ``documents/`` agree. Bounded:
at most ``settings.dedup_index_max_docs`` documents; past it the oldest are forgotten
(compaction at save), after which a new copy of a forgotten document starts a new
cluster. Memory (``bench/dedup_cost.py``): about 3 KB per cluster-first document (signature,
20 band keys, entry), about 0.2 KB per other document: 29 MiB for 10,000 distinct texts, 2 MiB
for 10,000 documents in 181 clusters; at most ~290 MiB at the default bound of 100,000.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

from cleanseeds import fingerprint as fp
from cleanseeds.records import Document

STATE_FILE = "duplicates.parquet"
FORMAT_VERSION = "1"
INDEX_SCHEMA = pa.schema([
    ("doc_id", pa.string()),
    ("text_hash", pa.string()),
    ("dup_of", pa.string()),
    ("cluster", pa.string()),
    ("similarity", pa.float64()),
    ("signature", pa.binary(fp.NUM_PERM * 4)),  # cluster-first documents only
], metadata={"cleanseeds.duplicates_version": FORMAT_VERSION, "cleanseeds.num_perm": str(fp.NUM_PERM), "cleanseeds.seed": str(fp.SEED)})


@dataclass(slots=True)
class DocSignature:
    doc_id: str
    text_hash: str
    signature: bytes  # NUM_PERM little-endian uint32


def sign(text: str) -> tuple[str, bytes]:
    """(text hash, MinHash signature bytes) of a cleaned text."""
    h, sig = fp.text_fingerprint(text)
    return h, sig.astype("<u4").tobytes()


def sign_batch(docs: Sequence[Document]) -> list[DocSignature]:
    """Signatures of a batch's documents (worker side)."""
    out = []
    for d in docs:
        h, sig = sign(d.text)
        out.append(DocSignature(d.doc_id, h, sig))
    return out


@dataclass(slots=True)
class _Entry:
    text_hash: str
    dup_of: str | None
    cluster: str
    similarity: float


class DuplicateIndex:
    """The run's view of every document seen so far (coordinator side)."""

    def __init__(self, threshold: float = 0.8, max_docs: int = 100_000) -> None:
        self.threshold = threshold
        self.max_docs = max_docs
        self.entries: dict[str, _Entry] = {}  # insertion order = first-seen order
        self.first_by_hash: dict[str, str] = {}
        self.rep_sigs: dict[str, np.ndarray] = {}  # cluster-first doc_id -> signature
        self.bands: dict[int, list[str]] = {}  # band key -> cluster-first doc_ids

    # --- persistence ---------------------------------------------------------------------
    @classmethod
    def load(cls, state_dir: str | Path, threshold: float = 0.8, max_docs: int = 100_000) -> DuplicateIndex:
        self = cls(threshold, max_docs)
        path = Path(state_dir) / STATE_FILE
        try:
            t = pq.read_table(path)
        except (OSError, pa.ArrowInvalid):
            return self  # none yet, or unreadable: start fresh (clusters restart)
        md = t.schema.metadata or {}
        if md.get(b"cleanseeds.duplicates_version") != FORMAT_VERSION.encode() or md.get(b"cleanseeds.seed") != str(fp.SEED).encode():
            return self
        cols = [t.column(c).to_pylist() for c in ("doc_id", "text_hash", "dup_of", "cluster", "similarity", "signature")]
        for doc_id, h, dup_of, cluster, sim, sig in zip(*cols, strict=True):
            self.entries[doc_id] = _Entry(h, dup_of, cluster, sim)
            self.first_by_hash.setdefault(h, doc_id)
            if sig is not None:
                self._add_rep(doc_id, np.frombuffer(sig, dtype="<u4").astype(np.uint32))
        return self

    def write(self, path: Path) -> None:
        """Write the index (compacted to ``max_docs``, oldest forgotten) to ``path``."""
        self._compact()
        ids = list(self.entries)
        e = [self.entries[i] for i in ids]
        table = pa.table({
            "doc_id": pa.array(ids, pa.string()),
            "text_hash": pa.array([x.text_hash for x in e], pa.string()),
            "dup_of": pa.array([x.dup_of for x in e], pa.string()),
            "cluster": pa.array([x.cluster for x in e], pa.string()),
            "similarity": pa.array([x.similarity for x in e], pa.float64()),
            "signature": pa.array([self.rep_sigs[i].astype("<u4").tobytes() if i in self.rep_sigs else None for i in ids], pa.binary(fp.NUM_PERM * 4)),
        }, schema=INDEX_SCHEMA)
        pq.write_table(table, path, compression="zstd")

    def _compact(self) -> None:
        excess = len(self.entries) - self.max_docs
        if excess <= 0:
            return
        for doc_id in list(self.entries)[:excess]:
            e = self.entries.pop(doc_id)
            if self.first_by_hash.get(e.text_hash) == doc_id:
                del self.first_by_hash[e.text_hash]
            sig = self.rep_sigs.pop(doc_id, None)
            if sig is not None:
                for b in fp.bands(sig):
                    ids = self.bands.get(b)
                    if ids is not None:
                        ids.remove(doc_id)
                        if not ids:
                            del self.bands[b]

    def _add_rep(self, doc_id: str, sig: np.ndarray) -> None:
        self.rep_sigs[doc_id] = sig
        for b in fp.bands(sig):
            self.bands.setdefault(b, []).append(doc_id)

    # --- assignment ------------------------------------------------------------------------
    def assign_one(self, s: DocSignature) -> _Entry:
        known = self.entries.get(s.doc_id)
        if known is not None:
            return known
        sig = np.frombuffer(s.signature, dtype="<u4").astype(np.uint32)
        first = self.first_by_hash.get(s.text_hash)
        if first is not None:
            cl = self.entries[first].cluster
            rep = self.rep_sigs.get(cl)
            sim = 1.0 if first == cl or rep is None else fp.similarity(sig, rep)
            e = _Entry(s.text_hash, first, cl, sim)
        else:
            best, best_sim = None, -1.0
            seen: set[str] = set()
            for b in fp.bands(sig):
                for cand in self.bands.get(b, ()):
                    if cand in seen:
                        continue
                    seen.add(cand)
                    sim = fp.similarity(sig, self.rep_sigs[cand])
                    if sim > best_sim:  # candidates come in first-seen order per band: ties keep the earlier
                        best, best_sim = cand, sim
            if best is not None and best_sim >= self.threshold:
                e = _Entry(s.text_hash, None, best, best_sim)
            else:
                e = _Entry(s.text_hash, None, s.doc_id, 1.0)
                self._add_rep(s.doc_id, sig)
            self.first_by_hash[s.text_hash] = s.doc_id
        self.entries[s.doc_id] = e
        return e

    def assign(self, documents: pa.Table, signatures: Sequence[DocSignature]) -> pa.Table:
        """``documents`` (one batch, rows in input order) with the three columns filled."""
        if documents.num_rows == 0:
            return documents
        by_id = {s.doc_id: s for s in signatures}
        dup_of: list[str | None] = []
        cluster: list[str | None] = []
        sim: list[float | None] = []
        for doc_id in documents.column("doc_id").to_pylist():
            s = by_id.get(doc_id)
            e = self.assign_one(s) if s is not None else None  # None: not signed in the worker
            dup_of.append(e.dup_of if e else None)
            cluster.append(e.cluster if e else None)
            sim.append(round(e.similarity, 6) if e else None)
        for name, values, typ in (("dup_of", dup_of, pa.string()), ("near_dup_cluster", cluster, pa.string()), ("near_dup_similarity", sim, pa.float64())):
            i = documents.schema.get_field_index(name)
            documents = documents.set_column(i, documents.schema.field(i), pa.array(values, typ))
        return documents


def attach(store: Any, settings: Any) -> DuplicateIndex | None:
    """The run's duplicate index, loaded from the output's state and registered with the
    store so every commit writes it (None when the stage is off)."""
    if not settings.duplicates:
        return None
    index = DuplicateIndex.load(store.state_dir, settings.near_dup_threshold, settings.dedup_index_max_docs)
    store.add_state_file(STATE_FILE, index.write)
    return index


def apply(index: DuplicateIndex | None, out: Any) -> Any:
    """Fill a batch output's duplicate columns (in place) and return it."""
    sigs = getattr(out, "signatures", None)  # a cached output of an older version has none
    if index is not None and sigs is not None:
        t = out.tables
        out.tables = type(t)(index.assign(t.documents, sigs), t.removed_lines, t.quarantine)
        out.signatures = None
    return out
