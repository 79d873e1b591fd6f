"""Listing pages (extract/listing.py): ``og:type = article`` declares one story only with a
publication date; a section front whose template says "article" keeps its cards."""
from __future__ import annotations

import pytest
from trafilatura.utils import load_html

from cleanseeds.config import Settings
from cleanseeds.extract import html as H
from cleanseeds.extract import listing
from cleanseeds.extract.cards import card_text
from tests.extraction_fixtures import extraction_gives

OG = "<meta property='og:type' content='article'>"
STORIES = "".join(
    f"<article class='item'><h2><a href='/2026/03/0{i % 9 + 1}/story-{i}'>Researchers find a new way to read sleep data, part {i}</a></h2>"
    f"<p class='teaser'>March {i + 1}, 2026. A two-decade study of {i + 100} high schoolers suggests that bad sleep habits cut across groups.</p></article>"
    for i in range(8)
)
DATED = "<meta property='article:published_time' content='2026-03-06T10:00:00Z'>"
#: what the extractor kept of the front: its lead and one teaser
ONE = ("The latest health and science news: updates on medicine, healthy living and nutrition, from our newsroom.\n"
       "A two-decade study of 100 high schoolers suggests that bad sleep habits cut across groups.")
LEAD = ("<p>The latest health and science news: updates on medicine, healthy living and nutrition, from our newsroom.</p>")


def _front(head: str) -> str:
    """A section front: a lead paragraph, then eight teasers (the truth: all of them)."""
    return (f"<html><head><title>Science</title>{head}</head><body><nav><a href='/'>Home</a> <a href='/news'>News</a></nav>"
            f"<main><h1>Science</h1>{LEAD}<div class='list-overflow'>{STORIES}</div></main>"
            "<footer><p>Terms of use and privacy policy</p></footer></body></html>")


@pytest.mark.parametrize(("head", "dated"), [
    ("", False),
    (OG, False),
    (OG + "<meta property='article:published_time' content='2026-03-06T10:00:00Z'>", True),
    (OG + "<meta name='parsely-pub-date' content='2026-03-06T10:00:00Z'>", True),
    (OG + "<meta property='article:published_time' content=''>", False),  # an empty value states nothing
])
def test_a_page_is_dated_by_its_heads_publication_meta(head: str, dated: bool) -> None:
    assert listing.dated_article(load_html(_front(head))) is dated


def test_one_microdata_publication_date_dates_the_page_one_per_card_does_not() -> None:
    story = "<html><head></head><body><article itemscope itemtype='https://schema.org/NewsArticle'>" \
            "<meta itemprop='datePublished' content='2019-11-20T10:43Z'><p>Text of the story.</p></article></body></html>"
    assert listing.dated_article(load_html(story))
    cards = STORIES.replace("<p class='teaser'>", "<p class='teaser'><time itemprop='datePublished'>2026-03-06</time> ")
    assert not listing.dated_article(load_html(_front(OG).replace(STORIES, cards)))


def test_og_article_without_a_date_does_not_keep_a_listings_feed_from_its_cards() -> None:
    """The extractor kept the lead and one teaser; the cards are the eight. On a listing page an
    undated ``og:type = article`` is the site's default, not a story: the cards are taken (with the
    lead); a dated one is a story, whose text stays; on the other kinds it stays a declaration."""
    undated = load_html(_front(OG))
    cards = card_text(undated)
    assert H._take_cards(ONE, cards, undated, "listing")
    assert not H._take_cards(ONE, cards, undated, "service")
    dated = load_html(_front(OG + DATED))
    assert not H._take_cards(ONE, card_text(dated), dated, "listing")


