"""The seed article (issue 4): read -> extract -> clean -> enrich with the real stages and the
real spaCy model, then check every expectation the issue lists."""
from __future__ import annotations

import datetime as dt
import itertools
from collections import defaultdict

import pytest

from cleanseeds import clean, extract
from cleanseeds.config import Settings
from cleanseeds.enrich import enrich_batch
from cleanseeds.records import Document
from tests.conftest import SEED_FILE

PEOPLE = ["Recep Tayyip Erdogan", "Vladimir Putin", "Bill Burns", "Sergei Naryshkin", "Sinan Ulgen",
          "Volodymyr Zelenskyy", "Ibrahim Kalin"]
SHORT = {"Erdogan": "Recep Tayyip Erdogan", "Putin": "Vladimir Putin", "Burns": "Bill Burns",
         "Kalin": "Ibrahim Kalin", "Ulgen": "Sinan Ulgen"}
ORGS = ["NATO", "CIA", "NPR", "White House", "European Union", "United Nations", "State Department"]
PLACES = ["Turkey", "Russia", "Ukraine", "Moscow", "Kyiv", "Istanbul", "Crimea"]


@pytest.fixture(scope="module")
def seed() -> Document:
    assert SEED_FILE.exists(), f"the shared seed example is missing: {SEED_FILE}"
    settings = Settings()
    refs, rejected = extract.discover([str(SEED_FILE)], settings)
    assert refs and not rejected
    read = extract.read_batch(refs, settings)
    ext = extract.extract_batch(read.docs, settings)
    cleaned = clean.clean_batch(ext.docs, clean.load_rules(settings), None, settings)
    assert len(cleaned.docs) == 1
    res = enrich_batch(cleaned.docs, settings, today=dt.date(2025, 1, 1))
    assert not res.rejected
    return res.docs[0]


def test_language_and_dateline(seed: Document) -> None:
    assert seed.language == "en" and seed.language_score is not None and seed.language_score > 0.9
    assert seed.dateline == "ISTANBUL"


def test_publication_year_from_the_removed_copyright_line(seed: Document) -> None:
    assert "Copyright 2022 NPR" not in seed.text
    assert (seed.published, seed.published_granularity, seed.published_source) == (dt.date(2022, 1, 1), "year", "text:copyright")
    assert seed.updated is None


def test_entities_are_valid_spans_within_one_paragraph(seed: Document) -> None:
    assert seed.entities_status == "ok"
    for e in seed.entities:
        assert seed.text[e.start:e.end] == e.text
        assert "\n" not in e.text
    starts = [e.start for e in seed.entities]
    assert starts == sorted(starts)
    assert all(a.end <= b.start for a, b in itertools.pairwise(seed.entities))


def test_people_with_short_mentions_linked(seed: Document) -> None:
    labels: dict[str, set[str]] = defaultdict(set)
    for e in seed.entities:
        labels[e.text].add(e.label)
    for name in PEOPLE:
        assert labels.get(name) == {"PERSON"}, (name, labels.get(name))
    for short, full in SHORT.items():
        mentions = [e for e in seed.entities if e.text == short]
        assert mentions, short
        assert all(e.label == "PERSON" and e.canonical == full for e in mentions), (short, mentions)
    # every occurrence of a surname in the text is found
    for short in SHORT:
        in_text = sum(1 for i in range(len(seed.text)) if seed.text.startswith(short, i))
        as_entity = sum(1 for e in seed.entities if short in e.text)
        assert as_entity == in_text, short


def test_organisations(seed: Document) -> None:
    for org in ORGS:
        found = {e.label for e in seed.entities if e.text == org}
        assert found == {"ORG"}, (org, found)


def test_places(seed: Document) -> None:
    for place in PLACES:
        found = {e.label for e in seed.entities if e.text == place}
        assert found and found <= {"GPE", "LOC"}, (place, found)


def test_one_label_per_name(seed: Document) -> None:
    labels: dict[str, set[str]] = defaultdict(set)
    for e in seed.entities:
        labels[e.text].add(e.label)
    assert {k: v for k, v in labels.items() if len(v) > 1} == {}


def test_date_mentions(seed: Document) -> None:
    got = {m.text: (m.value, m.granularity, m.kind) for m in seed.dates}
    assert got["February"] == ("2022-02", "month", "relative")
    assert got["2014"] == ("2014", "year", "absolute")
    for unknown in ("Saturday", "Monday", "Earlier this month"):
        assert got[unknown] == (None, None, "relative"), unknown
    assert got["next year"] == ("2023", "year", "relative")
    for m in seed.dates:
        assert seed.text[m.start:m.end] == m.text
    # the ad size and the copyright year were removed with their lines: no date from them
    assert "300x250" not in got
