"""The product grid of a collection page (extract/grid.py) and the card pass that reads it
(extract/html.py ``_take_cards``): trafilatura's text that is a fragment of a grid of priced tiles
gives way to the whole grid, on pages decided collection only."""
from __future__ import annotations

import pytest
from trafilatura.utils import load_html

from cleanseeds.config import Settings
from cleanseeds.extract import html as H
from cleanseeds.extract import pagetype
from cleanseeds.extract.cards import card_text
from cleanseeds.extract.grid import is_price_run, is_product_grid, priced_share
from tests.extraction_fixtures import extraction_gives


def _tile(i: int, price: str) -> str:
    return (f"<li class='tile'><a href='/p/trail-shoe-{i}'>Ridgeline trail shoe model {i}</a>{price}"
            f"<p>Grippy outsole, {i + 3} mm drop, recycled mesh upper.</p></li>")


def _first_six_tiles(text: str) -> str:
    """The first six of the ten tiles' lines (trafilatura kept a fragment of the grid)."""
    lines = text.split("\n")
    return "\n".join(lines[: 6 * len(lines) // 10])


def _page(price: str = "<span class='price'>$1{i}9.00</span>") -> str:
    tiles = "".join(_tile(i, price.format(i=i)) for i in range(10))
    return (f"<html><head><title>Trail shoes</title></head><body><nav><a href='/'>Home</a></nav><main><h1>Trail shoes</h1>"
            f"<ul class='grid'>{tiles}</ul></main><footer><p>Shop address, 1 Main St</p></footer></body></html>")




@pytest.mark.parametrize(("run", "label"), [
    ("$679.00", True), ("EUR 34.42", True), ("Sale price 45,00 €", True), ("List: EUR 60.24", True), ("1.299,00 kr", True),
    ("From $12", True), ("Espresso Machine Under $500", False), ("Free shipping on orders over $50", False),
    ("Size 10", False), ("4.5 stars (21)", False), ("$", False),
])
def test_a_price_label_is_a_currency_and_a_number_with_at_most_two_words_beside(run: str, label: bool) -> None:
    assert is_price_run(run) is label


def test_the_priced_share_counts_the_cards_that_show_a_price() -> None:
    assert priced_share([["Shoe", "$99.00"], ["Boot", "$", "129.00"], ["Sandal", "Sold out"], ["Buying guide: shoes under $100 for trails"]]) == 0.5
    assert priced_share([]) == 0.0


def test_a_fragment_of_a_product_grid_gives_way_to_the_whole_grid_on_collection_pages(monkeypatch: pytest.MonkeyPatch) -> None:
    page = _page()
    cards = card_text(load_html(page))
    assert priced_share(cards.runs) == 1.0 and is_product_grid(cards) and cards.text.count("Ridgeline trail shoe") == 10
    six = _first_six_tiles(cards.text)
    assert len(six) >= H.CARDS_ABOVE_SHARE * len(cards.text) and H.is_fragment_of(six, cards.text)
    extraction_gives(monkeypatch, six)
    monkeypatch.setattr(pagetype, "page_type", lambda tree, url: ("collection", 0.9))
    res = H.main_text(page, None, Settings())
    assert res is not None and res.extraction == "balanced>cards" and "Ridgeline trail shoe model 9" in res.text
    # not on a listing page (the same code path: the grid check is the collection kind's)
    monkeypatch.setattr(pagetype, "page_type", lambda tree, url: ("listing", 0.9))
    res = H.main_text(page, None, Settings())
    assert res is not None and res.extraction == "balanced" and res.text == six


def test_cards_without_price_labels_are_no_product_grid(monkeypatch: pytest.MonkeyPatch) -> None:
    # the same tiles, the price only inside a sentence: not a grid, the extractor's fragment stays
    page = _page("<span class='note'>Our pick for runs under $1{i}0 this season</span>")
    cards = card_text(load_html(page))
    assert not is_product_grid(cards)
    six = _first_six_tiles(cards.text)
    assert H.is_fragment_of(six, cards.text)
    extraction_gives(monkeypatch, six)
    monkeypatch.setattr(pagetype, "page_type", lambda tree, url: ("collection", 0.9))
    res = H.main_text(page, None, Settings())
    assert res is not None and res.extraction == "balanced" and res.text == six


@pytest.mark.timeout(20)
def test_a_long_number_in_a_card_is_read_in_linear_time() -> None:
    """Hostile input: a card's text run holding a number of 300,000 digits, a word and a price.
    Each digit used to start a new try of the price pattern that scanned to the number's end
    (32,000 digits: 18 s; this run: hours); it is one scan now, and the run is read as before."""
    assert not is_price_run("1" * 300_000 + "x $1 and three more words")
    assert is_price_run("1" * 300_000 + " $")  # a number, then its currency: a price label
