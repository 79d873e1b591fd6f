"""The joined-article pass (extract/joined.py): a whole ``<article>`` that trafilatura's baseline
rescue returned as one line is extracted again on its own, in lines."""
from __future__ import annotations

from typing import Any

import pytest
from trafilatura.utils import load_html

from cleanseeds.config import Settings
from cleanseeds.extract import html as H
from cleanseeds.extract import joined, pagetype

STORY = "".join(f"<p>Paragraph {i} of the story tells how the ferns grow in low light and why the gardener waters them every week "
                f"of the long dark winter.</p>" for i in range(20))
CRUMBS = "<div class='crumbs'><a href='/g'>Home &amp; Garden</a> <a href='/i'>Indoor Gardening</a></div>"
BIO = "<div class='bio'>Meghan Holmes writes about houseplants, potting soil and the people who grow ferns indoors.</div>"
ARTICLE = f"<article>{CRUMBS}<h1>Fifteen plants that handle low light</h1><div class='byline'>By Meghan Holmes</div><div>{STORY}</div>{BIO}</article>"
#: the page's <main> ended up inside a menu <button> (mis-nested markup, as on a publisher's real
#: pages): trafilatura's cleaning deletes buttons, so its own pass finds nothing, and its baseline
#: rescue takes the raw <article>'s text as one line
PAGE = f"<html><head><title>Plants</title></head><body><header><button class='menu-button'><div><main>{ARTICLE}</main></div></button></header></body></html>"


def _as(monkeypatch: pytest.MonkeyPatch, kind: str) -> None:
    monkeypatch.setattr(pagetype, "page_type", lambda tree, url: (kind, 0.9))


def test_an_article_the_rescue_joined_into_one_line_is_extracted_again_in_lines(monkeypatch: pytest.MonkeyPatch) -> None:
    _as(monkeypatch, "article")
    res = H.main_text(PAGE, None, Settings())
    assert res is not None and res.extraction == "balanced>article"
    lines = res.text.split("\n")
    assert "Paragraph 0 of the story tells how the ferns grow in low light and why the gardener waters them every week of the long dark winter." in lines
    assert "Paragraph 19" in lines[-1] or any(line.startswith("Paragraph 19") for line in lines)
    assert not any("Indoor Gardening" in line and "Paragraph" in line for line in lines)  # the breadcrumb is no longer glued to the story
    # the pass off (a forced strategy, or a kind made of many blocks): the one joined line stays
    forced = H.main_text(PAGE, None, Settings(extract_strategy="balanced"))
    assert forced is not None and "\n" not in forced.text.strip() and "Indoor Gardening" in forced.text
    # on a listing the article is not extracted again, but the joined line is split into the article's blocks
    _as(monkeypatch, "listing")
    listing = H.main_text(PAGE, None, Settings())
    assert listing is not None and listing.extraction == "balanced+split"
    assert listing.text.split("\n")[:4] == ["Home & Garden", "Indoor Gardening", "Fifteen plants that handle low light", "By Meghan Holmes"]
    assert listing.text.split("\n")[-1] == "Meghan Holmes writes about houseplants, potting soil and the people who grow ferns indoors."
    assert len(listing.text.split("\n")) == 25


def _words(n: int, word: str = "fern") -> str:
    return " ".join(f"{word}{i}" for i in range(n))


def test_only_a_line_that_is_most_of_one_article_is_replaced() -> None:
    paragraphs = [_words(320, "a"), _words(320, "b"), _words(320, "c")]
    tree = load_html("<html><body><article>" + "".join(f"<p>{p}</p>" for p in paragraphs) + "</article></body></html>")
    calls: list[Any] = []

    def extract(page: Any) -> str:
        calls.append(page)
        return "\n".join(paragraphs)

    # a long paragraph of the story: all its words are the article's, but a third of them
    assert joined.split_joined("\n".join(paragraphs), tree, extract) is None and not calls
    # the article joined: replaced by the article's own extraction, the short lines around kept
    whole = " ".join(paragraphs)
    assert joined.split_joined(f"Title\n{whole}\nShort line", tree, extract) == "Title\n" + "\n".join(paragraphs) + "\nShort line"
    # the article's own extraction keeps under half of the line's words: no evidence, the line stays
    assert joined.split_joined(whole, tree, lambda page: _words(300, "a")) is None
    # ... nor when it keeps two of the three paragraphs: it cut the story (a table, a method section), not a byline
    assert joined.split_joined(whole, tree, lambda page: "\n".join(paragraphs[:2])) is None
    # ... and nine-tenths of the line is the story without its byline, breadcrumbs and bio: replaced
    assert joined.split_joined(whole, tree, lambda page: "\n".join([*paragraphs[:2], _words(220, "c")])) is not None
    # a line under JOINED_MIN_WORDS is never a joined article (no article is looked at)
    assert joined.joined_lines(_words(joined.JOINED_MIN_WORDS - 1)) == []


