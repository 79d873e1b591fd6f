"""Trying the date patterns only where a match can start (digit runs, month and weekday
names, cue words) gives exactly what running them over the whole text gives."""
from __future__ import annotations

import datetime as dt
import gzip
import json
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cleanseeds.clean.rules import FOLD_TO_ASCII, fold
from cleanseeds.enrich import dates
from cleanseeds.enrich.dates import Anchor, find_dates
from tests.conftest import DEV_DIR

PATTERNS = [v for k, v in vars(dates).items() if k.startswith("_RE_") and isinstance(v, re.Pattern)]
TRICKY = [
    "AUGUSTHURSDAY", "Lasthe 5", "the 5th of May, 2022", "Thursday, Nov. 5, 2022", "mid-2014",
    "SEPTUESDAY 3", "JUNOV 2021", "yesterday", "Earlyesterday", "Latearlier this week", "Tonightoday",
    "last Monday", "this coming Friday", "next March", "three years ago", "05/11/2022", "2022-11-05",
    "1.2.2020", "2022/11/5", "on the 3rd of June we met", "Monday the 4 July", "İ last Monday, yesterday",
    "LAST MONDAY and Last week", "ΣΑΣ this Friday", "in 2014", "(2014)", "$2014", "the 2016 election", "  \n", "٣ May 2020",
]


def _texts() -> list[str]:
    with gzip.open(DEV_DIR / "dirty_text.jsonl.gz", "rt", encoding="utf-8") as fh:
        pages = [json.loads(line) for line in fh if line.strip()]
    return ["\n".join(p["lines"]) for p in pages[1::3]] + TRICKY + [" ".join(TRICKY)]


@pytest.mark.parametrize("anchor", [None, Anchor(dt.date(2022, 11, 5), "day")])
def test_find_dates_same_with_and_without_start_positions(anchor, monkeypatch: pytest.MonkeyPatch) -> None:
    texts = _texts()
    fast = [find_dates(t, anchor) for t in texts]
    monkeypatch.setattr(dates, "USE_STARTS", False)
    assert [find_dates(t, anchor) for t in texts] == fast
    assert sum(len(f) for f in fast) > 100


def _same_matches(text: str) -> None:
    st_ = dates._Starts(text, fold(text))
    kinds = {
        dates._RE_ISO: ("digits",), dates._RE_YMD_SLASH: ("digits",), dates._RE_NUMERIC: ("digits",),
        dates._RE_MDY: ("names",), dates._RE_DMY: ("names", "digits", "the"), dates._RE_MY: ("names",),
        dates._RE_MD: ("names",), dates._RE_DM: ("names", "digits", "the"), dates._RE_YEAR: ("digits",),
        dates._MONTH_NAME_ONLY: ("names",), dates._RE_WEEKDAY: ("names", "mod"), dates._RE_MONTH_REL: ("mod",),
        dates._RE_DAYWORD: ("dayword", "mod"), dates._RE_PERIOD: ("adv", "mod"),
    }
    for rx, k in kinds.items():
        want = [(m.span(), m.groupdict()) for m in rx.finditer(text)]
        got = [(m.span(), m.groupdict()) for m in dates._iter_at(rx, text, st_, *k)]
        assert got == want, (rx.pattern[:60], text)


def test_every_pattern_is_covered() -> None:
    # a new _RE_ pattern must be given its start kinds (here and in find_dates)
    assert len(PATTERNS) == 14


def test_tricky_texts_pattern_by_pattern() -> None:
    for t in TRICKY + [" ".join(TRICKY)]:
        _same_matches(t)


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from([
    "AUGUST", "THU", "Thursday", "JAN", "NOV", "May", "Sept", "SEPT", "UES", "the", "The", "Last", "last", "his",
    "this", "coming", "early", "Earlier", "Late", "yesterday", "today", "5", "05", "2022", "1999", "/", "-", ".",
    ",", " ", "\n", "th", "of ", "mid-", "(", ")", "$", "ago", "week", "years", "a", "x", "İ", "LAST", "THIS",
]), max_size=16).map("".join))
def test_token_soup_pattern_by_pattern(text: str) -> None:
    _same_matches(text)


def test_token_scan_finds_overlapping_tokens() -> None:
    found = dates._NAME_SCAN.find("xAUGUSTHURSDAYx JUNOV")
    assert [p for p, _ in found] == [1, 6, 16, 18]
    assert dict(found)[6] == "THURSDAY"


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="aAİıſKkSs ©é\u212aZ", max_size=20))
def test_fold_equals_translate_then_lower(text: str) -> None:
    assert fold(text) == text.translate(FOLD_TO_ASCII).lower()
