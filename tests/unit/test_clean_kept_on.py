"""A rule's ``kept_on``: the page kinds on which it does not fire (clean/rules.py, clean/engine.py).
other.timestamp is kept on forum pages: a date alone on a line there is a post's date, which a
thread's truth keeps; a machine stamp still goes (other.relative_time)."""
from __future__ import annotations

import pytest

from cleanseeds.clean import decide, load_rules
from cleanseeds.clean.rules import parse_rules_toml
from cleanseeds.config import Settings
from cleanseeds.errors import RuleError

RULES = load_rules(Settings())

THREAD = "\n".join([
    "How do I reset the fan curve after the update?",
    "Nov 19, 2019 8:03 am",
    "The fan spins up every few minutes since the firmware update, even when the board is idle.",
    "2016-08-10 20:28:41 +00:00",
    "Nov 20, 2019 9:12 am",
    "Set the first threshold five degrees higher in the config file and reboot the board.",
])


def _kept(page_type: str) -> list[str]:
    return [d.text for d in decide(THREAD, "html", RULES, page_type=page_type) if d.kept]


def test_a_posts_date_stays_on_a_forum_page_but_not_on_an_article() -> None:
    forum = _kept("forum")
    assert "Nov 19, 2019 8:03 am" in forum and "Nov 20, 2019 9:12 am" in forum
    assert "2016-08-10 20:28:41 +00:00" not in forum  # a machine stamp: the next rule (relative time) takes it
    article = _kept("article")
    assert "Nov 19, 2019 8:03 am" not in article and "2016-08-10 20:28:41 +00:00" not in article
    removed = {d.text: d.rule for d in decide(THREAD, "html", RULES, page_type="forum") if not d.kept}
    assert removed == {"2016-08-10 20:28:41 +00:00": "other.relative_time"}


def test_kept_on_names_page_kinds() -> None:
    rule = 'category = "other_boilerplate"\n[[rule]]\nid = "x.y"\npattern = "^zzz$"\nwhy = "test"\ndrop = ["zzz"]\n'
    rules, _ = parse_rules_toml(rule + 'kept_on = ["forum", "listing"]\n', "test")
    assert rules[0].kept_on == frozenset({"forum", "listing"})
    with pytest.raises(RuleError, match="kept_on"):
        parse_rules_toml(rule + 'kept_on = ["forums"]\n', "test")
