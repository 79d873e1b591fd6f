"""Line features and the context rules: where a line sits decides what a bare pattern cannot.

Every non-blank line gets a class from its own features (length, words, end punctuation,
stop-word density, title case):

* ``GOOD``   — a prose line: enough words, sentence-like (stop words or end punctuation).
* ``HEAD``   — headline-like: title case, no end punctuation (teasers, link lists, titles).
* ``SHORT``  — a few words (menu items, labels, subheadings).
* ``MEDIUM`` — the rest.

Then the context rules decide over the sequence of classes:

* plain-text mode (no DOM), recall first: line scores (prose positive, short and
  headline-like lines negative, rule-removed junk strongly negative) give heavy runs
  (maximum-sum segments). The article region starts at the first heavy run, takes in the
  later heavy runs up to an end marker (a comment-thread, copyright or newsletter line),
  and grows in both directions over everything that is not a rule-removed line (a junk
  barrier). Lines outside the region go: short ones as menus (``context.menu``),
  headline-like ones as link lists (``context.headline_list``), the rest
  ``context.outside_main``. Inside the region everything stays except the lead-in before
  the first prose line (``context.lead_in``), the links under a link-list header such as
  "Related" (``context.after_link_header``, at most 20 lines), and runs of more than five
  short or headline-like lines that do not read like list items (``context.short_run``;
  items with digits or separators such as a schedule or a recipe stay, so does a run whose
  lines often start with a figure (a flattened table), and so does a run longer than any
  menu: a table or listing of hundreds of cells).
* HTML mode (the extractor already found the main block): a link-list header such as
  "Related" or "Most popular" takes the headline-like lines after it with it
  (``context.after_link_header``); headline-like lines before the first paragraph go
  (``context.lead_in``: title, kicker, byline remnants).
* both modes: the document's own title repeated as a line (``context.title``).

The pass is repeated on the kept lines until nothing changes, so cleaning is idempotent.
"""
from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import chain

from cleanseeds.clean.thresholds import threshold_float, threshold_int
from cleanseeds.reasons import LineReason

GOOD, HEAD, SHORT, MEDIUM = "good", "head", "short", "medium"

_WORD = re.compile(r"\w+")
_END_PUNCT = re.compile(r"[.!?…:;。！？](['\"”’»)\]]*)$")
_END_CHARS = frozenset(".!?…:;。！？")  # the class of _END_PUNCT
_CLOSERS = "'\"”’»)]"  # what _END_PUNCT allows after it
#: a line that starts with a figure: a table cell ("80.8", "60%", "$3.39", "12 cloves", "1st")
_FIGURE = re.compile(r"^[\W_]*\d[\d.,:/]*(%|[^\W\d_]{1,3})?(\s|$)")
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")
#: the opening section heading of a text's own body ("Introduction", "Key takeaways", "1.
#: Abstract", "In short"): the lead-in (``context.lead_in``: title, kicker, byline remnants)
#: ends there, and the heading and what follows it stay. On the WCXB tune half 12 of the 14
#: such lines the lead-in removed were in the true main content.
_SECTION_OPENER = re.compile(
    r"^\W*(\d+(\.\d+)*\.?\s+)?(introduction|overview|summary|quick summary|abstract|key (takeaways?|points|findings|facts)"
    r"|takeaways|quick facts|at a glance|in short|in brief|tl;? ?dr|the short answer|the bottom line)\W*$",
    re.IGNORECASE,
)

#: Languages whose stop-word lists (from jusText) are tried per document.
STOPLIST_LANGUAGES = (
    "English", "German", "French", "Spanish", "Portuguese", "Italian", "Dutch", "Polish",
    "Swedish", "Danish", "Norwegian_Bokmal", "Czech", "Romanian", "Turkish", "Indonesian",
)

# thresholds: data in clean/context.toml (hashed into the rules version; the comments there say what each is)
GOOD_MIN_WORDS = threshold_int("good_min_words")
GOOD_MIN_STOPWORDS = threshold_float("good_min_stopwords")
SHORT_MAX_WORDS = threshold_int("short_max_words")
HEAD_MIN_CAPS = threshold_float("head_min_caps")
CJK_CHARS_PER_WORD = threshold_float("cjk_chars_per_word")
HEAD_SCORE = threshold_float("head_score")
MEDIUM_NO_PUNCT_SCORE = threshold_float("medium_no_punct_score")
SHORT_SCORE = threshold_float("short_score")
JUNK_SCORE = threshold_float("junk_score")
JUNK_MAX_COUNTED = threshold_int("junk_max_counted")
ISOLATED_GOOD_FACTOR = threshold_float("isolated_good_factor")
SEGMENT_MIN_SHARE = threshold_float("segment_min_share")
LINK_LIST_MAX = threshold_int("link_list_max")
HTML_LINK_LIST_MAX = threshold_int("html_link_list_max")
COMMENT_MIN_HEADERS = threshold_int("comment_min_headers")
HARD_END_MIN_SHARE = threshold_float("hard_end_min_share")
HTML_END_MIN_SHARE = threshold_float("html_end_min_share")
INNER_MAX_SHORT_RUN = threshold_int("inner_max_short_run")
MENU_MAX_LINES = threshold_int("menu_max_lines")
RESUME_WITHIN = threshold_int("resume_within")
TABLE_MIN_FIGURES = threshold_float("table_min_figures")
COLUMN_MIN = threshold_int("column_min")
COLUMN_MAX_PERIOD = threshold_int("column_max_period")
CODE_MIN_SHARE = threshold_float("code_min_share")
LIST_MIN_ITEMS = threshold_float("list_min_items")
THREAD_MIN_MARKERS = threshold_int("thread_min_markers")
THREAD_MIN_KINDS = threshold_int("thread_min_kinds")
THREAD_POST_MIN_SCORE = threshold_float("thread_post_min_score")


NO_STOPWORDS: frozenset[str] = frozenset()


def words_of(norm: str) -> list[str]:
    """The words of a line, as :func:`features` counts them."""
    return _WORD.findall(norm)


@lru_cache(maxsize=1)
def stoplists() -> dict[str, frozenset[str]]:
    try:
        import justext

        return {lang: frozenset(w.lower() for w in justext.get_stoplist(lang)) for lang in STOPLIST_LANGUAGES}
    except Exception:  # pragma: no cover - jusText ships with trafilatura
        return {}


