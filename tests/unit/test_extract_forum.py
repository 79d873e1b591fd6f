"""Forum threads (auto mode, pages decided forum): posts inside a moderation form are read
(extract/forms.py), the posts' signatures are left out (extract/reviews.py), and a thread that
declares itself an article still gets its posts from the card pass (extract/html.py)."""
from __future__ import annotations

import pytest
from trafilatura.utils import load_html

from cleanseeds.config import Settings
from cleanseeds.extract import forms, pagetype, reviews
from cleanseeds.extract import html as H

BODIES = (
    "I have been running a small board for years and wonder how others use the new assistants to answer questions.",
    "We tried a bot that drafts a first reply, but members stopped reading it after a week because it was often wrong.",
    "A summary of long threads works better for us, as long as a moderator reads it before it is posted to the board.",
    "It writes a decent haiku about almost anything, which is the one thing our members actually asked it to do.",
    "Last time I asked for a haiku it could not count the syllables, so I would not trust it with our support questions.",
)
#: more text than the posts, outside the thread (so trafilatura drops a form holding them): menus of links, each its own
#: shape (no group of cards larger than the posts)
SIDEBAR = "".join(f"<div class='side{m}'><ul>" + "".join(f"<li><a href='/board/{m}/{n}'>Board number {m}{n}</a></li>" for n in range(15))
                  + "</ul></div>" for m in range(6)) + ("<div class='about'><p>This board is run by volunteers who love"
                  " wooden boats and the people who build them in their sheds and gardens.</p></div>")


def _post(n: int, body: str, signature: bool = False) -> str:
    sig = (f"<div class='signature'>Visit my shop of handmade wooden toys for kids, number {n} in town, open daily</div>"
           if signature else "")
    return (f"<div class='windowbg' id='msg{n}'><div class='poster'><h4>member{n}</h4></div>"
            f"<div class='postarea'><div class='keyinfo'>June 0{n}, 2024</div><div class='post'>{body}</div></div>{sig}</div>"
            "<hr class='post_separator'>")


def _thread(in_form: bool, signature: bool = False, head: str = "") -> str:
    posts = "".join(_post(n, b, signature) for n, b in enumerate(BODIES, 1))
    wrap = f"<form id='quickModForm' action='/index.php'>{posts}<input type='hidden' name='sc' value='1'></form>" if in_form else posts
    return (f"<html><head><title>How do you use AI?</title>{head}</head><body><div id='main'><h1>How do you use AI?</h1>"
            f"{wrap}</div>{SIDEBAR}</body></html>")


def _forum(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pagetype, "page_type", lambda tree, url: ("forum", 0.9))


def test_posts_inside_a_moderation_form_are_read(monkeypatch: pytest.MonkeyPatch) -> None:
    _forum(monkeypatch)
    res = H.main_text(_thread(in_form=True), None, Settings())
    assert res is not None
    assert all(b in res.text for b in BODIES)
    monkeypatch.setattr(forms, "KINDS", frozenset())  # the pass off: the form (under half the page's text) goes
    off = H.main_text(_thread(in_form=True), None, Settings())
    assert off is None or sum(b in off.text for b in BODIES) < 2


def test_a_form_with_a_field_to_type_into_stays_a_form() -> None:
    tree = load_html("<html><body><form><p>" + "Tell us what you think of the board and its members. " * 10 + "</p><textarea></textarea>"
                     "</form><form><p>" + "Selected posts can be moved, merged or removed. " * 10 + "</p><input type='checkbox'></form>"
                     "<form><input type='submit' value='Mark read'></form></body></html>")
    assert forms.unwrap_post_forms(tree) == 1
    assert [el.tag for el in tree.find(".//body")] == ["form", "div", "form"]


def test_signatures_are_left_out_on_forum_pages(monkeypatch: pytest.MonkeyPatch) -> None:
    _forum(monkeypatch)
    res = H.main_text(_thread(in_form=False, signature=True), None, Settings())
    assert res is not None and all(b in res.text for b in BODIES)
    assert "handmade wooden toys" not in res.text
    monkeypatch.setattr(reviews, "SIGNATURE_TYPES", frozenset())
    off = H.main_text(_thread(in_form=False, signature=True), None, Settings())
    assert off is not None and "handmade wooden toys" in off.text


def test_signature_names() -> None:
    tree = load_html("<html><body><div class='post-signature owner'>a</div><div data-role='memberSignature'>b</div>"
                     "<div class='postsignature'>c</div><div class='signatures-ok'>d</div><p class='sign'>e</p></body></html>")
    assert [el.text for el in reviews.signatures(tree)] == ["a", "b", "c"]


def test_a_members_title_banner_and_stats_are_left_out_but_not_the_name() -> None:
    tree = load_html("<html><body><section class='message-user'><div class='message-userDetails'><h4 class='message-name'>boobaloobie</h4>"
                     "<h5 class='userTitle message-userTitle'>Full Member</h5><div class='userBanner message-userBanner'>7+ Year Member</div>"
                     "</div><div class='message-userExtras'><dl><dt>Joined</dt><dd>Jun 29, 2016</dd></dl></div></section>"
                     "<div class='userTitle'>Kept: not XenForo's message furniture</div></body></html>")
    assert reviews.drop_signatures(tree) == 3
    text = " ".join(tree.find(".//body").itertext())
    assert "boobaloobie" in text and "Kept" in text
    assert "Full Member" not in text and "7+ Year" not in text and "Joined" not in text


def test_a_thread_declaring_an_article_still_gets_its_posts() -> None:
    from cleanseeds.extract.cards import card_text

    head = "<meta property='og:type' content='article'>"
    tree = load_html(_thread(in_form=False, head=head))
    cards = card_text(tree)
    assert all(b in cards.text for b in BODIES)
    short = "How do you use AI?"  # the extractor kept the title alone
    assert H._take_cards(short, cards, tree, "forum")
    dated = load_html(_thread(in_form=False, head=head + "<meta property='article:published_time' content='2026-03-06'>"))
    assert not H._take_cards(short, card_text(dated), dated, "listing")  # a news page the model took for a listing: its feed stays out


NOTICES = ("<ul class='notices notices--block js-notices'><li class='notice js-notice'><div class='notice-content'>"
           "Welcome to the friendliest board about wooden boats on the web, where builders have met for twenty years. "
           "Join the conversation today, registration is free.</div></li></ul>")


def test_the_forums_notices_are_left_out_not_a_notice_in_a_post(monkeypatch: pytest.MonkeyPatch) -> None:
    """Issue 12, forum round 11: XenForo's list of site notices over the thread (reviews.NOTICE_CLASSES)."""
    _forum(monkeypatch)
    page = _thread(in_form=False).replace("<div id='main'>", "<div id='main'>" + NOTICES)
    res = H.main_text(page, None, Settings())
    assert res is not None and all(b in res.text for b in BODIES)
    assert "friendliest board" not in res.text
    monkeypatch.setattr(reviews, "NOTICE_CLASSES", frozenset())
    off = H.main_text(page, None, Settings())
    assert off is not None and "friendliest board" in off.text
    # a post's own notice box (the singular word) stays
    tree = load_html("<html><body>" + NOTICES + "<div class='notice'>Moved to the engines board by a moderator.</div>"
                     "<div class='PanelScroller' id='Notices'>b</div></body></html>")
    monkeypatch.undo()
    assert [el.get("class") for el in reviews.signatures(tree)] == ["notices notices--block js-notices", "PanelScroller"]
