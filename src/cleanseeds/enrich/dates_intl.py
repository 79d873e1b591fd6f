"""Date expressions in German, French and Spanish, with the same contract as the English ones
(:func:`cleanseeds.enrich.dates.find_dates` calls :func:`iter_candidates` for ``de``/``fr``/``es``).

Each language is a vocabulary (:data:`LANGS`: months, weekdays, number words, units, cue
words, the words that make "last"/"next"/"this") turned into a handful of patterns:

=================  ==========================================================================
absolute           "5. November 2022", "le 5 novembre 2022", "el 5 de noviembre de 2022",
                   "November 2022", "novembre 2022", "noviembre de 2022", "im Jahr 2014"
year-less          "am 5. November", "le 5 novembre", "el 5 de noviembre", "im Mai", "en mai"
relative           "vor zwei Wochen", "il y a trois jours", "hace dos días"; "gestern",
                   "hier", "ayer"; "letzte Woche", "la semaine dernière", "la semana pasada";
                   weekdays ("am Montag", "lundi dernier", "el próximo lunes")
=================  ==========================================================================

The traps, and what each pattern does about them:

* **names**: French and Spanish write months and weekdays in lower case, so a capitalised
  "Avril" ("Avril Lavigne"), "Marzo" (a surname), "Domingo" ("Plácido Domingo") is a date only
  inside a full date (a day number before it, or a year after it). German capitalises every
  noun, so a German month alone needs a cue before it ("im Mai", "seit März", "Anfang Juni"):
  "Mai Thi Nguyen-Kim" has none. "Mardi gras", "Viernes Santo", "Karfreitag" are not dates.
* **numbers and money**: a bare year needs a cue ("im Jahr 2014", "seit 1999", "en 2014",
  "depuis 2014", "desde 2014") and no unit or currency after it ("2000 Euro", "1999 km",
  "2014 personnes", "2000 millones"); "3.000", "2.014" and "2014,5" are not years.
* **times**: "um 14.30 Uhr", "à 14h30", "a las 14:30" have no pattern; "14.30" has no year,
  so the numeric pattern (day.month.year) cannot take it.
* **words that are also dates**: German "Morgen" (morning) is not "morgen" (tomorrow);
  Spanish "mañana" after "la", "esta", "cada", "por" is the morning ("esta mañana" is today);
  German "hier" (here) is only French "hier" (yesterday) in a French text.
"""
from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass

from cleanseeds.enrich.dates import (
    MAX_YEAR,
    MIN_YEAR,
    Anchor,
    _Cand,
    _mk_date,
    _month_value,
    _period_value,
    _resolve_weekday,
    _shift_month,
    _week_value,
    _year_for_month,
)


@dataclass(frozen=True)
class Lang:
    months: tuple[tuple[str, ...], ...]  # per month, the spellings (first: full name)
    weekdays: tuple[tuple[str, ...], ...]  # Monday first
    numbers: dict[str, int]
    units: dict[str, str]  # word -> day | week | month | year | decade
    ago: str  # regex: the "N units ago" frame with groups n, unit
    daywords: dict[str, int]  # word -> offset from the publication day
    year_cue: str  # regex ending right before a year
    month_cue: str  # regex ending right before a month name alone
    last: str  # regex of "last" words (before or after the noun, see the patterns)
    next: str
    this: str
    future: str  # regex: the sentence speaks of the future
    not_year_after: str  # regex: a unit, currency or noun that makes a 4-digit number a count
    veto: str  # regex of fixed phrases that contain a weekday or month but are no date
    capitalised_months: bool  # German: nouns are capitalised, so case says nothing


def _alts(words: list[str] | tuple[str, ...]) -> str:
    return "|".join(sorted({re.escape(w) for w in words}, key=len, reverse=True))


_NUM_DE = {"ein": 1, "einem": 1, "einer": 1, "eins": 1, "zwei": 2, "drei": 3, "vier": 4, "fünf": 5, "sechs": 6,
           "sieben": 7, "acht": 8, "neun": 9, "zehn": 10, "elf": 11, "zwölf": 12, "fünfzehn": 15, "zwanzig": 20,
           "dreißig": 30, "fünfzig": 50, "hundert": 100}
