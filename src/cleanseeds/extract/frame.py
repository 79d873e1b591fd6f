"""A ``main``-named box outside the page's ``<main>`` that would pre-empt it as trafilatura's frame.

``unname_decoys(tree) -> int``: trafilatura 2.3.1's last main-frame expression (``BODY_XPATH``
in ``xpaths.py``) is the union ``(.//*[starts-with(@class|@id|@role, 'main')])[1] |
(.//main)[1]``, and the extractor takes the first result *in page order*. A page whose header
holds a box named ``main-section`` / ``main-banner`` (kubernetes.io's release banner,
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

from itertools import islice
from typing import Any

#: a decoy holds fewer than this share of the ``<main>``'s words
DECOY_SHARE = 1 / 3
_ATTRS = ("class", "id", "role")
#: at most this many decoys are unnamed on a page
MAX_DECOYS = 5


def _words(el: Any) -> int:
    return len(" ".join(el.itertext()).split())


def _decoy(first: Any, main: Any) -> bool:
    """Whether the frame trafilatura would take is a small box outside (and before) the ``<main>``."""
    if first is None or first is main or any(a is main for a in first.iterancestors()):
        return False
    return _words(first) < DECOY_SHARE * _words(main)


def unname_decoys(tree: Any) -> int:
    """Take the ``main`` names off the decoys (see the module doc); how many elements changed."""
    from trafilatura.xpaths import BODY_XPATH

    mains = list(islice(tree.iter("main"), 2))  # a tag walk, cheaper than the XPath //main
    if len(mains) != 1:
        return 0
    main, last = mains[0], BODY_XPATH[-1]
    # the cheap test first: on most pages the last expression's first result is the <main> itself
    if not _decoy(next(iter(last(tree)), None), main):
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
