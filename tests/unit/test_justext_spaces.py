"""trafilatura's jusText fallback keeps the space between two inline elements (``extract.justext_spaces``):
"<a>contract</a> <a>did not cover</a>" reads "contract did not cover", not "contractdid not cover"."""
from __future__ import annotations

import trafilatura.external as texternal
from justext.core import ParagraphMaker, classify_paragraphs, revise_paragraph_classification
from justext.utils import get_stoplist
from trafilatura.utils import load_html

from cleanseeds.extract import justext_spaces
from cleanseeds.extract.xpath_regex import install

PARA = ("The council said the firm's <a href='/a'>contract</a> <a href='/b'>did not cover</a> the repairs to the old "
        "mill bridge, and the mayor asked the <span>town</span> <span>clerk</span> to publish every letter about it.")
PAGE = f"<html><body><div><p>{PARA}</p>\n<p>A second  paragraph, <b>bold</b>\n<i>then</i> plain.</p></div></body></html>"


def _texts(maker: type) -> list[str]:
    return [p.text for p in maker.make_paragraphs(load_html(PAGE))]


def test_jusText_alone_glues_the_words_the_fix_does_not() -> None:
    glued = _texts(ParagraphMaker)
    assert "contractdid not cover" in glued[0] and "townclerk" in glued[0]  # the library's behaviour this module fixes
    spaced = _texts(justext_spaces._spaced_class())
    assert spaced[0] == ("The council said the firm's contract did not cover the repairs to the old mill bridge, and the "
                         "mayor asked the town clerk to publish every letter about it.")
    assert spaced[1] == "A second paragraph, bold then plain."  # one space, whitespace runs folded as before
    assert len(spaced) == len(glued)  # the same paragraphs: a blank node between two blocks adds none


def test_trafilaturas_fallback_uses_it_and_classifies_the_same() -> None:
    install()
    assert texternal.ParagraphMaker is not ParagraphMaker
    assert issubclass(texternal.ParagraphMaker, ParagraphMaker)
    body = texternal.try_justext(load_html(PAGE), None, "en")
    text = " ".join(body.itertext())
    assert "contract did not cover" in text and "town clerk" in text
    stoplist = get_stoplist("English")
    classes = []
    for maker in (ParagraphMaker, texternal.ParagraphMaker):
        paragraphs = maker.make_paragraphs(load_html(PAGE))
        classify_paragraphs(paragraphs, stoplist, 50, 150, 0.1, 0.2, 0.25, True)
        revise_paragraph_classification(paragraphs, 150)
        classes.append([p.class_type for p in paragraphs])
    assert classes[0] == classes[1]
