"""Dates mentioned in the text: every date expression with its span, normalised to ISO 8601
at the granularity the text gives, relative expressions resolved against the publication date.

Why not ``dateparser.search``: it is built to find *something* in any string, so it reports
"may" (the verb), "100M", "300x250" and times of day as dates. Here each expression has its
own pattern, written so that the traps cannot match:

* month names are case-sensitive ("may" and "march" the verbs never match), and a month
  name standing alone must follow a preposition ("in May", "since March") unless it can
  only be a month ("February"); a capitalised word after it ("April Ryan") vetoes it;
* a bare year must be 1800–2100, stand alone (not inside "300x250", "2,014", "$2014",
  "2014.5", "100M") and follow a cue ("in 2014", "since 1999", "the 2016 election"); a
  following unit ("2000 people", "1999 km") vetoes it;
* numbers with a colon or "a.m."/"p.m." are times of day and have no pattern at all.

Every mention is kept, even when its value cannot be known: "Saturday" in a story whose
publication date is only known to the year has ``value=None``. ``kind`` is ``absolute``
when the text itself fixes the value ("5 November 2022", "February 2022", "in 2014") and
``relative`` when the value depends on the publication date: deictic expressions ("last
week", "yesterday", "Monday", "next year") and dates written without their year
("February", "November 5"), whose year is the publication year.

Granularities: ``day`` (``2022-11-05``), ``week`` (ISO week ``2022-W44``, for "last week"),
``month`` (``2022-02``) and ``year`` (``2014``).
"""
from __future__ import annotations

import bisect
import datetime as dt
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass

from cleanseeds.clean.rules import fold, required_literals
from cleanseeds.records import DATE_KINDS, MENTION_GRANULARITIES, DateMention, checked
from cleanseeds.schemas import EARLIEST_DATE

GRANULARITIES = MENTION_GRANULARITIES  # finest first: day, week, month, year
KINDS = DATE_KINDS
_LEVEL = {"year": 1, "month": 2, "week": 3, "day": 3}
MIN_YEAR, MAX_YEAR = EARLIEST_DATE.year, 2100


@dataclass(frozen=True, slots=True)
class Anchor:
    """What relative expressions resolve against: a date and how much of it is known."""

    date: dt.date
    granularity: str  # day | month | year

    def knows(self, granularity: str) -> bool:
        return _LEVEL[self.granularity] >= _LEVEL[granularity]


# --- vocabulary ------------------------------------------------------------------------------

_MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December"]
MONTH_NUMBER: dict[str, int] = {}
for _i, _m in enumerate(_MONTHS, 1):
    MONTH_NUMBER[_m.lower()] = _i
    MONTH_NUMBER[_m[:3].lower()] = _i
MONTH_NUMBER["sept"] = 9
# Month names that are also everyday words or given names: alone they need a cue.
_AMBIGUOUS_MONTHS = {"march", "april", "may", "june", "july", "august"}

_WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
WEEKDAY_NUMBER = {w.lower(): i for i, w in enumerate(_WEEKDAYS)}
for _w, _i in list(WEEKDAY_NUMBER.items()):
    WEEKDAY_NUMBER[_w[:3]] = _i
WEEKDAY_NUMBER.update({"tues": 1, "thur": 3, "thurs": 3})


def _both_cases(words: list[str]) -> str:
    return "|".join(sorted({w for x in words for w in (x, x.upper())}, key=len, reverse=True))


_MONTH_FULL = _both_cases(_MONTHS)
_MONTH_ABBR = _both_cases(["Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sept", "Sep", "Oct", "Nov", "Dec"])
# A month in a full date: full name, or an abbreviation (optionally with a period).
MONTH = rf"(?:{_MONTH_FULL}|(?:{_MONTH_ABBR})\.?)"
_WEEKDAY_FULL = _both_cases(_WEEKDAYS)
_WEEKDAY_ABBR = _both_cases(["Mon", "Tue", "Tues", "Wed", "Thu", "Thur", "Thurs", "Fri", "Sat", "Sun"])
WEEKDAY_PREFIX = rf"(?:(?P<wd>{_WEEKDAY_FULL}|(?:{_WEEKDAY_ABBR})\.),?\s+)?"
DAY = r"(?P<d>[0-3]?\d)(?:st|nd|rd|th)?"
YEAR = r"(?P<y>1[89]\d\d|20\d\d|2100)"
# After a number that is a date part: no more digits, no decimal/thousands continuation,
# no unit glued on ("2014x", "100M"), no time of day ("5:30").
_NUM_END = r"(?![\w%/:]|[.,]\d)"
_NUM_START = r"(?<![\w$€£¥#/.,:+-])"

