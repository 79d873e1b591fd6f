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
text's. A break the page shows is an element (``<br>``, a new paragraph) and stays. One XPath
finds the runs (most pages have none); the page's visible blocks are the same text either way.
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
#: the page kinds it runs on: documentation generators (Sphinx, mdBook, hand-written manuals) wrap
#: their source; on WCXB the article pages it changes gain 0.67 `with` snippets (page units) on the tune
#: half for -0.007 F1 in sum, against ~0.2 ms a page (process_time, loaded machine) on every article
KINDS = frozenset({"documentation"})
#: a line break with the blanks around it, between two non-blank characters
_INNER_BREAK = re.compile(r"(?<=\S)[ \t\r\f\v]*\n\s*(?=\S)")


def unwrap(tree: Any) -> int:
    """Replace the inner source line breaks of the paragraphs' text runs by a space; the number of runs changed."""
    changed = 0
    for run in _RUNS(tree):
        if not _INNER_BREAK.search(run):
            continue
        owner = run.getparent()
        if owner is None or _verbatim(owner if not run.is_tail else owner.getparent()):
            continue
        text = _INNER_BREAK.sub(" ", str(run))
        if run.is_tail:
            owner.tail = text
        else:
            owner.text = text
        changed += 1
    return changed


def unwrap_for(tree: Any, kind: str, auto: bool) -> int:
    """In ``auto`` mode, :func:`unwrap` on the kinds of :data:`KINDS`."""
    return unwrap(tree) if auto and kind in KINDS else 0


def _verbatim(el: Any) -> bool:
    """Whether ``el`` (the element whose content a run is) is or sits inside :data:`_VERBATIM` markup."""
    return el is not None and (el.tag in _VERBATIM or next(el.iterancestors(*_VERBATIM), None) is not None)