def test_a_section_front_declared_article_keeps_every_teaser_through_main_text(monkeypatch: pytest.MonkeyPatch) -> None:
    """End to end on a page decided listing, the extractor keeping the lead and one teaser: all
    eight teasers come out (``balanced>cards``), not only the extractor's one; dated, the cards are not taken."""
    from cleanseeds.extract import pagetype

    extraction_gives(monkeypatch, ONE)
    monkeypatch.setattr(H, "RECALL_FALLBACK_TYPES", frozenset())  # (its own extraction would find the teasers)
    monkeypatch.setattr(pagetype, "page_type", lambda tree, url: ("listing", 0.9))
    res = H.main_text(_front(OG), "https://news.example.org/sections/science/", Settings())
    assert res is not None and res.extraction == "balanced>cards"
    assert all(f"part {i}" in res.text for i in range(8))
    res = H.main_text(_front(OG + DATED), "https://news.example.org/sections/science/", Settings())
    assert res is not None and ">cards" not in res.extraction  # (the story page: its own passes decide)


#: what the extractor kept of a recipe collection: the site's menus, longer than the cards
MENU = "\n".join(["Close search", "My Saves", "Recipes", "Recipes by Course", "Recipes by Cuisine", "How-Tos", "Techniques",
                  "Grilling Guides", "Baking Guides", "World Cuisines", "African Cuisines", "Asian Cuisines"] * 4
                 + ["Our collection of tomato sauce recipes has something for every type of dish, whether you want a big plate of pasta or a vegetable tian."])


def test_a_menu_is_no_reason_to_keep_the_extractors_text_on_a_listing() -> None:
    """The extractor's text is longer than half the cards, but most of it is one- to three-word lines
    (menus): on a listing or collection page the cards are taken, with the text's intro; on other
    kinds the length still decides, and a text of teasers as long keeps its place."""
    tree = load_html(_front(""))
    cards = card_text(tree)
    assert len(MENU) >= H.CARDS_ABOVE_SHARE * len(cards.text) and listing.is_menu_text(MENU)
    assert H._take_cards(MENU, cards, tree, "listing")
    assert H._take_cards(MENU, cards, tree, "collection")
    assert not H._take_cards(MENU, cards, tree, "service")
    teasers = "\n".join(f"A two-decade study of {i} high schoolers suggests that habits cut across groups." for i in range(12))
    assert len(teasers) >= H.CARDS_ABOVE_SHARE * len(cards.text) and not listing.is_menu_text(teasers)
    assert not H._take_cards(teasers, cards, tree, "listing")
    assert H.with_intro(MENU, cards.text).startswith("Our collection of tomato sauce recipes")


def test_a_page_named_a_collection_by_its_json_ld_is_no_story_even_dated() -> None:
    """Yoast writes ``og:type = article`` and a publication time on a shop's category archive too, but
    names the page a ``CollectionPage`` in its JSON-LD: on a listing page the cards are taken; a JSON-LD
    article type still keeps the extractor's text."""
    head = OG + DATED + "<script type='application/ld+json'>{\"@graph\": [{\"@type\": \"CollectionPage\"}]}</script>"
    tree = load_html(_front(head))
    assert listing.dated_article(tree) and listing.declares_collection(tree)
    assert H._take_cards(ONE, card_text(tree), tree, "listing")
    article = load_html(_front(head.replace("CollectionPage", "NewsArticle")))
    assert not listing.declares_collection(article) and not H._take_cards(ONE, card_text(article), article, "listing")


def test_a_card_the_extractor_glued_into_one_line_is_no_intro() -> None:
    """The extractor's text can hold a card as one line, its runs glued ("Trail PeakCamp Stove$99.95Fuel
    Type: ...", its rating left out): its words are the cards' words, so it does not go before the cards as the page's intro;
    the category's own blurb does."""
    cards = "\n".join(["Trail Peak", "Camp Stove for Two", "$99.95", "(7)", "Rated 4.1 by 7 campers",
                       "Fuel Type:", "Canister", "Weight:", "3 lbs.", "Dimensions:", "12.2 x 9.5 x 3.3 in."] * 3)
    glued = "Trail PeakCamp Stove for Two$99.95Fuel Type:  Canister Weight:  3 lbs. Dimensions:  12.2 x 9.5 x 3.3 in."
    blurb = "Cook a hot breakfast at the trailhead with a compact stove that packs down into the smallest pocket of your bag."
    out = H.with_intro(f"{glued}\n{blurb}\n{blurb}", cards)
    assert out.split("\n")[0] == blurb and glued not in out
    assert out.endswith(cards)
