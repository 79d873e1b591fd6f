"""Two worker processes: every document comes out once, and what the run learns about a
site's repeated lines reaches the workers while the run goes on (their template replicas
follow the runner through deltas, not through one snapshot taken at start)."""
from __future__ import annotations

from pathlib import Path

import pyarrow.parquet as pq

from cleanseeds import pipeline
from cleanseeds.config import Settings

BANNER = "Harbour Lights Gazette: all the news from the quay, every single morning"


def _doc(k: int) -> str:
    body = [
        f"Report {k}: the ferry timetable for pier {k} changed again this week after the council met.",
        f"Residents of street {k} said the new crossing would save them about {k + 10} minutes a day.",
        f"The harbour master expects number {k} berth to reopen before the autumn storms arrive here.",
    ]
    return "\n".join([BANNER, *body]) + "\n"


def _read(out: Path, table: str) -> list[dict]:
    return [r for f in sorted((out / table).rglob("*.parquet")) for r in pq.read_table(f).to_pylist()]


def test_two_workers_keep_every_document_and_learn_site_templates(tmp_path: Path) -> None:
    src = tmp_path / "quay"
    src.mkdir()
    for k in range(16):
        (src / f"story-{k:02d}.txt").write_text(_doc(k), encoding="utf-8")
    settings = Settings(workers=2, batch_size=2, entities=False)
    summary = pipeline.run([str(src)], str(tmp_path / "out"), settings)
    assert summary.status == "completed" and summary.balanced
    assert summary.batches >= 8
    docs = _read(tmp_path / "out", "documents")
    assert sorted(d["source"] for d in docs) == sorted(str(p) for p in src.iterdir())
    assert all("ferry timetable" in d["text"] for d in docs)  # the articles themselves stay
    removed = [r for r in _read(tmp_path / "out", "removed_lines") if r["reason"] == "site_template"]
    # a batch of 2 documents alone never reaches template_min_docs=3: every removal below
    # needed observations merged from other batches and shipped to a worker as a delta
    assert removed, "no batch saw the banner as a site template"
    assert all(r["text"] == BANNER for r in removed)
