"""The record types that flow through the pipeline.

One record type, :class:`Document`, goes one way through every stage:

    read (InputRef -> Document with ``raw``) -> extract (``raw`` -> ``source_text`` + metadata;
    ``raw`` released) -> clean (``source_text`` -> ``text`` + ``removed``) -> enrich (dates, entities, language)
    -> validate -> load

Each stage is a plain function over a *batch* (``list[Document]``) and returns one
:class:`StageResult`: the batch it keeps, a :class:`Rejected` value for each document it set
aside, and what it observed (site-template evidence, counters); the runner
(:mod:`cleanseeds.pipeline`) composes them. Nothing is dropped silently: a removed line is a
:class:`RemovedLine`, a rejected document a :class:`Rejected`, and both are written to Parquet.
"""
from __future__ import annotations

import datetime as dt
import hashlib
from collections import Counter
from dataclasses import dataclass, field
from typing import Any, Literal, TypeVar, get_args

# --- the values a record's fields take: each defined once, here; the Parquet contracts
# (cleanseeds.schemas) and the stage list (cleanseeds.reasons.STAGES) are derived from these ---

#: How the cleaner reads a document: the extracted main text of an HTML page, or the input's own lines.
Mode = Literal["text", "html"]
#: The input formats discovery recognises.
InputFormat = Literal["txt", "html", "jsonl", "json", "warc"]
#: Precision of a publication date.
Granularity = Literal["day", "month", "year"]
#: Precision of a date mentioned in the text: a publication date's, or an ISO week ("last week").
MentionGranularity = Literal["day", "week", "month", "year"]
#: A date mention written out ("5 November 2022") or relative to the publication date ("last Tuesday").
DateKind = Literal["absolute", "relative"]
#: The stages, in order; a :class:`Rejected` names the one that set it aside.
Stage = Literal["discover", "read", "extract", "clean", "enrich", "validate", "load"]
#: The stages that remove lines (``removed_lines.stage``).
RemovingStage = Literal["extract", "clean"]
#: A run's status in ``runs/``.
RunStatus = Literal["running", "completed", "failed"]
#: The kind of an HTML page (extract/pagetype.py: the model's classes, and ``other`` when unsure).
PageType = Literal["article", "forum", "product", "collection", "listing", "documentation", "service", "other"]
#: What produced an HTML document's text (extract/html.py) is stored as one string,
#: ``<base>[><replacement>][+<pass>...]`` (``balanced``, ``comments>cards+second``,
#: ``balanced>wild+headings+repeats+reviews``): the trafilatura mode the page's kind chose, then
#: at most one pass that replaced that text, then the passes that changed it, in the order they run.
#: Each part is typed once here; the Parquet contract (``schemas.EXTRACTION``) is the pattern built
#: from them, so a new pass is one word added below, not every combination it makes.
#:
#: The mode: ``precision`` / ``balanced`` / ``recall`` (trafilatura's ``favor_precision``, defaults,
#: ``favor_recall``); ``comments``: balanced with forum replies kept.
ExtractionBase = Literal["precision", "balanced", "recall", "comments"]
#: What replaced the mode's text: ``recall``: the recall pass, where the balanced text covered a
#: small part of the page; ``cards``: the page's cards, where the text was much shorter
#: (extract/cards.py); ``main``: the page's one main container, where the extractor found (almost)
#: none; ``noscript``: the page's no-script copy of its main content (extract/noscript.py), much
#: longer; ``wild``: no main container was found and the page's loose blocks were recovered in recall
#: mode (extract/wild.py); ``article``: a whole ``<article>`` trafilatura's rescue joined into one
#: line, extracted again on its own (extract/joined.py); ``second``: a tiny text replaced by the
#: second extractor's (resiliparse) whole text (extract/second.py).
ExtractionReplacement = Literal["recall", "cards", "main", "noscript", "wild", "article", "second"]
#: What changed the text afterwards, in the order the passes run: ``split``: a line that was one element's whole
#: text joined split into the element's blocks (extract/joined.py ``split_lines``); ``headings``: section headings
#: the extractor dropped between two blocks it kept put back (extract/restore.py); ``related``: a
#: closing list of links to other pages under its own short title left out (extract/related.py);
#: ``second``: the second extractor's blocks between two lines of ours added, on service and forum
#: pages (extract/second.py); ``repeats``: a run of lines a product page renders twice kept once
#: (extract/repeats.py); ``reviews``: a product page's lines found inside a lone review's text cut
#: (extract/reviews.py); ``intro``: the prose beside a collection's or listing's title, outside the
#: region the extractor took, put before the text (extract/intro.py); ``posts``: a forum thread's posts the extractor
#: skipped after the ones it took, put back in the thread's order (extract/thread.py).
ExtractionPass = Literal["split", "headings", "related", "second", "repeats", "reviews", "intro", "posts"]
#: What the entity pass did with a document (enrich/core.py): ``ok`` statistical NER + gazetteer +
#: linking (English, French); ``gazetteer_only`` (no NER model for the language: German, Spanish);
#: ``disabled`` (entities = false); ``skipped_empty``; ``skipped_too_long``; ``skipped_no_model``
#: (a language with neither model nor gazetteer), stored as ``skipped_no_model:<language>``
#: (:func:`entities_status_value`). ``pending`` only before the enrich stage, never stored.
EntitiesStatus = Literal["pending", "ok", "gazetteer_only", "disabled", "skipped_empty", "skipped_too_long", "skipped_no_model"]

