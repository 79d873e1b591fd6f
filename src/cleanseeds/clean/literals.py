"""Literals a regex cannot match without: the data behind the rule matcher's prefilter.

:func:`required_literals` reads a pattern with its own small parser of Python's regex syntax
(no private CPython module: ``re._parser`` may change between releases) and returns strings of
which every line the pattern matches contains at least one, after :func:`fold`. A pattern the
parser cannot read raises :class:`LiteralsError`: the prefilter is never switched off without a
word. ``None`` means the pattern has no such literal (a rule made only of classes and
anchors, such as ``^\\d+$``), and then the rule runs on every line.

What counts as required, over a sequence of items:

* a run of literal characters (ASCII, and the caseless symbols of :data:`CASELESS_LITERALS`);
  a class of one such character (``[Bb]`` folds to ``b``) continues the run;
* a class of at most four such characters (``[x×]``);
* a group: what its content requires; an alternation: the union over its branches, if every
  branch requires something;
* a repeated item: what the item requires, if it is repeated at least once.

Of the candidates of a sequence the longest shortest literal wins, then the set ordinary prose
contains least. Superstrings of another literal of the set are dropped.
"""
from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

#: Non-ASCII characters that Python's case-insensitive matching equates with an ASCII letter
#: (``re`` simple lower-case mapping plus its extra cases; checked against ``_sre`` by a test).
#: Folding them to that letter before ``str.lower`` keeps the prefilter exact.
FOLD_TO_ASCII = str.maketrans({"\u0130": "i", "\u0131": "i", "\u017f": "s", "\u212a": "k"})

_FOLD_PAIRS = tuple((chr(k), str(v)) for k, v in FOLD_TO_ASCII.items())

#: Non-ASCII characters without case: ``re.IGNORECASE`` matches each of them only to itself
#: and :func:`fold` keeps it, so they may be prefilter literals (checked by a test against
#: ``_sre`` over every code point).
CASELESS_LITERALS = frozenset("©®™°§¶•·×÷«»‹›←→–—…€£¥")


class LiteralsError(ValueError):
    """A pattern uses syntax :func:`required_literals` does not read."""


def fold(text: str) -> str:
    """The form the prefilter searches: ASCII letters lower-cased the way ``re.IGNORECASE``
    matches them. Only ASCII literals are looked up, so other characters may fold loosely.
    (Same as ``text.translate(FOLD_TO_ASCII).lower()``; ``str.replace`` of the few characters
    present is much faster than ``translate`` on a long text.)"""
    if not text.isascii():
        for ch, letter in _FOLD_PAIRS:
            if ch in text:
                text = text.replace(ch, letter)
    return text.lower()


def literal_char(ch: str) -> str | None:
    """The folded form of a literal character the prefilter can look up, else ``None``."""
    if ch.isascii():
        return ch.lower()
    return ch if ch in CASELESS_LITERALS else None


# --- the parse tree --------------------------------------------------------------------------
# A sequence is a list of items. An item is one of:


@dataclass(frozen=True, slots=True)
class Char:
    """A literal character; ``folded`` is ``None`` when the prefilter cannot look it up."""

    folded: str | None


@dataclass(frozen=True, slots=True)
class CharSet:
    """A character class; ``chars`` are its folded characters when it is a plain set of
    characters the prefilter can look up, else ``None`` (ranges, negation, categories)."""

    chars: frozenset[str] | None


@dataclass(frozen=True, slots=True)
class Opaque:
    """Anything that matches no fixed literal: ``.``, ``\\d``, anchors, look-arounds,
    backreferences."""


@dataclass(frozen=True, slots=True)
class Group:
    """``(...)`` of any kind that consumes text; ``branches`` are its alternatives."""

    branches: tuple[tuple[object, ...], ...]


@dataclass(frozen=True, slots=True)
class Repeat:
    item: object
    min: int


_OPAQUE = Opaque()
_SIMPLE_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "f": "\f", "v": "\v", "a": "\a"}
_CATEGORY_ESCAPES = frozenset("dDwWsS")
_ANCHOR_ESCAPES = frozenset("bBAZ")
_QUANT = re.compile(r"\{(\d*)(?:(,)(\d*))?\}")
_FLAGS = re.compile(r"\(\?([aiLmsux]*)(?:-([imsx]+))?:")


def _is_quantifier(p: str, i: int) -> bool:
    m = _QUANT.match(p, i)
    return m is not None and bool(m.group(1) or m.group(2))  # "{}" is two literal characters