# Nouns that make a preceding 4-digit number a count or a measure, not a year.
_UNITS = (
    "people|persons|residents|citizens|voters|votes|troops|soldiers|workers|employees|jobs|"
    "students|children|patients|cases|deaths|dead|victims|refugees|migrants|users|members|"
    "units|homes|houses|cars|pages|words|times|points|games|goals|runs|items|copies|tons|"
    "tonnes|pounds|lbs|kilograms|kg|grams|g|km|kilometers|kilometres|miles|mi|meters|metres|"
    "m|feet|ft|inches|in|mm|cm|acres|hectares|barrels|gallons|liters|litres|calories|dollars|"
    "euros|pounds|yen|rupees|rubles|roubles|yuan|percent|per|mph|kph|degrees|MW|GW|kW|"
    "mg|ml|GB|MB|TB|px|pixels|rpm|hours|minutes|seconds|days|weeks|months|years|square|cubic"
)
_UNIT_AFTER = re.compile(rf"\s*(?:{_UNITS})\b")

# Words after "the <year>" that make it an event year ("the 2016 election").
_EVENT_NOUNS = (
    "election|elections|campaign|primary|primaries|race|vote|referendum|census|budget|season|"
    "games|olympics|championship|tournament|final|finals|world|invasion|war|crisis|crash|"
    "recession|pandemic|outbreak|attack|attacks|coup|revolution|uprising|protests|riots|"
    "earthquake|flood|floods|fire|fires|hurricane|storm|summit|agreement|accord|deal|treaty|"
    "law|act|report|study|survey|model|edition|version|film|movie|album|book|novel|"
    "midterms|midterm|cup|financial|global|annexation|occupation|withdrawal|ceasefire|"
    "cease-fire|talks|negotiations|decision|ruling|order|reform|reforms|plan|strategy|"
    "level|levels|figure|figures|record|high|low|peak|baseline|target|deadline|"
    "fiscal|tax|school|academic|calendar|spring|summer|autumn|fall|winter"
)
_CAPITALISED_NEXT = re.compile(r"\s+(?:[A-Z][a-z]|[A-Z]{2})")
_YEAR_CUE = re.compile(
    r"(?:\b(?:in|In|since|Since|until|Until|till|by|By|from|From|through|during|During|before|"
    r"Before|after|After|of|between|Between|and|to|early|Early|late|Late|mid|around|Around|"
    r"circa|c\.|year|Year|fiscal|Fiscal|FY|spring|summer|autumn|fall|winter|Spring|Summer|"
    r"Autumn|Fall|Winter|back in|as of|As of|as early as|as late as|as recently as|end of|"
    r"start of|beginning of|middle of|turn of|than)\s+|\bmid-|\()$"
)
_MONTH_CUE = re.compile(
    r"(?:\b(?:in|In|since|Since|until|Until|till|by|from|From|through|during|During|before|"
    r"Before|after|After|of|early|Early|late|Late|mid|Mid|last|Last|next|Next|this|This|"
    r"end of|start of|beginning of|middle of|as of|As of|back in|Back in|"
    r"as early as|as late as)\s+|\b(?:mid|Mid)-)$"
)
_RANGE_CUE = re.compile(r"\b(?:and|to|or|through|until)\s+$|[–-]\s*$")
_MONTH_NAME_ONLY = re.compile(rf"\b(?P<m>{_MONTH_FULL})(?:'s)?\b(?!-)")

# "Good Friday", "Black Friday", "Super Tuesday", "Saturday Night Live": not dates.
_WEEKDAY_VETO_BEFORE = re.compile(r"\b(?:Good|Black|Cyber|Super|Ash|Bloody|Easter|Palm|Holy|Maundy|Shrove|Giving|Small Business)\s+$")
_WEEKDAY_VETO_AFTER = re.compile(r"\s+(?:Night|Times|Mail|Telegraph|Express|Mirror|Post|Herald|Club|Morning Post|Independent|Sport)\b")
_FUTURE = re.compile(
    r"\b(?:will|'ll|’ll|shall|won't|going to|(?:is|are|was|were) (?:due|set|expected|scheduled|slated|planning) to|"
    r"plans? to|planned|upcoming|coming|scheduled for|next)\b", re.I)

_NUMBER_WORDS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20,
    "thirty": 30, "fifty": 50, "hundred": 100,
}


# --- candidate patterns ------------------------------------------------------------------------

@dataclass(slots=True)
class _Cand:
    start: int
    end: int
    value: str | None
    granularity: str | None
    kind: str
    priority: int = 0  # higher wins among candidates with the same span length


def _mk_date(y: int, m: int, d: int) -> dt.date | None:
    if not MIN_YEAR <= y <= MAX_YEAR:
        return None
    try:
        return dt.date(y, m, d)
    except ValueError:
        return None


def _month_value(y: int, m: int) -> str:
    return f"{y:04d}-{m:02d}"


def _week_value(d: dt.date) -> str:
    iso = d.isocalendar()
    return f"{iso[0]:04d}-W{iso[1]:02d}"


def _shift_month(y: int, m: int, delta: int) -> tuple[int, int]:
    k = y * 12 + (m - 1) + delta
    return k // 12, k % 12 + 1


