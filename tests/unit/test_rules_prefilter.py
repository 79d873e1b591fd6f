"""The literal prefilter of the rule matcher never changes a decision: ``RuleSet.match`` gives
the same rule as trying every pattern, on the rules' own examples, on every line of the dev
set, on case/Unicode look-alikes, and on random text."""
from __future__ import annotations

import gzip
import json
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cleanseeds.clean import load_rules
from cleanseeds.clean.rules import FOLD_TO_ASCII, PROSE_SAMPLE, RuleSet, fold, normalize, required_literals
from cleanseeds.config import Settings
from tests.conftest import DEV_DIR

RULES = load_rules(Settings())


def brute_force(rules: RuleSet, norm: str):
    """The first rule in file order whose pattern fires (no prefilter, no ordering tricks)."""
    if not norm:
        return None
    for r in rules.rules:
        if len(norm) <= r.max_chars and r.compiled().search(norm) is not None:
            return r
    return None


def _same(line: str) -> None:
    norm = normalize(line)
    want, got = brute_force(RULES, norm), RULES.match(norm)
    assert (got.id if got else None) == (want.id if want else None), line


def test_prefilter_is_active_for_most_rules() -> None:
    with_lits = [r.id for r in RULES.rules if required_literals(r.pattern) is not None]
    assert len(with_lits) >= 0.8 * len(RULES.rules)


def test_required_literals_of_simple_patterns() -> None:
    assert required_literals(r"^(foo|bar)\s+baz$") == ("baz",)  # the longest shortest literal wins
    assert set(required_literals(r"\b(read|see) more\b") or ()) == {" more"}
    assert required_literals(r"^(foo|)$") is None  # an empty branch: nothing is required
    assert required_literals(r"^\d+$") is None
    assert required_literals(r"(ab)+c?") == ("ab",)
    assert required_literals(r"(ab)*c?") is None
    assert set(required_literals(r"^(share|share this|tweet)$") or ()) == {"share", "tweet"}  # superstrings dropped


def test_examples_and_prose() -> None:
    for r in RULES.rules:
        for ex in r.drop + r.keep:
            _same(ex)
            _same(ex.upper())
            _same(ex.title())
    for s in PROSE_SAMPLE:
        _same(s)


@pytest.mark.parametrize("line", [
    "SHARE THIS", "ſhare this", "Advertiſement", "ADVERTİSEMENT", "advertısement", "\u212aommentare",
    "Kommentare", "İmages", "© 2024 Reuters", "Getty Images / AFP", "Read more »", "Home › News › World",
])
def test_case_and_unicode_lookalikes(line: str) -> None:
    _same(line)


def test_fold_table_matches_re_ignorecase() -> None:
    """Every non-ASCII character that re.IGNORECASE equates with an ASCII letter is folded."""
    import _sre
    from re._casefix import _EXTRA_CASES

    want = {}
    for cp in range(128, 0x110000):
        lo = _sre.unicode_tolower(cp)
        if lo < 128:
            want[cp] = chr(lo)
        else:
            for k in _EXTRA_CASES.get(lo, ()):
                if k < 128:
                    want[cp] = chr(k)
    assert {k: v for k, v in FOLD_TO_ASCII.items()} == want
    for cp, letter in want.items():
        assert re.fullmatch(letter, chr(cp), re.IGNORECASE)
        assert fold(chr(cp)) == letter


def test_every_dev_line() -> None:
    with gzip.open(DEV_DIR / "dirty_text.jsonl.gz", "rt", encoding="utf-8") as fh:
        pages = [json.loads(line) for line in fh if line.strip()]
    n = 0
    for p in pages[::3]:
        for line in p["lines"]:
            _same(line)
            n += 1
    assert n > 5000


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["share", "ſ", "İ", "ad", " ", "©", "2024", "reuters", "home", "›", "x", "read", "more",
                                 "cookies", "Ã", "newsletter", "K", "by", "Von", "Jane", "Doe", "|", "photo", ":", "\u200b"]),
                max_size=12).map("".join))
def test_random_token_soup(line: str) -> None:
    _same(line)
