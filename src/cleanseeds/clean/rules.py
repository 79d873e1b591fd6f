"""Line rules as data: loading, the degenerate-rule guard, and fast matching.

Rules live in ``clean/rules/*.toml`` (one file per category). Each rule has an ``id``, a
``pattern`` (a Python regex, searched in the line with its whitespace collapsed,
case-insensitive unless ``case_sensitive = true``), a one-line ``why``, ``keep`` and
``drop`` examples, and optionally ``max_chars`` (a rule never fires on a longer line: junk
prompts are short, and a long paragraph that happens to contain "donate" is prose).

``settings.rules_file`` layers a user TOML file of the same shape over the shipped rules: a
rule with a new ``id`` is added, one with an existing ``id`` replaces it, and
``disabled = true`` switches a shipped rule off.

Patterns are compiled once per process (the pipeline caches the RuleSet per process). A
rule's regex only runs on a line that contains at least one of the literal strings the
pattern cannot match without (taken from the parsed pattern, :func:`required_literals`) and
is not longer than the rule's ``max_chars``. The literals of all rules are found with one
trie-shaped scan of the line (:func:`literal_scanner`), which yields the candidate rules as a
bit mask in rule order; the first candidate whose regex fires wins. The prefilter never
changes a decision, it only skips searches that cannot succeed.
"""
from __future__ import annotations

import hashlib
import json
import re
import tomllib
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any, TypeAlias

from cleanseeds.clean import literals as _literals
from cleanseeds.clean.literals import CASELESS_LITERALS as CASELESS_LITERALS  # re-exported
from cleanseeds.clean.literals import FOLD_TO_ASCII as FOLD_TO_ASCII  # re-exported
from cleanseeds.clean.literals import LiteralsError
from cleanseeds.clean.literals import fold as fold  # re-exported
from cleanseeds.clean.thresholds import context_thresholds
from cleanseeds.errors import RuleError
from cleanseeds.reasons import LINE_REASONS, LineReason

#: The modules of this package whose code decides lines. Their source, the rules and the
#: context thresholds (``clean/context.toml``) make the rules version (:func:`rules_version`):
#: any change to one of them reprocesses documents, with no hand-bumped number to forget.
ENGINE_MODULES = ("context.py", "engine.py", "literals.py", "rules.py", "templates.py", "thresholds.py")

DEFAULT_MAX_CHARS = 200
#: Distinct lines whose rule verdict :meth:`RuleSet.match` remembers (about 4 MB at most: a
#: site's repeated menus and footers recur within a few hundred documents).
MATCH_MEMO_SIZE = 20_000
#: Lines that at most this many literals could let through are checked literal by literal
#: rather than with the trie scan (long lines, where only a few long-line rules apply).
DIRECT_LOOKUP_MAX = 40

#: Real prose (written for this guard) in the four rule languages. A rule that matches more
#: than :data:`MAX_PROSE_SHARE` of these sentences would eat articles and is refused.
PROSE_SAMPLE: tuple[str, ...] = (
    "The city council voted on Tuesday to expand the bus network into the northern suburbs.",
    "Prices for wheat rose sharply after the harvest was delayed by heavy rain in the spring.",
    "She said the hospital had hired forty nurses since January but still needed more staff.",
    "The museum reopened its east wing, which had been closed for repairs since the storm.",
    "Officials expect the bridge to carry about twelve thousand vehicles a day when it opens.",
    "He grew up on a farm near the river and moved to the capital when he was seventeen.",
    "The company reported a loss for the quarter, citing higher energy and shipping costs.",
    "Researchers followed two thousand patients for five years to measure the drug's effect.",
    "Turkey's stance has risks",
    "Voters in three states will decide on the measure in November.",
    "The talks ended without an agreement, and both sides said they would meet again next week.",
    "Teachers said the new schedule left too little time for lunch and for the library.",
    "Der Stadtrat hat am Dienstag beschlossen, das Busnetz in die nördlichen Vororte auszubauen.",
    "Die Preise für Weizen stiegen stark, nachdem sich die Ernte durch Regen verzögert hatte.",
    "Nach Angaben der Polizei wurde niemand verletzt, die Straße blieb aber stundenlang gesperrt.",
    "Die Regierung will das Gesetz noch vor der Sommerpause durch den Bundestag bringen.",
    "Le conseil municipal a voté mardi l'extension du réseau de bus vers les banlieues du nord.",
    "Les prix du blé ont fortement augmenté après le retard de la récolte dû aux pluies.",
    "Selon la police, personne n'a été blessé, mais la route est restée fermée plusieurs heures.",
    "Le gouvernement veut faire adopter la loi avant les vacances parlementaires.",
    "El ayuntamiento aprobó el martes ampliar la red de autobuses hacia los barrios del norte.",
    "Los precios del trigo subieron con fuerza después de que la cosecha se retrasara por la lluvia.",
    "Según la policía, nadie resultó herido, pero la carretera permaneció cerrada varias horas.",
    "El gobierno quiere aprobar la ley antes de las vacaciones parlamentarias.",
)
MAX_PROSE_SHARE = 0.2

