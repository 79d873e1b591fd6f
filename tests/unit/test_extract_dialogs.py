"""A pop-up dialog's text is left out in ``auto`` mode, except on product and service pages (extract/dialogs.py)."""
from __future__ import annotations

import pytest
from trafilatura.utils import load_html

from cleanseeds.config import Settings
from cleanseeds.extract import html as H
from cleanseeds.extract import pagetype
from cleanseeds.extract.dialogs import drop_dialogs, may_have_dialogs

STORY = "".join(f"<p>Paragraph {n} of the story about the mill by the river, which the town restored last year"
                " with the help of its neighbours and a grant.</p>" for n in range(1, 6))
REPUBLISH = ("<div role='dialog' aria-labelledby='r'><h2 id='r'>Want to republish this story?</h2>"
             "<p>We are happy for our stories to be shared, and encourage you to republish them in full with a credit"
             " line and a link back to our home page.</p></div>")
CONSENT = ("<dialog open><p>When you visit any website, it may store or retrieve information on your browser, mostly in"
           " the form of cookies, to make the site work as you expect.</p></dialog>")


def _page() -> str:
    return (f"<html><head><title>The mill</title></head><body><article><h1>The mill</h1>{STORY}{REPUBLISH}"
            f"<p>Last paragraph of the story, after the box, which the reader should see as well.</p></article>{CONSENT}</body></html>")


@pytest.mark.parametrize(("kind", "dropped"), [("article", True), ("forum", True), ("listing", True), ("product", False), ("service", False)])
def test_a_dialogs_text_is_left_out_but_on_product_and_service_pages(monkeypatch: pytest.MonkeyPatch, kind: str, dropped: bool) -> None:
    monkeypatch.setattr(pagetype, "page_type", lambda tree, url: (kind, 0.9))
    plain = H.main_text(_page(), None, Settings(extract_strategy="balanced"))
    assert plain is not None and "happy for our stories to be shared" in plain.text  # trafilatura keeps it
    res = H.main_text(_page(), None, Settings())
    assert res is not None and "Paragraph 3 of the story" in res.text and "Last paragraph of the story" in res.text
    assert ("happy for our stories to be shared" in res.text) is not dropped
    assert ("Want to republish this story?" in res.text) is not dropped


def test_drop_dialogs_keeps_the_tail_and_the_gate_reads_the_source() -> None:
    tree = load_html("<html><body><p>Before <span aria-modal='true'>Sign up now</span> after.</p>"
                     "<div role='alertdialog'>Session expired</div><div role='region'>Kept</div></body></html>")
    assert drop_dialogs(tree) == 2
    assert tree.find(".//p").text == "Before  after." and tree.find(".//div").text == "Kept"
    assert may_have_dialogs("<div role='dialog'>") and may_have_dialogs("<dialog open>") and not may_have_dialogs("<p>story</p>")
