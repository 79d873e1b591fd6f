"""Boxes of content whose class says ``embed`` (Webflow's HTML Embed holding a table of the story) are
read as the page's content, not discarded as social embeds (extract/embeds.py)."""
from __future__ import annotations

import pytest
from trafilatura.utils import load_html

from cleanseeds.config import Settings
from cleanseeds.extract import embeds, pagetype
from cleanseeds.extract import html as H

PARA = ("<p>Part {n} of the guide explains how much to tip a server at a full service restaurant, and why the share of the"
        " bill differs between a counter, a bar and a table with a waiter.</p>")
TABLE = ("<div class='w-embed'><style>.t{{color:red}}</style><div class='responsive-table'><table>"
         "<tr><th>Service</th><th>Suggested tip</th></tr><tr><td>Full service restaurant</td><td>20%</td></tr>"
         "<tr><td>Coffee shop</td><td>$1 - $2</td></tr></table></div>{after}</div>")


def _page(embed: str) -> str:
    body = PARA.format(n=1) + "<h2>Tip chart</h2>" + PARA.format(n=2) + embed + PARA.format(n=4)
    return (f"<html><head><title>Tipping guide</title></head><body><nav><a href='/'>Home</a></nav>"
            f"<article><div class='rich-text-block w-richtext'>{body}</div></article><footer>Copyright 2024 Example</footer></body></html>")


@pytest.fixture(autouse=True)
def _article(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pagetype, "page_type", lambda tree, url: ("article", 0.9))


def test_a_table_in_a_embeds_embed_is_kept_with_the_text_after_it() -> None:
    page = _page(TABLE.format(after=PARA.format(n=3)))
    # trafilatura alone discards the embed as a share box: the table and the paragraph inside it are lost
    plain = H.main_text(page, None, Settings(extract_strategy="balanced"))
    assert plain is not None and "Coffee shop" not in plain.text and "Part 3" not in plain.text and "Part 4" in plain.text
    res = H.main_text(page, None, Settings())
    assert res is not None
    assert "| Coffee shop | $1 - $2 |" in res.text and "Part 3 of the guide" in res.text
    assert res.text.index("Part 2") < res.text.index("Coffee shop") < res.text.index("Part 3") < res.text.index("Part 4")
    assert "Copyright" not in res.text and "Home" not in res.text.split("\n")


def test_only_embeds_of_content_lose_the_class() -> None:
    page = _page(TABLE.format(after="")
                 + "<div class='w-embed w-script'><script>track()</script></div>"
                 + "<div class='w-embed'><blockquote class='twitter-tweet'><p>a post</p></blockquote></div>"
                 + "<div class='w-embed w-iframe'><iframe src='https://video.example/1'></iframe></div>")
    tree = load_html(page)
    assert embeds.unmark_embeds(tree) == 1
    assert [e.get("class") for e in tree.iter("div") if "w-embed" in (e.get("class") or "")] == ["w-embed w-script", "w-embed", "w-embed w-iframe"]
    assert embeds.may_have_embeds(page) and embeds.may_have_embeds('<section class="embed">')
    assert not embeds.may_have_embeds("<p>Embed this chart</p><script>embed('x')</script>")
    # a short box is no content either ("Embed this chart: copy the code")
    assert embeds.unmark_embeds(load_html("<html><body><div class='embed-box'><p>Embed this chart</p></div></body></html>")) == 0
    # forced modes read the page as trafilatura does
    forced = H.main_text(_page(TABLE.format(after="")), None, Settings(extract_strategy="balanced"))
    assert forced is not None and "Coffee shop" not in forced.text