#: Roles a rule can play in the context logic (:mod:`cleanseeds.clean.engine`), declared in
#: the rules' TOML with ``role = "..."``: the engine finds rules by role, never by id, so a
#: rule can be renamed, or a user rule take over a role, without changing the context logic.
ROLES: dict[str, str] = {
    "link_list_header": "a header over a list of links ('Related', 'Most popular'): the link-like lines under it go (both modes)",
    "labelled_link": "a labelled link ('Related: ...', 'Watch: ...'): the link is on the line itself; the lines under it stay (the text goes on)",
    "timestamp": "a time stamp alone on a line: under a bare name it makes a comment header (text mode)",
    "comment_author": "a comment author line ('jdoe says:'): a comment header (text mode)",
    "article_end": "a line that only ever follows an article (author box, comment-thread header): it ends the text (text mode)",
    "number": "a number alone on a line (a pager, a rank): one every few lines between short kept cells it is a table column and stays (text mode)",
    "inline": "a button or widget label that sits inside a page's blocks ('Learn more', 'Add to cart'): removed, but no barrier to the text region (text mode)",
    "story_end": "a box that closes a story ('Stay updated', 'Discover more from X'): late on an article page it ends the text (HTML mode)",
}
_PROSE_FOLDED = tuple(s.lower() for s in PROSE_SAMPLE)
_DEGENERATE_PROBES = ("", " ", "a", "x", ".", "0", "the", "and")


@dataclass(frozen=True, slots=True)
class Rule:
    id: str
    reason: str
    pattern: str
    why: str
    keep: tuple[str, ...] = ()
    drop: tuple[str, ...] = ()
    max_chars: int = DEFAULT_MAX_CHARS
    case_sensitive: bool = False
    lang: str | None = None
    source: str = "shipped"
    role: str | None = None  # one of ROLES
    kept_on: frozenset[str] = frozenset()  # page kinds (HTML) whose lines the rule leaves alone

    def compiled(self) -> re.Pattern[str]:
        return re.compile(self.pattern, 0 if self.case_sensitive else re.IGNORECASE)

    def matches(self, line: str) -> bool:
        """Does the rule fire on this (raw) line? Same semantics as the combined matcher."""
        norm = normalize(line)
        return bool(norm) and len(norm) <= self.max_chars and self.compiled().search(norm) is not None

    def key(self) -> dict[str, Any]:
        return {
            "id": self.id, "reason": self.reason, "pattern": self.pattern, "max_chars": self.max_chars,
            "cs": self.case_sensitive, "role": self.role, **({"kept_on": sorted(self.kept_on)} if self.kept_on else {}),
        }


_WS_EXTRA = str.maketrans({"\u200b": " ", "\ufeff": " ", "\u200c": " ", "\u200d": " ", "\u2060": " "})
_ZERO_WIDTH = tuple(chr(c) for c in _WS_EXTRA)


def normalize(line: str) -> str:
    """The form rules see: zero-width characters dropped, whitespace collapsed, stripped."""
    if not line.isascii() and any(ch in line for ch in _ZERO_WIDTH):  # they are not ASCII
        line = line.translate(_WS_EXTRA)
    return " ".join(line.split())


# --- prefilter: literals a pattern cannot match without --------------------------------------


def required_literals(pattern: str, flags: int = 0) -> tuple[str, ...] | None:
    """:func:`cleanseeds.clean.literals.required_literals`, ties broken on
    :data:`PROSE_SAMPLE` (raises :class:`cleanseeds.clean.literals.LiteralsError` for syntax
    it does not read: the prefilter is never switched off without a word)."""
    return _literals.required_literals(pattern, flags, _PROSE_FOLDED)


_Trie: TypeAlias = dict[str, "_Trie"]


