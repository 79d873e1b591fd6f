"""The clean stage's fast paths give exactly what the plain computation gives: the trie
literal scan finds every literal present, caseless symbols are safe prefilter literals,
the rule memo returns what a fresh match returns, the per-line word cache and the stop list
kept across passes change no decision."""
from __future__ import annotations

import gzip
import json
import pickle
import re

from hypothesis import given, settings
from hypothesis import strategies as st

from cleanseeds.clean import context as ctx
from cleanseeds.clean import load_rules
from cleanseeds.clean.engine import decide
from cleanseeds.clean.rules import (
    CASELESS_LITERALS,
    fold,
    literal_scanner,
    normalize,
    required_literals,
)
from cleanseeds.config import Settings
from tests.conftest import DEV_DIR

RULES = load_rules(Settings())


def _present(scanner: re.Pattern[str], literals: list[str], text: str) -> set[str]:
    """Literals present according to the scan: every literal that is a prefix of a found one."""
    found = set(scanner.findall(text))
    return {lit for lit in literals if any(f.startswith(lit) for f in found)}


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.text(alphabet="ab c", min_size=1, max_size=4), min_size=1, max_size=8, unique=True),
    st.text(alphabet="ab cd", max_size=30),
)
def test_literal_scanner_finds_every_literal_present(literals: list[str], text: str) -> None:
    scanner = literal_scanner(literals)
    assert _present(scanner, literals, text) == {lit for lit in literals if lit in text}


def test_literal_scanner_overlapping_and_special_characters() -> None:
    lits = ["sign up", "up", "p n", "(c)", "a.b", "|", "›"]
    scanner = literal_scanner(lits)
    assert _present(scanner, lits, "please sign up now (c) a.b › x | y") == set(lits)
    assert _present(scanner, lits, "axb c") == set()
    assert literal_scanner([]).findall("anything") == []


def test_caseless_literals_match_only_themselves() -> None:
    """No other character lower-cases (the way re.IGNORECASE compares) to one of them, and
    fold keeps them, so `lit in fold(line)` is exact for them."""
    import _sre
    from re._casefix import _EXTRA_CASES

    targets = {ord(c) for c in CASELESS_LITERALS}
    for cp in range(0x110000):
        lo = _sre.unicode_tolower(cp)
        if lo in targets:
            assert lo == cp, (hex(cp), chr(lo))
    for c in CASELESS_LITERALS:
        assert ord(c) not in _EXTRA_CASES
        assert c.lower() == c == c.upper()
        assert fold(f"A{c}B") == f"a{c}b"
        assert re.fullmatch(re.escape(c), c, re.IGNORECASE)


def test_required_literals_with_classes_and_symbols() -> None:
    assert set(required_literals(r"^\d{2,4}\s*[x×]\s*\d{2,4}$") or ()) == {"x", "×"}
    assert set(required_literals(r"(©|\(c\)|\bcopyright\b)\s*\d{4}") or ()) == {"©", "(c)", "copyright"}
    assert required_literals(r"^[a-z]+$") is None  # a range is not a small set of literals
    assert required_literals(r"^[^x]+$") is None  # nor is a negated class
    assert required_literals(r"^[abcde]x?$") is None  # more than four characters: no prefilter
    assert required_literals(r"^é$") is None  # a cased non-ASCII letter is not looked up
    assert required_literals(r"^([Bb]y|BY|[Vv]on)\s+\w") == ("by", "von")  # [Bb] folds into the run
    # among equally long literals, the ones ordinary prose lacks: "app" rather than "the"
    assert set(required_literals(r"^(the|our) (app|apps)\b") or ()) == {"app"}


def _brute(norm: str):
    if not norm:
        return None
    for r in RULES.rules:
        if len(norm) <= r.max_chars and r.compiled().search(norm) is not None:
            return r
    return None


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["©", "(c)", "2024", "›", "»", "|", ">", "x", "X", "×", "300", "250", " ", "ad",
                                 "Home", "News", "copyright", "Reuters", "Updated", "Jan", "5,", ":", "10:30", "-"]),
                max_size=10).map("".join))
def test_match_on_symbol_soup_equals_brute_force(line: str) -> None:
    norm = normalize(line)
    got, want = RULES.match(norm), _brute(norm)
    assert (got.id if got else None) == (want.id if want else None), line


def test_memo_returns_fresh_results_and_survives_pickle() -> None:
    rules = load_rules(Settings())
    lines = ["Share this", "Home", "The council voted on Tuesday to expand the bus network.", "© 2024 Reuters"]
    first = [rules.match(normalize(x)) for x in lines]
    again = [rules.match(normalize(x)) for x in lines]  # from the memo
    assert [r.id if r else None for r in first] == [r.id if r else None for r in again]
    assert first[0] is not None and first[2] is None
    clone = pickle.loads(pickle.dumps(rules))
    assert [clone.match(normalize(x)) for x in lines] == first
    assert clone == rules  # the memo is not part of equality


