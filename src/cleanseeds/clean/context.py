"""Line features and the context rules: where a line sits decides what a bare pattern cannot.

Every non-blank line gets a class from its own features (length, words, end punctuation,
stop-word density, title case):

* ``GOOD``   — a prose line: enough words, sentence-like (stop words or end punctuation).
* ``HEAD``   — headline-like: title case, no end punctuation (teasers, link lists, titles).
* ``SHORT``  — a few words (menu items, labels, subheadings).
* ``MEDIUM`` — the rest.

Then the context rules decide over the sequence of classes:

* plain-text mode (no DOM): GOOD lines are anchors; anchors close together form clusters;
  the heaviest cluster is the main text, clusters far lighter than it are teasers and go
  (``context.outside_main``). Short lines outside the clusters are menus
  (``context.menu``), headline-like ones link lists (``context.headline_list``). Inside a
  cluster, one or two short lines between paragraphs are subheadings and stay; a longer
  run of short lines is navigation (``context.short_run``).
* HTML mode (the extractor already found the main block): a link-list header such as
  "Related" or "Most popular" takes the headline-like lines after it with it
  (``context.after_link_header``); headline-like lines before the first or after the last
  paragraph go (``context.lead_in``, ``context.tail_links``).
* both modes: the document's own title repeated as a line (``context.title``).

The pass is repeated on the kept lines until nothing changes, so cleaning is idempotent.
"""
from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from cleanseeds.reasons import LineReason

GOOD, HEAD, SHORT, MEDIUM = "good", "head", "short", "medium"

_WORD = re.compile(r"\w+")
_END_PUNCT = re.compile(r"[.!?…:;。！？](['\"”’»)\]]*)$")
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")

#: Languages whose stop-word lists (from jusText) are tried per document.
STOPLIST_LANGUAGES = (
    "English", "German", "French", "Spanish", "Portuguese", "Italian", "Dutch", "Polish",
    "Swedish", "Danish", "Norwegian_Bokmal", "Czech", "Romanian", "Turkish", "Indonesian",
)

# thresholds (part of the engine version: change ENGINE_VERSION in rules.py with them)
GOOD_MIN_WORDS = 10
GOOD_MIN_STOPWORDS = 0.22
SHORT_MAX_WORDS = 4
HEAD_MIN_CAPS = 0.6
CLUSTER_MAX_GAP = 4  # non-junk, non-anchor lines between anchors of one cluster
CLUSTER_MAX_GAP_TOTAL = 8  # all lines between anchors of one cluster
CLUSTER_MIN_SHARE = 0.3  # a cluster lighter than this share of the heaviest one is a teaser
SUBHEAD_MAX_RUN = 2  # short lines between two paragraphs that still count as subheadings


NO_STOPWORDS: frozenset[str] = frozenset()


@lru_cache(maxsize=1)
def stoplists() -> dict[str, frozenset[str]]:
    try:
        import justext

        return {lang: frozenset(w.lower() for w in justext.get_stoplist(lang)) for lang in STOPLIST_LANGUAGES}
    except Exception:  # pragma: no cover - jusText ships with trafilatura
        return {}


def pick_stoplist(lines: Sequence[str]) -> frozenset[str]:
    """The stop-word list that covers most words of the document (empty if none fits)."""
    words = [w.lower() for line in lines[:400] for w in _WORD.findall(line)[:60]]
    if not words:
        return NO_STOPWORDS
    best, best_hits = NO_STOPWORDS, 0
    for sl in stoplists().values():
        hits = sum(1 for w in words if w in sl)
        if hits > best_hits:
            best, best_hits = sl, hits
    return best if best_hits >= 0.08 * len(words) else NO_STOPWORDS


@dataclass(slots=True)
class Features:
    chars: int
    words: int
    end_punct: bool
    stop_share: float
    caps_share: float
    cls: str


def features(norm: str, stop: frozenset[str]) -> Features:
    words = _WORD.findall(norm)
    n = len(words)
    end = _END_PUNCT.search(norm) is not None
    stop_share = (sum(1 for w in words if w.lower() in stop) / n) if n and stop else 0.0
    long_words = [w for w in words if len(w) >= 4 and w[0].isalpha()]
    caps = (sum(1 for w in long_words if w[0].isupper()) / len(long_words)) if long_words else 0.0
    cjk = len(_CJK.findall(norm))
    if cjk >= 10:  # no spaces between words: judge by characters
        cls = GOOD if (cjk >= 30 and end) or cjk >= 60 else (SHORT if cjk < 12 else MEDIUM)
        return Features(len(norm), n, end, stop_share, caps, cls)
    if n <= SHORT_MAX_WORDS:
        cls = SHORT
    elif not end and caps >= HEAD_MIN_CAPS and n <= 30:
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
    return Features(len(norm), n, end, stop_share, caps, cls)