def _period_value(anchor: Anchor | None, unit: str, delta: int) -> tuple[str | None, str | None]:
    """Value and granularity of "this/last/next <unit>" (``delta`` 0/-1/1) against the anchor,
    or ``(None, None)`` when the anchor does not know that unit."""
    if anchor is None or not anchor.knows(unit):
        return None, None
    if unit == "year":
        return f"{anchor.date.year + delta:04d}", "year"
    if unit == "month":
        return _month_value(*_shift_month(anchor.date.year, anchor.date.month, delta)), "month"
    return _week_value(anchor.date + dt.timedelta(weeks=delta)), "week"


def _year_for_month(month: int, anchor: Anchor) -> int:
    """The year of a month named without one ("in February"): the anchor's year, or the year
    before when the month is more than three months after a known anchor month (a story of
    January mentioning "December" means the December just past)."""
    if anchor.knows("month") and month > anchor.date.month + 3:
        return anchor.date.year - 1
    return anchor.date.year


_RE_ISO = re.compile(rf"{_NUM_START}(?P<y>1[89]\d\d|20\d\d)-(?P<m>[01]\d)-(?P<d>[0-3]\d)(?![\d-])(?:T[\d:.]+(?:Z|[+-]\d\d:?\d\d)?)?")
_RE_YMD_SLASH = re.compile(rf"{_NUM_START}(?P<y>1[89]\d\d|20\d\d)/(?P<m>[01]?\d)/(?P<d>[0-3]?\d){_NUM_END}")
_RE_NUMERIC = re.compile(rf"{_NUM_START}(?P<a>[0-3]?\d)(?P<sep>[/.])(?P<b>[0-3]?\d)(?P=sep)(?P<y>1[89]\d\d|20\d\d){_NUM_END}")
_RE_MDY = re.compile(rf"\b{WEEKDAY_PREFIX}(?P<m>{MONTH})\s+{DAY},?\s+{YEAR}{_NUM_END}")
_RE_DMY = re.compile(rf"\b{WEEKDAY_PREFIX}(?:the\s+)?{DAY}\s+(?:of\s+)?(?P<m>{MONTH}),?\s+{YEAR}{_NUM_END}")
_RE_MD = re.compile(rf"\b{WEEKDAY_PREFIX}(?P<m>{MONTH})\s+{DAY}{_NUM_END}(?!\s*(?:a\.m\.|p\.m\.|am\b|pm\b))")
_RE_DM = re.compile(rf"(?<![\w.,$]){WEEKDAY_PREFIX}(?:the\s+)?{DAY}\s+(?:of\s+)?(?P<m>{MONTH})\b(?!\s*\d)")
_RE_MY = re.compile(rf"\b(?P<m>{MONTH}),?\s+(?:of\s+)?{YEAR}{_NUM_END}")
_RE_YEAR = re.compile(rf"(?:(?<=[Mm]id-)|{_NUM_START}){YEAR}(?:'s|’s)?{_NUM_END}")
_RE_WEEKDAY = re.compile(rf"\b(?:(?P<mod>[Ll]ast|[Nn]ext|[Tt]his|[Cc]oming|[Tt]his coming)\s+)?(?P<wd>{_WEEKDAY_FULL})(?:'s|’s)?\b(?!s)")
_RE_MONTH_REL = re.compile(rf"\b(?P<mod>[Ll]ast|[Nn]ext|[Tt]his)\s+(?P<m>{_MONTH_FULL})\b")
_RE_DAYWORD = re.compile(r"\b(?P<w>[Tt]oday|[Tt]onight|[Yy]esterday|[Tt]omorrow|[Tt]his (?:morning|afternoon|evening)|[Ll]ast night)\b(?!-)")
_RE_PERIOD = re.compile(r"\b(?:(?P<adv>[Ee]arlier|[Ll]ater|[Ee]arly|[Ll]ate)\s+)?(?P<mod>[Tt]his|[Ll]ast|[Nn]ext)\s+(?P<unit>week|month|year)\b(?!-long|-old)")
# every "... ago" match has white space then "ago" at a word end: most texts have none
_AGO_CUE = re.compile(r"\sago\b")
_RE_AGO = re.compile(
    r"\b(?P<n>\d{1,3}|[Aa]n?|[Oo]ne|[Tt]wo|[Tt]hree|[Ff]our|[Ff]ive|[Ss]ix|[Ss]even|[Ee]ight|[Nn]ine|[Tt]en|[Ee]leven|[Tt]welve"
    r"|[Ff]ifteen|[Tt]wenty|[Tt]hirty|[Ff]ifty|[Aa] few|[Ss]everal|[Ss]ome)\s+(?P<unit>day|week|month|year|decade)s?\s+ago\b"
)


def _ymd(y: int, m: int, d: int) -> tuple[str | None, str | None]:
    date = _mk_date(y, m, d)
    return (date.isoformat(), "day") if date else (None, None)


_GATES: dict[re.Pattern[str], tuple[str, ...] | None] = {}


