"""trafilatura's regex XPaths without the regexes a page cannot match select what the originals select.

``cleanseeds.extract.xpath_regex.RegexSkippingXPath`` runs an XPath with its ``re:test`` calls
replaced by ``false()`` when no class/id/style value of the page matches their patterns. Checked
against the original for every such XPath of trafilatura, on real pages and their bodies, and on
the cases the rewrite treats apart (a match in either attribute, the first of ``@id|@class``,
case, a pattern that matches the empty string).
"""
from __future__ import annotations

import gzip
import importlib
import json

import pytest
from lxml import etree
from trafilatura.utils import load_html

from cleanseeds.config import Settings
from cleanseeds.extract import xpath_regex
from cleanseeds.extract.discard_guard import ProseKeepingXPath
from cleanseeds.extract.html import main_text
from cleanseeds.extract.xpath_regex import ORIGINAL_PATH, REGEXP_NS, RegexSkippingXPath, guarded
from tests.conftest import DEV_DIR


def _regex_xpaths() -> list[etree.XPath]:
    import trafilatura.settings as tsettings
    import trafilatura.xpaths as txpaths

    found = []
    for module in (txpaths, tsettings):
        for value in vars(module).values():
            for item in value if isinstance(value, list) else [value]:
                x = item.inner if isinstance(item, ProseKeepingXPath) else item  # (the discard guard wraps one)
                original = x.original if isinstance(x, RegexSkippingXPath) else x
                if isinstance(original, etree.XPath) and "re:test" in original.path:
                    found.append(etree.XPath(ORIGINAL_PATH.get(original.path, original.path), namespaces={"re": REGEXP_NS}))
    return found


@pytest.fixture(scope="module")
def dev_trees() -> list[etree._Element]:
    with gzip.open(DEV_DIR / "pages.jsonl.gz", "rt", encoding="utf-8") as fh:
        pages = [json.loads(line) for line in fh if line.strip()]
    return [t for p in pages[::3] if (t := load_html(p["html"])) is not None]


def test_every_regex_xpath_of_trafilatura_selects_the_same_on_real_pages(dev_trees: list[etree._Element]) -> None:
    xpaths = _regex_xpaths()
    assert len(xpaths) >= 20  # trafilatura 2.3.1 has 21 (the basic clean, comments, body, discard, author ...)
    skipped = rewritten = 0
    for original in xpaths:
        fast = RegexSkippingXPath(original)
        guard = etree.XPath(guarded(original.path), namespaces={"re": REGEXP_NS})
        rewritten += guard.path != original.path
        for tree in dev_trees:
            body = tree.find(".//body")
            for node in (tree, body if body is not None else tree):
                assert fast(node) == original(node) == guard(node), original.path
                skipped += not fast.matches_somewhere(node)
    assert skipped > 0  # the fast path is taken
    assert rewritten == len(xpaths)


@pytest.mark.parametrize(
    ("html", "expected"),
    [
        ('<div id="x" class="Cookie-Banner">a</div><div>b</div>', ["a"]),  # class, other case
        ('<div id="onetrust-x">a</div><div class="y">b</div>', ["a"]),  # id
        ('<div class="nav">a</div><div class="menu">b</div>', []),  # no value matches: the rewrite runs
    ],
)
def test_basic_clean_cookie_test_in_either_attribute(html: str, expected: list[str]) -> None:
    import trafilatura.settings as tsettings

    tree = load_html(f"<html><body>{html}<p>filler text</p></body></html>")
    fast = RegexSkippingXPath(tsettings.BASIC_CLEAN_XPATH)
    got = [e.text for e in fast(tree) if e.tag == "div"]
    assert got == [e.text for e in tsettings.BASIC_CLEAN_XPATH(tree) if e.tag == "div"] == expected


def test_first_attribute_of_a_union_and_a_pattern_matching_nothing_kept() -> None:
    tree = load_html('<html><body><p class="ab" id="x">1</p><p id="ab" class="x">2</p><p class="x" id="ab">3</p></body></html>')
    union = etree.XPath(".//p[re:test(@id|@class, '^ab$')]", namespaces={"re": REGEXP_NS})
    fast = RegexSkippingXPath(union)
    assert fast.matches_somewhere(tree)  # so the original runs: lxml tests the first attribute in the markup
    assert [e.text for e in fast(tree)] == [e.text for e in union(tree)] == ["1", "2"]
    assert not fast.matches_somewhere(load_html('<html><body><p class="x" id="abc">1</p><p>2</p></body></html>'))
    empty = etree.XPath(".//p[re:test(@title, 'z*')]", namespaces={"re": REGEXP_NS})  # true without the attribute
    kept = RegexSkippingXPath(empty)
    assert kept._without is None
    assert [e.text for e in kept(tree)] == [e.text for e in empty(tree)] == ["1", "2", "3"]


def test_guard_asks_for_the_attribute_first() -> None:
    assert guarded("//*[re:test(@id|@class, 'a+', 'i')]") == "//*[((@id|@class) and re:test(@id|@class, 'a+', 'i'))]"
    assert guarded("//*[re:test(@class, 'a*')]") == "//*[re:test(@class, 'a*')]"  # matches the empty string: kept


def test_installed_once_in_trafilatura_baseline() -> None:
    page = "<html><body><article><p>" + "Some words of a page. " * 30 + "</p></article></body></html>"
    assert main_text(page, None, Settings()) is not None
    baseline = importlib.import_module("trafilatura.baseline")
    installed = baseline.BASIC_CLEAN_XPATH
    assert isinstance(installed, RegexSkippingXPath)
    import trafilatura.xpaths as txpaths

    guarded_body = list(txpaths.BODY_XPATH)
    assert any(x.path in ORIGINAL_PATH for x in guarded_body)
    xpath_regex.install()
    assert baseline.BASIC_CLEAN_XPATH is installed
    assert txpaths.BODY_XPATH == guarded_body  # not guarded twice
