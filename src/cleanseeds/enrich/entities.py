"""Named entities: spaCy NER over paragraphs, then four document-level passes that fix what a
small statistical model gets wrong, each for a reason rather than for one text.

1. **Paragraph-wise NER.** Each paragraph (a line of ``Document.text``) is its own spaCy
   ``Doc``, so no entity can span two paragraphs (run over a whole article the model joins
   "Kyiv" with the first word of the next paragraph). ``nlp.pipe`` runs over all paragraphs
   of a batch at once; only the ``ner`` component (and ``tok2vec`` if NER listens to it) is
   loaded, once per process.
2. **Gazetteer** (``data/gazetteer.toml``: countries, capitals, regions, seas, nationalities,
   international bodies, agencies, news organisations). A match relabels an NER entity with
   the same span ("Crimea" ORG -> LOC, "Ukrainian" GPE -> NORP), replaces NER fragments inside
   it, or adds what NER missed; it never splits a longer NER entity that contains it.
3. **Title cue.** Two to four capitalised words after a title ("President", "Prime
   Minister", "CIA chief", "[Ukrainian President] Volodymyr Zelenskyy") are a PERSON.
4. **Harmonisation and linking.** All mentions of one name get one label (weighted vote:
   gazetteer and title cues count three, NER one), a one-word mention that is the surname
   of exactly one full PERSON name in the document becomes that PERSON with ``canonical``
   set to the full name ("Erdogan" -> "Recep Tayyip Erdogan", "Ulgen" (NER: ORG) -> "Sinan
   Ulgen"; a one-word PERSON that opens exactly one full name, "Xi" -> "Xi Jinping", too),
   and further occurrences of a known name that NER missed are added.
"""
from __future__ import annotations

import bisect
import itertools
import re
import tomllib
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from cleanseeds.records import Entity

KEPT_LABELS: frozenset[str] = frozenset({
    "PERSON", "NORP", "FAC", "ORG", "GPE", "LOC", "PRODUCT", "EVENT", "WORK_OF_ART", "LAW", "LANGUAGE", "MISC",
})
"""Named-entity labels kept (OntoNotes names, plus ``MISC`` from the French model). Dates, times
and numbers are left to :mod:`cleanseeds.enrich.dates`; money, quantities and ordinals are not
entities analysts group by."""

#: labels of models trained on WikiNER (the French ``fr_core_news_sm``) -> ours. WikiNER's LOC
#: is, in news text, nearly always a country, region or city: GPE (rivers and mountains are
#: then GPE too; the gazetteer and the one-label-per-name vote correct the common ones).
#: MISC (nationalities, events, works, products) has no single OntoNotes equivalent: kept as MISC.
LABEL_MAP: dict[str, str] = {"PER": "PERSON", "ORG": "ORG", "LOC": "GPE", "MISC": "MISC"}

DATA_DIR = Path(__file__).with_name("data")
GAZETTEER_FILE = DATA_DIR / "gazetteer.toml"
#: per-language additions to the gazetteer (names as that language writes them)
GAZETTEER_LANGUAGES = ("de", "fr", "es")
MAX_CHUNK_CHARS = 10_000  # a longer paragraph is cut at whitespace into chunks of this size
PIPE_BATCH_SIZE = 128
STRONG, WEAK = 3, 1


# --- resources (once per process) ---------------------------------------------------------------


@lru_cache(maxsize=2)
def load_model(name: str) -> Any:
    """The spaCy pipeline with only what NER needs. Raises ``OSError`` if the model is missing.

    The load runs with :func:`~cleanseeds.enrich.regex_cache.huge_patterns_cached`: the French
    language class's 1.45 MB tokenizer pattern comes from the compiled-pattern cache (~1.9 CPU-s
    less per process) and is identical to what ``re.compile`` builds."""
    import spacy

    from cleanseeds.enrich.regex_cache import huge_patterns_cached

    with huge_patterns_cached():
        nlp = spacy.load(name, exclude=["tagger", "parser", "attribute_ruler", "lemmatizer", "senter", "morphologizer", "textcat"])
    if "tok2vec" in nlp.pipe_names:
        listeners = getattr(nlp.get_pipe("tok2vec"), "listening_components", [])
        if "ner" not in listeners:
            nlp.remove_pipe("tok2vec")  # NER has its own embedding layer in the small model
    return nlp


