"""Screen-reader-only text (extract/hidden.py) is left out in ``auto`` mode: a sighted reader never
sees it, and trafilatura reads it as part of the paragraph or as a line of its own."""
from __future__ import annotations

import pytest
from trafilatura.utils import load_html

from cleanseeds.config import Settings
from cleanseeds.extract import hidden, pagetype
from cleanseeds.extract import html as H

PARA = ("<p>Paragraph {n} explains how the valves of an old house are checked every spring, which tools a plumber"
        " brings along and how long the whole visit usually takes for a family home"
        "<a href='/tools'><span class='sr-only'>(opens the tools page)</span></a>.</p>")


def _page() -> str:
    body = "".join(PARA.format(n=i) for i in range(1, 6))
    return ("<html><head><title>Plumbing guide</title></head><body>"
            "<a class='screen-reader-text skip-link' href='#main'>Skip to content</a>"
            f"<article><h1>How to keep your pipes healthy</h1>{body}"
            "<h2 class='u-visually-hidden'>Share this article</h2><p>Call us on weekdays before noon for a same-day visit"
            " to any house in the valley, at the usual rate.</p></article></body></html>")


def test_screen_reader_only_text_is_not_extracted(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pagetype, "page_type", lambda tree, url: ("article", 0.9))
    plain = H.main_text(_page(), None, Settings(extract_strategy="balanced"))  # a forced strategy: the page as is
    assert plain is not None and "(opens the tools page)" in plain.text
    res = H.main_text(_page(), None, Settings())
    assert res is not None
    assert "opens the tools page" not in res.text and "Share this article" not in res.text and "Skip to content" not in res.text
    # the paragraphs themselves are whole, their closing words after the hidden link included
    assert res.text.count("for a family home.") == 5 and "Call us on weekdays" in res.text
    # and the ledger does not count the hidden text as visible text that was dropped
    assert not any("Skip to content" in r.text for r in res.dropped)


def test_only_screen_reader_utility_classes_count() -> None:
    assert hidden.is_visually_hidden("btn sr-only") and hidden.is_visually_hidden("eds-is-hidden-accessible")
    assert hidden.is_visually_hidden("wp-block-x screen-reader-text") and hidden.is_visually_hidden("Visually-Hidden")
    # a class that merely mentions the words is no evidence
    assert not hidden.is_visually_hidden("sr-only-focusable") and not hidden.is_visually_hidden("screen-reader-friendly")
    assert not hidden.is_visually_hidden("hidden-xs") and not hidden.is_visually_hidden("visually-hidden-focusable-wrapper")


def test_the_tail_after_a_hidden_element_stays() -> None:
    tree = load_html("<html><body><p>Before <span class='sr-only'>gone</span>after, <b>bold</b>"
                     "<i class='visually-hidden'>also gone</i> end.</p></body></html>")
    assert hidden.drop_visually_hidden(tree) == 2
    assert " ".join("".join(tree.find(".//p").itertext()).split()) == "Before after, bold end."


def test_a_shop_keeps_its_screen_reader_text(monkeypatch: pytest.MonkeyPatch) -> None:
    # on a collection page a tile's product name is often only in its screen-reader text, and kept
    monkeypatch.setattr(pagetype, "page_type", lambda tree, url: ("collection", 0.9))
    res = H.main_text(_page(), None, Settings())
    assert res is not None and "(opens the tools page)" in res.text


def test_only_an_element_hidden_on_every_screen_counts_as_display_none() -> None:
    assert hidden.is_display_none("d-none") and hidden.is_display_none("comment-user d-none")
    assert hidden.is_display_none("d-none d-print-block")  # (shown on paper only)
    # a breakpoint's display class shows it on a wider screen: a desktop reader sees it
    assert not hidden.is_display_none("d-none d-md-block") and not hidden.is_display_none("d-none d-lg-inline-flex")
    assert not hidden.is_display_none("d-md-none") and not hidden.is_display_none("d-none-mobile")


def test_text_hidden_on_every_screen_is_left_out_on_every_kind_but_a_tab_panel_stays(monkeypatch: pytest.MonkeyPatch) -> None:
    tiles = "".join(
        f"<div class='tile'><h3>Carry-on suitcase model {i}</h3><p>A hard-shell case with four spinner wheels, a"
        f" telescopic handle and a lock, in three colours, weighing {i + 2} kilograms.</p>"
        f"<p class='badge d-none'>Coming soon: Notify me by email when this case is back in stock in my size.</p>"
        f"<p class='price d-none d-md-block'>Now $1{i}9 in the spring sale, down from the usual price of $189.</p></div>"
        for i in range(6))
    page = ("<html><head><title>Suitcases</title></head><body><main><h1>Suitcases</h1>" + tiles +
            "<div class='tab-pane d-none'><p>Every case comes with a ten-year warranty that covers the shell, the wheels"
            " and the handle against defects in materials.</p></div></main></body></html>")
    monkeypatch.setattr(pagetype, "page_type", lambda tree, url: ("collection", 0.9))
    plain = H.main_text(page, None, Settings(extract_strategy="balanced"))  # a forced strategy: the page as is
    assert plain is not None and "Notify me" in plain.text
    res = H.main_text(page, None, Settings())
    assert res is not None and "Notify me" not in res.text and "Coming soon" not in res.text
    assert "Now $109" in res.text and "ten-year warranty" in res.text and "four spinner wheels" in res.text
    assert not any("Notify me" in r.text for r in res.dropped)  # not visible, so not a dropped visible block