@lru_cache(maxsize=1)
def _all_stopwords() -> frozenset[str]:
    return frozenset().union(*stoplists().values())


def pick_stoplist(lines: Sequence[str]) -> frozenset[str]:
    """The stop-word list that covers most words of the document (empty if none fits)."""
    return pick_stoplist_words([w.lower() for w in _WORD.findall(line)[:60]] for line in lines[:400])


def pick_stoplist_words(lowered: Iterable[Sequence[str]]) -> frozenset[str]:
    """:func:`pick_stoplist` over the lines' words already split and lower-cased (the first
    60 words of each of the first 400 lines), so a caller can keep them per line."""
    counts = Counter(chain.from_iterable(lowered))
    if not counts:
        return NO_STOPWORDS
    total = sum(counts.values())
    keys = set(counts) & _all_stopwords()  # the document's words on any list
    best, best_hits = NO_STOPWORDS, 0
    for sl in stoplists().values():  # distinct words only: a text repeats its words a lot
        hits = sum(map(counts.__getitem__, keys & sl))
        if hits > best_hits:
            best, best_hits = sl, hits
    return best if best_hits >= 0.08 * total else NO_STOPWORDS


@dataclass(slots=True)
class Features:
    chars: int
    words: int
    end_punct: bool
    stop_share: float
    caps_share: float
    cls: str
    inner_punct: bool = False
    digits: bool = False  # the line starts with a figure (a table cell, a price, an amount)
    opener: bool = False  # an opening section heading of the text ("Introduction", "Key takeaways")
    code: bool = False  # a short line that reads as source code (:data:`_CODE_LINE`)


def features(norm: str, stop: frozenset[str], words: list[str] | None = None) -> Features:
    """The features and class of a normalized line; ``words`` is ``_WORD.findall(norm)``
    when the caller already has it."""
    if words is None:
        words = _WORD.findall(norm)
    n = len(words)
    # = _END_PUNCT.search(norm): sentence punctuation, then only closing quotes/brackets
    tail = norm.rstrip(_CLOSERS)
    end = bool(tail) and tail[-1] in _END_CHARS
    stop_share = (sum(map(stop.__contains__, map(str.lower, words))) / n) if n and stop else 0.0
    n_long = n_caps = 0  # words of 4+ characters starting with a letter; capitalised ones
    for w in words:
        if len(w) >= 4 and w[0].isalpha():
            n_long += 1
            if w[0].isupper():
                n_caps += 1
    caps = n_caps / n_long if n_long else 0.0
    cjk = 0 if norm.isascii() else len(_CJK.findall(norm))
    ip = _INNER_PUNCT.search(norm.rstrip(".!?:;")) is not None
    dig = _FIGURE.match(norm) is not None
    if cjk >= 4 and 2 * cjk >= len(norm) - norm.count(" "):
        # no spaces between words: a CJK word is about two characters
        latin = sum(1 for w in words if not _CJK.search(w))
        n_eff = latin + cjk / CJK_CHARS_PER_WORD
        if n_eff <= SHORT_MAX_WORDS:
            cls = SHORT
        elif (n_eff >= GOOD_MIN_WORDS and end) or n_eff >= 30:
            cls = GOOD
        elif not end and n_eff <= 20:
            cls = HEAD
        else:
            cls = MEDIUM
        return Features(len(norm), round(n_eff), end, stop_share, caps, cls, ip, dig)
    if n <= SHORT_MAX_WORDS:
        return Features(len(norm), n, end, stop_share, caps, SHORT, ip, dig, _SECTION_OPENER.match(norm) is not None, is_code(norm))
    if not end and caps >= HEAD_MIN_CAPS and n <= 30:
        cls = HEAD
    elif n >= GOOD_MIN_WORDS and (
        (stop and stop_share >= GOOD_MIN_STOPWORDS and (end or n >= 20))
        or (stop and stop_share >= 0.12 and end)
        or (not stop and end)
        or n >= 45
    ):
        cls = GOOD
    else:
        cls = MEDIUM
    return Features(len(norm), n, end, stop_share, caps, cls, ip, dig, False, cls == HEAD and is_code(norm))


#: A line of source code, as a flattened code block shows it: it ends in a brace or a
#: semicolon ("class Example extends React.Component {", "};"), starts with a closing bracket,
#: a prompt, a comment or a tag (">>> t[0]", "$ npm install", "// fetch", "<div>"), is a call
#: ("loop.close()", "def index():"), an assignment ("total += number", "x = 1") or a keyword
#: line with code punctuation ("return 'Index Page'" is not; "if __name__ == '__main__':" is).
#: A menu's items ("Home", "Top 10", "Show more (12)") and a table's cells ("Founded: 1954",
#: "Time: 1.00") are none. A run of short lines that are mostly code is the text's own code
#: block, not a menu (:func:`_list_like`, :data:`CODE_MIN_SHARE`).
_CODE_LINE = re.compile(
    r"[{};]\s*$|^\s*[})\]]|^\s*(>>>|\$ |//|/\*|\*/|#include|<[a-z/!][^>]*>)|\w\(.*\)\s*[:;{]?\s*$|^\s*[\w.\[\]'\"]+\s*[+\-*/]?=\s*\S"
    r"|^\s*(import|from|def|class|return|const|let|var|function|public|private|static|async|await|print|echo|if|for|while|elif|else)\b.*[:;{(=]"
)

#: Every line :data:`_CODE_LINE` matches has one of these characters (a cheap test first).
_CODE_CHARS = frozenset("{};)]>$/*#<(=:")


def is_code(norm: str) -> bool:
    """A line of source code (:data:`_CODE_LINE`)."""
    return not _CODE_CHARS.isdisjoint(norm) and _CODE_LINE.search(norm) is not None


#: A line a program printed: a traceback's frame or its exception ('File "app/core.py", line
#: 440, in run', "Traceback (most recent call last):", "RuntimeError: Detected that ...",
#: "at com.example.Main.run(Main.java:12)" is code already), a compiler diagnostic as rustc
#: prints it ("error[E0382]: borrow of moved value: `s1`", "--> src/main.rs:5:16", the gutter
#: "4 |" (an empty numbered line), "|         -- value moved here", "= note: ..."). Not prose:
#: "Error: the page was not found" has no exception class name; a table row "| Brand | X |" no
#: gutter marks.
_TRACE_LINE = re.compile(
    r'^(File "[^"]+", line \d+|Traceback \(most recent call last\):$|([\w.]+\.)?[A-Z]\w*(Error|Exception|Warning|Exit):( |$)'
    r"|(error|warning)\[E\d+\]: |--> [\w./\\-]+:\d+:\d+$|\d{1,5} \|$|\| +[-^~]+( |$)|= (note|help): )"
)

