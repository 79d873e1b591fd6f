"""The context rules' thresholds, shipped as data in ``clean/context.toml``.

:func:`context_thresholds` reads and checks the file once (every key present, the right
type, no unknown key); :mod:`cleanseeds.clean.context` takes its constants from it and
:func:`cleanseeds.clean.rules.build_ruleset` hashes it into the rules version.
"""
from __future__ import annotations

import tomllib
from collections.abc import Mapping
from functools import lru_cache
from importlib import resources
from types import MappingProxyType

from cleanseeds.errors import RuleError

#: Every threshold and its type (an integer is a count, a float a score or share).
THRESHOLD_TYPES: Mapping[str, type] = MappingProxyType({
    "good_min_words": int, "good_min_stopwords": float, "short_max_words": int, "head_min_caps": float,
    "cjk_chars_per_word": float,
    "head_score": float, "medium_no_punct_score": float, "short_score": float, "junk_score": float,
    "junk_max_counted": int, "isolated_good_factor": float, "segment_min_share": float,
    "link_list_max": int, "html_link_list_max": int, "comment_min_headers": int, "hard_end_min_share": float,
    "html_end_min_share": float, "inner_max_short_run": int,
    "menu_max_lines": int, "table_min_figures": float, "code_min_share": float, "list_min_items": float,
    "column_min": int, "column_max_period": int,
    "resume_within": int,
    "thread_min_markers": int, "thread_min_kinds": int, "thread_post_min_score": float,
})


def parse_thresholds(text: str, source: str = "context.toml") -> dict[str, int | float]:
    """The thresholds of one file (its sections are only for reading); raises
    :class:`cleanseeds.errors.RuleError` for a missing, unknown or mistyped key."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise RuleError(f"{source}: invalid TOML: {exc}") from exc
    flat: dict[str, object] = {}
    for section, table in data.items():
        if not isinstance(table, dict):
            raise RuleError(f"{source}: {section!r} must be a [section] of thresholds")
        flat.update(table)
    unknown, missing = set(flat) - set(THRESHOLD_TYPES), set(THRESHOLD_TYPES) - set(flat)
    if unknown or missing:
        raise RuleError(f"{source}: unknown thresholds {sorted(unknown)}, missing {sorted(missing)}")
    out: dict[str, int | float] = {}
    for key, kind in THRESHOLD_TYPES.items():
        value = flat[key]
        if isinstance(value, bool) or not isinstance(value, (int, float)) or (kind is int and not isinstance(value, int)):
            raise RuleError(f"{source}: threshold {key!r} must be {'an integer' if kind is int else 'a number'}, not {value!r}")
        out[key] = int(value) if kind is int else float(value)
    return out


def shipped_thresholds_text() -> str:
    return resources.files("cleanseeds.clean").joinpath("context.toml").read_text(encoding="utf-8")


@lru_cache(maxsize=1)
def context_thresholds() -> Mapping[str, int | float]:
    """The shipped thresholds (read once per process)."""
    return MappingProxyType(parse_thresholds(shipped_thresholds_text()))


def threshold_int(key: str) -> int:
    value = context_thresholds()[key]
    assert isinstance(value, int)
    return value


def threshold_float(key: str) -> float:
    return float(context_thresholds()[key])
