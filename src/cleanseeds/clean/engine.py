"""The clean stage: every non-blank line is kept or removed, and every removal has a reason
code and the id of the rule (or context heuristic) that fired.

Order of decisions for one document:

1. **rules** (``clean/rules/*.toml``): context-free patterns, one combined regex per
   length tier (see :mod:`cleanseeds.clean.rules`);
2. **site templates**: lines repeated across the site's documents (see
   :mod:`cleanseeds.clean.templates`);
3. **context** (see :mod:`cleanseeds.clean.context`): the document's own title repeated
   as a line, then mode-specific rules over line classes, repeated to a fixed point.

In text mode every kept line is byte-identical to its input line; blank lines are
separators (neither kept nor counted as removed).
"""
from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from cleanseeds.clean import context as ctx
from cleanseeds.clean.rules import Rule, RuleSet, build_ruleset, load_user_rules_file, normalize
from cleanseeds.clean.templates import DocObservation, SiteTemplates, line_key, observe
from cleanseeds.config import Settings
from cleanseeds.reasons import LineReason
from cleanseeds.reasons import QuarantineReason as Q
from cleanseeds.records import Document, Rejected, RemovedLine, StageResult

_MAX_PASSES = 8
#: Roles (declared by the rules, ``role = ...`` in clean/rules/*.toml) the context logic reads.
#: A link-list header: the link-like lines under it go (both modes).
ROLE_LINK_HEADER = "link_list_header"
#: A labelled link ("Related: ..."): in HTML mode the lines under it go like a header's.
ROLE_LABELLED_LINK = "labelled_link"
#: Time stamps and comment author lines: the headers of a comment thread (text mode).
ROLE_TIMESTAMP = "timestamp"
ROLE_COMMENT_AUTHOR = "comment_author"
#: Lines that only ever come after an article (author box, comment thread) (text mode).
ROLE_ARTICLE_END = "article_end"
#: A button or widget label inside a block (a card's "Learn more"): removed, but the text
#: region grows across it as if it were not there (text mode).
ROLE_INLINE = "inline"
#: A number alone on a line (a pager, a rank): kept when it is a table's column (text mode).
ROLE_NUMBER = "number"
#: A box that closes a story ("Stay updated", "Discover more from X"): on an article page it
#: ends the text, as a share row does (HTML mode, ``context.html_end_cut``).
ROLE_STORY_END = "story_end"
#: Every role the context logic depends on (a test checks the shipped rules declare each).
REQUIRED_ROLES = (
    ROLE_LINK_HEADER, ROLE_LABELLED_LINK, ROLE_TIMESTAMP, ROLE_COMMENT_AUTHOR, ROLE_ARTICLE_END, ROLE_INLINE, ROLE_NUMBER, ROLE_STORY_END,
)
#: Roles whose lines count as link-list headers in HTML mode.
#: The roles whose lines take the link-like lines under them with them in HTML mode. Not a
#: labelled link ("Also read: <title>"): its link is on the line itself, and what follows it
#: is the text going on, often its next section heading (WCXB tune half: 14 of the 15 lines
#: taken under one were in the true main content).
_HTML_HEADER_ROLES = frozenset({ROLE_LINK_HEADER})
#: Rule-removed lines that end an article in plain text: heavy runs of prose after them
#: (comment threads, legal text, teaser streams) are not merged into the article region.
_END_REASONS = frozenset({LineReason.COMMENT_PROMPT.value, LineReason.COPYRIGHT.value, LineReason.NEWSLETTER.value})


def load_rules(settings: Settings) -> RuleSet:
    """Shipped rules, with ``settings.rules_file`` layered over them. Raises
    :class:`cleanseeds.errors.RuleError` for a malformed or degenerate rule."""
    extra = [load_user_rules_file(settings.rules_file)] if settings.rules_file else []
    return build_ruleset(extra)


@dataclass(slots=True)
class LineDecision:
    """The verdict on one line of ``source_text``."""

    line_no: int  # 1-based
    start: int
    end: int
    text: str
    kept: bool
    reason: str | None = None
    rule: str | None = None
    cls: str | None = None  # context class (good/head/short/medium), for explain