#: A one-word return, a line of code though it has no code punctuation ("return x",
#: "return self.name"; "return 'Index Page'" is a string, prose has "Return to top").
_RETURN_LINE = re.compile(r"^return [a-z_][\w.]*;?$")


def is_program_line(norm: str) -> bool:
    """A line of source code or of a program's output (:func:`is_code`, :data:`_TRACE_LINE`,
    :data:`_RETURN_LINE`)."""
    return is_code(norm) or _TRACE_LINE.match(norm) is not None or _RETURN_LINE.match(norm) is not None


#: A line that is code by its shape though no :data:`_CODE_LINE` pattern says so: a
#: decorator ("@property", "@app.route('/')", "@deprecated(\"x\")") or an elision ("...",
#: "…", "# ..."). A handle ("@nytimes") has the shape too: it counts only in a run of such
#: lines and program lines (``engine._restore_in_code``).
_CODE_SHAPED = re.compile(r"^\s*(@[A-Za-z_][\w.]*(\(.*\))?|(#|//)?\s*(\.\.\.|…))\s*$")


def is_code_shaped(norm: str) -> bool:
    """A decorator or an elision (:data:`_CODE_SHAPED`)."""
    return _CODE_SHAPED.match(norm) is not None


@dataclass(slots=True)
class Verdict:
    reason: str
    rule: str


_NAV = LineReason.NAVIGATION.value
_OTHER = LineReason.OTHER_BOILERPLATE.value
_COMMENT = LineReason.COMMENT_PROMPT.value


# one shared instance each (verdicts are read, never changed): most outside lines get one
_MENU = Verdict(_NAV, "context.menu")
_HEADLINE_LIST = Verdict(_NAV, "context.headline_list")
_OUTSIDE_MAIN = Verdict(_OTHER, "context.outside_main")
_IN_BOX = Verdict(_OTHER, "context.in_box")  # a kept line of a junk block the article resumes after


def _outside_verdict(f: Features) -> Verdict:
    if f.cls == SHORT:
        return _MENU
    if f.cls == HEAD:
        return _HEADLINE_LIST
    return _OUTSIDE_MAIN


def line_score(f: Features) -> float:
    """How much a line speaks for "this is the text" (positive) or against it (negative)."""
    if f.cls == GOOD:
        return 2.0 + min(f.chars, 600) / 150
    if f.cls == MEDIUM:
        if f.end_punct:
            return min(0.15 * (f.words - SHORT_MAX_WORDS), 1.5)
        return MEDIUM_NO_PUNCT_SCORE
    if f.cls == HEAD:
        return HEAD_SCORE
    return SHORT_SCORE


def _best_segment(scores: Sequence[float], lo: int, hi: int) -> tuple[float, int, int]:
    """Maximum-sum contiguous segment of ``scores[lo:hi]`` (Kadane): (sum, start, end excl.)."""
    best, best_lo, best_hi = 0.0, lo, lo
    cur, cur_lo = 0.0, lo
    for k in range(lo, hi):
        if cur <= 0:
            cur, cur_lo = 0.0, k
        cur += scores[k]
        if cur > best:
            best, best_lo, best_hi = cur, cur_lo, k + 1
    return best, best_lo, best_hi


#: Reasons of rule-removed lines that interrupt an article without ending it: a block made
#: only of these (a newsletter box, an ad slot, a related-links list, a caption, a share
#: bar, a donation appeal) is crossed when the text resumes after it. Bylines, time stamps,
#: author boxes, copyright and comment prompts mark where a text starts or ends: not crossed.
INTERRUPTION_REASONS = frozenset({
    LineReason.ADVERTISEMENT.value, LineReason.NEWSLETTER.value, LineReason.SOCIAL.value,
    LineReason.CAPTION_CREDIT.value, LineReason.DONATION.value, LineReason.NAVIGATION.value,
})


@dataclass(slots=True)
class Gaps:
    """What the rule-removed lines just before each kept line ``idx[k]`` of a text-mode pass
    say (one entry per kept line; empty sequences mean "none anywhere").

    ``junk[k]``: how many there are (barriers the region does not simply grow across; they
    count against the text around them); ``header[k]``: one is a link-list header;
    ``end[k]``: one ends an article (comment thread, copyright, newsletter); ``stamp[k]``,
    ``author[k]``: a time stamp / a comment author line (comment headers); ``hard_end[k]``:
    one only ever follows an article (author box, thread header); ``interruption[k]``: all
    of them are of :data:`INTERRUPTION_REASONS`.
    """

    junk: Sequence[int]
    header: Sequence[bool] = ()
    end: Sequence[bool] = ()
    stamp: Sequence[bool] = ()
    author: Sequence[bool] = ()
    hard_end: Sequence[bool] = ()
    interruption: Sequence[bool] = ()


def text_mode_pass(
    idx: Sequence[int], feats: Sequence[Features], gaps: Gaps | Sequence[int], thread: bool = False
) -> dict[int, Verdict]:
    """One context pass over the kept lines ``idx`` (indices into ``feats``) of a plain-text
    document, with what lies between them in ``gaps`` (a bare sequence: junk counts only).
    ``thread``: the page reads as a discussion thread (:func:`looks_like_thread`), whose
    every post stays (:func:`_keep_posts`). Returns the lines to remove now (see the module
    docstring)."""
    if not isinstance(gaps, Gaps):
        gaps = Gaps(junk=gaps)
    if not any(feats[i].cls == GOOD for i in idx):
        return {}
    good = [feats[i].cls == GOOD for i in idx]
    scores, owner = _scores(idx, feats, good, gaps.junk)
    runs = _heavy_runs(scores, owner)
    if not runs:
        return {}
    # recall first: the article is one contiguous region. It starts at the first heavy run
    # (comments, policies and teaser streams come after the text), takes in the later heavy
    # runs up to an end-of-text marker (comment thread, copyright, newsletter, link-list
    # header), and grows in both directions until a rule-removed line (a junk barrier) or
    # the document's edge.
    ends = gaps.end if gaps.end else [False] * len(idx)
    interruption = gaps.interruption if gaps.interruption else [False] * len(idx)
    lo, hi = _merge_runs(runs, ends)
    boxes: list[int] = []
    lo, hi = _grow(lo, hi, good, gaps.junk, interruption, gaps.header, boxes)
    grown_hi = hi
    hi = _comment_thread_cut(idx, feats, lo, hi, good, gaps.stamp, gaps.author, ends)
    thread_hi = hi
    hi = _hard_end_cut(idx, feats, lo, hi, good, gaps.hard_end)
    out = _region_verdicts(idx, feats, lo, (hi, thread_hi, grown_hi), boxes)
    _inner_filters(idx, feats, lo, hi + 1, out, gaps.header)
    if thread:
        _keep_posts(idx, scores, owner, gaps.junk, out)
    return out


