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

Nor does it evaluate the discard XPaths over the page: their predicates read only an element's
own tag and attributes (:data:`_DISCARD_SHAPE`), so whether an element would be deleted is
asked of that element alone (:func:`_discarded`), and only of the elements that matter: a
candidate, its ancestors below ``tree`` and the children its text is read from. (The
expressions reach each element of the page, and call back into Python for every one with a
``class`` when a class of the page matches their pattern: ~2 ms on a dev page that has an
author candidate.) A trafilatura whose discard XPaths have another shape takes the set of
deleted elements, as before.
"""
from __future__ import annotations

from collections.abc import Container
from typing import Any


def page_author(tree: Any) -> str | None:
    """``trafilatura.metadata.extract_author(tree)``, without copying ``tree``."""
    from trafilatura.json_metadata import normalize_authors  # (what trafilatura.metadata uses)
    from trafilatura.metadata import extract_author
    from trafilatura.utils import trim
    from trafilatura.xpaths import AUTHOR_DISCARD_XPATHS, AUTHOR_XPATHS

    if next(tree.iter("rel"), None) is not None:
        return extract_author(tree)
    deleted: Container[Any] = _Discarded(tree)
    if _local_discard_test() is None:  # (another trafilatura: its discard XPaths over the page)
        deleted = {el for expression in AUTHOR_DISCARD_XPATHS for el in expression(tree) if el is not tree}
    for expression in AUTHOR_XPATHS:
        for el in expression(tree):
            if not _kept(el, tree, deleted):
                continue
            content = trim(" ".join(_kept_text(el, deleted)))
            if content and 2 < len(content) < 120:
                return normalize_authors(None, content)
    return None


def _kept(el: Any, tree: Any, deleted: Container[Any]) -> bool:
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


def _kept_text(el: Any, deleted: Container[Any]) -> list[str]:
    """What ``el.itertext()`` gives once the ``deleted`` elements are gone (``el`` is not one of
    them nor inside one): a deleted element's text goes with it, its tail is joined to the text
    or tail before it."""
    out: list[str] = []
    _collect(el, deleted, out)
    return out


def _collect(el: Any, deleted: Container[Any], out: list[str]) -> None:
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


#: trafilatura 2.3.1's ``AUTHOR_DISCARD_XPATHS``, as shapes: (1) ``.//*`` and predicates on the
#: element itself (its tag by ``self::``, its attributes), (2) ``//time|//figure``. Asked of one
#: element, (1) is the same expression with ``self::*`` for ``.//*`` (the element is inside the
#: page: the callers ask only of ``tree``'s descendants), and (2) is its tag.
_DISCARD_SHAPE = (".//*[", "//time|//figure")
_DISCARD_TAGS = ("time", "figure")
_LOCAL: list[Any] = []  # [the self:: test of expression (1)], or [None] when the shapes do not hold


def _local_discard_test() -> Any:
    """The compiled ``boolean(self::*[...])`` test of trafilatura's first discard expression
    (answered from the page's values as the original is: :class:`~cleanseeds.extract.xpath_page.PageRegexXPath`),
    or ``None`` when its discard XPaths do not have the shapes of :data:`_DISCARD_SHAPE`."""
    if not _LOCAL:
        from trafilatura.xpaths import AUTHOR_DISCARD_XPATHS

        from cleanseeds.extract.xpath_page import PageRegexXPath
        from cleanseeds.extract.xpath_regex import ORIGINAL_PATH, guarded

        paths = [ORIGINAL_PATH.get(x.path, x.path).strip() for x in AUTHOR_DISCARD_XPATHS]
        shaped = len(paths) == 2 and paths[0].startswith(_DISCARD_SHAPE[0]) and paths[1] == _DISCARD_SHAPE[1]
        _LOCAL.append(PageRegexXPath(guarded("boolean(self::*" + paths[0][len(".//*"):] + ")")) if shaped else None)
    return _LOCAL[0]


class _Discarded:
    """``el in _Discarded(tree)``: whether trafilatura's author search deletes ``el`` with its
    subtree (what ``AUTHOR_DISCARD_XPATHS`` select, ``tree`` itself left out), asked of ``el``
    alone; ``el`` is ``tree`` or inside it."""

    __slots__ = ("tree",)

    def __init__(self, tree: Any) -> None:
        self.tree = tree

    def __contains__(self, el: object) -> bool:
        tag = getattr(el, "tag", None)
        if el is self.tree or not isinstance(tag, str):  # (a comment or PI: never selected)
            return False
        return tag in _DISCARD_TAGS or bool(_LOCAL[0](el))
