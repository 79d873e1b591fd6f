"""The intro beside a collection's or listing's title put back (extract/intro.py): real HTML
written here, the real extractor."""
from __future__ import annotations

import pytest
from trafilatura.utils import load_html

from cleanseeds.config import Settings
from cleanseeds.extract import html as H
from cleanseeds.extract import intro, pagetype
from cleanseeds.records import extraction_parts

BLURB = "Planning a long day on the water? Pick a paddle that matches your boat and the way you like to paddle."
MORE = ("Our kayak paddles come in several lengths and blade shapes, from light touring blades for calm lakes to"
        " strong whitewater blades for rocky rivers, so every paddler finds a good match here.")


def _category() -> str:
    """A shop category: the title and its blurb in a header box beside the ``<main>`` trafilatura takes."""
    tiles = "".join(f"<li class='tile'><a href='/p{i}'>Lake paddle model {i}</a><span>${30 + i}.00</span></li>" for i in range(6))
    return ("<html><head><title>Kayak paddles</title></head><body><header><a href='/'>Paddle Shop</a></header>"
            "<div class='container'><div class='category-inner'>"
            f"<section class='category-header'><h1>Kayak Paddles</h1><div class='category-header-text'><p>{BLURB}</p><p>{MORE}</p></div></section>"
            "<main class='category-content'>"
            "<p>Not sure which length you need? Measure the width of your boat and your own height, then compare them with"
            " the chart on every paddle's page; our staff answer questions by phone every day of the week.</p>"
            "<p>Every paddle ships free on orders over one hundred dollars, and you can send it back within sixty days"
            " if it does not feel right on the water, with no questions asked and no fee for the return.</p>"
            f"<ul class='grid'>{tiles}</ul></main></div></div>"
            "<footer><p>Copyright 2025 Paddle Shop</p></footer></body></html>")


def test_intro_lines_are_the_prose_of_the_titles_box() -> None:
    found = intro.intro_lines(load_html(_category()))
    assert found is not None and found.lines == (BLURB, MORE) and found.box.startswith("Kayak Paddles Planning a long day")


def test_no_intro_without_one_title_outside_the_chrome() -> None:
    two = f"<html><body><div><h1>Paddles</h1><p>{BLURB}</p></div><div><h1>Boats</h1></div></body></html>"
    assert intro.intro_lines(load_html(two)) is None  # two titles: none is the page's one
    chrome = f"<html><body><header><div><h1>Paddle Shop</h1><p>{BLURB}</p></div></header><main><p>x</p></main></body></html>"
    assert intro.intro_lines(load_html(chrome)) is None  # the logo's title in the page header


def test_labels_hidden_text_and_wide_boxes_are_no_intro() -> None:
    page = ("<html><body><div class='top'><h1>Paddles</h1><p>Sort by price</p><p>Free shipping on orders over fifty dollars today only</p>"
            f"<p style='display:none'>{BLURB}</p><div><button>Show all of our new paddles for this season now.</button></div>"
            "<video src='a.mp4'><p>Your browser does not support the video tag of this page.</p></video></div>"
            "</body></html>")
    assert intro.intro_lines(load_html(page)) is None  # a label, a line with no sentence end, hidden text, a button, a video's fallback
    wide = " ".join(["word"] * intro.INTRO_BOX_MAX_WORDS)
    page = f"<html><body><div class='page'><div class='box'><h1>Paddles</h1></div><p>{BLURB}</p><p>{wide}</p></div></body></html>"
    assert intro.intro_lines(load_html(page)) is None  # the blurb is in the page's wrapper, not in the title's box


def test_put_back_adds_the_missing_lines_before_the_text() -> None:
    found = intro.Intro((BLURB, MORE), f"Kayak Paddles {BLURB} {MORE}")
    tiles = [f"Lake paddle model {n}, light and stiff carbon shaft, for long days on calm water, $4{n}.00" for n in "123"]
    text = "\n".join([*tiles, MORE.upper()])  # (the box holds a third of these words: the grid is beside it)
    assert intro.put_back(found, text) == (f"{BLURB}\n{text}", 1)
    assert intro.put_back(found, BLURB) == (BLURB, 0)
    assert intro.for_kind(None, "text", "balanced") == ("text", "balanced")
    assert intro.for_kind(found, text, "balanced>cards") == (f"{BLURB}\n{text}", "balanced>cards+intro")


def test_a_title_box_that_is_the_texts_own_region_adds_nothing() -> None:
    """A small page whose ``<main>`` holds the title and everything else: the lines trafilatura left out
    of its own region (a pitch, a promotion) are no intro."""
    pitch = "Sign up for our letter and get ten percent off your first paddle order today."
    found = intro.Intro((BLURB, pitch), f"Kayak Paddles {BLURB} {pitch}")
    assert intro.is_the_text(found.box, BLURB) and intro.put_back(found, BLURB) == (BLURB, 0)
    assert not intro.is_the_text(found.box, "Lake paddle model one, light and stiff, for long days on calm water")


@pytest.mark.parametrize("kind", ["collection", "listing"])
def test_a_category_page_keeps_its_intro(monkeypatch: pytest.MonkeyPatch, kind: str) -> None:
    html = _category()
    monkeypatch.setattr(pagetype, "page_type", lambda tree, url: (kind, 0.9))
    res = H.main_text(html, None, Settings(entities=False))
    assert res is not None and "Pick a paddle" in res.text and "blade shapes" in res.text and "sixty days" in res.text
    assert extraction_parts(res.extraction)[2][-1:] == ("intro",)
    monkeypatch.setattr(intro, "INTRO_TYPES", frozenset())  # the change off: trafilatura's content box alone
    res = H.main_text(html, None, Settings(entities=False))
    assert res is not None and "sixty days" in res.text and "Pick a paddle" not in res.text
