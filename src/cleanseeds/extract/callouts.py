"""A documentation page's labelled callouts (Note / Warning / Tip boxes) read as paragraphs.

``label_callouts(tree) -> int``: wikis and documentation generators write an admonition as one
``<div>`` of bare inline text led by its label in bold, with no ``<p>`` inside::

    <div class="archwiki-template-box archwiki-template-box-note">
      <strong>Note</strong> The order of entries in the drop-in files is important: ...</div>

trafilatura keeps the text of paragraphs, lists, quotes, code and tables; a ``<div>``'s own text
outside them is lost in its balanced mode, so every note, tip and warning of such a page
disappeared between the paragraphs kept around it (wiki.archlinux.org: 40 callouts on 3 pages,
all in the true content). Turning *every* bare-text ``<div>`` into a paragraph is wrong (it took
a postgresql.org page from 0.44 to 0.07: layout boxes, synopses and captions are bare-text
``<div>``s too). The evidence that tells a callout apart is its label: the box's first child is
a ``<strong>``/``<b>`` holding only an admonition word (:data:`CALLOUT_LABELS`, several
languages, an optional colon), no text comes before it, the box holds no block element, and
after the label come at least :data:`MIN_WORDS` words of text. Such a ``<div>`` becomes a ``<p>``
before extraction, so trafilatura weighs it as the paragraph a reader sees.

Used on the kinds in :data:`CALLOUT_TYPES` only (extract/html.py, ``auto`` mode), as the page is
prepared for every pass (the ledger reads the same page). Boxes that trafilatura's own
boilerplate expressions discard (a class such as ``alert``) stay discarded: only the tag changes.
"""

from __future__ import annotations

import re
from typing import Any

#: the page kinds whose labelled callouts are read as paragraphs
CALLOUT_TYPES = frozenset({"documentation"})
#: a callout's text after its label has at least this many words
MIN_WORDS = 5
#: admonition labels (lower case, without a trailing colon): English, German, French, Spanish,
#: Italian, Portuguese, Dutch, Polish, Russian, Japanese, Chinese
CALLOUT_LABELS = frozenset({
    "note", "notes", "warning", "tip", "tips", "caution", "important", "danger", "hint", "attention", "info",
    "hinweis", "warnung", "achtung", "tipp", "wichtig",
    "remarque", "avertissement", "astuce", "attention", "important",
    "nota", "aviso", "advertencia", "consejo", "importante", "sugerencia",
    "avvertenza", "attenzione", "suggerimento",
    "dica", "atenção", "aviso",
    "opmerking", "waarschuwing",
    "uwaga", "wskazówka", "ostrzeżenie",
    "примечание", "внимание", "предупреждение", "совет",
    "注意", "警告", "ヒント", "メモ", "提示", "注",
})
#: elements whose presence makes a box more than one callout paragraph
_BLOCKS = frozenset({
    "p", "div", "ul", "ol", "dl", "table", "pre", "blockquote", "section", "article", "aside", "header",
    "footer", "nav", "form", "figure", "h1", "h2", "h3", "h4", "h5", "h6", "li", "main", "details",
})
_LABEL_TAGS = frozenset({"strong", "b"})
_WORD = re.compile(r"\w+")


def _label(el: Any) -> str:
    return " ".join(el.text_content().split()).rstrip(":：").strip().lower()


def is_callout(div: Any) -> bool:
    """A ``<div>`` of bare inline text led by a bold admonition label and 5+ words after it."""
    if (div.text or "").strip():
        return False
    kids = [c for c in div if isinstance(c.tag, str)]
    if not kids or kids[0].tag not in _LABEL_TAGS or any(c.tag in _BLOCKS for c in kids):
        return False
    if _label(kids[0]) not in CALLOUT_LABELS:
        return False
    rest = len(_WORD.findall(div.text_content())) - len(_WORD.findall(kids[0].text_content()))
    return rest >= MIN_WORDS


def label_callouts(tree: Any) -> int:
    """Retag the page's labelled callout ``<div>``s as ``<p>``; the number retagged."""
    found = [el for el in tree.iter("div") if is_callout(el)]
    for el in found:
        el.tag = "p"
    return len(found)


def label_for_kind(tree: Any, kind: str, auto: bool) -> int:
    """In ``auto`` mode on the kinds of :data:`CALLOUT_TYPES`, read the page's callouts as paragraphs."""
    return label_callouts(tree) if auto and kind in CALLOUT_TYPES else 0
