"""Properties of the date finder on arbitrary text: it never raises, every span is inside the
text and equals its ``text``, spans are ordered and disjoint, and every value is ISO 8601 at
its granularity."""
from __future__ import annotations

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from cleanseeds.enrich.dates import GRANULARITIES, KINDS, Anchor, find_dates, iso_value_is_valid

WORDS = st.sampled_from([
    "in", "on", "the", "May", "may", "March", "march", "2014", "1999", "300x250", "100M", "$2014",
    "Saturday", "last", "next", "week", "year", "month", "ago", "two", "Nov.", "5", "5th", ",",
    "2022", "11/05/2022", "2022-11-05", "10:30", "p.m.", "earlier", "this", "February", "\n",
    "of", "the", "Ukraine", "yesterday", "mid-", "(", ")", "-", "31", "30", "February 30,",
])
TEXTS = st.one_of(st.text(max_size=200), st.lists(WORDS, max_size=40).map(" ".join))
ANCHORS = st.one_of(
    st.none(),
    st.builds(Anchor, st.dates(min_value=dt.date(1800, 1, 1), max_value=dt.date(2100, 12, 31)), st.sampled_from(["day", "month", "year"])),
)


@given(TEXTS, ANCHORS, st.booleans())
def test_find_dates_invariants(text: str, anchor: Anchor | None, day_first: bool) -> None:
    found = find_dates(text, anchor, day_first=day_first)
    last_end = 0
    for m in found:
        assert 0 <= m.start < m.end <= len(text)
        assert text[m.start:m.end] == m.text
        assert "\n" not in m.text
        assert m.start >= last_end
        last_end = m.end
        assert m.kind in KINDS
        if m.value is None:
            assert m.granularity is None
        else:
            assert m.granularity in GRANULARITIES
            assert iso_value_is_valid(m.value, m.granularity), m
        if anchor is None:
            assert m.kind == "absolute" or m.value is None