def split_lines(text: str) -> list[tuple[int, int, str]]:
    """(start, end, line) for every line of ``text`` split on "\\n" (offsets into text)."""
    out = []
    pos = 0
    for line in text.split("\n"):
        out.append((pos, pos + len(line), line))
        pos += len(line) + 1
    return out


def decide(
    source_text: str,
    mode: str,
    rules: RuleSet,
    title: str | None = None,
    template_keys: set[str] | frozenset[str] = frozenset(),
    norms: Sequence[str] | None = None,
    page_type: str | None = None,
) -> list[LineDecision]:
    """Decide every non-blank line of one document (blank lines are not returned).

    ``norms`` are the normalized lines of ``source_text`` split on "\\n" (one per line), when
    the caller already has them. ``page_type`` (HTML: the page's kind) decides whether the
    lines before the first prose line can be a lead-in (``context.LEAD_IN_KINDS``)."""
    decisions, kept_norms = _non_blank_lines(source_text, norms)
    if not decisions:
        return decisions
    roles = _apply_rules(decisions, kept_norms, rules, page_type)  # 1. rules
    # the code runs are only read for a line a rule removed (HTML) or a template line
    code = _CodeLines(kept_norms) if template_keys or (mode == "html" and not all(d.kept for d in decisions)) else None
    if mode != "html":
        for role in (ROLE_TIMESTAMP, ROLE_NUMBER):
            _restore_column(decisions, kept_norms, roles, role)
    elif code is not None:
        _restore_in_code(decisions, roles, code)
        _restore_listing_numbers(decisions, kept_norms, roles)
    if code is not None:
        _apply_templates(decisions, kept_norms, template_keys, code)  # 2. site templates
    lead_in = page_type is None or page_type in ctx.LEAD_IN_KINDS
    repeats = ctx.repeated_lines if page_type in ctx.REPEAT_KINDS else ctx.repeated_runs if page_type in ctx.REPEAT_RUN_KINDS else None
    repeats = repeats if mode == "html" else None
    ends = mode == "html" and page_type in ctx.HTML_END_KINDS
    _apply_context(decisions, kept_norms, roles, mode, title, lead_in, repeats, ends)  # 3. context
    return decisions


def _non_blank_lines(source_text: str, norms: Sequence[str] | None) -> tuple[list[LineDecision], list[str]]:
    """A kept decision and the normalized text of every non-blank line."""
    spans = split_lines(source_text)
    if norms is None:
        norms = [normalize(line) for _, _, line in spans]
    decisions: list[LineDecision] = []
    kept_norms: list[str] = []
    for n, ((start, end, line), norm) in enumerate(zip(spans, norms, strict=True), 1):
        if norm:
            decisions.append(LineDecision(n, start, end, line, True))
            kept_norms.append(norm)
    return decisions, kept_norms


def _apply_rules(decisions: list[LineDecision], norms: Sequence[str], rules: RuleSet, page_type: str | None = None) -> list[str | None]:
    """Remove the lines a rule fires on; returns each line's rule role (``None`` if none). A rule
    whose ``kept_on`` holds ``page_type`` leaves the line to the rules after it."""
    roles: list[str | None] = [None] * len(norms)
    for i, norm in enumerate(norms):
        r = rules.match(norm)
        if r is not None and page_type in r.kept_on:
            r = _next_rule(rules, r, norm, page_type)
        if r is not None:
            d = decisions[i]
            d.kept, d.reason, d.rule = False, r.reason, r.id
            roles[i] = r.role
    return roles


def _next_rule(rules: RuleSet, after: Rule, norm: str, page_type: str) -> Rule | None:
    """The first rule after ``after`` (file order) that fires on ``norm`` and is not kept on
    ``page_type`` (the combined matcher gives the first rule only; lines a ``kept_on`` rule matched
    are few)."""
    rest = rules.rules[rules.rules.index(after) + 1:]
    return next((r for r in rest if page_type not in r.kept_on and len(norm) <= r.max_chars and r.compiled().search(norm)), None)


