"""The page's no-script copy of its main content, as a second opinion (``auto`` mode, issue 12).

Some sites draw their main content with JavaScript and put a plain copy of it for crawlers and
browsers without scripts inside ``<noscript>`` (a Discourse forum puts the whole thread there:
``<noscript><div id="main-outlet" role="main">`` with every post, while the page a browser saved
holds only the posts that were on screen). trafilatura's own pass cleans ``<noscript>`` away
(its fallbacks may take one post of it), and cleanseeds' card pass and ledger read only what a
browser shows (``extract/blocks.py``): the thread's posts are never seen as the page's cards.

Evidence: a ``<noscript>`` that holds the page's main region (a ``<main>`` or ``[role=main]``
inside it) with at least :data:`NOSCRIPT_MIN_WORDS` words. It is copied out before extraction
(the extraction may change the tree in place), and when the text found on the page has fewer
than 1/:data:`NOSCRIPT_GAIN` of the words trafilatura then finds in the copy, the copy's text is
taken (``extraction = "<strategy>>noscript"``). A page whose markup has no ``<noscript>`` costs
a substring test; one that has (about half of the WCXB pages: tracking pixels, "enable
JavaScript" notices) one XPath, ~0.2 ms (extraction: ~40 ms a WCXB page).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from cleanseeds.extract.blocks import alone_on_a_page

#: the main region of a no-script copy: a ``<main>`` or an element with ``role="main"`` inside a ``<noscript>``
NOSCRIPT_MAIN_XPATH = "//noscript[.//main or .//*[@role='main']]"
#: the fewest words the ``<noscript>`` must hold to be a copy of the main content (not a "please enable JavaScript" notice)
NOSCRIPT_MIN_WORDS = 100
#: the copy's text is taken when it has more than this many times the words of the page's text
NOSCRIPT_GAIN = 2.0


def has_noscript(html: str) -> bool:
    """Whether the markup has a ``<noscript>`` tag (lower or upper case; a cheap test before the XPath)."""
    return "<noscript" in html or "<NOSCRIPT" in html


def noscript_page(tree: Any) -> Any:
    """A new ``<html><body>`` holding a copy of the page's largest ``<noscript>`` that contains a
    main region of at least :data:`NOSCRIPT_MIN_WORDS` words, or ``None`` (most pages). Call it
    on the page as parsed, before extraction changes the tree."""
    best, best_words = None, NOSCRIPT_MIN_WORDS - 1
    for box in tree.xpath(NOSCRIPT_MAIN_XPATH):
        words = len(box.text_content().split())
        if words > best_words:
            best, best_words = box, words
    if best is None:
        return None
    page = alone_on_a_page(best)
    inner = page[0][0]
    inner.tag = "div"  # trafilatura drops <noscript> elements: the copy is an ordinary block now
    inner.attrib.clear()
    return page


def noscript_text(page: Any, text: str, extract: Callable[[Any], str]) -> str | None:
    """``extract(page)`` (trafilatura on the no-script copy from :func:`noscript_page`) when it
    has more than :data:`NOSCRIPT_GAIN` times the words of ``text``; else ``None``."""
    inner = extract(page)
    if len(inner.split()) <= NOSCRIPT_GAIN * len(text.split()):
        return None
    return inner
