"""Named entities: paragraph-wise NER with the real spaCy model, gazetteer, title cue,
label harmonisation and short-mention linking. Texts are written here for each behaviour."""
from __future__ import annotations

from typing import Any

import pytest

from cleanseeds.config import Settings
from cleanseeds.enrich.entities import KEPT_LABELS, document_entities, load_gazetteer, load_model, paragraphs
from cleanseeds.records import Entity

MODEL = Settings().spacy_model


def ents(text: str) -> list[Entity]:
    nlp = load_model(MODEL)
    chunks = paragraphs(text)
    sdocs: list[tuple[int, Any]] = [(off, sd) for (off, _), sd in zip(chunks, nlp.pipe(c for _, c in chunks), strict=True)]
    found = document_entities(text, sdocs, load_gazetteer())
    for e in found:
        assert text[e.start:e.end] == e.text
        assert e.label in KEPT_LABELS
    return found


def labels(found: list[Entity]) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for e in found:
        out.setdefault(e.text, set()).add(e.label)
    return out


def test_model_loads_only_what_ner_needs() -> None:
    nlp = load_model(MODEL)
    assert nlp.pipe_names == ["ner"]
    assert load_model(MODEL) is nlp  # once per process


def test_no_entity_spans_two_paragraphs() -> None:
    text = "Turkey keeps defense and trade links with Kyiv\nTurkey's stated neutral stance has drawn criticism."
    found = ents(text)
    assert all("\n" not in e.text for e in found)
    assert ("Kyiv", "GPE") in {(e.text, e.label) for e in found}


def test_paragraphs_skip_blank_lines_and_cut_long_ones() -> None:
    text = "First.\n\n  \n" + "word " * 5000
    chunks = paragraphs(text)
    assert chunks[0] == (0, "First.")
    assert all(len(c) <= 10_000 for _, c in chunks)
    assert "".join(c for _, c in chunks[1:]) == "word " * 5000


def test_gazetteer_relabels_a_region_the_model_calls_an_org() -> None:
    found = labels(ents("The Turkish president urged Russia to return all occupied territories to Ukraine, including Crimea, which Russia annexed in 2014."))
    assert found["Crimea"] == {"LOC"}
    assert found["Turkish"] == {"NORP"}


def test_gazetteer_never_splits_a_longer_name() -> None:
    found = labels(ents("The Bank of Russia raised rates, and Michael Jordan watched from Chicago."))
    assert "Russia" not in found
    assert "Michael Jordan" in found and found["Michael Jordan"] == {"PERSON"}


def test_gazetteer_adds_what_ner_missed() -> None:
    found = ents("Talks were held in Doha and Tbilisi, near the Caspian Sea, with the IAEA.")
    got = {(e.text, e.label) for e in found}
    assert {("Doha", "GPE"), ("Tbilisi", "GPE"), ("Caspian Sea", "LOC"), ("IAEA", "ORG")} <= got


def test_title_cue_finds_a_person_the_model_misses() -> None:
    text = '"The Turkish president has been able to reach both Putin and [Ukrainian President] Volodymyr Zelenskyy," he says.'
    found = labels(ents(text))
    assert found["Volodymyr Zelenskyy"] == {"PERSON"}


def test_title_cue_stops_at_non_name_words() -> None:
    found = labels(ents("Prime Minister Rishi Sunak Monday said the plan would work."))
    assert "Rishi Sunak" in found and found["Rishi Sunak"] == {"PERSON"}
    assert not any("Monday" in k for k in found)


