"""A run of lines a product page renders twice, kept once.

``cut_repeats(text) -> (text, removed)``. Shop themes write parts of a product page more than once
and show one copy per screen size or per slide: a desktop and a mobile copy of the buy box's
promises ("Built for Life Warranty." / "Fast & Free Shipping." / "Risk-free 99 Day Trial."), a
carousel's cloned slides, a spec table in a tab and again in an accordion. The copies are hidden
by style sheets the extractor does not read, so its text holds each of them; the word metric (and
a reader) counts the product's text two or three times. A run of :data:`MIN_LINES` consecutive
lines (blank lines skipped, compared with whitespace collapsed and case folded) holding at least
:data:`MIN_WORDS` words that already appeared, earlier and not overlapping, is such a copy: its
lines are taken out of the text. Single repeated lines stay (a spec label, "Buy now", a size
under every colour: the truth keeps those repeats), and so do runs of fewer lines.

Used in ``auto`` mode on the kinds of :data:`REPEAT_TYPES` (extract/html.py); the ``extraction``
column gets ``+repeats`` when a run went, and the ledger lists the lines as blocks extraction
left out only when no copy is kept (extract/blocks.py matches blocks against the text).

Chosen on the WCXB tune half (offline, on the texts of main's per-page dump, page by page; the
benchmark's word F1): on the pages decided product, runs of 4 lines and 10 words change 4 tune
pages, +0.14 in sum, none down (ridge.com's repeated buy-box promises 0.69 -> 0.79, Steam's
system requirements rendered twice, nike.com's colour and style lines); held-out half 2 pages,
+0.03, none down. Runs of 3 lines and 6 words: tune +0.19 (5 pages), held-out +0.001 (two pages
down, -0.03); of 2 lines and 4 words: tune +0.25, held-out -0.06. Not on the other kinds: on
documentation pages repeated runs are the content (code blocks, parameter tables: tune -0.22,
held-out -0.07 at 4 lines), on service pages they win on one half and lose on the other
(held-out +0.48, tune -0.20), on listing pages tune -0.28 (one page -0.27).
"""

from __future__ import annotations

#: the page kinds (as decided) whose repeated runs of lines are cut
REPEAT_TYPES = frozenset({"product"})
#: a copy is a run of at least this many consecutive non-blank lines ...
MIN_LINES = 4
#: ... holding at least this many words
MIN_WORDS = 10


def cut_repeats(text: str) -> tuple[str, int]:
    """``text`` without the runs of lines that repeat an earlier run (see the module doc), and how
    many lines went."""
    lines = text.split("\n")
    shown = [i for i, line in enumerate(lines) if line.strip()]
    keys = [" ".join(lines[i].split()).lower() for i in shown]
    first: dict[tuple[str, ...], int] = {}
    drop: set[int] = set()
    for k in range(len(keys) - MIN_LINES + 1):
        run = tuple(keys[k : k + MIN_LINES])
        start = first.setdefault(run, k)
        if start + MIN_LINES <= k and sum(len(key.split()) for key in run) >= MIN_WORDS:
            drop.update(shown[k : k + MIN_LINES])
    if not drop:
        return text, 0
    return "\n".join(line for i, line in enumerate(lines) if i not in drop), len(drop)


def for_kind(text: str, strategy: str, kind: str, auto: bool) -> tuple[str, str]:
    """The text and strategy after :func:`cut_repeats` on the kinds it is for (``+repeats`` when
    lines went); unchanged elsewhere."""
    if not (auto and kind in REPEAT_TYPES and text):
        return text, strategy
    text, removed = cut_repeats(text)
    return text, f"{strategy}+repeats" if removed else strategy
