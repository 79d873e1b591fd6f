"""Per-kind extraction passes of ``extract_strategy = "auto"`` (extract/html.py, extract/cards.py):
the cards of a listing or collection page, the recall pass, forum comments."""
from __future__ import annotations

from typing import Any

import pytest
import trafilatura
from trafilatura.utils import load_html

from cleanseeds.config import Settings
from cleanseeds.extract import cards as cards_mod
from cleanseeds.extract import html as H
from cleanseeds.extract import pagetype
from cleanseeds.extract.cards import Cards, card_text
from tests.extraction_fixtures import extraction_gives

NAV = "<nav><ul>" + "".join(f"<li><a href='/c{i}'>Category {i}</a></li>" for i in range(12)) + "</ul></nav>"
CARDS = "".join(
    f"<li class='product-card'><a href='/p{i}'>Walnut desk lamp model {i}</a><span class='price'>${20 + i}.00</span>"
    f"<p>Solid walnut base, linen shade, {i + 2} brightness levels.</p></li>"
    for i in range(10)
)
BLURB = "<p>Our lamps are made in a small workshop by people who care about light and about wood.</p>"


def _page(head: str = "", sidebar: str = "") -> str:
    return (f"<html><head><title>Desk lamps</title>{head}</head><body>{NAV}<main><h1>Desk lamps</h1>{BLURB}"
            f"<ul class='grid'>{CARDS}</ul></main>{sidebar}<footer><p>Shop address, 1 Main St</p></footer></body></html>")




def _card_lines(members: str, parent: str = "section") -> list[str]:
    """The card pass's lines of a page whose body is ``members`` under one ``parent``."""
    return str(card_text(load_html(f"<html><body><{parent}>{members}</{parent}></body></html>")).text).split("\n")


def test_a_sentence_with_markup_inside_is_one_line_and_a_cards_parts_stay_apart() -> None:
    """A post's paragraph with a link, a key and code in it reads as the page shows it, one line
    (it came out cut at every element: "You can use" / "KeyPilot" / "to move ..."); a card's short
    parts in a ``<div>`` stay one a line, as the line cleaner knows them."""
    posts = "".join(
        f"<div class='post'><div class='body'><p>You can use <a href='/k'>KeyPilot</a> to move the focus to the file pane {i}, "
        f"then press <kbd>Ctrl</kbd>+<kbd>Tab</kbd> to switch, or run <code>kp --focus</code>.</p>"
        f"<pre><code>kp --focus files\nkp --next</code></pre></div>"
        f"<div class='meta'><a href='/u{i}'>Quick view</a><span>Share</span></div></div>"
        for i in range(5)
    )
    c = card_text(load_html(f"<html><body><main>{posts}</main></body></html>"))
    lines = c.text.split("\n")
    assert lines[:5] == [
        "You can use KeyPilot to move the focus to the file pane 0, then press Ctrl + Tab to switch, or run kp --focus.",
        "kp --focus files", "kp --next", "Quick view", "Share",
    ]
    assert len(lines) == 25


def test_a_short_sentence_of_keys_and_labels_is_one_line_but_a_cards_spans_stay_apart() -> None:
    """A text element whose runs are separated only by markup inside a sentence (``<kbd>``, ``<b>``, ``<code>``) is
    one line however short its runs: an answer "Press <kbd>Alt</kbd>+<kbd>D</kbd> (or <kbd>F6</kbd>) then
    <kbd>Tab</kbd>" was seven lines ("Press" / "Alt" / "+" / "D" ...), a spec "<b>Model #:</b> X12" two.
    Parts written with ``<span>`` or ``<a>`` (a price, a label) stay one a line."""
    lines = _card_lines("".join(
        f"<div class='answer'><p>Press <kbd>Alt</kbd>+<kbd>D</kbd> (or <kbd>F6</kbd>) then <kbd>Tab</kbd></p>"
        f"<p><b>Model #:</b> X1{i}</p><p>Works on <code>v{i}</code></p><p><span>80%</span><span>Reimbursement</span></p>"
        f"<p>Sold by <a href='/s{i}'>Shop {i}</a></p></div>" for i in range(5)), "main")
    assert lines[:7] == ["Press Alt + D (or F6) then Tab", "Model #: X10", "Works on v0", "80%", "Reimbursement",
                         "Sold by", "Shop 0"]


