"""Per-kind preparation of the page before extraction in ``extract_strategy = "auto"``: customers'
review items left out of product pages (extract/reviews.py), hidden tab panels of documentation
pages shown (extract/tabs.py)."""
from __future__ import annotations

import pytest
from trafilatura.utils import load_html

from cleanseeds.config import Settings
from cleanseeds.extract import html as H
from cleanseeds.extract import pagetype, reviews, tabs
from cleanseeds.records import extraction_parts

DESCRIPTION = ("<h1>Trail 25 daypack</h1><p>Keep your day's gear within easy reach: the pack fits a wide range of body types"
               " and has pockets galore for quick access to every essential you carry on the trail.</p>"
               "<ul><li>Ripstop nylon main body with a water-repellent finish</li><li>Removable hipbelt with web tensioner</li></ul>")
REVIEWS = "".join(
    f"<div class='review-item'><h4>Great pack number {i}</h4><p class='review-meta'>Written by Hiker {i} on May {i + 1}, 2024</p>"
    f"<p>I took this pack on {i + 3} long day hikes in the rain and everything inside stayed dry and comfortable all day long.</p></div>"
    for i in range(4)
)


def _product(reviews_html: str) -> str:
    return (f"<html><head><title>Trail 25 daypack</title></head><body><main>{DESCRIPTION}"
            f"<section id='reviews'><h2>Reviews</h2><div class='review-summary'>4.6 out of 5 stars</div>"
            f"<button class='write-review'>Write a review</button><div class='review-list'>{reviews_html}</div></section>"
            "</main></body></html>")


def test_review_items_are_repeated_review_elements_only() -> None:
    tree = load_html(_product(REVIEWS))
    items = reviews.review_items(tree)
    assert [el.get("class") for el in items] == ["review-item"] * 4  # not the section, the summary, the button, the meta lines
    single = load_html(_product(REVIEWS.split("</div>")[0] + "</div>"))
    assert reviews.review_items(single) == []  # one review element is no evidence of a list of them
    micro = load_html("<html><body><ul>" + "<li itemprop='review'><p>Fine.</p></li>" * 3 + "</ul></body></html>")
    assert len(reviews.review_items(micro)) == 3
    camel = load_html("<html><body>" + "<div class='userReviews'><p>Fine.</p></div>" * 2 + "</body></html>")
    assert len(reviews.review_items(camel)) == 2
    tail = load_html("<html><body><div><div class='review'>a</div><div class='review'>b</div>kept tail</div></body></html>")
    assert reviews.drop_review_items(tail) == 2 and "kept tail" in tail.text_content() and "a" not in tail.text_content().split()


def test_product_pages_leave_the_review_items_out(monkeypatch: pytest.MonkeyPatch) -> None:
    page = _product(REVIEWS)
    monkeypatch.setattr(pagetype, "page_type", lambda tree, url: ("product", 0.9))
    res = H.main_text(page, None, Settings())
    assert res is not None and res.extraction == "balanced"
    assert "pockets galore" in res.text and "Removable hipbelt" in res.text
    assert "long day hikes" not in res.text
    # the ledger names them: every review's text is a dropped block, as comments from the reviews region
    dropped = [r for r in res.dropped if "long day hikes" in r.text]
    assert len(dropped) == 4 and {(r.reason, r.rule) for r in dropped} == {("comments", "extract.balanced/reviews")}
    # on another kind (a review site's article) the reviews are the content and stay
    monkeypatch.setattr(pagetype, "page_type", lambda tree, url: ("article", 0.9))
    res = H.main_text(page, None, Settings())
    assert res is not None and "long day hikes" in res.text
    # a forced strategy does not prepare the page either
    monkeypatch.setattr(pagetype, "page_type", lambda tree, url: ("product", 0.9))
    res = H.main_text(page, None, Settings(extract_strategy="balanced"))
    assert res is not None and "long day hikes" in res.text


STEP = ("<p>Install the command-line tools for your system, then check the version they report before you go on to the"
        " next step of this guide.</p>")
PANELS = ("<div class='tabs'><ul role='tablist'><li role='tab'>Windows</li><li role='tab'>macOS</li><li role='tab'>Linux</li></ul>"
          "<section role='tabpanel' id='win'><p>Download and run the installer package for your version of Windows.</p></section>"
          "<section role='tabpanel' id='mac' hidden='hidden' aria-hidden='true'><p>Install Homebrew first, then run:</p>"
          "<pre><code>brew tap example/tools\nbrew install example-tools</code></pre></section>"
          "<section role='tabpanel' id='linux' style='display: none;'><p>Add the package repository key to apt, then run:</p>"
          "<pre><code>sudo apt-get install example-tools</code></pre></section></div>")
HIDDEN_MENU = "<div hidden aria-hidden='true'><p>Sign in to save your place in the documentation.</p></div>"


