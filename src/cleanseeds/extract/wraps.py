"""The page source's own line breaks inside a paragraph, read as the spaces they are.

``unwrap(tree) -> int``: many pages are written with their prose hard-wrapped in the HTML source
(a static-site generator, a hand-written page, mdBook, Sphinx: "... part of being a good
programmer is⏎recognising when a problem is intractable"). A browser shows a space there. trafilatura
2.3.1 does too for a paragraph of bare text, but keeps the line break in the text of a
paragraph's inline children and in the text that follows them (after a link, ``<code>``,
emphasis), and readability's text, which its fallback comparison can take, keeps every one. The
extracted paragraph then comes out cut into lines mid-sentence: the line cleaner judges the
pieces one by one, and a sentence is no longer one line of the text.

Every text run under a ``<p>`` that holds a line break between two non-blank
characters gets those breaks (and the spaces around them) replaced by one space; not in
``<pre>``, ``<code>``, ``<textarea>``, ``<script>`` or ``<style>``, where the break is the
text's. A break at the edge of a run next to inline markup (``did <em>some</em>⏎editing``, ``the⏎<a>licence</a>``)
is a space too. A break the page shows is an element (``<br>``, a new paragraph) and stays. One XPath
finds the runs (most pages have none); the page's visible blocks are the same text either way.

It runs on every kind of page in ``auto`` mode. It began on documentation pages (documentation generators
wrap their source); the same breaks cut paragraphs of blogs, product and service pages (WCXB, all kinds, with
the breaks next to inline markup: 19 pages' F1 change, +0.15 in sum, none down by more than 0.001; `with` found
0.784 -> 0.786), for ~0.2 ms a page.
"""

from __future__ import annotations

import re
from typing import Any

from lxml import etree

#: text runs in a paragraph that hold a line break and more than blanks (a ``//li`` as well
#: costs 3x: menus nest their lists)
_RUNS = etree.XPath("//p//text()[contains(., '\n')][normalize-space()]")
#: the run's own text is the page's, line breaks included, inside these
_VERBATIM = ("pre", "code", "textarea", "script", "style")
#: a line break with the blanks around it, between two non-blank characters
_INNER_BREAK = re.compile(r"(?<=\S)[ \t\r\f\v]*\n\s*(?=\S)")
#: blanks holding a line break at the start / the end of a run (before its first / after its last non-blank)
_LEAD_BREAK = re.compile(r"\A[ \t\r\f\v]*\n\s*(?=\S)")
_TRAIL_BREAK = re.compile(r"(?<=\S)[ \t\r\f\v]*\n\s*\Z")
#: inline markup: the text on both sides of it flows on one line, so a source break next to it is a space
INLINE = frozenset({"a", "abbr", "b", "bdi", "bdo", "cite", "code", "data", "dfn", "em", "i", "kbd", "mark", "q", "s", "samp", "small",
                    "span", "strong", "sub", "sup", "time", "u", "var"})


def unwrap(tree: Any) -> int:
    """Replace the inner source line breaks of the paragraphs' text runs by a space; the number of runs changed.
    A break at a run's edge next to inline markup (``did <em>some</em>⏎editing``) is a space too."""
    changed = 0
    for run in _RUNS(tree):
        owner = run.getparent()
        if owner is None or _verbatim(owner if not run.is_tail else owner.getparent()):
            continue
        text = _INNER_BREAK.sub(" ", str(run))
        if run.is_tail and owner.tag in INLINE:
            text = _LEAD_BREAK.sub(" ", text)
        after = owner.getnext() if run.is_tail else (owner[0] if len(owner) else None)
        if after is not None and isinstance(after.tag, str) and after.tag in INLINE:
            text = _TRAIL_BREAK.sub(" ", text)
        if text == str(run):
            continue
        if run.is_tail:
            owner.tail = text
        else:
            owner.text = text
        changed += 1
    return changed


def unwrap_for(tree: Any, kind: str, auto: bool) -> int:
    """In ``auto`` mode, :func:`unwrap` (every ``kind``)."""
    return unwrap(tree) if auto else 0


def _verbatim(el: Any) -> bool:
    """Whether ``el`` (the element whose content a run is) is or sits inside :data:`_VERBATIM` markup."""
    return el is not None and (el.tag in _VERBATIM or next(el.iterancestors(*_VERBATIM), None) is not None)
