"""trafilatura's author search without its copy of the page.

``trafilatura.metadata.extract_author(tree)`` deep-copies the whole page, deletes from the copy
what ``AUTHOR_DISCARD_XPATHS`` select (comments, sidebars, dates, figures ...: each element goes
with its subtree, its tail text joins the text before it) and returns the first element that
``AUTHOR_XPATHS`` select on what is left whose text is 3-119 characters long. Copying a page of
thousands of elements costs more than the search on the pages that reach it.

:func:`page_author` gives the same answer on the page itself: the author XPaths select the same
elements on the page as on the copy but for those inside a deleted subtree (their tests read
only the tag and attributes, which deleting leaves alone) and those outside ``tree`` (a page can
parse into more than one top-level element: the XPaths' ``//`` reaches them, the copy of
``tree`` does not), and the text of an element on the
copy is rebuilt from the page (:func:`_kept_text`: the text of the deleted subtrees left out,
their tails joined as ``trafilatura.xml.delete_element`` joins them). One predicate reads text,
``rel='me'`` (a child ``<rel>`` element whose text is "me"); a page with a ``<rel>`` element
takes trafilatura's own function. ``tests/unit/test_extract_author.py`` compares both on real
pages and on pages built for the deletions' edge cases.
"""
from __future__ import annotations

from typing import Any


def page_author(tree: Any) -> str | None:
    """``trafilatura.metadata.extract_author(tree)``, without copying ``tree``."""
    from trafilatura.json_metadata import normalize_authors  # (what trafilatura.metadata uses)
    from trafilatura.metadata import extract_author
    from trafilatura.utils import trim
    from trafilatura.xpaths import AUTHOR_DISCARD_XPATHS, AUTHOR_XPATHS

    if next(tree.iter("rel"), None) is not None:
        return extract_author(tree)
    deleted = {el for expression in AUTHOR_DISCARD_XPATHS for el in expression(tree) if el is not tree}
    for expression in AUTHOR_XPATHS:
        for el in expression(tree):
            if not _kept(el, tree, deleted):
                continue
            content = trim(" ".join(_kept_text(el, deleted)))
            if content and 2 < len(content) < 120:
                return normalize_authors(None, content)
    return None


def _kept(el: Any, tree: Any, deleted: set[Any]) -> bool:
    """Whether ``el`` is in the copy of ``tree``: ``tree`` itself, or inside it (the document
    can hold more than the element the parser returned, which ``//`` XPaths reach and the copy
    does not) and neither deleted nor inside a deleted element."""
    if el is tree:
        return True
    if el in deleted:
        return False
    for a in el.iterancestors():
        if a is tree:
            return True
        if a in deleted:
            return False
    return False


def _kept_text(el: Any, deleted: set[Any]) -> list[str]:
    """What ``el.itertext()`` gives once the ``deleted`` elements are gone (``el`` is not one of
    them nor inside one): a deleted element's text goes with it, its tail is joined to the text
    or tail before it."""
    out: list[str] = []
    _collect(el, deleted, out)
    return out


def _collect(el: Any, deleted: set[Any], out: list[str]) -> None:
    text = el.text if isinstance(el.tag, str) else None  # (a comment or PI: its tail only)
    pending = text or ""
    for ch in el:
        if ch in deleted:
            pending += ch.tail or ""
            continue
        if pending:
            out.append(pending)
        pending = ""
        if isinstance(ch.tag, str):
            _collect(ch, deleted, out)
        pending = ch.tail or ""
    if pending:
        out.append(pending)