_NUM_FR = {"un": 1, "une": 1, "deux": 2, "trois": 3, "quatre": 4, "cinq": 5, "six": 6, "sept": 7, "huit": 8,
           "neuf": 9, "dix": 10, "onze": 11, "douze": 12, "quinze": 15, "vingt": 20, "trente": 30, "cinquante": 50, "cent": 100}
_NUM_ES = {"un": 1, "una": 1, "uno": 1, "dos": 2, "tres": 3, "cuatro": 4, "cinco": 5, "seis": 6, "siete": 7, "ocho": 8,
           "nueve": 9, "diez": 10, "once": 11, "doce": 12, "quince": 15, "veinte": 20, "treinta": 30, "cincuenta": 50, "cien": 100}

LANGS: dict[str, Lang] = {
    "de": Lang(
        months=(("Januar", "Jänner", "Jan."), ("Februar", "Feber", "Feb."), ("März", "Mär."), ("April", "Apr."), ("Mai",),
                ("Juni",), ("Juli",), ("August", "Aug."), ("September", "Sept.", "Sep."), ("Oktober", "Okt."),
                ("November", "Nov."), ("Dezember", "Dez.")),
        weekdays=(("Montag",), ("Dienstag",), ("Mittwoch",), ("Donnerstag",), ("Freitag",), ("Samstag", "Sonnabend"), ("Sonntag",)),
        numbers=_NUM_DE,
        units={"Tag": "day", "Tagen": "day", "Woche": "week", "Wochen": "week", "Monat": "month", "Monaten": "month",
               "Jahr": "year", "Jahren": "year", "Jahrzehnt": "decade", "Jahrzehnten": "decade"},
        ago=r"\b[Vv]or\s+(?:(?:gut|knapp|fast|etwa|rund|über|mehr als)\s+)?(?P<n>\d{1,3}|[a-zäöüß]+)\s+(?P<unit>[A-ZÄÖÜ][a-zäöü]+)\b",
        daywords={"heute": 0, "Heute": 0, "gestern": -1, "Gestern": -1, "vorgestern": -2, "Vorgestern": -2,
                  "morgen": 1, "Morgen": 1, "übermorgen": 2, "heute Morgen": 0, "heute Abend": 0, "gestern Abend": -1,
                  "Heute Morgen": 0, "Heute Abend": 0, "Gestern Abend": -1, "gestern Morgen": -1},
        year_cue=r"(?:\b(?:[Ii]m\s+Jahr(?:e)?|[Ss]eit|[Bb]is|[Ii]m|[Aa]b|[Vv]on|[Uu]nd|[Ee]nde|[Aa]nfang|[Mm]itte|[Vv]or|[Nn]ach|"
                 r"[Ww]ährend|[Ss]chon|[Bb]ereits|[Jj]ahr|[Jj]ahres|[Ss]ommer|[Ww]inter|[Ff]rühjahr|[Hh]erbst|[Ff]rühling|zwischen|"
                 r"[Ii]n den Jahren|[Ss]pätestens|[Ss]eit dem Jahr)\s+|\()$",
        month_cue=r"(?:\b(?:[Ii]m|[Ss]eit|[Bb]is|[Aa]b|[Vv]om|[Ee]nde|[Aa]nfang|[Mm]itte|[Ss]eit|[Vv]or|[Nn]ach|[Ww]ährend|"
                  r"[Ii]m\s+(?:vergangenen|letzten|kommenden|nächsten)|[Bb]is\s+(?:zum|Ende)|und)\s+)$",
        last=r"letzte[nrs]?|vergangene[nrs]?|vorige[nrs]?", next=r"nächste[nrs]?|kommende[nrs]?", this=r"diese[nrs]?",
        future=r"\b(?:wird|werden|soll|sollen|will|wollen|plant|geplant|kommende[nrs]?|nächste[nrs]?|bevorstehende[nrs]?)\b",
        not_year_after=r"\s*(?:Euro|EUR|€|Dollar|\$|Franken|Pfund|Menschen|Personen|Einwohner|Mitarbeiter|Stück|km|Kilometer|Meter|m|kg|"
                       r"Tonnen|Stimmen|Fälle|Tote|Mal|Prozent|%|Millionen|Mio\.|Milliarden|Mrd\.|Seiten|Punkte|Euro\b)",
        veto=r"Karfreitag|Rosenmontag|Aschermittwoch|Gründonnerstag|Schwarzer Freitag|Black Friday",
        capitalised_months=True,
    ),
    "fr": Lang(
        months=(("janvier", "janv."), ("février", "fevrier", "févr."), ("mars",), ("avril", "avr."), ("mai",), ("juin",),
                ("juillet", "juil."), ("août", "aout"), ("septembre", "sept."), ("octobre", "oct."), ("novembre", "nov."),
                ("décembre", "decembre", "déc.")),
        weekdays=(("lundi",), ("mardi",), ("mercredi",), ("jeudi",), ("vendredi",), ("samedi",), ("dimanche",)),
        numbers=_NUM_FR,
        units={"jour": "day", "jours": "day", "semaine": "week", "semaines": "week", "mois": "month", "an": "year",
               "ans": "year", "année": "year", "années": "year", "décennie": "decade", "décennies": "decade"},
        ago=r"\b[Ii]l y a\s+(?:(?:environ|près de|plus de|moins de|à peine)\s+)?(?P<n>\d{1,3}|[a-zéû]+)\s+(?P<unit>[a-zéè]+)\b",
        daywords={"aujourd'hui": 0, "aujourd’hui": 0, "Aujourd'hui": 0, "Aujourd’hui": 0, "hier": -1, "Hier": -1,
                  "avant-hier": -2, "Avant-hier": -2, "demain": 1, "Demain": 1, "après-demain": 2, "ce matin": 0,
                  "Ce matin": 0, "ce soir": 0, "Ce soir": 0, "hier soir": -1, "Hier soir": -1},
        year_cue=r"(?:\b(?:[Ee]n|[Dd]epuis|[Jj]usqu'en|[Jj]usqu’en|[Dd]ès|[Aa]vant|[Aa]près|[Dd]e|[Ee]t|[Àà]|[Ff]in|[Dd]ébut|[Mm]i|"
                 r"[Ll]'année|[Ll]’année|[Aa]nnée|[Ee]ntre|[Vv]ers|[Dd]urant|[Pp]endant|"
                 r"[Ee]n l'an|[Ee]n l’an|été|hiver|printemps|automne|[Dd]'ici|[Dd]’ici)\s+|"
                 r"\bmi-|\()$",
        month_cue=r"(?:\b(?:[Ee]n|[Dd]epuis|[Jj]usqu'en|[Jj]usqu’en|[Dd]ébut|[Ff]in|[Mm]i|[Dd]ès|[Aa]vant|[Aa]près|[Cc]ourant|"
                  r"[Dd]u mois de|[Aa]u mois de|mois de|[Dd]'ici|[Dd]’ici|et)\s+|\b[Mm]i-)$",
        last=r"dernier|dernière|passé|passée", next=r"prochain|prochaine", this=r"ce|cette",
        # the simple future ends in -ra/-ront ("rendra", "examinera")
        future=r"\b(?:va|vont|doit|doivent|devrait|prévu|prévue|prochain|prochaine|prévoit|\w{2,}(?:ra|ront))\b",
        not_year_after=r"\s*(?:euros?|€|dollars?|\$|francs?|personnes|habitants|salariés|emplois|km|kilomètres|mètres|m|kg|tonnes|voix|cas|"
                       r"morts|fois|pour cent|%|millions|milliards|pages|points)\b",
        veto=r"[Mm]ardi [Gg]ras|[Vv]endredi [Ss]aint|[Bb]lack [Ff]riday|[Ll]undi de Pâques",
        capitalised_months=False,
    ),
    "es": Lang(
        months=(("enero", "ene."), ("febrero", "feb."), ("marzo", "mar."), ("abril", "abr."), ("mayo",), ("junio", "jun."),
                ("julio", "jul."), ("agosto", "ago."), ("septiembre", "setiembre", "sept."), ("octubre", "oct."),
                ("noviembre", "nov."), ("diciembre", "dic.")),
        weekdays=(("lunes",), ("martes",), ("miércoles", "miercoles"), ("jueves",), ("viernes",), ("sábado", "sabado"), ("domingo",)),
        numbers=_NUM_ES,
        units={"día": "day", "días": "day", "dia": "day", "dias": "day", "semana": "week", "semanas": "week", "mes": "month",
               "meses": "month", "año": "year", "años": "year", "década": "decade", "décadas": "decade"},
        ago=r"\b[Hh]ace\s+(?:(?:unos|unas|casi|apenas|más de|menos de|poco más de)\s+)?(?P<n>\d{1,3}|[a-zé]+)\s+(?P<unit>[a-zíñé]+)\b",
        daywords={"hoy": 0, "Hoy": 0, "ayer": -1, "Ayer": -1, "anteayer": -2, "Anteayer": -2, "antier": -2, "mañana": 1,
                  "Mañana": 1, "pasado mañana": 2, "anoche": -1, "Anoche": -1, "esta mañana": 0, "Esta mañana": 0,
                  "esta tarde": 0, "Esta tarde": 0, "esta noche": 0, "Esta noche": 0},
        year_cue=r"(?:\b(?:[Ee]n|[Dd]esde|[Hh]asta|[Aa]ntes de|[Dd]espués de|[Dd]e|[Yy]|[Aa]|[Ff]inales de|[Pp]rincipios de|"
                 r"[Mm]ediados de|[Ee]l año|[Aa]ño|[Ee]ntre|[Dd]urante|[Hh]acia|[Ee]n el año|verano de|invierno de)\s+|\()$",
        month_cue=r"(?:\b(?:[Ee]n|[Dd]esde|[Hh]asta|[Aa] partir de|[Ff]inales de|[Pp]rincipios de|[Mm]ediados de|[Aa]ntes de|"
                  r"[Dd]espués de|[Dd]urante|[Ee]l mes de|mes de|y)\s+)$",
        last=r"pasado|pasada|anterior", next=r"próximo|próxima|que viene|siguiente", this=r"este|esta",
        # the simple future ends in -rá/-rán ("dictará", "celebrarán")
        future=r"\b(?:va a|van a|prevé|previsto|prevista|próximo|próxima|que viene|\w{2,}(?:rá|rán))(?!\w)",
        not_year_after=r"\s*(?:euros?|€|dólares|\$|pesos|personas|habitantes|trabajadores|empleos|km|kilómetros|metros|m|kg|"
                       r"toneladas|votos|casos|muertos|veces|por ciento|%|millones|mil millones|páginas|puntos)\b",
        veto=r"[Vv]iernes [Ss]anto|[Jj]ueves [Ss]anto|[Dd]omingo de [Rr]amos|[Bb]lack [Ff]riday|[Mm]iércoles de [Cc]eniza",
        capitalised_months=False,
    ),
}


