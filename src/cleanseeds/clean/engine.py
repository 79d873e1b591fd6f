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

from collections.abc import Sequence
from dataclasses import dataclass

from cleanseeds.clean import context as ctx
from cleanseeds.clean.rules import (
    RuleSet,
    build_ruleset,
    load_user_rules_file,
    normalize,
)
from cleanseeds.clean.templates import DocObservation, SiteTemplates, line_key, observe
from cleanseeds.config import Settings
from cleanseeds.reasons import LineReason
from cleanseeds.reasons import QuarantineReason as Q
from cleanseeds.records import Document, Rejected, RemovedLine, StageResult

_HEADER_RULES = frozenset({"nav.section_header", "nav.related_prefix"})
_MAX_PASSES = 8
#: Rule ids of time stamps and comment author lines (the headers of a comment thread).
_STAMP_RULES = frozenset({"other.timestamp", "other.relative_time"})
_AUTHOR_RULES = frozenset({"comment.author_says"})
#: Rule ids of lines that only ever come after an article (author box, comment thread).
_HARD_END_RULES = frozenset({"other.author_box", "comment.thread_header", "comment.prompt"})
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
) -> list[LineDecision]:
    """Decide every non-blank line of one document (blank lines are not returned).

    ``norms`` are the normalized lines of ``source_text`` split on "\\n" (one per line), when
    the caller already has them."""
    spans = split_lines(source_text)
    if norms is None:
        norms = [normalize(line) for _, _, line in spans]
    decisions: list[LineDecision] = []
    kept_norms: list[str] = []
    for n, ((start, end, line), norm) in enumerate(zip(spans, norms, strict=True), 1):
        if not norm:
            continue
        decisions.append(LineDecision(n, start, end, line, True))
        kept_norms.append(norm)
    norms = kept_norms
    if not decisions:
        return decisions

    # 1. rules ---------------------------------------------------------------------------
    headers: set[int] = set()
    for i, norm in enumerate(norms):
        r = rules.match(norm)
        if r is not None:
            d = decisions[i]
            d.kept, d.reason, d.rule = False, r.reason, r.id
            if r.id in _HEADER_RULES:
                headers.add(i)

    # 2. site templates ----------------------------------------------------------------------
    if template_keys:
        hits = [i for i, norm in enumerate(norms) if decisions[i].kept and line_key(norm) in template_keys]
        remaining = sum(1 for d in decisions if d.kept) - len(hits)
        if remaining > 0:  # a document made only of template lines is a duplicate, not junk
            for i in hits:
                d = decisions[i]
                d.kept, d.reason, d.rule = False, LineReason.SITE_TEMPLATE.value, "site_template"

    # 3. context ------------------------------------------------------------------------------
    title_norm = normalize(title).casefold() if title else ""
    stop: frozenset[str] | None = None
    feats: list[ctx.Features | None] = [None] * len(norms)
    # per line, computed once: its words, and the first 60 lower-cased (for the stop list)
    words: list[list[str] | None] = [None] * len(norms)
    lowered: dict[int, list[str]] = {}
    prose_like = [norm.count(" ") >= 7 for norm in norms]
    stop_key: list[int] | None = None
    for pass_no in range(_MAX_PASSES):
        idx = [i for i, d in enumerate(decisions) if d.kept]
        if not idx:
            break
        # the stop list depends only on the first 400 prose-like kept lines: unchanged
        # lines, unchanged list
        key = [i for i in idx if prose_like[i]][:400]
        if key == stop_key:
            new_stop = stop
        else:
            for i in key:
                if i not in lowered:
                    w = words[i] = words[i] if words[i] is not None else ctx._WORD.findall(norms[i])
                    lowered[i] = [x.lower() for x in w[:60]]
            new_stop = ctx.pick_stoplist_words(lowered[i] for i in key)
            stop_key = key
        if new_stop is not stop:
            stop = new_stop
            for i in idx:
                w = words[i]
                if w is None:
                    w = words[i] = ctx._WORD.findall(norms[i])
                feats[i] = ctx.features(norms[i], stop, w)
        # only the kept lines' features are read (lines removed before have theirs cached)
        fs: list[ctx.Features] = feats  # type: ignore[assignment]
        removed: dict[int, ctx.Verdict] = {}
        if title_norm:
            for i in idx:
                f = fs[i]
                if f.words <= 30 and not (f.cls == ctx.GOOD and f.end_punct) and norms[i].casefold() == title_norm:
                    removed[i] = ctx.Verdict(LineReason.OTHER_BOILERPLATE.value, "context.title")
        live = [i for i in idx if i not in removed]
        if mode == "html":
            removed.update(ctx.html_mode_pass(live, fs, headers if pass_no == 0 else set()))
        else:
            junk_before = [0] * len(live)
            header_before = [False] * len(live)
            end_before = [False] * len(live)
            stamp_before = [False] * len(live)
            author_before = [False] * len(live)
            hard_end_before = [False] * len(live)
            interruption = [False] * len(live)
            if pass_no == 0:
                prev = -1
                for k, i in enumerate(live):
                    # the lines between the previous kept line and this one
                    junk, header, end, stamp, author, hard_end = 0, False, False, False, False, False
                    inter = True
                    for j in range(prev + 1, i):
                        d = decisions[j]
                        rule = d.rule
                        if not d.kept:
                            junk += 1
                            if d.reason in _END_REASONS:
                                end = True
                            if d.reason not in ctx.INTERRUPTION_REASONS:
                                inter = False
                        if rule is not None:
                            if rule == "nav.section_header" and j in headers:
                                header = True
                            if rule in _STAMP_RULES:
                                stamp = True
                            if rule in _AUTHOR_RULES:
                                author = True
                            if rule in _HARD_END_RULES:
                                hard_end = True
                    junk_before[k], header_before[k], end_before[k] = junk, header, end
                    stamp_before[k], author_before[k], hard_end_before[k] = stamp, author, hard_end
                    interruption[k] = inter and junk > 0
                    prev = i
            gaps = ctx.Gaps(junk_before, header_before, end_before, stamp_before, author_before, hard_end_before, interruption)
            removed.update(ctx.text_mode_pass(live, fs, gaps))
        for i, v in removed.items():
            d = decisions[i]
            d.kept, d.reason, d.rule = False, v.reason, v.rule
        if not removed and pass_no > 0:
            break
    for i, f in enumerate(feats):
        decisions[i].cls = f.cls if f is not None else None
    return decisions


