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
service pages (see :data:`KEEP_KINDS`) — all but the dialogs that name themselves consent,
privacy or newsletter boxes (:data:`CHROME_NAMES`, read in the dialog's own ``id``, ``class``,
``aria-label`` and the title its ``aria-labelledby`` points to): those go on every kind. Etsy's
"Your Etsy Privacy Settings" panel (``div#gdpr-privacy-settings[role=dialog]``) was 21 of the kept
lines of a product page at precision 0.19; a consent plugin's ``cmplz-cookiebanner`` 13 lines of a
service page. Measured on the pages decided product or service (kept lines found only inside such
named dialogs, against the truth's copies): tune half 13 not in the truth / 0 in it, held-out half
51 / 0 (etsy x2, bhphotovideo's cookie settings). The product details in dialogs carry no such
name (a size guide, a seller card, a "product modal"). Not in the list: "chat" (a shop's WhatsApp
``joinchat__chatbox``, 5 junk lines, but taking it out moved trafilatura's choice on that page:
0.87 -> 0.54), "search" (a site's search panel held content lines), "cart", "account", "menu" (a
cart notification quoted the product's name; the others are 2-3 lines on one page each).
**Tooltips** (``role="tooltip"``: a popover shown while the pointer rests on a badge or a
label — Etsy's "Star Seller" and delivery-estimate explanations, an author card, a footnote's text)
go on every kind, product and service pages too. Pages that change (whole domains of the pages
whose HTML holds ``tooltip``, 423 pages, page by page against the text before): tune half one page,
+0.003 (an "editor verified" badge); held-out half article +0.053 (author cards, footnote pop-ups),
listing +0.023 (an author card repeated under every post: 0.59 -> 0.64; an Etsy search page whose
ads explanation held its result count: 0.09 -> 0.04), product +0.04, service +0.008. The evidence
is mostly on the held-out half (the tune half has 2 such kept lines): a tooltip is never shown
with the page, which is the reason, not the figures.
The page is read without them by every pass and by the ledger (``prepare_page``), as with
screen-reader-only text: a dialog is not shown until it opens.

Cost (process_time, loaded machine, dev pages): the substring tests of the HTML ~0.13 ms a page
each; one XPath for dialogs and tooltips, only when the HTML holds the word ``dialog`` or
``tooltip`` (77 of the 181 dev pages; 57 with ``dialog`` alone): the pass 0.34-0.43 -> 0.57-0.63 ms
a dev page with the tooltips (two runs each), about 1-3% of extraction; a dialog's name is read
only on product and service pages, for the dialogs found.
"""

from __future__ import annotations

from typing import Any

from lxml import etree

from cleanseeds.extract.blocks import remove_keep_tail

#: page kinds whose dialogs stay: a product page's dialogs are its size chart and details; on service
#: pages they were junk, but taking them out moved trafilatura's frame on one page (progressive.com
#: 0.93 -> 0.57, its loose-block recovery took over) for +0.002 on two others
KEEP_KINDS = frozenset({"product", "service"})
#: lower-cased substrings of a dialog's own name (id, class, aria-label, its aria-labelledby title) that make it
#: page chrome on every kind: consent and privacy settings, newsletter sign-up boxes (see the module doc)
CHROME_NAMES = ("cookie", "consent", "gdpr", "privacy", "newsletter", "subscribe")
#: the page's dialogs and tooltips in one walk
_POPUPS = etree.XPath("//dialog | //*[@role = 'dialog' or @role = 'alertdialog' or @aria-modal = 'true' or @role = 'tooltip']")


def may_have_dialogs(html: str) -> bool:
    """Whether the page's HTML could declare a dialog or a tooltip: it holds the word ``dialog`` or
    ``tooltip`` (plain substring tests of the source, ~0.13 ms a dev page each). An ``aria-modal`` element is a dialog's
    box: no WCXB or dev page has one without the word ``dialog`` (testing it too costs 0.04 ms)."""
    return "dialog" in html or "tooltip" in html


def dialog_name(el: Any) -> str:
    """The dialog's own name, lower-cased: its ``id``, ``class``, ``aria-label`` and the text of the
    elements its ``aria-labelledby`` names (its title)."""
    parts = [el.get("id") or "", el.get("class") or "", el.get("aria-label") or ""]
    root = el.getroottree()
    for ref in (el.get("aria-labelledby") or "").split()[:3]:
        titles = root.xpath("//*[@id = $ref]", ref=ref)
        if titles:
            parts.append(" ".join(titles[0].itertext())[:200])
    return " ".join(parts).lower()


def is_named_chrome(el: Any) -> bool:
    """Whether the dialog names itself a consent, privacy or newsletter box (:data:`CHROME_NAMES`)."""
    name = dialog_name(el)
    return any(word in name for word in CHROME_NAMES)


def is_tooltip(el: Any) -> bool:
    """Whether the element is a tooltip (``role="tooltip"``; see the module doc)."""
    return bool(el.get("role") == "tooltip")


def drop_dialogs(tree: Any, named_only: bool = False) -> int:
    """Remove the page's dialogs and tooltips (their tails stay); with ``named_only`` its tooltips and
    only the dialogs named chrome (:func:`is_named_chrome`); how many were removed."""
    found = [el for el in _POPUPS(tree) if not named_only or is_tooltip(el) or is_named_chrome(el)]
    for el in found:  # (one inside another: the inner one goes with its detached ancestor first)
        remove_keep_tail(el)
    return len(found)


def drop_for_kind(tree: Any, kind: str, auto: bool, maybe: bool = True) -> int:
    """In ``auto`` mode, when ``maybe`` (:func:`may_have_dialogs` of the page's HTML; the caller may not
    have it: then the tree is searched): the page's tooltips and dialogs go, on the kinds of
    :data:`KEEP_KINDS` its tooltips and the dialogs named chrome (:func:`is_named_chrome`) only; how many."""
    return drop_dialogs(tree, named_only=kind in KEEP_KINDS) if auto and maybe else 0
