"""Pop-up dialogs: a page's consent settings, sign-up and "republish this story" boxes.

``drop_dialogs(tree) -> int``: an element the page declares a dialog — a ``<dialog>``, an
element with ``role="dialog"`` / ``role="alertdialog"`` or ``aria-modal="true"`` — is a window
drawn over the page when it opens (a cookie-settings panel with a paragraph per purpose, a
newsletter pop-up, Stack Exchange's "Stack Exchange network consists of 183 Q&A communities"
menu, a magazine's "Want to republish this story?" terms). trafilatura does not know the role
and keeps their paragraphs when they sit in its frame or in the loose blocks it recovers. They
are removed with their text, their tail kept, before extraction, on every kind but
:data:`KEEP_KINDS`.

Measured on WCXB (bench analysis against the text we kept before; kept lines found only inside
such elements, counted against the copies the true text has): tune half 197 lines not in the
truth, 13 in it — all 13 on product pages, whose dialogs hold the size chart and the product's
details; held-out half 325 / 4 (the 4 on product pages too). So product pages keep theirs, and
service pages (see :data:`KEEP_KINDS`).
The page is read without them by every pass and by the ledger (``prepare_page``), as with
screen-reader-only text: a dialog is not shown until it opens.

Cost (process_time, loaded machine, dev pages): the substring test of the HTML ~0.13 ms a page;
the XPath ~0.5 ms a page it runs on, only when the HTML holds the word ``dialog`` (57 of the 181
dev pages; 21 have such an element): ~0.3 ms a page in all, about 1% of extraction.
"""

from __future__ import annotations

from typing import Any

from lxml import etree

from cleanseeds.extract.blocks import remove_keep_tail

#: page kinds whose dialogs stay: a product page's dialogs are its size chart and details; on service
#: pages they were junk, but taking them out moved trafilatura's frame on one page (progressive.com
#: 0.93 -> 0.57, its loose-block recovery took over) for +0.002 on two others
KEEP_KINDS = frozenset({"product", "service"})
_DIALOGS = etree.XPath("//dialog | //*[@role = 'dialog' or @role = 'alertdialog' or @aria-modal = 'true']")


def may_have_dialogs(html: str) -> bool:
    """Whether the page's HTML could declare a dialog: it holds the word ``dialog`` (a plain
    substring test of the source, ~0.13 ms a dev page). An ``aria-modal`` element is a dialog's
    box: no WCXB or dev page has one without the word ``dialog`` (testing it too costs 0.04 ms)."""
    return "dialog" in html


def drop_dialogs(tree: Any) -> int:
    """Remove the page's dialog elements (their tails stay); how many were removed."""
    found = _DIALOGS(tree)
    for el in found:  # (one inside another: the inner one goes with its detached ancestor first)
        remove_keep_tail(el)
    return len(found)


def drop_for_kind(tree: Any, kind: str, auto: bool, maybe: bool = True) -> int:
    """:func:`drop_dialogs` in ``auto`` mode on the kinds not in :data:`KEEP_KINDS`, when ``maybe``
    (:func:`may_have_dialogs` of the page's HTML; the caller may not have it: then the tree is searched)."""
    return drop_dialogs(tree) if auto and maybe and kind not in KEEP_KINDS else 0