def _restore_column(decisions: list[LineDecision], norms: Sequence[str], roles: list[str | None], role: str) -> None:
    """Keep the lines of a table column that rules of ``role`` removed (text mode): time
    stamps (a date column) or bare numbers (a rank column). At least
    :data:`context.COLUMN_MIN` such lines at one fixed period of 2 to
    :data:`context.COLUMN_MAX_PERIOD` lines, everything between them a kept cell of a few
    words ("1/1/2013", "+13.1%", "2/1/2013", "+13.1%" ...). A comment thread has a prose body
    between its stamps, a pager's numbers follow each other, a page's date line stands alone."""
    stamps = [i for i, r in enumerate(roles) if r == role]
    k = 0
    while k < len(stamps):
        j = k
        period = stamps[k + 1] - stamps[k] if k + 1 < len(stamps) else 0
        while j + 1 < len(stamps) and stamps[j + 1] - stamps[j] == period and _cells_between(decisions, norms, stamps[j], stamps[j + 1]):
            j += 1
        if 2 <= period <= ctx.COLUMN_MAX_PERIOD and j - k + 1 >= ctx.COLUMN_MIN:
            for i in stamps[k:j + 1]:
                d = decisions[i]
                d.kept, d.reason, d.rule = True, None, None
                roles[i] = None
        k = j + 1


def _cells_between(decisions: Sequence[LineDecision], norms: Sequence[str], a: int, b: int) -> bool:
    """Whether the lines strictly between ``a`` and ``b`` are kept table cells (a few words)."""
    return all(decisions[i].kept and len(ctx.words_of(norms[i])) <= ctx.SHORT_MAX_WORDS for i in range(a + 1, b))


class _CodeLines:
    """The lines of a document's code blocks: the one place the code exception asks.

    ``prog``: each line is a program line (``context.is_program_line``). ``runs``: the lines
    of the runs of 2+ lines each a program line or a decorator or elision
    (``context.is_code_shaped``) that hold a program line: "@computed_field", "@property",
    "def volume(self):"; "import os", "app = Flask(__name__)". A signature ending in ";" or a
    listing title ending in "(...)" stands alone; a handle ("@nytimes") is in no such run."""

    def __init__(self, norms: Sequence[str]) -> None:
        self.prog = [ctx.is_program_line(norm) for norm in norms]
        self.runs: set[int] = set()
        run: list[int] = []
        for i in range(len(norms) + 1):
            if i < len(norms) and (self.prog[i] or (norms[i][0] in "@.…#/" and ctx.is_code_shaped(norms[i]))):
                run.append(i)
                continue
            if len(run) >= 2 and any(self.prog[j] for j in run):
                self.runs.update(run)
            run = []


def _restore_in_code(decisions: list[LineDecision], roles: list[str | None], code: _CodeLines) -> None:
    """The code exception: keep the lines a rule removed inside a code block (HTML mode).

    * a rule-removed line of a code run (:class:`_CodeLines`): "@dataclass" over "class Foo:",
      "@property" over "def full_name(self):", "<caption>" under "<table>", "x++;" after
      "// do stuff", "..." after ">>> for f in fruits:";
    * a run of rule-removed lines whose nearest lines before and after are program lines: a
      listing's line numbers ("3", "4" between "import os" and "app = Flask(__name__)"), a
      JSX placeholder ("{category}" between "<th>" and "</th>"), output ("#> b").

    A pager's numbers and a share bar sit between menu lines and prose; a "Copy" button
    between two code blocks is neither code-shaped nor a program line. A kept line is simply
    never removed (no reason), like a site-template line of code (:func:`_apply_templates`).
    WCXB, HTML mode (``bench/quality_wcxb.py``): 49 lines kept on 17 documentation and forum
    pages (3 of them "..." a site-template line before), 40 of them lines of the truth, the
    other 9 code the truth leaves out ("caption {", "{category}"); no page type moves by
    0.001. HTML mode only: on the WCXB text twin it kept 25 content and 57 junk lines (tune
    half, mostly pager numbers) and changed the context passes' runs (documentation tune line
    F1 0.799 -> 0.780)."""
    prog = code.prog
    keep = set(code.runs)
    run: list[int] = []
    for i in range(len(prog) + 1):
        if i < len(prog) and not decisions[i].kept:  # only the rules have run
            run.append(i)
            continue
        if run and i < len(prog) and run[0] > 0 and prog[run[0] - 1] and prog[i]:
            keep.update(run)
        run = []
    for j in keep:
        d = decisions[j]
        if not d.kept:
            d.kept, d.reason, d.rule = True, None, None
            roles[j] = None


