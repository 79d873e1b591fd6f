"""Cheap pre-checks run before a page reaches the HTML parser.

:func:`markup_depth` estimates how deeply a page nests its elements, the way an HTML parser
would see it, without building a tree: a single left-to-right scan over the tags that skips
comments and raw-text elements (``script``, ``style``, ...), ignores void elements, and
closes elements whose end tag is optional (``<p>``, ``<li>``, ``<td>``, ...) when a sibling
of the same name opens — so sloppy but ordinary pages do not look deep. The scan stops as
soon as the cap is passed, so a 10,000-level page costs no more than a normal one, and the
stack never grows past the cap (unmatched end tags cannot make it quadratic).

libxml2 (under lxml and trafilatura) silently truncates trees past 256 levels, so without
this check a hostile page would come out as "no text" instead of its real reason.
"""
from __future__ import annotations

import re

VOID = frozenset(
    "area base br col embed hr img input link meta param source track wbr basefont bgsound frame keygen command image isindex nextid spacer".split()
)
RAW_TEXT = frozenset("script style textarea title xmp iframe noembed noframes plaintext".split())
OPTIONAL_END = frozenset("p li dt dd tr td th option optgroup rb rt rtc rp thead tbody tfoot colgroup caption".split())

# one token: a comment opener (group 1), a doctype / processing instruction up to its ">"
# (group 2: the ">"), or a start/end tag: name (group 3) and attributes up to its ">" (group 4)
_TOKEN = re.compile(r"<(?:(!--)|[!?][^>]*(>)?|(/?[A-Za-z][^\s/>]*)[^>]*(>)?)")


def markup_depth(html: str, cap: int) -> int:
    """Maximum element nesting depth of ``html``, or ``cap + 1`` as soon as it passes ``cap``."""
    lower: str | None = None
    stack: list[str] = []
    deepest = 0
    tokens = _TOKEN.finditer(html)
    while True:
        restart = -1
        for m in tokens:
            comment, pi_end, tok, tag_end = m.groups()
            if comment:
                end = html.find("-->", m.end())
                if end < 0:
                    return deepest
                restart = end + 3
                break
            if tok is None:  # doctype, processing instruction, CDATA
                if pi_end is None:
                    return deepest
                continue
            if tag_end is None:  # no ">" anywhere after it
                return deepest
            if tok[0] == "/":
                name = tok[1:].lower()
                for i in range(len(stack) - 1, -1, -1):
                    if stack[i] == name:
                        del stack[i:]
                        break
                continue
            name = tok.lower()
            if name in VOID or html[m.end() - 2] == "/":
                continue
            if name in RAW_TEXT:
                if lower is None:
                    lower = html.lower()
                end = lower.find("</" + name, m.end())
                if end < 0:
                    return deepest
                restart = end
                break
            if name in OPTIONAL_END and name in stack:
                i = len(stack) - 1 - stack[::-1].index(name)
                del stack[i:]
            stack.append(name)
            if len(stack) > deepest:
                deepest = len(stack)
                if deepest > cap:
                    return cap + 1
        else:
            return deepest
        tokens = _TOKEN.finditer(html, restart)