class _Parser:
    def __init__(self, pattern: str, verbose: bool) -> None:
        self.p = pattern
        self.i = 0
        self.verbose = verbose

    def fail(self, what: str) -> LiteralsError:
        return LiteralsError(f"cannot derive prefilter literals: {what} at offset {self.i} of {self.p!r}")

    def parse(self) -> tuple[tuple[object, ...], ...]:
        branches = self.alternation()
        if self.i != len(self.p):
            raise self.fail("unbalanced ')'")
        return branches

    def alternation(self) -> tuple[tuple[object, ...], ...]:
        branches = [self.sequence()]
        while self.i < len(self.p) and self.p[self.i] == "|":
            self.i += 1
            branches.append(self.sequence())
        return tuple(branches)

    def sequence(self) -> tuple[object, ...]:
        items: list[object] = []
        p = self.p
        while self.i < len(p) and p[self.i] not in "|)":
            ch = p[self.i]
            if self.verbose and ch in " \t\n\r\f\v":
                self.i += 1
                continue
            if self.verbose and ch == "#":
                end = p.find("\n", self.i)
                self.i = len(p) if end < 0 else end + 1
                continue
            if ch in "*+?" or (ch == "{" and _is_quantifier(p, self.i)):
                if not items or isinstance(items[-1], Repeat):
                    raise self.fail("nothing to repeat")
                items[-1] = Repeat(items[-1], self.quantifier())
                continue
            item = self.atom()
            if item is not None:
                items.append(item)
        return tuple(items)

    def quantifier(self) -> int:
        p = self.p
        ch = p[self.i]
        if ch == "{":
            m = _QUANT.match(p, self.i)
            assert m is not None
            self.i = m.end()
            low = int(m.group(1) or 0)
        else:
            self.i += 1
            low = 1 if ch == "+" else 0
        if self.i < len(p) and p[self.i] in "?+":  # lazy or possessive
            self.i += 1
        return low

    def atom(self) -> object | None:
        p = self.p
        ch = p[self.i]
        self.i += 1
        if ch == "(":
            return self.group()
        if ch == "[":
            return self.char_class()
        if ch == "\\":
            return self.escape()
        if ch in ".^$":
            return _OPAQUE
        return Char(literal_char(ch))

    def group(self) -> object | None:
        p = self.p
        start = self.i - 1
        if p.startswith("?#", self.i):
            end = p.find(")", self.i)
            if end < 0:
                raise self.fail("unterminated comment")
            self.i = end + 1
            return None
        zero_width = False
        if p.startswith("?:", self.i) or p.startswith("?>", self.i):
            self.i += 2
        elif p.startswith("?P<", self.i):
            end = p.find(">", self.i)
            if end < 0:
                raise self.fail("unterminated group name")
            self.i = end + 1
        elif p.startswith("?P=", self.i):  # a backreference
            end = p.find(")", self.i)
            if end < 0:
                raise self.fail("unterminated backreference")
            self.i = end + 1
            return _OPAQUE
        elif p.startswith(("?=", "?!"), self.i):
            self.i += 2
            zero_width = True
        elif p.startswith(("?<=", "?<!"), self.i):
            self.i += 3
            zero_width = True
        elif p.startswith("?", self.i):
            m = _FLAGS.match(p, start)
            if m is None:
                raise self.fail("unsupported group syntax")
            self.i = m.end()
        branches = self.alternation()
        if self.i >= len(p) or p[self.i] != ")":
            raise self.fail("missing ')'")
        self.i += 1
        return _OPAQUE if zero_width else Group(branches)

    def escape(self) -> object:
        p = self.p
        if self.i >= len(p):
            raise self.fail("trailing backslash")
        ch = p[self.i]
        self.i += 1
        if ch in _CATEGORY_ESCAPES or ch in _ANCHOR_ESCAPES or ch.isdigit():
            return _OPAQUE  # a class of characters, an anchor, a backreference or an octal
        return Char(literal_char(self.escaped_char(ch)))

    def escaped_char(self, ch: str) -> str:
        """The character an escape ``\\ch...`` (after the backslash) stands for."""
        p = self.p
        if ch in _SIMPLE_ESCAPES:
            return _SIMPLE_ESCAPES[ch]
        for letter, digits in (("x", 2), ("u", 4), ("U", 8)):
            if ch == letter:
                code = p[self.i : self.i + digits]
                if len(code) != digits or not all(c in "0123456789abcdefABCDEF" for c in code):
                    raise self.fail(f"bad \\{letter} escape")
                self.i += digits
                return chr(int(code, 16))
        if ch.isascii() and ch.isalnum():
            raise self.fail(f"unsupported escape \\{ch}")
        return ch

    def char_class(self) -> CharSet:
        p = self.p
        plain = True
        if p.startswith("^", self.i):
            plain = False  # negated
            self.i += 1
        chars: set[str | None] = set()
        first = True
        while True:
            if self.i >= len(p):
                raise self.fail("unterminated character class")
            if p[self.i] == "]" and not first:
                self.i += 1
                break
            first = False
            ch = self.class_char()
            if p.startswith("-", self.i) and self.i + 1 < len(p) and p[self.i + 1] != "]":
                self.i += 1
                self.class_char()
                plain = False  # a range
                continue
            if ch is None:
                plain = False  # a category such as \\d
                continue
            chars.add(literal_char(ch))
        if not plain or None in chars:
            return CharSet(None)
        return CharSet(frozenset(c for c in chars if c is not None))

    def class_char(self) -> str | None:
        """One character of a class (``None`` for a category escape such as ``\\w``)."""
        p = self.p
        ch = p[self.i]
        self.i += 1
        if ch != "\\":
            return ch
        if self.i >= len(p):
            raise self.fail("trailing backslash")
        esc = p[self.i]
        self.i += 1
        if esc in _CATEGORY_ESCAPES:
            return None
        if esc == "b":
            return "\b"
        if esc.isdigit():
            raise self.fail("octal escape in a class")
        return self.escaped_char(esc)


