"""Rules are data all the way down: the roles the context logic reads are declared by the
rules (never rule ids in code), long patterns are guarded phrase lists, the prefilter's
literals come from our own reader of the pattern (no private CPython module), and the
context thresholds are a data file hashed into the rules version."""
from __future__ import annotations

import ast
import dataclasses
import gzip
import itertools
import json
import re
from pathlib import Path

import pytest

import cleanseeds.clean.rules as rules_mod
from cleanseeds.clean import context, engine, load_rules
from cleanseeds.clean.literals import LiteralsError, fold, required_literals
from cleanseeds.clean.rules import ROLES, RuleSet, build_ruleset, join_phrases, shipped_rule_files
from cleanseeds.clean.thresholds import THRESHOLD_TYPES, context_thresholds, parse_thresholds, shipped_thresholds_text
from cleanseeds.config import Settings
from cleanseeds.errors import RuleError
from tests.conftest import DEV_DIR

RULES = load_rules(Settings())
SRC = Path(rules_mod.__file__).resolve().parents[1]


def _dev_texts(n: int) -> list[str]:
    with gzip.open(DEV_DIR / "dirty_text.jsonl.gz", "rt", encoding="utf-8") as fh:
        pages = [json.loads(line) for line in itertools.islice(fh, n)]
    return ["\n".join(p["lines"]) for p in pages]


# --- roles -----------------------------------------------------------------------------------


def test_every_role_the_engine_reads_is_declared_by_a_shipped_rule() -> None:
    assert set(engine.REQUIRED_ROLES) == set(ROLES)
    for role in engine.REQUIRED_ROLES:
        assert RULES.ids_with_role(role), f"no shipped rule declares role = {role!r}"


def test_no_rule_id_is_named_in_the_engine_code() -> None:
    ids = [r.id for r in RULES.rules]
    for module in ("engine.py", "context.py", "templates.py"):
        code = (SRC / "clean" / module).read_text(encoding="utf-8")
        named = [rid for rid in ids if re.search(rf"[\"']{re.escape(rid)}[\"']", code)]
        assert not named, f"{module} names rule ids {named}: give the rules a role instead"


def _decisions(rules: RuleSet, text: str, mode: str) -> list[tuple[int, bool, str | None, str | None, str | None]]:
    return [(d.line_no, d.kept, d.reason, d.rule, d.cls) for d in engine.decide(text, mode, rules, title=None)]


def test_renaming_every_rule_changes_no_decision() -> None:
    renamed = RuleSet(tuple(dataclasses.replace(r, id=f"renamed.{n}") for n, r in enumerate(RULES.rules)), "renamed")
    back = {f"renamed.{n}": r.id for n, r in enumerate(RULES.rules)}
    texts = _dev_texts(60)
    removed_by_role = 0
    for text in texts:
        for mode in ("text", "html"):
            want = _decisions(RULES, text, mode)
            got = [(n, kept, reason, back.get(rule or "", rule), cls) for n, kept, reason, rule, cls in _decisions(renamed, text, mode)]
            assert got == want
            removed_by_role += sum(1 for _, kept, _, rule, _ in want if not kept and rule and rule.startswith("context."))
    assert removed_by_role > 0


def test_the_roles_are_live() -> None:
    """Taking the roles away changes decisions: the test above would catch a lost role."""
    no_roles = RuleSet(tuple(dataclasses.replace(r, role=None) for r in RULES.rules), "no-roles")
    texts = _dev_texts(60)
    changed = sum(
        1 for text in texts for mode in ("text", "html") if _decisions(no_roles, text, mode) != _decisions(RULES, text, mode)
    )
    assert changed >= 3


def test_unknown_role_is_refused() -> None:
    extra = ("x.toml", '[[rule]]\nid="u.x"\nreason="navigation"\nrole="sectoin_header"\npattern="^zzz$"\nwhy="t"\ndrop=["zzz"]\n')
    with pytest.raises(RuleError, match="unknown role 'sectoin_header'"):
        build_ruleset([extra])
    with pytest.raises(KeyError):
        RULES.ids_with_role("nope")