def _numbered(norm: str, n: int) -> bool:
    """Whether ``norm`` is line ``n`` of a numbered listing: the number, then the line's text
    with no space or digit between ("3from twilio.rest import Client", "10async function f() {")."""
    k = str(n)
    return len(norm) > len(k) and norm.startswith(k) and not norm[len(k)].isdigit() and not norm[len(k)].isspace()


def _restore_listing_numbers(decisions: list[LineDecision], norms: Sequence[str], roles: list[str | None]) -> None:
    """Keep the empty lines of a numbered code listing (HTML mode): a run of bare numbers
    ``k .. k+m`` a rule removed (nav.pager) between the listing's line ``k-1`` and line
    ``k+m+1``, each glued to its number ("3from twilio.rest import Client", "4", "5# Find your
    Account SID"): a code viewer whose gutter the extractor joined to the code. A pager's
    numbers stand between words ("Previous", "1", "2", "Next"), a ranked list's "4" between
    prose. WCXB (twilio's quickstart, documentation): 40 such lines, all in the truth."""
    n = len(norms)
    i = 1
    while i < n - 1:
        j = i
        while j < n and not decisions[j].kept and roles[j] == ROLE_NUMBER and norms[j].isdecimal() and int(norms[j]) == int(norms[i]) + j - i:
            j += 1
        k = int(norms[i]) if j > i else 0
        if j > i and j < n and k > 1 and _numbered(norms[i - 1], k - 1) and _numbered(norms[j], k + j - i):
            for m in range(i, j):
                d = decisions[m]
                d.kept, d.reason, d.rule = True, None, None
                roles[m] = None
        i = max(j, i + 1)


def _apply_templates(
    decisions: list[LineDecision], norms: Sequence[str], template_keys: set[str] | frozenset[str], code: _CodeLines,
) -> None:
    """Remove the kept lines that are the site's template lines. Not a line of a code run
    (:class:`_CodeLines`): "}", "fn main() {", import lines and "..." repeat across a
    documentation site's pages because they are the language's syntax. WCXB, HTML mode
    (``bench/quality_wcxb.py``): documentation word F1 0.931 -> 0.933 on the tune half, 0.912
    -> 0.912 held out (two pages up, none down); sparing every code-looking line instead kept a
    forum signature ending in ";" and a listing title ending in "(...)" (F1 -0.004, -0.013)."""
    if not template_keys:
        return
    hits = [
        i for i, norm in enumerate(norms)
        if decisions[i].kept and line_key(norm) in template_keys and i not in code.runs
    ]
    remaining = sum(1 for d in decisions if d.kept) - len(hits)
    if remaining > 0:  # a document made only of template lines is a duplicate, not junk
        for i in hits:
            d = decisions[i]
            d.kept, d.reason, d.rule = False, LineReason.SITE_TEMPLATE.value, "site_template"


class _LineFeatures:
    """Per-line context features over the passes, recomputed only when the document's stop
    list changes. A line's words are split once; the stop list depends only on the first
    400 prose-like kept lines (unchanged lines, unchanged list)."""

    def __init__(self, norms: Sequence[str]) -> None:
        self.norms = norms
        self.feats: list[ctx.Features | None] = [None] * len(norms)
        self._words: list[list[str] | None] = [None] * len(norms)
        self._lowered: dict[int, list[str]] = {}  # the first 60 words lower-cased (stop list)
        self._prose_like = [norm.count(" ") >= 7 for norm in norms]
        self._stop: frozenset[str] | None = None
        self._stop_key: list[int] | None = None

    def words(self, i: int) -> list[str]:
        w = self._words[i]
        if w is None:
            w = self._words[i] = ctx.words_of(self.norms[i])
        return w

    def refresh(self, idx: Sequence[int]) -> list[ctx.Features]:
        """The features of the kept lines ``idx`` (lines removed before keep theirs)."""
        key = [i for i in idx if self._prose_like[i]][:400]
        new_stop = self._stop
        if key != self._stop_key:
            for i in key:
                if i not in self._lowered:
                    self._lowered[i] = [x.lower() for x in self.words(i)[:60]]
            new_stop = ctx.pick_stoplist_words(self._lowered[i] for i in key)
            self._stop_key = key
        if new_stop is not self._stop and new_stop is not None:
            self._stop = new_stop
            for i in idx:
                self.feats[i] = ctx.features(self.norms[i], new_stop, self.words(i))
        # only the kept lines' features are read, and every kept line has its features
        return self.feats  # type: ignore[return-value]