def literal_scanner(literals: list[str] | tuple[str, ...]) -> re.Pattern[str]:
    """One pattern whose ``findall`` gives, at every position of a string, the longest of
    ``literals`` that starts there (overlapping occurrences included).

    The alternation is written as a trie (one branch per next character), so the engine
    tries a handful of first characters per position, not every literal. A literal occurs
    in the string iff it is a prefix of one of the longest literals found (both start at the
    same position), which is how :class:`RuleSet` turns the result into candidate rules.
    """
    root: _Trie = {}
    for lit in literals:
        node = root
        for ch in lit:
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node: _Trie) -> str:
        alts = [re.escape(ch) + emit(child) for ch, child in sorted(node.items()) if ch]
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        # greedy: a longer literal through this node first, this one if none matches
        return f"(?:{body})?" if "" in node else body

    return re.compile(f"(?=({emit(root)}))" if root else r"(?!x)x")


@dataclass(slots=True)
class RuleSet:
    """All rules, compiled. Picklable (patterns are recompiled lazily after unpickling)."""

    rules: tuple[Rule, ...]
    version: str
    _searches: list[Any] = field(default_factory=list, repr=False, compare=False)
    _scan: Any = field(default=None, repr=False, compare=False)
    _lit_mask: dict[str, int] = field(default_factory=dict, repr=False, compare=False)
    _always: int = field(default=0, repr=False, compare=False)
    _len_mask: list[int] = field(default_factory=list, repr=False, compare=False)
    _direct: list[Any] = field(default_factory=list, repr=False, compare=False)
    _memo: dict[str, Rule | None] = field(default_factory=dict, repr=False, compare=False)

    def __post_init__(self) -> None:
        self._compile()

    def __getstate__(self) -> dict[str, Any]:
        return {"rules": self.rules, "version": self.version}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.rules, self.version = state["rules"], state["version"]
        self._memo = {}
        self._compile()

    def _compile(self) -> None:
        # Measured: Python's re tries every branch of a big alternation at every position,
        # so one combined pattern of the rules is ~3x slower than the rules one by one (each
        # keeps its own literal-prefix and ^-anchor fast paths). What is combined is the
        # prefilter: one trie-shaped scan of the line finds every required literal present
        # (:func:`literal_scanner`), which gives the candidate rules as a bit mask over the
        # rule order; rules too short for the line are masked out; the candidates are then
        # searched in rule order and the first hit wins.
        self._searches = [r.compiled().search for r in self.rules]
        always = 0
        by_lit: dict[str, int] = {}
        lits_of = [required_literals(r.pattern) for r in self.rules]
        for n, lits in enumerate(lits_of):
            if lits is None:
                always |= 1 << n
            else:
                for lit in lits:
                    by_lit[lit] = by_lit.get(lit, 0) | (1 << n)
        # a literal found in the line means every literal that is a prefix of it is there too
        self._lit_mask = {lit: _or_masks(by_lit.get(lit[:k], 0) for k in range(1, len(lit) + 1)) for lit in by_lit}
        self._scan = literal_scanner(sorted(by_lit))
        self._always = always
        top = max((r.max_chars for r in self.rules), default=0)
        self._len_mask = [
            _or_masks(1 << k for k, r in enumerate(self.rules) if r.max_chars >= n) for n in range(top + 1)
        ]
        # long lines: few rules may fire on them, and looking up their few literals one by
        # one costs less than scanning the whole line for every literal
        direct_by_mask = {m: _direct_lookups(m, lits_of) for m in set(self._len_mask)}
        self._direct = [direct_by_mask[m] for m in self._len_mask]

    @property
    def max_chars(self) -> int:
        return max((r.max_chars for r in self.rules), default=0)

    def match(self, norm: str) -> Rule | None:
        """The rule that fires on a normalized line (the first in file order), or ``None``.

        Results are memoized per line text (menus, footers and prompts repeat across the
        documents of a site); the memo is cleared when it reaches :data:`MATCH_MEMO_SIZE`."""
        n = len(norm)
        if not n or n >= len(self._len_mask):
            return None
        memo = self._memo
        hit = memo.get(norm, memo)
        if hit is not memo:
            return hit  # type: ignore[return-value]
        if len(memo) >= MATCH_MEMO_SIZE:
            memo.clear()
        hit = memo[norm] = self._match(norm, n)
        return hit

    def _match(self, norm: str, n: int) -> Rule | None:
        mask = self._always
        direct = self._direct[n]
        if direct is None:
            lit_mask = self._lit_mask
            for lit in set(self._scan.findall(fold(norm))):
                mask |= lit_mask[lit]
        else:
            folded = fold(norm)
            for lit, bits in direct:
                if lit in folded:
                    mask |= bits
        mask &= self._len_mask[n]
        searches = self._searches
        while mask:
            low = mask & -mask
            k = low.bit_length() - 1
            if searches[k](norm) is not None:
                return self.rules[k]
            mask ^= low
        return None

    def ids_with_role(self, role: str) -> frozenset[str]:
        """Ids of the rules that play ``role`` (one of :data:`ROLES`)."""
        if role not in ROLES:
            raise KeyError(f"unknown rule role {role!r} (one of {sorted(ROLES)})")
        return frozenset(r.id for r in self.rules if r.role == role)

    def by_id(self, rule_id: str) -> Rule | None:
        for r in self.rules:
            if r.id == rule_id:
                return r
        return None

    def categories(self) -> dict[str, list[Rule]]:
        out: dict[str, list[Rule]] = {}
        for r in self.rules:
            out.setdefault(r.reason, []).append(r)
        return out


