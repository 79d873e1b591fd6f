"""Loose-block recovery in recall mode on article and product pages (cleanseeds.extract.wild, ``balanced>wild``)
and a story shipped twice by a site builder (``context.repeated_run``): real HTML, the real
extractor and cleaner."""
from __future__ import annotations

import pytest
import trafilatura

from cleanseeds import clean, extract
from cleanseeds.clean import load_rules
from cleanseeds.config import Settings
from cleanseeds.extract import html as H
from cleanseeds.extract import pagetype, wild
from cleanseeds.extract.html import main_text
from cleanseeds.records import Document, content_hash, make_doc_id

P = [
    "Cloud computing refers to delivering computing services over the internet rather than through on-premise infrastructure, "
    "and it changed how firms of every size buy, run and pay for their servers over the last fifteen years.",
    "Users access resources remotely, reducing the need for expensive hardware and offering flexibility and scalability to "
    "companies of every size, from a corner bakery to a bank with branches in forty countries.",
    "A kitchen sink solution bundles storage, networking, security and analytics from one provider, so a business deals with a "
    "single bill and a single console.",
    "Businesses that handle many workloads at once often prefer one provider, because the pieces are designed to work together "
    "from the start and one support team answers for all of them.",
]
ITEMS = [
    "Cost Efficiency: Cloud computing reduces the need for upfront hardware investment and maintenance.",
    "Scalability: Resources can be scaled up or down based on the demand of the business.",
]


def _story() -> str:
    a, b = (f"<li><strong>{i.split(':')[0]}</strong>:{i.split(':', 1)[1]}</li>" for i in ITEMS)
    return (f'<div class="post-blog-richtext w-richtext"><p>{P[0]}</p><h2>Know About Cloud Computing</h2><p>{P[1]}</p>'
            f'<h3>Benefits of Cloud Computing:</h3><ul role="list">{a}{b}</ul>'
            f"<h2>Key Features</h2><p>{P[2]}</p><p>{P[3]}</p></div>")


def _page(body: str) -> str:
    """A site-builder page: no element trafilatura knows as a main container."""
    return (f'<html><head><title>What is a kitchen sink in cloud computing</title></head><body><div class="navbar">'
            f'<a href="/">Home</a><a href="/blog">Blog</a></div><section class="section-14"><div class="container-7">'
            f'<div class="grid-25">{body}</div></div></section><div class="footer">Copyright 2025 Example Foods</div></body></html>')


def test_an_article_without_a_known_container_keeps_its_lists() -> None:
    """trafilatura's balanced recovery of loose blocks takes paragraphs only: the bullet list
    is lost; on an article page the recovery runs again in recall mode and the list stays."""
    html = _page(_story())
    assert not any(i in (trafilatura.extract(html) or "") for i in ITEMS)  # the loss being fixed
    res = main_text(html, "https://example.com/blog/kitchen-sink", Settings(entities=False))
    assert res is not None and res.page_type == "article" and res.extraction in ("balanced>wild", "balanced>wild+headings")
    assert all(f"- {i}" in res.text for i in ITEMS) and all(p in res.text for p in P)
    plain = main_text(html, "https://example.com/blog/kitchen-sink", Settings(entities=False, extract_strategy="balanced"))
    assert plain is not None and plain.extraction == "balanced" and not any(i in plain.text for i in ITEMS)


def test_a_story_shipped_once_per_layout_is_kept_once() -> None:
    """Webflow ships a second copy of the story for another layout (``w-condition-invisible``):
    the extractor takes both, the cleaner drops the second copy (``context.repeated_run``)."""
    html = _page(_story() + '<div class="layout__gated w-condition-invisible">' + _story() + "</div>")
    settings = Settings(entities=False, extract_isolation="inline")
    src = "pages/kitchen-sink.html"
    doc = Document(doc_id=make_doc_id(src, content_hash(html)), source=src, input_path=src, input_format="html",
                   content_hash=content_hash(html), raw=html, raw_is_html=True, url="https://example.com/blog/kitchen-sink")
    extracted = extract.extract_batch([doc], settings).docs
    assert extracted[0].source_text.count(P[2]) == 2
    out = clean.clean_batch(extracted, load_rules(settings), clean.SiteTemplates(), settings).docs[0]
    assert all(out.text.count(p) == 1 for p in P) and all(out.text.count(i) == 1 for i in ITEMS)
    assert {r.rule for r in out.removed if P[2] in r.text} == {"context.repeated_run"}


FLOOD = [
    "The river rose four metres overnight and the old stone bridge at the edge of the town was closed before dawn, the council said.",
    "Residents of the lower streets were moved to the school hall, where volunteers handed out blankets, soup and dry clothes until noon.",
    "Engineers will inspect the piers once the water falls, a task the council expects to take at least a week in the best case.",
    "Farmers upstream reported fields under water and lost hay, and asked the regional office for help with feed for their herds.",
    "The weather service expects two more days of rain, with the river peaking again on Thursday evening before it slowly drops.",
]


