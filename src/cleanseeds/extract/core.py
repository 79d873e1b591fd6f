"""The extract stage's three public functions, over batches.

* :func:`discover` — sources -> input files (:mod:`cleanseeds.extract.discover`).
* :func:`read_batch` — input files -> documents with ``raw`` (:mod:`cleanseeds.extract.readers`).
* :func:`extract_batch` — ``raw`` -> ``source_text`` + metadata (and ``raw`` released), within the limits: markup
  depth (:mod:`cleanseeds.extract.html`, :mod:`cleanseeds.extract.limits`) and time per
  document (:mod:`cleanseeds.extract.watchdog`).

None of them raises for anything an input contains; every problem is a :class:`Rejected`.
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from cleanseeds.config import Settings
from cleanseeds.extract.discover import discover
from cleanseeds.extract.html import HtmlResult
from cleanseeds.extract.readers import read_ref
from cleanseeds.extract.watchdog import ExtractionFailed, ExtractionTimeout, prestart, run_inline, run_isolated
from cleanseeds.reasons import QuarantineReason as Q
from cleanseeds.records import Document, InputRef, Rejected, StageResult
from cleanseeds.text import headline, site_of

__all__ = ["discover", "read_batch", "extract_batch", "start_helper", "headline", "site_of"]


def read_batch(refs: Sequence[InputRef], settings: Settings) -> StageResult:
    """Read, inflate, split and decode every input file of the batch."""
    out = StageResult(docs=[])
    for ref in refs:
        n = 0
        try:
            for item in read_ref(ref, settings):
                n += 1
                if isinstance(item, Document):
                    out.docs.append(item)
                else:
                    out.rejected.append(item)
        except Exception as exc:  # noqa: BLE001 - read_ref guards itself; this is the last line
            source = ref.path if n == 0 else f"{ref.path}#{ref.first_line + n}"
            detail = f"{type(exc).__name__}: {str(exc)[:500]}; the rest of the file is not read"
            out.rejected.append(Rejected(source, "read", Q.INTERNAL_ERROR, detail, None, ref.path))
    return out


# --- extract ----------------------------------------------------------------------------------


def start_helper(docs: Sequence[Document], settings: Settings) -> None:
    """When the batch has HTML to extract in a helper process, start that helper now
    (:func:`~cleanseeds.extract.watchdog.prestart`): it starts on another core while the
    caller does other work, instead of at the first page while the caller waits."""
    if settings.extract_isolation == "process" and any(d.raw_is_html for d in docs):
        prestart()


def _reject(d: Document, reason: Q, detail: str) -> Rejected:
    return Rejected(source=d.source, stage="extract", reason=reason, detail=detail, doc_id=d.doc_id, input_path=d.input_path, content_hash=d.content_hash)


def no_text_detail(res: HtmlResult | None, ledger: bool) -> str:
    """Why a page gave no text, from the blocks the page shows (the HTML ledger): none at all is a page whose
    text a script fills in (a JavaScript app's shell: the saved HTML does not hold it), else how much was left out."""
    if res is None or not ledger:
        return "the extractor found no main text"
    if not res.dropped:
        return "the extractor found no main text: the page shows no text (an empty body, or one a script fills in)"
    words = sum(len(r.text.split()) for r in res.dropped)
    kinds = Counter(r.reason for r in res.dropped).most_common(3)
    where = ", ".join(f"{k} ({n} block{'s' if n > 1 else ''})" for k, n in kinds)
    return f"the extractor found no main text among the page's {words} visible words, left out as {where}"


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
                out.rejected.append(_reject(d, Q.NO_TEXT_EXTRACTED, no_text_detail(res, settings.html_ledger)))
                continue
            d.source_text, d.mode = res.text, "html"
            d.page_type, d.extraction, d.dropped = res.page_type, res.extraction, res.dropped
            d.title = d.title or res.title
            d.author = d.author or res.author
            d.sitename = d.sitename or res.sitename
            d.url = d.url or res.url
            if res.date:
                d.meta["trafilatura_date"] = res.date
            if res.pubdate_evidence:
                d.meta["pubdate_evidence"] = res.pubdate_evidence
        else:
            d.source_text, d.mode = raw, "text"
            if not d.title:
                d.title = headline(raw)
        d.site = site_of(d)
        d.raw = None  # the decoded input stops here: clean and enrich read source_text and the evidence above
        out.docs.append(d)
    return out
