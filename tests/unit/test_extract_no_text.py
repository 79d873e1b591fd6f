"""A page that gives no text is quarantined with what the page shows (extract/core.no_text_detail):
an app shell whose text a script fills in says so; a page of menus and footers says how much it
showed and where that was."""
from __future__ import annotations

from cleanseeds.config import Settings
from cleanseeds.extract import extract_batch
from cleanseeds.records import Document, content_hash, make_doc_id

# a forum engine's shell: metadata and an empty container the app's script fills in
SHELL = ("<html><head><title>New to astronomy - Forum</title><meta property='og:description' content='Howdy, I am new to the hobby'>"
         "<script src='/app.js'></script></head><body><section id='main'></section><form style='display:none'>"
         "<input name='user'></form></body></html>")
# a page whose only text is its footer (the product itself drawn by a script)
CHROME = ("<html><head><title>Shop</title></head><body><div id='app'></div><footer><p>Help Center, Disputes and Reports, Return"
          " and refund policy, Report infringement</p><p>Our group: Website, Cloud, Payments, Travel, Logistics</p></footer></body></html>")


def _doc(html: str) -> Document:
    h = content_hash(html)
    return Document(doc_id=make_doc_id("page.html", h), source="page.html", input_path="page.html", input_format="html",
                    content_hash=h, raw=html, raw_is_html=True)


def _detail(html: str, settings: Settings) -> str:
    res = extract_batch([_doc(html)], settings)
    assert not res.docs and len(res.rejected) == 1 and res.rejected[0].reason == "no_text_extracted"
    return res.rejected[0].detail


def test_an_app_shell_is_named_as_such() -> None:
    assert _detail(SHELL, Settings(extract_isolation="inline")).endswith("the page shows no text (an empty body, or one a script fills in)")


def test_a_page_of_menus_says_what_it_showed() -> None:
    detail = _detail(CHROME, Settings(extract_isolation="inline"))
    assert detail == "the extractor found no main text among the page's 18 visible words, left out as page_footer (2 blocks)"


def test_without_the_ledger_the_detail_claims_nothing() -> None:
    assert _detail(SHELL, Settings(extract_isolation="inline", html_ledger=False)) == "the extractor found no main text"
