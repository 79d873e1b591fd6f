"""A product page's hidden tab and accordion panels shown (extract/panels.py) and its tag- or
class-named tooltips left out (extract/tooltips.py): real HTML written here, the real extractor."""
from __future__ import annotations

import pytest
import trafilatura
from trafilatura.utils import load_html

from cleanseeds.config import Settings
from cleanseeds.extract import html as H
from cleanseeds.extract import pagetype, panels, tooltips

INTRO = ("<p>The Titan graphics card is built around two processors and twelve gigabytes of fast memory, offering smooth"
         " performance for games on several large monitors at once, with a quiet cooler and an aluminium case.</p>"
         "<p>It also supports double precision arithmetic for scientific computing, and ships with a three year warranty"
         " from the maker, registered online in a few minutes after you install the card in your computer.</p>")
SPECS = ("<table><tr><th>Core Clock</th><td>732 MHz</td></tr><tr><th>Memory Interface</th><td>768-Bit</td></tr>"
         "<tr><th>Slot Width</th><td>3 Slots</td></tr></table>")


def _product(panel_class: str) -> str:
    return ("<html><head><title>Titan Z graphics card</title></head><body><nav><a href='/'>Home</a><a href='/gpu'>Cards</a></nav>"
            "<main><h1>Titan Z graphics card</h1><div class='tab-nav'><a href='#o'>Overview</a><a href='#s'>Specs</a></div>"
            f"<div class='tab-panes'><div class='{panel_class}' style='display:block'><div class='article'>{INTRO}</div></div>"
            f"<div class='{panel_class}' style='display:none'><h2>Specifications</h2>{SPECS}</div></div></main>"
            "<footer><p>Copyright 2025 Example Shop</p></footer></body></html>")


def test_show_panels_unhides_named_panels_only() -> None:
    tree = load_html(
        "<html><body><header><div class='menu-tab-content' hidden>Shop all Games Hardware</div></header><main>"
        "<div class='tab-pane' style='display:none'><p>Core clock 732 MHz</p></div>"
        "<div id='collapse-1-panel' aria-hidden='true'><p>Ships within two days</p></div>"
        "<div class='cookie-tab-content' style='display: none'><p>Strictly necessary cookies</p></div>"
        "<div class='size-chart' hidden><p>Size chart</p></div>"
        "<div class='accordion-item'><p>Always shown</p></div></main></body></html>")
    assert panels.show_panels(tree) == 2
    shown = tree.xpath("//div[@class='tab-pane' or @id='collapse-1-panel']")
    assert all(p.get("aria-hidden") is None and "none" not in (p.get("style") or "") for p in shown)
    assert tree.xpath("//div[@class='cookie-tab-content']")[0].get("style") == "display: none"  # site chrome stays hidden
    assert tree.xpath("//div[@class='size-chart']")[0].get("hidden") is not None  # no panel name: stays hidden
    assert tree.xpath("//div[@class='menu-tab-content']")[0].get("hidden") is not None  # inside the header (and chrome)


def test_a_product_page_keeps_its_specification_tab(monkeypatch: pytest.MonkeyPatch) -> None:
    html = _product("tab-pane")
    assert "768-Bit" not in (trafilatura.extract(html) or "")  # the loss being fixed: the hidden tab is dropped
    monkeypatch.setattr(pagetype, "page_type", lambda tree, url: ("product", 0.9))
    res = H.main_text(html, None, Settings(entities=False))
    assert res is not None and "768-Bit" in res.text and "732 MHz" in res.text and "double precision" in res.text
    assert not any("Specifications" in r.text for r in res.dropped)  # the ledger read the same page
    monkeypatch.setattr(panels, "PANEL_TYPES", frozenset())  # the change off: the tab stays hidden
    res = H.main_text(html, None, Settings(entities=False))
    assert res is not None and "double precision" in res.text and "768-Bit" not in res.text


def test_other_kinds_leave_a_product_tab_hidden(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pagetype, "page_type", lambda tree, url: ("article", 0.9))
    res = H.main_text(_product("tab-pane"), None, Settings(entities=False))
    assert res is not None and "double precision" in res.text and "768-Bit" not in res.text


GLOSSARY = "Open-back headphone designs are often higher-performance but have poor noise isolation and leak sound."


def _headphones() -> str:
    rows = "".join(f"<tr><td class='specification-title'>{label}<tool-tip class='tool-tip'><button>More information</button>"
                   f"<div class='tool-tip__content'>{GLOSSARY if i == 0 else 'Impedance is usually between 8 and 600 ohm for most headphones.'}"
                   f"</div></tool-tip></td><td>{value}</td></tr>"
                   for i, (label, value) in enumerate([("Cup style", "Open-back"), ("Impedance", "37 ohm")]))
    return ("<html><head><title>Sundara headphones</title></head><body><main><h1>Sundara headphones</h1>"
            f"{INTRO}<h2>Specifications</h2><table class='specification-table'>{rows}</table>"
            "<p>Pair them with <span class='group/tooltip'>a desktop amplifier</span> for the best results at home.</p></main></body></html>")


def test_named_tooltips_are_left_out_of_product_pages(monkeypatch: pytest.MonkeyPatch) -> None:
    html = _headphones()
    assert GLOSSARY in (trafilatura.extract(html) or "")  # the junk being fixed: the glossary comes with every label
    monkeypatch.setattr(pagetype, "page_type", lambda tree, url: ("product", 0.9))
    res = H.main_text(html, None, Settings(entities=False))
    assert res is not None and GLOSSARY not in res.text and "600 ohm" not in res.text and "More information" not in res.text
    assert "Open-back" in res.text and "37 ohm" in res.text and "double precision" in res.text
    assert "a desktop amplifier" in res.text  # a trigger's group is no tooltip
    monkeypatch.setattr(tooltips, "TOOLTIP_TYPES", frozenset())  # the change off
    res = H.main_text(html, None, Settings(entities=False))
    assert res is not None and GLOSSARY in res.text
