"""Field values defined once (issue 14): the Literal types in cleanseeds.records are what the
records are typed with, and the Parquet contracts and the stage list derive from them."""
from __future__ import annotations

import re
import typing
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cleanseeds import reasons, records, schemas
from cleanseeds.records import DateMention, Document, InputRef, Rejected, RemovedLine


def _isin(model: type, column: str) -> set[str]:
    checks = model.to_schema().columns[column].checks  # type: ignore[attr-defined]
    (isin,) = [c for c in checks if c.name == "isin"]
    return set(isin.statistics["allowed_values"])


def test_the_contracts_allow_exactly_the_typed_values() -> None:
    assert _isin(schemas.DocumentsModel, "mode") == set(records.MODES) == {"text", "html"}
    assert _isin(schemas.DocumentsModel, "input_format") == set(records.INPUT_FORMATS)
    assert _isin(schemas.DocumentsModel, "published_granularity") == set(records.GRANULARITIES) == {"day", "month", "year"}
    assert _isin(schemas.RemovedLinesModel, "stage") == set(records.REMOVING_STAGES) <= set(records.STAGES)
    assert _isin(schemas.QuarantineModel, "stage") == set(records.STAGES) and reasons.STAGES is records.STAGES
    assert _isin(schemas.RunsModel, "status") == set(records.RUN_STATUSES)
    assert schemas.DATE_GRANULARITIES == set(records.MENTION_GRANULARITIES) == set(records.GRANULARITIES) | {"week"}
    assert schemas.DATE_KINDS == set(records.DATE_KINDS)


@pytest.mark.parametrize(("cls", "field", "values"), [
    (Document, "mode", records.MODES), (Document, "input_format", records.INPUT_FORMATS), (InputRef, "fmt", records.INPUT_FORMATS),
    (Document, "published_granularity", records.GRANULARITIES), (DateMention, "granularity", records.MENTION_GRANULARITIES),
    (DateMention, "kind", records.DATE_KINDS), (Rejected, "stage", records.STAGES), (RemovedLine, "stage", records.REMOVING_STAGES),
    (Document, "entities_status", records.ENTITIES_STATUSES),
])
def test_record_fields_are_typed_with_them(cls: type, field: str, values: tuple[str, ...]) -> None:
    hint = typing.get_type_hints(cls)[field]
    literal = next(a for a in (typing.get_args(hint) or (hint,)) if typing.get_origin(a) is typing.Literal) if typing.get_origin(hint) is not typing.Literal else hint
    assert typing.get_args(literal) == values


def test_checked_refuses_what_the_type_does_not_allow() -> None:
    assert records.checked("week", records.MENTION_GRANULARITIES) == "week"
    with pytest.raises(ValueError, match="'week' is not one of day, month, year"):
        records.checked("week", records.GRANULARITIES)


def test_page_types_are_the_models_classes() -> None:
    """The contract's page kinds are the shipped model's classes plus ``other``."""
    from cleanseeds.extract import pagetype

    assert _isin(schemas.DocumentsModel, "page_type") == set(records.PAGE_TYPES)
    assert set(pagetype.load_model()["classes"]) | {"other"} == set(records.PAGE_TYPES)


def test_the_extraction_parts_are_what_extract_names() -> None:
    """Every replacement and pass an extraction module appends to the strategy (``f"{strategy}>cards"``,
    ``f"{strategy}+headings"``) is a typed part, and every typed part is appended somewhere: a new
    pass is typed once in records, and the contract's pattern follows."""
    from cleanseeds.extract import html

    source = "\n".join(p.read_text(encoding="utf-8") for p in Path(html.__file__).parent.glob("*.py"))
    appended = set(re.findall(r'\}([>+][a-z]+)"', source)) - {"+ftfy"}  # (+ftfy: the encoding column's)
    assert {m[1:] for m in appended if m[0] == ">"} == set(records.EXTRACTION_REPLACEMENTS)
    assert {m[1:] for m in appended if m[0] == "+"} == set(records.EXTRACTION_PASSES)
    assert set(html.STRATEGIES) | set(html.STRATEGY_BY_TYPE.values()) <= set(records.EXTRACTION_BASES)


_PART = st.sampled_from(["", ">", "+", *records.EXTRACTION_BASES, *records.EXTRACTION_REPLACEMENTS, *records.EXTRACTION_PASSES,
                         "favor_precision", "Balanced"])


@given(st.lists(_PART, max_size=8).map("".join))
def test_the_contract_accepts_exactly_what_reads_back(value: str) -> None:
    """The pattern the Parquet contract checks and :func:`records.extraction_parts` agree on every
    string built of the parts (out of order, repeated, unknown, empty)."""
    try:
        base, replacement, passes = records.extraction_parts(value)
    except ValueError:
        assert re.fullmatch(schemas.EXTRACTION, value) is None
    else:
        assert re.fullmatch(schemas.EXTRACTION, value) is not None
        assert value == base + (f">{replacement}" if replacement else "") + "".join(f"+{p}" for p in passes)


@pytest.mark.parametrize(("value", "parts"), [
    ("balanced", ("balanced", None, ())),
    ("comments>cards+second", ("comments", "cards", ("second",))),
    ("balanced>wild+headings+repeats+reviews", ("balanced", "wild", ("headings", "repeats", "reviews"))),
])
def test_an_extraction_reads_back_into_its_parts(value: str, parts: tuple[object, ...]) -> None:
    assert records.extraction_parts(value) == parts


@pytest.mark.parametrize(("value", "why"), [
    ("balanced+intro+headings", "in the order split, headings, related"), ("balanced+headings+headings", "once each"),
    ("favor_precision", "not one of precision"), ("balanced>cards>recall", "'cards>recall' is not one of"),
    ("balanced+", "'' is not one of split, headings"), ("", "'' is not one of precision"),
])
def test_an_extraction_the_pipeline_cannot_write_is_refused(value: str, why: str) -> None:
    with pytest.raises(ValueError, match=re.escape(why)):
        records.extraction_parts(value)


def test_the_entities_status_contract_is_the_typed_statuses() -> None:
    """Every status a record can end the enrich stage with, in its stored form, passes the
    contract; ``pending``, a bare ``skipped_no_model`` and statuses nobody sets do not (the
    contract's former pattern accepted any ``skipped_<word>[:<detail>]``)."""
    import polars as pl

    stored = [records.entities_status_value(s, "it") for s in records.ENTITIES_STATUSES if s != "pending"]
    assert "skipped_no_model:it" in stored and len(stored) == len(records.ENTITIES_STATUSES) - 1
    good = [*stored, "skipped_no_model:und"]
    bad = ["pending", "skipped_no_model", "skipped_for_fun", "skipped_empty:it", "ok:en", "skipped_no_model:Italian", "OK"]
    ok = pl.Series([*good, *bad]).str.contains(schemas.ENTITIES_STATUS).to_list()
    assert ok == [True] * len(good) + [False] * len(bad)