def test_a_cards_punctuation_is_no_line_of_its_own() -> None:
    """A card's runs of punctuation alone were lines of the card pass's text (WCXB: 1,026 lines of an invisible
    separator, 454 commas, 205 dollar signs): a separator goes, a comma (or a run opening with one: a price's cents)
    joins the part before it, a currency sign the part after it."""
    lines = _card_lines("".join(
        f"<div class='tile'><div><a href='/t{i}'>Mixtures</a>, <a href='/s{i}'>slides</a></div>"
        f"<div><span>$</span><span>1{i}</span><sup>.99</sup> <span>|</span> <span>\u2063</span><a href='/b{i}'>Add to bag</a></div>"
        f"<div><span>(</span><span>{i + 3}</span><span>)</span><span>\u2022</span><span>reviews</span></div></div>" for i in range(5)))
    assert lines[:6] == ["Mixtures,", "slides", "$10.99", "Add to bag", "(3)", "reviews"]
    assert len(lines) == 30


def test_a_highlighted_code_block_in_a_card_keeps_its_lines() -> None:
    """A syntax highlighter writes each token of a code block in a ``<span>``; read run by run, the card pass gave a
    token a line ("const" / "{" / "description" ...). The block reads as the page shows it: its own lines, the
    indentation kept, blank lines left out."""
    code = ("<pre><code><span class='k'>const</span> { <span class='v'>description</span> } = <span class='k'>await</span>"
            " req.<span class='f'>json</span>();\n\n<span class='k'>if</span> (!description) {\n  <span class='k'>return</span>"
            " <span class='n'>400</span>;<br>}</code></pre>")
    lines = _card_lines("".join(f"<div class='step'><h3>Step {i}</h3><p>Read the request body and check it.</p>{code}</div>" for i in range(5)))
    assert lines[:6] == ["Step 0", "Read the request body and check it.", "const { description } = await req.json();",
                         "if (!description) {", "  return 400;", "}"]
    assert len(lines) == 30


def test_the_comments_under_a_cards_post_are_not_its_text_but_nested_replies_are() -> None:
    """A Q&A answer's card holds the answer and, below it, readers' one-line comments in a ``div.comments`` list
    (Stack Exchange): they came out as the answer's text, a comment a part ("user398328" / "Aug 10, 2016"). The
    comments are left out; a thread's reply nested under a post (WordPress's ``ul.children``) stays."""
    page = "".join(
        f"<div class='answer'><div class='post-body'><p>Press Ctrl and Tab together to move the focus to pane {i}.</p></div>"
        f"<div class='comments js-comments-container'><ul class='comments-list'><li class='comment'>"
        f"<span class='comment-copy'>Does not work on my machine {i}.</span> <a class='comment-user'>user{i}</a>"
        f"<span class='comment-date'>Aug 10, 2016</span></li></ul></div>"
        f"<ul class='children'><li><p>A reply nested under answer {i}, which the thread shows as a post.</p></li></ul></div>"
        for i in range(5))
    lines = _card_lines(page)
    assert lines[:2] == ["Press Ctrl and Tab together to move the focus to pane 0.",
                         "A reply nested under answer 0, which the thread shows as a post."]
    assert len(lines) == 10 and not any("user" in line or "Aug 10" in line or "Does not work" in line for line in lines)
    # the extractor's length test counts them (its own text holds a thread's comments): like for like
    assert card_text(load_html(f"<html><body><section>{page}</section></body></html>")).comments == 5 * len(
        "Does not work on my machine 0. user0 Aug 10, 2016")


def test_card_text_is_the_largest_group_of_same_shaped_siblings_not_the_menu() -> None:
    c = card_text(load_html(_page()))
    lines = c.text.split("\n")
    assert lines[:3] == ["Walnut desk lamp model 0", "$20.00", "Solid walnut base, linen shade, 2 brightness levels."]
    assert len(lines) == 30 and "Category 1" not in c.text and "Shop address" not in c.text
    assert 0.2 < c.link_share < 0.5 and c.words_per_link == 5  # the titles are links, prices and descriptions are not


