"""Rules as data: every shipped rule's keep/drop examples, the degenerate-rule guard, and
user rules layered over the shipped ones."""
from __future__ import annotations

import pickle

import pytest

from cleanseeds.clean import load_rules
from cleanseeds.clean.rules import Rule, build_ruleset, check_rule, normalize, parse_rules_toml, shipped_rule_files
from cleanseeds.config import Settings
from cleanseeds.errors import RuleError
from cleanseeds.reasons import EXTRACTION_ONLY_REASONS, LineReason

RULES = load_rules(Settings())
CASES = [(r.id, ex, True) for r in RULES.rules for ex in r.drop] + [(r.id, ex, False) for r in RULES.rules for ex in r.keep]


@pytest.mark.parametrize(("rule_id", "example", "drops"), CASES, ids=[f"{c[0]}:{'drop' if c[2] else 'keep'}:{c[1][:30]}" for c in CASES])
def test_rule_examples(rule_id: str, example: str, drops: bool) -> None:
    rule = RULES.by_id(rule_id)
    assert rule is not None
    assert rule.matches(example) is drops
    if drops:  # the whole rule set removes it too (possibly by an earlier rule)
        assert RULES.match(normalize(example)) is not None


def test_every_rule_has_why_and_examples() -> None:
    for r in RULES.rules:
        assert r.why and "\n" not in r.why, r.id
        assert r.drop, r.id
        assert r.keep, r.id


def test_every_category_has_rules_in_its_own_file() -> None:
    names = {name for name, _ in shipped_rule_files()}
    cats = RULES.categories()
    for reason in LineReason:
        if reason is LineReason.SITE_TEMPLATE or reason in EXTRACTION_ONLY_REASONS:
            continue  # learned, not written / given by the extractor's ledger, not by a rule
        assert f"{reason.value}.toml" in names
        assert cats.get(reason.value), reason


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("Alle Rechte vorbehalten.", "copyright"),
        ("Tous droits réservés", "copyright"),
        ("Todos los derechos reservados.", "copyright"),
        ("© 2024 Example Media Group. All rights reserved.", "copyright"),
        ("Jetzt spenden", "donation"),
        ("Support independent journalism: donate today.", "donation"),
        ("Abonnez-vous à notre newsletter", "newsletter"),
        ("Sign up for our daily newsletter.", "newsletter"),
        ("Share this article on Facebook", "social"),
        ("We use cookies to improve your experience on our site.", "cookie"),
        ("Skip to content", "navigation"),
        ("Subscribe to continue reading.", "paywall"),
        ("Photo: Jane Doe / Getty Images", "caption_credit"),
        ("Leave a comment", "comment_prompt"),
        ("4 min read", "other_boilerplate"),
        ("300x250 Ad", "advertisement"),
    ],
)
def test_issue_examples_get_their_category(line: str, reason: str) -> None:
    rule = RULES.match(normalize(line))
    assert rule is not None and rule.reason == reason


@pytest.mark.parametrize(
    "line",
    [
        "Turkey's stance has risks",
        "Turkey has deepened economic and political ties with Moscow while keeping defense and trade links with Kyiv",
        "The foundation made a donation of $2 million to the hospital, its director said.",
        "Der Verein sammelte Spenden für das neue Dach der Kirche.",
        "Home prices rose 4% in October.",
    ],
)
def test_prose_is_not_matched(line: str) -> None:
    assert RULES.match(normalize(line)) is None


def _rule(pattern: str, **kw: object) -> Rule:
    base = dict(id="user.x", reason="other_boilerplate", pattern=pattern, why="test", drop=("zzz junk zzz",))
    base.update(kw)
    return Rule(**base)  # type: ignore[arg-type]


@pytest.mark.parametrize("pattern", ["", "^", ".*", r"\s*", "(a)?"])
def test_guard_refuses_patterns_matching_the_empty_string(pattern: str) -> None:
    with pytest.raises(RuleError, match="degenerate"):
        check_rule(_rule(pattern))


@pytest.mark.parametrize("pattern", [r"\w+", r"\b(the|der|le|el|la)\b", "[aeiou]", r"\."])
def test_guard_refuses_patterns_matching_most_prose(pattern: str) -> None:
    with pytest.raises(RuleError, match="prose"):
        check_rule(_rule(pattern, drop=("the end.",)))


def test_guard_checks_examples_and_syntax() -> None:
    with pytest.raises(RuleError, match="drop example"):
        check_rule(_rule("^never$", drop=("something else",)))
    with pytest.raises(RuleError, match="keep example"):
        check_rule(_rule("^zzz", keep=("zzz is kept",), drop=("zzz junk zzz",)))
    with pytest.raises(RuleError, match="invalid pattern"):
        check_rule(_rule("(unclosed"))
    with pytest.raises(RuleError, match="named groups"):
        check_rule(_rule("(?P<x>zzz)"))


def test_bad_rule_files_are_refused() -> None:
    with pytest.raises(RuleError, match="unknown reason"):
        parse_rules_toml('[[rule]]\nid="a"\nreason="nope"\npattern="x"\nwhy="y"\ndrop=["x"]\n', "t.toml")
    with pytest.raises(RuleError, match="invalid TOML"):
        parse_rules_toml("[[rule]\n", "t.toml")
    with pytest.raises(RuleError, match="unknown key"):
        parse_rules_toml('[[rule]]\nid="a"\nreason="copyright"\npattern="x"\nwhy="y"\ndrop=["x"]\ncolour="red"\n', "t.toml")


def test_user_rules_file_adds_overrides_and_disables(tmp_path) -> None:
    f = tmp_path / "my_rules.toml"
    f.write_text(
        'category = "advertisement"\n'
        "[[rule]]\nid = \"user.promo\"\npattern = '^promo code \\w+$'\nwhy = \"Promo codes are ads.\"\n"
        'drop = ["Promo code SAVE10"]\nkeep = ["The promo code scandal grew."]\n'
        '[[rule]]\nid = "ad.slot_size"\ndisabled = true\n',
        encoding="utf-8",
    )
    rs = load_rules(Settings(rules_file=str(f)))
    assert rs.by_id("ad.slot_size") is None
    hit = rs.match("Promo code SAVE10")
    assert hit is not None and hit.id == "user.promo" and hit.reason == "advertisement"
    assert rs.version != RULES.version
    bad = tmp_path / "bad.toml"
    bad.write_text('[[rule]]\nid="u"\nreason="navigation"\npattern=".*"\nwhy="all"\ndrop=["x"]\n', encoding="utf-8")
    with pytest.raises(RuleError):
        load_rules(Settings(rules_file=str(bad)))


def test_version_is_stable_and_tracks_rules() -> None:
    assert build_ruleset().version == RULES.version
    assert len(RULES.version) == 12
    extra = ("x.toml", '[[rule]]\nid="u.x"\nreason="navigation"\npattern="^zzz$"\nwhy="t"\ndrop=["zzz"]\n')
    assert build_ruleset([extra]).version != RULES.version


def test_ruleset_pickles() -> None:
    rs = pickle.loads(pickle.dumps(RULES))
    assert rs.version == RULES.version
    assert rs.match("300x250 Ad") is not None and rs.match("300x250 Ad").id == "ad.slot_size"  # type: ignore[union-attr]
