"""The exact markup-depth scan, for pages the parser could not hold.

:func:`markup_depth` estimates how deeply a page nests its elements, the way an HTML parser
would see it, without building a tree: a single left-to-right scan over the tags that skips
comments and raw-text elements (``script``, ``style``, ...), ignores void elements, and
closes elements whose end tag is optional (``<p>``, ``<li>``, ``<td>``, ...) when a sibling
of the same name opens — so sloppy but ordinary pages do not look deep. The scan stops as
soon as the cap is passed, so a 10,000-level page costs no more than a normal one, and the
stack never grows past the cap (unmatched end tags cannot make it quadratic).

libxml2 (under lxml and trafilatura) silently truncates trees past 256 levels, so without
this check a hostile page would come out as "no text" instead of its real reason. The scan
costs about 1.5 ms on an ordinary page, so :mod:`cleanseeds.extract.html` runs it only when
the parsed tree reaches the parser's limit (or when ``max_markup_depth`` is set below it).
"""
from __future__ import annotations

import re
from collections.abc import Iterator

VOID = frozenset(
    [
        "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track", "wbr",
        "basefont", "bgsound", "frame", "keygen", "command", "image", "isindex", "nextid", "spacer",
    ]
)
RAW_TEXT = frozenset(["script", "style", "textarea", "title", "xmp", "iframe", "noembed", "noframes", "plaintext"])
OPTIONAL_END = frozenset([
    "p", "li", "dt", "dd", "tr", "td", "th", "option", "optgroup", "rb", "rt", "rtc", "rp", "thead", "tbody", "tfoot",
    "colgroup", "caption",
])

# one token: a comment opener (group 1), a doctype / processing instruction up to its ">"
# (group 2: the ">"), or a start/end tag: name (group 3) and attributes up to its ">" (group 4)
_TOKEN = re.compile(r"<(?:(!--)|[!?][^>]*(>)?|(/?[A-Za-z][^\s/>]*)[^>]*(>)?)")


# token name -> (kind, lowercase name); kinds below. Bounded: hostile pages with endless
# distinct tag names fall back to classifying each token.
_END, _SKIP, _RAW, _OPTIONAL, _NORMAL = range(5)
_KINDS: dict[str, tuple[int, str]] = {}
_KINDS_MAX = 4096


def _kind(tok: str) -> tuple[int, str]:
    got = _KINDS.get(tok)
    if got is not None:
        return got
    if tok[0] == "/":
        got = (_END, tok[1:].lower())
    else:
        name = tok.lower()
        got = (_SKIP if name in VOID else _RAW if name in RAW_TEXT else _OPTIONAL if name in OPTIONAL_END else _NORMAL, name)
    if len(_KINDS) < _KINDS_MAX:
        _KINDS[tok] = got
    return got


def _tags(html: str) -> Iterator[tuple[int, str]]:
    """(kind, lowercase name) of every start and end tag that can change the nesting, in page
    order: comments, doctypes, void and self-closed elements and the content of raw-text
    elements are skipped; the scan ends at a comment, tag or raw-text element that is never
    closed (as a parser would stop there).

    Tokens are classified once per distinct spelling (``_kind``) and read through
    ``Match.lastindex``, which of the groups of ``_TOKEN`` closed last: 4 a tag with its
    ``>``, 3 a tag without one, 2 a doctype/PI with its ``>``, 1 a comment opener, ``None`` a
    doctype/PI without ``>``.
    """
    lower: str | None = None
    tokens = _TOKEN.finditer(html)
    while True:
        restart = -1
        for m in tokens:
            last = m.lastindex
            if last != 4:
                if last == 2:  # doctype, processing instruction, CDATA
                    continue
                if last == 1:  # comment: skip to its end
                    end = html.find("-->", m.end())
                    if end < 0:
                        return
                    restart = end + 3
                    break
                return  # a tag or doctype without ">" anywhere after it
            kind, name = _kind(m[3])
            if kind != _END and (kind == _SKIP or html[m.end() - 2] == "/"):
                continue
            if kind == _RAW:  # skip to its end tag
                if lower is None:
                    lower = html.lower()
                end = lower.find("</" + name, m.end())
                if end < 0:
                    return
                restart = end
                break
            yield kind, name
        else:
            return
        tokens = _TOKEN.finditer(html, restart)


def markup_depth(html: str, cap: int) -> int:
    """Maximum element nesting depth of ``html``, or ``cap + 1`` as soon as it passes ``cap``.

    An end tag closes the innermost open element of its name (and what is open inside it); an
    unmatched one is ignored. An element whose end tag is optional closes an open one of the
    same name when it opens.
    """
    stack: list[str] = []
    push, pop = stack.append, stack.pop
    deepest = 0
    for kind, name in _tags(html):
        if kind == _END:
            if stack and stack[-1] == name:
                pop()
                continue
            for i in range(len(stack) - 2, -1, -1):
                if stack[i] == name:
                    del stack[i:]
                    break
            continue
        if kind == _OPTIONAL and name in stack:
            i = len(stack) - 1 - stack[::-1].index(name)
            del stack[i:]
        push(name)
        if len(stack) > deepest:
            deepest = len(stack)
            if deepest > cap:
                return cap + 1
    return deepest
