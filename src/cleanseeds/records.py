"""The record types that flow through the pipeline.

One record type, :class:`Document`, goes one way through every stage:

    read (InputRef -> Document with ``raw``) -> extract (``raw`` -> ``source_text`` + metadata)
    -> clean (``source_text`` -> ``text`` + ``removed``) -> enrich (dates, entities, language)
    -> validate -> load

Each stage is a plain function over a *batch* (``list[Document]``) and returns one
:class:`StageResult`: the batch it keeps, a :class:`Rejected` value for each document it set
aside, and what it observed (site-template evidence, counters); the runner
(:mod:`cleanseeds.pipeline`) composes them. Nothing is dropped silently: a removed line is a :class:`RemovedLine`, a rejected document a
:class:`Rejected`, and both are written to Parquet.
"""
from __future__ import annotations

import datetime as dt
import hashlib
from collections import Counter
from dataclasses import dataclass, field
from typing import Any


def content_hash(data: bytes | str) -> str:
    """Stable hex digest of a document's raw content (sha256, 32 hex chars)."""
    if isinstance(data, str):
        data = data.encode("utf-8", "surrogatepass")
    return hashlib.sha256(data).hexdigest()[:32]


def make_doc_id(source: str, chash: str) -> str:
    """Stable id of one input document: hash of its source and its content."""
    return hashlib.sha256(f"{source}\x00{chash}".encode("utf-8", "surrogatepass")).hexdigest()[:32]


@dataclass(slots=True, frozen=True)
class InputRef:
    """One input file found by discovery (not yet read)."""

    path: str  # path or fsspec URL as given/discovered, used as the ``source`` prefix
    fmt: str  # txt | html | jsonl | json | warc
    compression: str | None = None  # gzip | None
    size: int = 0  # bytes on disk (compressed size for .gz)
    os_path: str | None = None  # the path to open when ``path`` had to be escaped (undecodable name bytes)
    # A part of a big JSONL file (see pipeline.plan_batches): its lines start at byte ``start``
    # with line number ``first_line``; at most ``lines`` of them (None: to the end of the file).
    start: int = 0
    first_line: int = 1
    lines: int | None = None


@dataclass(slots=True)
class RemovedLine:
    """A line removed from a document, with why.

    ``stage="clean"``: a line the cleaner removed; ``line_no``/``start``/``end`` index
    ``Document.source_text``. ``stage="extract"`` (HTML): a visible block of the page the
    extractor left out; they index the page's visible text, one block a line
    (:mod:`cleanseeds.extract.blocks`)."""

    line_no: int  # 1-based line number in the stage's input
    start: int
    end: int
    text: str
    reason: str  # a :class:`cleanseeds.reasons.LineReason` value
    rule: str  # id of the rule (or context heuristic) that fired
    stage: str = "clean"  # "clean" | "extract"


@dataclass(slots=True)
class Entity:
    text: str
    label: str  # PERSON, ORG, GPE, LOC, NORP, EVENT, ...
    start: int  # offsets into ``Document.text``
    end: int
    canonical: str | None = None  # full name a short mention links to


@dataclass(slots=True)
class DateMention:
    text: str
    value: str | None  # ISO 8601 at ``granularity`` ("2014", "2022-02", "2022-11-05") or None
    granularity: str | None  # day | month | year | None when unresolved
    start: int  # offsets into ``Document.text``
    end: int
    kind: str = "absolute"  # absolute | relative


def iso_at_granularity(date: dt.date | None, granularity: str | None) -> str | None:
    """ISO 8601 at a granularity: (2022-01-01, "year") -> "2022", "month" -> "2022-01"."""
    if date is None:
        return None
    if granularity == "year":
        return f"{date.year:04d}"
    if granularity == "month":
        return f"{date.year:04d}-{date.month:02d}"
    return date.isoformat()


@dataclass(slots=True)
class Document:
    """One input document, filled in stage by stage."""

    doc_id: str
    source: str  # input path, plus ``#N`` for the Nth record of a multi-document file
    input_path: str
    input_format: str  # txt | html | jsonl | json | warc
    content_hash: str
    # --- read ---------------------------------------------------------------------------
    raw: str | None = None  # decoded input (HTML or text); released by extract (publication-date evidence is gathered there)
    raw_is_html: bool = False
    encoding: str | None = None
    size_bytes: int = 0
    # --- extract -----------------------------------------------------------------------
    mode: str = "text"  # "html": cleaner sees extractor output; "text": raw lines
    source_text: str = ""  # what the cleaner sees; removed-line offsets index this
    url: str | None = None
    title: str | None = None
    author: str | None = None
    sitename: str | None = None
    site: str = ""  # grouping key for site templates: host, or source folder
    page_type: str | None = None  # HTML: the page's kind (extract/pagetype.py); None for text
    extraction: str | None = None  # HTML: the extraction strategy that produced source_text
    dropped: list[RemovedLine] = field(default_factory=list)  # HTML: visible blocks extraction left out (stage "extract")
    fetched_at: dt.datetime | None = None
    published: dt.date | None = None
    published_granularity: str | None = None  # day | month | year
    published_source: str | None = None  # html:json-ld, html:meta, url, json:field, text:copyright ...
    published_runner_up: dt.date | None = None  # the best other day when the candidates disagree
    published_runner_up_source: str | None = None
    updated: dt.date | None = None
    # --- clean -------------------------------------------------------------------------
    text: str = ""  # cleaned text: kept lines joined by "\n"
    removed: list[RemovedLine] = field(default_factory=list)
    # --- enrich ------------------------------------------------------------------------
    language: str | None = None  # ISO 639-1 code, or None when undetermined
    language_score: float | None = None
    dateline: str | None = None
    dates: list[DateMention] = field(default_factory=list)
    entities: list[Entity] = field(default_factory=list)
    entities_status: str = "pending"  # ok | disabled | skipped_no_model:<lang> | skipped_empty
    @property
    def published_iso(self) -> str | None:
        """``published`` at its granularity: "2022", "2022-02" or "2022-02-14"."""
        return iso_at_granularity(self.published, self.published_granularity)

    # --- misc --------------------------------------------------------------------------
    meta: dict[str, str] = field(default_factory=dict)
    timings: dict[str, float] = field(default_factory=dict)


@dataclass(slots=True)
class Rejected:
    """A document or input set aside, with a reason code. Written to ``quarantine/``."""

    source: str
    stage: str  # one of :data:`cleanseeds.reasons.STAGES`
    reason: str  # a :class:`cleanseeds.reasons.QuarantineReason` value
    detail: str = ""
    doc_id: str | None = None
    input_path: str | None = None
    content_hash: str | None = None


@dataclass(slots=True)
class StageResult:
    """What every stage returns for a batch, and all the runner composes: the documents it
    keeps, the ones it set aside, what it observed that outlives the batch and its counters.

    ``observations`` are merged by the runner across batches, in batch order (the clean
    stage: one :class:`cleanseeds.clean.templates.DocObservation` per document, the
    site-template evidence; empty for the other stages and when site templates are off);
    ``counts`` are added to the run's counters (``runs/``)."""

    docs: list[Document]
    rejected: list[Rejected] = field(default_factory=list)
    observations: list[Any] = field(default_factory=list)
    counts: Counter[str] = field(default_factory=Counter)

    def extend(self, other: StageResult) -> StageResult:
        """Append ``other`` (the result of the next part of the same batch) to this one."""
        self.docs.extend(other.docs)
        self.rejected.extend(other.rejected)
        self.observations.extend(other.observations)
        self.counts.update(other.counts)
        return self