@dataclass(frozen=True)
class _Compiled:
    month_number: dict[str, int]
    weekday_number: dict[str, int]
    month: str  # alternation of month spellings, case as written
    month_cap: str  # capitalised spellings (French/Spanish: only inside full dates)
    weekday: str
    weekday_cap: str
    full_dmy: re.Pattern[str]
    my: re.Pattern[str]
    dm: re.Pattern[str]
    month_alone: re.Pattern[str]
    year: re.Pattern[str]
    ago: re.Pattern[str]
    daywords: re.Pattern[str]
    weekday_rx: re.Pattern[str]
    period: re.Pattern[str]
    year_cue: re.Pattern[str]
    month_cue: re.Pattern[str]
    future: re.Pattern[str]
    not_year_after: re.Pattern[str]
    veto: re.Pattern[str]


_YEAR = r"(?P<y>1[89]\d\d|20\d\d|2100)"
_END = r"(?![\w%/:]|[.,]\d)"
_START = r"(?<![\w$€£¥#/.,:+-])"
_PERIOD_NOUNS = {
    "de": {"Woche": "week", "Monat": "month", "Jahr": "year"},
    "fr": {"semaine": "week", "mois": "month", "année": "year", "an": "year"},
    "es": {"semana": "week", "mes": "month", "año": "year"},
}


