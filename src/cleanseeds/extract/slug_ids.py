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
mode (extract/html.py ``prepare_page``: every pass and the ledger read the page so).
"""

from __future__ import annotations

import re
from typing import Any

#: a heading whose slug is the id has at least this many words
MIN_WORDS = 5
#: at most this many characters of the id before the heading's slug (Sphinx's ``s-``, ``h-``, ``id-``)
MAX_PREFIX = 3
#: an element named by a heading is the heading or one of its nearest this many ancestors
MAX_UP = 3
_HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")
_WORD = re.compile(r"[^\W_]+")



def _slug_words(s: str) -> list[str]:
    return _WORD.findall(s.lower())


def _names(idv: str, words: list[str]) -> bool:
    """Whether ``idv`` is the slug of ``words`` (after a prefix of up to :data:`MAX_PREFIX` characters)."""
    id_words = _slug_words(idv)
    if len(id_words) < len(words) or id_words[-len(words):] != words:
        return False
    return len("".join(id_words[:-len(words)])) <= MAX_PREFIX


def heading_slug_elements(tree: Any) -> list[Any]:
    """The elements whose ``id`` is the slug of their own heading of :data:`MIN_WORDS`+ words: the
    heading itself, or one of its :data:`MAX_UP` nearest ancestors whose first heading it is.
    Found from the page's headings (a few a page; lxml finds them without a Python object per
    element), not from every element with an ``id``."""
    found: list[Any] = []
    for head in tree.iter(*_HEADINGS):
        named: list[Any] = []  # the heading and its nearest ancestors that have an id of MIN_WORDS+ separated parts
        el: Any = head
        for _ in range(MAX_UP + 1):
            if el is None:
                break
            idv = el.get("id")
            if idv and idv.count("-") + idv.count("_") >= MIN_WORDS - 1:
                named.append(el)
            el = el.getparent()
        if not named:
            continue
        words = _slug_words(head.text_content())
        if len(words) >= MIN_WORDS:
            found.extend(n for n in named if _names(n.get("id") or "", words) and (n is head or next(n.iter(*_HEADINGS), None) is head))
    return found


def is_heading_slug(el: Any) -> bool:
    """Whether the element's ``id`` is the slug of its own heading (itself, or its first heading inside) of :data:`MIN_WORDS`+ words."""
    head = el if el.tag in _HEADINGS else next(el.iter(*_HEADINGS), None)
    if head is None:
        return False
    words = _slug_words(head.text_content())
    return len(words) >= MIN_WORDS and _names(el.get("id") or "", words)


def unname_heading_slugs(tree: Any) -> int:
    """Take the ``id`` off the elements named by their own heading's slug; how many."""
    found = heading_slug_elements(tree)
    for el in found:
        if "id" in el.attrib:
            del el.attrib["id"]
    return len(found)


def unname_for(tree: Any, auto: bool) -> int:
    """In ``auto`` mode, :func:`unname_heading_slugs`."""
    return unname_heading_slugs(tree) if auto else 0