def _direct_lookups(mask: int, lits_of: list[tuple[str, ...] | None]) -> tuple[tuple[str, int], ...] | None:
    """(literal, rule bits) of the rules in ``mask``, if they are few enough to look up one by one."""
    pairs: dict[str, int] = {}
    for k, lits in enumerate(lits_of):
        if mask >> k & 1:
            for lit in lits or ():
                pairs[lit] = pairs.get(lit, 0) | (1 << k)
    return tuple(pairs.items()) if len(pairs) <= DIRECT_LOOKUP_MAX else None


def _or_masks(masks: Any) -> int:
    out = 0
    for m in masks:
        out |= m
    return out


# --- loading ---------------------------------------------------------------------------------

_ALLOWED_KEYS = {
    "id", "reason", "pattern", "phrases", "why", "keep", "drop", "max_chars", "case_sensitive", "lang", "disabled", "role",
    "kept_on",
}
#: ``{name}`` in a pattern: where the loader puts the phrase group ``name`` (a regex
#: quantifier is digits and a comma, so the two never mix).
_PLACEHOLDER = re.compile(r"\{([A-Za-z_]\w*)\}")


def join_phrases(pattern: str, phrases: Any, rid: str, case_sensitive: bool = False) -> str:
    """The pattern with every ``{name}`` replaced by the group ``(?:p1|p2|...)`` of the
    phrases listed under ``name`` (as trafilatura's ``xpaths.py`` groups its tokens).

    The guard: every group is a non-empty list of distinct, non-blank phrases, each a
    regex of its own that is one alternative (no top-level ``|``) and cannot match the
    empty string (an optional phrase would let the group match everywhere); every group is
    used exactly once and every placeholder names a group."""
    if not isinstance(phrases, dict) or not phrases:
        raise RuleError(f"rule {rid!r}: phrases must be a table of named phrase lists")
    used = _PLACEHOLDER.findall(pattern)
    for name in used:
        if name not in phrases:
            raise RuleError(f"rule {rid!r}: the pattern uses {{{name}}} but there is no phrase list {name!r}")
    flags = 0 if case_sensitive else re.IGNORECASE
    for name, items in phrases.items():
        if used.count(name) != 1:
            raise RuleError(f"rule {rid!r}: phrase list {name!r} must appear exactly once in the pattern as {{{name}}}")
        if not isinstance(items, list) or not items:
            raise RuleError(f"rule {rid!r}: phrase list {name!r} is empty")
        if len(set(items)) != len(items):
            raise RuleError(f"rule {rid!r}: phrase list {name!r} repeats a phrase")
        for item in items:
            _check_phrase(rid, name, item, flags)
    return _PLACEHOLDER.sub(lambda m: "(?:" + "|".join(phrases[m.group(1)]) + ")", pattern)


def _check_phrase(rid: str, name: str, item: Any, flags: int) -> None:
    where = f"rule {rid!r}: phrase {item!r} of {name!r}"
    if not isinstance(item, str) or not item.strip():
        raise RuleError(f"rule {rid!r}: phrase list {name!r} has an empty or non-string phrase")
    try:
        compiled = re.compile(item, flags)
        branches = _literals.branch_count(item)
    except (re.error, LiteralsError) as exc:
        raise RuleError(f"{where} is not a regex of its own: {exc}") from exc
    if branches != 1:
        raise RuleError(f"{where} has a top-level '|': list each alternative as a phrase of its own")
    if compiled.fullmatch("") is not None:
        raise RuleError(f"{where} matches the empty string: the group would match everywhere")


