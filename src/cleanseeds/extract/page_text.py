"""trafilatura's ``html2txt`` of a parsed page, without copying and changing a copy of it.

trafilatura's cascade (``core.trafilatura_sequence``) measures the page as
``len(html2txt(tree))`` when its balanced extraction came out short: it copies the whole tree,
deletes what ``BASIC_CLEAN_XPATH`` selects (scripts, styles, asides, footers, cookie banners; each
tail joined to the text before it, as ``trafilatura.xml.delete_element`` does), rewrites the
text and tail of every block element with a leading space (``_spaced_text``, control characters
removed there) and collapses the whitespace of the body's ``text_content()``.

:func:`html2txt` reads the same string from the tree as it is: one walk of the body that leaves
the selected elements out (their tails kept where the deletion puts them) and puts the spaces
where ``_spaced_text`` writes them. :func:`install` puts it in place of ``html2txt`` in
``trafilatura.core`` (the cascade's only use) for parsed trees; strings, and ``clean=False``, go
to trafilatura's own. ``tests/unit/test_page_text.py`` compares both on real pages and on
pages built for the deletions and the spacing.
"""
from __future__ import annotations

from typing import Any

_ORIGINAL: list[Any] = []  # trafilatura's html2txt, once installed
_BLOCKS: list[frozenset[str]] = []  # trafilatura's block elements (the tags _spaced_text spaces), read once


def html2txt(content: Any, clean: bool = True) -> str:
    """``trafilatura.baseline.html2txt(content, clean)``; a parsed tree is read, not copied."""
    from lxml.html import HtmlElement

    tbaseline = _baseline()
    original = _ORIGINAL[0] if _ORIGINAL else tbaseline.html2txt
    if not isinstance(content, HtmlElement) or not clean:
        return original(content, clean)  # type: ignore[no-any-return]
    body = content.find(".//body")
    if body is None:
        body = content
    deleted = {el for el in tbaseline.BASIC_CLEAN_XPATH(body) if el is not body}
    out: list[str] = []
    _collect(body, deleted, _blocks(), tbaseline.remove_control_characters, out)
    return " ".join("".join(out).split())


def _baseline() -> Any:
    """The module ``trafilatura.baseline`` (``import trafilatura.baseline`` names the function the
    package re-exports)."""
    import importlib

    return importlib.import_module("trafilatura.baseline")


def _blocks() -> frozenset[str]:
    if not _BLOCKS:
        _BLOCKS.append(frozenset(_baseline()._BLOCK_ELEMS))
    return _BLOCKS[0]


def _collect(el: Any, deleted: set[Any], blocks: frozenset[str], printable: Any, out: list[str]) -> None:
    """The text of ``el``'s subtree (``el`` kept) as ``_spaced_text`` leaves it, into ``out``:
    ``el``'s text, then each kept child's subtree and tail, the tails of deleted children joined
    to the text or tail before them."""
    pending, spaced = el.text, el.tag in blocks  # the text run being built, and whether it is spaced
    for ch in el:
        if ch in deleted:
            if ch.tail:
                pending = (pending or "") + ch.tail
            continue
        out.append(_spaced(pending, printable) if spaced else pending or "")
        tag = ch.tag
        if isinstance(tag, str):
            _collect(ch, deleted, blocks, printable, out)
            spaced = tag in blocks
        else:
            spaced = False  # a comment or PI: its tail is not spaced
        pending = ch.tail
    out.append(_spaced(pending, printable) if spaced else pending or "")


def _spaced(text: str | None, printable: Any) -> str:
    """A block's text or tail as ``_spaced_text`` writes it. (It writes it through lxml, which
    refuses control characters; a tree cannot hold them either: lxml's parser drops them and its
    setters refuse them, so the write never fails and the text here is what it would write.)"""
    return f" {printable(text)}" if text else " "


def install() -> None:
    """Use :func:`html2txt` in trafilatura's cascade, once."""
    if _ORIGINAL:
        return
    import trafilatura.core as tcore

    _ORIGINAL.append(_baseline().html2txt)
    tcore.html2txt = html2txt  # type: ignore[attr-defined]
