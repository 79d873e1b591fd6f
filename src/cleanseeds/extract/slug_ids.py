"""Anchor ids made from a section's heading, taken off before extraction.

``unname_heading_slugs(tree) -> int``: trafilatura (2.3.1, ``OVERALL_DISCARD_XPATH``) removes
every element whose ``id`` *contains* a boilerplate word: ``hidden``, ``menu``, ``cookie``,
``share``, ``related``... Documentation generators and CMSs give each section the slug of its
heading as ``id`` (the target of the page's table of contents), so a section titled "Looping
over hidden and visible fields" (Sphinx: ``id="s-looping-over-hidden-and-visible-fields"``) or
"Menu innovation strategies: building memorable ..." was dropped whole, headings, paragraphs
and code, from the middle of the main text.

Such an ``id`` is a name, not a role: the evidence is that it *is* the element's own heading,
slugged (its words, lower case, joined by ``-`` or ``_``; a short prefix such as Sphinx's
``s-`` allowed), and that the heading is a phrase of :data:`MIN_WORDS`+ words. Boilerplate
boxes are named by a role word or a short phrase ("related-topics", "recommended-for-you",
"gdpr-privacy-settings", "main-menu": 1-3 words), which keep their ``id``. The element's own
heading is itself when it is a heading, else the first heading inside it. Every kind, ``auto``
mode (extract/html.py ``_prepared``: every pass and the ledger read the page so).
"""

from __future__ import annotations

import re
from typing import Any

#: a heading whose slug is the id has at least this many words
MIN_WORDS = 5
#: at most this many characters of the id before the heading's slug (Sphinx's ``s-``, ``h-``, ``id-``)
MAX_PREFIX = 3
_HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")
_WORD = re.compile(r"[^\W_]+")


def _slug_words(s: str) -> list[str]:
    return _WORD.findall(s.lower())


def _heading(el: Any) -> Any:
    if el.tag in _HEADINGS:
        return el
    return next(el.iter(*_HEADINGS), None)


def is_heading_slug(el: Any) -> bool:
    """Whether the element's ``id`` is the slug of its own heading of :data:`MIN_WORDS`+ words."""
    idv = el.get("id") or ""
    id_words = _slug_words(idv)
    if len(id_words) < MIN_WORDS:
        return False
    head = _heading(el)
    if head is None:
        return False
    words = _slug_words(head.text_content())
    if len(words) < MIN_WORDS or len(id_words) < len(words) or id_words[-len(words):] != words:
        return False
    return len("".join(id_words[:-len(words)])) <= MAX_PREFIX


def unname_heading_slugs(tree: Any) -> int:
    """Take the ``id`` off the elements named by their own heading's slug; how many."""
    found = [el for el in tree.iterfind(".//*[@id]") if isinstance(el.tag, str) and is_heading_slug(el)]
    for el in found:
        del el.attrib["id"]
    return len(found)


def unname_for(tree: Any, auto: bool) -> int:
    """In ``auto`` mode, :func:`unname_heading_slugs`."""
    return unname_heading_slugs(tree) if auto else 0