def _examples(data: dict[str, Any], rid: str, source: str) -> tuple[list[str], list[str]]:
    keep, drop = data.get("keep", []), data.get("drop", [])
    if not (isinstance(keep, list) and isinstance(drop, list) and all(isinstance(x, str) for x in keep + drop)):
        raise RuleError(f"{source}: rule {rid!r}: keep and drop must be lists of strings")
    if not drop:
        raise RuleError(f"{source}: rule {rid!r} needs at least one drop example")
    return keep, drop


def _rule_from_mapping(data: dict[str, Any], category: str | None, source: str) -> Rule | str:
    """A :class:`Rule`, or the id of a rule to disable."""
    unknown = set(data) - _ALLOWED_KEYS
    if unknown:
        raise RuleError(f"{source}: rule {data.get('id', '?')!r} has unknown key(s) {sorted(unknown)}")
    rid = data.get("id")
    if not isinstance(rid, str) or not rid.strip():
        raise RuleError(f"{source}: a rule without an id")
    if data.get("disabled"):
        return rid
    reason = data.get("reason", category)
    if reason not in LINE_REASONS:
        raise RuleError(f"{source}: rule {rid!r} has unknown reason {reason!r} (one of {sorted(LINE_REASONS)})")
    pattern, why = data.get("pattern"), data.get("why")
    if not isinstance(pattern, str) or not isinstance(why, str) or not why.strip():
        raise RuleError(f"{source}: rule {rid!r} needs a string pattern and a one-line why")
    if "phrases" in data:
        try:
            pattern = join_phrases(pattern, data["phrases"], rid, bool(data.get("case_sensitive", False)))
        except RuleError as exc:
            raise RuleError(f"{source}: {exc}") from None
    keep, drop = _examples(data, rid, source)
    max_chars = data.get("max_chars", DEFAULT_MAX_CHARS)
    if not isinstance(max_chars, int) or not 1 <= max_chars <= 5000:
        raise RuleError(f"{source}: rule {rid!r}: max_chars must be an integer in 1..5000")
    role = data.get("role")
    if role is not None and role not in ROLES:
        raise RuleError(f"{source}: rule {rid!r} has unknown role {role!r} (one of {sorted(ROLES)})")
    return Rule(
        id=rid, reason=LineReason(reason).value, pattern=pattern, why=why.strip(), keep=tuple(keep), drop=tuple(drop),
        max_chars=max_chars, case_sensitive=bool(data.get("case_sensitive", False)), lang=data.get("lang"), source=source,
        role=role, kept_on=_kinds(data.get("kept_on", []), rid, source),
    )


def _kinds(value: Any, rid: str, source: str) -> frozenset[str]:
    """A rule's ``kept_on``: page kinds (``records.PageType``) on which it does not fire."""
    from typing import get_args

    from cleanseeds.records import PageType

    kinds = set(get_args(PageType))
    if not isinstance(value, list) or not all(isinstance(k, str) and k in kinds for k in value):
        raise RuleError(f"{source}: rule {rid!r}: kept_on must be a list of page kinds (of {sorted(kinds)})")
    return frozenset(value)