def _docs() -> str:
    return (f"<html><head><title>Install the tools</title></head><body><main><h1>Install the tools</h1>{STEP}{PANELS}"
            f"{HIDDEN_MENU}{STEP.replace('next step', 'last step')}</main></body></html>")


def test_show_tab_panels_unhides_tab_panels_only() -> None:
    tree = load_html(_docs())
    assert tabs.show_tab_panels(tree) == 2
    panels = tree.xpath("//*[@role='tabpanel']")
    assert all(p.get("hidden") is None and p.get("aria-hidden") is None and "none" not in (p.get("style") or "") for p in panels)
    assert tree.xpath("//div[@hidden]")  # a hidden element that is no tab panel stays hidden


def test_documentation_pages_keep_every_tab(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pagetype, "page_type", lambda tree, url: ("documentation", 0.9))
    res = H.main_text(_docs(), None, Settings())
    assert res is not None
    assert "installer package" in res.text and "brew install example-tools" in res.text and "apt-get install" in res.text
    assert "Sign in to save" not in res.text
    # the ledger read the same page: the shown panels are visible blocks, so nothing of them is reported dropped
    assert not any("Homebrew" in r.text for r in res.dropped)
    monkeypatch.setattr(pagetype, "page_type", lambda tree, url: ("product", 0.9))
    res = H.main_text(_docs(), None, Settings())
    assert res is not None and "installer package" in res.text and "brew install" not in res.text


def test_a_lone_reviews_own_words_go_by_their_class() -> None:
    # a shop's one-review preview under the description: no sibling repeats it, its text box says what it is
    lone = ("<div class='customer-review'><span class='review-intro__headline'>Worth every penny</span>"
            "<div class='review-stars'>5 out of 5</div><div class='review-text'>I carried it on a week of rainy"
            " commutes and the laptop sleeve kept everything dry and padded the whole time.</div></div>")
    tree = load_html(_product(lone))
    assert reviews.review_items(tree) == []
    assert [el.get("class") for el in reviews.review_texts(tree)] == ["review-intro__headline", "review-text"]
    runs = reviews.text_runs(tree, "product", True)
    assert runs is not None and reviews.text_runs(tree, "article", True) is None and reviews.text_runs(tree, "product", False) is None
    # cut from the extracted text (not from the page: that can move the extractor's choice of container)
    text = "Trail 25 daypack\nWorth every penny\n- I carried it on a week of rainy commutes\n5 out of 5\nRemovable hipbelt with web tensioner"
    cut, strategy = reviews.cut_review_texts(runs, text, "balanced")
    assert strategy == "balanced+reviews" and extraction_parts(strategy) == ("balanced", None, ("reviews",))
    assert cut.split("\n") == ["Trail 25 daypack", "5 out of 5", "Removable hipbelt with web tensioner"]
    assert reviews.cut_review_texts(runs, "Trail 25 daypack\nRainy commutes", "balanced") == ("Trail 25 daypack\nRainy commutes", "balanced")
    # the word alone, a count or stars name no review's text; a token must hold both words
    assert not reviews.names_review_text("game_area_reviews review_summary_count review-stars")
    assert not reviews.names_review_text("reviews product-text")
    assert reviews.names_review_text("prose prose-review") and reviews.names_review_text("featured-review_quote")
    # a box holding the page's <h1> or half of its words is the page, not a review
    whole = load_html("<html><body><div class='review-content'><h1>Best tents of the year</h1><p>Our picks.</p></div></body></html>")
    assert reviews.review_texts(whole) == []
    big = load_html("<html><body><div class='review-body'>" + "word " * 30 + "</div><p>short tail</p></body></html>")
    assert reviews.review_texts(big) == []


def test_product_pages_cut_a_lone_reviews_lines_after_extraction(monkeypatch: pytest.MonkeyPatch) -> None:
    lone = ("<div class='customer-review'><h4 class='review-title'>Worth every penny</h4><p class='review-stars'>5 out of 5</p>"
            "<p class='review-text'>I carried it on a week of rainy commutes and the laptop sleeve kept everything dry and"
            " padded the whole time.</p></div>")
    monkeypatch.setattr(pagetype, "page_type", lambda tree, url: ("product", 0.9))
    res = H.main_text(_product(lone), None, Settings())
    assert res is not None and res.extraction == "balanced+reviews"
    assert "rainy commutes" not in res.text and "Worth every penny" not in res.text
    assert "pockets galore" in res.text and "5 out of 5" in res.text  # the description and the stars stay
    # the ledger has the cut lines as blocks extraction left out, from the reviews region
    dropped = {r.text[:17]: (r.reason, r.rule) for r in res.dropped}
    assert dropped["Worth every penny"] == dropped["I carried it on a"] == ("comments", "extract.balanced+reviews/reviews")
    # on an article (a review site's page) the review is the content
    monkeypatch.setattr(pagetype, "page_type", lambda tree, url: ("article", 0.9))
    res = H.main_text(_product(lone), None, Settings())
    assert res is not None and "rainy commutes" in res.text and "+reviews" not in res.extraction
