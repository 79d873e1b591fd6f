"""Site templates in the Prefect flow: every batch of a run sees the same frozen snapshot,
so the output does not depend on how many workers ran or which batch finished first; what
a run learns is saved for the next run."""
from __future__ import annotations

from pathlib import Path

import pyarrow.dataset as ds

from flows.clean_documents import clean_documents

BANNER = "The Harbour Gazette is an independent newspaper serving the coast since 1891."


def _corpus(root: Path) -> Path:
    src = root / "site"
    src.mkdir()
    for n in range(24):
        body = "\n\n".join(
            f"Paragraph {p} of story {n}: the council discussed the harbour wall, the ferry timetable "
            f"and the cost of repairs, which officials put at {n * 10 + p} thousand pounds this year."
            for p in range(4)
        )
        (src / f"story-{n:02d}.txt").write_text(f"{body}\n\n{BANNER}\n", encoding="utf-8")
    return src


def _texts(out: Path) -> dict[str, str]:
    rows = ds.dataset(out / "documents", format="parquet", partitioning="hive").to_table(columns=["source", "text"]).to_pylist()
    return {Path(r["source"]).name: r["text"] for r in rows}


def _removed(out: Path) -> list[tuple[str, str]]:
    t = ds.dataset(out / "removed_lines", format="parquet", partitioning="hive").to_table(columns=["text", "reason"]).to_pylist()
    return sorted((r["text"], r["reason"]) for r in t)


def test_output_is_the_same_with_one_or_two_workers_and_the_next_run_learns(tmp_path: Path) -> None:
    src = _corpus(tmp_path)
    common = dict(sources=[str(src)], batch_size=6, entities=False, cache_results=False)
    one = clean_documents(output=str(tmp_path / "one"), workers=1, **common)
    two = clean_documents(output=str(tmp_path / "two"), workers=2, **common)
    assert one["status"] == two["status"] == "completed"
    assert one["accepted"] == two["accepted"] == 24
    assert _texts(tmp_path / "one") == _texts(tmp_path / "two")
    assert _removed(tmp_path / "one") == _removed(tmp_path / "two")
    # the banner repeats in every batch: in-batch repetition removes it as a site template
    assert all(BANNER not in t for t in _texts(tmp_path / "two").values())
    assert (BANNER, "site_template") in _removed(tmp_path / "two")
    # what the run learned was saved: a new story of the same site loses the banner at once
    (src / "story-99.txt").write_text(
        "A lone new story about the lighthouse keeper, who retires after forty years on the rock.\n\n" + BANNER + "\n",
        encoding="utf-8",
    )
    third = clean_documents(output=str(tmp_path / "two"), workers=2, **common)
    assert third["accepted"] == 1 and third["skipped"] == 24
    assert BANNER not in _texts(tmp_path / "two")["story-99.txt"]
