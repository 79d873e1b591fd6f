"""trafilatura's markup repair removes the same characters with ``extract.invalid_chars`` in place
of its regex: the characters are the pattern's, and the repaired strings and parsed pages are the same."""
from __future__ import annotations

import re

import trafilatura.utils as tutils
from lxml import etree
from trafilatura.utils import load_html

from cleanseeds.extract import invalid_chars
from cleanseeds.extract.xpath_regex import install


def test_the_characters_are_those_of_trafilaturas_pattern() -> None:
    original = re.compile(invalid_chars.PATTERN)
    matched = [chr(c) for c in range(0x110000) if original.match(chr(c))]
    assert tuple(matched) == invalid_chars.CHARACTERS
    install()
    current = tutils.INVALID_XML_CHARS
    assert isinstance(current, invalid_chars.InvalidXmlChars)  # installed: trafilatura's pattern is PATTERN
    assert current.original.pattern == invalid_chars.PATTERN


def test_same_string_with_and_without_invalid_characters() -> None:
    install()
    fast, regex = tutils.INVALID_XML_CHARS, re.compile(invalid_chars.PATTERN)
    cases = ["", "plain <p>text</p>\n\t\r", "caf\u00e9 \u2019quoted\u2019", "a\x00b\x08c\x0bd\x1fe", "x\ufffey\uffffz",
             "\u2019\x0c", "emoji \U0001f600 \x07"]
    for text in cases:
        assert fast.sub("", text) == regex.sub("", text)
        assert fast.sub("", text, 1) == regex.sub("", text, 1)
    clean = "no invalid character \u2019 here"
    assert fast.sub("", clean) is clean  # answered without the regex


def test_pages_parse_the_same() -> None:
    install()
    page = "<html><body><p>one\x0btwo</p><p>three\ufffe</p><p>caf\u00e9</p></body></html>"
    tree = load_html(page)
    assert tree is not None
    assert etree.tostring(tree) == b"<html><body><p>onetwo</p><p>three</p><p>caf&#233;</p></body></html>"
    assert tutils.repair_faulty_html(page, page[:50].lower()) == re.compile(invalid_chars.PATTERN).sub("", page)
