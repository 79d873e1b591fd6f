"""The no-script copy of a page's main content (extract/noscript.py, issue 12): a saved forum
page whose scripts drew only some posts keeps the whole thread inside ``<noscript>``."""
from __future__ import annotations

from typing import Any

import pytest
import trafilatura
from trafilatura.utils import load_html

from cleanseeds.config import Settings
from cleanseeds.extract import html as H
from cleanseeds.extract import noscript as N
from cleanseeds.extract import pagetype
from cleanseeds.extract import second as S

NAV = "<nav><ul>" + "".join(f"<li><a href='/c{i}'>Category {i}</a></li>" for i in range(8)) + "</ul></nav>"


def _post(i: int) -> str:
    return (f"<div class='topic-body crawler-post'><div class='crawler-post-meta'><span class='creator'>member{i}</span>"
            f"<span class='post-time'>May {i + 1}, 2024</span></div>"
            f"<div class='post'><p>Reply {i}: I had the same resolver problem with the bridged network on my machine, "
            f"and naming the container in the compose file fixed it for me after the restart number {i}.</p></div></div>")


def _page(shown: int = 1, posts: int = 12, notice: bool = False) -> str:
    """A saved forum page: scripts drew ``shown`` posts; the no-script copy has all ``posts``."""
    copy = ("<p>Please enable JavaScript to use this forum.</p>" if notice else
            "<header><a href='/'>Example Forums</a></header><div id='main-outlet' role='main'><h1>Resolver question</h1>"
            + "".join(_post(i) for i in range(posts)) + "</div><footer><p>Powered by forum software</p></footer>")
    drawn = "".join(_post(i) for i in range(posts - shown, posts))
    return (f"<html><head><title>Resolver question</title></head><body><noscript>{copy}</noscript>{NAV}"
            f"<main><section class='thread'>{drawn}</section></main></body></html>")


def test_the_copy_is_the_largest_noscript_holding_a_main_region() -> None:
    page = N.noscript_page(load_html(_page()))
    assert page is not None and page.find(".//noscript") is None  # an ordinary block now: trafilatura drops <noscript>
    assert "Reply 0:" in page.text_content() and "Reply 11:" in page.text_content()
    assert N.noscript_page(load_html(_page(notice=True))) is None  # "enable JavaScript": no main region, no copy
    assert N.noscript_page(load_html(_page(posts=1, shown=1))) is None  # under NOSCRIPT_MIN_WORDS
    assert N.has_noscript(_page()) and N.has_noscript(_page().upper()) and not N.has_noscript("<html><body><p>x</p></body></html>")


def _only_the_drawn_posts(monkeypatch: pytest.MonkeyPatch, shown: int) -> None:
    """trafilatura's pass on the whole page as on the real pages (WCXB, Discourse): it cleans
    ``<noscript>`` away and finds the posts the scripts drew."""
    def drawn(tree: Any, url: Any, options: Any, last_use: bool) -> Any:
        doc = trafilatura.settings.Document()
        doc.text = "\n".join(f"Reply {i}: I had the same resolver problem with the bridged network on my machine, and naming "
                             f"the container in the compose file fixed it for me after the restart number {i}." for i in range(12 - shown, 12))
        return doc

    monkeypatch.setattr(H, "bare_extraction", drawn)


@pytest.mark.parametrize("kind", ["forum", "article"])
def test_auto_takes_the_whole_thread_from_the_noscript_copy(monkeypatch: pytest.MonkeyPatch, kind: str) -> None:
    monkeypatch.setattr(pagetype, "page_type", lambda tree, url: (kind, 0.9))
    _only_the_drawn_posts(monkeypatch, 1)
    res = H.main_text(_page(), None, Settings())
    base = H.STRATEGY_BY_TYPE[kind]
    assert res is not None and res.extraction == f"{base}>noscript"
    assert all(f"Reply {i}:" in res.text for i in range(12)) and "Category 3" not in res.text
    # without the pass (a forced strategy, or a copy that is no gain) only the drawn post is found
    forced = H.main_text(_page(), None, Settings(extract_strategy="balanced"))
    assert forced is not None and "Reply 0:" not in forced.text
    monkeypatch.setattr(N, "NOSCRIPT_GAIN", 100.0)
    monkeypatch.setattr(S, "SECOND_TINY_WORDS", 0)  # (and no second extractor: it reads the copy too, extract/second.py)
    monkeypatch.setattr(S, "SECOND_TYPES", frozenset())
    off = H.main_text(_page(), None, Settings())
    assert off is not None and off.extraction == base and "Reply 0:" not in off.text and "Reply 11:" in off.text


def test_a_page_that_shows_its_posts_keeps_its_own_text(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pagetype, "page_type", lambda tree, url: ("forum", 0.9))
    _only_the_drawn_posts(monkeypatch, 12)
    res = H.main_text(_page(shown=12), None, Settings())  # the drawn page has every post: the copy is no gain
    assert res is not None and res.extraction is not None and not res.extraction.endswith(">noscript")
    assert all(f"Reply {i}:" in res.text for i in range(12))