def test_the_pass_leaves_a_text_trafilatura_took_from_another_extractor() -> None:
    """The story is in ``<div>`` blocks: trafilatura's balanced loose-block recovery finds only
    the one ``<p>`` (a byline), so its comparison takes another extractor's text, the whole
    story. That text did not come from the recovery: the recall pass does not replace it (its
    recovered text, which adds the promo ``<div>``, would stop the comparison from switching:
    the story plus the promo, ``balanced>wild``, before this check)."""
    from trafilatura.utils import load_html

    from cleanseeds.extract import wild
    from cleanseeds.extract.html import _selective_extractor

    url = "https://example.com/blog/flood"
    promo = "Sign up for our newsletter to get the morning briefing in your inbox every day."
    pages = {"story in divs": _page('<div class="w-richtext"><p>By our reporter.</p>' + "".join(f"<div>{s}</div>" for s in FLOOD)
                                    + f'</div><div class="grid-26"><div>{promo}</div></div>'),
             "story in paragraphs": _page(_story())}
    found = {}
    for name, html in pages.items():
        options = _selective_extractor()(output_format="python", url=url)
        wild.watch(options, "article")
        res = trafilatura.bare_extraction(load_html(html), url=url, options=options)
        assert res is not None
        found[name] = wild.recovered(options, res.body, "balanced")
        after = wild.second_pass(options, res, lambda h=html: load_html(h), url, str(res.text), "balanced")
        if name == "story in divs":
            assert all(s in res.text for s in FLOOD) and promo not in res.text and after == (res.text, "balanced")
        else:
            assert after[1] == "balanced>wild" and all(i in after[0] for i in ITEMS)
    assert found == {"story in divs": False, "story in paragraphs": True}


def test_the_recall_pass_reads_the_page_without_what_the_first_pass_left_out() -> None:
    """The loose-block recovery in recall mode parses the page again: the boxes the first pass left
    out before extraction (an article's disclaimer box) stay out (they came back on this route)."""
    notice = "We earn commissions from links on our site, enabling us to deliver independent reviews of cloud services."
    story = _story().replace("<h2>Key Features</h2>", f"<div class='affiliate-disclaimer'>{notice}</div><h2>Key Features</h2>")
    html = "<html><head><meta charset='utf-8'></head>" + _page(story)[len("<html>"):]
    res = main_text(html, "https://example.com/blog/kitchen-sink", Settings(entities=False))
    assert res is not None and res.page_type == "article" and res.extraction.startswith("balanced>wild")
    assert all(p in res.text for p in P) and all(f"- {i}" in res.text for i in ITEMS)
    assert notice not in res.text
    assert any(notice in row.text for row in res.dropped)  # the ledger still lists the box


FEATURES = ["Dual Connect output: XLR for analogue recorders and USB-C for computers",
            "Gold-plated one inch capsule with a cardioid polar pattern",
            "Built-in high-pass filter, noise gate and compressor"]
DESCRIPTION = [
    "The fifth generation of this studio condenser microphone takes the sound of the classic model and adds an audio interface, "
    "so it records straight to a computer over USB as well as to a mixing desk over XLR.",
    "Its high-gain preamp handles quiet voices and loud vocals alike, and its conversion at up to 192 kHz with a floating point "
    "output makes clipping a recording practically impossible for singers and podcasters.",
    "In the box you find the microphone, a shock mount with an integrated pop filter, a six metre XLR cable and a three metre "
    "USB-C cable, everything a beginner needs to start recording on the first evening.",
]


def _shop_page() -> str:
    """A shop theme's product text: no element trafilatura knows as a main container."""
    items = "".join(f"<li class='fx-list__item'>{f}</li>" for f in FEATURES)
    paragraphs = "".join(f"<p>{p}</p>" for p in DESCRIPTION)
    return ("<html><head><title>Studio condenser microphone</title></head><body><div class='fx-header'><a href='/'>Home</a>"
            "<a href='/mics'>Microphones</a></div><div class='fx-grid'><div class='fx-col'><div class='product-text'>"
            f"<h2 class='fx-headline'>Large Diaphragm Condenser Microphone</h2><ul class='fx-list'>{items}</ul>{paragraphs}"
            "</div></div></div><div class='fx-footer'>Copyright 2025 Example Music</div></body></html>")


def test_a_product_page_without_a_known_container_keeps_its_feature_list(monkeypatch: pytest.MonkeyPatch) -> None:
    html = _shop_page()
    assert not any(f in (trafilatura.extract(html) or "") for f in FEATURES)  # the loss being fixed: the list is dropped
    monkeypatch.setattr(pagetype, "page_type", lambda tree, url: ("product", 0.9))
    res = H.main_text(html, None, Settings(entities=False))
    assert res is not None and res.extraction is not None and res.extraction.startswith("balanced>wild")
    assert all(f"- {f}" in res.text for f in FEATURES) and all(p in res.text for p in DESCRIPTION)
    monkeypatch.setattr(wild, "WILD_RECALL_TYPES", wild.WILD_RECALL_TYPES - {"product"})  # the change off
    res = H.main_text(html, None, Settings(entities=False))
    assert res is not None and res.extraction == "balanced" and not any(f in res.text for f in FEATURES)