def parse_rules_toml(text: str, source: str) -> tuple[list[Rule], list[str]]:
    """Rules and disabled ids from one TOML document."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise RuleError(f"{source}: invalid TOML: {exc}") from exc
    category = data.get("category")
    if category is not None and category not in LINE_REASONS:
        raise RuleError(f"{source}: unknown category {category!r}")
    raw = data.get("rule", [])
    if not isinstance(raw, list):
        raise RuleError(f"{source}: [[rule]] entries expected")
    rules: list[Rule] = []
    disabled: list[str] = []
    for item in raw:
        r = _rule_from_mapping(item, category, source)
        (disabled.append(r) if isinstance(r, str) else rules.append(r))
    return rules, disabled


def _check_syntax(rule: Rule) -> re.Pattern[str]:
    """The compiled pattern of a rule whose syntax the matcher and the prefilter accept."""
    if "(?P<" in rule.pattern or "(?P=" in rule.pattern or re.search(r"\\[1-9]", rule.pattern):
        raise RuleError(f"rule {rule.id!r}: named groups and backreferences are not allowed (rules are combined into one pattern)")
    if re.match(r"^\(\?[aiLmsux]+\)", rule.pattern):
        raise RuleError(f"rule {rule.id!r}: global inline flags are not allowed; use case_sensitive")
    try:
        pat = rule.compiled()
    except re.error as exc:
        raise RuleError(f"rule {rule.id!r}: invalid pattern: {exc}") from exc
    try:
        required_literals(rule.pattern)
    except LiteralsError as exc:
        raise RuleError(f"rule {rule.id!r}: {exc}") from exc
    return pat


def check_rule(rule: Rule) -> None:
    """The guard: refuse a malformed or degenerate rule with :class:`RuleError`."""
    pat = _check_syntax(rule)
    for probe in _DEGENERATE_PROBES:
        if pat.search(probe) is not None and pat.search(probe).group(0) == "":  # type: ignore[union-attr]
            raise RuleError(f"rule {rule.id!r} is degenerate: it matches the empty string")
    hits = sum(1 for s in PROSE_SAMPLE if rule.matches(s))
    if hits > MAX_PROSE_SHARE * len(PROSE_SAMPLE):
        raise RuleError(f"rule {rule.id!r} is degenerate: it matches {hits} of {len(PROSE_SAMPLE)} sentences of ordinary prose")
    for ex in rule.drop:
        if not rule.matches(ex):
            raise RuleError(f"rule {rule.id!r}: its drop example {ex!r} does not match")
    for ex in rule.keep:
        if rule.matches(ex):
            raise RuleError(f"rule {rule.id!r}: its keep example {ex!r} matches")


# When several rules match a line, the first in this order wins: specific appeals and
# prompts before the broad shapes (a "Share this: Facebook | X" line is a social prompt even
# though it also looks like a '|'-separated menu; "Click here to follow us on Instagram" is
# social before it is a generic click-here prompt).
CATEGORY_PRECEDENCE = (
    "advertisement", "copyright", "donation", "paywall", "newsletter", "cookie", "social",
    "comment_prompt", "caption_credit", "navigation", "other_boilerplate",
)


def shipped_rule_files() -> list[tuple[str, str]]:
    """(name, text) of every shipped rules file, in category precedence order."""
    base = resources.files("cleanseeds.clean").joinpath("rules")
    out = [(p.name, p.read_text(encoding="utf-8")) for p in base.iterdir() if p.name.endswith(".toml")]

    def rank(item: tuple[str, str]) -> tuple[int, str]:
        stem = item[0].removesuffix(".toml")
        return (CATEGORY_PRECEDENCE.index(stem) if stem in CATEGORY_PRECEDENCE else len(CATEGORY_PRECEDENCE), stem)

    return sorted(out, key=rank)


def build_ruleset(extra_files: list[tuple[str, str]] | None = None) -> RuleSet:
    rules: dict[str, Rule] = {}
    for name, text in shipped_rule_files():
        for r in parse_rules_toml(text, name)[0]:
            if r.id in rules:
                raise RuleError(f"{name}: duplicate rule id {r.id!r}")
            rules[r.id] = r
    for name, text in extra_files or []:
        new, disabled = parse_rules_toml(text, name)
        for rid in disabled:
            if rules.pop(rid, None) is None:
                raise RuleError(f"{name}: cannot disable unknown rule {rid!r}")
        for r in new:
            rules[r.id] = r
    for r in rules.values():
        check_rule(r)
    ordered = tuple(rules.values())
    return RuleSet(ordered, rules_version(ordered))


@lru_cache(maxsize=1)
def engine_fingerprint() -> str:
    """A hash of the engine's code (:data:`ENGINE_MODULES`, line endings normalized)."""
    base = resources.files("cleanseeds.clean")
    h = hashlib.sha256()
    for name in ENGINE_MODULES:
        h.update(name.encode() + b"\0" + base.joinpath(name).read_bytes().replace(b"\r\n", b"\n") + b"\0")
    return h.hexdigest()


def rules_version(rules: tuple[Rule, ...]) -> str:
    """The version of the cleaning: a hash of the rules (in order), the context thresholds
    and the engine's code. Stored per document (``rules_version``); a change reprocesses."""
    payload = [engine_fingerprint(), dict(context_thresholds()), [r.key() for r in rules]]
    return hashlib.sha256(json.dumps(payload, sort_keys=True).encode()).hexdigest()[:12]


def load_user_rules_file(path: str | Path) -> tuple[str, str]:
    try:
        return (str(path), Path(path).read_text(encoding="utf-8"))
    except OSError as exc:
        raise RuleError(f"cannot read rules file {path}: {exc}") from exc