@dataclass(frozen=True, slots=True)
class Gazetteer:
    labels: dict[str, str]  # name -> label
    pattern: re.Pattern[str] | None


@lru_cache(maxsize=8)
def load_gazetteer(path: str = str(GAZETTEER_FILE), language: str | None = None) -> Gazetteer:
    """The gazetteer at ``path``, plus ``data/gazetteer_<language>.toml`` for German, French
    and Spanish (the language's own names win where both list one)."""
    files = [Path(path)]
    if language in GAZETTEER_LANGUAGES:
        files.insert(0, DATA_DIR / f"gazetteer_{language}.toml")
    labels: dict[str, str] = {}
    for file in files:
        data = tomllib.loads(file.read_text(encoding="utf-8"))
        for label, section in data.items():
            if label not in KEPT_LABELS:
                raise ValueError(f"gazetteer section {label!r} in {file.name} is not an entity label")
            for name in section.get("names", []):
                name = name.strip()
                if len(name) < 2:
                    raise ValueError(f"gazetteer entry {name!r} in {label} is too short")
                labels.setdefault(name, label)
    if not labels:
        return Gazetteer(labels, None)
    alternation = "|".join(re.escape(n) for n in sorted(labels, key=len, reverse=True))
    return Gazetteer(labels, re.compile(rf"(?<![\w.-])(?:{alternation})(?![\w]|-\w|\.\w)"))


# --- title cue ----------------------------------------------------------------------------------

_TITLES = (
    r"President|Vice President|Prime Minister|Deputy Prime Minister|Chancellor|Premier|"
    r"Secretary of State|Secretary-General|Secretary General|Secretary|Minister|"
    r"Foreign Minister|Defense Minister|Defence Minister|Sen\.|Senator|Rep\.|Representative|"
    r"Gov\.|Governor|Mayor|Judge|Justice|Dr\.|Pope|King|Queen|Prince|Princess|Sheikh|Emir|"
    r"Gen\.|General|Col\.|Lt\.|Adm\.|Admiral|Ambassador|Commissioner|Mr\.|Mrs\.|Ms\.|Sir|"
    r"Dame|Rev\.|Prof\.|Professor|chief|spokesperson|spokesman|spokeswoman|adviser|advisor|"
    r"envoy|leader|founder|CEO|chairman|chairwoman|counterpart|correspondent|reporter|analyst|"
    # German (nouns are capitalised)
    r"Bundeskanzler|Bundeskanzlerin|Kanzler|Kanzlerin|Bundespräsident|Bundespräsidentin|Präsident|"
    r"Präsidentin|Ministerpräsident|Ministerpräsidentin|Ministerin|Außenminister|Außenministerin|"
    r"Bürgermeister|Bürgermeisterin|Oberbürgermeister|Oberbürgermeisterin|Abgeordnete|Abgeordneter|"
    r"Sprecher|Sprecherin|Vorsitzende|Vorsitzender|Chefin|Herr|Frau|Arzt|Ärztin|Präsidenten|Kanzlers|"
    # German compounds ending in a title: "Kommissionspräsidentin", "Vorstandschef", "Regierungssprecher"
    r"[A-ZÄÖÜ][a-zäöüß]+(?:präsident|präsidentin|präsidenten|chef|chefin|minister|ministerin|kanzler|kanzlerin|sprecher|sprecherin)|"
    # French (titles are lower case)
    r"président|présidente|Premier ministre|ministre|chancelier|chancelière|maire|député|députée|"
    r"sénateur|sénatrice|porte-parole|secrétaire général|docteur|médecin|directeur général|M\.|Mme|"
    # Spanish
    r"presidente|presidenta|ministro|ministra|canciller|alcalde|alcaldesa|diputado|diputada|"
    r"portavoz|médico|médica|consejero delegado|consejera delegada|Sr\.|Sra\."
)
_NAME_TOKEN = r"[A-ZÀ-Ý][a-zà-ÿ'’-]+"
#: lower-case name particles ("Ursula von der Leyen", "Charles de Gaulle", "Mohammed bin Salman"):
#: the one definition, used by the title cue's name pattern and by linking
NAME_PARTICLES: frozenset[str] = frozenset(
    "de van von der den ter al el bin ibn da di la le del della dos das du".split()
)
_PARTICLE = "(?:" + "|".join(sorted(NAME_PARTICLES, key=len, reverse=True)) + ")"
_TITLE_CUE = re.compile(
    rf"\b(?:{_TITLES})\]?\)?,?\s+(?P<name>{_NAME_TOKEN}(?:\s+(?:[A-Z]\.\s+)?(?:{_PARTICLE}\s+){{0,2}}{_NAME_TOKEN}){{1,3}})"
)
_NOT_NAME_WORDS = frozenset(
    "The A An And Of In On At For To From By With Monday Tuesday Wednesday Thursday Friday "
    "Saturday Sunday January February March April May June July August September October "
    "November December Department Ministry Office House Party Council Committee Court "
    "Senate Congress Parliament Government Administration Executive Officer Minister President "
    "Secretary General Director University Institute Center Centre Group Company Bank Agency "
    "Foundation Association Union News Times Post Says Said Told".split()
)