def _date_patterns(code: str, weekday_prefix: str, month: str, month_any: str) -> tuple[str, str, str]:
    """The day-month-year, year-less day-month and month-year patterns of a language."""
    if code == "de":
        day = r"(?P<d>[0-3]?\d)\.?"
        full = rf"{weekday_prefix}(?:(?:den|dem|am|vom)\s+)?{day}\s*(?P<m>{month_any})\s+{_YEAR}{_END}"
        dm = rf"(?<![\w.,$]){weekday_prefix}(?:(?:den|dem|am|vom|zum|bis zum|ab dem)\s+)?(?P<d>[0-3]?\d)\.\s*(?P<m>{month_any})\b(?!\s*\d)"
        my = rf"\b(?P<m>{month_any})\s+{_YEAR}{_END}"
    elif code == "fr":
        day = r"(?P<d>[0-3]?\d|1er|premier)"
        full = rf"{weekday_prefix}(?:(?:le|du|au)\s+)?{day}\s+(?P<m>{month_any})\s+{_YEAR}{_END}"
        dm = rf"(?<![\w.,$]){weekday_prefix}(?:(?:le|du|au|dès le|depuis le|jusqu'au|jusqu’au)\s+)?{day}\s+(?P<m>{month})\b(?!\s*\d)"
        my = rf"\b(?P<m>{month_any})\s+{_YEAR}{_END}"
    else:
        day = r"(?P<d>[0-3]?\d|1º|1°|primero)"
        full = rf"{weekday_prefix}(?:(?:el|del|al)\s+)?{day}\s+de\s+(?P<m>{month_any})\s+(?:de(?:l)?\s+)?{_YEAR}{_END}"
        dm = rf"(?<![\w.,$]){weekday_prefix}(?:(?:el|del|al|desde el|hasta el)\s+)?{day}\s+de\s+(?P<m>{month})\b(?!\s+(?:de(?:l)?\s+)?\d)"
        my = rf"\b(?P<m>{month_any})\s+(?:de(?:l)?\s+)?{_YEAR}{_END}"
    return full, dm, my