def _scan(rx: re.Pattern[str], text: str, folded: str) -> Iterator[re.Match[str]]:
    """``rx.finditer(text)``, skipped when ``text`` lacks every literal the pattern needs
    (:func:`cleanseeds.clean.rules.required_literals`; ``folded`` is ``fold(text)``). Used for
    the patterns whose literals are missing from many texts ("ago", weekday names ...)."""
    if rx not in _GATES:
        _GATES[rx] = required_literals(rx.pattern, rx.flags)
    lits = _GATES[rx]
    if lits is not None and not any(lit in folded for lit in lits):
        return iter(())
    return rx.finditer(text)


# --- where a match can start --------------------------------------------------------------------
# Every pattern above begins with a digit run (after a look-behind that excludes a word
# character before it), a month or weekday name, or one of a few cue words ("the", "last",
# "today" ...). Scanning a text once for those starts (two cheap scans that the regex engine
# runs on its first-character fast path) and trying each pattern only there gives exactly the
# matches of ``finditer`` — the leftmost match at or after the end of the previous one — at a
# fraction of the cost of running a dozen patterns over every position of the text.

_NAME_TOKENS = tuple(
    w for alt in (_MONTH_FULL, _MONTH_ABBR, _WEEKDAY_FULL, _WEEKDAY_ABBR) for w in alt.split("|")
)
_WORD_CATEGORIES: dict[str, tuple[str, ...]] = {
    "mod": ("Last", "last", "Next", "next", "This", "this", "Coming", "coming"),
    "adv": ("Earlier", "earlier", "Later", "later", "Early", "early", "Late", "late"),
    "dayword": ("Today", "today", "Tonight", "tonight", "Yesterday", "yesterday", "Tomorrow", "tomorrow"),
}


def _overlap_offsets(tokens: Sequence[str]) -> dict[str, tuple[int, ...]]:
    """For each token, the offsets inside it at which another token's occurrence could start
    (its rest there is a prefix of a token, or starts with one): "AUGUST" -> (5,) for "THU"."""
    out: dict[str, tuple[int, ...]] = {}
    for a in tokens:
        offs = tuple(
            i for i in range(1, len(a)) if any(b.startswith(a[i:]) or a[i:].startswith(b) for b in tokens)
        )
        if offs:
            out[a] = offs
    return out


class _TokenScan:
    """Every position where one of ``tokens`` occurs, with the longest token there."""

    def __init__(self, tokens: Sequence[str]) -> None:
        self.pattern = re.compile("|".join(map(re.escape, sorted(set(tokens), key=len, reverse=True))))
        self.offsets = _overlap_offsets(tokens)

    def find(self, text: str) -> list[tuple[int, str]]:
        # ``finditer`` skips what starts inside a match: look there only where a token can
        out: list[tuple[int, str]] = []
        match = self.pattern.match
        for m in self.pattern.finditer(text):
            tok, p = m.group(), m.start()
            out.append((p, tok))
            for i in self.offsets.get(tok, ()):
                inner = match(text, p + i)
                if inner is not None:
                    out.append((p + i, inner.group()))
        return out


_NAME_SCAN = _TokenScan(_NAME_TOKENS)
_DIGIT_RUN = re.compile(r"\d+")
# a day-month pattern starting at "the" needs a day number after it ("the 5th of May")
_THE_DAY = re.compile(r"the\s+\d")
# cue words are few and short: ``str.find`` per word beats one scan with their alternation
# (whose first letters are among the commonest); a word that extends another of its
# category ("Later" / "Late") starts where that one does
_CUE_WORDS: dict[str, tuple[str, ...]] = {
    c: tuple(t for t in ts if not any(t != u and t.startswith(u) for u in ts)) for c, ts in _WORD_CATEGORIES.items()
}
# the same in lower case, looked up in the folded text when its offsets are the text's: half
# the look-ups, and "LAST" only adds a start where no pattern matches
_CUE_WORDS_FOLDED: dict[str, tuple[str, ...]] = {c: tuple(dict.fromkeys(t.lower() for t in ts)) for c, ts in _CUE_WORDS.items()}


def _find_all(text: str, word: str) -> list[int]:
    out: list[int] = []
    i = text.find(word)
    while i != -1:
        out.append(i)
        i = text.find(word, i + 1)
    return out


#: Switch for tests: ``False`` runs every pattern with plain ``finditer``.
USE_STARTS = True