def test_a_cards_source_line_breaks_are_spaces_but_its_code_keeps_its_lines() -> None:
    # a template indents a card's description over several source lines: one line of text, as a browser shows it
    cards = "".join(f"<div class='tile'><h3>Plan {i}</h3><p>Syncs your files across\n            every device, with\n"
                    f"            {i + 2} GB of storage.</p><pre>plan = Plan({i})\nplan.start()</pre></div>" for i in range(5))
    c = card_text(load_html(f"<html><body><section>{cards}</section></body></html>"))
    lines = c.text.split("\n")
    assert "Syncs your files across every device, with 2 GB of storage." in lines
    assert c.text.count("plan = Plan(0)\nplan.start()") == 1


def test_no_cards_on_a_page_of_prose() -> None:
    page = "<html><body><article>" + "".join(f"<p>Paragraph {i} of the story, with enough words.</p>" for i in range(3)) + "</article></body></html>"
    assert card_text(load_html(page)) == Cards("", 0.0, 0.0)


def test_cards_are_not_taken_from_an_article_nor_a_link_list() -> None:
    tree = load_html(_page())
    cards = card_text(tree)
    assert H._take_cards("one card", cards, tree)
    assert not H._take_cards("prose " * len(cards.text), cards, tree)  # the extractor's text is long enough (and no menu)
    article = load_html(_page(head="<meta property='og:type' content='article'><meta property='article:published_time' content='2026-03-06'>"))
    assert pagetype.declares_article(article) and not H._take_cards("one card", card_text(article), article)
    assert not H._take_cards("one card", Cards(cards.text, 0.99, 1.5), tree)  # a list of short links: a menu, an archive
    assert H._take_cards("one card", Cards(cards.text, 1.0, 12.0), tree)  # cards that are whole links are cards



def test_on_a_collection_page_og_type_article_alone_is_no_article() -> None:
    """Stores set ``og:type = article`` on category pages too: on a page decided collection only a
    JSON-LD article type keeps the extractor's text; on a listing page the Open Graph type does with
    a publication date (tests/unit/test_extract_listing.py)."""
    og = load_html(_page(head="<meta property='og:type' content='article'>"))
    assert H._take_cards("one card", card_text(og), og, "collection")
    dated = load_html(_page(head="<meta property='og:type' content='article'><meta property='article:published_time' content='2026-03-06'>"))
    assert not H._take_cards("one card", card_text(dated), dated, "listing")
    ld = load_html(_page(head="<script type='application/ld+json'>{\"@type\": \"NewsArticle\"}</script>"))
    assert not H._take_cards("one card", card_text(ld), ld, "collection")

#: an API reference page: each section's body is a box right under its heading (rustdoc's layout)
SECTIONS = "".join(
    f"<h2 id='s{i}'>Section {i} of the reference</h2><div id='s{i}-list'>"
    + "".join(f"<div class='item'><code>pub fn method_{i}_{j}(&amp;self) -&gt; bool</code>"
              f"<div>Returns true when the value {j} of section {i} holds, and false otherwise.</div></div>" for j in range(6))
    + "</div>" for i in range(4))
REFERENCE = ("<html><head><title>Result</title></head><body><main><h1>Enum Result</h1>"
             "<pre>pub enum Result&lt;T, E&gt; { Ok(T), Err(E) }</pre>"
             "<p>Result is the type used for returning and propagating errors, with a success and a failure variant.</p>"
             f"{SECTIONS}</main></body></html>")


