"""Blocks of a documentation page that trafilatura loses, made readable before extraction.

Two kinds of block, each told apart by evidence in its markup, each retagged (nothing else
changes) as the page is prepared for every extraction pass (extract/html.py ``prepare_page``, the
ledger reads the same page), on the kinds in :data:`DOC_TYPES` in ``auto`` mode only.

**Labelled callouts** (:func:`label_callouts`). Wikis and documentation generators write an
admonition as one ``<div>`` of bare inline text led by its label in bold, with no ``<p>``::

    <div class="archwiki-template-box archwiki-template-box-note">
      <strong>Note</strong> The order of entries in the drop-in files is important: ...</div>

trafilatura keeps paragraphs, lists, quotes, code and tables; a ``<div>``'s own text outside
them is lost in balanced mode, so every note, tip and warning disappeared from between the
paragraphs kept around it. Turning *every* bare-text ``<div>`` into a paragraph is wrong (it took
a postgresql.org page from 0.44 to 0.07: layout boxes, synopses and captions are bare-text
``<div>``\\ s too). What tells a callout apart is its label: the box's first child is a
``<strong>``/``<b>`` holding only an admonition word (:data:`CALLOUT_LABELS`, several languages,
an optional colon), no text comes before it, the box holds no block element, and at least
:data:`MIN_WORDS` words follow the label. Such a ``<div>`` becomes a ``<p>``. A box that
trafilatura's boilerplate expressions discard (a class such as ``alert``) stays discarded.

**Code listings in figures** (:func:`open_code_figures`). trafilatura removes every ``<figure>``
(images are not text), except a figure holding a ``<table>``, which it reads as a ``<div>``
(its own rule). Documentation generators put code in figures too: mdBook's numbered listings
(``<figure class="listing"><pre>...</pre><figcaption>Listing 4-1: ...</figcaption>``, the Rust
book) and every code block of Astro Starlight's expressive-code (``<figure class="frame">``).
A figure holding a ``<pre>`` is read as a ``<div>`` and its ``<figcaption>`` as a ``<p>``, as
trafilatura does for tables.

**Code lines the page hides** (:func:`drop_hidden_code_lines`). mdBook writes the setup lines of
a listing (``# fn main() {`` in its source) as ``<span class="boring">`` inside the ``<pre>``; its
script hides them and an eye button shows them, so a reader sees the listing without them (and
WCXB's truth leaves them out: doc.rust-lang.org/book, 2860 0.944 -> 0.997 on the tune half).
Such spans are taken out with their text (what follows them stays).

**Streamed blocks** (:func:`place_streamed_content`). A React page streamed from its server holds
a slow part as ``<div hidden id="S:n">`` at the end of the body, moved by an inline script into
the place of its ``<template id="B:n">``; read in that place (mostly-adequate.gitbook.io: 0.947
-> 0.998 on the tune half, its code blocks). A browser shows the part on any page, so this one runs
on every kind (:func:`place_streamed_for`; WCXB tune: fool.com's article 0.49 -> 0.82, producthunt's
listing 0.12 -> 0.44; held-out +0.03 in sum), gated by a substring test of the source.

Measured on WCXB (``bench/quality_wcxb.py``, documentation pages): see docs/cleaning.md.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from cleanseeds.extract.blocks import remove_all, remove_keep_tail

#: the page kinds whose callouts and code figures are made readable
DOC_TYPES = frozenset({"documentation"})
#: a callout's text after its label has at least this many words
MIN_WORDS = 5
#: admonition labels (lower case, without a trailing colon): English, German, French, Spanish,
#: Italian, Portuguese, Dutch, Polish, Russian, Japanese, Chinese
CALLOUT_LABELS = frozenset({
    "note", "notes", "warning", "tip", "tips", "caution", "important", "danger", "hint", "attention",
    "hinweis", "warnung", "achtung", "tipp", "wichtig",
    "remarque", "avertissement", "astuce",
    "nota", "aviso", "advertencia", "consejo", "importante", "sugerencia",
    "avvertenza", "attenzione", "suggerimento",
    "dica", "atenção",
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
    """A ``<div>`` of bare inline text led by a bold admonition label, :data:`MIN_WORDS`+ words after it."""
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
    """Retag the page's labelled callout ``<div>``\\ s as ``<p>``; the number retagged."""
    found = [el for el in tree.iter("div") if is_callout(el)]
    for el in found:
        el.tag = "p"
    return len(found)


def open_code_figures(tree: Any) -> int:
    """Read every ``<figure>`` holding a ``<pre>`` as a ``<div>`` (its captions as ``<p>``); the number opened."""
    found = [el for el in tree.iter("figure") if el.find(".//pre") is not None]
    for el in found:
        for cap in el.iter("figcaption"):
            cap.tag = "p"
        el.tag = "div"
    return len(found)


