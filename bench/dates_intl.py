"""German, French and Spanish date mentions: cleanseeds' patterns vs dateparser 1.5's
``search_dates``, precision/recall and speed on the hand-written sentences of
``tests/golden/dates/`` (anchor 2022-11-05).

    .venv/bin/python bench/dates_intl.py            # table
    .venv/bin/python bench/dates_intl.py --errors   # + every miss and false hit of cleanseeds

Scoring (tests/golden/dates_golden.py): a predicted mention is right when its span overlaps
a gold mention's and its value matches. cleanseeds must give the exact ISO value at its
granularity. dateparser returns a datetime without a granularity, so it is scored leniently:
right when its date falls inside the gold period (the day, ISO week, month or year).
Speed: sentences per second over the whole set, best of 3 passes, after a warm-up.
"""
from __future__ import annotations

import argparse
import datetime as dt
import sys
import time
import warnings
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))
sys.path.insert(0, str(REPO))

from cleanseeds.enrich.dates import Anchor, find_dates  # noqa: E402
from tests.golden.dates_golden import ANCHOR_DAY, Gold, load, score  # noqa: E402

LANGS = ("de", "fr", "es")


def ours(language: str) -> Any:
    anchor = Anchor(ANCHOR_DAY, "day")
    return lambda text: [(m.start, m.end, m.value) for m in find_dates(text, anchor, language=language)]


def dateparser_system(language: str) -> Any:
    from dateparser.search import search_dates

    settings = {"RELATIVE_BASE": dt.datetime(ANCHOR_DAY.year, ANCHOR_DAY.month, ANCHOR_DAY.day), "PREFER_DATES_FROM": "past"}

    def run(text: str) -> list[tuple[int, int, str | None]]:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            found = search_dates(text, languages=[language], settings=settings) or []
        out, pos = [], 0
        for surface, value in found:
            i = text.find(surface, pos)
            if i < 0:
                i = text.find(surface)
            pos = max(pos, i + len(surface))
            out.append((i, i + len(surface), value.date().isoformat()))
        return out
    return run


def lenient(pred: str | None, gold: str | None) -> bool:
    if pred is None or gold is None:
        return pred == gold
    d = dt.date.fromisoformat(pred)
    if "-W" in gold:
        y, w = gold.split("-W")
        return tuple(d.isocalendar()[:2]) == (int(y), int(w))
    return pred.startswith(gold)


def timed(cases: list[Gold], system: Any) -> float:
    for c in cases[:5]:
        system(c.text)
    best = float("inf")
    for _ in range(3):
        t0 = time.perf_counter()
        for c in cases:
            system(c.text)
        best = min(best, time.perf_counter() - t0)
    return len(cases) / best


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--errors", action="store_true")
    args = ap.parse_args()
    print(f"{'lang':<5}{'sentences':>10}{'mentions':>9}   {'cleanseeds P':>12}{'R':>7}{'sent/s':>10}   {'dateparser P':>12}{'R':>7}{'sent/s':>9}")
    for lang in LANGS:
        cases = load(lang)
        n_gold = sum(len(c.mentions) for c in cases)
        errs: list[str] = []
        a = score(cases, ours(lang), errors=errs)
        b = score(cases, dateparser_system(lang), match=lenient)
        print(f"{lang:<5}{len(cases):>10}{n_gold:>9}   {a.precision:>12.3f}{a.recall:>7.3f}{timed(cases, ours(lang)):>10,.0f}   "
              f"{b.precision:>12.3f}{b.recall:>7.3f}{timed(cases, dateparser_system(lang)):>9,.0f}")
        if args.errors:
            for e in errs:
                print("   ", e)


if __name__ == "__main__":
    main()
