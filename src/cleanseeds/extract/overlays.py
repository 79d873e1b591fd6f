"""Overlays named by their class: the windows a page's script opens over it.

``drop_overlays(tree) -> int``: a block (``div``, ``section``, ``aside``, ``form``) whose class
holds ``popup`` or ``modal`` (``elementor-location-popup``, Bootstrap's ``modal``, ``form-modal``,
``country-selector-modal``, ``v8Modal``; not ``multimodal``) is a window drawn over the page when
a button opens it: an add-on's details on a price table, a "Get started" quote form with its
phone line, an age check, a country picker with a shipping line per country, a "book a call"
promo over a clinic's blog post. Only a page's script shows it; trafilatura reads it as text
when it sits in its frame or among the loose blocks it recovers, and the line cleaner cannot
tell its sentences from the page's. ``extract/dialogs.py`` knows such windows by their role
(``role="dialog"``); these carry none.

A box is left out with its text (its tail kept), before extraction, by every pass and the
ledger (a closed window is not visible), on every kind but collection and listing pages
(:data:`KEEP_KINDS`), when it is no part of the page's frame: not inside a ``<main>`` or an
``<article>``, holding none of them nor the page's ``<h1>``, and with under half of the text of
the page's ``<body>`` (some themes name a page wrapper ``popup-...`` or ``modal-...``). The second
extractor (``extract/second.py``) reads the page without them too, so its merge does not bring
them back.

Evidence (WCXB tune half, pages by decided kind, lines of our text found only inside such boxes,
against the truth's words): service 835 words on 5 sites / 6 in the truth (a site's menu of
event types, shown again in its quote form), product 153 / 0 (4 sites), article 159 / 1 (3
sites), collection 37 / 17 (a "Want early access?" box the truth keeps), listing 18 / 0. Without
the frame test the pages wrapped in such a class (a wrapper holding the story) lost thousands of
true words.
"""

from __future__ import annotations

from typing import Any

from lxml import etree

from cleanseeds.extract.blocks import remove_keep_tail

#: the class substrings that name an overlay, and a substring that does not (``multimodal-...``: a
#: section about models that read images)
OVERLAY_NAMES = ("popup", "Popup", "modal", "Modal")
NOT_OVERLAY = "ultimodal"
#: page kinds whose overlays stay. Collection pages: the tune evidence is mixed (37 words of our text
#: found only inside such boxes not in the truth, 17 in it: a shop's "Want early access? Enter your
#: email ..." box its truth keeps, mybirdbuddy.eu 0.46 -> 0.38 without it; the two other collection
#: pages that changed gained +0.05 and +0.007: quarter A -0.032 in sum). Listing pages: no evidence
#: on tune quarter A; on quarter B one page changes, by -0.0003 (a store's cookie question, not in the
#: truth, whose common words the truth holds elsewhere)
KEEP_KINDS = frozenset({"collection", "listing"})
#: an overlay holds under this share of the text (characters) of the page's ``<body>``: a class holding the
#: names on a wrapper of most of the page is a theme's name for the page, not a window
OVERLAY_MAX_SHARE = 0.5

#: the block tags an overlay is read on (an inline ``<span class="popup-link">`` is a word of a sentence)
OVERLAY_TAGS = ("div", "section", "aside", "form")
_FRAME = ("main", "article")
_STRING = etree.XPath("string()")


def _named(cls: str | None) -> bool:
    return cls is not None and any(name in cls for name in OVERLAY_NAMES) and NOT_OVERLAY not in cls.replace("M", "m")


def _outside_frame_lxml(el: Any) -> bool:
    return (not any(a.tag in _FRAME for a in el.iterancestors())
            and next(el.iter(*_FRAME, "h1"), None) is None)


def may_have_overlays(html: str) -> bool:
    """Whether a class of the page could name an overlay: the HTML holds ``opup`` or ``odal`` (plain
    substring tests of the source)."""
    return "opup" in html or "odal" in html


def _chars(el: Any) -> int:
    return len(str(_STRING(el)).strip())


def drop_overlays(tree: Any) -> int:
    """Remove the page's overlays (see the module doc; their tails stay); how many were removed.
    The elements are walked from Python (a class test of each block: ~0.2 ms a dev page, against
    ~0.5 ms for the same test as one XPath)."""
    found = [el for el in tree.iter(*OVERLAY_TAGS) if _named(el.get("class")) and _outside_frame_lxml(el)]
    body = tree.find(".//body") if found else None
    if body is None:
        return 0
    limit = OVERLAY_MAX_SHARE * _chars(body)
    chosen = set(found)
    outer = [el for el in found if not any(a in chosen for a in el.iterancestors())]
    gone = [el for el in outer if _chars(el) < limit]
    for el in gone:
        remove_keep_tail(el)
    return len(gone)


#: the same boxes in a page resiliparse parsed (extract/second.py reads the page as served)
_CSS = (":is(div, section, aside, form):is(" + ", ".join(f'[class*="{name}"]' for name in OVERLAY_NAMES) + ")"
        f':not([class*="{NOT_OVERLAY}"]):not([class*="ultiModal"])')


def _outside_frame(el: Any) -> bool:
    return el.closest("main, article") is None and el.query_selector("main, article, h1") is None


def drop_overlays_parsed(tree: Any) -> int:
    """:func:`drop_overlays` on a page resiliparse parsed (``HTMLTree``; the second extractor's
    page): the same boxes are decomposed; how many."""
    body = tree.body
    found = [el for el in body.query_selector_all(_CSS) if _outside_frame(el)] if body is not None else []
    if not found:
        return 0
    limit = OVERLAY_MAX_SHARE * len(str(body.text).strip())
    outer = []
    for el in found:
        up, inside = el.parent, False
        while up is not None and not inside:
            inside = any(up == other for other in found)
            up = up.parent
        if not inside:
            outer.append(el)
    gone = [el for el in outer if len(str(el.text).strip()) < limit]
    for el in gone:
        el.decompose()
    return len(gone)


def wanted(kind: str, auto: bool, maybe: bool = True) -> bool:
    """Whether a page of ``kind`` loses its overlays: ``auto`` mode, every kind but
    :data:`KEEP_KINDS`, when ``maybe`` (:func:`may_have_overlays` of the page's HTML)."""
    return auto and maybe and kind not in KEEP_KINDS


def drop_for_kind(tree: Any, kind: str, auto: bool, maybe: bool = True) -> int:
    """The page's overlays go when :func:`wanted`; how many."""
    return drop_overlays(tree) if wanted(kind, auto, maybe) else 0