#: a code line's element by its class: ``line`` or ``<something>-line`` (Shiki ``line``, CodeMirror
#: ``cm-line``, expressive-code ``ec-line``, Prism ``token-line``, ``highlight-line``)
_LINE_CLASS = re.compile(r"(?:^|\s)(?:[\w-]*-)?line(?:\s|$)")


def _line_element(el: Any) -> bool:
    return el.tag == "div" or _LINE_CLASS.search(el.get("class") or "") is not None


def break_code_lines(tree: Any, pres: Sequence[Any] | None = None) -> int:
    """In every ``<pre>``, end each line element (a ``<div>``, or a class ``line`` / ``*-line``)
    that is glued to the next element with a line break, and read its ``<div>`` elements as ``<span>`` elements; how many were broken.
    ``pres``: the page's ``<pre>`` elements when the caller holds them (else the tree is walked)."""
    broken = 0
    for pre in tree.iter("pre") if pres is None else pres:
        lines = [el for el in pre.iter() if el is not pre and isinstance(el.tag, str) and _line_element(el)]
        for el in lines:
            if el.getnext() is not None and "\n" not in (el.tail or "") and not el.text_content().endswith("\n"):
                el.tail = "\n" + (el.tail or "")
                broken += 1
        for el in lines:
            if el.tag == "div":
                el.tag = "span"
    return broken


#: a code line the page hides until the reader asks for it, by its class: mdBook's ``boring`` (the
#: setup lines of a listing, written ``# line`` in the source; the page's script hides them and an
#: eye button shows them)
HIDDEN_LINE_CLASSES = frozenset({"boring"})


def drop_hidden_code_lines(tree: Any, pres: Sequence[Any] | None = None) -> int:
    """Take out of every ``<pre>`` (``pres``, when the caller holds them) the line elements of
    :data:`HIDDEN_LINE_CLASSES` (their tails stay); how many were taken out."""
    found = [el for pre in (tree.iter("pre") if pres is None else pres) for el in pre.iter("span")
             if not HIDDEN_LINE_CLASSES.isdisjoint((el.get("class") or "").split())]
    return remove_all(found)


def place_streamed_content(tree: Any) -> int:
    """Put each hidden streamed block of a React page where the page's script puts it; how many.

    React's streaming server renders a slow part of the page after the rest: the part's place
    holds an empty ``<template id="B:n">`` (and a "Loading..." fallback after it), the part itself
    comes at the end of the body as ``<div hidden id="S:n">``, and an inline script
    (``$RC("B:n", "S:n")``) moves it into place at once. trafilatura drops ``hidden`` elements, so
    the part was lost (a GitBook page's code blocks). Each such ``<div>`` whose ``<template>`` is
    in the page goes to the template's place, without ``hidden``; the template goes (its tail
    stays); the fallback stays (the line cleaner judges it)."""
    slots = {t.get("id"): t for t in tree.iter("template") if (t.get("id") or "").startswith("B:")}
    if not slots:
        return 0
    streamed = [d for d in tree.iter("div") if d.get("hidden") is not None and (d.get("id") or "").startswith("S:")]
    placed = 0
    for div in streamed:
        slot = slots.get("B:" + str(div.get("id"))[2:])
        if slot is None or slot.getparent() is None or div.getparent() is None:
            continue
        remove_keep_tail(div)  # (its tail stays where it was; the slot's tail follows it below)
        slot.addnext(div)
        del div.attrib["hidden"]
        div.tail, slot.tail = slot.tail, None
        slot.getparent().remove(slot)
        placed += 1
    return placed


def may_stream(html: str) -> bool:
    """Whether the page's HTML could hold a streamed block: it holds ``B:`` (a template's id; a
    plain substring test of the source)."""
    return "B:" in html


def place_streamed_for(tree: Any, auto: bool, maybe: bool = True) -> int:
    """:func:`place_streamed_content` in ``auto`` mode, on every kind, when ``maybe``
    (:func:`may_stream` of the page's HTML; the caller may not have it: then the tree is searched)."""
    return place_streamed_content(tree) if auto and maybe else 0


def prepare_for_kind(tree: Any, kind: str, auto: bool) -> int:
    """In ``auto`` mode on the kinds of :data:`DOC_TYPES`: callouts, code figures and code lines made readable; how many."""
    if not auto or kind not in DOC_TYPES:
        return 0
    pres = list(tree.iter("pre"))  # (one walk for both code passes)
    return label_callouts(tree) + open_code_figures(tree) + drop_hidden_code_lines(tree, pres) + break_code_lines(tree, pres)