def _scores(idx: Sequence[int], feats: Sequence[Features], good: Sequence[bool], junk_before: Sequence[int]) -> tuple[list[float], list[int]]:
    """Line scores over a sequence that interleaves the junk gaps as single negative items,
    and each item's owner: its position k in ``idx``, or -1 for a junk gap."""
    scores: list[float] = []
    owner: list[int] = []
    for k, i in enumerate(idx):
        if junk_before[k]:
            scores.append(JUNK_SCORE * min(junk_before[k], JUNK_MAX_COUNTED))
            owner.append(-1)
        sc = line_score(feats[i])
        if good[k]:
            # article paragraphs come in runs; a lone prose line between headlines and
            # time stamps is a teaser summary
            # (rule-removed lines in between do not break a run: ads sit between paragraphs)
            before = k > 0 and good[k - 1]
            after = k + 1 < len(idx) and good[k + 1]
            if not (before or after):
                sc *= ISOLATED_GOOD_FACTOR
        scores.append(sc)
        owner.append(k)
    return scores, owner


def _heavy_runs(scores: Sequence[float], owner: Sequence[int]) -> list[tuple[int, int]]:
    """The heavy runs (the best segment, then every further segment at least
    :data:`SEGMENT_MIN_SHARE` as heavy) as (first, last) positions in ``idx``, in document
    order; empty when no segment scores above zero."""
    segments: list[tuple[int, int]] = []
    total, lo, hi = _best_segment(scores, 0, len(scores))
    if total <= 0:
        return []
    segments.append((lo, hi))
    pending = [(0, lo), (hi, len(scores))]
    while pending:
        a, b = pending.pop()
        if b - a <= 0:
            continue
        t, l2, h2 = _best_segment(scores, a, b)
        if t >= SEGMENT_MIN_SHARE * total and h2 > l2:
            segments.append((l2, h2))
            pending += [(a, l2), (h2, b)]
    runs = []
    for a, b in segments:
        ks = [owner[p] for p in range(a, b) if owner[p] >= 0]
        if ks:
            runs.append((ks[0], ks[-1]))
    runs.sort()
    return runs


#: The verdicts of lines outside the article region: on a discussion thread a post's lines
#: are taken back from them (:func:`_keep_posts`).
_OUTSIDE_RULES = frozenset({
    "context.menu", "context.headline_list", "context.outside_main", "context.comment_thread", "context.after_end",
})


def _keep_posts(idx: Sequence[int], scores: Sequence[float], owner: Sequence[int], junk_before: Sequence[int], out: dict[int, Verdict]) -> None:
    """On a discussion thread the text is many posts, each a short run of prose between its
    header and its buttons, not one article region: every segment of the line scores that
    reaches :data:`THREAD_POST_MIN_SCORE`, grown to the rule-removed lines around it, keeps
    its lines (their outside-the-region verdicts in ``out`` are dropped)."""
    pending = [(0, len(scores))]
    n = len(idx)
    while pending:
        a, b = pending.pop()
        total, lo, hi = _best_segment(scores, a, b) if b > a else (0.0, a, a)
        if total < THREAD_POST_MIN_SCORE or hi <= lo:
            continue
        pending += [(a, lo), (hi, b)]
        ks = [owner[p] for p in range(lo, hi) if owner[p] >= 0]
        if not ks:
            continue
        first, last = ks[0], ks[-1]
        while first > 0 and not junk_before[first]:
            first -= 1
        while last + 1 < n and not junk_before[last + 1]:
            last += 1
        for k in range(first, last + 1):
            v = out.get(idx[k])
            if v is not None and v.rule in _OUTSIDE_RULES:
                del out[idx[k]]


#: Lines that only a discussion thread (a forum, a Q&A page, a comment-led community page) shows
#: over and over, by kind: post controls ("Reply", "Quote", "Multi-Quote", "Report", "Share"),
#: quoting headers ("jdoe wrote:", "Anna said:"; :data:`_QUOTING`), member details ("Joined: Mar 2019", "Posts:
#: 4,522", "Messages", "Reaction score"), post numbers ("#12"), counts ("12 answers", "7,537
#: posts", "3 replies"), post stamps ("Posted March 5, 2024", "asked Jun 8, 2018", "edited"),
#: relative stamps ("Over a year ago", "3 hours ago") and member ranks ("Senior Member", "Level
#: 5", "Moderator", "Original Poster"). One line is at most :data:`_THREAD_MARKER_MAX_CHARS`
#: long. An article shows a few of them (a share bar, "Posted by"); a thread shows several
#: kinds many times (:func:`looks_like_thread`).
THREAD_MARKERS = re.compile(
    r"^(?:(?P<control>reply|quote|report|multi-?quote|reply with quote|permalink|flag|share|like|helpful|upvote|downvote"
    r"|follow|cite|improve this answer|add a comment)"
    r"|(?P<member>(?:joined|posts|messages|reaction score|points|location|member since|registered|threads|likes received"
    r"|karma|reputation)(?:\s*:.*|\s+[\d,.]+k?)?)"
    r"|(?P<number>#\d+)"
    r"|(?P<count>[\d,.]+k?\s+(?:posts?|replies|answers?|votes?|comments?|reactions?|views?|likes?))"
    r"|(?P<stamp>(?:posted|asked|answered|edited|modified|last edited|replied)\b.*)"
    r"|(?P<rank>level \d+|member|senior member|registered user|moderator|administrator|admin|new member|well-known member"
    r"|active member|junior member|contributor|guest|original poster|op|veteran|legend))\s*$",
    re.IGNORECASE,
)
_THREAD_MARKER_MAX_CHARS = 60
_AGO = re.compile(r"\bago$", re.IGNORECASE)
#: the quoting header kind of :data:`THREAD_MARKERS`, tried only on lines ending in a colon
_QUOTING = re.compile(r"^.{1,40}\b(?:wrote|said|writes|says):$", re.IGNORECASE)