def _title_names(text: str) -> list[tuple[int, int]]:
    spans = []
    for m in _TITLE_CUE.finditer(text):
        tokens = list(re.finditer(r"\S+", m["name"]))
        kept = []
        for tok in tokens:
            word = tok.group(0).removesuffix("'s").removesuffix("’s")
            if word in _NOT_NAME_WORDS:
                break
            kept.append(tok)
        if len(kept) < 2:
            continue
        start = m.start("name") + kept[0].start()
        end = m.start("name") + kept[-1].end()
        name = text[start:end]
        for suffix in ("'s", "’s"):
            if name.endswith(suffix):
                end -= len(suffix)
        spans.append((start, end))
    return spans


# --- per-document passes ------------------------------------------------------------------------


@dataclass(slots=True)
class _Ent:
    start: int
    end: int
    label: str
    weight: int
    canonical: str | None = None


@dataclass(frozen=True, slots=True)
class NoNer:
    """A paragraph without statistical NER (German, Spanish): the gazetteer, title cue and
    linking passes run on it alone. Stands where a spaCy ``Doc`` would."""

    text: str
    ents: tuple[Any, ...] = ()


def paragraphs(text: str) -> list[tuple[int, str]]:
    """(offset, chunk) for every non-blank paragraph of ``text``, long ones cut at whitespace."""
    out: list[tuple[int, str]] = []
    pos = 0
    for line in text.split("\n"):
        if line.strip():
            if len(line) <= MAX_CHUNK_CHARS:
                out.append((pos, line))
            else:
                i = 0
                while i < len(line):
                    j = min(len(line), i + MAX_CHUNK_CHARS)
                    if j < len(line):
                        cut = line.rfind(" ", i + MAX_CHUNK_CHARS // 2, j)
                        j = cut if cut > i else j
                    out.append((pos + i, line[i:j]))
                    i = j
        pos += len(line) + 1
    return out


def _key(text: str) -> str:
    for prefix in ("the ", "The "):
        if text.startswith(prefix):
            text = text[len(prefix):]
    for suffix in ("'s", "’s"):
        if text.endswith(suffix):
            text = text[: -len(suffix)]
    return text.strip()


def _overlaps(a: _Ent, b: _Ent) -> bool:
    return a.start < b.end and b.start < a.end


def _apply_gazetteer(text: str, ents: list[_Ent], gaz: Gazetteer, para_spans: Sequence[tuple[int, int]]) -> list[_Ent]:
    if gaz.pattern is None:
        return ents
    for p_start, p_end in para_spans:
        for m in gaz.pattern.finditer(text, p_start, p_end):
            g = _Ent(m.start(), m.end(), gaz.labels[m.group(0)], STRONG)
            inside = [e for e in ents if _overlaps(e, g)]
            same = [e for e in inside if _key(text[e.start:e.end]) == m.group(0)]
            if same:
                for e in same:
                    e.label, e.weight = g.label, STRONG
                continue
            if any(e.start <= g.start and g.end <= e.end for e in inside):
                continue  # a longer NER name contains it: "Bank of Russia", "Michael Jordan"
            ents = [e for e in ents if e not in inside or not (g.start <= e.start and e.end <= g.end)]
            if any(_overlaps(e, g) for e in ents):
                continue  # partial overlap with an NER entity: leave NER's reading
            ents.append(g)
    return ents


_PARTICLE_NAME = re.compile(rf"{_NAME_TOKEN}(?:\s+{_NAME_TOKEN}){{0,2}}(?:\s+{_PARTICLE}){{1,3}}\s+{_NAME_TOKEN}")


def _join_particles(text: str, ents: list[_Ent], para_spans: Sequence[tuple[int, int]]) -> list[_Ent]:
    """A PERSON that NER cut at a particle ("Ursula von" + "Leyen") is one name: "Ursula von
    der Leyen". Only joined when NER saw a PERSON at its start and nothing sticks out of it."""
    for p_start, p_end in para_spans:
        for m in _PARTICLE_NAME.finditer(text, p_start, p_end):
            inside = [e for e in ents if e.start < m.end() and m.start() < e.end]
            if not any(e.label == "PERSON" and e.start == m.start() for e in inside):
                continue
            if any(e.start < m.start() or e.end > m.end() for e in inside):
                continue
            ents = [e for e in ents if e not in inside] + [_Ent(m.start(), m.end(), "PERSON", STRONG)]
    return ents


def _apply_titles(text: str, ents: list[_Ent], para_spans: Sequence[tuple[int, int]]) -> list[_Ent]:
    for p_start, p_end in para_spans:
        for s, e in _title_names(text[p_start:p_end]):
            t = _Ent(p_start + s, p_start + e, "PERSON", STRONG)
            inside = [x for x in ents if _overlaps(x, t)]
            if any(x.start < t.start or x.end > t.end for x in inside):
                continue  # an entity sticks out of the name: do not guess
            if any(x.label == "PERSON" and (x.start, x.end) == (t.start, t.end) for x in inside):
                for x in inside:
                    x.weight = STRONG
                continue
            ents = [x for x in ents if x not in inside] + [t]
    return ents


def _name_key(name: str) -> str:
    """``_key`` with a sentence-initial particle lower-cased: "Von der Leyen" -> "von der Leyen"."""
    name = _key(name)
    first, _, rest = name.partition(" ")
    if rest and first.lower() in NAME_PARTICLES:
        return first.lower() + " " + rest
    return name


def _harmonise(text: str, ents: list[_Ent]) -> None:
    votes: dict[str, Counter[str]] = defaultdict(Counter)
    for e in ents:
        votes[_name_key(text[e.start:e.end])][e.label] += e.weight
    for e in ents:
        counter = votes[_name_key(text[e.start:e.end])]
        best = max(counter.values())
        if counter[e.label] < best:
            e.label = next(lbl for lbl, n in counter.most_common() if n == best)


_NAME_SPLIT = re.compile(r"[\s]+")


def _link_people(text: str, ents: list[_Ent]) -> None:
    full: dict[str, str] = {}  # key of a full name -> itself
    by_surname: dict[str, set[str]] = defaultdict(set)
    for e in ents:
        if e.label != "PERSON":
            continue
        name = _key(text[e.start:e.end])
        parts = _NAME_SPLIT.split(name)
        if len(parts) >= 2 and parts[0][:1].isupper() and parts[-1][:1].isupper() and all(p[:1].isupper() or p in NAME_PARTICLES for p in parts):
            full[name] = name
            by_surname[parts[-1]].add(name)
            if len(parts) >= 3:
                by_surname[" ".join(parts[-2:])].add(name)
            # the family name with its particles: "von der Leyen", "de Gaulle"
            first_particle = next((i for i, p in enumerate(parts[1:], 1) if p in NAME_PARTICLES), None)
            if first_particle is not None:
                by_surname[" ".join(parts[first_particle:])].add(name)
    # a full name that is itself a suffix of a longer full name links to it ("Tayyip Erdogan")
    for name in list(full):
        longer = {n for n in full if n != name and n.endswith(" " + name)}
        if len(longer) == 1:
            full[name] = next(iter(longer))
    by_first: dict[str, set[str]] = defaultdict(set)
    for name in full:
        by_first[_NAME_SPLIT.split(name)[0]].add(name)
    for e in ents:
        k = _name_key(text[e.start:e.end])
        if k in full:
            e.label, e.canonical = "PERSON", full[k]
        elif len(by_surname.get(k, ())) == 1:
            e.label, e.canonical = "PERSON", full[next(iter(by_surname[k]))]
        elif e.label == "PERSON" and k not in by_surname and len(by_first.get(k, ())) == 1:
            # a one-word PERSON that opens exactly one full name: a family name written first
            # ("Xi" -> "Xi Jinping") or a given name used alone; never relabels a non-person
            e.canonical = full[next(iter(by_first[k]))]


def _extend_to_particles(text: str, ents: list[_Ent]) -> None:
    """A linked surname written with its particles covers them: "of von der Leyen", not "Leyen"."""
    for e in ents:
        if e.label != "PERSON" or not e.canonical:
            continue
        parts = e.canonical.split()
        i = next((j for j, p in enumerate(parts[1:], 1) if p in NAME_PARTICLES), None)
        if i is None or text[e.start:e.end] != parts[-1]:
            continue
        prefix = " ".join(parts[i:-1]) + " "
        s = e.start - len(prefix)
        if s >= 0 and text[s:e.start].lower() == prefix.lower() and (s == 0 or not text[s - 1].isalnum()):
            if not any(o is not e and o.start < e.start and o.end > s for o in ents):
                e.start = s


_PREV_CAPITALISED = re.compile(r"[A-Z][\w.'’-]*\s+$")
_TITLE_WORD_BEFORE = re.compile(rf"\b(?:{_TITLES})\]?\)?,?\s+$")


def _propagate(text: str, ents: list[_Ent], para_spans: Sequence[tuple[int, int]]) -> list[_Ent]:
    """Add mentions NER missed of names it found elsewhere in the same document."""
    known: dict[str, tuple[str, str | None]] = {}
    for e in ents:
        k = _key(text[e.start:e.end])
        if len(k) >= 3 and k[:1].isupper() and "\n" not in k:
            known.setdefault(k, (e.label, e.canonical))
    surnames: dict[str, set[str]] = defaultdict(set)
    for label, canonical in known.values():
        if label == "PERSON" and canonical and " " in canonical:
            parts = canonical.split()
            surnames[parts[-1]].add(canonical)
            first_particle = next((i for i, p in enumerate(parts[1:], 1) if p in NAME_PARTICLES), None)
            if first_particle is not None:
                surnames[" ".join(parts[first_particle:])].add(canonical)
    for s, names in surnames.items():
        if len(names) == 1 and s not in known:
            known[s] = ("PERSON", next(iter(names)))
    if not known:
        return ents
    pattern = re.compile(r"(?<![\w.-])(?:" + "|".join(re.escape(k) for k in sorted(known, key=len, reverse=True)) + r")(?![\w]|-\w)")
    covered = sorted((e.start, e.end) for e in ents)
    starts = [c[0] for c in covered]
    max_end = list(itertools.accumulate((c[1] for c in covered), max))
    added: list[_Ent] = []
    for p_start, p_end in para_spans:
        for m in pattern.finditer(text, p_start, p_end):
            i = bisect.bisect_left(starts, m.end())  # entities starting before the match ends
            if i > 0 and max_end[i - 1] > m.start():
                continue  # already covered by an entity
            before = text[max(p_start, m.start() - 40): m.start()]
            if _PREV_CAPITALISED.search(before) and not _TITLE_WORD_BEFORE.search(before) and not _sentence_start(before):
                continue  # part of a longer capitalised name NER did not see
            if re.match(r"\s+[A-Z][a-z]", text[m.end(): m.end() + 3]):
                continue
            label, canonical = known[m.group(0)]
            added.append(_Ent(m.start(), m.end(), label, WEAK, canonical))
    return ents + added


def _sentence_start(before: str) -> bool:
    stripped = before.rstrip()
    return stripped == "" or stripped[-1] in ".!?\"“”:;"


def document_entities(text: str, spacy_docs: Sequence[tuple[int, Any]], gaz: Gazetteer,
                      dateline: tuple[int, int] | None = None) -> list[Entity]:
    """All passes for one document, given the spaCy docs of its paragraphs (offset, doc) and
    the span of the dateline's place, if any (a GPE, whatever NER made of "ST. JOSEPH")."""
    para_spans = [(off, off + len(sd.text)) for off, sd in spacy_docs]
    by_para: list[list[_Ent]] = []
    for off, sd in spacy_docs:
        ents: list[_Ent] = []
        by_para.append(ents)
        for e in sd.ents:
            label = LABEL_MAP.get(e.label_, e.label_)
            if label not in KEPT_LABELS:
                continue
            s, t = off + e.start_char, off + e.end_char
            # a French elided article is not part of the name ("l'OTAN", "d'Ukraine")
            if t - s > 3 and text[s + 1] in "'’" and text[s] in "lLdD":
                s += 2
            # trim possessive and surrounding punctuation spaCy sometimes keeps
            while t > s and text[t - 1] in " .,;:'\"’”)":
                if text[t - 1] == "." and re.search(r"\b[A-Z]\.$|\b[A-Z][a-z]?\.$", text[s:t]):
                    break  # "U.S.", "Jr."
                t -= 1
            if text.endswith(("'s", "’s"), s, t):
                t -= 2
            # a leading article is not part of the name ("the United Nations"), unless the
            # gazetteer knows the name with it ("The New York Times")
            for article in ("the ", "The ", "a ", "an ", "la ", "le ", "les ", "el ", "los ", "las ", "der ", "die ", "das "):
                if text.startswith(article, s, t) and text[s:t] not in gaz.labels:
                    s += len(article)
                    break
            # a name in English has a capital somewhere ("iPhone", "NATO"); "n't" and "max" do not
            if t > s and any(ch.isupper() for ch in text[s:t]):
                ents.append(_Ent(s, t, label, WEAK))
    # gazetteer and title cue paragraph by paragraph (each only compares within its paragraph)
    ents = []
    for span, local in zip(para_spans, by_para, strict=True):
        local = _apply_gazetteer(text, local, gaz, [span])
        ents.extend(_join_particles(text, _apply_titles(text, local, [span]), [span]))
    if dateline is not None:
        ds, de = dateline
        city_end = text.find(",", ds, de)
        city = _Ent(ds, city_end if city_end > ds else de, "GPE", STRONG)
        ents = [e for e in ents if not _overlaps(e, city)] + [city]
    _harmonise(text, ents)
    _link_people(text, ents)
    ents = _propagate(text, ents, para_spans)
    _link_people(text, ents)
    _harmonise(text, ents)
    _extend_to_particles(text, ents)
    ents.sort(key=lambda e: (e.start, -e.end))
    out: list[Entity] = []
    last_end = -1
    for e in ents:
        if e.start < last_end:
            continue
        out.append(Entity(text=text[e.start:e.end], label=e.label, start=e.start, end=e.end, canonical=e.canonical))
        last_end = e.end
    return out
