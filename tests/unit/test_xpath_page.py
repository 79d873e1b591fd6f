"""trafilatura's regex XPaths, with the tests no value of the page matches left out
(``extract.xpath_page``), select what trafilatura's own select: on real pages, on their copies
and pruned copies (the trees trafilatura evaluates them on), and outside an extraction."""
from __future__ import annotations

import gzip
import json
import re
from copy import copy, deepcopy
from pathlib import Path

import pytest
from lxml import etree
from trafilatura.utils import load_html

from cleanseeds.extract import xpath_page
from cleanseeds.extract.discard_guard import ProseKeepingXPath
from cleanseeds.extract.xpath_page import PageRegexXPath
from cleanseeds.extract.xpath_regex import ORIGINAL_PATH, REGEXP_NS, install
from tests.conftest import DEV_DIR


def _page_xpaths() -> list[tuple[PageRegexXPath, etree.XPath]]:
    import trafilatura.xpaths as txpaths

    install()
    found = []
    for value in vars(txpaths).values():
        for item in value if isinstance(value, list) else []:
            x = item.inner if isinstance(item, ProseKeepingXPath) else item  # (the discard guard wraps one)
            if isinstance(x, PageRegexXPath):
                found.append((x, etree.XPath(ORIGINAL_PATH[x.path], namespaces={"re": REGEXP_NS})))
    return found


@pytest.fixture(scope="module")
def dev_pages() -> list[str]:
    with gzip.open(DEV_DIR / "pages.jsonl.gz", "rt", encoding="utf-8") as fh:
        return [json.loads(line)["html"] for line in fh if line.strip()][::9]


@xpath_page.scoped
def _compare_in_scope(html: str, xpaths: list[tuple[PageRegexXPath, etree.XPath]]) -> int:
    """Selections on the page, its body, a copy and a pruned copy; the number of calls that left a test out."""
    tree = load_html(html)
    xpath_page.use_page(tree)
    pruned = deepcopy(tree)
    for el in pruned.xpath("//nav|//footer|//*[@class][position() mod 3 = 0]"):
        if el.getparent() is not None:
            el.getparent().remove(el)
    body = tree.find(".//body")
    left_out = 0
    for fast, original in xpaths:
        for node in (tree, body if body is not None else tree, copy(tree), pruned):
            assert fast(node) == original(node), original.path
        page = xpath_page._PAGE.get()
        assert page is not None
        left_out += not all(t.matches(page) for t in fast.tests)
    return left_out


def test_same_selections_as_trafilaturas_xpaths_during_an_extraction(dev_pages: list[str]) -> None:
    xpaths = _page_xpaths()
    assert len(xpaths) >= 19  # trafilatura 2.3.1: comments, body, discard, author ... (20 with re:test)
    left_out = sum(_compare_in_scope(html, xpaths) for html in dev_pages)
    assert left_out > len(dev_pages)  # the cheaper variants run


def test_outside_an_extraction_and_with_variables_the_xpath_is_lxmls() -> None:
    tree = load_html('<html><body><div class="comments">a</div><div id="x">b</div></body></html>')
    fast = PageRegexXPath(".//div[re:test(@class, '^comm') or re:test(@id, $want)]")
    assert not fast.variants
    assert [e.text for e in fast(tree, want="x")] == ["a", "b"]
    assert [e.text for e in fast(tree, want="y")] == ["a"]

    @xpath_page.scoped
    def inside() -> list[str]:
        xpath_page.use_page(tree)
        return [e.text for e in PageRegexXPath(".//div[re:test(@class, '^none') or re:test(@id|@class, '^x')]")(tree)]

    assert inside() == ["b"]


def test_first_attribute_of_a_union_and_case() -> None:
    tree = load_html('<html><body><p class="ab" id="x">1</p><p id="ab" class="x">2</p><p class="AB">3</p></body></html>')
    union = ".//p[re:test(@id|@class, '^ab$')]"
    folded = ".//p[re:test(@class, '^ab$', 'i')]"

    @xpath_page.scoped
    def inside(path: str) -> list[str]:
        xpath_page.use_page(tree)
        return [e.text for e in PageRegexXPath(path)(tree)]

    for path in (union, folded):
        assert inside(path) == [e.text for e in etree.XPath(path, namespaces={"re": REGEXP_NS})(tree)]
    assert inside(union) == ["1", "2"] and inside(folded) == ["1", "3"]


def test_trafilatura_writes_no_attribute_the_tests_read() -> None:
    """The left-out tests are false on every tree derived from the page only if nothing adds a
    class, id or style value the page does not have (the module doc's premise)."""
    import justext
    import trafilatura

    writes = re.compile(r"""(?:\.set\(\s*|attrib\[\s*)["'](?:class|id|style)["']""")
    sources = [*Path(trafilatura.__file__).parent.rglob("*.py"), *Path(justext.__file__).parent.rglob("*.py")]
    assert len(sources) > 20
    assert not [p.name for p in sources if writes.search(p.read_text(encoding="utf-8"))]
    tested = {a for x, _ in _page_xpaths() for t in x.tests for a in t.attrs}
    assert tested <= {"class", "id", "style"}


def test_a_predicate_of_left_out_tests_only_selects_nothing() -> None:
    from cleanseeds.extract.xpath_page import always_empty

    assert always_empty(".//*[self::div][((@id) and false()) or\n ((@class) and false())][not(.//h1)]")
    assert always_empty("(.//*[self::div][false() or false()])[1]")
    assert always_empty("//*[a][(@id|@class and false())]")
    assert not always_empty(".//*[self::div][((@id) and false()) or @class='x']")  # a live term
    assert not always_empty(".//*[not(.//h1[false()])]")  # (a nested predicate: the step selects)
    assert not always_empty(".//*[a]|.//*[false()]")  # a union
    assert not always_empty("(.//*[a])[1]|(.//*[false()])[1]")
    assert not always_empty(".//div[false()]")  # (not the shape this reads)
    assert not always_empty(".//*[@title=']['][b]")  # brackets in a string

    tree = load_html('<html><body><div class="elementor-share-buttons x">a</div><div class="other">b</div></body></html>')
    path = ".//*[self::div or self::section][contains(@class, 'elementor-share-buttons')]"

    @xpath_page.scoped
    def inside(html_tree: object, literal: str) -> list[str]:
        xpath_page.use_page(html_tree)
        fast = PageRegexXPath(path.replace("elementor-share-buttons", literal))
        return [e.text for e in fast(html_tree)]

    assert inside(tree, "elementor-share-buttons") == ["a"]  # the value holds it: asked from the values
    assert inside(tree, "nowhere-on-the-page") == []  # no value holds it: nothing walked
    assert PageRegexXPath(path).tests  # contains(@class, ...) is a value test