def test_a_user_rule_can_take_over_a_role() -> None:
    extra = (
        "x.toml",
        '[[rule]]\nid="nav.section_header"\ndisabled=true\n\n'
        '[[rule]]\nid="mine.header"\nreason="navigation"\nrole="link_list_header"\npattern="^related$"\nwhy="t"\ndrop=["Related"]\n',
    )
    rs = build_ruleset([extra])
    assert rs.ids_with_role("link_list_header") == {"mine.header"}


# --- phrase lists ------------------------------------------------------------------------------


def _rule_toml(pattern: str, phrases: str) -> tuple[str, str]:
    return ("x.toml", f'[[rule]]\nid="u.p"\nreason="navigation"\npattern=\'{pattern}\'\n{phrases}\nwhy="t"\ndrop=["Most read"]\n')


def test_phrases_are_joined_into_one_group() -> None:
    rs = build_ruleset([_rule_toml(r"^{headers}\W*$", "phrases.headers = ['most read', 'related( stories)?']")])
    rule = rs.by_id("u.p")
    assert rule is not None
    assert rule.pattern == r"^(?:most read|related( stories)?)\W*$"
    assert rule.matches("Related stories:") and not rule.matches("Related research shows")
    # the prefilter's literals are the phrases' own
    assert set(required_literals(rule.pattern) or ()) == {"most read", "related"}


@pytest.mark.parametrize(("pattern", "phrases", "message"), [
    (r"^{a}$", "phrases.a = []", "is empty"),
    (r"^{a}$", "phrases.a = ['most read', '  ']", "empty or non-string"),
    (r"^{a}$", "phrases.a = ['most read', 'most read']", "repeats a phrase"),
    (r"^x{a}$", "phrases.a = ['most read', '(foo)?']", "matches the empty string"),
    (r"^{a}$", "phrases.a = ['most read', 'x|y']", "top-level '|'"),
    (r"^{a}$", "phrases.a = ['most read', 'x)|(y']", "not a regex of its own"),
    (r"^{a}{a}$", "phrases.a = ['most read']", "exactly once"),
    (r"^{a}$", "phrases.a = ['most read']\nphrases.b = ['x']", "exactly once"),
    (r"^{a} {b}$", "phrases.a = ['most read']", "no phrase list 'b'"),
])
def test_phrase_guard(pattern: str, phrases: str, message: str) -> None:
    with pytest.raises(RuleError, match=re.escape(message)):
        build_ruleset([_rule_toml(pattern, phrases)])


def test_join_phrases_refuses_a_non_table() -> None:
    with pytest.raises(RuleError, match="table"):
        join_phrases("^{a}$", ["x"], "u.p")


def test_no_shipped_pattern_is_a_giant_one_liner() -> None:
    """Long patterns are phrase lists: no line of a shipped rules file holds a regex of
    more than 450 characters (the longest were ~1,200)."""
    for name, text in shipped_rule_files():
        for n, line in enumerate(text.splitlines(), 1):
            if line.startswith(("pattern", "    '")):
                assert len(line) <= 450, f"{name}:{n} is {len(line)} characters"
    assert sum(1 for name, text in shipped_rule_files() for line in text.splitlines() if line.startswith("phrases.")) >= 30


# --- prefilter literals -------------------------------------------------------------------------


def test_no_private_regex_module_is_imported() -> None:
    private = {"re._parser", "re._constants", "re._casefix", "sre_parse", "sre_constants", "_sre"}
    for path in SRC.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names = {a.name for a in node.names}
            elif isinstance(node, ast.ImportFrom):
                names = {node.module or ""} | {f"{node.module}.{a.name}" for a in node.names}
            else:
                continue
            assert not names & private, f"{path.name} imports {sorted(names & private)}"


def test_literals_are_in_every_drop_example() -> None:
    """Soundness on the rules' own examples: a line a rule fires on contains one of its literals."""
    for r in RULES.rules:
        lits = required_literals(r.pattern)
        if lits is None:
            continue
        for ex in r.drop:
            assert any(lit in fold(" ".join(ex.split())) for lit in lits), (r.id, ex, lits)


