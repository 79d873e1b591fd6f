"""Entities on the hand-written golden paragraphs (tests/golden/entities/): French with the real
French model, German and Spanish gazetteer-only, English with the real English model. Floors
below the measured figures (bench/entities_golden.py prints them)."""
from __future__ import annotations

import sys

import pytest

from tests.conftest import REPO

sys.path.insert(0, str(REPO / "bench"))
from entities_golden import LABELS, run  # noqa: E402

# (language, entities_status, floor on precision over PERSON/ORG/GPE, floor on recall)
FLOORS = [("en", "ok", 0.95, 0.95), ("fr", "ok", 0.90, 0.90), ("de", "gazetteer_only", 0.95, 0.85),
          ("es", "gazetteer_only", 0.90, 0.75)]


@pytest.mark.parametrize("language, status, p_floor, r_floor", FLOORS)
def test_entities_per_language(language: str, status: str, p_floor: float, r_floor: float) -> None:
    c = run(language)
    assert {k.split(":", 2)[2] for k in c if k.startswith("status:")} == {status}
    tp = sum(c[lab][0] for lab in LABELS)
    fp = sum(c[lab][1] for lab in LABELS)
    fn = sum(c[lab][2] for lab in LABELS)
    assert tp / (tp + fp) >= p_floor and tp / (tp + fn) >= r_floor, (language, tp, fp, fn)


def test_french_people_orgs_and_places_are_all_found() -> None:
    c = run("fr")
    for lab in LABELS:
        tp, fp, fn = c[lab]
        assert tp / (tp + fn) >= 0.85, (lab, c[lab])
