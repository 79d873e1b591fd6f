"""A window the page's script opens, named by its class (``popup``, ``modal``), is left out in ``auto``
mode when it is no part of the page's frame (extract/overlays.py); the second extractor reads the page
without it too."""
from __future__ import annotations

import pytest
from resiliparse.parse.html import HTMLTree
from trafilatura.utils import load_html

from cleanseeds.config import Settings
from cleanseeds.extract import html as H
from cleanseeds.extract import pagetype
from cleanseeds.extract.overlays import drop_overlays, drop_overlays_parsed, may_have_overlays
from cleanseeds.extract.second import second_text

SECTIONS = "".join(f"<p>Section {n} of the page about our boiler servicing, which covers every make of gas boiler in the county"
                   " and comes with a written report on its safety.</p>" for n in range(1, 6))
ADDON = ("<div class='elementor elementor-location-popup'><p>Add a second visit in the winter months and our engineer will bleed"
         " every radiator, check the pressure and top up the system before the cold weather arrives.</p></div>")
QUOTE = ("<div class='quote-modal'><h3>Get started today</h3><p>We only call this number to confirm your booking; it is"
         " never shared with anyone outside our small team of engineers.</p></div>")
MULTI = ("<section class='multimodal-intake'><p>Send us a photo of the boiler's plate and the assistant reads the model and the"
         " year, so the engineer brings the right parts on the first visit.</p></section>")


def _page(frame: str = "main") -> str:
    return (f"<html><head><title>Boiler servicing</title></head><body><{frame}><h1>Boiler servicing</h1>{SECTIONS}{MULTI}"
            f"<p>The last section of the page, after the boxes, which every reader sees as well.</p></{frame}>{ADDON}{QUOTE}</body></html>")


@pytest.mark.parametrize("kind", ["service", "article", "product"])
def test_an_overlay_s_text_is_left_out(monkeypatch: pytest.MonkeyPatch, kind: str) -> None:
    monkeypatch.setattr(pagetype, "page_type", lambda tree, url: (kind, 0.9))
    page = _page("div")  # (no main frame: trafilatura recovers the page's loose blocks, the windows among them)
    plain = H.main_text(page, None, Settings(extract_strategy="balanced"))
    assert plain is not None and "bleed every radiator" in plain.text  # trafilatura keeps it
    res = H.main_text(page, None, Settings())
    assert res is not None and "Section 3 of the page" in res.text and "The last section of the page" in res.text
    assert "bleed every radiator" not in res.text and "Phone number is used" not in res.text
    assert "assistant reads the model" in res.text  # (multimodal: no window)


@pytest.mark.parametrize("kind", ["collection", "listing"])
def test_collection_and_listing_pages_keep_their_overlays(monkeypatch: pytest.MonkeyPatch, kind: str) -> None:
    monkeypatch.setattr(pagetype, "page_type", lambda tree, url: (kind, 0.9))
    res = H.main_text(_page("div"), None, Settings())
    assert res is not None and "bleed every radiator" in res.text
    assert "bleed every radiator" in second_text(_page(), kind) and "bleed every radiator" not in second_text(_page(), "service")


def test_drop_overlays_keeps_the_frame_the_tail_and_a_page_wrapper() -> None:
    tree = load_html(f"<html><body><main><div class='modal'><p>A box inside the main frame stays.</p></div>{SECTIONS}</main>"
                     f"<div class='wrap'>{ADDON} tail text</div>{MULTI}<span class='popup-link'>Help</span></body></html>")
    assert drop_overlays(tree) == 1
    assert "bleed every radiator" not in " ".join(tree.itertext()) and tree.find(".//div[@class='wrap']").text.strip() == "tail text"
    assert "A box inside the main frame stays." in " ".join(tree.itertext()) and "Help" in " ".join(tree.itertext())
    wrapper = load_html(f"<html><body><div class='popup-page'>{SECTIONS}</div><p>Footer line.</p></body></html>")
    assert drop_overlays(wrapper) == 0  # (most of the page: a theme's name for it, not a window)
    titled = load_html(f"<html><body><div class='modal-layout'><h1>Boiler servicing</h1><p>Lead.</p></div>{SECTIONS}</body></html>")
    assert drop_overlays(titled) == 0
    assert may_have_overlays("<div class='v8Modal'>") and may_have_overlays("<div class='x-popup'>") and not may_have_overlays("<p>story</p>")


def test_the_second_extractor_reads_the_page_without_them() -> None:
    page = _page()
    assert "bleed every radiator" not in second_text(page, "service") and "Section 2 of the page" in second_text(page, "service")
    tree = HTMLTree.parse(page)
    assert drop_overlays_parsed(tree) == 2 and "Phone number is used" not in str(tree.body.text)
    assert "assistant reads the model" in str(tree.body.text)