@pytest.mark.parametrize("pattern", [r"^(x)?(?(1)y|z)$", r"\N{BULLET} x", r"^(?x)abc$", "[abc"])
def test_unreadable_syntax_fails_loudly(pattern: str) -> None:
    with pytest.raises(LiteralsError):
        required_literals(pattern)


def test_a_rule_the_prefilter_cannot_read_is_refused_at_load() -> None:
    extra = ("x.toml", '[[rule]]\nid="u.c"\nreason="navigation"\npattern=\'^(z)?(?(1)zz|yy)$\'\nwhy="t"\ndrop=["yy"]\n')
    with pytest.raises(RuleError, match="prefilter"):
        build_ruleset([extra])


@pytest.mark.parametrize(("pattern", "flags", "want"), [
    (r"\bfoo\s+bar", 0, {"foo"}),  # equally long: the one ordinary prose contains least
    (r"(?P<m>jan|feb)\s+\d+", 0, {"jan", "feb"}),
    (r"a{2}bc", 0, {"bc"}),  # a{2} is a repeat of "a"; the longest shortest literal wins
    (r"x{}y", 0, {"x{}y"}),  # "{}" is not a quantifier
    ("foo # comment\n bar", re.VERBOSE, {"foobar"}),  # white space and comments do not count
    (r"[.]com\b", 0, {".com"}),
    (r"\x41pple", 0, {"apple"}),
    (r"(?<![\w.])ago\b", 0, {"ago"}),
    (r"(?i:read) more", 0, {" more"}),
    (r"^(foo|)$", 0, set()),  # an empty branch: nothing is required
])
def test_required_literals_syntax(pattern: str, flags: int, want: set[str]) -> None:
    assert set(required_literals(pattern, flags) or ()) == want
    if want:  # and they are sound: the pattern matches nothing without one of them
        assert all(re.search(pattern, s, flags) is None for s in ("", "xyz 123", "foo bar baz"[:0]))


# --- thresholds in data ------------------------------------------------------------------------


def test_context_constants_come_from_the_data_file() -> None:
    t = context_thresholds()
    assert set(t) == set(THRESHOLD_TYPES)
    for key, value in t.items():
        assert getattr(context, key.upper()) == value
        assert type(value) is THRESHOLD_TYPES[key]


@pytest.mark.parametrize(("edit", "message"), [
    (lambda s: s.replace("good_min_words = 10\n", ""), "missing ['good_min_words']"),
    (lambda s: s + "\n[extra]\nfoo = 1\n", "unknown thresholds ['foo']"),
    (lambda s: s.replace("link_list_max = 20", "link_list_max = 20.5"), "must be an integer"),
    (lambda s: s.replace("junk_score = -2.0", 'junk_score = "high"'), "must be a number"),
    (lambda s: s.replace("[scores]", "[scores"), "invalid TOML"),
])
def test_thresholds_file_is_checked(edit, message: str) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(RuleError, match=re.escape(message)):
        parse_thresholds(edit(shipped_thresholds_text()))


def test_rules_version_hashes_thresholds_and_engine_code(monkeypatch: pytest.MonkeyPatch) -> None:
    base = rules_mod.rules_version(RULES.rules)
    assert base == RULES.version
    changed = dict(context_thresholds()) | {"junk_score": -2.5}
    monkeypatch.setattr(rules_mod, "context_thresholds", lambda: changed)
    assert rules_mod.rules_version(RULES.rules) != base
    monkeypatch.undo()
    monkeypatch.setattr(rules_mod, "engine_fingerprint", lambda: "other code")
    assert rules_mod.rules_version(RULES.rules) != base
    monkeypatch.undo()
    assert rules_mod.rules_version(RULES.rules) == base
    # a role is part of a rule's identity too
    no_role = tuple(dataclasses.replace(r, role=None) for r in RULES.rules)
    assert rules_mod.rules_version(no_role) != base