def looks_like_thread(norms: Iterable[str]) -> bool:
    """Whether a plain-text page's lines show a discussion thread: at least
    :data:`THREAD_MIN_MARKERS` lines of :data:`THREAD_MARKERS`, of at least
    :data:`THREAD_MIN_KINDS` kinds that each occur twice or more."""
    kinds: Counter[str] = Counter()
    for norm in norms:
        if len(norm) <= _THREAD_MARKER_MAX_CHARS:
            line = norm.strip()
            if line.endswith(":") and _QUOTING.match(line):
                kinds["quoting"] += 1
                continue
            m = THREAD_MARKERS.match(line)
            if m is not None and m.lastgroup is not None:
                kinds[m.lastgroup] += 1
            if line[-3:].lower() == "ago" and _AGO.search(line):  # "asked 3 years ago": a post stamp and a relative one
                kinds["ago"] += 1
    return sum(kinds.values()) >= THREAD_MIN_MARKERS and sum(1 for c in kinds.values() if c >= 2) >= THREAD_MIN_KINDS


def _merge_runs(runs: Sequence[tuple[int, int]], ends: Sequence[bool]) -> tuple[int, int]:
    """The region of the first heavy run, extended over the later ones up to an end-of-text
    marker."""
    lo, hi = runs[0]
    for a, b in runs[1:]:
        if any(ends[k] for k in range(hi + 1, a + 1)):
            break
        hi = max(hi, b)
    return lo, hi


def _region_verdicts(
    idx: Sequence[int], feats: Sequence[Features], lo: int, cuts: tuple[int, int, int], boxes: Sequence[int]
) -> dict[int, Verdict]:
    """The verdicts on the lines outside the region ``[lo, hi]`` and on the kept lines of
    crossed boxes inside it. ``cuts`` is (hi, thread_hi, grown_hi): the region's end after
    the hard-end cut, after the comment-thread cut, and as grown."""
    hi, thread_hi, grown_hi = cuts
    out: dict[int, Verdict] = {}
    for k, i in enumerate(idx):
        if hi < k <= thread_hi:
            out[i] = Verdict(_OTHER, "context.after_end")
        elif thread_hi < k <= grown_hi:
            out[i] = Verdict(_COMMENT, "context.comment_thread")
        elif k < lo or k > hi:
            out[i] = _outside_verdict(feats[i])
    for k in boxes:
        if lo <= k <= hi and feats[idx[k]].cls != GOOD and idx[k] not in out:
            out[idx[k]] = _IN_BOX
    return out


def _next_good(good: Sequence[bool], start: int, step: int, limit: int) -> int | None:
    """The first prose position from ``start`` in direction ``step`` within ``limit`` kept lines."""
    k = start
    for _ in range(limit):
        if not 0 <= k < len(good):
            return None
        if good[k]:
            return k
        k += step
    return None


def _resumes(good: Sequence[bool], junk_before: Sequence[int], g: int) -> bool:
    """Whether the prose at ``g``, after a block with an end-of-text marker (a newsletter
    box, a comment prompt), is the article going on: a run of two prose lines, or one that
    ends at junk or at the end of the document. (A teaser stream or a comment thread after a
    real end alternates prose with headlines and names.)"""
    k = g
    while k + 1 < len(good) and good[k + 1] and not junk_before[k + 1]:
        k += 1
    return k > g or k + 1 >= len(good) or bool(junk_before[k + 1])


def _box_lines(junk_before: Sequence[int], header: Sequence[bool], a: int, b: int) -> list[int] | None:
    """The kept lines ``a..b-1`` between the region and resumed prose at ``b``, when they
    make sense as parts of the junk block: runs with rule-removed lines on both sides (a
    box's heading, its button, "No thanks") are the box's; the run right before the prose
    (no junk between it and the prose) may hold one line (a subheading), kept. Returns the
    box's lines, or None when the gap reads otherwise (a longer run: a list, a teaser block)."""
    if not junk_before[b]:
        last = max((k for k in range(a, b) if junk_before[k]), default=a)
        if _header_at(header, last) and b - last <= LINK_LIST_MAX:
            return list(range(a, b))  # a link-list header and its links
        if b - last > 1 or b - a >= RESUME_WITHIN:
            return None
        return list(range(a, last))
    return list(range(a, b)) if b - a < RESUME_WITHIN else None


def _grow(
    lo: int, hi: int, good: Sequence[bool], junk_before: Sequence[int], interruption: Sequence[bool], header: Sequence[bool],
    boxes: list[int],
) -> tuple[int, int]:
    """Grow the article region ``[lo, hi]`` over everything that is not rule-removed, and
    *across* a block of interruptions (:data:`INTERRUPTION_REASONS`: a newsletter box, an ad
    slot, a related list, a caption, a share bar) when the article resumes on the far side:
    prose within :data:`RESUME_WITHIN` kept lines that reads as the text going on
    (:func:`_resumes`), not as a teaser stream. Kept lines that belong to a crossed block
    (:func:`_box_lines`) are appended to ``boxes``."""
    n = len(good)
    while True:
        while lo > 0 and not junk_before[lo]:
            lo -= 1
        while hi + 1 < n and not junk_before[hi + 1]:
            hi += 1
        moved = False
        if hi + 1 < n:
            g = _next_good(good, hi + 1, 1, LINK_LIST_MAX + 1)
            if g is not None and all(interruption[k] for k in range(hi + 1, g + 1) if junk_before[k]) and _resumes(good, junk_before, g):
                box = _box_lines(junk_before, header, hi + 1, g)
                if box is not None:
                    boxes.extend(box)
                    hi, moved = g, True
        if lo > 0:
            g = _next_good(good, lo - 1, -1, RESUME_WITHIN)
            if g is not None and all(interruption[k] for k in range(g + 1, lo + 1) if junk_before[k]) and _resumes_back(good, junk_before, g):
                # mirrored: the run right after the prose at g (before any junk) may hold one line
                first_junk = next(k for k in range(g + 1, lo + 1) if junk_before[k])
                if first_junk - g - 1 <= 1:
                    boxes.extend(k for k in range(first_junk, lo) if any(junk_before[m] for m in range(k + 1, lo + 1)))
                    lo, moved = g, True
        if not moved:
            return lo, hi