def _site_key(d: Document) -> str:
    return d.site or ""


def clean_batch(
    docs: Sequence[Document],
    rules: RuleSet,
    templates: SiteTemplates | None,
    settings: Settings,
) -> tuple[StageResult, list[DocObservation] | None]:
    """Clean a batch. Returns the documents kept, the ones left empty (quarantined), and the
    batch's site-template observations (``None`` when site templates are off)."""
    use_templates = settings.site_templates
    norms_by_doc: list[list[str]] = []
    for d in docs:
        norms_by_doc.append([normalize(line) for line in d.source_text.split("\n")])
    # what counts as evidence is templates.py's business (observe / batch_keys)
    observations: list[DocObservation] = []
    site_keys: dict[str, frozenset[str]] = {}
    if use_templates:
        trust = settings.template_trust_inputs
        observations = [observe(d, norms, trust) for d, norms in zip(docs, norms_by_doc)]
        site_keys = (templates or SiteTemplates()).batch_keys(observations, settings.template_min_docs, settings.template_min_share)

    out = StageResult(docs=[])
    for d, norms in zip(docs, norms_by_doc):
        tkeys = site_keys.get(_site_key(d), frozenset()) if use_templates else frozenset()
        decisions = decide(d.source_text, d.mode, rules, d.title, tkeys, norms)
        kept: list[str] = []
        d.removed = []
        for dec in decisions:
            if dec.kept:
                kept.append(dec.text)
            else:
                d.removed.append(RemovedLine(dec.line_no, dec.start, dec.end, dec.text, dec.reason or "", dec.rule or ""))
        d.text = "\n".join(kept)
        if d.text.strip():
            out.docs.append(d)
        else:
            out.rejected.append(
                Rejected(
                    source=d.source, stage="clean", reason=Q.EMPTY_AFTER_CLEANING,
                    detail=f"{len(d.removed)} lines removed, none kept", doc_id=d.doc_id,
                    input_path=d.input_path, content_hash=d.content_hash,
                )
            )
    return out, (observations if use_templates else None)


__all__ = ["LineDecision", "RuleSet", "SiteTemplates", "clean_batch", "decide", "load_rules", "split_lines"]
