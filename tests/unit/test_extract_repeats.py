"""A run of lines a product page renders twice (a desktop and a mobile copy) is kept once in ``auto``
mode on product pages (extract/repeats.py); single repeated lines and other kinds stay as they are."""
from __future__ import annotations

import pytest

from cleanseeds.config import Settings
from cleanseeds.extract import html as H
from cleanseeds.extract import pagetype
from cleanseeds.extract.repeats import cut_repeats, for_kind
from cleanseeds.records import extraction_parts

PROMISES = ("<div class='{cls}'><p>Built to endure and made for a lifetime of pockets.</p><p>Covered by our lifetime warranty.</p>"
            "<p>Fast and free shipping on every order.</p><p>A risk-free trial of ninety nine days.</p></div>")
STORY = "".join(f"<p>Paragraph {n} about the wallet: its aluminium plates hold up to twelve cards and expand with a"
                " dual track design that keeps it as slim as possible in a front pocket.</p>" for n in range(1, 6))


def _page() -> str:
    return (f"<html><head><title>Aluminium wallet</title></head><body><main><h1>Aluminium wallet</h1>{STORY}"
            f"{PROMISES.format(cls='desktop')}<p>Weight</p><p>Two ounces.</p>{PROMISES.format(cls='mobile')}<p>Colour</p>"
            "<p>Weight</p><p>The last paragraph, after the copies, says the wallet ships in a recycled box.</p></main></body></html>")


@pytest.mark.parametrize(("kind", "cut"), [("product", True), ("article", False), ("service", False), ("documentation", False)])
def test_a_run_of_lines_the_page_renders_twice_is_kept_once_on_product_pages(monkeypatch: pytest.MonkeyPatch, kind: str, cut: bool) -> None:
    monkeypatch.setattr(pagetype, "page_type", lambda tree, url: (kind, 0.9))
    plain = H.main_text(_page(), None, Settings(extract_strategy="balanced"))
    assert plain is not None and plain.text.count("Covered by our lifetime warranty.") == 2  # trafilatura keeps both copies
    res = H.main_text(_page(), None, Settings())
    assert res is not None and "Paragraph 3 about the wallet" in res.text and "ships in a recycled box" in res.text
    assert res.text.count("Covered by our lifetime warranty.") == (1 if cut else 2)
    assert res.text.count("A risk-free trial of ninety nine days.") == (1 if cut else 2)
    assert res.text.count("Weight") == 2  # a single repeated line stays
    assert ("repeats" in extraction_parts(res.extraction)[2]) is cut


def test_cut_repeats_needs_four_lines_and_ten_words_and_no_overlap() -> None:
    run = ["Built to endure.", "For life.", "Free shipping on orders.", "A ninety day trial."]
    text = "\n".join(["Intro line", *run, "Between", *run, "End"])
    out, removed = cut_repeats(text)
    assert removed == 4 and out.split("\n") == ["Intro line", *run, "Between", "End"]
    short = "\n".join(["a b", "c d", "e f", "g h", "a b", "c d", "e f", "g h"])  # 8 words a run: stays
    assert cut_repeats(short) == (short, 0)
    three = "\n".join([*run[:3], "x", *run[:3]])  # three lines repeated: stays
    assert cut_repeats(three) == (three, 0)
    same = "\n".join(["one two three"] * 8)  # a line eight times: the first run that does not overlap the first copy starts at the fifth
    assert cut_repeats(same) == ("\n".join(["one two three"] * 4), 4)
    assert cut_repeats("\n".join(["one two three"] * 7)) == ("\n".join(["one two three"] * 7), 0)
    spaced = "\n".join(["Intro", *run, "", "  ", *[f"  {line.upper()} " for line in run]])  # blanks skipped, case and spaces folded
    assert cut_repeats(spaced)[1] == 4
    assert for_kind(text, "balanced", "product", auto=False) == (text, "balanced")
    assert for_kind(text, "balanced", "product", auto=True)[1] == "balanced+repeats"
