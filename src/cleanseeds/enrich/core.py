"""Minimal first version (to be deepened)."""
from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from typing import Any

from cleanseeds.config import Settings
from cleanseeds.records import Document, Entity, StageResult


@lru_cache(maxsize=2)
def _nlp(model: str) -> Any:
    import spacy

    return spacy.load(model, disable=["tagger", "parser", "attribute_ruler", "lemmatizer"])


def enrich_batch(docs: Sequence[Document], settings: Settings) -> StageResult:
    import py3langid

    for d in docs:
        lang, score = py3langid.classify(d.text)
        d.language, d.language_score = lang, float(score)
        if not settings.entities:
            d.entities_status = "disabled"
        elif lang != "en":
            d.entities_status = f"skipped_no_model:{lang}"
        else:
            doc = _nlp(settings.spacy_model)(d.text)
            d.entities = [Entity(e.text, e.label_, e.start_char, e.end_char) for e in doc.ents]
            d.entities_status = "ok"
    return StageResult(docs=list(docs))
