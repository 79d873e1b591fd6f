"""Blocks of a documentation page trafilatura loses, made readable before extraction in
``extract_strategy = "auto"`` (extract/docblocks.py: labelled callouts, code listings in figures,
glued code lines), and anchor ids that are a section heading's slug (extract/slug_ids.py)."""
from __future__ import annotations

from typing import Any

import pytest
from trafilatura.utils import load_html as _load_html

from cleanseeds.config import Settings
from cleanseeds.extract import docblocks, pagetype, restore, slug_ids
from cleanseeds.extract import html as H
from cleanseeds.extract.blocks import Block

INTRO = ("<p>The package manager installs, upgrades and removes software packages, and keeps a database of every file"
         " that each installed package owns on the system.</p>")
OUTRO = ("<p>Packages are downloaded into the cache directory first, and the cache can be cleaned from time to time to"
         " free the disk space that old versions of packages take.</p>")
CALLOUT = ("<div class='template-box template-box-warning'><strong>Warning</strong> Avoid refreshing the package list"
           " without upgrading the system: a partial upgrade is unsupported.</div>")
SYNOPSIS = "<div class='refsynopsisdiv'>pacman &lt;operation&gt; [options] [targets]</div>"
LISTING = ("<figure class='listing'><pre><code>fn main() {\n    let s = String::from(\"hello\");\n}</code></pre>"
           "<figcaption>Listing 4-1: A variable and the scope in which it is valid</figcaption></figure>")
PHOTO = "<figure><img src='a.png' alt=''><figcaption>Photo: the maintainers at the 2024 summit</figcaption></figure>"
GLUED = ("<pre><code><span class='line'>npm create vite@latest my-project</span><span class='line'>cd my-project</span>"
         "</code></pre>")


def load_html(html: str) -> Any:
    tree = _load_html(html)
    assert tree is not None
    return tree


def _page(body: str) -> str:
    """A documentation page long enough that trafilatura's own extraction is taken (on a page of a
    paragraph or two its fallback comparison keeps a bare-text ``<div>`` anyway)."""
    before = "".join(INTRO.replace("software packages", f"software packages ({i})") for i in range(3))
    after = "".join(OUTRO.replace("from time to time", f"from time to time ({i})") for i in range(3))
    return (f"<html><head><title>Package manager</title></head><body><main><h1>Package manager</h1>{before}{body}{after}"
            "</main></body></html>")


def _text(page: str, monkeypatch: pytest.MonkeyPatch, kind: str = "documentation", **settings: str) -> str:
    monkeypatch.setattr(pagetype, "page_type", lambda tree, url: (kind, 0.9))
    res = H.main_text(page, None, Settings(**settings))
    assert res is not None
    return res.text


def test_a_callout_is_a_div_led_by_a_bold_admonition_label() -> None:
    tree = load_html(_page(CALLOUT + SYNOPSIS))
    assert [docblocks.is_callout(d) for d in tree.iter("div")] == [True, False]
    for not_one in ("<div><strong>Warning</strong> Too short here.</div>",  # under MIN_WORDS after the label
                    "<div>See this: <strong>Note</strong> text that comes after a label in the middle.</div>",  # text first
                    "<div><strong>Example</strong> not a label word, so this is not a callout box.</div>",
                    "<div><strong>Note</strong><p>a box holding a paragraph is read as it is already.</p></div>"):
        assert not docblocks.is_callout(load_html(_page(not_one)).find(".//main/div")), not_one
    assert docblocks.is_callout(load_html(_page("<div><b>Hinweis:</b> Die Reihenfolge der Einträge ist wichtig.</div>")).find(".//main/div"))


def test_documentation_pages_keep_their_callouts(monkeypatch: pytest.MonkeyPatch) -> None:
    text = _text(_page(CALLOUT + SYNOPSIS), monkeypatch)
    assert "Warning Avoid refreshing the package list" in text  # lost without the pass
    assert "pacman <operation>" not in text  # a bare-text box without a label stays as trafilatura reads it
    assert "Avoid refreshing" not in _text(_page(CALLOUT), monkeypatch, kind="article")  # documentation pages only
    assert "Avoid refreshing" not in _text(_page(CALLOUT), monkeypatch, extract_strategy="balanced")  # auto mode only


def test_code_listings_in_figures_are_read(monkeypatch: pytest.MonkeyPatch) -> None:
    text = _text(_page(LISTING + PHOTO), monkeypatch)
    assert 'let s = String::from("hello");' in text and "Listing 4-1: A variable and the scope" in text
    assert "Photo: the maintainers" not in text  # an image's figure stays out
    assert "String::from" not in _text(_page(LISTING), monkeypatch, kind="article")
    tree = load_html(_page(LISTING + PHOTO))
    assert docblocks.open_code_figures(tree) == 1 and [f.find("img") is not None for f in tree.iter("figure")] == [True]


def test_glued_code_lines_are_broken(monkeypatch: pytest.MonkeyPatch) -> None:
    text = _text(_page(GLUED), monkeypatch)
    assert "npm create vite@latest my-project\ncd my-project" in text  # glued: "my-projectcd my-project" without the pass
    rows = ("<pre><div><span>1</span><div><span>import</span> os\n</div></div>"
            "<div><span>2</span><div><span>from</span> x import y\n</div></div></pre>")
    text = _text(_page(rows), monkeypatch)
    assert "import os\n" in text and "osfrom" not in text and "os2from" not in text
    assert docblocks.break_code_lines(load_html(_page("<pre><code>a = 1\nb = 2</code></pre>"))) == 0