class _Starts:
    """Sorted start positions of the digit runs, names and cue words of one text."""

    __slots__ = ("digits", "names", "words")

    def __init__(self, text: str, folded: str | None = None) -> None:
        self.digits = [m.start() for m in _DIGIT_RUN.finditer(text)]
        self.names = [p for p, _ in _NAME_SCAN.find(text)]
        # lower-casing maps each character to one (or more): same length, same offsets
        same = folded is not None and len(folded) == len(text)
        src, cues = (folded, _CUE_WORDS_FOLDED) if same and folded is not None else (text, _CUE_WORDS)
        words = {c: sorted([p for w in ws for p in _find_all(src, w)]) for c, ws in cues.items()}
        words["the"] = [m.start() for m in _THE_DAY.finditer(text)]
        self.words = words

    def of(self, *kinds: str) -> list[int]:
        parts = [getattr(self, k) if k in ("digits", "names") else self.words[k] for k in kinds]
        return parts[0] if len(parts) == 1 else sorted(set().union(*parts))


def _iter_at(rx: re.Pattern[str], text: str, starts: _Starts | None, *kinds: str) -> Iterator[re.Match[str]]:
    """``rx.finditer(text)`` for a pattern whose matches start only at ``kinds`` of starts."""
    if starts is None:
        yield from rx.finditer(text)
        return
    pos = 0
    for c in starts.of(*kinds):
        if c >= pos:
            m = rx.match(text, c)
            if m is not None:
                yield m
                pos = m.end() if m.end() > c else c + 1


def _scan_at(rx: re.Pattern[str], text: str, folded: str, starts: _Starts | None, *kinds: str) -> Iterator[re.Match[str]]:
    """:func:`_scan` (the literal gate), then :func:`_iter_at`."""
    if rx not in _GATES:
        _GATES[rx] = required_literals(rx.pattern, rx.flags)
    lits = _GATES[rx]
    if lits is not None and not any(lit in folded for lit in lits):
        return iter(())
    return _iter_at(rx, text, starts, *kinds)


def _iter_full(text: str, day_first: bool, folded: str, st: _Starts | None = None) -> Iterator[_Cand]:
    yield from _iter_numeric(text, day_first, folded, st)
    yield from _iter_named(text, st)


def _iter_numeric(text: str, day_first: bool, folded: str, st: _Starts | None = None) -> Iterator[_Cand]:
    """ISO, year/month/day and day/month/year numeric dates: the same in every language."""
    for rx in (_RE_ISO, _RE_YMD_SLASH):
        for mt in _scan_at(rx, text, folded, st, "digits"):
            v, g = _ymd(int(mt["y"]), int(mt["m"]), int(mt["d"]))
            if v:
                yield _Cand(mt.start(), mt.end(), v, g, "absolute", 3)
    for mt in _iter_at(_RE_NUMERIC, text, st, "digits"):
        a, b, y = int(mt["a"]), int(mt["b"]), int(mt["y"])
        if mt["sep"] == "." and not day_first and a <= 12 and b <= 12:
            day_first_here = True  # dotted numeric dates are day-first nearly everywhere
        else:
            day_first_here = day_first
        if a > 12:
            d, m = a, b
        elif b > 12:
            m, d = a, b
        elif day_first_here:
            d, m = a, b
        else:
            m, d = a, b
        v, g = _ymd(y, m, d)
        if v:
            yield _Cand(mt.start(), mt.end(), v, g, "absolute", 2)


def _iter_named(text: str, st: _Starts | None = None) -> Iterator[_Cand]:
    for rx, kinds in ((_RE_MDY, ("names",)), (_RE_DMY, ("names", "digits", "the"))):
        for mt in _iter_at(rx, text, st, *kinds):
            v, g = _ymd(int(mt["y"]), MONTH_NUMBER[mt["m"].rstrip(".").lower()], int(mt["d"]))
            if v:
                yield _Cand(mt.start(), mt.end(), v, g, "absolute", 3)
    for mt in _iter_at(_RE_MY, text, st, "names"):
        y = int(mt["y"])
        if MIN_YEAR <= y <= MAX_YEAR:
            yield _Cand(mt.start(), mt.end(), _month_value(y, MONTH_NUMBER[mt["m"].rstrip(".").lower()]), "month", "absolute", 2)


def _iter_partial(text: str, anchor: Anchor | None, folded: str, st: _Starts | None = None) -> Iterator[_Cand]:
    for rx, kinds in ((_RE_MD, ("names",)), (_RE_DM, ("names", "digits", "the"))):
        for mt in _iter_at(rx, text, st, *kinds):
            month = MONTH_NUMBER[mt["m"].rstrip(".").lower()]
            day = int(mt["d"])
            if not 1 <= day <= 31:
                continue
            value = gran = None
            if anchor is not None:
                date = _mk_date(_year_for_month(month, anchor), month, day)
                if date:
                    value, gran = date.isoformat(), "day"
            elif _mk_date(2000, month, day) is None:  # 30 February, 31 April
                continue
            yield _Cand(mt.start(), mt.end(), value, gran, "relative", 1)
    for mt in _scan_at(_MONTH_NAME_ONLY, text, folded, st, "names"):
        name = mt["m"]
        month = MONTH_NUMBER[name.lower()]
        before = text[max(0, mt.start() - 24): mt.start()]
        after = text[mt.end(): mt.end() + 3]
        if _CAPITALISED_NEXT.match(text, mt.end()) and not _month_or_year_follows(text, mt.end()):
            continue  # "April Ryan", "August Wilson", "June Carter"
        cue = _MONTH_CUE.search(before)
        if cue is None:
            if name.lower() in _AMBIGUOUS_MONTHS or name.isupper():
                # "March" and "May" alone are verbs/names; allow only in a range after a month
                if not (_RANGE_CUE.search(before) and _MONTH_NAME_ONLY.search(before)):
                    continue
            elif after.startswith("-"):
                continue
        mod = cue.group(0).strip().lower() if cue else ""
        if mod in ("last", "next", "this"):
            continue  # handled as relative by _RE_MONTH_REL
        value = gran = None
        if anchor is not None:
            value, gran = _month_value(_year_for_month(month, anchor), month), "month"
        yield _Cand(mt.start(), mt.end(), value, gran, "relative", 0)


