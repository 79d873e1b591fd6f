"""Small text utilities shared by the stages: a plain-text document's headline, the site a
document belongs to (the grouping key of site templates). Pure functions, no state."""
from __future__ import annotations

import re
from urllib.parse import urlsplit

from cleanseeds.records import Document

__all__ = ["headline", "site_of"]

# --- text mode: a first line that looks like a headline becomes the title --------------------

_END_OF_SENTENCE = re.compile(r"[.,;:…]$|[.,;:…][\"'”’»)]$")
_NOT_HEADLINE = re.compile(r"https?://|www\.|@|\||\t|^[-–—•*#>]|^\W*$|^\d{1,2}[:/.]\d{1,2}")


def headline(text: str) -> str | None:
    """The first line of a plain-text document, if it reads like a headline.

    A headline: the first non-blank line, 8-200 characters, 2-25 words, starting with a
    capital letter, digit or quote, not ending like a sentence (``.`` ``,`` ``;`` ``:``), no URL,
    e-mail, bullet or menu separator, not in capitals only (a dateline or a section name),
    and followed by more text. The line stays in ``source_text``; this only sets ``title``.
    """
    lines = text.lstrip("\ufeff").splitlines()
    i = next((k for k, ln in enumerate(lines) if ln.strip()), None)
    if i is None or i > 2:
        return None
    first = lines[i].strip()
    rest = "\n".join(lines[i + 1 :]).strip()
    words = first.split()
    if not rest or not 8 <= len(first) <= 200 or not 2 <= len(words) <= 25:
        return None
    if not (first[0].isupper() or first[0].isdigit() or first[0] in "\"'“‘«„¿¡"):
        return None
    if _END_OF_SENTENCE.search(first) or _NOT_HEADLINE.search(first):
        return None
    letters = [ch for ch in first if ch.isalpha()]
    if letters and all(ch.isupper() for ch in letters):
        return None
    if len(rest) < len(first):
        return None
    return first


def site_of(d: Document) -> str:
    """Grouping key for site templates: the URL host (lowercase, no ``www.``), else the folder."""
    if d.url:
        try:
            host = urlsplit(d.url.strip()).hostname
        except ValueError:
            host = None
        if host:
            host = host.lower().rstrip(".")
            return host.removeprefix("www.")
    path = d.input_path
    return path.rsplit("/", 1)[0] if "/" in path else "."
