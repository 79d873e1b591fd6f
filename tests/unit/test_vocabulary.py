"""Field values defined once (issue 14): the Literal types in cleanseeds.records are what the
records are typed with, and the Parquet contracts and the stage list derive from them."""
from __future__ import annotations

import typing

import pytest

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


def test_page_types_and_extractions_are_what_extract_produces() -> None:
    """The contract's page kinds are the shipped model's classes plus ``other``; its extraction
    values are exactly the strategies and second passes extract/html.py can name."""
    from cleanseeds.extract import html, intro, joined, pagetype, related, repeats, restore, reviews, second, wild

    assert _isin(schemas.DocumentsModel, "page_type") == set(records.PAGE_TYPES)
    assert set(pagetype.load_model()["classes"]) | {"other"} == set(records.PAGE_TYPES)
    produced = set(html.STRATEGIES) | set(html.STRATEGY_BY_TYPE.values())
    produced |= {f"{html.STRATEGY_BY_TYPE[k]}>recall" for k in html.RECALL_FALLBACK_TYPES}
    produced |= {f"{html.STRATEGY_BY_TYPE[k]}>cards" for k in html.CARDS_TYPES}
    produced |= {f"{strategy}>main" for strategy in html.STRATEGY_BY_TYPE.values()}  # the rescue runs on every kind
    produced |= {f"{strategy}>noscript" for strategy in html.STRATEGY_BY_TYPE.values()}  # so does the no-script pass
    produced |= {f"{html.STRATEGY_BY_TYPE[k]}>wild" for k in wild.WILD_RECALL_TYPES}
    produced |= {f"{html.STRATEGY_BY_TYPE[k]}>article" for k in joined.JOINED_TYPES}
    for k in restore.RESTORE_TYPES:  # headings put back after any pass that can run on the kind
        base = html.STRATEGY_BY_TYPE[k]
        passes = {base, f"{base}>main"} | ({f"{base}>recall"} if k in html.RECALL_FALLBACK_TYPES else set())
        passes |= {f"{base}>wild"} if k in wild.WILD_RECALL_TYPES else set()
        passes |= {f"{base}>article"} if k in joined.JOINED_TYPES else set()
        produced |= {f"{s}+headings" for s in passes | ({f"{base}>cards"} if k in html.CARDS_TYPES else set())}
    for k in related.RELATED_TYPES:  # a closing related box left out after any pass that can run on the kind
        base = html.STRATEGY_BY_TYPE[k]
        passes = {base, f"{base}>main"} | ({f"{base}>wild"} if k in wild.WILD_RECALL_TYPES else set())
        passes |= {f"{base}>article"} if k in joined.JOINED_TYPES else set()
        passes |= {f"{s}+headings" for s in passes} if k in restore.RESTORE_TYPES else set()
        produced |= {f"{s}+related" for s in passes}
    produced |= {f"{strategy}>second" for strategy in html.STRATEGY_BY_TYPE.values()}  # the tiny-text rescue: every kind
    for k in second.SECOND_TYPES:  # the second extractor's blocks added after any pass that can run on the kind
        base = html.STRATEGY_BY_TYPE[k]
        passes = {base, f"{base}>main", f"{base}>noscript"} | ({f"{base}>recall"} if k in html.RECALL_FALLBACK_TYPES else set())
        passes |= {f"{base}>cards"} if k in html.CARDS_TYPES else set()
        passes |= {f"{base}>wild"} if k in wild.WILD_RECALL_TYPES else set()
        passes |= {f"{base}>article"} if k in joined.JOINED_TYPES else set()
        passes |= {f"{s}+headings" for s in passes if not s.endswith(">noscript")} if k in restore.RESTORE_TYPES else set()
        produced |= {f"{s}+second" for s in passes}
    for k in repeats.REPEAT_TYPES:  # a product page's repeated runs of lines cut after any pass that can run on the kind
        base = html.STRATEGY_BY_TYPE[k]
        assert k not in html.CARDS_TYPES | related.RELATED_TYPES | second.SECOND_TYPES
        assert k not in joined.JOINED_TYPES | html.RECALL_FALLBACK_TYPES  # (else their passes go in below)
        passes = {base, f"{base}>main", f"{base}>noscript", f"{base}>second"} | ({f"{base}>wild"} if k in wild.WILD_RECALL_TYPES else set())
        if k in restore.RESTORE_TYPES:  # (headings go back before the no-script copy and the tiny-text rescue replace the text)
            passes |= {f"{s}+headings" for s in passes if not s.endswith((">noscript", ">second"))}
        produced |= {f"{s}+repeats" for s in passes}
    for k in reviews.REVIEW_TYPES:  # a lone review's lines cut after the repeats cut (or none), on the same passes
        assert k in repeats.REPEAT_TYPES and k not in intro.INTRO_TYPES  # (else their passes go in here)
        produced |= {f"{s}+reviews" for s in produced if s.startswith(html.STRATEGY_BY_TYPE[k]) and s.endswith("+repeats")}
        produced |= {f"{s.removesuffix('+repeats')}+reviews" for s in produced if s.endswith("+repeats")}
    for k in intro.INTRO_TYPES:  # a category's or listing's intro put back last, after any pass that can run on the kind
        base = html.STRATEGY_BY_TYPE[k]
        assert k not in related.RELATED_TYPES | second.SECOND_TYPES | repeats.REPEAT_TYPES  # (else their suffixes go in below)
        passes = {base, f"{base}>main"} | ({f"{base}>recall"} if k in html.RECALL_FALLBACK_TYPES else set())
        passes |= {f"{base}>cards"} if k in html.CARDS_TYPES else set()
        passes |= {f"{base}>wild"} if k in wild.WILD_RECALL_TYPES else set()
        passes |= {f"{base}>article"} if k in joined.JOINED_TYPES else set()
        passes |= {f"{s}+headings" for s in passes} if restore.wanted(k, True) else set()
        produced |= {f"{s}+intro" for s in passes | {f"{base}>noscript", f"{base}>second"}}
    assert _isin(schemas.DocumentsModel, "extraction") == produced == set(records.EXTRACTIONS)


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