HIDDEN_LINES = ("<pre><code class='language-rust'><span class='boring'>pub trait Summary {\n</span>"
                "<span class='boring'>    fn summarize(&amp;self) -&gt; String;\n</span><span class='boring'>}\n</span>"
                "pub struct NewsArticle {\n    pub headline: String,\n}\n"
                "impl Summary for NewsArticle {\n    fn summarize(&amp;self) -&gt; String { self.headline.clone() }\n}</code></pre>")


def test_code_lines_the_page_hides_are_left_out(monkeypatch: pytest.MonkeyPatch) -> None:
    text = _text(_page(HIDDEN_LINES), monkeypatch)
    assert "pub struct NewsArticle {" in text and "impl Summary for NewsArticle {" in text
    assert "pub trait Summary" not in text and "fn summarize(&self) -> String;" not in text  # kept without the pass
    assert "pub trait Summary {" in _text(_page(HIDDEN_LINES), monkeypatch, kind="article")  # documentation pages only
    tree = load_html(_page(HIDDEN_LINES + "<p>A <span class='boring'>boring</span> word outside code stays.</p>"))
    assert docblocks.drop_hidden_code_lines(tree) == 3
    code = tree.find(".//code")
    assert code.text.startswith("pub struct NewsArticle {") and "boring" in tree.find(".//main").text_content()


STREAMED_SLOT = "<template id='B:0'></template><div>Loading...</div>"
STREAMED = ("<div hidden id='S:0'><pre><code>$ npm i @mostly-adequate/support</code></pre>"
            "<p>The support library holds every function the chapters use, curried and ready to compose.</p></div>"
            "<script>$RC(\"B:0\",\"S:0\")</script>")


def test_streamed_blocks_are_read_in_their_place(monkeypatch: pytest.MonkeyPatch) -> None:
    page = _page(STREAMED_SLOT).replace("</main>", "</main>" + STREAMED)
    text = _text(page, monkeypatch)
    assert "npm i @mostly-adequate/support" in text and "every function the chapters use" in text  # lost without the pass
    assert text.index("npm i @mostly") < text.index("Packages are downloaded")  # in the template's place, before the outro
    assert "npm i @mostly" in _text(page, monkeypatch, kind="article")  # every kind: the browser shows it on any page
    assert "npm i @mostly" not in _text(page, monkeypatch, kind="article", extract_strategy="balanced")  # auto mode only
    assert not docblocks.may_stream(_page(STREAMED_SLOT).replace("B:", "X"))  # the source gate: no template id, no walk
    orphan = _page("").replace("</main>", "</main>" + STREAMED)  # no template of its id: stays hidden
    assert docblocks.place_streamed_content(load_html(orphan)) == 0
    tree = load_html(page)
    assert docblocks.place_streamed_content(tree) == 1 and tree.find(".//template") is None
    assert tree.find(".//main/div[@id='S:0']") is not None and tree.find(".//div[@hidden]") is None


def test_a_heading_before_a_code_block_on_several_lines_is_restored() -> None:
    blocks = [Block("Sign in to comment", -1, "div"), Block("npm create vite my-project cd my-project", -1, "pre"),
              Block("Install the CSS tools", -1, "h2", 0, True), Block("Install the tools and the plugin with npm now.", -1, "p")]
    text = "npm create vite my-project\ncd my-project\nInstall the tools and the plugin with npm now."
    restored, n = restore.restore_headings(blocks, text)
    assert n == 1 and restored == "npm create vite my-project\ncd my-project\nInstall the CSS tools\nInstall the tools and the plugin with npm now."
    as_para = [Block(b.text, b.region, "p" if b.tag == "pre" else b.tag, b.link_chars, b.heading) for b in blocks]
    assert restore.restore_headings(as_para, text) == (text, 0)  # only a <pre> block is looked for across lines


SECTION = ("<section id='s-looping-over-hidden-and-visible-fields'><h2>Looping over hidden and visible fields</h2>"
           "<p>If you lay out a form by hand, you might want to treat the hidden fields differently from the visible ones,"
           " because hidden fields show nothing.</p></section>")
RELATED = ("<section id='related-topics'><h2>Related topics</h2><p>Another question that a reader asked about hidden form"
           " fields last year, with the answers of the community.</p></section>")


def test_ids_that_are_the_heading_slug_are_taken_off(monkeypatch: pytest.MonkeyPatch) -> None:
    tree = load_html(_page(SECTION + RELATED))
    assert [slug_ids.is_heading_slug(s) for s in tree.iter("section")] == [True, False]  # a role name of 2 words stays
    text = _text(_page(SECTION + RELATED), monkeypatch, kind="article")
    assert "treat the hidden fields differently" in text  # trafilatura drops an id containing "hidden"
    assert "answers of the community" not in text
    assert "treat the hidden fields" not in _text(_page(SECTION), monkeypatch, kind="article", extract_strategy="balanced")
    short = load_html(_page("<div id='hidden-fields'><h3>Hidden fields</h3><p>x</p></div>"))
    assert slug_ids.unname_heading_slugs(short) == 0
