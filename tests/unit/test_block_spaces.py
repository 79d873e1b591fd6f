"""Blocks trafilatura unwraps inside a list item or a quote stay apart by a space (``extract.block_spaces``)."""
from __future__ import annotations

from lxml import etree

from cleanseeds.config import Settings
from cleanseeds.extract import block_spaces
from cleanseeds.extract.html import main_text
from cleanseeds.extract.xpath_regex import install

PROSE = "<p>The blender on this page was tested for a month in a small kitchen by two cooks who make soup every day.</p>"
SPECS = ("<ul><li><div><span>Watts</span></div><div><span>1200 W</span></div></li>"
         "<li><div><div>Blade material</div><div>Stainless steel</div></div></li>"
         "<li>Speeds <b>five</b><div>plus pulse</div> and a timer</li></ul>")
QUOTE = "<blockquote><div>It crushed ice</div><div>in seconds.</div></blockquote>"


def test_a_spec_list_and_a_quote_read_as_the_page_shows_them() -> None:
    html = f"<html><body><article>{PROSE}{SPECS}{QUOTE}{PROSE}</article></body></html>"
    res = main_text(html, None, Settings(entities=False))
    assert res is not None
    lines = res.text.split("\n")
    assert "- Watts 1200 W" in lines
    assert "- Blade material Stainless steel" in lines
    assert "- Speeds five plus pulse and a timer" in lines
    assert "It crushed ice in seconds." in lines
    assert "Watts1200" not in res.text and "materialStainless" not in res.text


def test_only_the_edges_of_divs_inside_inline_hosts_change() -> None:
    install()
    body = etree.fromstring(
        "<body><list><item><div>Watts</div><div>1200 W</div></item><item>a <div>b </div>c<div> d</div></item></list>"
        "<div><div>Top</div><div>level</div></div><p>one<div>two</div></p></body>")
    block_spaces.strip_tags(body, "div")
    items = [" ".join(i.itertext()) for i in body.iter("item")]
    assert items == ["Watts 1200 W", "a b c d"]  # spaces added only where both sides had none
    assert body.find("p") is not None and "".join(body.find("p").itertext()) == "one two"
    assert body.find("list").tail == "Toplevel"  # a top-level block is not inside an inline host: untouched
    other = etree.fromstring("<body><item><div>x</div><div>y</div></item></body>")
    block_spaces.strip_tags(other, "div", "span")  # another call of strip_tags is passed through as it is
    assert "".join(other.itertext()) == "xy"
