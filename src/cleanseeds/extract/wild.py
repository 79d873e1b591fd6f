"""Loose-block recovery in recall mode on pages with one main text (extraction ``balanced>wild``).

trafilatura looks for the page's main container with its list of XPaths (``BODY_XPATH``: an
``<article>``, a ``post-content`` class, ...). When none matches, or what it found is under
``min_extracted_size``, it falls back to recovering the page's loose blocks
(``main_extractor.recover_wild_text``). In its default (balanced) mode that recovery takes
paragraphs, quotes, code and tables only: the story's **headings and lists are lost** (a
site builder's rich-text block, such as Webflow's ``w-richtext``, carries no class trafilatura
knows, so its articles take this route and lose their section titles, bullet lists and
"Key takeaways" boxes). In recall mode the same recovery also takes lists, ``<div>`` blocks
and line breaks.

On the kinds with one main text (:data:`WILD_RECALL_TYPES`), ``auto`` mode watches the
extraction (:func:`watch`); when its final text is the one the balanced loose-block recovery
returned (:func:`recovered`), the extraction runs again with only that recovery in recall mode
(:func:`recall_text`: the container search, the comparison with readability and jusText and
the line cleaner are unchanged), and its text is taken when it is again the recovery's and
keeps at least :data:`WILD_KEEP_SHARE` of the first text. The pass replaces only text that came
from the recovery: when trafilatura's comparison took readability's or jusText's text (or its
rescues took another text), that decision stands; a longer recall text would stop the comparison
from switching (seen on the held-out half of WCXB: thewoodwhisperer.com 0.97 -> 0.68,
timesofindia.com 0.99 -> 0.93 when the pass ran on every page that took the route). The
document's ``extraction`` is then ``balanced>wild``. It costs a second extraction on the
pages that take the route (about one article page in nine on WCXB).

Measured on WCXB (macro word F1 per true kind, ``bench/quality_wcxb.py``; trafilatura alone,
on the 49 tune-half and 38 held-out article pages that take this route: balanced 0.798 /
0.852, recall 0.878 / 0.929; on every other article page balanced and recall are within 0.001).
"""
from __future__ import annotations

from collections.abc import Callable
from copy import copy
from typing import Any

#: the page kinds (as decided, ``cleanseeds.extract.pagetype``) whose loose-block recovery runs
#: again in recall mode: one main text, whose headings and lists belong to it, and service
#: pages (sections of headings and feature lists; a fifth of the pages the model calls service
#: are articles). Adding service, on top of article and other (WCXB, sum of page F1 changes,
#: tune / held-out half): service +0.48 / +0.16, article +0.30 / +0.38, no other kind changes.
#: Product pages too: a shop theme's product text (thomann's ``product-text``, iFixit's, Steam's
#: game description) sits in no container trafilatura knows, and the balanced recovery lost its
#: feature lists, spec bullets and section titles. Measured with the whole pipeline
#: (quality_wcxb.py --types product,service,collection --dump, page by page against the same run
#: without it): product tune 0.736 -> 0.750, +0.81 in sum (21 pages change: eight Steam pages,
#: 3052 0.39 -> 0.65 and 3078 0.51 -> 0.75, ifixit 3022 0.63 -> 0.78, newegg 2889 0.88 -> 0.95,
#: thomann 0.90 -> 0.92, mybirdbuddy 0.33 -> 0.41; down: headphones.com 0.83 -> 0.67, whose
#: recovered ``<div>`` text holds the buy box and its tooltips, ifixit 3023 0.85 -> 0.78 and 2981
#: 0.76 -> 0.70), held-out +0.19 in sum (2 pages); a Steam collection page -0.008 (the cleaner's
#: site template, learnt from the host's product pages). trafilatura's text alone (without the
#: cleaner and the product passes) had lost on product pages before (-0.35 / -0.58).
#: Not listing, documentation, collection or forum pages: trafilatura alone, recall's
#: recovery minus balanced's on the pages of those kinds that take the route, tune / held-out:
#: listing +0.62 / -0.85, documentation +0.31 / -0.40, collection -0.86 / -0.82, forum -1.81 / -4.81.
WILD_RECALL_TYPES = frozenset({"article", "other", "service", "product"})
#: ... and the recall text is taken only when it keeps at least this share of the characters of
#: the first text: recall mode's recovery adds blocks to what the balanced one finds, but a
#: longer recovered text can also stop trafilatura's comparison from taking readability's
#: text, which on a shop page the model called an article was the page's descriptions (its
#: recall text: the product grid, a tenth as long). Less than half: no evidence, the first
#: text stays.
WILD_KEEP_SHARE = 0.5