def test_sections_under_their_headings_are_not_cards(monkeypatch: pytest.MonkeyPatch) -> None:
    tree = load_html(REFERENCE)
    cards = card_text(tree)
    assert cards.sectioned and "method_0_0" in cards.text and "Section 0" not in cards.text  # the headings stay outside
    assert not card_text(load_html(_page())).sectioned  # a card holds its own title
    assert not cards_mod.is_sectioned(list(load_html(_page()).iter("li")))
    # an extractor that kept the lead and the first section (a fragment of the group) keeps its text
    fragment = "Enum Result\npub enum Result<T, E> { Ok(T), Err(E) }\nSection 0 of the reference\n" + "\n".join(
        f"pub fn method_0_{j}(&self) -> bool" for j in range(6))
    assert not H._take_cards(fragment, cards, tree, "documentation")
    assert H._take_cards(fragment, Cards(cards.text, cards.link_share, cards.words_per_link), tree, "documentation")  # else taken
    monkeypatch.setattr(pagetype, "page_type", lambda tree, url: ("documentation", 0.9))
    res = H.main_text(REFERENCE, None, Settings())
    assert res is not None and res.extraction == "balanced" and "Section 2 of the reference" in res.text


@pytest.mark.parametrize("kind", ["collection", "listing", "service", "documentation"])
def test_auto_takes_the_cards_on_listing_kinds_only(monkeypatch: pytest.MonkeyPatch, kind: str) -> None:
    page = _page()
    own = trafilatura.extract(page, include_comments=False) or ""
    many = Cards("\n".join(f"Card {i}: a walnut desk lamp with a linen shade" for i in range(60)), 0.3)  # far longer than `own`
    assert len(own) < H.CARDS_ABOVE_SHARE * len(many.text)
    monkeypatch.setattr(cards_mod, "card_text", lambda tree, opening=False: many)
    monkeypatch.setattr(pagetype, "page_type", lambda tree, url: (kind, 0.9))
    res = H.main_text(page, None, Settings())
    assert res is not None and res.page_type == kind
    assert res.extraction == "balanced>cards" and res.text == many.text
    # the ledger then holds what the cards left out: the blurb, the menu, the footer
    assert any("small workshop" in r.text for r in res.dropped) and any(r.text == "Category 3" for r in res.dropped)
    monkeypatch.setattr(pagetype, "page_type", lambda tree, url: ("product", 0.9))
    res = H.main_text(page, None, Settings())
    assert res is not None and res.extraction == "balanced" and res.text == own
    # a forced strategy is that strategy on every page, no second pass
    monkeypatch.setattr(pagetype, "page_type", lambda tree, url: (kind, 0.9))
    res = H.main_text(page, None, Settings(extract_strategy="balanced"))
    assert res is not None and res.extraction == "balanced" and res.text == own


FORUM = ("<html><body><div class='post'><p>How do I replace the chain on a three-speed hub bicycle without special tools?"
         " I have tried twice and the wheel never sits straight.</p></div>"
         "<div class='comments'><div class='comment'><p>Loosen both axle nuts first, then pull the wheel back evenly on each side"
         " until the chain has about a centimetre of play.</p></div></div></body></html>")


def test_forum_pages_keep_the_comment_sections(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pagetype, "page_type", lambda tree, url: ("forum", 0.9))
    res = H.main_text(FORUM, None, Settings())
    assert res is not None and res.extraction == "comments"
    full: Any = trafilatura.bare_extraction(FORUM, include_comments=True)
    assert res.text == full.text and "axle nuts" in res.text
    monkeypatch.setattr(pagetype, "page_type", lambda tree, url: ("article", 0.9))
    res = H.main_text(FORUM, None, Settings())
    assert res is not None and res.extraction == "balanced"
    assert res.text == trafilatura.bare_extraction(FORUM, include_comments=False).text != full.text  # type: ignore[union-attr]


def _qa_page(question_box: str = "question") -> str:
    answers = "".join(
        f"<div class='answer'><div class='votes'>{i}</div><div class='post-body'><p>Answer {i}: oil the chain, then loosen the"
        f" axle nuts and pull the wheel back evenly on both sides until the chain has a centimetre of play; tighten"
        f" the nuts again and spin the wheel to check it runs true.</p></div></div>" for i in range(5))
    return ("<html><head><title>Chain</title></head><body><nav><a href='/'>Questions</a> <a href='/tags'>Tags</a></nav>"
            f"<h1>Replacing a hub gear chain</h1><div class='{question_box}'><div class='post-body'><p>How do I replace the chain"
            " on a three-speed hub bicycle without special tools? I have tried twice and the wheel never sits straight.</p>"
            f"</div></div><div class='summary'><p>Readers suggest oiling, loosening and pulling the wheel back.</p></div>"
            f"<div class='answers'><h2>5 answers</h2>{answers}</div></body></html>")


