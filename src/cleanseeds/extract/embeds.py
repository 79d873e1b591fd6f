"""Boxes of the page's own content whose class says ``embed``, read as content, not as social embeds.

``unmark_embeds(tree) -> int``: trafilatura 2.3.1 discards, before extraction, every element whose
class holds ``embed`` (its share-box tokens in ``xpaths.py``: a tweet, a social post embedded in
the page). Site builders use the word for their own content boxes: Webflow's *HTML Embed*
component (``<div class="w-embed">``, where a story's tables and sometimes the rest of the story
sit), a publisher's ``section.embed`` of product write-ups, a quote block
``c-block-quote-embed``. So the table went, and everything trafilatura read after it when the box
held the rest of the story. The classes holding ``embed`` are taken off an element that holds
content markup (a table, a paragraph, a list, a heading, a box) with at least
:data:`EMBED_MIN_WORDS` words, and no embedded post (a ``<blockquote>`` with a class: a tweet,
an Instagram or TikTok post, whose script draws it). An embed of a frame or a script alone (a
video, a tracking tag) holds no such markup and keeps its class. The page's visible blocks and
the ledger do not change (no region word is involved).

Every kind, ``auto`` mode, only when a class attribute of the source holds ``embed``
(:func:`may_have_embeds`). WCXB figures: see docs/cleaning.md.
"""

from __future__ import annotations

import re
from typing import Any

#: the word trafilatura's share-box test finds in a class ("embed", "embedded", "w-embed")
EMBED = "embed"
#: an embed of content holds at least this many words
EMBED_MIN_WORDS = 10
#: elements that make an embed the page's own content
_CONTENT = frozenset({"table", "p", "ul", "ol", "h2", "h3", "h4", "div"})
_XPATH = "//*[contains(@class, 'embed')]"
_IN_SOURCE = re.compile(r"class=[\"'][^\"'>]*embed")


def may_have_embeds(html: str) -> bool:
    """Whether a class attribute of the page's source holds ``embed``."""
    return _IN_SOURCE.search(html) is not None


def _is_content(el: Any) -> bool:
    found = False
    for d in el.iterdescendants():
        tag = d.tag
        if tag == "blockquote" and d.get("class"):  # a social post the platform's script draws
            return False
        found = found or tag in _CONTENT
    return found and len(" ".join(el.itertext()).split()) >= EMBED_MIN_WORDS


def unmark_embeds(tree: Any) -> int:
    """Take the ``embed`` classes off the page's content boxes (see the module doc); how many changed."""
    changed = 0
    for el in tree.xpath(_XPATH):
        if _is_content(el):
            el.set("class", " ".join(c for c in el.get("class", "").split() if EMBED not in c))
            changed += 1
    return changed


def unmark_for(tree: Any, auto: bool, embeds: bool) -> int:
    """:func:`unmark_embeds` in ``auto`` mode when the source has such a class (``embeds``)."""
    return unmark_embeds(tree) if auto and embeds else 0
