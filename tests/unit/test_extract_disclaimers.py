"""Boxes that name themselves a disclaimer or a disclosure are left out of an article's text
(extract/disclaimers.py), not out of other kinds' pages, not when the box holds the story."""
from __future__ import annotations

import pytest
from trafilatura.utils import load_html

from cleanseeds.config import Settings
from cleanseeds.extract import disclaimers, pagetype
from cleanseeds.extract import html as H

PARA = ("<p>Part {n} of the review explains how the scooter handled a steep hill on a cold morning, how far it went"
        " on one charge and why the brakes needed a second adjustment after the first week of riding.</p>")
NOTICE = "We earn commissions from links on our site, enabling us to deliver independent reviews."
BOX = f"<div class='affiliate-disclaimer'>{NOTICE}</div>"


def _page(box: str) -> str:
    body = PARA.format(n=1) + box + PARA.format(n=2) + "<h2>Range</h2>" + PARA.format(n=3)
    return (f"<html><head><title>Scooter review</title></head><body><nav><a href='/'>Home</a></nav>"
            f"<article><div class='entry-content'>{body}</div></article><footer>Copyright 2024 Example</footer></body></html>")


def _kind(monkeypatch: pytest.MonkeyPatch, kind: str) -> None:
    monkeypatch.setattr(pagetype, "page_type", lambda tree, url: (kind, 0.9))


def test_an_articles_disclaimer_box_is_left_out(monkeypatch: pytest.MonkeyPatch) -> None:
    _kind(monkeypatch, "article")
    res = H.main_text(_page(BOX), None, Settings())
    assert res is not None and all(f"Part {n} of the review" in res.text for n in (1, 2, 3))
    assert "commissions" not in res.text
    # the ledger still holds the box: it is the page's visible text, left out by extraction
    assert any("commissions" in row.text for row in res.dropped)
    monkeypatch.setattr(disclaimers, "DISCLAIMER_TYPES", frozenset())  # the pass off: trafilatura keeps it
    off = H.main_text(_page(BOX), None, Settings())
    assert off is not None and NOTICE in off.text


def test_other_kinds_keep_the_box(monkeypatch: pytest.MonkeyPatch) -> None:
    _kind(monkeypatch, "product")
    res = H.main_text(_page(BOX), None, Settings())
    assert res is not None and NOTICE in res.text


def test_a_box_holding_the_story_is_not_a_disclaimer(monkeypatch: pytest.MonkeyPatch) -> None:
    _kind(monkeypatch, "article")
    story = "".join(PARA.format(n=n) for n in range(4, 16))  # 12 paragraphs, over DISCLAIMER_MAX_WORDS
    res = H.main_text(_page(f"<div class='post-body has-disclaimer'>{story}</div>"), None, Settings())
    assert res is not None and all(f"Part {n} of the review" in res.text for n in range(1, 16))


def test_disclaimer_names() -> None:
    tree = load_html("<html><body><p class='disclaimer'>a</p><div class='FootnotesComponent_disclaimer__SNolK'>b</div>"
                     "<div id='contentAdvertiserDisclosure'>c</div><div class='advertising-disclosure'><p class='disclaimer'>inner</p>d</div>"
                     "<div class='disclaimerless'>e</div><div class='nodisclosure'>f</div><main class='disclosure'>g</main></body></html>")
    assert [" ".join(el.itertext()) for el in disclaimers.disclaimers(tree)] == ["a", "b", "c", "inner d"]
    assert disclaimers.drop_disclaimers(tree) == 4
    assert " ".join(tree.find(".//body").itertext()).split() == ["e", "f", "g"]


def test_the_pass_runs_on_article_pages_whose_source_holds_the_word() -> None:
    assert disclaimers.wanted(_page(BOX), "article")
    assert not disclaimers.wanted(_page(BOX), "product")
    assert not disclaimers.wanted(_page("<p class='note'>Prices may change.</p>"), "article")


BIO = "Jane Roe writes about scooters and commutes to work on one every day of the year."
LATEST = "Ten Hills Worth Climbing"


