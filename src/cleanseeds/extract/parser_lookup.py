"""The element classes of trafilatura's HTML parser, looked up in C.

``lxml.html``'s parser finds the Python class of each element (``HtmlElement``, or
``FormElement``, ``InputElement`` ... for five form tags) with ``HtmlElementClassLookup``, a
lookup written in Python: lxml calls it every time it makes a Python object for a node of the
tree, which trafilatura's walks, copies and XPaths do thousands of times a page (~2.5% of the
instructions of an extraction). :func:`install` gives trafilatura's parser
(``trafilatura.utils.HTML_PARSER``) an ``ElementNamespaceClassLookup`` with the same classes,
which lxml runs in C: the five form tags by name (lower and upper case), ``HtmlElement`` for every
other element, ``HtmlComment``, ``HtmlProcessingInstruction`` and ``HtmlEntity`` for the other
nodes. The HTML parser names elements in lower case, so every node gets the class it got
before (``tests/unit/test_parser_lookup.py``); trees parsed before the change keep theirs.
"""
from __future__ import annotations

from typing import Any

_INSTALLED: list[Any] = []


def class_lookup() -> Any:
    """The C-level lookup with ``lxml.html``'s classes."""
    import lxml.html as lh
    from lxml import etree

    lookup = etree.ElementNamespaceClassLookup(
        etree.ElementDefaultClassLookup(element=lh.HtmlElement, comment=lh.HtmlComment, pi=lh.HtmlProcessingInstruction, entity=lh.HtmlEntity)
    )
    names = lookup.get_namespace(None)
    for tag, cls in lh.HtmlElementClassLookup._default_element_classes.items():
        names[tag] = names[tag.upper()] = cls
    return lookup


def install() -> None:
    """Set :func:`class_lookup` on trafilatura's HTML parser, once."""
    if _INSTALLED:
        return
    from trafilatura.utils import HTML_PARSER

    lookup = class_lookup()
    HTML_PARSER.set_element_class_lookup(lookup)
    _INSTALLED.append(lookup)
