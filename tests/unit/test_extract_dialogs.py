"""A pop-up dialog's text is left out in ``auto`` mode; on product and service pages only the dialogs named consent,
privacy or newsletter boxes (extract/dialogs.py)."""
from __future__ import annotations

import pytest
from trafilatura.utils import load_html

from cleanseeds.config import Settings
from cleanseeds.extract import html as H
from cleanseeds.extract import pagetype
from cleanseeds.extract.dialogs import dialog_name, drop_dialogs, drop_for_kind, is_named_chrome, may_have_dialogs

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


SIZE_GUIDE = ("<div role='dialog' aria-label='size guide modal'><h3>Size guide</h3><p>The queen sheet fits mattresses up to"
              " sixteen inches deep, with elastic all around the fitted corners and a label on the short side.</p></div>")
PRIVACY = ("<div class='panel' role='dialog' aria-labelledby='ps'><h2 id='ps'>Your Privacy Settings</h2>"
           "<p>We use cookies and similar technologies to give you a better experience, enabling things like basic site"
           " functions, secure transactions and remembering your regional preferences.</p></div>")
SIGN_UP = ("<div class='box' role='dialog' aria-label='Newsletter sign-up' aria-modal='true'><p>Hello! Join the list and a member"
           " of our friendly team will write to you about new colours and seasonal offers once a month.</p></div>")


def _shop_page() -> str:
    return (f"<html><head><title>Linen sheet</title></head><body><main><h1>Linen sheet</h1>{STORY}{SIZE_GUIDE}{PRIVACY}"
            f"<p>Washed for softness and cut from European flax, the sheet gets better with every wash.</p>{SIGN_UP}</main></body></html>")


@pytest.mark.parametrize("kind", ["product", "service"])
def test_a_dialog_named_consent_or_newsletter_goes_on_product_pages_too_the_size_guide_stays(monkeypatch: pytest.MonkeyPatch, kind: str) -> None:
    monkeypatch.setattr(pagetype, "page_type", lambda tree, url: (kind, 0.9))
    plain = H.main_text(_shop_page(), None, Settings(extract_strategy="balanced"))
    assert plain is not None and "remembering your regional preferences" in plain.text and "Join the list" in plain.text
    res = H.main_text(_shop_page(), None, Settings())
    assert res is not None and "Paragraph 3 of the story" in res.text and "better with every wash" in res.text
    assert "fits mattresses up to sixteen inches" in res.text  # a product detail in a dialog stays
    assert "remembering your regional preferences" not in res.text and "Your Privacy Settings" not in res.text
    assert "Join the list" not in res.text


def test_a_dialogs_name_is_its_id_class_label_and_title() -> None:
    tree = load_html(f"<html><body>{PRIVACY}{SIZE_GUIDE}<div role='dialog' aria-labelledby='t'><p id='t'>Join our newsletter"
                     "</p></div><div role='dialog' class='modal-design'><p>Designed in California</p></div></body></html>")
    dialogs = tree.xpath("//*[@role='dialog']")
    assert [is_named_chrome(d) for d in dialogs] == [True, False, True, False]
    assert "privacy settings" in dialog_name(dialogs[0]) and drop_for_kind(tree, "product", auto=True) == 2
    assert "sixteen inches" in tree.findtext(".//p") and len(tree.xpath("//*[@role='dialog']")) == 2


def test_a_tooltip_goes_on_every_kind() -> None:
    page = ("<html><body><p>Sold by <span>Star Seller<div role='tooltip'>Star Sellers have an outstanding track record"
            "</div></span> in Kyiv.</p><div role='dialog' aria-label='size guide'><p>Queen: 160 x 200 cm</p></div></body></html>")
    for kind in ("product", "service", "article", "listing"):
        tree = load_html(page)
        assert drop_for_kind(tree, kind, auto=True, maybe=may_have_dialogs(page)) == (1 if kind in ("product", "service") else 2)
        text = " ".join(tree.itertext())
        assert "outstanding track record" not in text and "Star Seller" in text and "in Kyiv" in text
        assert ("160 x 200 cm" in text) is (kind in ("product", "service"))
    assert may_have_dialogs("<span role='tooltip'>x</span>") and drop_for_kind(load_html(page), "article", auto=False) == 0
