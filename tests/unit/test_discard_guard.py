"""A story wrapper whose class merely contains one of trafilatura's boilerplate words is kept
(extract/discard_guard.py): it holds most of the page's paragraph prose; a real sidebar, a list
of other stories or a short box with the same words is still discarded."""
from __future__ import annotations

import pytest

from cleanseeds.config import Settings
from cleanseeds.extract import discard_guard
from cleanseeds.extract.html import main_text
from cleanseeds.extract.xpath_regex import install

STORY = "".join(
    f"<p>Paragraph {i} of the story: the harbour town rebuilt its sea wall after the winter storms, and the"
    f" fishermen who had lost their boats were given new ones by a cooperative of twelve villages ({i}).</p>"
    for i in range(16)
)
MENU = "".join(f"<li><a href='/s{i}'>Section number {i} of the site</a></li>" for i in range(30))
SIDEBAR = ("<div class='sidebar-box'><p>Subscribe to our weekly letter and read the best of the week in your inbox"
           " every Sunday morning.</p></div>")
REPLIES = "".join(
    f"<p>Reply {i}: my grandfather worked on the old wall, good to see it standing again this spring ({i}).</p>"
    for i in range(14)
)
RELATED = "".join(
    f"<p>Teaser {i}: another story about the coast, its boats and the villages of the bay, in our archive ({i}).</p>"
    for i in range(30)
)


def _page(wrapper_class: str, related_class: str = "more-coverage") -> str:
    return (
        "<html><head><title>The sea wall</title></head><body>"
        f"<nav><ul>{MENU}</ul></nav>"
        f"<div class='content'><h1>The sea wall</h1><div class='{wrapper_class}'>{STORY}{SIDEBAR}</div>"
        f"<div class='replies'>{REPLIES}</div></div>"
        f"<div class='{related_class}'>{RELATED}</div>"
        "</body></html>"
    )


def _pruned(html: str) -> str:
    """The text of the page's ``div.content`` after trafilatura's discard prune (what its main
    extractor runs on the body it found, with its own guard against pruning nearly everything)."""
    from trafilatura.htmlprocessing import prune_unwanted_nodes
    from trafilatura.utils import load_html
    from trafilatura.xpaths import OVERALL_DISCARD_XPATH

    install()
    tree = load_html(html)
    body = tree.find(".//div[@class='content']")
    return str(prune_unwanted_nodes(body, OVERALL_DISCARD_XPATH, with_backup=True).text_content())


@pytest.mark.parametrize("wrapper_class", ["listicle-slides", "bard-post", "page1-footer"])
def test_story_in_a_wrapper_named_with_a_boilerplate_word_is_kept(wrapper_class: str, monkeypatch: pytest.MonkeyPatch) -> None:
    text = _pruned(_page(wrapper_class))
    assert "Paragraph 3 of the story" in text and "Paragraph 15 of the story" in text
    assert "weekly letter" not in text  # the sidebar inside the story still goes
    monkeypatch.setattr(discard_guard, "MIN_SHARE", 2.0)  # the guard off: trafilatura drops the story
    assert "Paragraph 3 of the story" not in _pruned(_page(wrapper_class))


def test_a_list_of_other_stories_is_not_kept() -> None:
    # the teasers are most of the prose here, in a wrapper named as trafilatura's related lists
    html = _page("article-stories").replace(STORY, RELATED)
    assert "Teaser 4: another story" not in _pruned(html)
    assert "Teaser 4: another story" in _pruned(html.replace("article-stories", "listicle-slides"))


def test_short_prose_is_not_evidence() -> None:
    short = _page("listicle-slides").replace(STORY, "".join(p + "</p>" for p in STORY.split("</p>")[:3]))
    assert "Paragraph 1 of the story" not in _pruned(short)


def test_the_story_comes_out_of_the_extraction() -> None:
    result = main_text(_page("listicle-slides"), None, Settings())
    assert result is not None and "Paragraph 15 of the story" in result.text