_FOCUS = "wild_focus"  # set on the options of the second run: the focus the loose-block recovery runs with
_BODIES = "wild_bodies"  # set on watched options: (focus, body) of each loose-block recovery of the run


def install() -> None:
    """Wrap ``trafilatura.main_extractor.recover_wild_text`` (once per process): on watched
    options (:func:`watch`, :func:`recall_text`) the recovery records the body it returns, with
    the focus it ran in, and runs with the focus the options carry (second run only). Every
    other call (anyone else's trafilatura, unmarked options) goes to the original unchanged."""
    import trafilatura.main_extractor as me

    if getattr(me.recover_wild_text, "_cleanseeds_original", None) is not None:
        return
    original = me.recover_wild_text

    def recover(tree: Any, result_body: Any, options: Any, potential_tags: Any = None, consumed: Any = None) -> Any:
        bodies = getattr(options, _BODIES, None)
        focus = getattr(options, _FOCUS, None)
        if focus is not None and options.focus != focus:
            options = copy(options)
            options.focus = focus
        body = original(tree, result_body, options, potential_tags, consumed)
        if bodies is not None:
            bodies.append((options.focus, body))
        return body

    recover._cleanseeds_original = original  # type: ignore[attr-defined]
    me.recover_wild_text = recover


def watch(options: Any, kind: str, strategy: str = "auto") -> None:
    """Record on ``options`` the bodies the extraction's loose-block recoveries return, in
    ``auto`` mode (the ``extract_strategy`` setting) when the page's kind is in
    :data:`WILD_RECALL_TYPES` (options of a class with a ``__dict__``, such as
    ``SelectiveExtractor``; others are not watched). The list is shared with the copies
    trafilatura makes of the options (its recall escalation). Installs the hook
    (:func:`install`) on first use."""
    install()
    if strategy == "auto" and kind in WILD_RECALL_TYPES and hasattr(options, "__dict__"):
        setattr(options, _BODIES, [])


def recovered(options: Any, body: Any, focus: str | None = None) -> bool:
    """Whether ``body`` (the final body of an extraction with these watched options) is the
    one a loose-block recovery returned (in ``focus``, when given): not a text trafilatura's
    comparison took from readability or jusText, nor its baseline rescue."""
    return any(b is body and (focus is None or f == focus) for f, b in getattr(options, _BODIES, None) or ())


def recall_text(tree: Any, url: str | None, options: Any, text: str) -> str | None:
    """The text of an extraction of ``tree`` (the page as parsed; consumed) with a copy of the
    first extraction's ``options`` whose loose-block recovery runs in recall mode, when its
    final text is that recovery's (:func:`recovered`), keeps at least :data:`WILD_KEEP_SHARE`
    of ``text`` and differs from it; else ``None``."""
    from cleanseeds.extract.html import bare_extraction

    options = copy(options)  # the first extraction's options (the page's visible size for the comparison)
    setattr(options, _FOCUS, "recall")
    setattr(options, _BODIES, [])
    res = bare_extraction(tree, url, options, last_use=True)
    if res is None or not recovered(options, res.body):
        return None
    more = str(res.text or "")
    if more == text or len(more) < WILD_KEEP_SHARE * len(text):
        return None
    return more


def second_pass(options: Any, res: Any, parse: Callable[[], Any], url: str | None, text: str,
                strategy: str) -> tuple[str, str]:
    """``text`` and ``strategy`` after the recall pass (:func:`recall_text` on the page parsed
    again by ``parse()``) when the body of ``res``, the watched extraction's result, is what its
    balanced loose-block recovery returned (:func:`recovered`; not when trafilatura's comparison
    or rescues took another extractor's text: the recall text would pre-empt that decision) and
    no other pass replaced its text (``strategy`` without ``>``: the recall fallback and the
    cards of ``extract/html.py`` decide on the first text, and keep their choice); unchanged
    otherwise."""
    if ">" in strategy or res is None or not recovered(options, res.body, options.focus):
        return text, strategy
    more = recall_text(parse(), url, options, text)
    return (more, f"{strategy}>wild") if more is not None else (text, strategy)
