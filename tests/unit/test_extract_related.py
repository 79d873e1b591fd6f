"""The closing related box (extract/related.py): a short title over a list of links to other
pages, at the very end of an article's text, is left out; every other ending stays."""
from __future__ import annotations

from typing import Any

import pytest
from trafilatura.settings import Document
from trafilatura.utils import load_html

from cleanseeds.config import Settings
from cleanseeds.extract import html as H
from cleanseeds.extract import pagetype, related
from cleanseeds.extract.blocks import visible_blocks

STORY = "".join(f"<p>Paragraph {i} of the story explains how a web designer without a degree found her first clients and what "
                f"she charged them in the first year of freelancing.</p>" for i in range(8))
GUIDES = ["How Lucy made $100K in her first year as a web designer", "How Alyssia booked $22K in projects in four months",
          "How Ayesha used Instagram to hit her first $10K month"]


def _page(title: str = "You’ll Also Love...", items: list[str] = GUIDES, links: bool = True) -> str:
    lis = "".join(f"<li><a href='/blog/{n}'>{t}</a></li>" if links else f"<li>{t}</li>" for n, t in enumerate(items))
    return (f"<html><head><title>Become a web designer</title></head><body><div class='content'><h1>Become a web designer</h1>"
            f"{STORY}<h3>{title}</h3><ul>{lis}</ul></div><footer><p>Copyright the site</p></footer></body></html>")


def _cut(page: str) -> tuple[str, int]:
    blocks = visible_blocks(load_html(page))
    text = "\n".join([f"Paragraph {i} of the story explains how a web designer without a degree found her first clients and what "
                      f"she charged them in the first year of freelancing." for i in range(8)])
    title = next(b.text for b in blocks if b.heading and b.text != "Become a web designer")
    items = "\n".join(f"- {b.text}" for b in blocks if b.text in GUIDES)
    return related.cut_related(blocks, f"{text}\n{title}\n{items}")


def test_a_closing_title_over_three_links_is_left_out() -> None:
    text, removed = _cut(_page())
    assert removed == 4 and text.endswith("first year of freelancing.") and "Lucy" not in text and "Also Love" not in text


@pytest.mark.parametrize("page", [
    _page(items=GUIDES[:2]),  # two links: not enough to be a box
    _page(links=False),  # the items are the story's own list, not links
    _page(title="These three stories are worth reading next."),  # a sentence, not a title
    _page(title="Here are three more stories from our web design series for you to read"),  # too long for a title
])
def test_other_endings_stay(page: str) -> None:
    assert _cut(page)[1] == 0


def test_a_box_of_half_the_text_or_more_stays() -> None:
    blocks = visible_blocks(load_html(_page()))
    text = "One short paragraph.\nYou’ll Also Love...\n" + "\n".join(f"- {t}" for t in GUIDES)
    assert related.cut_related(blocks, text) == (text, 0)


def test_end_to_end_on_article_pages_only(monkeypatch: pytest.MonkeyPatch) -> None:
    page = _page()
    story = "\n".join(["Become a web designer"] + [f"Paragraph {i} of the story explains how a web designer without a degree found "
                                                   f"her first clients and what she charged them in the first year of freelancing." for i in range(8)])
    real = H.bare_extraction

    def with_the_box(tree: Any, url: Any, options: Any, last_use: bool) -> Any:
        real(tree, url, options, last_use)
        doc = Document()
        doc.text = story + "\nYou’ll Also Love...\n" + "\n".join(f"- {t}" for t in GUIDES)  # what trafilatura keeps on some real pages
        return doc

    monkeypatch.setattr(H, "bare_extraction", with_the_box)
    monkeypatch.setattr(pagetype, "page_type", lambda tree, url: ("article", 0.9))
    res = H.main_text(page, None, Settings())
    assert res is not None and res.extraction == "balanced+related" and res.text == story
    assert any(r.text == GUIDES[0] for r in res.dropped)  # the ledger holds the links that went
    monkeypatch.setattr(pagetype, "page_type", lambda tree, url: ("listing", 0.9))
    listing = H.main_text(page, None, Settings())
    assert listing is not None and GUIDES[0] in listing.text  # a listing's links are its content
