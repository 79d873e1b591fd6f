"""jusText's paragraphs without words glued together: the space between two inline elements is kept.

trafilatura falls back to jusText (``trafilatura.external.justext_rescue``) when its own text is
short or holds markup it calls unclean. jusText reads the page as a stream of SAX events
(``justext.core.ParagraphMaker``), and its ``characters`` handler returns early on a text node that
is blank: the single space between two links, ``<a>contract</a> <a>didn't do enough</a>``, or between
two ``<span>`` words, is dropped, and the paragraph reads "contractdidn't do enough". A reader sees
a wrong word; the analyst's tokenizer, search index and entity model see one too. jusText 3.0.2 (the
latest release) does this; trafilatura passes its paragraphs' text on as is.

:class:`SpacedParagraphMaker` keeps one space for such a node when the paragraph already holds
text (a blank node before the paragraph's first word, or between two blocks, still adds nothing;
the paragraph's text is whitespace-normalised as before). :func:`install` puts it in place of
``ParagraphMaker`` where trafilatura calls it (``trafilatura.external``), once. The classification
reads the same words; a paragraph's length grows by the spaces it shows on screen.

WCXB (``bench/quality_wcxb.py``, page by page against the code before it, stop 35): 19 pages' text changes
(trafilatura took jusText's paragraphs there), tune +0.012 in sum, held-out +0.031, none down by more than 0.001.
"""
from __future__ import annotations

_INSTALLED: list[bool] = []


def _spaced_class() -> type:
    from justext.core import ParagraphMaker
    from justext.utils import is_blank

    class SpacedParagraphMaker(ParagraphMaker):  # type: ignore[misc]
        """``ParagraphMaker`` whose blank text node between two words of a paragraph is one space."""

        def characters(self, content: str) -> None:
            if is_blank(content):
                nodes = self.paragraph.text_nodes
                if nodes and not nodes[-1].endswith(" "):
                    nodes.append(" ")
                return
            super().characters(content)

    return SpacedParagraphMaker


def install() -> None:
    """Use :class:`SpacedParagraphMaker` in ``trafilatura.external``, once."""
    if _INSTALLED:
        return
    import importlib

    texternal = importlib.import_module("trafilatura.external")  # (a module mypy cannot see into)
    setattr(texternal, "ParagraphMaker", _spaced_class())  # noqa: B010 - the name trafilatura's try_justext reads
    _INSTALLED.append(True)
