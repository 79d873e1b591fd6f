"""A ``main``-named box in the page header no longer pre-empts the page's ``<main>`` as trafilatura's
frame in ``auto`` mode (extract/frame.py)."""
from __future__ import annotations

import pytest
from trafilatura.utils import load_html

from cleanseeds.config import Settings
from cleanseeds.extract import frame, pagetype
from cleanseeds.extract import html as H

PARA = ("<p>Section {n} explains how a pod groups containers that share storage and network resources, and how the"
        " scheduler places it on one node of the cluster for its whole life.</p>")
BODY = ("<main><h1>Pods</h1>" + PARA.format(n=1) + "<h2>Using pods</h2>" + PARA.format(n=2)
        + "<div class='alert'>You need to install a container runtime on each node of the cluster first.</div>"
        + "<ul><li>one container per pod</li><li>several containers that work together</li></ul>" + PARA.format(n=3) + "</main>")


def _page(banner: str = "<div class='main-banner'>Version 2 is out</div>", body: str = BODY) -> str:
    return (f"<html><head><title>Pods</title></head><body><header>{banner}<nav><a href='/'>Home</a> <a href='/docs'>Docs</a></nav>"
            f"</header>{body}<footer>Copyright 2024 Example</footer></body></html>")


def test_a_main_named_banner_no_longer_hides_the_main_text(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pagetype, "page_type", lambda tree, url: ("service", 0.9))
    # trafilatura alone takes the banner as its frame, finds nothing there, and its wild-text recovery keeps only the <p>s
    plain = H.main_text(_page(), None, Settings(extract_strategy="balanced"))
    assert plain is not None and plain.text.count("\n") == 2 and "Using pods" not in plain.text
    res = H.main_text(_page(), None, Settings())
    assert res is not None
    lines = res.text.split("\n")
    assert lines[:3] == ["Pods", plain.text.split("\n")[0], "Using pods"]
    assert "You need to install a container runtime on each node of the cluster first." in lines
    assert "- one container per pod" in lines and "Version 2 is out" not in res.text and "Copyright" not in res.text


def test_only_small_boxes_before_the_one_main_are_unnamed() -> None:
    tree = load_html(_page())
    assert frame.unname_decoys(tree) == 1
    assert tree.xpath("//header/div")[0].get("class") is None and tree.xpath("//main")
    # a page whose main-named box is the main text's wrapper (holds the <main>) keeps it
    wrapped = load_html(_page(banner="", body=f"<div class='main-wrap'>{BODY}</div>"))
    assert frame.unname_decoys(wrapped) == 0 and wrapped.xpath("//div[@class='main-wrap']")
    # two <main>s: no single main text to prefer
    assert frame.unname_decoys(load_html(_page(body=BODY + BODY))) == 0
    # a main-named box as long as the <main> is no decoy
    long_banner = "<div class='main-banner'>" + PARA.format(n=9) * 3 + "</div>"
    assert frame.unname_decoys(load_html(_page(banner=long_banner))) == 0
    # an earlier, more specific main-content expression matches (an <article>): trafilatura never reaches the union
    assert frame.unname_decoys(load_html(_page(body=BODY.replace("<main>", "<main><article>").replace("</main>", "</article></main>")))) == 0


def test_the_look_before_the_main_finds_what_trafilaturas_last_frame_expression_takes() -> None:
    from trafilatura.xpaths import BODY_XPATH

    # the test the shortcut repeats, as trafilatura writes it (a new trafilatura with another one fails here)
    path = " ".join(BODY_XPATH[-1].path.split())
    assert path == ("(.//*[self::article or self::div or self::section][ starts-with(@class, 'main') or starts-with(@id, 'main')"
                    " or starts-with(@role, 'main')])[1]|(.//main)[1]")
    pages = [_page(),  # a banner before the <main>
             _page(banner="<span class='main-banner'>Version 2</span>"),  # a <span>: not a frame trafilatura takes
             _page(banner="<section role='main-nav'>Docs</section>"),  # a role
             _page(banner="", body=f"<div id='main-wrap'>{BODY}</div>"),  # an ancestor of the <main>
             _page(banner="", body=BODY + "<div class='main-footer'>More</div>"),  # after the <main>: never first
             _page(banner="", body=BODY.replace("<main>", "<main><div class='main-inner'>").replace("</main>", "</div></main>")),
             _page(banner="").replace("<html>", "<html class='main'>")]  # the root: outside './/*'
    found = []
    for html in pages:
        tree = load_html(html)
        main = next(tree.iter("main"))
        first = next(iter(BODY_XPATH[-1](tree)))
        assert frame._named_before(tree, main) is (first is not main)
        found.append(first is not main)
    assert found == [True, False, True, True, False, False, False]
