"""Loose-block recovery in recall mode on article pages (cleanseeds.extract.wild, ``balanced>wild``)
and a story shipped twice by a site builder (``context.repeated_run``): real HTML, the real
extractor and cleaner."""
from __future__ import annotations

import trafilatura

from cleanseeds import clean, extract
from cleanseeds.clean import load_rules
from cleanseeds.config import Settings
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