def test_a_thread_s_opening_post_outside_the_cards_comes_with_them() -> None:
    """A question above its answers is not of the answers' shape, so the card group leaves it out; it is written with
    the answers' own body element, so it goes before them. A box above without that body (a summary) stays out."""
    tree = load_html(_qa_page())
    cards = card_text(tree, opening=True)
    assert "Answer 3: oil the chain" in cards.text and "three-speed hub" not in cards.text
    assert cards.opening.startswith("How do I replace the chain") and "Readers suggest" not in cards.opening
    assert card_text(load_html(_qa_page()), opening=False).opening == ""
    assert H.cards_text("", cards, "forum") == cards.opening + "\n" + cards.text
    assert H.cards_text("", cards, "service") == cards.text  # (only on the kinds of CARDS_OPENING_TYPES)


def test_what_goes_before_the_posts_is_what_is_written_with_their_body_element() -> None:
    # forum software that writes every post alike, the first one too: the opening post is a card, and a box above the
    # thread comes along only when it is written with the posts' body element (a pinned post), not otherwise
    posts = "".join(f"<div class='post'><div class='author'>rider{i}</div><div class='post-body'><p>Post {i}: oil the chain, then"
                    " loosen the axle nuts and pull the wheel back evenly until the chain has a centimetre of play.</p></div></div>"
                    for i in range(5))
    page = (f"<html><body><h1>Replacing a hub gear chain</h1><div class='summary'><div class='post-body'><p>Pinned: read the"
            f" rules first.</p></div></div><div class='thread'>{posts}</div></body></html>")
    cards = card_text(load_html(page), opening=True)
    assert "Post 0: oil the chain" in cards.text and cards.opening == "Pinned: read the rules first."
    cards = card_text(load_html(page.replace("<div class='summary'><div class='post-body'>", "<div class='summary'><div>")), opening=True)
    assert cards.opening == ""


STORY = " ".join(f"Sentence {i} of the story tells how the river flooded the old mill in the spring of that year." for i in range(8))


def _story_page(container: str) -> str:
    return (f"<html><head><title>The mill</title></head><body>{NAV}{container.format(story=f'<h1>The mill</h1><p>{STORY}</p>')}"
            "<footer><p>Shop address, 1 Main St</p></footer></body></html>")


def test_the_main_container_is_the_pages_only_article_body_article_or_main() -> None:
    one = load_html(_story_page("<main><article itemprop='articleBody'>{story}</article></main>"))
    assert H.main_container(one).get("itemprop") == "articleBody"
    two = load_html(_story_page("<main><article>{story}</article><article><p>Another story</p></article></main>"))
    assert H.main_container(two).tag == "main"  # two <article>: neither is evidence, the one <main> is
    assert H.main_container(load_html(_story_page("<div>{story}</div>"))) is None


@pytest.mark.parametrize("container", [
    "<main><article itemprop='articleBody'>{story}</article></main>",
    "<div itemprop='articleBody'>{story}</div><aside itemprop='articleBody headline'><p>x</p></aside><p itemprop='articleBody'>y</p>",
    "<div role='main'>{story}</div><main><p>z</p></main><section role='main navigation'><p>w</p></section>",
    "<div role='Main'>{story}</div><div itemprop='ArticleBody'><p>v</p></div>",
])
def test_the_container_xpaths_select_what_the_element_tests_select(container: str) -> None:
    from lxml import etree

    tree = load_html(_story_page(container))
    by_element = ("//*[@itemprop='articleBody']", "//article", "//main|//*[@role='main']")
    for fast, plain in zip(H._CONTAINER_XPATHS, by_element, strict=True):
        assert fast(tree) == etree.XPath(plain)(tree)


