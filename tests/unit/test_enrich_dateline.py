"""Datelines: a leading place name becomes ``Document.dateline``; sentences are not datelines."""
from __future__ import annotations

import pytest

from cleanseeds.enrich.dateline import find_dateline


@pytest.mark.parametrize("text, place, date", [
    ("ISTANBUL — Turkey is pushing Russia", "ISTANBUL", None),
    ("WASHINGTON (AP) — The Senate voted", "WASHINGTON", None),
    ("SAN FRANCISCO, Calif. — A judge ruled", "SAN FRANCISCO, Calif.", None),
    ("KYIV, Ukraine, Nov 5 (Reuters) - Ukraine said", "KYIV, Ukraine", "Nov 5"),
    ("LONDON, 5 November 2022 -- The government", "LONDON", "5 November 2022"),
    ("Kyiv (Reuters) - Ukraine said", "Kyiv", None),
    ("Headline of the story\nBEIJING (AP) — China said", "BEIJING", None),
    ("ROME — “We will not,” he said", "ROME", None),
])
def test_datelines(text: str, place: str, date: str | None) -> None:
    dl = find_dateline(text)
    assert dl is not None and (dl.place, dl.date_text) == (place, date)
    assert text[dl.start:dl.end] == place


@pytest.mark.parametrize("text", [
    "Erdogan — who faces an election — said",
    "NATO - the alliance said",
    "BREAKING — Markets fell",
    "Turkey is pushing Russia and Ukraine to talk.",
    "One\nTwo\nThree\nPARIS — Too far down to be a dateline",
    "",
])
def test_not_datelines(text: str) -> None:
    assert find_dateline(text) is None