def _month_or_year_follows(text: str, pos: int) -> bool:
    return re.match(rf"\s+(?:{YEAR}|{_MONTH_FULL})\b", text[pos: pos + 12]) is not None


def _iter_years(text: str, st: _Starts | None = None) -> Iterator[_Cand]:
    for mt in _iter_at(_RE_YEAR, text, st, "digits"):
        y = int(mt["y"])
        if not MIN_YEAR <= y <= MAX_YEAR:
            continue
        if _UNIT_AFTER.match(text, mt.end()):
            continue
        before = text[max(0, mt.start() - 24): mt.start()]
        ok = _YEAR_CUE.search(before) is not None
        if not ok and re.search(r"\b(?:the|The|a|A|its|their|his|her)\s+$", before):
            # "the 2016 election", "the 2014 World Cup", "the 2022 edition"
            nxt = re.match(rf"\s+(?P<w>(?:{_EVENT_NOUNS})\b|[A-Z][a-z]+)", text[mt.end(): mt.end() + 20])
            ok = nxt is not None and not re.match(r"\s+(?:people|" + _UNITS + r")\b", text[mt.end():mt.end() + 20])
        if not ok and re.match(r"\s*(?:,|\)|–|-)\s*", text[mt.end(): mt.end() + 3]) and re.search(r"(?:\(|,\s)$", before):
            ok = True  # "(2014)", ", 2014,"
        if ok:
            yield _Cand(mt.start(), mt.end(), f"{y:04d}", "year", "absolute", 0)


_SENTENCE_WINDOW = 300  # characters looked at on each side of a mention


def _sentence_around(text: str, start: int, end: int) -> str:
    lo, hi = max(0, start - _SENTENCE_WINDOW), min(len(text), end + _SENTENCE_WINDOW)
    a = max(lo - 1, text.rfind(". ", lo, start), text.rfind("\n", lo, start), text.rfind("? ", lo, start), text.rfind("! ", lo, start))
    candidates = [i for i in (text.find(". ", end, hi), text.find("\n", end, hi), text.find("? ", end, hi)) if i != -1]
    b = min(candidates) if candidates else hi
    return text[a + 1: b]


def _resolve_weekday(target: int, mod: str, anchor: Anchor, future: bool) -> dt.date:
    base = anchor.date
    back = (base.weekday() - target) % 7
    fwd = (target - base.weekday()) % 7
    if mod == "last":
        return base - dt.timedelta(days=back or 7)
    if mod in ("next", "coming", "this coming"):
        return base + dt.timedelta(days=fwd or 7)
    if future:
        return base + dt.timedelta(days=fwd)
    return base - dt.timedelta(days=back)


def _iter_relative(text: str, anchor: Anchor | None, folded: str, st: _Starts | None = None) -> Iterator[_Cand]:
    """Relative date candidates, family by family (resolved when ``anchor`` allows)."""
    for family in (_rel_weekdays, _rel_months, _rel_daywords, _rel_periods, _rel_ago):
        yield from family(text, anchor, folded, st)


def _rel_weekdays(text: str, anchor: Anchor | None, folded: str, st: _Starts | None) -> Iterator[_Cand]:
    """A weekday, "last"/"next" or not: the one the anchor week makes it."""
    for mt in _scan_at(_RE_WEEKDAY, text, folded, st, "names", "mod"):
        if _WEEKDAY_VETO_BEFORE.search(text[max(0, mt.start() - 16): mt.start()]) or _WEEKDAY_VETO_AFTER.match(text, mt.end()):
            continue
        value = gran = None
        if anchor is not None and anchor.knows("day"):
            mod = (mt["mod"] or "").lower()
            future = _FUTURE.search(_sentence_around(text, mt.start(), mt.end())) is not None
            value, gran = _resolve_weekday(WEEKDAY_NUMBER[mt["wd"].lower()], mod, anchor, future).isoformat(), "day"
        yield _Cand(mt.start(), mt.end(), value, gran, "relative", 1)


