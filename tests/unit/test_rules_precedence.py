"""When a line fits several categories, the more specific reason wins."""
from __future__ import annotations

import pytest

from cleanseeds.clean import load_rules
from cleanseeds.clean.rules import CATEGORY_PRECEDENCE
from cleanseeds.config import Settings
from cleanseeds.reasons import EXTRACTION_ONLY_REASONS, LineReason


@pytest.mark.parametrize(
    "line,reason",
    [
        ("Share this article: Facebook | X | WhatsApp | Email", "social"),
        ("Artikel teilen: Facebook | X | E-Mail", "social"),
        ("Click here to follow us on Instagram for more ocean stories.", "social"),
        ("Home | Local | Business | Sport | Opinion", "navigation"),
    ],
)
def test_specific_category_beats_broad_shape(line: str, reason: str) -> None:
    hit = load_rules(Settings()).match(line.lower())
    assert hit is not None and hit.reason == reason


def test_precedence_lists_every_rule_category_once() -> None:
    cats = set(LineReason) - {LineReason.SITE_TEMPLATE} - EXTRACTION_ONLY_REASONS
    assert sorted(CATEGORY_PRECEDENCE) == sorted(c.value for c in cats)
    assert CATEGORY_PRECEDENCE[-2:] == ("navigation", "other_boilerplate")