def test_the_container_rescue_replaces_an_almost_empty_text_only(monkeypatch: pytest.MonkeyPatch) -> None:
    page = _story_page("<div class='wrap'><article>{story}</article></div>")
    tree = load_html(page)
    got = H._container_fallback(tree, "", trafilatura.settings.Extractor, Settings(), None, "balanced")
    assert got is not None and "Sentence 7 of the story" in got and "Category 3" not in got and "Shop address" not in got
    assert H._container_fallback(tree, " ".join(["word"] * 80), trafilatura.settings.Extractor, Settings(), None, "balanced") is None  # not twice as long
    assert H._container_fallback(load_html(_story_page("<div>{story}</div>")), "", trafilatura.settings.Extractor, Settings(), None, "balanced") is None
    # end to end: the whole-page pass finds nothing (as trafilatura does on some real pages), the rescue gives the story
    def nothing_on_the_whole_page(tree: Any, url: Any, options: Any, last_use: bool) -> Any:
        return None  # the whole-page pass (the container pass calls trafilatura itself)

    monkeypatch.setattr(H, "bare_extraction", nothing_on_the_whole_page)
    monkeypatch.setattr(pagetype, "page_type", lambda tree, url: ("article", 0.9))
    res = H.main_text(page, None, Settings())
    assert res is not None and res.extraction == "balanced>main" and "Sentence 7 of the story" in res.text
    assert any(r.text == "Category 3" for r in res.dropped)  # the ledger holds what the container left out
    forced = H.main_text(page, None, Settings(extract_strategy="balanced"))  # a forced strategy: no second pass
    assert forced is not None and forced.text == "" and any(r.text == "Category 3" for r in forced.dropped)


@pytest.mark.parametrize(("kind", "expected"), [("article", "balanced>main"), ("other", "balanced>main"), ("product", "balanced")])
def test_an_article_cut_to_a_fragment_is_taken_from_its_main_container(monkeypatch: pytest.MonkeyPatch, kind: str, expected: str) -> None:
    long_story = " ".join(f"Sentence {i} of the story tells how the river flooded the old mill in the spring of that year." for i in range(12))
    page = _story_page("<div class='wrap'><article><h1>The mill</h1><p>" + long_story + "</p></article></div>")
    fragment = ". ".join(long_story.split(". ")[:3]) + "."  # 54 words: what trafilatura kept of a 218-word article
    real = H.bare_extraction

    def a_fragment_of_the_whole_page(tree: Any, url: Any, options: Any, last_use: bool) -> Any:
        real(tree, url, options, last_use)  # with last_use, cleans the tree in place: the container pass must not read it
        doc = trafilatura.settings.Document()
        doc.text = fragment
        return doc

    monkeypatch.setattr(H, "bare_extraction", a_fragment_of_the_whole_page)
    monkeypatch.setattr(pagetype, "page_type", lambda tree, url: (kind, 0.9))
    res = H.main_text(page, None, Settings())
    assert res is not None and res.extraction == expected
    if expected == "balanced":  # not on the kinds made of many blocks, nor product pages
        assert res.text == fragment
    else:
        assert "Sentence 11 of the story" in res.text and "Category 3" not in res.text


FEATURES = "".join(
    f"<section class='feature'><h2>Feature {name}</h2><p>Our team plans the {name} work with you, keeps the schedule in one"
    f" shared board and reports every week on what moved and what is blocked.</p></section>"
    for name in ("audit", "design", "build", "launch", "support")
)
SERVICE = (f"<html><head><title>Services</title></head><body>{NAV}<main><h1>What we do</h1><div class='features'>{FEATURES}</div>"
           "</main><footer><p>Shop address, 1 Main St</p></footer></body></html>")


