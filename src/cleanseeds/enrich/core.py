"""The enrich stage over a batch: language, dateline, publication date, dates in the text and
named entities. One document's failure is that document's quarantine, never the batch's.

Order per document: language -> dateline -> publication date (needs the dateline) -> date
mentions (resolved against the publication date) -> entities (English only; one ``nlp.pipe``
over every paragraph of every English document in the batch).
"""
from __future__ import annotations

import datetime as dt
import time
from collections.abc import Sequence
from typing import Any

from cleanseeds.config import Settings
from cleanseeds.enrich.dateline import find_dateline
from cleanseeds.enrich.dates import Anchor, find_dates
from cleanseeds.enrich.entities import PIPE_BATCH_SIZE, document_entities, load_gazetteer, load_model, paragraphs
from cleanseeds.enrich.language import detect_language
from cleanseeds.enrich.pubdate import day_first_for, find_publication
from cleanseeds.reasons import QuarantineReason as Q
from cleanseeds.records import Document, Rejected, StageResult

NER_LANGUAGES = frozenset({"en"})  # languages the configured spaCy model covers
MAX_NER_CHARS = 2_000_000  # longer texts (a dump, not an article) skip NER: minutes of CPU each


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
        d.published, d.published_granularity, d.published_source = pub.date, pub.granularity, pub.source
    else:
        d.published = d.published_granularity = d.published_source = None
    d.updated = updated
    anchor = Anchor(pub.date, pub.granularity) if pub else None
    d.dates = find_dates(d.text, anchor, day_first=day_first_for(d.url))


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
        elif d.language not in NER_LANGUAGES:
            d.entities_status = f"skipped_no_model:{d.language or 'und'}"
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
    t0 = time.perf_counter()
    nlp = load_model(settings.spacy_model)
    gaz = load_gazetteer()
    chunks: list[tuple[int, int, str]] = []  # (doc index, offset, paragraph)
    for i, d in enumerate(docs):
        chunks.extend((i, off, para) for off, para in paragraphs(d.text))
    failed: list[tuple[Document, BaseException]] = []
    # spaCy adds every new word of the batch to the model's shared vocabulary; a memory zone
    # frees them when the batch is done, so a worker's memory does not grow with the corpus.
    # The spaCy docs do not outlive the zone: entities are copied out as plain records.
    with nlp.memory_zone():
        per_doc: list[list[tuple[int, Any]]] = [[] for _ in docs]
        for (i, off, _), sdoc in zip(chunks, nlp.pipe((c[2] for c in chunks), batch_size=PIPE_BATCH_SIZE), strict=True):
            per_doc[i].append((off, sdoc))
        share = (time.perf_counter() - t0) / max(1, len(docs))
        for d, sdocs in zip(docs, per_doc, strict=True):
            t1 = time.perf_counter()
            try:
                dl = find_dateline(d.text) if d.dateline else None
                d.entities = document_entities(d.text, sdocs, gaz, (dl.start, dl.end) if dl else None)
                d.entities_status = "ok"
            except Exception as exc:  # noqa: BLE001
                failed.append((d, exc))
            d.timings["enrich"] = d.timings.get("enrich", 0.0) + share + time.perf_counter() - t1
        del per_doc
    return failed
