"""A forum thread's posts the extractor skipped after the ones it took, put back in the thread's order.

``put_back(text, bodies) -> (text, added)``. On a forum page trafilatura (comments mode) often takes
the thread's first post, or its first few, and none of the replies under them: a XenForo thread's
replies are ``article.message`` boxes like the first post, not what its comment expressions look
for, and the second extractor's lines are merged only *between* two lines of ours
(extract/second.py), never after our last one. The card pass (extract/cards.py) sees every post,
but takes the cards only when the extractor's text is much shorter than them: a long first post
and a few short replies kept the first post alone ("thanks for marking the issues" and every other
reply gone).

The evidence is the thread's own markup: the card group's posts written with one body element
(:func:`cleanseeds.extract.cards.post_bodies`: the (tag, class) of the deepest element holding half
a card's words, shared by 40% of the cards: XenForo's ``div.bbWrapper``, phpBB's ``div.content``,
Stack Exchange's ``div.s-prose``). When the extractor's text holds the body of at least one post
(its longest line's first :data:`KEY_WORDS` words) and lacks the body of another, the group is the
thread the text was taken from, and the missing bodies go in, each after the text's line that holds
the last line of the post before it (at the start when no post before it was taken), one block a
line. A group none of whose posts the text holds is something else (a sidebar's list, the comments
under answers) and is left alone. The line cleaner then reads the lines like any other
(``extraction`` gets ``+posts``). On the kinds of :data:`THREAD_TYPES` (``auto`` mode), when the
card pass did not take the cards.

WCXB (``bench/quality_wcxb.py``, page by page, stop 35): forum tune +0.216 in sum (9 pages, 7 up:
tomshardware 0.84 -> 0.99, lobste.rs 0.88 -> 0.94, basenotes 0.83 -> 0.88; community.windy.com
0.96 -> 0.82, its truth leaves out the replies we had skipped), held-out +0.140 (10 pages, 8 up).
Counted before: on the tune half's forum pages, the posts of a partly taken group that the text
lacked were in the truth for 21 of 27 posts (9 of 12 pages).
"""
from __future__ import annotations

from typing import Any

#: the page kinds (as decided) whose skipped thread posts are put back
THREAD_TYPES = frozenset({"forum"})
#: a post is found in the text by the first words of its longest line
KEY_WORDS = 6
#: the search matches each post's key (and each line of a found post) against the text's lines: over this many
#: pairs (posts' lines x text lines) the pass is skipped and the text stays as it is (a hostile page of ten
#: thousand posts; WCXB's largest thread: about 0.1 M pairs)
MAX_PAIRS = 2_000_000


def _key(lines: tuple[str, ...]) -> str | None:
    """The first :data:`KEY_WORDS` words of the longest line of a post's body, lower-cased (``None``: too short)."""
    words = max(lines, key=lambda line: len(line.split()), default="").lower().split()
    return " ".join(words[:KEY_WORDS]) if len(words) >= KEY_WORDS else None


def _placed(body: tuple[str, ...], low: list[str], start: int) -> int:
    """The last line of ``low`` from ``start`` on that holds a line of ``body`` in turn (``start`` if none)."""
    at = start
    for line in body:
        key = " ".join(line.lower().split())
        at = next((i for i in range(at, len(low)) if key and key in low[i]), at)
    return at


def put_back(text: str, bodies: tuple[tuple[str, ...], ...]) -> tuple[str, int]:
    """``text`` with the posts of ``bodies`` it lacks put back (see the module doc), and how many were."""
    lines = text.split("\n")
    if len(lines) * sum(len(body) + 1 for body in bodies) > MAX_PAIRS:
        return text, 0
    low = [" ".join(line.lower().split()) for line in lines]
    keys = [_key(body) for body in bodies]
    found = [next((i for i, line in enumerate(low) if key in line), None) if key else None for key in keys]
    if all(f is None for f in found) or all(f is not None for k, f in zip(keys, found, strict=True) if k):
        return text, 0
    after: dict[int, list[str]] = {}
    last, added = -1, 0
    for body, key, at in zip(bodies, keys, found, strict=True):
        if at is not None:
            last = _placed(body, low, max(last, at))
        elif key is not None:
            after.setdefault(last, []).extend(body)
            added += 1
    out = list(after.get(-1, []))
    for i, line in enumerate(lines):
        out.append(line)
        out.extend(after.get(i, []))
    return "\n".join(out), added


def for_kind(text: str, strategy: str, cards: Any, kind: str, auto: bool) -> tuple[str, str]:
    """The text and strategy after :func:`put_back` on the kinds of :data:`THREAD_TYPES` when the cards were not
    taken (``cards``: the page's, or ``None``); the strategy gets ``+posts`` when a post was put back."""
    if not auto or kind not in THREAD_TYPES or cards is None or not cards.bodies or ">cards" in strategy:
        return text, strategy
    text, added = put_back(text, cards.bodies)
    return text, f"{strategy}+posts" if added else strategy