def test_a_fragment_of_a_service_pages_sections_gives_way_to_all_of_them(monkeypatch: pytest.MonkeyPatch) -> None:
    tree = load_html(SERVICE)
    cards = card_text(tree)
    assert cards.text.count("Feature ") == 5
    blocks = cards.text.split("\n")
    three, four = "\n".join(blocks[:6]), "\n".join(blocks[:8])  # the first three sections of five; four of five
    assert len(three) >= H.CARDS_ABOVE_SHARE * len(cards.text)  # long enough for the share test alone
    assert H.is_fragment_of(three, cards.text) and not H.is_fragment_of(four, cards.text)
    assert H._take_cards(three, cards, tree, "service") and H._take_cards(three, cards, tree, "documentation")
    assert not H._take_cards(three, cards, tree, "collection") and not H._take_cards(three, cards, tree, "forum")
    assert not H._take_cards(four, cards, tree, "service")  # most of the sections: the extractor's text stays
    other = " ".join(["Read our story and meet the people behind the studio, from the founders to the newest apprentice."] * 5)
    assert len(other) >= H.CARDS_ABOVE_SHARE * len(cards.text) and not H._take_cards(other, cards, tree, "service")  # not card words
    # end to end: trafilatura keeps the first three sections, the cards pass gives all five
    extraction_gives(monkeypatch, three)
    monkeypatch.setattr(pagetype, "page_type", lambda tree, url: ("service", 0.9))
    res = H.main_text(SERVICE, None, Settings())
    assert res is not None and res.extraction == "balanced>cards" and "Feature support" in res.text and "Category 3" not in res.text
    monkeypatch.setattr(pagetype, "page_type", lambda tree, url: ("listing", 0.9))
    res = H.main_text(SERVICE, None, Settings())
    assert res is not None and res.extraction == "balanced" and res.text == three


def _slides(variant: str) -> str:
    return "".join(f"<section class='scroll-slide {variant}'><div class='headline'>Case study {name}</div><p>How we grew the"
                   f" {name} brand with a campaign the whole town talked about.</p><a href='/projects/{name}'>See the work</a></section>"
                   for name in ("museum", "clinic", "brewery", "distillery"))


def test_a_group_of_cards_rendered_twice_gives_each_card_once() -> None:
    # a desktop and a mobile copy of the same slides, one shape (same tag, same first class): one set of cards
    c = card_text(load_html(f"<html><body><main>{_slides('desktop')}{_slides('mobile')}</main></body></html>"))
    assert c.text.count("Case study museum") == 1 and c.text.count("See the work") == 4
    assert len(c.members) == 4 and c.members[0].startswith("case study museum how we grew")
    # a few repeated cards are the page's own (an event listed under two dates): they stay
    events = "".join(f"<li class='event'><h3>{t}</h3><p>Talks and workshops for people who build for the web.</p></li>"
                     for t in ("Web Days", "Web Days", "Code Camp", "Data Summit", "Dev Forum", "Cloud Week", "Build Conf"))
    c = card_text(load_html(f"<html><body><ul class='events'>{events}</ul></body></html>"))
    assert c.text.count("Web Days") == 2 and len(c.members) == 7


APPS = ("Quill", "Ledger", "Margin", "Folio", "Scribe", "Vellum")


def _app_card(i: int, name: str) -> str:
    platforms = "".join(f"<li><a href='/p/{p}'>{p}</a></li>" for p in ("Windows", "Mac", "Linux", "Android", "iPhone", "iPad", "Web"))
    return (f"<div class='app-card'><h3><a href='/app/{name}'>{name}</a></h3><span class='likes'>{120 + i} likes</span>"
            f"<p>{name} keeps your notes, tasks and drafts in one place, syncs them between your devices without an account"
            f" and exports everything to plain Markdown files whenever you want to leave.</p><ul class='platforms'>{platforms}</ul>"
            f"<div class='license'>Freemium</div><div class='license'>Proprietary</div><div class='origin'>Made in Canada</div>"
            f"<div class='discussion'><span>{i + 3} comments</span><a href='/c/{name}'>Read the comments about {name}</a>"
            f"<p>Top comment by a user, {i + 2} days ago: it works offline.</p></div></div>")


DIRECTORY = (f"<html><head><title>Note apps</title></head><body>{NAV}<main><h1>The best note-taking apps</h1>"
             f"<div class='list'>{''.join(_app_card(i, n) for i, n in enumerate(APPS))}</div></main>"
             "<footer><p>Shop address, 1 Main St</p></footer></body></html>")


