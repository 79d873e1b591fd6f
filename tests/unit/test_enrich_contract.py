"""What enrich emits passes the storage contract: real dev-set article texts plus documents
written to hit every date granularity are enriched, then validated by the pandera models
(offsets inside the text, allowed labels, ISO values that parse at their granularity)."""
from __future__ import annotations

import datetime as dt
import gzip
import itertools
import json
import re

from cleanseeds.config import Settings
from cleanseeds.enrich import enrich_batch
from cleanseeds.records import Document, RemovedLine
from cleanseeds.validate import build_tables
from tests.conftest import DEV_DIR

N_DEV = 25


def _doc(n: int, text: str, url: str | None = None) -> Document:
    d = Document(doc_id=f"{n:032x}", source=f"doc#{n}", input_path="doc", input_format="txt", content_hash=f"{n:032x}")
    d.text = d.source_text = text
    d.url = url
    return d


def test_enriched_documents_pass_the_documents_contract() -> None:
    docs = []
    with gzip.open(DEV_DIR / "pages.jsonl.gz", "rt", encoding="utf-8") as fh:
        for n, line in enumerate(itertools.islice(fh, N_DEV)):
            rec = json.loads(line)
            text = "\n".join(p.strip() for p in re.split(r"\n\s*\n", rec["truth_text"]) if p.strip())
            docs.append(_doc(n, text, rec.get("url")))
    dated = _doc(100, "WASHINGTON (AP) — The Senate met last week and again on Monday.\n"
                      "It will vote next month, two years after the 2020 election, on Nov. 15.",
                 "https://example.com/2022/11/09/senate-vote")
    coarse = _doc(101, "KYIV — Talks began on Saturday, earlier this month and in February.")
    coarse.removed = [RemovedLine(2, 0, 20, "© 2022 Example News", "copyright", "c")]
    docs += [dated, coarse, _doc(102, "Die Regierung hat am Dienstag neue Maßnahmen beschlossen, sagte der Sprecher.")]

    res = enrich_batch(docs, Settings(), today=dt.date(2025, 1, 1))
    assert not res.rejected
    assert dated.published == dt.date(2022, 11, 9) and dated.published_source == "url"
    assert {m.granularity for m in dated.dates} == {"week", "day", "month", "year"}
    assert coarse.published_granularity == "year" and any(m.value is None for m in coarse.dates)

    tables = build_tables(res.docs, res.rejected, "run-1", dt.datetime(2025, 1, 1, tzinfo=dt.UTC))
    assert tables.quarantine.num_rows == 0, tables.quarantine.to_pylist()
    assert tables.documents.num_rows == len(docs)