def test_an_articles_author_box_is_left_out(monkeypatch: pytest.MonkeyPatch) -> None:
    # issue 12, article round 3: a Starbox-style box under the story (bio, "Latest posts by" list)
    _kind(monkeypatch, "article")
    box = (f"<section class='abh_box abh_box_down'><div class='abh_text'><div class='abh_name'>Latest posts by Jane Roe</div>"
           f"<div class='abh_description'><p>{BIO}</p><ul><li><a href='/hills'>{LATEST}</a><span> - January 13, 2020</span></li></ul>"
           f"</div></div></section>")
    res = H.main_text(_page(box), None, Settings())
    assert res is not None and all(f"Part {n} of the review" in res.text for n in (1, 2, 3))
    assert BIO not in res.text and LATEST not in res.text
    monkeypatch.setattr(disclaimers, "AUTHOR_BOX_WORDS", frozenset())  # the names off: trafilatura keeps the bio
    off = H.main_text(_page(box), None, Settings())
    assert off is not None and BIO in off.text


def test_author_box_names() -> None:
    tree = load_html("<html><body><div class='author-bio'>a</div><div class='c-AuthorBox'>b</div><aside id='about-the-author'>c</aside>"
                     "<div class='saboxplugin-wrap'>d</div><div class='author'>e</div><span class='byline-author-name'>f</span>"
                     "<div class='authority-box'>g</div></body></html>")
    assert [" ".join(el.itertext()) for el in disclaimers.disclaimers(tree)] == ["a", "b", "c", "d"]
    assert disclaimers.wanted("<div class='author-bio'>", "article") and disclaimers.wanted("<p class='abh_box'>", "article")
    assert not disclaimers.wanted("<meta name='author' content='Jane Roe'><div class='authority'>", "article")


NOTES = ("<section class='footnotes'><h2>Notes</h2><ol>"
         "<li id='fn-1'><p>The hill was measured with a borrowed inclinometer on the second test day, when the road was dry and"
         " the wind was calm, so the grade we give is the steepest we could ride without stopping. <a href='#ref-1'>↩</a></p></li>"
         "<li id='fn-2'><p>Range figures assume a rider of about seventy kilograms and mild weather; a heavier rider or a cold"
         " morning takes a few kilometres off every charge, as the makers' own tables admit. <a href='#ref-2'>↩</a></p></li>"
         "</ol></section>")


def test_an_articles_footnotes_are_left_out(monkeypatch: pytest.MonkeyPatch) -> None:
    # issue 12, article round 11: the numbered notes under a story (Markdown's and WordPress's footnote boxes)
    _kind(monkeypatch, "article")
    more = "".join(PARA.format(n=n) for n in range(4, 8))  # the notes hold under a third of the page's words
    page = _page("").replace("</div></article>", more + NOTES + "</div></article>")
    res = H.main_text(page, None, Settings())
    assert res is not None and all(f"Part {n} of the review" in res.text for n in range(1, 8))
    assert "inclinometer" not in res.text and "seventy kilograms" not in res.text
    monkeypatch.setattr(disclaimers, "FOOTNOTE_WORDS", frozenset())  # the name off: trafilatura keeps the notes
    off = H.main_text(page, None, Settings())
    assert off is not None and "inclinometer" in off.text


def test_footnote_box_names_and_size() -> None:
    story = "".join(PARA.format(n=n) for n in range(1, 4))
    tree = load_html(f"<html><body><div class='entry has-footnotes'>{story}<ol class='wp-block-footnotes'><li>a note</li></ol></div>"
                     f"<div id='endnotes'>b note</div><div class='footnote-ref'>c</div></body></html>")
    # the wrapper named 'has-footnotes' holds the story (over a third of the page's words): only its notes go
    assert [" ".join(el.itertext()) for el in disclaimers.disclaimers(tree)] == ["a note", "b note"]
    assert disclaimers.wanted("<ol class='wp-block-footnotes'>", "article") and disclaimers.wanted("<div id='endnotes'>", "article")
    assert not disclaimers.wanted("<ol class='wp-block-footnotes'>", "documentation")