def _period_pattern(code: str, noun_alt: str) -> str:
    """"last week", "this month", "next year" in a language."""
    if code == "de":
        period = (
            rf"\b(?:(?:im|in der|in dem|am)\s+)?(?P<mod>(?:[Ll]etzte[nrs]?|[Vv]ergangene[nrs]?|"
            rf"[Vv]orige[nrs]?|[Nn]ächste[nrs]?|[Kk]ommende[nrs]?|[Dd]iese[nrs]?))\s+(?P<unit>{noun_alt})\b"
        )
    elif code == "fr":
        period = (rf"\b(?:(?P<pre>[Cc]e|[Cc]ette)\s+(?P<unit1>{noun_alt})(?:-ci)?\b|(?:[Ll]a|[Ll]e|[Ll]'|[Ll]’)\s*(?P<unit2>{noun_alt})\s+"
                  rf"(?P<post>dernière|dernier|passée|passé|prochaine|prochain)\b|(?:[Ll]'|"
                  rf"[Ll]’)(?P<unit3>an|année)\s+(?P<post3>dernier|dernière|prochain|prochaine)\b)")
    else:
        period = (rf"\b(?:(?P<pre>[Ee]ste|[Ee]sta)\s+(?P<unit1>{noun_alt})\b|(?:[Ee]l|[Ll]a)\s+(?P<unit2>{noun_alt})\s+"
                  rf"(?P<post>pasado|pasada|anterior|que viene|próximo|próxima|siguiente)\b|(?:[Ee]l|"
                  rf"[Ll]a)\s+(?P<pre2>próximo|próxima|pasado|pasada)\s+(?P<unit3>{noun_alt})\b)")
    return period


