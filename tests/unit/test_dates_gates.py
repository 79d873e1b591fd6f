"""The literal gates in front of the date patterns never change what find_dates returns."""
from __future__ import annotations

import datetime as dt
import gzip
import json

import pytest

from cleanseeds.enrich import dates
from cleanseeds.enrich.dates import Anchor, find_dates
from tests.conftest import DEV_DIR


def _texts() -> list[str]:
    with gzip.open(DEV_DIR / "dirty_text.jsonl.gz", "rt", encoding="utf-8") as fh:
        pages = [json.loads(line) for line in fh if line.strip()]
    return ["\n".join(p["lines"]) for p in pages[::4]] + [
        "Two days ago, on Monday, TODAY and last week; 2022/11/05 and May.",
        "three weeks AGO", "ſunday", "nothing dated here at all",
    ]


@pytest.mark.parametrize("anchor", [None, Anchor(dt.date(2022, 11, 5), "day")])
def test_gates_change_nothing(anchor, monkeypatch: pytest.MonkeyPatch) -> None:
    texts = _texts()
    gated = [find_dates(t, anchor) for t in texts]
    assert any(dates._GATES.values())  # the gates were built and some have literals
    ungated = {rx: None for rx in dates._GATES}
    monkeypatch.setattr(dates, "_GATES", ungated)
    assert [find_dates(t, anchor) for t in texts] == gated
    assert sum(len(g) for g in gated) > 100