def _apply_context(
    decisions: list[LineDecision], norms: Sequence[str], roles: Sequence[str | None], mode: str, title: str | None,
    lead_in: bool = True, repeats: Callable[[Sequence[int], Sequence[str]], dict[int, ctx.Verdict]] | None = None,
    ends: bool = False,
) -> None:
    """The context passes over the kept lines, repeated until nothing changes; with
    ``repeats``, once they settle, the repeats it finds go (``context.repeated_lines`` or
    ``context.repeated_runs``, by page kind) and the passes run on; with ``ends`` (HTML,
    article pages) the first pass also ends the text at a story's closing line
    (``context.html_end_cut``)."""
    title_norm = normalize(title).casefold() if title else ""
    thread = mode != "html" and ctx.looks_like_thread(norms)
    lines = _LineFeatures(norms)
    for pass_no in range(_MAX_PASSES):
        idx = [i for i, d in enumerate(decisions) if d.kept]
        if not idx:
            break
        fs = lines.refresh(idx)
        removed = _title_lines(idx, fs, norms, title_norm)
        live = [i for i in idx if i not in removed]
        if mode == "html":
            headers = {i for i, role in enumerate(roles) if role in _HTML_HEADER_ROLES} if pass_no == 0 else set()
            removed.update(ctx.html_mode_pass(live, fs, headers, lead_in, norms))
            if ends and pass_no == 0:
                removed.update(ctx.html_end_cut(live, fs, _closes(live, decisions, roles)))
        else:
            gaps = _Gaps.before(live, decisions, roles) if pass_no == 0 else _Gaps.none(len(live))
            removed.update(ctx.text_mode_pass(
                live, fs, ctx.Gaps(gaps.junk, gaps.header, gaps.end, gaps.stamp, gaps.author, gaps.hard_end, gaps.interruption), thread,
            ))
        if not removed and pass_no > 0:
            removed = repeats(live, norms) if repeats is not None else {}
            repeats = None
            if not removed:
                break
        for i, v in removed.items():
            d = decisions[i]
            d.kept, d.reason, d.rule = False, v.reason, v.rule
    for d, f in zip(decisions, lines.feats, strict=True):
        d.cls = f.cls if f is not None else None


def _closes(live: Sequence[int], decisions: Sequence[LineDecision], roles: Sequence[str | None]) -> list[bool]:
    """Per kept line: whether a line the rules removed before it (since the previous kept
    line) closes a story: its reason is in ``context.HTML_END_REASONS`` or its rule's role is
    :data:`ROLE_STORY_END`."""
    out = []
    prev = -1
    for i in live:
        out.append(any(not decisions[j].kept and (decisions[j].reason in ctx.HTML_END_REASONS or roles[j] == ROLE_STORY_END)
                       for j in range(prev + 1, i)))
        prev = i
    return out


def _title_lines(idx: Sequence[int], fs: Sequence[ctx.Features], norms: Sequence[str], title_norm: str) -> dict[int, ctx.Verdict]:
    """The document's own title repeated as a (short, not sentence-like) line."""
    out: dict[int, ctx.Verdict] = {}
    if not title_norm:
        return out
    for i in idx:
        f = fs[i]
        if f.words <= 30 and not (f.cls == ctx.GOOD and f.end_punct) and norms[i].casefold() == title_norm:
            out[i] = ctx.Verdict(LineReason.OTHER_BOILERPLATE.value, "context.title")
    return out