def _weekday_pattern(code: str, wd: list[str], wd_cap: list[str]) -> str:
    """A weekday with its "last"/"next" words in a language."""
    if code == "de":
        weekday_rx = (
            rf"\b(?:(?P<pre>am|[Aa]m|[Ll]etzten|[Vv]ergangenen|[Vv]origen|[Nn]ächsten|"
            rf"[Kk]ommenden|[Dd]iesen|seit|bis|ab)\s+)?(?P<w>{_alts(wd)})(?:s)?\b(?!\w)"
        )
    elif code == "fr":
        weekday_rx = rf"\b(?:(?P<pre>ce|[Cc]e)\s+)?(?P<w>{_alts(wd + wd_cap)})\b(?:\s+(?P<post>dernier|prochain|passé))?"
    else:
        weekday_rx = (
            rf"\b(?:(?P<pre>el|[Ee]l|este|[Ee]ste|[Ee]l próximo|"
            rf"[Ee]l pasado)\s+)?(?P<w>{_alts(wd + wd_cap)})\b(?:\s+(?P<post>pasado|que viene|próximo|anterior))?"
        )
    return weekday_rx


def _compile(code: str, lang: Lang) -> _Compiled:
    month_number: dict[str, int] = {}
    for i, names in enumerate(lang.months, 1):
        for n in names:
            month_number[n.lower()] = i
    weekday_number: dict[str, int] = {}
    for i, names in enumerate(lang.weekdays):
        for n in names:
            weekday_number[n.lower()] = i
    month_spellings = [n for names in lang.months for n in names]
    cap = [n[:1].upper() + n[1:] for n in month_spellings]
    upper = [n.upper() for n in month_spellings if not n.endswith(".")]
    wd = [n for names in lang.weekdays for n in names]
    wd_cap = [n[:1].upper() + n[1:] for n in wd]
    month = _alts(month_spellings + ([] if not lang.capitalised_months else upper))
    month_any = _alts(month_spellings + cap + upper)
    weekday_any = _alts(wd + wd_cap + [w.upper() for w in wd])
    weekday_prefix = rf"(?:(?P<wd>{weekday_any}),?\s+)?"
    full, dm, my = _date_patterns(code, weekday_prefix, month, month_any)
    nouns = _PERIOD_NOUNS[code]
    period = _period_pattern(code, _alts(list(nouns)))
    weekday_rx = _weekday_pattern(code, wd, wd_cap)
    dayword_alt = _alts(list(lang.daywords))
    return _Compiled(
        month_number=month_number, weekday_number=weekday_number, month=month, month_cap=_alts(cap), weekday=_alts(wd),
        weekday_cap=_alts(wd_cap),
        full_dmy=re.compile(full), my=re.compile(my), dm=re.compile(dm),
        month_alone=re.compile(rf"\b(?P<m>{month})\b(?![-.]\w)"),
        year=re.compile(rf"{_START}{_YEAR}{_END}"),
        ago=re.compile(lang.ago),
        daywords=re.compile(rf"(?<![\w-])(?P<w>{dayword_alt})(?![\w-])"),
        weekday_rx=re.compile(weekday_rx),
        period=re.compile(period),
        year_cue=re.compile(lang.year_cue), month_cue=re.compile(lang.month_cue), future=re.compile(lang.future, re.I),
        not_year_after=re.compile(lang.not_year_after), veto=re.compile(lang.veto),
    )


_COMPILED: dict[str, _Compiled] = {}


def _get(code: str) -> tuple[Lang, _Compiled]:
    if code not in _COMPILED:
        _COMPILED[code] = _compile(code, LANGS[code])
    return LANGS[code], _COMPILED[code]


def _day_number(s: str) -> int:
    if s in ("1er", "premier", "1º", "1°", "primero"):
        return 1
    return int(s)


def _month_of(c: _Compiled, name: str) -> int:
    return c.month_number[name.lower()]


def _in_veto(c: _Compiled, text: str, start: int, end: int) -> bool:
    lo = max(0, start - 20)
    return any(m.start() <= start and end <= m.end() or (m.start() < end and start < m.end()) for m in c.veto.finditer(text, lo, min(len(text), end + 20)))


def _sentence(text: str, start: int, end: int) -> str:
    lo = max(text.rfind(". ", 0, start), text.rfind("\n", 0, start), start - 300)
    hi_c = [i for i in (text.find(". ", end), text.find("\n", end)) if i != -1]
    hi = min(hi_c + [end + 300])
    return text[max(0, lo): hi]