@dataclass(slots=True)
class Verdict:
    reason: str
    rule: str


_NAV = LineReason.NAVIGATION.value
_OTHER = LineReason.OTHER_BOILERPLATE.value


def _outside_verdict(f: Features) -> Verdict:
    if f.cls == SHORT:
        return Verdict(_NAV, "context.menu")
    if f.cls == HEAD:
        return Verdict(_NAV, "context.headline_list")
    return Verdict(_OTHER, "context.outside_main")


def text_mode_pass(idx: Sequence[int], feats: Sequence[Features], junk_before: Sequence[int]) -> dict[int, Verdict]:
    """One context pass over the kept lines ``idx`` (indices into ``feats``) of a plain-text
    document. ``junk_before[k]`` is the number of rule-removed lines between ``idx[k-1]`` and
    ``idx[k]``. Returns the lines to remove now."""
    anchors = [k for k, i in enumerate(idx) if feats[i].cls == GOOD]
    if not anchors:
        return {}
    # clusters of anchors (positions k in idx)
    clusters: list[list[int]] = [[anchors[0]]]
    for a, b in zip(anchors, anchors[1:]):
        gap = b - a - 1
        total = gap + sum(junk_before[a + 1 : b + 1])
        if gap > CLUSTER_MAX_GAP or total > CLUSTER_MAX_GAP_TOTAL:
            clusters.append([b])
        else:
            clusters[-1].append(b)
    weights = [sum(feats[idx[k]].chars for k in c) for c in clusters]
    heaviest = max(weights)
    kept_spans = [(c[0], c[-1]) for c, w in zip(clusters, weights) if w >= CLUSTER_MIN_SHARE * heaviest]
    out: dict[int, Verdict] = {}
    span_of: list[tuple[int, int] | None] = [None] * len(idx)
    for lo, hi in kept_spans:
        for k in range(lo, hi + 1):
            span_of[k] = (lo, hi)
    for k, i in enumerate(idx):
        f = feats[i]
        if span_of[k] is None:
            out[i] = _outside_verdict(f)
    # inside kept spans: runs of non-anchor lines between anchors
    for lo, hi in kept_spans:
        k = lo
        while k <= hi:
            if feats[idx[k]].cls == GOOD:
                k += 1
                continue
            run_start = k
            while k <= hi and feats[idx[k]].cls != GOOD:
                k += 1
            run = range(run_start, k)
            shortish = [j for j in run if feats[idx[j]].cls in (SHORT, HEAD)]
            if len(shortish) > SUBHEAD_MAX_RUN:
                for j in shortish:
                    out[idx[j]] = Verdict(_NAV, "context.short_run")
    return out


def html_mode_pass(idx: Sequence[int], feats: Sequence[Features], header_lines: set[int]) -> dict[int, Verdict]:
    """One context pass over the kept lines of an extractor's output. ``header_lines`` are
    indices of lines a link-list header rule removed (e.g. "Related", "Most popular")."""
    out: dict[int, Verdict] = {}
    anchors = [k for k, i in enumerate(idx) if feats[i].cls == GOOD]
    if not anchors:
        return out
    first, last = anchors[0], anchors[-1]
    for k in range(0, first):
        f = feats[idx[k]]
        if f.cls in (HEAD, SHORT) or (f.cls == MEDIUM and not f.end_punct):
            out[idx[k]] = Verdict(_OTHER, "context.lead_in")
    for k in range(last + 1, len(idx)):
        f = feats[idx[k]]
        if f.cls in (HEAD, SHORT) or (f.cls == MEDIUM and not f.end_punct):
            out[idx[k]] = Verdict(_NAV, "context.tail_links")
    # the lines right after a link-list header, while they look like links
    if header_lines:
        pos = {i: k for k, i in enumerate(idx)}
        for h in sorted(header_lines):
            # first kept line after the header
            k = next((pos[i] for i in range(h + 1, h + 1 + 64) if i in pos), None)
            while k is not None and k < len(idx):
                f = feats[idx[k]]
                if f.cls == GOOD and f.end_punct:
                    break
                if f.words > 30:
                    break
                out[idx[k]] = Verdict(_NAV, "context.after_link_header")
                k += 1
    return out