@dataclass(slots=True)
class _Gaps:
    """What lies in the gap of removed lines just before each kept line (text mode): how
    many lines, and whether one of them is a link-list header, an end-of-article line
    (by reason), a time stamp, a comment author line, an article-end line (by role)."""

    junk: list[int]
    header: list[bool]
    end: list[bool]
    stamp: list[bool]
    author: list[bool]
    hard_end: list[bool]
    interruption: list[bool]  # every removed line of the gap has a reason in ctx.INTERRUPTION_REASONS

    @classmethod
    def none(cls, n: int) -> _Gaps:
        return cls([0] * n, [False] * n, [False] * n, [False] * n, [False] * n, [False] * n, [False] * n)

    @classmethod
    def before(cls, live: Sequence[int], decisions: Sequence[LineDecision], roles: Sequence[str | None]) -> _Gaps:
        gaps = cls.none(len(live))
        prev = -1
        for k, i in enumerate(live):
            inter = True
            for j in range(prev + 1, i):  # the lines between the previous kept line and this one
                if not decisions[j].kept and roles[j] != ROLE_INLINE:
                    gaps.junk[k] += 1
                    if decisions[j].reason in _END_REASONS:
                        gaps.end[k] = True
                    if decisions[j].reason not in ctx.INTERRUPTION_REASONS:
                        inter = False
                role = roles[j]
                if role is not None:
                    gaps.header[k] = gaps.header[k] or role == ROLE_LINK_HEADER
                    gaps.stamp[k] = gaps.stamp[k] or role == ROLE_TIMESTAMP
                    gaps.author[k] = gaps.author[k] or role == ROLE_COMMENT_AUTHOR
                    gaps.hard_end[k] = gaps.hard_end[k] or role == ROLE_ARTICLE_END
            gaps.interruption[k] = inter and gaps.junk[k] > 0
            prev = i
        return gaps


def clean_batch(docs: Sequence[Document], rules: RuleSet, templates: SiteTemplates | None, settings: Settings) -> StageResult:
    """Clean a batch: the documents kept, the ones left empty (quarantined as
    ``empty_after_cleaning``) and, when site templates are on, the batch's site-template
    observations (one per document, in order) for the runner to merge."""
    norms_by_doc = [[normalize(line) for line in d.source_text.split("\n")] for d in docs]
    observations, site_keys = _template_evidence(docs, norms_by_doc, templates, settings)
    out = StageResult(docs=[], observations=observations)
    for d, norms in zip(docs, norms_by_doc, strict=True):
        decisions = decide(d.source_text, d.mode, rules, d.title, site_keys.get(d.site or "", frozenset()), norms, d.page_type)
        _apply_decisions(d, decisions)
        if d.text.strip():
            out.docs.append(d)
        else:
            out.rejected.append(_empty_after_cleaning(d))
    return out


def _template_evidence(
    docs: Sequence[Document], norms_by_doc: Sequence[Sequence[str]], templates: SiteTemplates | None, settings: Settings
) -> tuple[list[DocObservation], dict[str, frozenset[str]]]:
    """The batch's observations and the template line keys per site (the run-start snapshot
    plus the batch's own evidence); none when site templates are off. What counts as
    evidence is templates.py's business (``observe`` / ``batch_keys``)."""
    if not settings.site_templates:
        return [], {}
    observations = [observe(d, norms, settings.template_trust_inputs) for d, norms in zip(docs, norms_by_doc, strict=True)]
    keys = (templates or SiteTemplates()).batch_keys(observations, settings.template_min_docs, settings.template_min_share)
    return observations, keys


def _apply_decisions(d: Document, decisions: Sequence[LineDecision]) -> None:
    """``d.text`` = the kept lines; ``d.removed`` = a :class:`RemovedLine` per removed one."""
    kept: list[str] = []
    d.removed = []
    for dec in decisions:
        if dec.kept:
            kept.append(dec.text)
        else:
            d.removed.append(RemovedLine(dec.line_no, dec.start, dec.end, dec.text, dec.reason or "", dec.rule or ""))
    d.text = "\n".join(kept)


def _empty_after_cleaning(d: Document) -> Rejected:
    return Rejected(source=d.source, stage="clean", reason=Q.EMPTY_AFTER_CLEANING, detail=f"{len(d.removed)} lines removed, none kept",
                    doc_id=d.doc_id, input_path=d.input_path, content_hash=d.content_hash)


__all__ = [
    "REQUIRED_ROLES", "LineDecision", "RuleSet", "SiteTemplates", "clean_batch", "decide", "load_rules", "split_lines",
]
