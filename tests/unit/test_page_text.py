"""``extract.page_text.html2txt`` reads from a parsed page the string trafilatura's ``html2txt``
makes from a cleaned, respaced copy of it (the cascade's page measure)."""
from __future__ import annotations

import gzip
import importlib
import json

import pytest
from lxml import etree
from trafilatura.utils import load_html

from cleanseeds.extract import page_text
from cleanseeds.extract.xpath_regex import install
from tests.conftest import DEV_DIR


def _trafilaturas(tree: etree._Element) -> str:
    return importlib.import_module("trafilatura.baseline").html2txt(tree)  # type: ignore[no-any-return]


def test_same_text_as_trafilatura_on_real_pages() -> None:
    install()
    with gzip.open(DEV_DIR / "pages.jsonl.gz", "rt", encoding="utf-8") as fh:
        pages = [json.loads(line)["html"] for line in fh if line.strip()]
    for html in pages:
        tree = load_html(html)
        before = etree.tostring(tree)
        assert page_text.html2txt(tree) == _trafilaturas(tree)
        assert etree.tostring(tree) == before  # read, not changed


@pytest.mark.parametrize(
    "body",
    [
        # deleted first children: their tails join the parent's text, spaced when the parent is a block
        "<div><script>x</script>one<style>y</style>two<b>three</b>four</div><span><svg>s</svg>five</span>six",
        # deleted siblings after a kept block and after a kept inline element
        "<p>a</p><aside>b</aside>c<footer>d</footer>e<i>f</i><template>g</template>h",
        # a deleted element inside a deleted one; a cookie banner by class and by id
        '<div class="site-footer">x<script>y</script>z</div>after<div id="onetrust-banner">c</div>end',
        # comments keep their tails unspaced; block boundaries with no whitespace (minified)
        "<div>a<!-- c -->b</div><div>c</div>d<br>e<h2>f</h2>g",
        "no body element at all",
    ],
)
def test_same_text_after_deletions_and_spacing(body: str) -> None:
    install()
    tree = load_html(f"<html><head><title>t</title></head><body>{body}</body></html>")
    assert page_text.html2txt(tree) == _trafilaturas(tree)
    for el in tree.iter("div", "p"):  # an element as the content (no body below it)
        assert page_text.html2txt(el) == _trafilaturas(el)


def test_in_trafilaturas_cascade_only_for_parsed_trees() -> None:
    install()
    import trafilatura.core as tcore

    assert tcore.html2txt is page_text.html2txt
    page = "<html><body><p>one</p><script>x</script><div>two</div></body></html>"
    assert page_text.html2txt(page) == _trafilaturas(load_html(page)) == "one two"  # a string: trafilatura's own
    assert page_text.html2txt(load_html(page), clean=False) == "one x two"