def _rel_months(text: str, anchor: Anchor | None, folded: str, st: _Starts | None) -> Iterator[_Cand]:
    """"last March", "this June", "next May"."""
    for mt in _iter_at(_RE_MONTH_REL, text, st, "mod"):
        if _CAPITALISED_NEXT.match(text, mt.end()) and not _month_or_year_follows(text, mt.end()):
            continue
        mod, month = mt["mod"].lower(), MONTH_NUMBER[mt["m"].lower()]
        value = gran = None
        if anchor is not None:
            if mod == "this":
                value, gran = _month_value(anchor.date.year, month), "month"
            elif anchor.knows("month"):
                y = anchor.date.year
                if mod == "last":
                    y = y if month < anchor.date.month else y - 1
                else:
                    y = y if month > anchor.date.month else y + 1
                value, gran = _month_value(y, month), "month"
        yield _Cand(mt.start(), mt.end(), value, gran, "relative", 2)


def _rel_daywords(text: str, anchor: Anchor | None, folded: str, st: _Starts | None) -> Iterator[_Cand]:
    """"yesterday", "today", "tomorrow", "last night"."""
    for mt in _scan_at(_RE_DAYWORD, text, folded, st, "dayword", "mod"):
        w = mt["w"].lower()
        offset = -1 if w in ("yesterday", "last night") else 1 if w == "tomorrow" else 0
        value = gran = None
        if anchor is not None and anchor.knows("day"):
            value, gran = (anchor.date + dt.timedelta(days=offset)).isoformat(), "day"
        yield _Cand(mt.start(), mt.end(), value, gran, "relative", 1)


def _rel_periods(text: str, anchor: Anchor | None, folded: str, st: _Starts | None) -> Iterator[_Cand]:
    """"last week", "this month", "next year" (not "the last year": a duration)."""
    for mt in _scan_at(_RE_PERIOD, text, folded, st, "adv", "mod"):
        before = text[max(0, mt.start() - 8): mt.start()]
        if re.search(r"\b(?:the|The|a|A|every|each)\s+$", before):
            continue  # "the last year" / "the next week" are durations, not dates
        unit, mod = mt["unit"], mt["mod"].lower()
        value, gran = _period_value(anchor, unit, {"this": 0, "last": -1, "next": 1}[mod])
        yield _Cand(mt.start(), mt.end(), value, gran, "relative", 1)


def _rel_ago(text: str, anchor: Anchor | None, folded: str, st: _Starts | None) -> Iterator[_Cand]:
    """"three days ago", "two decades ago"."""
    for mt in (_scan(_RE_AGO, text, folded) if _AGO_CUE.search(text) else ()):
        n = _NUMBER_WORDS.get(mt["n"].lower()) if not mt["n"].isdigit() else int(mt["n"])
        unit = mt["unit"]
        if unit == "decade" and n is not None:
            unit, n = "year", n * 10
        value = gran = None
        if anchor is not None and n is not None and anchor.knows(unit):
            if unit == "day":
                value, gran = (anchor.date - dt.timedelta(days=n)).isoformat(), "day"
            elif unit == "week":
                value, gran = _week_value(anchor.date - dt.timedelta(weeks=n)), "week"
            elif unit == "month":
                value, gran = _month_value(*_shift_month(anchor.date.year, anchor.date.month, -n)), "month"
            else:
                y = anchor.date.year - n
                value, gran = (f"{y:04d}", "year") if MIN_YEAR <= y else (None, None)
        yield _Cand(mt.start(), mt.end(), value, gran, "relative", 1)

#: languages with their own date vocabulary (:mod:`cleanseeds.enrich.dates_intl`); any other
#: language gets the English patterns (ISO and numeric dates are the same everywhere)
DATE_LANGUAGES = ("en", "de", "fr", "es")


def find_dates(text: str, anchor: Anchor | None = None, *, day_first: bool = False, language: str | None = "en") -> list[DateMention]:
    """Every date expression in ``text``, in order, without overlaps (the longest wins).

    ``anchor`` (the publication date) resolves relative and year-less expressions; without
    one they are kept with ``value=None``. ``day_first`` decides ambiguous numeric dates
    ("05/11/2022") for sites that write day-month-year. ``language`` (ISO 639-1) picks the
    vocabulary: German, French and Spanish have their own (numeric dates day-first there).
    """
    folded = fold(text)
    if language in ("de", "fr", "es"):
        from cleanseeds.enrich.dates_intl import iter_candidates

        cands = list(_iter_numeric(text, True, folded, None)) + list(iter_candidates(text, anchor, language))
    else:
        st = _Starts(text, folded) if USE_STARTS else None
        sources: tuple[Callable[[], Iterator[_Cand]], ...] = (
            lambda: _iter_full(text, day_first, folded, st),
            lambda: _iter_partial(text, anchor, folded, st),
            lambda: _iter_years(text, st),
            lambda: _iter_relative(text, anchor, folded, st),
        )
        cands = [c for src in sources for c in src()]
    return select(text, cands)


