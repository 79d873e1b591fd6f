"""Datelines: the place (and sometimes the date) that opens a wire or newspaper story.

    ISTANBUL — Turkey is pushing ...                      -> "ISTANBUL"
    WASHINGTON (AP) — The Senate ...                      -> "WASHINGTON"
    SAN FRANCISCO, Calif. — ...                           -> "SAN FRANCISCO, Calif."
    KYIV, Ukraine, Nov 5 (Reuters) - ...                  -> "KYIV, Ukraine" (date "Nov 5")
    LONDON, 5 November 2022 -- ...                        -> "LONDON" (date "5 November 2022")

The place must be in capitals (the newspaper convention) or, in Title Case, be followed by a
news agency in parentheses; it is followed by a dash. A Title Case name and a dash alone
("Erdogan — who ...") is a sentence, not a dateline. Only the first few paragraphs are
looked at, since a title or a byline may come before it.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from cleanseeds.enrich.dates import MONTH

_CAPS_WORD = r"[A-ZÀ-Ý][A-ZÀ-Ý.'’-]+"
_TITLE_WORD = r"[A-ZÀ-Ý][a-zà-ÿ.'’-]+"
_REGION = r"(?:,\s+(?P<region>[A-Z][A-Za-z.'’-]+(?:\s+[A-Z][A-Za-z.'’-]+){0,2}))?"
_DATE = rf"(?:,\s+(?P<date>(?:{MONTH})\s+\d{{1,2}}(?:,\s+\d{{4}})?|\d{{1,2}}\s+(?:{MONTH})(?:\s+\d{{4}})?))?"
_AGENCY = r"(?:\s*\((?P<agency>[A-Z][\w&.' -]{1,30})\))?"
_DASH = r"\s*(?:—|–|--|-)\s+(?=[A-Z0-9\"“‘'À-Ý])"  # a sentence starts after the dash
_CAPS_LINE = re.compile(rf"^(?P<place>{_CAPS_WORD}(?:\s+{_CAPS_WORD}){{0,3}}){_REGION}{_DATE}{_AGENCY}{_DASH}")
_TITLE_LINE = re.compile(rf"^(?P<place>{_TITLE_WORD}(?:\s+{_TITLE_WORD}){{0,2}}){_REGION}{_DATE}\s*\((?P<agency>[A-Z][\w&.' -]{{1,30}})\){_DASH}")
MAX_PARAGRAPHS = 3


@dataclass(frozen=True, slots=True)
class Dateline:
    place: str  # "ISTANBUL", "SAN FRANCISCO, Calif."
    date_text: str | None  # "Nov 5" when the dateline carries a date
    start: int  # offsets of the place in the document text
    end: int


def find_dateline(text: str) -> Dateline | None:
    offset = 0
    for n, para in enumerate(text.split("\n", MAX_PARAGRAPHS)):
        if n >= MAX_PARAGRAPHS:
            break
        m = _CAPS_LINE.match(para) or _TITLE_LINE.match(para)
        if m and _plausible(m["place"]):
            place = m["place"] + (f", {m['region']}" if m["region"] else "")
            return Dateline(place=place, date_text=m["date"], start=offset, end=offset + len(place))
        offset += len(para) + 1
    return None


def _plausible(place: str) -> bool:
    letters = [c for c in place if c.isalpha()]
    # at least 3 letters; not an acronym-only opener like "UPDATE" or "BREAKING"
    return len(letters) >= 3 and place.upper() not in _NOT_PLACES


_NOT_PLACES = frozenset({
    "UPDATE", "UPDATED", "BREAKING", "BREAKING NEWS", "EXCLUSIVE", "ANALYSIS", "OPINION",
    "EDITORIAL", "COMMENTARY", "REVIEW", "WATCH", "LISTEN", "VIDEO", "PHOTOS", "LIVE",
    "CORRECTION", "EDITOR'S NOTE", "NOTE", "FILE", "ADVERTISEMENT", "SPONSORED", "FACT CHECK",
})
