"""``extract.author.page_author`` is trafilatura's ``extract_author`` without the copy of the page.

trafilatura deletes the discarded elements from a deep copy (each tail joined to the text before
it) and reads the first author element left; ``page_author`` reads the same from the page itself.
Compared on real pages and on pages built for each way a deletion changes an element's text.
"""
from __future__ import annotations

import gzip
import json

import pytest
from lxml import etree
from trafilatura.metadata import extract_author
from trafilatura.utils import load_html

from cleanseeds.extract.author import page_author
from cleanseeds.extract.xpath_regex import install
from tests.conftest import DEV_DIR


@pytest.fixture(scope="module")
def dev_trees() -> list[etree._Element]:
    install()  # (the regex XPaths as extraction runs them)
    with gzip.open(DEV_DIR / "pages.jsonl.gz", "rt", encoding="utf-8") as fh:
        pages = [json.loads(line) for line in fh if line.strip()]
    return [t for p in pages if (t := load_html(p["html"])) is not None]


def test_same_author_as_trafilatura_on_real_pages(dev_trees: list[etree._Element]) -> None:
    found = 0
    for tree in dev_trees:
        before = etree.tostring(tree)
        expected = extract_author(tree)
        assert page_author(tree) == expected
        assert etree.tostring(tree) == before  # the page is left as it was
        found += expected is not None
    assert found >= 20  # the dev pages name authors this way


def _page(body: str) -> etree._Element:
    tree = load_html(f"<html><head><title>t</title></head><body>{body}</body></html>")
    assert tree is not None
    return tree


@pytest.mark.parametrize(
    "body",
    [
        # a deleted first child: its tail joins the element's own text (no space between)
        '<div class="author"><time>2024</time>Jane<span class="date">x</span>Doe</div>',
        # two deleted siblings in a row after a kept one: both tails join the kept one's tail
        '<div class="author"><b>By</b><figure>f</figure>Jane<time>t</time>Doe and more</div>',
        # a deleted element inside a deleted one, and a tail after the outer one
        '<div class="author">By <div class="comments"><time>t</time>c</div>Jane Doe</div>',
        # the first candidate is inside a deleted element: the next one is taken
        '<div class="sidebar"><span class="author">Side Bar</span></div><span class="author">Jane Doe</span>',
        # a candidate whose whole text is deleted: too short, the next XPath's candidate is taken
        '<span class="author"><time>2024-01-01</time></span><p class="byline">Jane Doe</p>',
        # a rel child (the one predicate that reads text): trafilatura's own function runs
        '<p><rel>me</rel>Jane Doe</p>',
        '<p class="plain">Jane Doe wrote this.</p>',
    ],
)
def test_same_author_as_trafilatura_after_deletions(body: str) -> None:
    tree = _page(body)
    assert page_author(tree) == extract_author(tree)


def test_content_outside_the_element_the_parser_returned() -> None:
    # markup after </html> is parsed into a second top-level element: the XPaths' // reach it,
    # trafilatura's copy of the element the parser returned does not
    after = '<div class="author">Jane Doe</div>'
    tree = load_html(f"<!DOCTYPE html><html><head><title>t</title></head><body><p>story</p></body></html>\n{after}")
    assert tree is not None and [e.tag for e in tree.itersiblings()] == ["html"]
    assert len(etree.XPath("//div[@class='author']")(tree)) == 1
    assert page_author(tree) is extract_author(tree) is None
    inside = load_html(f"<!DOCTYPE html><html><head><title>t</title></head><body><p>story</p>{after}</body></html>\n{after}")
    assert page_author(inside) == extract_author(inside) == "Jane Doe"


def test_discard_asked_of_one_element_selects_what_the_xpaths_select(dev_trees: list[etree._Element]) -> None:
    # the discard XPaths have the shapes page_author asks of one element (else it evaluates them over the page)
    from trafilatura.xpaths import AUTHOR_DISCARD_XPATHS

    from cleanseeds.extract.author import _Discarded, _local_discard_test

    assert _local_discard_test() is not None
    deleted_somewhere = 0
    for tree in dev_trees[:60]:
        expected = {el for expression in AUTHOR_DISCARD_XPATHS for el in expression(tree) if el is not tree}
        asked, inside = _Discarded(tree), set(tree.iter())
        assert {el for el in inside if el in asked} == expected & inside
        deleted_somewhere += bool(expected)
    assert deleted_somewhere >= 50
    # one element of each kind the expressions select, and the page's root never
    tree = _page('<div class="comments">c</div><span id="comment-list">l</span><a class="sidebar-x">s</a>'
                 '<section data-component="Figure">f</section><time>t</time><figure>g</figure><p class="comments">kept</p>')
    asked = _Discarded(tree)
    assert [el.tag for el in tree.iter() if el in asked] == ["div", "span", "a", "section", "time", "figure"]
    assert tree not in asked
