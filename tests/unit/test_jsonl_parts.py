"""A big JSONL export is processed in parts of ``batch_size`` lines (flat memory), with the
same documents, sources and quarantine rows as when it is read whole."""
from __future__ import annotations

import json
from pathlib import Path

import pyarrow.dataset as ds
import pytest

from cleanseeds import pipeline
from cleanseeds.config import Settings
from cleanseeds.extract import read_batch
from cleanseeds.pipeline import jsonl_parts, plan_batches
from cleanseeds.records import InputRef


def _export(path: Path, n: int, trailing_newline: bool = True) -> InputRef:
    lines = []
    for i in range(n):
        if i == 7:
            lines.append("{not json")  # malformed line: quarantined with its line number
        elif i == 250:
            lines.append("")  # blank line: skipped
        else:
            lines.append(json.dumps({"text": f"Record {i}: the harbour council met on Tuesday to discuss the ferry timetable.", "url": f"https://example.org/{i}"}))
    path.write_text("\n".join(lines) + ("\n" if trailing_newline else ""), encoding="utf-8")
    return InputRef(str(path), "jsonl", None, path.stat().st_size)


def _items(refs: list[InputRef]) -> list[tuple[str, str, str]]:
    res = read_batch(refs, Settings())
    return sorted([(d.source, d.doc_id, "doc") for d in res.docs] + [(r.source, r.reason, r.stage) for r in res.rejected])


@pytest.mark.parametrize(("n", "trailing"), [(450, True), (400, True), (401, False)])
def test_parts_read_the_same_records_as_the_whole_file(tmp_path: Path, n: int, trailing: bool) -> None:
    ref = _export(tmp_path / "export.jsonl", n, trailing)
    parts = jsonl_parts(ref, 200)
    assert parts is not None and [c for _, c in parts][:-1] == [200] * (len(parts) - 1)
    assert sum(c for _, c in parts) == n
    assert _items([p for p, _ in parts]) == _items([ref])
    whole = read_batch([ref], Settings())
    assert len(whole.docs) == n - 2 and [r.source for r in whole.rejected] == [f"{ref.path}#8"]


def test_small_compressed_or_wide_files_stay_whole(tmp_path: Path) -> None:
    import gzip

    assert jsonl_parts(_export(tmp_path / "small.jsonl", 150), 200) is None
    big = _export(tmp_path / "big.jsonl", 450)
    gz = tmp_path / "big.jsonl.gz"
    gz.write_bytes(gzip.compress(Path(big.path).read_bytes()))
    assert jsonl_parts(InputRef(str(gz), "jsonl", "gzip", gz.stat().st_size), 200) is None
    wide = tmp_path / "wide.jsonl"
    wide.write_bytes(Path(big.path).read_text().encode("utf-16"))
    assert jsonl_parts(InputRef(str(wide), "jsonl", None, wide.stat().st_size), 200) is None


def test_a_run_over_a_big_export_gives_the_same_output_in_parts(tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    _export(src / "export.jsonl", 450)
    small = Settings(batch_size=200, workers=1, entities=False, site_templates=False)
    refs, _ = pipeline.discover([str(src)], small)
    assert len(plan_batches(refs, small)) == 3
    outputs = {}
    for name, settings in (("parts", small), ("whole", small.replace(batch_size=1000))):
        summary = pipeline.run([str(src)], str(tmp_path / name), settings)
        assert summary.batches == (3 if name == "parts" else 1)
        docs = ds.dataset(tmp_path / name / "documents", partitioning="hive").to_table(columns=["source", "doc_id", "text"])
        quar = ds.dataset(tmp_path / name / "quarantine", partitioning="hive").to_table(columns=["source", "reason"])
        outputs[name] = (sorted(docs.to_pylist(), key=lambda r: r["source"]), sorted(quar.to_pylist(), key=lambda r: r["source"]))
    assert outputs["parts"] == outputs["whole"]
    assert len(outputs["parts"][0]) == 448 and outputs["parts"][1] == [{"source": f"{src / 'export.jsonl'}#8", "reason": "malformed_json"}]