def _resumes_back(good: Sequence[bool], junk_before: Sequence[int], g: int) -> bool:
    """:func:`_resumes` looking backwards: the prose at ``g`` before a block is article text
    when it is a run of two prose lines or starts at junk or at the document's start."""
    k = g
    while k > 0 and good[k - 1] and not junk_before[k]:
        k -= 1
    return k < g or k == 0 or bool(junk_before[k])


def _comment_thread_cut(
    idx: Sequence[int],
    feats: Sequence[Features],
    lo: int,
    hi: int,
    good: Sequence[bool],
    stamp_before: Sequence[bool],
    author_before: Sequence[bool],
    ends: Sequence[bool],
) -> int:
    """The last position of the article region once a reader-comment thread at its end is
    cut off. A comment starts with a header: an author line the rules removed ("jdoe
    says:") or a bare name (a short line, no sentence punctuation) followed by a time stamp
    the rules removed and then a line of prose, the comment's body (a flattened table's
    "Sale start date" over its example "2025-07-01" is no header: WCXB text twin, tune half,
    the cut's removals 690 content / 428 junk lines -> 49 / 26). Two or more headers after
    the first prose line make a thread; the region ends before the first one (and before a
    thread marker such as "12 comments" just above it)."""
    if not stamp_before and not author_before:
        return hi
    first_good = next((k for k in range(lo, hi + 1) if good[k]), None)
    if first_good is None:
        return hi
    heads: list[int] = []
    for k in range(first_good + 1, len(idx)):  # headers beyond the region count too
        if k < len(author_before) and author_before[k]:
            heads.append(k)
        elif k + 1 < len(idx) and k + 1 < len(stamp_before) and stamp_before[k + 1] and _bare_name(feats[idx[k]]) \
                and good[k + 1]:
            heads.append(k)
    if len(heads) < COMMENT_MIN_HEADERS or heads[0] > hi:
        return hi
    cut = heads[0]
    if not any(good[k] for k in range(first_good, cut)):
        return hi
    # a thread marker ("12 comments", "Leave a reply") between the last prose line and
    # the first comment: the thread starts there
    m = cut
    while m > first_good + 1 and not good[m - 1] and not ends[m]:
        m -= 1
    if ends[m]:
        cut = m
    return min(hi, cut - 1)


def _bare_name(f: Features) -> bool:
    """A line that can be a comment author over a time stamp: a few words with a letter, no
    sentence punctuation, not a figure (a table's "+13.1%" over a date row is no name)."""
    return f.cls == SHORT and not f.end_punct and f.words >= 1 and not f.digits


def _hard_end_cut(
    idx: Sequence[int], feats: Sequence[Features], lo: int, hi: int, good: Sequence[bool], hard_end_before: Sequence[bool]
) -> int:
    """The last position of the article region before a line that only ever follows an
    article (an author box header, a comment-thread header) found after most of the
    region's prose: author bios, comments and their lead-ins go with it."""
    if not hard_end_before:
        return hi
    mass = [feats[idx[k]].chars if good[k] else 0 for k in range(lo, hi + 1)]
    total = sum(mass)
    if not total:
        return hi
    seen = 0
    for k in range(lo, hi + 1):
        if k > lo and hard_end_before[k] and seen >= HARD_END_MIN_SHARE * total:
            return k - 1
        seen += mass[k - lo]
    return hi


_INNER_PUNCT = re.compile(r"\d|[,;:()\[\]@–—|/]")


def _header_at(header_before: Sequence[bool], j: int) -> bool:
    return j < len(header_before) and header_before[j]


def _inner_filters(
    idx: Sequence[int], feats: Sequence[Features], lo: int, hi: int, out: dict[int, Verdict], header_before: Sequence[bool] = ()
) -> None:
    """Junk inside the article region ``idx[lo:hi]``: the lead-in before the first prose
    line (title, kicker, byline remnants), the links under a link-list header, and long runs
    of short or headline-like lines (menus, link lists) unless they read like a list of
    items (digits, separators)."""
    first = next((k for k in range(lo, hi) if feats[idx[k]].cls == GOOD), None)
    if first is None:
        return
    for k in range(lo, first):
        f = feats[idx[k]]
        if f.cls in (SHORT, HEAD) or (f.cls == MEDIUM and not f.end_punct):
            out[idx[k]] = Verdict(_OTHER, "context.lead_in")
    _after_link_headers(idx, feats, lo, hi, out, header_before)
    _short_runs(idx, feats, first, hi, out)


def _lead_in_end(idx: Sequence[int], feats: Sequence[Features], lo: int, first: int) -> int:
    """Where the lead-in before the first prose line ``first`` ends in HTML mode: at the
    text's opening section heading ("Introduction", "Key takeaways"), if one comes before it.
    Not in plain-text mode, whose region can start in a menu or a teaser block where such a
    word is a link (the WCXB text twin lost line F1 with it: held-out half 0.714 -> 0.709)."""
    return next((k for k in range(lo, first) if feats[idx[k]].opener), first)


def _after_link_headers(
    idx: Sequence[int], feats: Sequence[Features], lo: int, hi: int, out: dict[int, Verdict], header_before: Sequence[bool]
) -> None:
    """The link-like lines after a link-list header ("Related", "Most popular") in the text."""
    for k in range(lo, hi):
        if k < len(header_before) and header_before[k]:
            j = k
            while j < hi and (j == k or not _header_at(header_before, j)):
                f = feats[idx[j]]
                if f.cls == GOOD or (f.cls == MEDIUM and f.end_punct):
                    break
                j += 1
            # a link list is a handful of items; a long list under a header is the text's own
            if j - k <= LINK_LIST_MAX:
                for m in range(k, j):
                    out[idx[m]] = Verdict(_NAV, "context.after_link_header")


