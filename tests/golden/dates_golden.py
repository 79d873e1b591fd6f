"""Loader and scorer of the hand-written date sentences in ``tests/golden/dates/`` (see its
README): used by ``test_dates_intl.py`` (floors) and ``bench/dates_intl.py`` (figures)."""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

DIR = Path(__file__).with_name("dates")
ANCHOR_DAY = dt.date(2022, 11, 5)


@dataclass(frozen=True)
class Gold:
    text: str
    mentions: tuple[tuple[str, str | None], ...]  # (surface, value or None)


def load(language: str) -> list[Gold]:
    out = []
    for line in (DIR / f"{language}.txt").read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        text, _, right = line.partition(" || ")
        if not _:
            text, right = line.removesuffix(" ||").removesuffix("||").strip(), ""
        mentions = []
        for item in filter(None, (x.strip() for x in right.split(";"))):
            surface, _, value = item.rpartition("=")
            assert surface and surface in text, (language, line)
            mentions.append((surface, None if value == "?" else value))
        out.append(Gold(text.strip(), tuple(mentions)))
    return out


#: a system: sentence -> [(start, end, value)]
System = Callable[[str], list[tuple[int, int, str | None]]]
Match = Callable[[str | None, str | None], bool]


def exact(pred: str | None, gold: str | None) -> bool:
    return pred == gold


@dataclass
class Score:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0


def score(cases: list[Gold], system: System, match: Match = exact, errors: list[str] | None = None) -> Score:
    """A predicted mention is right when its span overlaps a gold mention's and the values match."""
    s = Score()
    for case in cases:
        gold = []
        for surface, value in case.mentions:
            i = case.text.find(surface)
            gold.append((i, i + len(surface), value))
        used: set[int] = set()
        for ps, pe, pv in system(case.text):
            hit = next((k for k, (gs, ge, gv) in enumerate(gold) if k not in used and ps < ge and gs < pe and match(pv, gv)), None)
            if hit is None:
                s.fp += 1
                if errors is not None:
                    errors.append(f"FP {case.text[ps:pe]!r}={pv} in {case.text!r}")
            else:
                used.add(hit)
                s.tp += 1
        for k, (gs, ge, gv) in enumerate(gold):
            if k not in used:
                s.fn += 1
                if errors is not None:
                    errors.append(f"FN {case.text[gs:ge]!r}={gv} in {case.text!r}")
    return s
