"""Main text and metadata of one HTML page, with trafilatura.

``main_text(html, url, settings) -> HtmlResult | None``. The caller (extract/core.py) wraps
this in the limits (markup depth, time per document) and turns ``None`` into a quarantine.
"""
from __future__ import annotations

from dataclasses import dataclass

from cleanseeds.config import Settings


@dataclass(slots=True)
class HtmlResult:
    text: str
    title: str | None = None
    author: str | None = None
    sitename: str | None = None
    url: str | None = None
    date: str | None = None  # trafilatura's metadata date (ISO), provenance resolved in enrich


def main_text(html: str, url: str | None, settings: Settings) -> HtmlResult | None:
    import trafilatura

    res = trafilatura.bare_extraction(
        html, url=url, with_metadata=True, include_comments=False, favor_precision=True, fast=settings.extract_fast
    )
    if res is None or not res.text:
        return None
    return HtmlResult(text=res.text, title=res.title, author=res.author, sitename=res.sitename, url=res.url, date=res.date)
