"""Every table's contract, in one module.

Each output table has one strict, typed pandera model (polars backend) below. Everything
else about a table is *derived* from its model, so the pieces cannot drift apart:

* the Arrow schema the loader writes (:func:`arrow_schema`, and the module constants
  :data:`DOCUMENTS`, :data:`REMOVED_LINES`, :data:`QUARANTINE`, :data:`RUNS`), with each
  column's description in the Arrow field metadata and the schema version in the file
  metadata;
* the ``README.md`` written into every output directory (:func:`dataset_readme`).

Why the polars backend: the batch arrives as Arrow tables; ``polars.from_arrow`` is
zero-copy, while converting the nested ``entities``/``dates`` columns to pandas builds one
Python object per element. Checks on nested columns are polars expressions
(``list.eval``) over the whole batch, never Python loops over rows. ``bench/bench_validate.py``
prints the numbers.

Bump :data:`SCHEMA_VERSION` whenever a column is added, removed or changes meaning.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Annotated, Any

import pandera.polars as pa
import polars as pl
import pyarrow
from pandera.polars import PolarsData

from cleanseeds import records
from cleanseeds.reasons import LINE_REASONS, QUARANTINE_REASONS, STAGES

SCHEMA_VERSION = "2"  # 2: documents.kept_line_nos, dup_of, near_dup_cluster, near_dup_similarity
PARTITION = "ingest_date"  # hive partition column (``ingest_date=YYYY-MM-DD``) of every table

# --- allowed values --------------------------------------------------------------------------

ENTITY_LABELS: frozenset[str] = frozenset({
    # the OntoNotes 5 label set used by spaCy's English pipelines
    "PERSON", "NORP", "FAC", "ORG", "GPE", "LOC", "PRODUCT", "EVENT", "WORK_OF_ART", "LAW",
    "LANGUAGE", "DATE", "TIME", "PERCENT", "MONEY", "QUANTITY", "ORDINAL", "CARDINAL",
    "MISC",  # the French model's other names (WikiNER MISC: nationalities, events, works)
})
# the values of record fields: defined once, in cleanseeds.records
GRANULARITIES: frozenset[str] = frozenset(records.GRANULARITIES)
DATE_GRANULARITIES: frozenset[str] = frozenset(records.MENTION_GRANULARITIES)  # mentioned dates: "last week" -> ISO week "2022-W44"
DATE_KINDS: frozenset[str] = frozenset(records.DATE_KINDS)
INPUT_FORMATS: frozenset[str] = frozenset(records.INPUT_FORMATS)
MODES: frozenset[str] = frozenset(records.MODES)
PAGE_TYPES: frozenset[str] = frozenset(records.PAGE_TYPES)
#: the stages that remove lines: the extractor (visible blocks of an HTML page it left out) and the cleaner
REMOVING_STAGES: frozenset[str] = frozenset(records.REMOVING_STAGES)
RUN_STATUSES: frozenset[str] = frozenset(records.RUN_STATUSES)
# ISO 639-1: every two-letter language code (184 codes, incl. the withdrawn "bh").
ISO_639_1: frozenset[str] = frozenset("""
aa ab ae af ak am an ar as av ay az ba be bg bh bi bm bn bo br bs ca ce ch co cr cs cu cv cy
da de dv dz ee el en eo es et eu fa ff fi fj fo fr fy ga gd gl gn gu gv ha he hi ho hr ht hu
hy hz ia id ie ig ii ik io is it iu ja jv ka kg ki kj kk kl km kn ko kr ks ku kv kw ky la lb
lg li ln lo lt lu lv mg mh mi mk ml mn mr ms mt my na nb nd ne ng nl nn no nr nv ny oc oj om
or os pa pi pl ps pt qu rm rn ro ru rw sa sc sd se sg si sk sl sm sn so sq sr ss st su sv sw
ta te tg th ti tk tl tn to tr ts tt tw ty ug uk ur uz ve vi vo wa wo xh yi yo za zh zu
""".split())
FUTURE_TOLERANCE = dt.timedelta(days=1)  # a page dated "tomorrow" in its own time zone is fine
EARLIEST_DATE = dt.date(1800, 1, 1)  # the one date floor: publication dates and mentioned years before it are errors
HEX32 = r"^[0-9a-f]{32}$"
#: documents.extraction: ``<mode>[><replacement>][+<pass>...]``, the passes in the order they run
#: (records.ExtractionBase, ExtractionReplacement, ExtractionPass; records.extraction_parts reads it back)
EXTRACTION = (
    "^(" + "|".join(records.EXTRACTION_BASES) + ")"
    + "(>(" + "|".join(records.EXTRACTION_REPLACEMENTS) + "))?"
    + "".join(f"(\\+{p})?" for p in records.EXTRACTION_PASSES) + "$"
)
#: the stored entities_status values (records.EntitiesStatus; never "pending" at load; the
#: no-model status with the ISO 639-1 language, or "und")
ENTITIES_STATUS = (
    "^(" + "|".join(s for s in records.ENTITIES_STATUSES if s not in ("pending", records.STATUS_WITH_LANGUAGE)) + ")$"
    + f"|^{records.STATUS_WITH_LANGUAGE}:(und|[a-z]{{2}})$"
)

# --- nested types ------------------------------------------------------------------------------

ENTITY_T = pl.Struct({"text": pl.String, "label": pl.String, "start": pl.Int32, "end": pl.Int32, "canonical": pl.String})
DATE_T = pl.Struct({"text": pl.String, "value": pl.String, "granularity": pl.String, "start": pl.Int32, "end": pl.Int32, "kind": pl.String})
LABEL_COUNT_T = pl.Struct({"label": pl.String, "count": pl.Int32})
KEY_COUNT_T = pl.Struct({"key": pl.String, "count": pl.Int64})
KEY_SECONDS_T = pl.Struct({"key": pl.String, "seconds": pl.Float64})
UTC_TS = Annotated[pl.Datetime, "us", "UTC"]


# --- vectorised check expressions (whole batch, nested columns via list.eval) ------------------


def _spans_inside(col: str) -> pl.Expr:
    """Every span of list column ``col`` satisfies 0 <= start < end <= len(text)."""
    el = pl.element().struct
    ordered = pl.col(col).list.eval((el.field("start") >= 0) & (el.field("start") < el.field("end"))).list.all()
    max_end = pl.col(col).list.eval(el.field("end")).list.max().fill_null(0)
    return (ordered.fill_null(True) & (max_end <= pl.col("text").str.len_chars())).fill_null(False)


def _spans_match(lf: pl.LazyFrame, col: str) -> pl.LazyFrame:
    """``text[start:end] == span.text`` for every span of ``col`` (one boolean per row)."""
    span = pl.col(col).struct
    start = span.field("start").fill_null(0).clip(lower_bound=0)
    length = (span.field("end").fill_null(0) - start).clip(lower_bound=0)
    spans = (
        lf.select("text", col).with_row_index("_row")
        .explode(col)
        .select(
            "_row",
            (pl.col(col).is_null() | (pl.col("text").str.slice(start, length) == span.field("text")).fill_null(False)).alias("ok"),
        )
        .group_by("_row").agg(pl.col("ok").all())
    )
    return lf.with_row_index("_row").join(spans, on="_row", how="left", maintain_order="left").select(pl.col("ok").fill_null(True))


def _iso_at_granularity() -> pl.Expr:
    """Per date mention: ``value`` is ISO 8601 that parses at its ``granularity`` (or both null)."""
    el = pl.element().struct
    v, g = el.field("value"), el.field("granularity")
    day = (g == "day") & (v.str.len_chars() == 10) & v.str.to_date("%Y-%m-%d", strict=False).is_not_null()
    month = (g == "month") & (v.str.len_chars() == 7) & (v + "-01").str.to_date("%Y-%m-%d", strict=False).is_not_null()
    year = (g == "year") & v.str.contains(r"^\d{4}$")
    week = (g == "week") & v.str.contains(r"^\d{4}-W(0[1-9]|[1-4]\d|5[0-3])$")
    return (v.is_null() & g.is_null()) | (day | month | year | week).fill_null(False)


def _not_after_ingest(col: str) -> pl.Expr:
    limit = pl.col("ingested_at").dt.date() + pl.duration(days=FUTURE_TOLERANCE.days)
    return pl.col(col).is_null() | (pl.col(col) <= limit).fill_null(False)


# --- the models --------------------------------------------------------------------------------


class DocumentsModel(pa.DataFrameModel):
    """One row per accepted source document: its latest version (a changed document replaces its
    old row). Cleaned text plus metadata, publication date, mentioned dates and named entities."""

    doc_id: str = pa.Field(
        unique=True, str_matches=HEX32,
        description="stable id: hash of source and raw content (32 hex chars); a changed document gets a new doc_id",
    )
    source: str = pa.Field(
        unique=True, str_length={"min_value": 1},
        description="input path, plus '#N' for the Nth record of a multi-document file; unique: one current row per source",
    )
    input_path: str = pa.Field(str_length={"min_value": 1}, description="the input file this document was read from")
    input_format: str = pa.Field(isin=sorted(INPUT_FORMATS), description=" | ".join(records.INPUT_FORMATS))
    url: str = pa.Field(nullable=True, description="URL of the page (HTML metadata or JSON field), null when unknown")
    title: str = pa.Field(nullable=True, description="title/headline, null when unknown")
    author: str = pa.Field(nullable=True, description="author(s) from the page metadata")
    sitename: str = pa.Field(nullable=True, description="site name from the page metadata")
    page_type: str = pa.Field(
        nullable=True, isin=sorted(PAGE_TYPES),
        description="HTML: the page's kind (" + " | ".join(sorted(PAGE_TYPES)) + "), from its JSON-LD/Open Graph types, URL and DOM; null for text inputs",
    )
    extraction: str = pa.Field(
        nullable=True, str_matches=EXTRACTION,
        description="HTML: what produced the text before cleaning, <mode>[><replacement>][+<pass>...] (e.g. "
        "comments>cards+second): the trafilatura mode page_type chose (" + " | ".join(records.EXTRACTION_BASES)
        + "), the pass that replaced its text (" + " | ".join(records.EXTRACTION_REPLACEMENTS) + "), the passes that "
        "changed it, in the order they run (" + " | ".join(records.EXTRACTION_PASSES) + "); null for text inputs",
    )
    text: str = pa.Field(description="cleaned text: kept lines joined by newlines (never empty); entity and date offsets index this string in characters")
    kept_line_nos: Annotated[pl.List, pl.Int32] = pa.Field(
        nullable=True,
        description="1-based line number in the cleaner's input of each line of `text` (line i of text is input line kept_line_nos[i]); "
        "with removed_lines it gives every non-blank input line in order, kept or removed; null in rows written before the column existed",
    )
    published: pl.Date = pa.Field(
        nullable=True, description="publication date; null when unknown; never before 1800 nor after the ingest day (+1 day for time zones)"
    )
    published_granularity: str = pa.Field(
        nullable=True,
        isin=sorted(GRANULARITIES),
        description="precision of `published`: day | month | year (a month or year date is stored as its first day; see `published_iso`)",
    )
    published_iso: str = pa.Field(
        nullable=True,
        description="`published` written at its granularity: '2022' (year), '2022-02' (month), '2022-02-14' (day); "
        "group by this, not by `published`, which reads a year-only date as 1 January",
    )
    published_source: str = pa.Field(
        nullable=True,
        description="where `published` came from (the best-ranked source that names the chosen day): json:date, html:json-ld, "
        "html:meta, html:time, html:trafilatura, html:htmldate, url, html:byline, text:dateline, text:published-line, text:copyright",
    )
    published_runner_up: pl.Date = pa.Field(
        nullable=True,
        description="when the publication-date candidates disagree: the day of the best other group of candidates "
        "(null when all agree or `published` is not day-precise)",
    )
    published_runner_up_source: str = pa.Field(
        nullable=True, description="the best-ranked source of `published_runner_up` (same names as `published_source`)"
    )
    updated: pl.Date = pa.Field(nullable=True, description="last-modified date from the page metadata, same bounds as `published`")
    language: str = pa.Field(nullable=True, isin=sorted(ISO_639_1), description="ISO 639-1 language code of the text, null when undetermined")
    language_score: float = pa.Field(nullable=True, description="confidence of the language identification")
    dateline: str = pa.Field(nullable=True, description="dateline of a news story ('KYIV, Ukraine —'), null when none")
    entities: Annotated[pl.List, ENTITY_T] = pa.Field(
        description="named entities: list of {text, label, start, end, canonical}; text == text[start:end]; "
        "canonical is the full name a short mention links to"
    )
    entity_counts: Annotated[pl.List, LABEL_COUNT_T] = pa.Field(description="number of entity mentions per label: list of {label, count}")
    entities_status: str = pa.Field(
        str_matches=ENTITIES_STATUS,
        description="ok (statistical NER + gazetteer + linking: English, French) | gazetteer_only (no NER model for the language, "
        "German and Spanish: gazetteer, title-cue names and linking only) | disabled | skipped_empty | skipped_too_long | "
        "skipped_no_model:<language> (e.g. skipped_no_model:it; und: undetermined)",
    )
    dates: Annotated[pl.List, DATE_T] = pa.Field(
        description="dates mentioned in the text: list of {text, value (ISO 8601 at granularity or null), "
        "granularity (day|week|month|year|null; a week is ISO '2022-W44'), start, end, kind (absolute|relative)}"
    )
    encoding: str = pa.Field(nullable=True, description="character encoding the input was decoded with")
    mode: str = pa.Field(isin=sorted(MODES), description="html: the cleaner saw extracted main text; text: the raw input lines")
    content_hash: str = pa.Field(str_matches=HEX32, description="hash of the raw input content")
    dup_of: str = pa.Field(
        nullable=True, str_matches=HEX32,
        description="doc_id of the first-seen document with the same normalised text (case-folded words; punctuation and spacing ignored), "
        "in this or an earlier run; null when this document is that first one (or the duplicate stage is off)",
    )
    near_dup_cluster: str = pa.Field(
        nullable=True, str_matches=HEX32,
        description="near-duplicate cluster: doc_id of the cluster's first document (its own doc_id when it started one); documents whose "
        "estimated Jaccard similarity of word 5-gram shingles to that first document is >= settings.near_dup_threshold share it; "
        "null only when the duplicate stage is off",
    )
    near_dup_similarity: float = pa.Field(
        nullable=True, ge=0.0, le=1.0,
        description="estimated Jaccard similarity (MinHash, 128 permutations) to the cluster's first document; 1.0 for that document itself",
    )
    rules_version: str = pa.Field(
        str_length={"min_value": 1}, description="version of the cleaning rules that produced `text`; a change reprocesses the document"
    )
    fetched_at: UTC_TS = pa.Field(nullable=True, description="when the page was fetched (WARC/JSON metadata), UTC")
    ingested_at: UTC_TS = pa.Field(description="when the run that loaded this row started, UTC")
    run_id: str = pa.Field(str_length={"min_value": 1}, description="id of the run that loaded this row (see runs/)")

    class Config:
        strict = True
        name = "documents"

    @pa.dataframe_check(name="text_not_blank")
    def _text_not_blank(cls, data: PolarsData) -> pl.LazyFrame:
        return data.lazyframe.select(pl.col("text").str.strip_chars().str.len_chars().fill_null(0) > 0)

    @pa.dataframe_check(name="kept_line_nos_match_text")
    def _kept_line_nos(cls, data: PolarsData) -> pl.LazyFrame:
        lines = pl.col("text").str.count_matches("\n", literal=True) + 1
        increasing = pl.col("kept_line_nos").list.eval(pl.element().diff().fill_null(1) > 0).list.all()
        ok = (pl.col("kept_line_nos").list.len() == lines) & increasing & (pl.col("kept_line_nos").list.min() >= 1)
        return data.lazyframe.select(pl.col("kept_line_nos").is_null() | ok.fill_null(False))

    @pa.dataframe_check(name="entity_offsets_inside_text")
    def _entity_offsets(cls, data: PolarsData) -> pl.LazyFrame:
        return data.lazyframe.select(_spans_inside("entities"))

    @pa.dataframe_check(name="entity_text_matches_offsets")
    def _entity_text(cls, data: PolarsData) -> pl.LazyFrame:
        return _spans_match(data.lazyframe, "entities")

    @pa.dataframe_check(name="entity_label_allowed")
    def _entity_labels(cls, data: PolarsData) -> pl.LazyFrame:
        ok = pl.col("entities").list.eval(pl.element().struct.field("label").is_in(sorted(ENTITY_LABELS)).fill_null(False)).list.all()
        return data.lazyframe.select(ok.fill_null(True))

    @pa.dataframe_check(name="entity_counts_match_entities")
    def _entity_counts(cls, data: PolarsData) -> pl.LazyFrame:
        total = pl.col("entity_counts").list.eval(pl.element().struct.field("count")).list.sum().fill_null(0)
        return data.lazyframe.select(total == pl.col("entities").list.len().fill_null(0))

    @pa.dataframe_check(name="date_offsets_inside_text")
    def _date_offsets(cls, data: PolarsData) -> pl.LazyFrame:
        return data.lazyframe.select(_spans_inside("dates"))

    @pa.dataframe_check(name="date_text_matches_offsets")
    def _date_text(cls, data: PolarsData) -> pl.LazyFrame:
        return _spans_match(data.lazyframe, "dates")

    @pa.dataframe_check(name="date_value_iso_at_granularity")
    def _date_values(cls, data: PolarsData) -> pl.LazyFrame:
        return data.lazyframe.select(pl.col("dates").list.eval(_iso_at_granularity()).list.all().fill_null(True))

    @pa.dataframe_check(name="date_kind_allowed")
    def _date_kinds(cls, data: PolarsData) -> pl.LazyFrame:
        ok = pl.col("dates").list.eval(pl.element().struct.field("kind").is_in(sorted(DATE_KINDS)).fill_null(False)).list.all()
        return data.lazyframe.select(ok.fill_null(True))

    @pa.dataframe_check(name="published_not_before_1800")
    def _published_min(cls, data: PolarsData) -> pl.LazyFrame:
        return data.lazyframe.select(pl.col("published").is_null() | (pl.col("published") >= EARLIEST_DATE))

    @pa.dataframe_check(name="published_not_after_ingest")
    def _published_max(cls, data: PolarsData) -> pl.LazyFrame:
        return data.lazyframe.select(_not_after_ingest("published"))

    @pa.dataframe_check(name="updated_within_bounds")
    def _updated(cls, data: PolarsData) -> pl.LazyFrame:
        return data.lazyframe.select((pl.col("updated").is_null() | (pl.col("updated") >= EARLIEST_DATE)) & _not_after_ingest("updated"))

    @pa.dataframe_check(name="published_granularity_iff_published")
    def _granularity(cls, data: PolarsData) -> pl.LazyFrame:
        return data.lazyframe.select(pl.col("published").is_not_null() | pl.col("published_granularity").is_null())

    @pa.dataframe_check(name="published_iso_matches_published")
    def _published_iso(cls, data: PolarsData) -> pl.LazyFrame:
        g = pl.col("published_granularity")
        want = (
            pl.when(g == "year")
            .then(pl.col("published").dt.strftime("%Y"))
            .when(g == "month")
            .then(pl.col("published").dt.strftime("%Y-%m"))
            .otherwise(pl.col("published").dt.strftime("%Y-%m-%d"))
        )
        same = pl.col("published_iso") == want
        return data.lazyframe.select((pl.col("published").is_null() & pl.col("published_iso").is_null()) | same.fill_null(False))

    @pa.dataframe_check(name="published_runner_up_differs")
    def _runner_up(cls, data: PolarsData) -> pl.LazyFrame:
        ru = pl.col("published_runner_up")
        ok = ru.is_null() | ((ru != pl.col("published")).fill_null(False) & pl.col("published_runner_up_source").is_not_null())
        return data.lazyframe.select(ok & _not_after_ingest("published_runner_up"))


class RemovedLinesModel(pa.DataFrameModel):
    """One row per line removed from a document in documents/, with the reason code and the
    rule that fired: lines the cleaner removed (stage ``clean``; kept text + these = the
    cleaner's input) and, for HTML, visible blocks of the page the extractor left out (stage
    ``extract``; with the kept text they account for the page's visible text)."""

    doc_id: str = pa.Field(str_matches=HEX32, description="the document (documents.doc_id) the line was removed from")
    source: str = pa.Field(str_length={"min_value": 1}, description="the document's source (documents.source)")
    line_no: pl.Int32 = pa.Field(ge=1, description="1-based line number in the stage's input (see `stage`)")
    start: pl.Int32 = pa.Field(ge=0, description="character offset of the line in the stage's input (see `stage`)")
    end: pl.Int32 = pa.Field(ge=0, description="end offset (exclusive) of the line in the stage's input (see `stage`)")
    text: str = pa.Field(description="the removed line, verbatim")
    reason: str = pa.Field(isin=sorted(LINE_REASONS), description="why: " + " | ".join(sorted(LINE_REASONS)))
    rule: str = pa.Field(
        str_length={"min_value": 1}, description="id of the rule (or heuristic) that fired; extract rows: extract.<strategy>/<region evidence>"
    )
    stage: str = pa.Field(
        isin=sorted(REMOVING_STAGES),
        description="clean: the cleaner removed the line (offsets index the cleaner's input); extract: a visible block of the HTML page the extractor"
        " left out (line_no = block number, offsets index the page's visible text, one block a line)",
    )
    run_id: str = pa.Field(str_length={"min_value": 1}, description="id of the run that loaded this row")

    class Config:
        strict = True
        name = "removed_lines"

    @pa.dataframe_check(name="line_span_ordered")
    def _span(cls, data: PolarsData) -> pl.LazyFrame:
        return data.lazyframe.select(pl.col("start") <= pl.col("end"))

    @pa.dataframe_check(name="line_unique_per_document")
    def _unique_line(cls, data: PolarsData) -> pl.LazyFrame:
        return data.lazyframe.select(~pl.struct("doc_id", "stage", "line_no").is_duplicated())


class QuarantineModel(pa.DataFrameModel):
    """One row per input or document set aside, with a reason code and detail. For each input
    file, the rows of its latest processing (older rows are replaced when the file is run again)."""

    source: str = pa.Field(
        str_length={"min_value": 1}, description="what was rejected: input path (+ '#N' for a record), or the SOURCE argument that matched nothing"
    )
    input_path: str = pa.Field(nullable=True, description="the input file, when known")
    doc_id: str = pa.Field(nullable=True, str_matches=HEX32, description="documents.doc_id it would have had, when known")
    content_hash: str = pa.Field(nullable=True, str_matches=HEX32, description="hash of the raw content, when known")
    stage: str = pa.Field(isin=list(STAGES), description="stage that rejected it: " + " | ".join(STAGES))
    reason: str = pa.Field(isin=sorted(QUARANTINE_REASONS), description="reason code: " + " | ".join(sorted(QUARANTINE_REASONS)))
    detail: str = pa.Field(description="human-readable detail; for schema_violation the failed check(s)")
    run_id: str = pa.Field(str_length={"min_value": 1}, description="id of the run that rejected it")
    ingested_at: UTC_TS = pa.Field(description="when that run started, UTC")

    class Config:
        strict = True
        name = "quarantine"


class RunsModel(pa.DataFrameModel):
    """One row per run: what went in, what came out, what was removed and why, how long each
    stage took. inputs = accepted + quarantined + skipped for every completed run."""

    run_id: str = pa.Field(unique=True, str_length={"min_value": 1}, description="id of the run (UTC start time + random suffix)")
    output: str = pa.Field(description="output directory as given")
    status: str = pa.Field(isin=sorted(RUN_STATUSES), description="completed | failed")
    started_at: UTC_TS = pa.Field(description="start time, UTC (also the ingested_at of its rows)")
    finished_at: UTC_TS = pa.Field(nullable=True, description="end time, UTC")
    batches: pl.Int64 = pa.Field(ge=0, description="batches processed")
    inputs: pl.Int64 = pa.Field(ge=0, description="input documents seen (records, files, or missing SOURCE arguments)")
    accepted: pl.Int64 = pa.Field(ge=0, description="documents written to documents/")
    quarantined: pl.Int64 = pa.Field(ge=0, description="inputs written to quarantine/")
    skipped: pl.Int64 = pa.Field(ge=0, description="documents skipped: already loaded with the same content and rules version")
    lines_removed: pl.Int64 = pa.Field(ge=0, description="lines removed from accepted documents")
    removed_by_reason: Annotated[pl.List, KEY_COUNT_T] = pa.Field(description="lines removed per reason code: list of {key, count}")
    removed_by_rule: Annotated[pl.List, KEY_COUNT_T] = pa.Field(description="lines removed per rule id: list of {key, count}")
    quarantined_by_reason: Annotated[pl.List, KEY_COUNT_T] = pa.Field(description="inputs quarantined per reason code: list of {key, count}")
    stage_seconds: Annotated[pl.List, KEY_SECONDS_T] = pa.Field(
        description="seconds spent per stage, summed over batches and processes: list of {key, seconds}"
    )
    documents_replaced: pl.Int64 = pa.Field(ge=0, description="older versions of documents replaced by this run's rows")
    duplicates_dropped: pl.Int64 = pa.Field(ge=0, description="rows handed to the loader twice (retries) and written once")
    rules_version: str = pa.Field(description="version of the cleaning rules")
    schema_version: str = pa.Field(description="version of these table contracts")
    error: str = pa.Field(nullable=True, description="for failed runs: the error")
    settings: str = pa.Field(description="the run's settings as JSON")

    class Config:
        strict = True
        name = "runs"

    @pa.dataframe_check(name="inputs_balance")
    def _balance(cls, data: PolarsData) -> pl.LazyFrame:
        balanced = pl.col("inputs") == pl.col("accepted") + pl.col("quarantined") + pl.col("skipped")
        return data.lazyframe.select((pl.col("status") != "completed") | balanced)


# --- derived: Arrow schemas and the dataset README -----------------------------------------------


@dataclass(frozen=True, slots=True)
class TableSpec:
    name: str
    model: type[pa.DataFrameModel]
    key: str  # the column that identifies a row for replacement


TABLES: dict[str, TableSpec] = {
    "documents": TableSpec("documents", DocumentsModel, "source"),
    "removed_lines": TableSpec("removed_lines", RemovedLinesModel, "doc_id"),
    "quarantine": TableSpec("quarantine", QuarantineModel, "source"),
    "runs": TableSpec("runs", RunsModel, "run_id"),
}


def _arrow_type(t: Any) -> pyarrow.DataType:
    """Polars dtype -> Arrow type (plain ``string``, not large/view, for every reader)."""
    if isinstance(t, pl.List):
        return pyarrow.list_(_arrow_type(t.inner))
    if isinstance(t, pl.Struct):
        return pyarrow.struct([pyarrow.field(f.name, _arrow_type(f.dtype)) for f in t.fields])
    if isinstance(t, pl.Datetime):
        return pyarrow.timestamp(t.time_unit, tz=t.time_zone)
    simple = {
        pl.String: pyarrow.string(), pl.Int32: pyarrow.int32(), pl.Int64: pyarrow.int64(), pl.Float64: pyarrow.float64(),
        pl.Boolean: pyarrow.bool_(), pl.Date: pyarrow.date32(),
    }
    for k, v in simple.items():
        if t == k:
            return v
    raise TypeError(f"no Arrow type for polars dtype {t!r}")


def columns(model: type[pa.DataFrameModel]) -> list[tuple[str, Any, bool, str, list[str]]]:
    """``(name, polars dtype, nullable, description, check names)`` per column, in order."""
    schema = model.to_schema()
    out = []
    for name, col in schema.columns.items():
        checks = [c.error or c.name for c in col.checks] + (["unique"] if col.unique else [])
        out.append((name, col.dtype.type, bool(col.nullable), col.description or "", checks))
    return out


def arrow_schema(model: type[pa.DataFrameModel]) -> pyarrow.Schema:
    fields = [
        pyarrow.field(name, _arrow_type(t), nullable=nullable, metadata={"description": desc})
        for name, t, nullable, desc, _ in columns(model)
    ]
    meta = {"cleanseeds.schema_version": SCHEMA_VERSION, "cleanseeds.table": model.Config.name}
    return pyarrow.schema(fields, metadata=meta)


def dataframe_checks(model: type[pa.DataFrameModel]) -> list[str]:
    return [c.name for c in model.to_schema().checks]


DOCUMENTS = arrow_schema(DocumentsModel)
REMOVED_LINES = arrow_schema(RemovedLinesModel)
QUARANTINE = arrow_schema(QuarantineModel)
RUNS = arrow_schema(RunsModel)
ARROW: dict[str, pyarrow.Schema] = {"documents": DOCUMENTS, "removed_lines": REMOVED_LINES, "quarantine": QUARANTINE, "runs": RUNS}


def _type_str(t: Any) -> str:
    return str(_arrow_type(t)).replace("\n", " ")


def dataset_readme() -> str:
    """The ``README.md`` written into every output directory, generated from the models."""
    lines = [
        "# cleanseeds output",
        "",
        f"Schema version {SCHEMA_VERSION}. Generated from `cleanseeds.schemas`; do not edit.",
        "",
        f"Each table is a Parquet dataset (zstd) partitioned by ingest day: `<table>/{PARTITION}=YYYY-MM-DD/part-*.parquet`.",
        "Read it with `pyarrow.dataset.dataset(path, partitioning=\"hive\")`, DuckDB",
        "`read_parquet('<table>/*/*.parquet', hive_partitioning=true)` or polars `scan_parquet(..., hive_partitioning=True)`;",
        f"`{PARTITION}` then appears as a column. `_state/` holds the loader's index and lock: not data.",
        "Every file carries `cleanseeds.schema_version` and `cleanseeds.table` in its metadata.",
        "",
        "Every input is either in `documents/` or in `quarantine/`; `documents/` holds one row per",
        "source (its latest accepted version) and `removed_lines/` only lines of those rows.",
    ]
    for spec in TABLES.values():
        lines += ["", f"## {spec.name}/", "", " ".join((spec.model.__doc__ or "").split()), ""]
        lines += ["| column | type | null | description | checks |", "|---|---|---|---|---|"]
        for name, t, nullable, desc, checks in columns(spec.model):
            chk = ", ".join(f"`{c if len(c) < 50 else c[:47] + '...'}`" for c in checks).replace("|", "\\|")
            desc = desc.replace("|", "\\|")
            lines.append(f"| `{name}` | `{_type_str(t)}` | {'yes' if nullable else 'no'} | {desc} | {chk} |")
        lines.append(f"| `{PARTITION}` | partition (`YYYY-MM-DD`) | no | UTC day of the run that loaded the row | |")
        table_checks = dataframe_checks(spec.model)
        if table_checks:
            lines += ["", "Row checks: " + ", ".join(f"`{c}`" for c in table_checks) + "."]
    return "\n".join(lines) + "\n"
