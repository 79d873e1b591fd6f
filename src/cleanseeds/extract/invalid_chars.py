"""trafilatura's removal of characters XML does not allow, without a regex scan of clean markup.

Before parsing a page, ``trafilatura.utils.repair_faulty_html`` deletes the control characters
and non-characters libxml2 rejects: ``INVALID_XML_CHARS.sub("", html)``, a character class the
regex engine tests against every character of the page (~0.5 ms a dev page of ~140,000
characters, once per parse; almost no page holds one). :class:`InvalidXmlChars` answers the
same ``sub`` with one substring test per character of the class (:data:`CHARACTERS`, 27 scans
in C, ~0.28 ms) and runs the regex only when one is there, so the string is the same.
:func:`install` puts it in place of the pattern in ``trafilatura.utils`` (its only use), once,
and only when the pattern is the one these characters were read from (:data:`PATTERN`);
``tests/unit/test_invalid_chars.py`` checks the characters against the regex, all of Unicode.
"""
from __future__ import annotations

import re
from typing import Any

#: trafilatura 2.3.1's ``INVALID_XML_CHARS``
PATTERN = r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]"
#: the characters it matches
CHARACTERS = tuple(chr(c) for c in (*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0xFFFE, 0xFFFF))


class InvalidXmlChars:
    """``re.compile(PATTERN)`` whose ``sub`` returns a string holding none of the characters as it is."""

    def __init__(self, original: re.Pattern[str]) -> None:
        self.original = original
        self.pattern = original.pattern

    def sub(self, repl: Any, string: str, count: int = 0) -> str:
        for char in CHARACTERS:
            if char in string:
                return self.original.sub(repl, string, count)
        return string

    def __getattr__(self, name: str) -> Any:  # search, match ... as the pattern's
        return getattr(self.original, name)


def install() -> None:
    """Use :class:`InvalidXmlChars` in ``trafilatura.utils``, once (when its pattern is :data:`PATTERN`)."""
    import trafilatura.utils as tutils

    current = tutils.INVALID_XML_CHARS
    if isinstance(current, re.Pattern) and current.pattern == PATTERN and current.flags == re.compile(PATTERN).flags:
        tutils.INVALID_XML_CHARS = InvalidXmlChars(current)  # type: ignore[assignment]
