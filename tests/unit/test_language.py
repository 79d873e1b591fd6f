"""Language detection (py3langid, offline) and the English-only NER gate."""
from __future__ import annotations

import datetime as dt

import pytest

from cleanseeds.config import Settings
from cleanseeds.enrich import enrich_batch
from cleanseeds.enrich.language import SAMPLE_CHARS, detect_language
from cleanseeds.records import Document, entities_status_value

TEXTS = {
    "en": "Turkey is pushing Russia and Ukraine to begin peace talks, hoping to build on recent diplomatic initiatives.",
    "de": "Die Bundesregierung hat am Dienstag neue Maßnahmen gegen die steigenden Energiepreise beschlossen.",
    "fr": "Le gouvernement français a annoncé mardi de nouvelles mesures contre la hausse des prix de l'énergie.",
    "es": "El gobierno español anunció el martes nuevas medidas contra el aumento de los precios de la energía.",
    "tr": "Türkiye, Rusya ve Ukrayna'yı barış görüşmelerine başlamaya zorluyor ve tahıl anlaşmasını sürdürmek istiyor.",
}


@pytest.mark.parametrize("lang", sorted(TEXTS))
def test_detects_language(lang: str) -> None:
    code, score = detect_language(TEXTS[lang])
    assert code == lang
    assert score is not None and 0.5 < score <= 1.0


@pytest.mark.parametrize("text", ["", "ok", "12345 678 90 !!!", "—"])
def test_too_little_text_is_undetermined(text: str) -> None:
    assert detect_language(text) == (None, None)


def test_huge_text_is_sampled_and_still_detected() -> None:
    text = (TEXTS["de"] + "\n") * (SAMPLE_CHARS // 20)
    assert detect_language(text)[0] == "de"


def _doc(text: str) -> Document:
    d = Document(doc_id="1" * 32, source="s", input_path="s", input_format="txt", content_hash="1" * 32)
    d.text = d.source_text = text
    return d


def test_ner_per_language_and_the_status_says_which() -> None:
    it = "Il governo italiano ha approvato ieri la nuova legge di bilancio dopo una lunga discussione in parlamento."
    docs = [_doc(TEXTS["en"]), _doc(TEXTS["de"]), _doc("ok"), _doc(it)]
    res = enrich_batch(docs, Settings(), today=dt.date(2024, 1, 1))
    assert not res.rejected
    en, de, tiny, italian = res.docs
    assert (en.language, en.entities_status) == ("en", "ok")
    assert {"Turkey", "Russia", "Ukraine"} <= {e.text for e in en.entities}
    # German: no spaCy model, the gazetteer and linking still run, and the status says so
    assert (de.language, de.entities_status) == ("de", "gazetteer_only")
    assert all(de.text[e.start:e.end] == e.text for e in de.entities)
    assert (tiny.language, tiny.entities_status) == (None, "skipped_no_model")
    assert (italian.language, italian.entities_status, italian.entities) == ("it", "skipped_no_model", [])
    # the contract's column names the language without a model
    assert [entities_status_value(d.entities_status, d.language) for d in (tiny, italian)] == ["skipped_no_model:und", "skipped_no_model:it"]


def test_french_gets_statistical_ner_with_our_labels() -> None:
    fr = _doc("Le président Emmanuel Macron a reçu Olaf Scholz à Paris. Macron a salué l'accord avec l'OTAN.")
    res = enrich_batch([fr], Settings(), today=dt.date(2024, 1, 1))
    d = res.docs[0]
    assert (d.language, d.entities_status) == ("fr", "ok")
    got = {(e.text, e.label, e.canonical) for e in d.entities}
    assert {("Emmanuel Macron", "PERSON", "Emmanuel Macron"), ("Macron", "PERSON", "Emmanuel Macron"),
            ("Paris", "GPE", None), ("OTAN", "ORG", None)} <= got


def test_without_the_french_model_french_is_gazetteer_only() -> None:
    fr = _doc("Le président Emmanuel Macron a reçu Olaf Scholz à Paris. Macron a salué l'accord avec l'OTAN.")
    d = enrich_batch([fr], Settings(spacy_model_fr=""), today=dt.date(2024, 1, 1)).docs[0]
    assert d.entities_status == "gazetteer_only"
    assert {("Paris", "GPE"), ("OTAN", "ORG")} <= {(e.text, e.label) for e in d.entities}


def test_entities_disabled_and_empty_text() -> None:
    res = enrich_batch([_doc(TEXTS["en"])], Settings(entities=False))
    assert res.docs[0].entities_status == "disabled" and res.docs[0].entities == []
    res = enrich_batch([_doc("")], Settings())
    assert res.docs[0].entities_status == "skipped_empty"


def test_a_huge_text_skips_ner_but_keeps_language_and_dates() -> None:
    from cleanseeds.enrich.core import MAX_NER_CHARS

    para = "The committee met in Geneva on Monday and agreed to meet again in March 2023.\n"
    d = _doc(para * (MAX_NER_CHARS // len(para) + 1))
    res = enrich_batch([d], Settings(), today=dt.date(2024, 1, 1))
    assert res.docs == [d] and not res.rejected
    assert (d.language, d.entities_status, d.entities) == ("en", "skipped_too_long", [])
    assert sum(m.text == "March 2023" for m in d.dates) == MAX_NER_CHARS // len(para) + 1


def test_varieties_fold_into_iso_639_1_macrolanguages() -> None:
    from cleanseeds.enrich.language import TO_ISO_639_1
    from cleanseeds.schemas import ISO_639_1

    assert set(TO_ISO_639_1.values()) <= ISO_639_1
    lang, _ = detect_language("粵語係一種漢語，主要喺廣東、廣西、香港同澳門通行。佢有好多獨特嘅詞彙同語法。")
    assert lang == "zh"  # py3langid says "yue" (Cantonese); the contract wants ISO 639-1
