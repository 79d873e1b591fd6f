"""The seed example (an NPR story) must come out exactly right: 27 paragraphs kept
byte-identical and in order, exactly four junk lines removed with the right reasons."""
from __future__ import annotations

import shutil
from pathlib import Path

import pyarrow.dataset as ds

from cleanseeds.clean import SiteTemplates, clean_batch, load_rules
from cleanseeds.cli import main
from cleanseeds.config import Settings
from cleanseeds.records import Document, content_hash, make_doc_id

EXPECTED_REMOVED = [
    ("Copyright 2022 NPR. To see more, visit", "copyright"),
    ("300x250 Ad", "advertisement"),
    ("300x250 Ad", "advertisement"),
    ("Support quality journalism, like the story above, with your gift right now.", "donation"),
]
SUBHEADINGS = [
    "Turkey has deepened economic and political ties with Moscow while keeping defense and trade links with Kyiv",
    "Turkey's stance has risks",
]


def _paragraphs(raw: str) -> list[str]:
    junk = {t for t, _ in EXPECTED_REMOVED}
    return [line for line in raw.split("\n") if line.strip() and line not in junk]


def test_seed_through_clean_batch(seed_file: Path) -> None:
    raw = seed_file.read_text(encoding="utf-8")
    h = content_hash(raw)
    doc = Document(doc_id=make_doc_id(str(seed_file), h), source=str(seed_file), input_path=str(seed_file), input_format="txt",
                   content_hash=h, raw=raw, source_text=raw, mode="text", site="seeds")
    settings = Settings(entities=False)
    res = clean_batch([doc], load_rules(settings), SiteTemplates(), settings)
    assert not res.rejected and res.docs == [doc]
    kept = doc.text.split("\n")
    expected = _paragraphs(raw)
    assert len(expected) == 27
    assert kept == expected  # byte-identical, in order
    for sub in SUBHEADINGS:
        assert sub in kept
    assert [(r.text, r.reason) for r in doc.removed] == EXPECTED_REMOVED
    lines = raw.split("\n")
    for r in doc.removed:
        assert raw[r.start : r.end] == r.text == lines[r.line_no - 1]


def test_seed_through_the_cli(seed_file: Path, tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    shutil.copy(seed_file, src / seed_file.name)
    out = tmp_path / "out"
    assert main(["run", str(src), "--output", str(out), "--no-prefect", "--no-entities", "--quiet"]) == 0
    docs = ds.dataset(out / "documents", partitioning="hive").to_table().to_pylist()
    assert len(docs) == 1
    raw = seed_file.read_text(encoding="utf-8")
    assert docs[0]["text"].split("\n") == _paragraphs(raw)
    removed = ds.dataset(out / "removed_lines", partitioning="hive").to_table().to_pylist()
    removed.sort(key=lambda r: r["line_no"])
    assert [(r["text"], r["reason"]) for r in removed] == EXPECTED_REMOVED
    assert [r["rule"] for r in removed] == ["copyright.year", "ad.slot_size", "ad.slot_size", "donation.support_journalism"]
    assert all(r["doc_id"] == docs[0]["doc_id"] for r in removed)
