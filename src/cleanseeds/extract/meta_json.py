"""trafilatura's JSON-LD metadata step (``metadata.extract_meta_json``) with its two text passes in C.

For every JSON-LD script of the page, trafilatura minifies the text
(``JSON_MINIFY.sub(r"\\1", text)``: whitespace out, string literals kept) and normalises it
(``json_metadata.normalize_json``) before ``json.loads``. Both cost more than the parse:

* ``sub`` with the template ``r"\\1"`` calls back into Python (``re._parser.expand_template``)
  for every match, and every whitespace character outside a string is a match (~190 calls a dev
  page). The same string is the pattern's ``split`` (the text between the matches and each
  match's group, ``None`` for a whitespace match) joined without the ``None`` and empty parts:
  no call per match (:func:`minify`).
* ``normalize_json`` drops UTF-16 surrogates one character at a time in a generator when the
  text holds a backslash; :data:`SURROGATES` drops the same characters with one ``sub``
  (:func:`normalize_json`).

Everything else is trafilatura's, in its order. ``tests/unit/test_meta_json.py`` compares both
with trafilatura's on the dev pages and on built cases, and pins the source they were read from.
"""
from __future__ import annotations

import json
import re
from html import unescape
from typing import Any

#: the UTF-16 surrogate code points trafilatura's generator leaves out
SURROGATES = re.compile("[\ud800-\udfff]")
_SCRIPTS: list[Any] = []  # the XPath of trafilatura's JSON-LD scripts, compiled once


def minify(text: str) -> str:
    """``trafilatura.metadata.JSON_MINIFY.sub(r"\\1", text)``."""
    from trafilatura.metadata import JSON_MINIFY

    return "".join(filter(None, JSON_MINIFY.split(text)))


def normalize_json(string: str) -> str:
    """``trafilatura.json_metadata.normalize_json``, the surrogates dropped by :data:`SURROGATES`."""
    from trafilatura.json_metadata import JSON_UNICODE_REPLACE
    from trafilatura.utils import HTML_STRIP_TAGS, trim

    if "\\" in string:
        string = string.replace("\\n", "").replace("\\r", "").replace("\\t", "")
        string = JSON_UNICODE_REPLACE.sub(lambda match: chr(int(match[1], 16)), string)
        string = SURROGATES.sub("", string)
        string = unescape(string)
    return trim(HTML_STRIP_TAGS.sub("", string))


def extract_meta_json(tree: Any, metadata: Any) -> Any:
    """``trafilatura.metadata.extract_meta_json(tree, metadata)`` (same steps, same result)."""
    from lxml import etree
    from trafilatura.json_metadata import extract_json, extract_json_parse_error

    if not _SCRIPTS:
        _SCRIPTS.append(etree.XPath('.//script[@type="application/ld+json" or @type="application/settings+json"]'))
    for elem in _SCRIPTS[0](tree):
        if not elem.text:
            continue
        element_text = normalize_json(minify(elem.text))
        try:
            schema = json.loads(element_text, strict=False)
            metadata = extract_json(schema, metadata)
        except json.JSONDecodeError:
            metadata = extract_json_parse_error(element_text, metadata)
    return metadata
