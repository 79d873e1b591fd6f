"""The extract stage's three public functions, over batches.

* :func:`discover` — sources -> input files (:mod:`cleanseeds.extract.discover`).
* :func:`read_batch` — input files -> documents with ``raw`` (:mod:`cleanseeds.extract.readers`).
* :func:`extract_batch` — ``raw`` -> ``source_text`` + metadata, within the limits: markup
  depth (:mod:`cleanseeds.extract.html`, :mod:`cleanseeds.extract.limits`) and time per
  document (:mod:`cleanseeds.extract.watchdog`).

None of them raises for anything an input contains; every problem is a :class:`Rejected`.
"""
from __future__ import annotations

import re
from collections.abc import Sequence
from urllib.parse import urlsplit

from cleanseeds.config import Settings
from cleanseeds.extract.discover import discover
from cleanseeds.extract.readers import read_ref
from cleanseeds.extract.watchdog import ExtractionFailed, ExtractionTimeout, run_inline, run_isolated
from cleanseeds.reasons import QuarantineReason as Q
from cleanseeds.records import Document, InputRef, Rejected, StageResult

__all__ = ["discover", "read_batch", "extract_batch", "headline", "site_of"]


def read_batch(refs: Sequence[InputRef], settings: Settings) -> StageResult:
    """Read, inflate, split and decode every input file of the batch."""
    out = StageResult(docs=[])
    for ref in refs:
        for item in read_ref(ref, settings):
            if isinstance(item, Document):
                out.docs.append(item)
            else:
                out.rejected.append(item)
    return out


# --- text mode: a first line that looks like a headline becomes the title ------------------------

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
            return host[4:] if host.startswith("www.") else host
    path = d.input_path
    return path.rsplit("/", 1)[0] if "/" in path else "."


# --- extract ----------------------------------------------------------------------------------


def _reject(d: Document, reason: Q, detail: str) -> Rejected:
    return Rejected(source=d.source, stage="extract", reason=reason, detail=detail, doc_id=d.doc_id, input_path=d.input_path, content_hash=d.content_hash)


def extract_batch(docs: Sequence[Document], settings: Settings) -> StageResult:
    """HTML -> main text and metadata (within the limits); text -> itself, maybe a title."""
    run = run_isolated if settings.extract_isolation == "process" else run_inline
    out = StageResult(docs=[])
    for d in docs:
        raw = d.raw or ""
        if d.raw_is_html:
            try:
                res = run(raw, d.url, settings)
            except ExtractionTimeout as exc:
                out.rejected.append(_reject(d, Q.EXTRACTION_TIMEOUT, str(exc)))
                continue
            except ExtractionFailed as exc:
                out.rejected.append(_reject(d, Q.EXTRACTION_FAILED, str(exc)))
                continue
            except Exception as exc:  # noqa: BLE001 - inline mode: the extractor raised
                out.rejected.append(_reject(d, Q.EXTRACTION_FAILED, f"{type(exc).__name__}: {str(exc)[:500]}"))
                continue
            if res is not None and res.too_deep:
                out.rejected.append(_reject(d, Q.MARKUP_TOO_DEEP, f"elements nest deeper than {settings.max_markup_depth} levels (max_markup_depth)"))
                continue
            if res is None or not res.text.strip():
                out.rejected.append(_reject(d, Q.NO_TEXT_EXTRACTED, "the extractor found no main text"))
                continue
            d.source_text, d.mode = res.text, "html"
            d.page_type, d.extraction, d.dropped = res.page_type, res.extraction, res.dropped
            d.title = d.title or res.title
            d.author = d.author or res.author
            d.sitename = d.sitename or res.sitename
            d.url = d.url or res.url
            if res.date:
                d.meta["trafilatura_date"] = res.date
        else:
            d.source_text, d.mode = raw, "text"
            if not d.title:
                d.title = headline(raw)
        d.site = site_of(d)
        out.docs.append(d)
    return out
