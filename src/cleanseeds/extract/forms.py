"""Forms that wrap a thread's posts: read as plain containers on forum pages.

``unwrap_post_forms(tree) -> int``: forum software wraps the posts of a thread in a ``<form>``
for its moderators' tools (a checkbox per post, "quick moderation"): Simple Machines'
``quickModForm``, XenForo's ``InlineModForm``, Invision's topic form, old Reddit's ``usertext``
form around each comment's body. trafilatura deletes every form that holds under half of the
page's text (a search box, a log-in, a newsletter sign-up), and the card pass skips forms, so such
a thread lost every post but the one outside the form. A form the reader fills in has a field to
type into (``<textarea>``, a text-like ``<input>``, a ``<select>``); a moderation form has none —
only checkboxes, hidden inputs and buttons. On pages decided ``forum`` (:data:`KINDS`), a form
with no such field and at least :data:`MIN_WORDS` words of text becomes a ``<div>`` before
extraction.

Measured on the WCXB tune half (forms of 100+ words of text runs of 4+ words; share of those words
in the true text): on the 9 such forms of true forum pages, the 3 with no typing field are
content (1.00, 0.90, 0.51: the posts); the 6 with one are 4 junk (a reply box, a forum jump menu)
and 2 content (Invision topics that already hold over half the page's text). On the other
kinds forms without a typing field are as often junk (a compare table, shop facets, a cart):
they stay forms.
"""

from __future__ import annotations

from typing import Any

from lxml import etree

#: page kinds where a form without a field to type into is read as a container
KINDS = frozenset({"forum"})
#: ... when it holds at least this many words (a bare "Mark read" button row is left alone)
MIN_WORDS = 50
#: a field the reader types into or chooses from: a form holding one is a real form
_FIELDS = etree.XPath(".//textarea | .//select | .//input[not(@type) or @type = 'text' or @type = 'email' "
                      "or @type = 'search' or @type = 'password' or @type = 'url' or @type = 'tel' or @type = 'number']")


def _words(el: Any) -> int:
    return len(" ".join(el.itertext()).split())


def unwrap_post_forms(tree: Any) -> int:
    """Rename the page's forms without a typing field and with :data:`MIN_WORDS`+ words to ``div``;
    how many were renamed."""
    found = [f for f in tree.iter("form") if not _FIELDS(f) and _words(f) >= MIN_WORDS]
    for form in found:
        form.tag = "div"
    return len(found)


def unwrap_for_kind(tree: Any, kind: str, auto: bool) -> int:
    """:func:`unwrap_post_forms` in ``auto`` mode on :data:`KINDS`."""
    return unwrap_post_forms(tree) if auto and kind in KINDS else 0