MODES: tuple[Mode, ...] = get_args(Mode)
INPUT_FORMATS: tuple[InputFormat, ...] = get_args(InputFormat)
GRANULARITIES: tuple[Granularity, ...] = get_args(Granularity)
MENTION_GRANULARITIES: tuple[MentionGranularity, ...] = get_args(MentionGranularity)
DATE_KINDS: tuple[DateKind, ...] = get_args(DateKind)
STAGES: tuple[Stage, ...] = get_args(Stage)
REMOVING_STAGES: tuple[RemovingStage, ...] = get_args(RemovingStage)
RUN_STATUSES: tuple[RunStatus, ...] = get_args(RunStatus)
PAGE_TYPES: tuple[PageType, ...] = get_args(PageType)
EXTRACTION_BASES: tuple[ExtractionBase, ...] = get_args(ExtractionBase)
EXTRACTION_REPLACEMENTS: tuple[ExtractionReplacement, ...] = get_args(ExtractionReplacement)
EXTRACTION_PASSES: tuple[ExtractionPass, ...] = get_args(ExtractionPass)
ENTITIES_STATUSES: tuple[EntitiesStatus, ...] = get_args(EntitiesStatus)
#: the status stored with the document's language after a colon
STATUS_WITH_LANGUAGE: EntitiesStatus = "skipped_no_model"


def entities_status_value(status: EntitiesStatus, language: str | None) -> str:
    """The contract's form of a status: ``skipped_no_model:<language>`` (``und`` when the
    language is undetermined) names the language that has no model; the others as they are."""
    return f"{status}:{language or 'und'}" if status == STATUS_WITH_LANGUAGE else status

_V = TypeVar("_V", bound=str)


def checked(value: str, allowed: tuple[_V, ...]) -> _V:
    """``value`` as one of ``allowed`` (a tuple above), where a plain string from a parser
    becomes a field's value; raises ``ValueError`` for anything else."""
    if value not in allowed:
        raise ValueError(f"{value!r} is not one of {', '.join(allowed)}")
    return value  # narrowed to _V by the membership test


def extraction_parts(value: str) -> tuple[ExtractionBase, ExtractionReplacement | None, tuple[ExtractionPass, ...]]:
    """An ``extraction`` value read back into its parts (mode, replacement or ``None``, passes in the
    order they ran); raises ``ValueError`` for a value the pipeline cannot write."""
    head, *passes = value.split("+")
    base, _, replacement = head.partition(">")
    order = [EXTRACTION_PASSES.index(checked(p, EXTRACTION_PASSES)) for p in passes]
    if order != sorted(set(order)):
        raise ValueError(f"{value!r}: the passes must run once each, in the order {', '.join(EXTRACTION_PASSES)}")
    return (checked(base, EXTRACTION_BASES), checked(replacement, EXTRACTION_REPLACEMENTS) if replacement else None,
            tuple(EXTRACTION_PASSES[i] for i in order))


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
    fmt: InputFormat
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
    stage: RemovingStage = "clean"


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
    granularity: MentionGranularity | None  # None when unresolved
    start: int  # offsets into ``Document.text``
    end: int
    kind: DateKind = "absolute"


def iso_at_granularity(date: dt.date | None, granularity: MentionGranularity | None) -> str | None:
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
    input_format: InputFormat
    content_hash: str
    # --- read ---------------------------------------------------------------------------
    raw: str | None = None  # decoded input (HTML or text); released by extract (publication-date evidence is gathered there)
    raw_is_html: bool = False
    encoding: str | None = None
    size_bytes: int = 0
    # --- extract -----------------------------------------------------------------------
    mode: Mode = "text"  # "html": cleaner sees extractor output; "text": raw lines
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
    published_granularity: Granularity | None = None
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
    entities_status: EntitiesStatus = "pending"  # stored as entities_status_value(status, language)
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
    stage: Stage
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
