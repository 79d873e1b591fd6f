"""The enrich stage over a batch: language, dateline, publication date, dates in the text and
named entities. One document's failure is that document's quarantine, never the batch's.

Order per document: language -> dateline -> publication date (needs the dateline) -> date
mentions (resolved against the publication date, in the document's language) -> entities
(English and French: spaCy NER, one ``nlp.pipe`` per language over every paragraph of the
batch's documents in it; German and Spanish: gazetteer, title cue and linking only,
``entities_status = "gazetteer_only"``).
"""
from __future__ import annotations

import datetime as dt
import threading
import time
from collections.abc import Callable, Sequence
from typing import Any

from cleanseeds.config import Settings
from cleanseeds.enrich.dateline import find_dateline
from cleanseeds.enrich.dates import Anchor, find_dates
from cleanseeds.enrich.entities import (
    GAZETTEER_LANGUAGES,
    PIPE_BATCH_SIZE,
    NoNer,
    document_entities,
    load_gazetteer,
    load_model,
    paragraphs,
)
from cleanseeds.enrich.language import detect_language, load_identifier
from cleanseeds.enrich.pubdate import day_first_for, find_publication
from cleanseeds.reasons import QuarantineReason as Q
from cleanseeds.records import GRANULARITIES, Document, EntitiesStatus, Rejected, StageResult, checked

# languages with their own gazetteer: without a model (German, Spanish: no spaCy 3.8 model on
# PyPI; French when spacy_model_fr = "") they get the gazetteer and linking passes
GAZETTEER_ONLY_LANGUAGES = frozenset(GAZETTEER_LANGUAGES)


def ner_models(settings: Settings) -> dict[str, str]:
    """Language -> spaCy model for statistical NER (a blank model name: gazetteer only)."""
    models = {"en": settings.spacy_model}
    if settings.spacy_model_fr:
        models["fr"] = settings.spacy_model_fr
    return models
MAX_NER_CHARS = 2_000_000  # longer texts (a dump, not an article) skip NER: minutes of CPU each


def preload(settings: Settings) -> None:
    """Load now what the stage loads at its first document, once per process: the language
    identifier and, with entities, the English model and gazetteer (not the French model:
    only a French document needs it). The pipeline calls this while a batch's extraction
    helper starts on another core. The language identifier loads in a thread meanwhile: most
    of it is LZMA decompression, which releases the GIL (~0.35 s on another core). Best
    effort: anything that fails to load here is loaded again, and reported per document, by
    the stage."""
    identifier = threading.Thread(target=_load_quietly, args=(load_identifier,), name="cleanseeds-preload", daemon=True)
    identifier.start()
    try:
        if settings.entities and settings.spacy_model:
            _load_quietly(load_model, settings.spacy_model)
            _load_quietly(load_gazetteer)
    finally:
        identifier.join()


def _load_quietly(fn: Callable[..., Any], *args: Any) -> None:
    try:
        fn(*args)
    except Exception:  # noqa: BLE001, S110 - the stage loads it again and reports the error per document
        pass


def _reject(d: Document, exc: BaseException) -> Rejected:
    return Rejected(source=d.source, stage="enrich", reason=Q.INTERNAL_ERROR,
                    detail=f"{type(exc).__name__}: {exc}"[:500], doc_id=d.doc_id,
                    input_path=d.input_path, content_hash=d.content_hash)


def enrich_document_metadata(d: Document, today: dt.date) -> None:
    """Everything but entities: language, dateline, publication/updated date, date mentions."""
    d.language, d.language_score = detect_language(d.text)
    dl = find_dateline(d.text)
    d.dateline = dl.place if dl else None
    pub, updated = find_publication(d, today, dl)
    if pub is not None:
        d.published, d.published_granularity, d.published_source = pub.date, checked(pub.granularity, GRANULARITIES), pub.source
        d.published_runner_up, d.published_runner_up_source = pub.runner_up, pub.runner_up_source
    else:
        d.published = d.published_granularity = d.published_source = None
        d.published_runner_up = d.published_runner_up_source = None
    d.updated = updated
    anchor = Anchor(pub.date, pub.granularity) if pub else None
    d.dates = find_dates(d.text, anchor, day_first=day_first_for(d.url), language=d.language)


