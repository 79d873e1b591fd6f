"""A paragraph hard-wrapped in the page's source comes out as one line in ``auto`` mode
on every kind of page (extract/wraps.py)."""
from __future__ import annotations

import pytest
from trafilatura.utils import load_html

from cleanseeds.config import Settings
from cleanseeds.extract import html as H
from cleanseeds.extract import pagetype
from cleanseeds.extract.wraps import unwrap

# a static-site page: the source wraps its prose at 80 columns, inline code and links in the sentences
WRAPPED = ("<p>Paragraph {n} of the guide: when you call <code>fn main()</code> the runtime starts and\n"
           "    the scheduler runs each task on its own <a href='/t'>worker\n    thread</a> until the queue is empty,\n"
           "which is what the next section shows.</p>")
CODE = "<pre>fn main() {\n    run();\n}</pre>"


def _page() -> str:
    body = "".join(WRAPPED.format(n=n) for n in range(1, 5))
    return (f"<html><head><title>Tasks</title></head><body><nav><a href='/'>Home</a></nav><main><h1>Tasks</h1>{body}"
            f"{CODE}<p>Poem line one<br>poem line two</p></main><footer>Example docs</footer></body></html>")


@pytest.mark.parametrize("kind", ["documentation", "article", "product", "service"])
def test_a_hard_wrapped_paragraph_is_one_line(monkeypatch: pytest.MonkeyPatch, kind: str) -> None:
    monkeypatch.setattr(pagetype, "page_type", lambda tree, url: (kind, 0.9))
    sentence = ("Paragraph 2 of the guide: when you call fn main() the runtime starts and the scheduler runs each task"
                " on its own worker thread until the queue is empty, which is what the next section shows.")
    plain = H.main_text(_page(), None, Settings(extract_strategy="balanced"))  # trafilatura keeps the source's breaks
    assert plain is not None and sentence not in plain.text.split("\n") and "starts and\n    the scheduler" in plain.text
    res = H.main_text(_page(), None, Settings())
    assert res is not None and sentence in res.text.split("\n")
    assert "fn main() {\n    run();\n}" in res.text  # code keeps its lines
    assert "Poem line one\npoem line two" in res.text  # a <br> is a line break the page shows
    assert not any("the scheduler runs" in r.text for r in res.dropped)  # the ledger still finds the paragraph


def test_a_break_next_to_inline_markup_is_a_space() -> None:
    # 'did <em>some</em>⏎editing': the break opens the tail of an inline element; 'the ⏎<a>': it ends the
    # text before one. A browser shows a space in both places; after a <br> or a block it stays.
    tree = load_html("<html><body><p>I did <em>some</em>\nediting by hand, so I\nopted for the\n<a href='/l'>joint licence</a>\n"
                     "with <span>Emil</span>.</p><p>Line one<br>\nline two</p><div><p>Block</p>\ntail</div></body></html>")
    assert unwrap(tree) == 2
    assert tree.find(".//p").xpath("string()") == "I did some editing by hand, so I opted for the joint licence with Emil."
    assert tree.find(".//br").tail == "\nline two" and tree.find(".//div/p").tail == "\ntail"


def test_unwrap_changes_only_the_runs_with_an_inner_break() -> None:
    tree = load_html("<html><body><p>\n  A line\n  and its wrap <b>bold\ntext</b>\n</p><pre>a\n b</pre>"
                     "<p><code>x\ny</code></p><div>a div\nstays</div></body></html>")
    assert unwrap(tree) == 2
    p = tree.find(".//p")
    assert p.text == "\n  A line and its wrap " and p.find("b").text == "bold text" and p.find("b").tail == "\n"
    assert tree.find(".//pre").text == "a\n b" and tree.find(".//code").text == "x\ny" and tree.find(".//div").text == "a div\nstays"
    assert unwrap(tree) == 0