def select(text: str, cands: list[_Cand]) -> list[DateMention]:
    """The longest candidates that do not overlap (then higher priority, then earlier)."""
    cands.sort(key=lambda c: (-(c.end - c.start), -c.priority, c.start))
    taken: list[_Cand] = []  # disjoint, sorted by start
    starts: list[int] = []
    for c in cands:
        if "\n" in text[c.start: c.end]:
            continue
        i = bisect.bisect_left(starts, c.start)
        if i < len(taken) and taken[i].start < c.end:
            continue  # overlaps the next taken span
        if i > 0 and taken[i - 1].end > c.start:
            continue  # overlaps the previous one
        taken.insert(i, c)
        starts.insert(i, c.start)
    return [DateMention(text=text[c.start: c.end], value=c.value, granularity=checked(c.granularity, GRANULARITIES) if c.value and c.granularity else None,
                        start=c.start, end=c.end, kind=checked(c.kind, KINDS)) for c in taken]


#: "01-04-2024" in a metadata value or a byline ("Post time: 01-04-2024"), read as "01/04/2024";
#: not a text mention (in running text dashes join ranges, codes and phone numbers)
_DASHED_NUMERIC = re.compile(r"(?<![\d-])([0-3]?\d)-([0-3]?\d)-((?:19|20)\d\d)(?![\d-])")


def parse_date(value: str, *, day_first: bool = False) -> tuple[dt.date, str] | None:
    """Parse one date string (a metadata value, a "Published ..." line) into (date, granularity).

    Accepts ISO 8601 dates and timestamps, and any full date ``find_dates`` knows
    ("Nov. 5, 2022", "5 November 2022 10:30 GMT", "11/05/2022", "11-05-2022"); a month-year or bare year
    gives month or year granularity (the date is then the first day of that period).
    """
    s = value.strip()
    m = re.match(r"^(1[89]\d\d|20\d\d)-(\d\d)-(\d\d)", s)
    if m:
        d = _mk_date(int(m[1]), int(m[2]), int(m[3]))
        return (d, "day") if d else None
    m = re.match(r"^(1[89]\d\d|20\d\d)(\d\d)(\d\d)(?:T|$)", s)  # 20221105 or 20221105T...
    if m:
        d = _mk_date(int(m[1]), int(m[2]), int(m[3]))
        return (d, "day") if d else None
    m = re.match(r"^(1[89]\d\d|20\d\d)-(\d\d)$", s)
    if m and 1 <= int(m[2]) <= 12:
        return dt.date(int(m[1]), int(m[2]), 1), "month"
    best: tuple[dt.date, str] | None = None
    for mention in find_dates(s, None, day_first=day_first):
        if mention.kind != "absolute" or mention.value is None:
            continue
        got = _from_iso(mention.value)
        if got and (best is None or _LEVEL[got[1]] > _LEVEL[best[1]]):
            best = got
    if (best is None or best[1] != "day") and any(ch.isalpha() for ch in s):
        # a German, French or Spanish byline ("5. November 2022", "le 5 novembre 2022")
        for language in ("de", "fr", "es"):
            for mention in find_dates(s, None, day_first=True, language=language):
                got = _from_iso(mention.value) if mention.kind == "absolute" and mention.value else None
                if got and (best is None or _LEVEL[got[1]] > _LEVEL[best[1]]):
                    best = got
            if best is not None and best[1] == "day":
                break
    if best is None and "-" in s:
        dashed = _DASHED_NUMERIC.sub(r"\1/\2/\3", s)
        if dashed != s:
            return parse_date(dashed, day_first=day_first)
    if best is None:
        m = re.fullmatch(r"(1[89]\d\d|20\d\d)", s)
        if m:
            best = dt.date(int(m[1]), 1, 1), "year"
    return best


def _from_iso(value: str) -> tuple[dt.date, str] | None:
    if re.fullmatch(r"\d{4}-\d\d-\d\d", value):
        return dt.date.fromisoformat(value), "day"
    if re.fullmatch(r"\d{4}-\d\d", value):
        return dt.date(int(value[:4]), int(value[5:]), 1), "month"
    if re.fullmatch(r"\d{4}", value):
        return dt.date(int(value), 1, 1), "year"
    return None


def iso_value_is_valid(value: str, granularity: str) -> bool:
    """True when ``value`` is a well-formed ISO 8601 string of the given granularity."""
    try:
        if granularity == "day":
            return re.fullmatch(r"\d{4}-\d\d-\d\d", value) is not None and bool(dt.date.fromisoformat(value))
        if granularity == "month":
            return re.fullmatch(r"\d{4}-(0[1-9]|1[0-2])", value) is not None
        if granularity == "year":
            return re.fullmatch(r"\d{4}", value) is not None
        if granularity == "week":
            m = re.fullmatch(r"(\d{4})-W(\d\d)", value)
            return m is not None and bool(dt.date.fromisocalendar(int(m[1]), int(m[2]), 1))
    except ValueError:
        return False
    return False