def test_short_mentions_link_to_the_full_name_and_take_its_label() -> None:
    text = (
        "Turkish President Recep Tayyip Erdogan told reporters on Saturday.\n"
        "Earlier, Erdogan and Russian President Vladimir Putin spoke on the phone.\n"
        "That is a risk, according to Sinan Ulgen, a director in Istanbul.\n"
        "That is one of several vulnerabilities in Turkey's stance, according to Ulgen.\n"
        "Putin praised Turkish neutrality, encouraged by Erdogan."
    )
    found = ents(text)
    by_text = {(e.text, e.label, e.canonical) for e in found}
    assert ("Erdogan", "PERSON", "Recep Tayyip Erdogan") in by_text
    assert ("Putin", "PERSON", "Vladimir Putin") in by_text
    assert ("Ulgen", "PERSON", "Sinan Ulgen") in by_text
    assert ("Recep Tayyip Erdogan", "PERSON", "Recep Tayyip Erdogan") in by_text
    assert sum(e.text == "Erdogan" for e in found) == 2


def test_ambiguous_surname_is_not_linked() -> None:
    text = "George Bush met Jeb Bush in Texas.\nBush said the meeting went well."
    found = [e for e in ents(text) if e.text == "Bush"]
    assert found and all(e.canonical is None for e in found)


def test_labels_are_harmonised_within_a_document() -> None:
    text = (
        "Jane Kowalczyk, the mayor, spoke first.\n"
        "Kowalczyk said the budget would pass.\n"
        "Later, Kowalczyk left for Warsaw."
    )
    found = labels(ents(text))
    assert found.get("Kowalczyk") == {"PERSON"}
    assert found["Warsaw"] == {"GPE"}


def test_missed_later_mentions_of_a_known_name_are_added() -> None:
    text = "Sergei Naryshkin arrived in Ankara.\nNaryshkin declined to comment, as Naryshkin often does."
    found = [e for e in ents(text) if e.text == "Naryshkin"]
    assert len(found) == 2
    assert all(e.label == "PERSON" and e.canonical == "Sergei Naryshkin" for e in found)


def test_numbers_and_dates_are_not_entities() -> None:
    found = ents("On Monday, 300 people paid $20 for 2 tickets, the first in 2014.")
    assert {e.label for e in found} <= KEPT_LABELS - {"DATE", "CARDINAL", "MONEY", "ORDINAL"}
    assert not any(e.text in ("Monday", "300", "$20", "2014") for e in found)


def test_gazetteer_file_is_well_formed() -> None:
    gaz = load_gazetteer()
    assert len(gaz.labels) > 500
    assert set(gaz.labels.values()) <= KEPT_LABELS
    assert gaz.pattern is not None and gaz.pattern.search("") is None  # no empty entry


@pytest.mark.parametrize("text", ["", "   ", "\n\n"])
def test_blank_text_has_no_entities(text: str) -> None:
    assert ents(text) == []


def test_leading_articles_and_uncapitalised_fragments_are_dropped() -> None:
    found = ents("The deal was signed at the United Nations, and we don't know more.")
    texts = {e.text for e in found}
    assert "United Nations" in texts
    assert not any(t.startswith(("the ", "The ")) for t in texts)
    assert all(any(ch.isupper() for ch in t) for t in texts)


def test_dateline_place_is_one_gpe() -> None:
    from cleanseeds.enrich.dateline import find_dateline

    text = "ST. JOSEPH, Mich. (AP) — Health officials in Michigan said a sixth person has died."
    dl = find_dateline(text)
    assert dl is not None
    nlp = load_model(MODEL)
    chunks = paragraphs(text)
    found = document_entities(text, [(off, sd) for (off, _), sd in zip(chunks, nlp.pipe(c for _, c in chunks), strict=True)], load_gazetteer(), (dl.start, dl.end))
    assert ("ST. JOSEPH", "GPE") in {(e.text, e.label) for e in found}


def test_family_name_first_links_when_the_model_says_person() -> None:
    text = "Chinese President Xi Jinping met the delegation.\nXi said the talks were useful, and Xi left."
    xi = [e for e in ents(text) if e.text == "Xi"]
    assert xi and all(e.label == "PERSON" and e.canonical == "Xi Jinping" for e in xi)
