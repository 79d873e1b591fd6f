"""A forum thread's posts the extractor skipped after the ones it took are put back (``extract.thread``)."""
from __future__ import annotations

from trafilatura.utils import load_html

from cleanseeds.config import Settings
from cleanseeds.extract import thread
from cleanseeds.extract.cards import card_text
from cleanseeds.extract.html import main_text
from cleanseeds.records import extraction_parts

GUIDE = " ".join(f"Step {i}: open the case, check the fan number {i} and clean its blades with a dry brush before you test it."
                 for i in range(1, 25))
REPLIES = ["Thanks, the fan on my old tower was full of dust and this fixed the noise.",
           "I would add that you should unplug the power supply before you open anything at all.",
           "Which brush do you use for the small fans inside the graphics card cooler?",
           "A soft paint brush works well for me, and a can of air for the heatsink fins."]


def _post(n: int, name: str, body: str) -> str:
    return (f"<div class='message'><div class='user'><a href='/u/{n}'>{name}</a><span>Posts: {n * 7}</span></div>"
            f"<div class='main'><header><time>Jun {n}, 2025</time><a href='#p{n}'>#{n}</a></header>"
            f"<article class='message-body'><div class='bbWrapper'>{body}</div></article>"
            f"<footer><a href='#'>Reply</a><a href='#'>Report</a></footer></div></div>")


def _page() -> str:
    posts = [_post(1, "fanguy", f"<p>{GUIDE}</p>")] + [_post(i + 2, f"reader{i}", r) for i, r in enumerate(REPLIES)]
    return ("<html><head><title>Cleaning case fans - Forum</title><meta property='og:type' content='article'></head><body>"
            "<nav><a href='/'>Forums</a><a href='/new'>New posts</a></nav><main><h1>Cleaning case fans</h1>"
            f"<div class='block-body'>{''.join(posts)}</div></main><footer>Forum software</footer></body></html>")


def test_bodies_are_the_posts_written_with_the_cards_common_body_element() -> None:
    cards = card_text(load_html(_page()), opening=True)
    assert [b[0] if b else "" for b in cards.bodies][1:] == REPLIES
    assert cards.bodies[0][0].startswith("Step 1: open the case")
    assert card_text(load_html(_page())).bodies == ()  # only read for a thread (``opening``)


def test_the_skipped_replies_come_back_after_the_post_the_text_holds() -> None:
    bodies = ((GUIDE,), *((r,) for r in REPLIES))
    text = f"Cleaning case fans\n{GUIDE}\nForum software"
    out, added = thread.put_back(text, bodies)
    assert added == 4
    assert out.split("\n") == ["Cleaning case fans", GUIDE, *REPLIES, "Forum software"]
    # a group none of whose posts the text holds is something else: unchanged
    assert thread.put_back("A page about something else entirely, with words of its own here.", bodies) == (
        "A page about something else entirely, with words of its own here.", 0)
    # every post already there: unchanged
    whole = "\n".join([GUIDE, *REPLIES])
    assert thread.put_back(whole, bodies) == (whole, 0)
    # over MAX_PAIRS the pass does not search: unchanged
    many = bodies * (thread.MAX_PAIRS // 4)
    assert thread.put_back(text, many) == (text, 0)
    # a post the text lacks before the first one it holds goes first
    out, added = thread.put_back("\n".join(REPLIES[1:]), tuple((r,) for r in REPLIES))
    assert added == 1 and out.split("\n")[0] == REPLIES[0]


def test_a_thread_page_keeps_its_replies() -> None:
    """trafilatura alone takes the first post's ``<article>`` and none of the replies; the pass puts them back
    after it, and the whole pipeline keeps them."""
    import trafilatura

    alone = trafilatura.extract(_page(), include_comments=True) or ""
    assert GUIDE[:60] in alone and not any(r in alone for r in REPLIES)
    text, strategy = thread.for_kind(alone, "comments", card_text(load_html(_page()), opening=True), "forum", True)
    assert strategy == "comments+posts" and all(r in text for r in REPLIES)
    assert text.index(REPLIES[0]) > text.index("Step 24")
    assert thread.for_kind(alone, "comments>cards", card_text(load_html(_page()), opening=True), "forum", True)[0] == alone
    assert thread.for_kind(alone, "balanced", card_text(load_html(_page()), opening=True), "article", True)[0] == alone
    res = main_text(_page(), "https://forum.example.org/threads/cleaning-case-fans.123/", Settings(entities=False))
    assert res is not None and res.page_type == "forum" and all(r in res.text for r in REPLIES)
    extraction_parts(res.extraction)  # a typed value