def iter_candidates(text: str, anchor: Anchor | None, code: str) -> Iterator[_Cand]:
    """Date candidates of one German, French or Spanish text (overlaps resolved by the caller),
    family by family: absolute dates first, then year-less, cued and relative ones."""
    lang, c = _get(code)
    for family in _FAMILIES:
        yield from family(text, anchor, code, lang, c)


def _day_month_year(text: str, anchor: Anchor | None, code: str, lang: Lang, c: _Compiled) -> Iterator[_Cand]:
    """Day month year."""
    for m in c.full_dmy.finditer(text):
        d = _mk_date(int(m["y"]), _month_of(c, m["m"]), _day_number(m["d"]))
        if d:
            yield _Cand(m.start(), m.end(), d.isoformat(), "day", "absolute", 3)


def _month_year(text: str, anchor: Anchor | None, code: str, lang: Lang, c: _Compiled) -> Iterator[_Cand]:
    """Month year ("Marzo 2020" only at a sentence start when months are not capitalised)."""
    for m in c.my.finditer(text):
        name = m["m"]
        if not lang.capitalised_months and name[:1].isupper() and not name.isupper() and not _sentence_start(text, m.start()):
            continue  # "Marzo 2020" mid-sentence: a name before a year ("Avril 2004 tour")
        y = int(m["y"])
        if MIN_YEAR <= y <= MAX_YEAR:
            yield _Cand(m.start(), m.end(), _month_value(y, _month_of(c, name)), "month", "absolute", 2)


def _day_month(text: str, anchor: Anchor | None, code: str, lang: Lang, c: _Compiled) -> Iterator[_Cand]:
    """A year-less day and month, resolved against the anchor."""
    for m in c.dm.finditer(text):
        month, day = _month_of(c, m["m"]), _day_number(m["d"])
        if not 1 <= day <= 31 or _mk_date(2000, month, day) is None:
            continue
        value = gran = None
        if anchor is not None:
            date = _mk_date(_year_for_month(month, anchor), month, day)
            if date:
                value, gran = date.isoformat(), "day"
        yield _Cand(m.start(), m.end(), value, gran, "relative", 1)


def _month_alone(text: str, anchor: Anchor | None, code: str, lang: Lang, c: _Compiled) -> Iterator[_Cand]:
    """A month alone, after a cue."""
    for m in c.month_alone.finditer(text):
        if m["m"].endswith("."):
            continue
        before = text[max(0, m.start() - 30): m.start()]
        if c.month_cue.search(before) is None:
            continue
        if _in_veto(c, text, m.start(), m.end()):
            continue
        month = _month_of(c, m["m"])
        value = gran = None
        if anchor is not None:
            value, gran = _month_value(_year_for_month(month, anchor), month), "month"
        yield _Cand(m.start(), m.end(), value, gran, "relative", 0)


def _bare_year(text: str, anchor: Anchor | None, code: str, lang: Lang, c: _Compiled) -> Iterator[_Cand]:
    """A bare year, after a cue."""
    for m in c.year.finditer(text):
        before = text[max(0, m.start() - 30): m.start()]
        if c.year_cue.search(before) is None:
            continue
        if c.not_year_after.match(text, m.end()):
            continue
        if code == "de" and re.search(r"\b(?:[Ii]m|[Bb]is|[Ss]eit)\s+$", before) and re.match(r"\s*(?:Uhr|Meter|m)\b", text[m.end():]):
            continue
        yield _Cand(m.start(), m.end(), m["y"], "year", "absolute", 0)


def _ago(text: str, anchor: Anchor | None, code: str, lang: Lang, c: _Compiled) -> Iterator[_Cand]:
    """Time ago: "vor drei Jahren", "il y a deux semaines", "hace un mes"."""
    for m in c.ago.finditer(text):
        unit = lang.units.get(m["unit"])
        if unit is None:
            continue
        raw = m["n"]
        n = int(raw) if raw.isdigit() else lang.numbers.get(raw.lower())
        if n is None:
            continue
        if unit == "decade":
            unit, n = "year", n * 10
        value = gran = None
        if anchor is not None and anchor.knows(unit):
            if unit == "day":
                value, gran = (anchor.date - dt.timedelta(days=n)).isoformat(), "day"
            elif unit == "week":
                value, gran = _week_value(anchor.date - dt.timedelta(weeks=n)), "week"
            elif unit == "month":
                value, gran = _month_value(*_shift_month(anchor.date.year, anchor.date.month, -n)), "month"
            elif anchor.date.year - n >= MIN_YEAR:
                value, gran = f"{anchor.date.year - n:04d}", "year"
        yield _Cand(m.start(), m.end(), value, gran, "relative", 1)