def _short_runs(idx: Sequence[int], feats: Sequence[Features], first: int, hi: int, out: dict[int, Verdict]) -> None:
    """Runs of more than :data:`INNER_MAX_SHORT_RUN` short or headline-like lines from the
    first prose line on, unless enough read like list items (digits, separators) or the run is
    longer than any menu (:data:`MENU_MAX_LINES`: the page's own table or listing)."""
    k = first
    while k < hi:
        if feats[idx[k]].cls in (SHORT, HEAD):
            j = k
            while j < hi and feats[idx[j]].cls in (SHORT, HEAD):
                j += 1
            run = [feats[idx[m]] for m in range(k, j)]
            if INNER_MAX_SHORT_RUN < j - k <= MENU_MAX_LINES and not _list_like(run):
                for m in range(k, j):
                    out[idx[m]] = Verdict(_NAV, "context.short_run")
            k = j
        else:
            k += 1


def _list_like(run: Sequence[Features]) -> bool:
    """Whether a run of short lines reads as the text's own list or table rather than a menu:
    :data:`LIST_MIN_ITEMS` of its lines are items with digits or separators ("1 cup asparagus, 2 eggs"), or enough of
    them are cells with a figure ("80.8", "60%", "160g", "$3.39"), which menus rarely hold,
    or most of them are source code (a code block: "def index():", "};")."""
    items = sum(1 for f in run if f.words >= 3 and f.inner_punct)
    figures = sum(1 for f in run if f.digits)
    code = sum(1 for f in run if f.code)
    return items >= LIST_MIN_ITEMS * len(run) or figures >= TABLE_MIN_FIGURES * len(run) or code >= CODE_MIN_SHARE * len(run)


#: The page kinds (extract/pagetype.py) whose short and headline-like lines before the first
#: prose line are an article's lead-in (title, kicker, byline remnants: ``context.lead_in``).
#: On the other kinds those lines are the page's own content: section headings of a service
#: or documentation page, card titles and prices of a listing, collection or product page,
#: thread titles of a forum. Measured on the WCXB tune half (trafilatura output + cleaner,
#: per kind the model decided), skipping the rule there raised macro F1 on every one of those
#: kinds (documentation +0.007, service +0.004, product +0.005, forum +0.002, listing +0.008,
#: collection +0.017) and on articles it would cost 0.0003; it leaks more boilerplate.
LEAD_IN_KINDS = frozenset({"article", "other"})

#: HTML mode: the page kinds whose text ends at a story's closing furniture
#: (:func:`html_end_cut`, ``context.after_end``).
HTML_END_KINDS = frozenset({"article"})
#: The removed lines that close a story in HTML mode, by reason (a share or follow row, a
#: rights notice, a donation ask), or by the rule's role ``story_end`` (a "stay updated" or
#: "Discover more from X" box; not every newsletter line: a newsletter's own article keeps its
#: sign-up talk inside the text).
HTML_END_REASONS = frozenset({LineReason.SOCIAL.value, LineReason.COPYRIGHT.value, LineReason.DONATION.value})
_AFTER_END = Verdict(_OTHER, "context.after_end")


def html_end_cut(live: Sequence[int], feats: Sequence[Features], closes: Sequence[bool]) -> dict[int, Verdict]:
    """HTML mode, article pages: the kept lines after a story's closing line. ``closes[k]``:
    a line before ``live[k]`` that the rules removed closes a story (:data:`HTML_END_REASONS`,
    the role ``story_end``). The first such line found after :data:`HTML_END_MIN_SHARE` of
    the kept words ends the text: what trafilatura kept under a share row, a copyright line
    or a donation ask is the site's (a company pitch, an author bio, podcast credits, an
    address block). Issue 12, article round 4: WCXB tune half, pages decided article, 13 pages
    on 13 domains cut, none down; sum of page F1 +0.26 (quarter A) / +0.015 (quarter B)."""
    total = sum(feats[i].words for i in live)
    seen = 0
    for k, i in enumerate(live):
        if closes[k] and k and seen >= HTML_END_MIN_SHARE * total:
            return dict.fromkeys(live[k:], _AFTER_END)
        seen += feats[i].words
    return {}


def html_mode_pass(
    idx: Sequence[int], feats: Sequence[Features], header_lines: set[int], lead_in: bool = True, norms: Sequence[str] = (),
) -> dict[int, Verdict]:
    """One context pass over the kept lines of an extractor's output. ``header_lines`` are
    indices of lines a link-list header rule removed (e.g. "Related", "Most popular");
    ``lead_in``: whether the lines before the first prose line can be a lead-in (the page
    kind, :data:`LEAD_IN_KINDS`); ``norms``: the normalized lines (a table or spec row
    under a link-list header stays, :data:`_TABLE_ROW`)."""
    out: dict[int, Verdict] = {}
    anchors = [k for k, i in enumerate(idx) if feats[i].cls == GOOD]
    if not anchors:
        return out
    first = _lead_in_end(idx, feats, 0, anchors[0]) if lead_in else 0
    for j in range(first):
        if feats[idx[j]].cls in (HEAD, SHORT):
            out[idx[j]] = Verdict(_OTHER, "context.lead_in")
    # the lines right after a link-list header, while they look like links
    if header_lines:
        out.update(_html_link_lists(idx, feats, header_lines, norms))
    return out


#: A row of a table or a spec list, which no list of links has: cells between '|' ("| Brand |
#: CORSAIR |"), or a short label with a figure after it ("Processor: Dual Core 3.0 Ghz",
#: "Memory: 4GB"). A link list under a header does not take it (``context.after_link_header``): on
#: the WCXB tune half a "Recommended" header took a game's 20 system-requirement lines, all
#: in the true main content, and a shop-box header a product's 20-row spec table.
_TABLE_ROW = re.compile(r"^\|.*\|$|^[^\W\d_][\w.'’/-]*( [\w.'’/-]+){0,2}:\s+.*\d")


