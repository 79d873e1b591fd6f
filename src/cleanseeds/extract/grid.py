"""The product grid of a shop category: cards that each show a price.

``priced_share(runs) -> float``: the truth of a collection page (a shop's category) is its title
and blurb plus the grid of product tiles — a name, a price, sometimes a short line. A tile shows
its price as a text run of its own (``$679.00``, ``EUR 34.42``, ``Sale price 45,00 €``), a few
words at most; a card of another kind (a buying guide's section, a filter panel, a promotion)
may name a price inside a sentence ("Espresso machines under $500 ...") but does not print one
alone. :func:`priced_share` is the share of the cards (each given as its text runs) holding such a
run.

:func:`is_product_grid` reads the winning group's cards (``Cards.runs``, ``extract/cards.py``): at
least :data:`GRID_PRICED_SHARE` of them show a price. It runs only where it decides (a page decided
collection whose extracted text is at least half as long as its cards): one regex search over
the cards' text runs.
The card pass (``extract/html.py``) uses it on pages decided collection
(:data:`cleanseeds.extract.html.CARDS_GRID_FRAGMENT_TYPES`): when trafilatura's text is a fragment
of a product grid (most of its words are card words and it holds well under all of them), it kept
some of the tiles and left the others out, and the grid's text is taken.
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import Any

#: a text run is a price label when, its prices aside, it holds at most this many words with a letter
#: ("Sale price $45.00", "List: EUR 60.24", "From $12"; not "Espresso Machine Under $500")
PRICE_RUN_WORDS = 2
#: ... and it holds a currency (sign or ISO code) next to a number, either side
PRICE = re.compile(
    r"(?:[$€£¥₹]|\b(?:USD|EUR|GBP|CHF|CAD|AUD|SEK|NOK|DKK|PLN|CZK|kr|zł|Rs\.?))\s{0,3}\d"
    r"|\d(?:[.,]\d{1,2})?\s{0,3}(?:[$€£¥₹]|\b(?:USD|EUR|GBP|CHF|CAD|AUD|SEK|NOK|DKK|PLN|CZK|kr|zł|Kč|Ft)\b)")
#: a price, whole, to take out of a run before its words are counted. A number before its currency
#: is matched from its first character only and without giving characters back (``(?<!...)``,
#: ``++``): otherwise every digit of a long number with no currency after it started a new try
#: that scanned to the number's end (a run of 32,000 digits took 18 s)
_PRICE_WHOLE = re.compile(
    r"(?:[$€£¥₹]|\b(?:USD|EUR|GBP|CHF|CAD|AUD|SEK|NOK|DKK|PLN|CZK|kr|zł|Rs\.?))\s{0,3}[\d.,]+"
    r"|(?<![\d.,])[\d.,]++\s{0,3}(?:[$€£¥₹]|\b(?:USD|EUR|GBP|CHF|CAD|AUD|SEK|NOK|DKK|PLN|CZK|kr|zł|Kč|Ft)\b)")
#: at least this share of the cards show a price of their own: the cards are a product grid
GRID_PRICED_SHARE = 0.6


def is_price_run(run: str) -> bool:
    """Whether the text run ``run`` is a price label: a currency next to a number, and besides its
    prices at most :data:`PRICE_RUN_WORDS` words with a letter."""
    if PRICE.search(run) is None:
        return False
    rest = _PRICE_WHOLE.sub(" ", run).split()
    return sum(any(c.isalpha() for c in word) for word in rest) <= PRICE_RUN_WORDS


def priced_share(cards: Sequence[Iterable[str]]) -> float:
    """The share of ``cards`` (each its text runs) that hold a price label (:func:`is_price_run`)."""
    if not cards:
        return 0.0
    return sum(_shows_price(list(runs)) for runs in cards) / len(cards)


def _shows_price(runs: list[str]) -> bool:
    """Whether one of ``runs``, or a currency sign alone with the run after it (``<span>$</span>
    <span>30.00</span>``), is a price label."""
    for i, run in enumerate(runs):
        if is_price_run(run) or (i + 1 < len(runs) and len(run) == 1 and is_price_run(f"{run} {runs[i + 1]}")):
            return True
    return False


def is_product_grid(cards: Any) -> bool:
    """Whether ``cards`` (a ``Cards``) are a product grid: :data:`GRID_PRICED_SHARE` of them show a price."""
    return priced_share(cards.runs) >= GRID_PRICED_SHARE