def _daywords(text: str, anchor: Anchor | None, code: str, lang: Lang, c: _Compiled) -> Iterator[_Cand]:
    """Day words: "gestern", "demain", "mañana" (not the morning)."""
    for m in c.daywords.finditer(text):
        w = m["w"]
        if code == "es" and w.lower() == "mañana" and re.search(r"\b(?:la|esta|cada|por|de|una|toda|media)\s+$", text[max(0, m.start() - 8): m.start()], re.I):
            continue  # "por la mañana": the morning
        if code == "de" and w == "Morgen" and not _sentence_start(text, m.start()):
            continue  # "am Morgen", "Guten Morgen": the morning
        if code == "de" and w == "morgen" and re.search(r"\b(?:[Gg]uten|am|jeden|heute|gestern)\s+$", text[max(0, m.start() - 10): m.start()]):
            continue
        offset = lang.daywords[w]
        value = gran = None
        if anchor is not None and anchor.knows("day"):
            value, gran = (anchor.date + dt.timedelta(days=offset)).isoformat(), "day"
        yield _Cand(m.start(), m.end(), value, gran, "relative", 1)


def _periods(text: str, anchor: Anchor | None, code: str, lang: Lang, c: _Compiled) -> Iterator[_Cand]:
    """Periods: "letzte Woche", "le mois prochain", "este año"."""
    for m in c.period.finditer(text):
        gd = m.groupdict()
        unit_word = gd.get("unit") or gd.get("unit1") or gd.get("unit2") or gd.get("unit3")
        mod_word = (gd.get("mod") or gd.get("pre") or gd.get("post") or gd.get("post3") or gd.get("pre2") or "").lower()
        if unit_word is None:
            continue
        unit = _PERIOD_NOUNS[code][unit_word]
        if re.fullmatch(lang.last, mod_word):
            delta = -1
        elif re.fullmatch(lang.next, mod_word):
            delta = 1
        else:
            delta = 0
        value, gran = _period_value(anchor, unit, delta)
        yield _Cand(m.start(), m.end(), value, gran, "relative", 1)


def _weekdays(text: str, anchor: Anchor | None, code: str, lang: Lang, c: _Compiled) -> Iterator[_Cand]:
    """Weekdays, with their "last"/"next" modifier."""
    for m in c.weekday_rx.finditer(text):
        if _in_veto(c, text, m.start(), m.end()):
            continue
        if m["w"][:1].isupper() and not lang.capitalised_months and not _sentence_start(text, m.start()):
            continue  # "Plácido Domingo", "El Viernes Santo": a name, not a weekday
        gd = m.groupdict()
        mod_word = (gd.get("post") or gd.get("pre") or "").lower()
        mod = ""
        if mod_word:
            last_word = mod_word.split()[-1]
            if re.fullmatch(lang.last, last_word) or last_word in ("pasado", "letzten", "vergangenen", "vorigen"):
                mod = "last"
            elif re.fullmatch(lang.next, mod_word) or re.fullmatch(lang.next, last_word) or last_word in ("próximo", "nächsten", "kommenden"):
                mod = "next"
        value = gran = None
        if anchor is not None and anchor.knows("day"):
            future = c.future.search(_sentence(text, m.start(), m.end())) is not None
            value, gran = _resolve_weekday(c.weekday_number[m["w"].lower()], mod, anchor, future).isoformat(), "day"
        yield _Cand(m.start(), m.end(), value, gran, "relative", 1)


_FAMILIES = (_day_month_year, _month_year, _day_month, _month_alone, _bare_year, _ago, _daywords, _periods, _weekdays)

def _sentence_start(text: str, pos: int) -> bool:
    before = text[:pos].rstrip()
    return before == "" or before[-1] in ".!?:\n«\"“"
