"""Section headings trafilatura dropped between two blocks it kept come back in ``auto`` mode
(extract/restore.py): a page of generic ``<div>``s, where trafilatura finds no main container and
its wild-text recovery collects the paragraphs but never the headings."""
from __future__ import annotations

import pytest
from trafilatura.utils import load_html

from cleanseeds.config import Settings
from cleanseeds.extract import html as H
from cleanseeds.extract import pagetype, restore, wild
from cleanseeds.extract.blocks import visible_blocks

PARA = ("<p>Section {n} explains how the valves of an old house are checked every spring, which tools a plumber"
        " brings along and how long the whole visit usually takes for a family home.</p>")
STEPS = ("valves", "drains", "heater")


def _page(extra: str = "") -> str:
    sections = "".join(f"<h2>Step {i}: check the {w}</h2>" + PARA.format(n=i) for i, w in enumerate(STEPS, 2))
    return ("<html><head><title>Plumbing guide</title></head><body><div class='x1'><div class='hdr'><a href='/'>Home</a></div>"
            f"<div class='c9'><h1>How to keep your pipes healthy</h1>{PARA.format(n=1)}{sections}{extra}</div>"
            "<div class='ft'>Copyright 2024 Example Plumbing</div></div></body></html>")


def _lines(text: str) -> list[str]:
    return text.split("\n")


def test_dropped_section_headings_come_back_in_place(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pagetype, "page_type", lambda tree, url: ("article", 0.9))
    monkeypatch.setattr(wild, "WILD_RECALL_TYPES", frozenset())  # the restore alone (test_extract_wild covers both)
    # trafilatura alone (a forced strategy: no restore) keeps the four paragraphs and loses every heading
    plain = H.main_text(_page(), None, Settings(extract_strategy="balanced"))
    assert plain is not None and plain.extraction == "balanced"
    assert len(_lines(plain.text)) == 4 and "Step 2" not in plain.text
    res = H.main_text(_page(), None, Settings())
    assert res is not None and res.extraction == "balanced+headings"
    lines = _lines(res.text)
    assert lines[1::2] == [f"Step {i}: check the {w}" for i, w in enumerate(STEPS, 2)]  # each before its section
    assert lines[0::2] == _lines(plain.text)  # the extracted lines unchanged, in order
    # the h1 follows only a dropped menu link, so no kept block before it: not put back (nor "Home", the footer)
    assert "How to keep" not in res.text and "Home" not in lines and "Copyright" not in res.text
    # the ledger no longer lists the restored headings as dropped
    assert not any(r.text.startswith("Step ") for r in res.dropped)
    assert any(r.text == "How to keep your pipes healthy" for r in res.dropped)


def test_restore_is_for_section_titles_on_kinds_with_one_main_text(monkeypatch: pytest.MonkeyPatch) -> None:
    # on a collection page a heading between kept blocks is as often a card's or a widget's title: left as
    # trafilatura made it
    monkeypatch.setattr(pagetype, "page_type", lambda tree, url: ("collection", 0.9))
    monkeypatch.setattr(H, "CARDS_TYPES", H.CARDS_TYPES - {"collection"})
    res = H.main_text(_page(), None, Settings())
    assert res is not None and res.extraction == "balanced" and "Step 2" not in res.text
    monkeypatch.setattr(pagetype, "page_type", lambda tree, url: ("article", 0.9))
    # a heading that is a link (a related story's title) is not a section title
    linked = _page("<h3><a href='/next'>Read next: drains in winter</a></h3>" + PARA.format(n=5))
    res = H.main_text(linked, None, Settings())
    assert res is not None and "Step 3: check the drains" in res.text and "Read next" not in res.text


def test_block_lines_and_restore_on_blocks() -> None:
    blocks = visible_blocks(load_html("<html><body><p>one two three four five</p><h2>Title</h2><p>six seven eight nine</p>"
                                      "<h2>Lonely</h2><footer><h2>Site map</h2></footer></body></html>"))
    text = "one two three four five\nsix seven eight nine"
    assert restore.block_lines(blocks, text.split("\n")) == [0, None, 1, None, None]
    assert restore.restore_headings(blocks, text) == ("one two three four five\nTitle\nsix seven eight nine", 1)
    # a heading after the last kept block has no kept block after it: not restored
    assert restore.restore_headings(blocks, "one two three four five") == ("one two three four five", 0)
    # the blocks must be in the text in page order: a kept block found only before the previous one does not count
    assert restore.restore_headings(blocks, "six seven eight nine\none two three four five") == (
        "six seven eight nine\none two three four five", 0)


def _listing() -> str:
    cards = "".join(
        f"<div class='k{i}'><h2><a href='/story-{i}'>Story {i}: the {w} of the old town</a></h2>{PARA.format(n=i)}</div>"
        for i, w in enumerate(STEPS, 1)
    )
    return ("<html><head><title>Latest stories</title></head><body><div class='x1'><div class='hdr'><a href='/'>Home</a></div>"
            f"<div class='c9'>{cards}</div><div class='ft'>Copyright 2024 Example News</div></div></body></html>")


def test_a_listings_card_titles_come_back(monkeypatch: pytest.MonkeyPatch) -> None:
    """On a listing the heading over each kept teaser is the card's title, a link: put back
    there (CARD_TITLE_TYPES), not on an article, where a linked heading is a related story."""
    monkeypatch.setattr(wild, "WILD_RECALL_TYPES", frozenset())
    monkeypatch.setattr(pagetype, "page_type", lambda tree, url: ("listing", 0.9))
    res = H.main_text(_listing(), None, Settings())
    assert res is not None
    titles = [f"Story {i}: the {w} of the old town" for i, w in enumerate(STEPS, 1)]
    assert [ln for ln in _lines(res.text) if ln.startswith("Story ")] == titles[1:]  # the first has no kept block before it
    monkeypatch.setattr(pagetype, "page_type", lambda tree, url: ("article", 0.9))
    res = H.main_text(_listing(), None, Settings())
    assert res is not None and "Story 2" not in res.text


def test_a_product_pages_section_titles_come_back(monkeypatch: pytest.MonkeyPatch) -> None:
    """A shop theme's description sections in generic ``<div>``s: the recall recovery (extract/wild.py)
    keeps their paragraphs and, like trafilatura's balanced one, never a heading; on product pages
    the titles go back in place (RESTORE_TYPES)."""
    monkeypatch.setattr(pagetype, "page_type", lambda tree, url: ("product", 0.9))
    res = H.main_text(_page(), None, Settings())
    assert res is not None and res.extraction.endswith("+headings")
    lines = _lines(res.text)
    for i, w in enumerate(STEPS, 2):  # each title right before its section's paragraph
        assert lines[lines.index(f"Step {i}: check the {w}") + 1].startswith(f"Section {i} explains")
    monkeypatch.setattr(restore, "RESTORE_TYPES", restore.RESTORE_TYPES - {"product"})
    res = H.main_text(_page(), None, Settings())
    assert res is not None and "Step 2" not in res.text