def enrich_batch(docs: Sequence[Document], settings: Settings, *, today: dt.date | None = None) -> StageResult:
    """Enrich a batch in place; returns the documents kept and those that raised.

    ``today`` (default: the current UTC date) is the upper bound of a plausible publication
    date and exists so tests can pin it.
    """
    today = today or dt.datetime.now(dt.UTC).date()
    out = StageResult(docs=[])
    ner_docs: list[Document] = []
    for d in docs:
        t0 = time.perf_counter()
        try:
            enrich_document_metadata(d, today)
        except Exception as exc:  # noqa: BLE001 - a bug on one document quarantines that document
            out.rejected.append(_reject(d, exc))
            continue
        d.entities = []
        if not settings.entities:
            d.entities_status = "disabled"
        elif not d.text.strip():
            d.entities_status = "skipped_empty"
        elif d.language not in ner_models(settings) and d.language not in GAZETTEER_ONLY_LANGUAGES:
            d.entities_status = "skipped_no_model"  # stored with the language (records.entities_status_value)
        elif len(d.text) > MAX_NER_CHARS:
            d.entities_status = "skipped_too_long"
        else:
            ner_docs.append(d)
        d.timings["enrich"] = time.perf_counter() - t0
        out.docs.append(d)
    if ner_docs:
        failed = _run_ner(ner_docs, settings)
        if failed:
            out.rejected.extend(_reject(d, exc) for d, exc in failed)
            bad = {id(d) for d, _ in failed}
            out.docs = [d for d in out.docs if id(d) not in bad]
    return out


def _run_ner(docs: list[Document], settings: Settings) -> list[tuple[Document, BaseException]]:
    """Entities for documents of several languages: one ``nlp.pipe`` per language with a model,
    the gazetteer-and-linking passes alone for the others."""
    by_lang: dict[str, list[Document]] = {}
    for d in docs:
        by_lang.setdefault(d.language or "und", []).append(d)
    models = ner_models(settings)
    failed: list[tuple[Document, BaseException]] = []
    for lang, group in by_lang.items():
        failed.extend(_run_ner_language(group, models.get(lang), lang))
    return failed


def _run_ner_language(docs: list[Document], model: str | None, language: str) -> list[tuple[Document, BaseException]]:
    t0 = time.perf_counter()
    gaz = load_gazetteer(language=language)
    chunks: list[tuple[int, int, str]] = []  # (doc index, offset, paragraph)
    for i, d in enumerate(docs):
        chunks.extend((i, off, para) for off, para in paragraphs(d.text))
    failed: list[tuple[Document, BaseException]] = []
    per_doc: list[list[tuple[int, Any]]] = [[] for _ in docs]
    status: EntitiesStatus = "ok" if model else "gazetteer_only"
    if model:
        nlp = load_model(model)
        # spaCy adds every new word of the batch to the model's shared vocabulary; a memory zone
        # frees them when the batch is done, so a worker's memory does not grow with the corpus.
        # The spaCy docs do not outlive the zone: entities are copied out as plain records.
        with nlp.memory_zone():
            for (i, off, _), sdoc in zip(chunks, nlp.pipe((c[2] for c in chunks), batch_size=PIPE_BATCH_SIZE), strict=True):
                per_doc[i].append((off, sdoc))
            failed = _document_passes(docs, per_doc, gaz, status, t0)
    else:
        for i, off, para in chunks:
            per_doc[i].append((off, NoNer(para)))
        failed = _document_passes(docs, per_doc, gaz, status, t0)
    return failed


def _document_passes(
    docs: list[Document], per_doc: list[list[tuple[int, Any]]], gaz: Any, status: EntitiesStatus, t0: float
) -> list[tuple[Document, BaseException]]:
    failed: list[tuple[Document, BaseException]] = []
    share = (time.perf_counter() - t0) / max(1, len(docs))
    for d, sdocs in zip(docs, per_doc, strict=True):
        t1 = time.perf_counter()
        try:
            dl = find_dateline(d.text) if d.dateline else None
            d.entities = document_entities(d.text, sdocs, gaz, (dl.start, dl.end) if dl else None)
            d.entities_status = status
        except Exception as exc:  # noqa: BLE001
            failed.append((d, exc))
        d.timings["enrich"] = d.timings.get("enrich", 0.0) + share + time.perf_counter() - t1
    return failed