def test_cards_are_not_taken_when_the_extractors_text_already_spans_them_as_prose(monkeypatch: pytest.MonkeyPatch) -> None:
    tree = load_html(DIRECTORY)
    cards = card_text(tree)
    write_ups = [line for line in cards.text.split("\n") if " keeps your notes" in line]
    prose = "\n".join(write_ups)  # trafilatura kept every card's write-up and left the platforms, likes and comments out
    assert len(write_ups) == 6 and len(prose) < H.CARDS_ABOVE_SHARE * len(cards.text)
    assert H.spans_cards(prose, cards) and not H._take_cards(prose, cards, tree)
    assert H._take_cards(write_ups[0], cards, tree)  # one card's write-up: the cards are the page
    assert not H.spans_cards("\n".join(APPS), cards) and H._take_cards("\n".join(APPS), cards, tree)  # titles, not prose
    extraction_gives(monkeypatch, prose)
    monkeypatch.setattr(pagetype, "page_type", lambda tree, url: ("listing", 0.9))
    res = H.main_text(DIRECTORY, None, Settings())
    assert res is not None and res.extraction == "balanced" and res.text == prose
    monkeypatch.setattr(H, "spans_cards", lambda text, cards: False)  # the guard off: the cards and their furniture
    res = H.main_text(DIRECTORY, None, Settings())
    assert res is not None and res.extraction == "balanced>cards" and "Read the comments about Quill" in res.text


def test_a_cards_modal_dialog_is_not_card_text() -> None:
    # each section has a glossary term whose definition sits in a <dialog>: not shown until a script opens it
    sections = "".join(f"<div class='section'><h2>Fund kind {i}</h2><p>Index funds follow a market benchmark as closely as"
                       f" possible, at a low cost.</p><dialog id='term-{i}'><h2>Market benchmark</h2><p>An unmanaged group of"
                       f" bonds or stocks used as a standard to measure investment performance.</p></dialog></div>" for i in range(5))
    c = card_text(load_html(f"<html><body><main>{sections}</main></body></html>"))
    assert c.text.count("Fund kind") == 5 and "market benchmark as closely" in c.text
    assert "unmanaged group" not in c.text and "Market benchmark" not in c.text


INTRO = ("A good desk lamp puts the light where your hands are and keeps it out of your eyes.",
         "Every lamp here is made to order in our workshop and shipped within ten working days.")


def test_taken_cards_keep_the_category_intro_the_extractor_found(monkeypatch: pytest.MonkeyPatch) -> None:
    page = _page().replace(BLURB, "".join(f"<p>{p}</p>" for p in INTRO))
    cards = card_text(load_html(page))
    monkeypatch.setattr(pagetype, "page_type", lambda tree, url: ("collection", 0.9))
    # trafilatura kept the category's own words and one card: the cards are taken, the intro stays before them
    extraction_gives(monkeypatch, "Desk lamps\n" + "\n".join(INTRO) + "\n" + INTRO[0] + "\nWalnut desk lamp model 0")
    res = H.main_text(page, None, Settings())
    assert res is not None and res.extraction == "balanced>cards"
    assert res.text == "\n".join([*INTRO, cards.text])  # each prose line once; the title and the card's line are card text or no prose
    # more prose lines than an intro holds (another feed's teasers): the cards alone
    teasers = "\n".join(f"Story {i} of the other feed tells how a lamp maker in town {i} learned the trade." for i in range(5))
    extraction_gives(monkeypatch, teasers)
    res = H.main_text(page, None, Settings())
    assert res is not None and res.text == cards.text


def test_an_intro_is_kept_on_listing_kinds_only(monkeypatch: pytest.MonkeyPatch) -> None:
    page = _page().replace(BLURB, "".join(f"<p>{p}</p>" for p in INTRO))
    cards = card_text(load_html(page))
    monkeypatch.setattr(pagetype, "page_type", lambda tree, url: ("documentation", 0.9))  # cards taken, no intro
    extraction_gives(monkeypatch, "\n".join(INTRO))
    res = H.main_text(page, None, Settings())
    assert res is not None and res.extraction == "balanced>cards" and res.text == cards.text
