"""Webflow's HTML Embed blocks read as the page's own content, not as a social embed.

``unmark_embeds(tree) -> int``: a Webflow site's author puts a table, a list or a few paragraphs
of the story in an *HTML Embed* component, which Webflow renders as ``<div class="w-embed">``
(often inside the story's rich-text block, ``w-richtext``). trafilatura 2.3.1 discards, before
extraction, every element whose class holds ``embed`` (its share-box tokens in ``xpaths.py``:
a tweet or a social post embedded in the page), so the table went, and with it everything
trafilatura read after it when the embed held the rest of the story. The ``w-embed`` class is
Webflow's own name for the component, not a social embed: it is taken off an element that
holds content markup (a table, a paragraph, a list, a heading, a box) and no embedded post
(a ``<blockquote>`` with a class: a tweet, an Instagram or TikTok post, whose script draws it).
An embed of a frame or a script alone (a video, a tracking tag) holds no such markup and keeps
its class. The page's visible blocks and the ledger do not change (no region word is involved).

Every kind, ``auto`` mode, only when the HTML holds ``w-embed`` (a substring test of the source,
:func:`may_have_embeds`). WCXB figures: see docs/cleaning.md.
"""

from __future__ import annotations

from typing import Any

#: Webflow's class for its HTML Embed component
EMBED_CLASS = "w-embed"
#: elements that make an embed the page's own content
_CONTENT = frozenset({"table", "p", "ul", "ol", "h2", "h3", "h4", "div"})
_XPATH = "//*[contains(concat(' ', normalize-space(@class), ' '), ' w-embed ')]"


def may_have_embeds(html: str) -> bool:
    """Whether the page's source can hold a Webflow embed (its class name appears)."""
    return EMBED_CLASS in html


def _is_content(el: Any) -> bool:
    found = False
    for d in el.iterdescendants():
        tag = d.tag
        if tag == "blockquote" and d.get("class"):  # a social post the platform's script draws
            return False
        found = found or tag in _CONTENT
    return found


def unmark_embeds(tree: Any) -> int:
    """Take ``w-embed`` off the page's content embeds (see the module doc); how many changed."""
    changed = 0
    for el in tree.xpath(_XPATH):
        if _is_content(el):
            el.set("class", " ".join(c for c in el.get("class", "").split() if c != EMBED_CLASS))
            changed += 1
    return changed


def unmark_for(tree: Any, auto: bool, embeds: bool) -> int:
    """:func:`unmark_embeds` in ``auto`` mode when the source holds an embed (``embeds``)."""
    return unmark_embeds(tree) if auto and embeds else 0
