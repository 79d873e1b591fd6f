"""A ``main``-named box outside the page's ``<main>`` that would pre-empt it as trafilatura's frame.

``unname_decoys(tree) -> int``: trafilatura 2.3.1's last main-frame expression (``BODY_XPATH``
in ``xpaths.py``) is the union of the first ``article``/``div``/``section`` whose class, id or
role starts with ``main`` and ``(.//main)[1]``, and the extractor takes the first result *in
page order*. A page whose header holds a box named ``main-section`` / ``main-banner`` (kubernetes.io's release banner,
skullcandy.com's promo strip) hands trafilatura that box instead of its ``<main>``: the box is a
few words, the main pass finds nothing, and the wild-text recovery keeps the paragraphs of the
whole page without any heading, callout or list.

When the page has exactly one ``<main>`` and no earlier expression of ``BODY_XPATH`` matches,
the class/id/role starting with ``main`` is taken off elements that are outside that
``<main>``, come before it, and hold under a third of its words, so ``(.//main)[1]`` is the frame.
Every kind, ``auto`` mode (extract/html.py); the page's blocks and the ledger are not affected
(``main`` is no region word). On WCXB (quality_wcxb.py) it changes 4 pages: kubernetes.io
0.894 -> 0.994 and trezy.io 0.927 -> 0.984 (tune), princetonreview.com 0.896 -> 0.987 (held
out), and a second kubernetes.io page 0.906 -> 0.880 (100 lines more, the page's
callouts and lists; 188 of their words are not in that page's truth). 11 WCXB pages have
such a box before a one ``<main>`` of 100+ words; the other 7 score the same either way.
"""

from __future__ import annotations

import functools
from itertools import islice
from typing import Any

#: a decoy holds fewer than this share of the ``<main>``'s words
DECOY_SHARE = 1 / 3
_ATTRS = ("class", "id", "role")
#: at most this many decoys are unnamed on a page
MAX_DECOYS = 5
#: the elements ``BODY_XPATH``'s last expression could take before the ``<main>`` (evaluated from
#: it: its ancestors below the page's root, and every element before it; only that part of the
#: page is read). Its first result is another element than the ``<main>`` exactly when one is found.
_BEFORE_MAIN = ("(ancestor::*[ancestor::*] | preceding::*)[self::article or self::div or self::section]"
                "[starts-with(@class, 'main') or starts-with(@id, 'main') or starts-with(@role, 'main')][1]")


def _words(el: Any) -> int:
    return len(" ".join(el.itertext()).split())


def _decoy(first: Any, main: Any) -> bool:
    """Whether the frame trafilatura would take is a small box outside (and before) the ``<main>``."""
    if first is None or first is main or any(a is main for a in first.iterancestors()):
        return False
    return _words(first) < DECOY_SHARE * _words(main)


def _named_before(tree: Any, main: Any) -> bool:
    """Whether an ``article``/``div``/``section`` of ``tree`` (the page's root) before ``main``
    has a class, id or role starting with ``main`` (``BODY_XPATH[-1]``'s test, checked against
    trafilatura's path in tests/unit/test_extract_frame.py); ``True`` when ``tree`` is not the root."""
    if tree.getparent() is not None:
        return True
    return bool(_before_main_xpath()(main))


@functools.cache
def _before_main_xpath() -> Any:
    from lxml import etree

    return etree.XPath(_BEFORE_MAIN)


def unname_decoys(tree: Any) -> int:
    """Take the ``main`` names off the decoys (see the module doc); how many elements changed."""
    from trafilatura.xpaths import BODY_XPATH

    mains = list(islice(tree.iter("main"), 2))  # a tag walk, cheaper than the XPath //main
    if len(mains) != 1:
        return 0
    main, last = mains[0], BODY_XPATH[-1]
    # the cheap tests first: on most pages no element before the <main> has a main name (only the
    # part of the page before it is read), or the last expression's first result is the <main> itself
    if not _named_before(tree, main) or not _decoy(next(iter(last(tree)), None), main):
        return 0
    if any(next((s for s in e(tree) if s is not None), None) is not None for e in BODY_XPATH[:-1]):
        return 0
    changed = 0
    while changed < MAX_DECOYS:
        first = next(iter(last(tree)), None)
        if first is None or not _decoy(first, main):
            break
        for attr in _ATTRS:
            if (first.get(attr) or "").startswith("main"):
                del first.attrib[attr]
        changed += 1
    return changed


def unname_for(tree: Any, auto: bool) -> int:
    """:func:`unname_decoys` in ``auto`` mode; nothing otherwise."""
    return unname_decoys(tree) if auto else 0
