"""trafilatura's HTML parser, with the element class lookup in C, gives every node the class
``lxml.html``'s own lookup gives it (``extract.parser_lookup``)."""
from __future__ import annotations

import gzip
import json
from copy import copy, deepcopy

import lxml.html as lh
from lxml import etree

from cleanseeds.config import Settings
from cleanseeds.extract import parser_lookup
from cleanseeds.extract.html import main_text
from tests.conftest import DEV_DIR

FORMS = ('<form action="/s"><label for="q">Search</label><input id="q" name="q"><select name="s"><option>a</option></select>'
         "<textarea>t</textarea></form>")


def _parsers() -> tuple[etree.HTMLParser, etree.HTMLParser]:
    options = {"collect_ids": False, "default_doctype": False, "encoding": "utf-8", "remove_comments": False, "remove_pis": False}
    python_lookup = lh.HTMLParser(**options)  # HtmlElementClassLookup, in Python
    c_lookup = lh.HTMLParser(**options)
    c_lookup.set_element_class_lookup(parser_lookup.class_lookup())
    return python_lookup, c_lookup


def _classes(tree: etree._Element) -> list[tuple[object, type]]:
    return [(node.tag, type(node)) for node in tree.getroottree().iter()]


def test_every_node_gets_the_class_lxml_html_gives_it() -> None:
    slow, fast = _parsers()
    with gzip.open(DEV_DIR / "pages.jsonl.gz", "rt", encoding="utf-8") as fh:
        pages = [json.loads(line)["html"] for line in fh if line.strip()][::6]
    pages.append(f"<html><body><!-- a comment --><?pi x?><p>text</p>{FORMS}<INPUT name=upper></body></html>")
    kinds: set[type] = set()
    for page in pages:
        a, b = lh.document_fromstring(page, parser=slow), lh.document_fromstring(page, parser=fast)
        assert _classes(a) == _classes(b)
        assert _classes(copy(a)) == _classes(copy(b)) and _classes(deepcopy(a)) == _classes(deepcopy(b))
        kinds.update(t for _, t in _classes(b))
    assert {lh.FormElement, lh.InputElement, lh.SelectElement, lh.TextareaElement, lh.LabelElement, lh.HtmlComment,
            lh.HtmlElement} <= kinds
    for tag in ("FORM", "form", "div"):  # elements made by code, in upper case too
        assert type(a.makeelement(tag)) is type(b.makeelement(tag))


def test_installed_on_trafilaturas_parser_by_extraction() -> None:
    from trafilatura.utils import HTML_PARSER, load_html

    page = "<html><body><article><p>" + "Some words of a page. " * 30 + "</p></article>" + FORMS + "</body></html>"
    assert main_text(page, None, Settings()) is not None
    assert parser_lookup._INSTALLED
    tree = load_html(page)
    assert type(tree.find(".//form")) is lh.FormElement and type(tree.find(".//p")) is lh.HtmlElement
    assert tree.getroottree().parser is HTML_PARSER
