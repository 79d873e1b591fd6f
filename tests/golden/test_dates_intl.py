"""German, French and Spanish date mentions on hand-written sentences (tests/golden/dates/):
precision and recall of (span, value) at least 0.90 per language, traps included."""
from __future__ import annotations

import pytest

from cleanseeds.enrich.dates import Anchor, find_dates
from tests.golden.dates_golden import ANCHOR_DAY, load, score

ANCHOR = Anchor(ANCHOR_DAY, "day")
FLOOR = 0.90


def ours(language: str):  # type: ignore[no-untyped-def]
    return lambda text: [(m.start, m.end, m.value) for m in find_dates(text, ANCHOR, language=language)]


@pytest.mark.parametrize("language", ["de", "fr", "es"])
def test_precision_and_recall_per_language(language: str) -> None:
    cases = load(language)
    assert len(cases) >= 60
    errors: list[str] = []
    s = score(cases, ours(language), errors=errors)
    assert s.precision >= FLOOR and s.recall >= FLOOR, (language, round(s.precision, 3), round(s.recall, 3), errors)


@pytest.mark.parametrize("language, text", [
    ("de", "Mai Thi Nguyen-Kim erklärte das Thema."),
    ("fr", "Avril Lavigne a chanté à Montréal."),
    ("es", "El defensa Marzo marcó el gol."),
    ("de", "Das kostet 2000 Euro."),
    ("fr", "La séance a commencé à 14h30."),
    ("es", "La sesión empezó a las 14:30."),
])
def test_traps_give_no_date(language: str, text: str) -> None:
    assert find_dates(text, ANCHOR, language=language) == []


def test_without_anchor_relative_mentions_are_kept_unresolved() -> None:
    got = find_dates("Il y a trois jours, le 5 novembre 2022.", None, language="fr")
    assert [(m.text, m.value, m.kind) for m in got] == [("Il y a trois jours", None, "relative"), ("le 5 novembre 2022", "2022-11-05", "absolute")]


def test_english_is_unchanged_by_the_language_argument() -> None:
    text = "On 5 November 2022, three days ago, in May."
    assert find_dates(text, ANCHOR) == find_dates(text, ANCHOR, language="en")