def test_memo_is_bounded(monkeypatch) -> None:
    import cleanseeds.clean.rules as rules_mod

    monkeypatch.setattr(rules_mod, "MATCH_MEMO_SIZE", 10)
    rules = load_rules(Settings())
    for n in range(35):
        rules.match(f"line number {n}")
    assert len(rules._memo) <= 10
    assert rules.match("Share this") is not None


def test_pick_stoplist_words_equals_pick_stoplist() -> None:
    lines = [
        "The city council voted on Tuesday to expand the bus network into the suburbs.",
        "Der Stadtrat hat am Dienstag beschlossen, das Busnetz in die Vororte auszubauen.",
        "Prices for wheat rose sharply after the harvest was delayed by heavy rain.",
    ]
    for sub in (lines, lines[1:2], [], ["a b"]):
        want = ctx.pick_stoplist(sub)
        got = ctx.pick_stoplist_words([w.lower() for w in ctx._WORD.findall(x)[:60]] for x in sub)
        assert got is want
        # the definition: the list covering most words, if it covers 8% of them
        words = [w.lower() for x in sub for w in ctx._WORD.findall(x)[:60]]
        best, hits = ctx.NO_STOPWORDS, 0
        for sl in ctx.stoplists().values():
            h = sum(1 for w in words if w in sl)
            if h > hits:
                best, hits = sl, h
        assert want is (best if words and hits >= 0.08 * len(words) else ctx.NO_STOPWORDS)
    assert ctx.pick_stoplist(lines[:1]) is ctx.stoplists()["English"]
    assert ctx.pick_stoplist(lines[1:2]) is ctx.stoplists()["German"]


def test_decide_with_precomputed_norms_is_identical() -> None:
    with gzip.open(DEV_DIR / "dirty_text.jsonl.gz", "rt", encoding="utf-8") as fh:
        pages = [json.loads(line) for line in fh if line.strip()][:25]
    for p in pages:
        text = "\n".join(p["lines"])
        plain = decide(text, "text", RULES, p["lines"][0])
        fast = decide(text, "text", RULES, p["lines"][0], norms=[normalize(x) for x in text.split("\n")])
        assert [(d.line_no, d.kept, d.rule, d.cls) for d in plain] == [(d.line_no, d.kept, d.rule, d.cls) for d in fast]


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=".!?…:;。！？'\"”’»)]aB1 Ⅻ²_İ", max_size=14))
def test_features_end_punct_and_caps_equal_their_definitions(text: str) -> None:
    norm = normalize(text)
    f = ctx.features(norm, ctx.NO_STOPWORDS)
    assert f.end_punct == (ctx._END_PUNCT.search(norm) is not None)
    long_words = [w for w in ctx._WORD.findall(norm) if len(w) >= 4 and w[0].isalpha()]
    want = (sum(1 for w in long_words if w[0].isupper()) / len(long_words)) if long_words else 0.0
    assert f.caps_share == want


_LONG_TOKENS = [
    "We use cookies to improve your experience on our site.", "This document is subject to copyright.",
    "Wir verwenden Cookies.", "Nous utilisons des cookies.", "Anthony Wallace / AFP", "© 2024 Reuters",
    "Reporting by Jane Doe", "sign up for our newsletter", "your donation", "(c)", "Read more", ".",
]


@settings(max_examples=300, deadline=None)
@given(
    st.sampled_from(["", *_LONG_TOKENS]),
    st.integers(min_value=0, max_value=70),
    st.lists(st.sampled_from(_LONG_TOKENS), max_size=3),
)
def test_match_on_long_lines_equals_brute_force(head: str, filler_words: int, tokens: list[str]) -> None:
    """Lines of about 250-560 characters, where only a few long-line rules apply (and their
    literals are looked up one by one rather than scanned for)."""
    base = "The council met on Tuesday and voted to expand the bus network into the suburbs. " * 4
    line = head + " " + base[: 250 + 4 * filler_words] + " ".join(tokens)
    norm = normalize(line)
    got, want = RULES.match(norm), _brute(norm)
    assert (got.id if got else None) == (want.id if want else None), line


def test_long_line_rules_fire() -> None:
    line = normalize("We use cookies to improve your experience on our site. " + "Continue reading below. " * 16)
    assert 400 < len(line) <= 500
    assert RULES.match(line) is not None and RULES.match(line).id == "cookie.consent"


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="ab \t\u00a0\u200b\ufeff\u200c\u200d\u2060é’\n", max_size=16))
def test_normalize_equals_its_definition(line: str) -> None:
    from cleanseeds.clean.rules import _WS_EXTRA

    assert normalize(line) == " ".join(line.translate(_WS_EXTRA).split())