def _html_link_lists(idx: Sequence[int], feats: Sequence[Features], header_lines: set[int], norms: Sequence[str] = ()) -> dict[int, Verdict]:
    """The links under each link-list header of an extractor's output ("Related", "Trending"):
    the kept lines after it while they look like link titles or teaser lines, up to the first
    prose line (or a sentence-like line), the next header or a line of more than 30 words; a
    table or spec row inside the run stays (:data:`_TABLE_ROW`). A
    run longer than :data:`HTML_LINK_LIST_MAX` is the page's own listing (a news index's "Top
    stories", a catalogue), not a side list: kept, as in plain-text mode."""
    out: dict[int, Verdict] = {}
    pos = {i: k for k, i in enumerate(idx)}
    heads = sorted(header_lines)
    for n, h in enumerate(heads):
        stop = heads[n + 1] if n + 1 < len(heads) else None
        k = next((pos[i] for i in range(h + 1, h + 1 + 64) if i in pos), None)
        run: list[int] = []
        while k is not None and k < len(idx) and (stop is None or idx[k] < stop):
            f = feats[idx[k]]
            if f.cls == GOOD or (f.cls == MEDIUM and f.end_punct) or f.words > 30:
                break
            if not (norms and _TABLE_ROW.match(norms[idx[k]])):
                run.append(idx[k])
            k += 1
        if len(run) <= HTML_LINK_LIST_MAX:
            out.update((i, _AFTER_LINK_HEADER) for i in run)
    return out


_AFTER_LINK_HEADER = Verdict(_NAV, "context.after_link_header")


#: The page kinds (HTML mode) whose exact repeats of a kept line are dropped
#: (``context.repeated``): the same line of :data:`REPEAT_MIN_WORDS` words or more shown again
#: further down the page (a forum reply quoting the post above it, a carousel's cloned slides,
#: the mobile and desktop copies of a card, a product blurb shown in a tab and again below).
#: The first copy stays, so no text is lost. Measured on WCXB (bench/quality_wcxb.py, macro
#: word F1 per true kind; minimum 3, 4, 6 and 8 words tried on the tune half, 6 best): forum
#: 0.708 -> 0.722 on the tune half, 0.728 -> 0.744 held out; product 0.699 -> 0.703 / 0.587 ->
#: 0.590; collection 0.574 -> 0.576 / 0.668 -> 0.676. Not documentation (tabbed code samples
#: and reference entries repeat on purpose: tune -0.007), service pages (price and plan lines
#: repeat per offer: tune -0.002) nor articles (WCXB tune +0.003, but the news articles of
#: ../shared/eval/dev repeat pull quotes that their truth keeps: HTML F1 0.968 -> 0.966).
REPEAT_KINDS = frozenset({"forum", "product", "listing", "collection"})
REPEAT_MIN_WORDS = 6


#: The page kinds (HTML mode) whose repeated *runs* of kept lines are dropped
#: (``context.repeated_run``), where single repeats stay (:data:`REPEAT_KINDS` leaves articles
#: out: a pull quote repeats one line of the story, and the truth keeps it). A page built for
#: several screens ships its body once per layout (Webflow's ``w-condition-invisible`` copy,
#: Framer's ``ssr-variant`` per breakpoint), and the extractor takes the container holding
#: them all: the story comes out two or three times. A second copy of a passage of prose — at
#: least :data:`REPEAT_RUN_MIN_LINES` consecutive kept lines of :data:`REPEAT_MIN_WORDS` words or
#: more, :data:`REPEAT_RUN_MIN_WORDS` words in all and :data:`REPEAT_RUN_MIN_MEAN` a line on
#: average (with the short lines repeated among them: the headings of the copy) — is such a
#: copy; the first copy stays, so no text is lost. A story's own repeats are shorter lines: a
#: meal plan repeating its schedule per plan, a deals post repeating a feature list per product
#: (../shared/eval/dev: 10 and 8 words a line; the meal plan 0.999 -> 0.740 without the word
#: guards). Measured on WCXB (bench/quality_wcxb.py, pages the model calls article; runs of 3,
#: 4, 5, 8 lines tried on the tune half, 4 kept: 3 also cut a repeated three-line summary): tune
#: half glossgenius.com 0.66 -> 0.99, loona-construction.com 0.51 -> 0.99; held-out half
#: gardenwith.me 0.81 -> 0.94, brother-usa.com 0.84 -> 0.96, bbs.archlinux.org 0.85 -> 0.91.
#: Not documentation or service pages (tune half: a tabbed code sample's copies, one block per
#: plan; -0.20 and -0.23 there).
REPEAT_RUN_KINDS = frozenset({"article", "other"})
REPEAT_RUN_MIN_LINES = 4
REPEAT_RUN_MIN_WORDS = 100
REPEAT_RUN_MIN_MEAN = 15


def repeated_runs(idx: Sequence[int], norms: Sequence[str]) -> dict[int, Verdict]:
    """The kept lines ``idx`` in runs of consecutive repeats (case-folded) of earlier kept lines
    that hold at least :data:`REPEAT_RUN_MIN_LINES` lines of :data:`REPEAT_MIN_WORDS` words or
    more and :data:`REPEAT_RUN_MIN_WORDS` words, :data:`REPEAT_RUN_MIN_MEAN` a line on average
    (see :data:`REPEAT_RUN_KINDS`); the first copy is kept."""
    out: dict[int, Verdict] = {}
    seen: set[str] = set()
    run: list[int] = []
    long_lines = words = 0
    for i in (*idx, -1):
        key = norms[i].casefold() if i >= 0 else ""
        if key and key in seen:
            run.append(i)
            n = key.count(" ") + 1
            long_lines, words = long_lines + (n >= REPEAT_MIN_WORDS), words + n
            continue
        if long_lines >= REPEAT_RUN_MIN_LINES and words >= max(REPEAT_RUN_MIN_WORDS, REPEAT_RUN_MIN_MEAN * len(run)):
            out.update((j, _REPEATED_RUN) for j in run)
        run, long_lines, words = [], 0, 0
        seen.add(key)
    return out


_REPEATED_RUN = Verdict(_OTHER, "context.repeated_run")


def repeated_lines(idx: Sequence[int], norms: Sequence[str]) -> dict[int, Verdict]:
    """The kept lines ``idx`` that repeat (case-folded) an earlier kept line of at least
    :data:`REPEAT_MIN_WORDS` words; the first copy is kept."""
    out: dict[int, Verdict] = {}
    seen: set[str] = set()
    for i in idx:
        norm = norms[i]
        if norm.count(" ") + 1 < REPEAT_MIN_WORDS:
            continue
        key = norm.casefold()
        if key in seen:
            out[i] = Verdict(_OTHER, "context.repeated")
        else:
            seen.add(key)
    return out
