"""The date evidence's aside test gives the same answer with its per-page memo of the ancestors
met (``extract.pubdate_evidence._in_aside``): on every element of dev pages that holds a date."""
from __future__ import annotations

import gzip
import json

from trafilatura.utils import load_html

from cleanseeds.extract import pubdate_evidence
from cleanseeds.extract.pubdate_evidence import _in_aside
from tests.conftest import DEV_DIR


def test_same_answer_with_the_memo_of_the_ancestors() -> None:
    with gzip.open(DEV_DIR / "pages.jsonl.gz", "rt", encoding="utf-8") as fh:
        pages = [json.loads(line)["html"] for line in fh if line.strip()][::6]
    asides = checked = 0
    for html in pages:
        tree = load_html(html)
        assert tree is not None
        seen: dict[object, bool] = {}
        for elem in tree.iter("time", "span", "p", "a"):
            answer = _in_aside(elem)
            assert _in_aside(elem, seen) == answer
            asides += answer
            checked += 1
        assert seen  # the ancestors were remembered
    assert asides > 100 and checked - asides > 100  # both answers are met


def test_an_aside_and_a_layout_wrapper() -> None:
    tree = load_html('<html><body><div class="related"><p><time>1</time></p></div>'
                     '<div class="sidebar-wrap"><h1>Title</h1><p><time>2</time></p></div>'
                     '<article><footer><time>3</time></footer></article><footer><time>4</time></footer></body></html>')
    assert tree is not None
    seen: dict[object, bool] = {}
    found = [(t.text, _in_aside(t, seen)) for t in tree.iter("time")]
    assert found == [("1", True), ("2", False), ("3", False), ("4", True)]
    footers = tree.findall(".//footer")
    assert not pubdate_evidence._is_aside(footers[0]) and pubdate_evidence._is_aside(footers[1])  # (an article's own footer is not)
