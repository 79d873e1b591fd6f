"""A story wrapper that trafilatura's class test would discard, kept.

trafilatura (2.3.1, ``OVERALL_DISCARD_XPATH``'s first XPath) removes every ``div``, ``section``,
``span`` ... whose ``class`` or ``id`` *contains* a boilerplate word: ``footer``, ``bar``,
``slide``, ``-icon``, ``viewport`` ... The word is matched inside any name, so a content wrapper
named ``page1-footer``, ``bard``, ``listicle-slides``, ``kt-accodion-icon-style-arrow`` or
``iw_viewport-wrapper`` went with its whole story. (Its guard, nothing pruned when the removals
would leave under a seventh of the text, misses a story beside a long menu or comment thread.)

:class:`ProseKeepingXPath` wraps that XPath: of the elements it selects, an outermost one that
holds at least :data:`MIN_CHARS` characters of ``<p>`` text and at least :data:`MIN_SHARE` of
the ``<p>`` text of the tree it is run on is left out of the selection (the elements it selects
inside that one are still removed). The evidence is the paragraph prose: a footer, a sidebar, a
slider's controls, a menu bar never hold half of a page's paragraphs; the story does.

Cost: the selected outermost subtrees are walked once for their ``<p>`` text (they are disjoint,
so at most one walk of the tree); the tree's own ``<p>`` text is read only when one of them
holds :data:`MIN_CHARS` (gated).
"""
from __future__ import annotations

import re
from typing import Any

#: an element kept holds at least this many characters of paragraph text ...
MIN_CHARS = 2500
#: ... and at least this share of the paragraph text of the tree the XPath runs on
MIN_SHARE = 0.5
#: trafilatura's names of lists of other stories (its related words): such a list holds teasers,
#: whose excerpts can be half of a page's prose, so it is never kept
LISTS_OF_STORIES = re.compile(r"elated|-stories|most-popular|more-on|next-")


def _prose(elem: Any) -> int:
    """Characters of ``<p>`` text in ``elem`` outside links (a ``<p>`` inside a ``<p>`` counted once)."""
    total = 0
    for p in elem.iter("p"):
        if next(p.iterancestors("p"), None) is None:
            total += len(p.text_content()) - sum(len(a.text_content()) for a in p.iter("a"))
    return total


class ProseKeepingXPath:
    """Called like the XPath it wraps (``path`` is the wrapped one's); see the module doc."""

    def __init__(self, inner: Any) -> None:  # noqa: D107
        self.inner = inner
        self.path: str = inner.path

    def __call__(self, node: Any, **variables: Any) -> Any:
        selected = self.inner(node, **variables)
        if not selected:
            return selected
        chosen = set(selected)
        big = []
        for elem in selected:
            if any(a in chosen for a in elem.iterancestors()):
                continue
            if LISTS_OF_STORIES.search(f"{elem.get('class', '')} {elem.get('id', '')}"):
                continue
            prose = _prose(elem)
            if prose >= MIN_CHARS:
                big.append((elem, prose))
        if not big:
            return selected
        total = _prose(node)
        kept = {elem for elem, prose in big if prose >= MIN_SHARE * total}
        return [e for e in selected if e not in kept] if kept else selected