LEAD = "Our favourites are easy to grow, forgive a dry week and have handsome leaves"
BIO_IN_HEADER = "<div class='author-bio'>Meghan Holmes is a writer and documentarian specializing in scientific topics and food.</div>"


def test_the_articles_standfirst_its_extraction_left_out_is_put_back_before_the_first_paragraph() -> None:
    # the standfirst sits in the article's header, which trafilatura's extraction of the article
    # alone leaves out; the author bio above the story stays out (a byline/bio box by its class)
    tree = load_html(f"<html><body><article><header><h1>Fifteen plants</h1><p class='sub'>{LEAD}</p>{BIO_IN_HEADER}"
                     f"<div>By Meghan Holmes</div></header><div>{STORY}</div></article></body></html>")
    article = tree.xpath("//article")[0]
    story = "\n".join(" ".join(p.text_content().split()) for p in article.xpath(".//div/p"))
    inner = "Fifteen plants\n" + story
    lines = joined.with_lead(article, inner).split("\n")
    assert lines[0] == "Fifteen plants" and lines[1] == LEAD and lines[2].startswith("Paragraph 0")
    assert not any("potting soil" in line or line == "By Meghan Holmes" for line in lines)
    # nothing left out above the first paragraph: the text is unchanged
    assert joined.with_lead(article, "Fifteen plants\n" + LEAD + "\n" + story) == "Fifteen plants\n" + LEAD + "\n" + story


@pytest.mark.parametrize("words", [joined.JOINED_MIN_WORDS - 1, joined.JOINED_MIN_WORDS, joined.JOINED_MIN_WORDS + 1])
@pytest.mark.parametrize("sep", [" ", "\u00a0", "\t ", "  "])
def test_a_joined_line_is_counted_in_words_the_length_test_only_skips_short_lines(words: int, sep: str) -> None:
    line = sep.join("w" for _ in range(words))
    assert (joined.joined_lines(f"a\n{line}\nb") == [line]) is (words >= joined.JOINED_MIN_WORDS)


def test_a_joined_front_page_is_split_into_its_blocks_but_a_long_paragraph_stays_one_line() -> None:
    """trafilatura's last resort reads a page it finds no main block in as one line: a front page's stories, their
    time stamps and section labels, 1,440 words on one line (a news front page, WCXB). The line is split into the
    blocks of the element it is the whole text of, a paragraph of prose with a link in it still one line; nothing of
    the line is lost. A long paragraph is one line of its own element: not split."""
    stories = "".join(
        f"<div class='promo'><a href='/s{i}'><h3>Harbour ferry {i} returns to the winter timetable</h3></a>"
        f"<p>The operator says the <a href='/t'>timetable</a> for route {i} changes on Monday after a quiet summer season.</p>"
        f"<span>{i + 2} hrs ago</span><span>Europe</span></div>" for i in range(20))
    tree = load_html(f"<html><body><nav><a href='/'>Home</a></nav><div class='front'>{stories}</div></body></html>")
    line = " ".join(" ".join(tree.find(".//div").itertext()).split())
    assert len(line.split()) >= joined.JOINED_MIN_WORDS
    split = joined.split_lines(f"Top stories\n{line}", tree)
    assert split is not None
    lines = split.split("\n")
    assert lines[:6] == ["Top stories", "Harbour ferry 0 returns to the winter timetable",
                         "The operator says the timetable for route 0 changes on Monday after a quiet summer season.",
                         "2 hrs ago", "Europe", "Harbour ferry 1 returns to the winter timetable"]
    assert len(lines) == 81
    paragraph = " ".join(f"word{i}" for i in range(400))
    long_tree = load_html(f"<html><body><article><p>{paragraph} with a <a href='/x'>link</a> inside.</p></article></body></html>")
    assert joined.split_lines(f"{paragraph} with a link inside.", long_tree) is None