# --- what a parsed sequence requires -----------------------------------------------------------


def _required(seq: Sequence[object], prose: Sequence[str]) -> frozenset[str] | None:
    """Strings (folded) of which every match of the sequence contains one."""
    cands: list[frozenset[str]] = []
    run: list[str] = []
    for item in seq:
        if isinstance(item, Char) and item.folded is not None:
            run.append(item.folded)
            continue
        if isinstance(item, CharSet) and item.chars is not None and len(item.chars) == 1:
            run.append(next(iter(item.chars)))
            continue
        if run:
            cands.append(frozenset({"".join(run)}))
            run = []
        req = _item_required(item, prose)
        if req:
            cands.append(req)
    if run:
        cands.append(frozenset({"".join(run)}))
    if not cands:
        return None
    # the longest shortest literal; then the set ordinary prose contains least ("app" over
    # "the"); then the smallest set
    longest = max(min(map(len, s)) for s in cands)
    cands = [s for s in cands if min(map(len, s)) == longest]
    return cands[0] if len(cands) == 1 else max(cands, key=lambda s: (-_prose_hits(s, prose), -len(s)))


def _item_required(item: object, prose: Sequence[str]) -> frozenset[str] | None:
    if isinstance(item, CharSet):
        chars = item.chars
        return chars if chars is not None and 0 < len(chars) <= 4 else None
    if isinstance(item, Group):
        return _branches_required(item.branches, prose)
    if isinstance(item, Repeat):
        return _required((item.item,), prose) if item.min >= 1 else None
    return None


def _branches_required(branches: Sequence[Sequence[object]], prose: Sequence[str]) -> frozenset[str] | None:
    if len(branches) == 1:
        return _required(branches[0], prose)
    alts = [_required(b, prose) for b in branches]
    if not all(alts):
        return None
    return frozenset().union(*(a for a in alts if a))


#: Ordinary prose (lower-cased) in which the tie-break between equally long candidates counts
#: hits.
_PROSE = (
    "the city council voted on tuesday to expand the bus network into the northern suburbs.",
    "prices for wheat rose sharply after the harvest was delayed by heavy rain in the spring.",
    "she said the hospital had hired forty nurses since january but still needed more staff.",
    "der stadtrat hat am dienstag beschlossen, das busnetz in die nördlichen vororte auszubauen.",
    "le conseil municipal a voté mardi l'extension du réseau de bus vers les banlieues du nord.",
    "el ayuntamiento aprobó el martes ampliar la red de autobuses hacia los barrios del norte.",
)


def _prose_hits(lits: frozenset[str], prose: Sequence[str]) -> int:
    return sum(1 for sentence in prose if any(lit in sentence for lit in lits))


def branch_count(pattern: str) -> int:
    """How many top-level alternatives ``pattern`` has (raises :class:`LiteralsError` for
    syntax the parser does not read)."""
    return len(_Parser(pattern, False).parse())


def required_literals(pattern: str, flags: int = 0, prose: Sequence[str] = _PROSE) -> tuple[str, ...] | None:
    """Literal strings of which any line ``pattern`` matches contains at least one (after
    :func:`fold`), or ``None`` when the pattern has no such literal (then it always runs).
    ``flags`` are the pattern's compile flags (``re.VERBOSE`` changes the parse). Raises
    :class:`LiteralsError` for syntax the parser does not read. ``prose`` (lower-cased
    sentences) breaks ties between equally long candidates."""
    req = _branches_required(_Parser(pattern, bool(flags & re.VERBOSE)).parse(), prose)
    if not req or "" in req:
        return None
    out: list[str] = []
    for s in sorted(req, key=lambda s: (len(s), s)):
        if not any(t in s for t in out):
            out.append(s)
    return tuple(out)
