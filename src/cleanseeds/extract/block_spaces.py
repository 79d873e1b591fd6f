"""Blocks that trafilatura unwraps inside a list item or a quote stay apart by a space.

trafilatura rebuilds a list item from its descendants: each ``<div>`` inside an ``<li>`` becomes a
``<div>`` of its output item, and at the end of the extraction every output ``<div>`` is unwrapped
(``strip_tags(result_body, "div")`` in ``trafilatura.main_extractor.extract_content``), its text
joined to its neighbours' with nothing between them. The page shows the two blocks apart (a
``<div>`` is a block), but the text read ``Watts1200 W``, ``Blade materialStainless Steel``,
``Speeds5`` (a shop's spec list, ``<li><div>Watts</div><div>1200 W</div></li>``), ``kingspecial``
(a tile's name and its badge): a wrong word for a reader, a search index and the entity model, and
two true words lost to the benchmark. A quote (``<blockquote><div>...</div><div>...</div>``) and a
table cell read the same way. trafilatura 2.3.1 (the latest release) does this; a ``<p>`` in the
same place is joined with a space, and so are the blocks a ``<div>`` holds at the top level, which
become lines of their own.

:func:`space_blocks` puts one space between such a ``<div>``'s text and the text before or after it,
where neither side has one, for the ``<div>`` elements whose nearest non-``div`` ancestor is an
element whose text runs inline (:data:`INLINE_HOSTS`: an item, a quote, a cell, a paragraph, a
heading); then trafilatura unwraps them as before. Nothing else changes: no element is kept or
dropped that was not before, only the space at a block's edge. :func:`install` puts the guarded
``strip_tags`` in ``trafilatura.main_extractor`` (its only ``strip_tags(..., "div")`` is that one),
once.

WCXB (``bench/quality_wcxb.py``, page by page against the code before it, stop 35): 14 tune pages
and 18 held-out pages change; tune +0.055 in sum (chessbazaar 0.81 -> 0.86, samsclub, walmart,
mybirdbuddy, lulus up; headphones.com 0.55 -> 0.49: its text now holds a few more characters and
the card pass's length test, which compares characters, no longer takes the cards), held-out
+0.147 (listing +0.079, forum +0.071).
"""
from __future__ import annotations

from typing import Any

_ORIGINAL: list[Any] = []
#: trafilatura's output elements whose text runs inline: a ``<div>`` unwrapped inside one joins its neighbours
INLINE_HOSTS = frozenset({"item", "quote", "cell", "p", "head"})


def _ends_open(text: str) -> bool:
    """Whether ``text`` ends in a character that is not a space (an empty text does not)."""
    return bool(text) and not text[-1].isspace()


def _before(div: Any) -> str:
    """The text right before ``div`` inside its parent: the previous sibling's tail, else that sibling's
    text, else the parent's own text."""
    prev = div.getprevious()
    if prev is None:
        return str(div.getparent().text or "")
    if prev.tail:
        return str(prev.tail)
    return "".join(prev.itertext())


def space_blocks(body: Any) -> None:
    """One space at the edges of every ``<div>`` of ``body`` inside an :data:`INLINE_HOSTS` element where
    the text on both sides of the edge has none."""
    for div in list(body.iter("div")):
        host = next((a for a in div.iterancestors() if a.tag != "div"), None)
        if host is None or host.tag not in INLINE_HOSTS:
            continue
        own = "".join(div.itertext())
        if div.text and not div.text[0].isspace() and _ends_open(_before(div)):
            div.text = " " + div.text
        if div.tail:
            if not div.tail[0].isspace() and _ends_open(own):
                div.tail = " " + div.tail
        elif (nxt := div.getnext()) is not None and _ends_open(own):
            start = nxt.text or "".join(nxt.itertext())
            if start and not start[0].isspace():
                div.tail = " "


def strip_tags(tree: Any, *tags: Any) -> None:
    """``lxml.etree.strip_tags(tree, *tags)``, with :func:`space_blocks` first when only ``div`` is stripped."""
    if tags == ("div",):
        space_blocks(tree)
    _ORIGINAL[0](tree, *tags)


def install() -> None:
    """Use :func:`strip_tags` in ``trafilatura.main_extractor``, once."""
    if _ORIGINAL:
        return
    import importlib

    tmain = importlib.import_module("trafilatura.main_extractor")  # (a module mypy cannot see into)
    _ORIGINAL.append(tmain.strip_tags)
    setattr(tmain, "strip_tags", strip_tags)  # noqa: B010 - the name extract_content reads
