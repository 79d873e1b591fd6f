"""A forum member's stats beside each post: the "Posts: 9179 / Joined: Feb 2015 / Location: ..." box, left out.

Forum software prints a panel beside every post with who wrote it: the name, an avatar, and a
few ``label: value`` lines about the member (phpBB's ``<dl class="postprofile">`` with
``<dd><strong>Posts:</strong> 9179</dd>``, vBulletin's ``<div>Join Date: <b>Aug 2008</b></div>``,
MyBB's and XenForo's stats, a custom profile field such as "Primary OS: Windows 10").
trafilatura keeps them as lines of the thread, between the posts. They say nothing of the post.

The evidence is structural: an element whose text opens with a member-stat label
(:data:`STAT_LABELS`: posts, joined, join date, location, messages... and their German, French
and Spanish forms) **and** the same label in the same shape (tag, parent's class) at least
:data:`MIN_REPEATS` times on the page: one panel per post. The panel is that element's parent
(holding at most :data:`MAX_PANEL_WORDS` words: a member box, not a post); each of its children
whose text is a short ``label: value`` line (at most :data:`MAX_FIELD_WORDS` words) is removed,
so a custom field goes with the stats. The member's name (no label) stays: the truths of most
threads name who wrote each post.

Used on pages decided forum (``extract/reviews.py`` runs it with the signatures). WCXB tune
half, true forum pages (quarter A / B of the tune half): 9 domains, 1,049 words inside such
lines, none in the true main content; on the other kinds the same test finds 102 words on one
product page's reviews (not run there).
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from typing import Any

from cleanseeds.extract.blocks import remove_all

#: a member-stat label opening an element's text, with its colon (lower-cased match)
STAT_LABELS = (
    "posts", "joined", "join date", "registered", "member since", "messages", "location", "reaction score",
    "likes received", "trophy points", "threads", "reputation",
    "beiträge", "registriert", "registriert seit", "mitglied seit", "wohnort", "dabei seit",
    "inscrit le", "inscription", "localisation", "date d'inscription",
    "mensajes", "registrado", "ubicación", "fecha de ingreso", "ubicacion",
)
_STAT = re.compile(r"^\s*(" + "|".join(re.escape(label) for label in STAT_LABELS) + r")\s*:", re.IGNORECASE)
#: a panel's line: a short label (no sentence) and its colon
_FIELD = re.compile(r"^\s*[^:.!?\n]{1,30}:")
#: a label's colon (a clock's "11:18" is none)
_LABEL_COLON = re.compile(r"[^\W\d]\s*:")
#: the same label in the same shape at least this many times: one panel per post
MIN_REPEATS = 3
#: a panel holds at most this many words (a post holding a stat-like line is not a panel)
MAX_PANEL_WORDS = 80
#: a panel's ``label: value`` line has at most this many words
MAX_FIELD_WORDS = 12
#: elements whose text is not read (their words are not shown)
_SKIP = frozenset({"script", "style", "noscript", "template", "html", "body", "head"})


def _lead(el: Any) -> str:
    """The text an element opens with: its own text, else its first child's with that child's tail
    (``<dd><strong>Posts:</strong> 9</dd>``, ``<li><span>Location</span>: Denver</li>``)."""
    if el.text and el.text.strip():
        return str(el.text)
    first = next(iter(el), None)
    if first is None:
        return ""
    if not isinstance(first.tag, str):  # a comment: the text after it
        return str(first.tail or "")
    return (first.text or "") + (first.tail or "")


def _stat_groups(tree: Any) -> list[list[Any]]:
    """Elements opening with a member-stat label, grouped by (label, tag, parent's class)."""
    groups: dict[tuple[str, str, str], list[Any]] = defaultdict(list)
    for el in tree.iter():
        if not isinstance(el.tag, str) or el.tag in _SKIP:
            continue
        m = _STAT.match(_lead(el))
        if m is None:
            continue
        parent = el.getparent()
        if parent is not None:
            groups[(m.group(1).lower(), el.tag, parent.get("class") or "")].append(el)
    return [els for els in groups.values() if len(els) >= MIN_REPEATS]


def _words(el: Any) -> int:
    return len(el.text_content().split())


def _field(el: Any) -> Any:
    """The line ``el`` opens: its outermost ancestor whose text is still one short ``label: value``
    (``<dl><dt>Messages:</dt><dd>3</dd></dl>``: the pair, not the label alone)."""
    parent = el.getparent()
    while parent is not None and parent.tag not in _SKIP and _one_field(parent.text_content()):
        el, parent = parent, parent.getparent()
    return el


def _one_field(text: str) -> bool:
    return len(_LABEL_COLON.findall(text)) == 1 and len(text.split()) <= MAX_FIELD_WORDS and _FIELD.match(text) is not None


def stat_lines(tree: Any) -> list[Any]:
    """The ``label: value`` lines of the page's member panels (see the module docstring), in page order."""
    found: dict[Any, None] = {}  # (dicts as ordered sets: one membership test a line, not a scan)
    panels: dict[Any, None] = {}
    for group in _stat_groups(tree):
        for el in group:
            panel = _field(el).getparent()
            if panel is not None:
                panels[panel] = None
    for panel in panels:
        if _words(panel) > MAX_PANEL_WORDS:
            continue
        for ch in panel:
            if isinstance(ch.tag, str) and ch.tag not in _SKIP and _FIELD.match(ch.text_content()) \
                    and _words(ch) <= MAX_FIELD_WORDS:
                found[ch] = None
    inside = set(found)
    return [el for el in found if not any(a in inside for a in el.iterancestors())]


def drop_stat_lines(tree: Any) -> int:
    """Remove the member panels' ``label: value`` lines from ``tree``; the number removed."""
    return remove_all(stat_lines(tree))


def without_panel_lines(text: str) -> str:
    """``text`` (another extractor's text of a forum page, one block a line) without the member
    panels' lines: a run of short ``label: value`` lines holding a member-stat label
    (:data:`STAT_LABELS`) is a panel, and its lines whose label opens at least
    :data:`MIN_REPEATS` lines of the page's panels go ("Posts: 9179", "Primary OS: Windows 10":
    one panel per post). The second extractor reads the page as served, so without this the merge
    put back each post's stats that :func:`drop_stat_lines` left out (extract/second.py). A post's
    own ``label: value`` lines (a program's output "Time: 1.01", a parts list "CPU: ...") are no
    panel: no stat label among them."""
    lines = text.split("\n")
    labels = [_label(line) for line in lines]
    panel = [False] * len(lines)
    k = 0
    while k < len(lines):
        end = k
        while end < len(lines) and labels[end]:
            end += 1
        if any(_STAT.match(lines[i]) for i in range(k, end)):
            panel[k:end] = [True] * (end - k)
        k = end + 1
    counts = Counter(label for label, inside in zip(labels, panel, strict=True) if inside)
    return "\n".join(line for line, label, inside in zip(lines, labels, panel, strict=True)
                     if not (inside and counts[label] >= MIN_REPEATS))


def _label(line: str) -> str:
    """The label a short ``label: value`` line opens with (lower-cased), else ``""``."""
    m = _FIELD.match(line)
    if m is None or len(line.split()) > MAX_FIELD_WORDS or not line[m.end():].strip():
        return ""
    return " ".join(m.group(0)[:-1].lower().split())
