"""Property tests for the extractors: arbitrary text and markup never crash them, and they
never invent text (text mode: ``source_text`` is exactly the decoded input)."""
from __future__ import annotations

import html as htmllib
import re
import tempfile
from collections import Counter
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from cleanseeds.config import Settings
from cleanseeds.extract import discover, extract_batch, read_batch
from cleanseeds.extract.decode import NotText, Undecodable, decode
from cleanseeds.extract.limits import markup_depth
from cleanseeds.reasons import QUARANTINE_REASONS

S = Settings()
READ_REASONS = {"empty_file", "binary_content", "decode_error"}


def _through(name: str, data: bytes, settings: Settings = S) -> tuple[list, list]:
    with tempfile.TemporaryDirectory() as d:
        p = Path(d) / name
        p.write_bytes(data)
        refs, rej = discover([str(p)], settings)
        r = read_batch(refs, settings)
        e = extract_batch(r.docs, settings)
        return e.docs, rej + r.rejected + e.rejected


@given(st.text(min_size=1, max_size=400))
def test_text_mode_never_invents_text(text: str) -> None:
    docs, rejected = _through("t.txt", text.encode("utf-8", "surrogatepass"))
    assert len(docs) + len(rejected) == 1  # every input accounted for
    if docs:
        (d,) = docs
        if "+ftfy" not in (d.encoding or ""):  # mojibake repair is the one sanctioned change
            assert d.source_text == text
        assert d.mode == "text"
    else:
        assert rejected[0].reason in READ_REASONS, rejected[0]


@given(st.binary(max_size=600))
def test_decoder_on_arbitrary_bytes(data: bytes) -> None:
    try:
        text, enc = decode(data)
    except (NotText, Undecodable):
        return
    assert isinstance(text, str) and enc


WORDS = st.sampled_from(["ferry", "harbour", "council", "Straße", "café", "東京", "42", "vote", "&amp;", "&lt;b&gt;", "<", ">"])
TAGS = st.sampled_from(["div", "p", "span", "article", "section", "li", "ul", "b", "i", "a", "table", "td", "tr", "script", "style", "br", "img", "h1", "nav", "footer"])


@st.composite
def markup(draw: st.DrawFn, depth: int = 0) -> str:
    parts = []
    for _ in range(draw(st.integers(0, 4))):
        if depth < 6 and draw(st.booleans()):
            tag = draw(TAGS)
            close = draw(st.sampled_from(["</" + tag + ">", ""]))  # sometimes unclosed
            parts.append(f"<{tag}>" + draw(markup(depth + 1)) + close)
        else:
            parts.append(" ".join(draw(st.lists(WORDS, min_size=1, max_size=12))))
    return "".join(parts)


@given(markup())
def test_html_extraction_never_crashes_nor_invents_words(body: str) -> None:
    page = f"<html><head><title>t</title></head><body>{body}</body></html>"
    docs, rejected = _through("p.html", page.encode("utf-8"))
    assert len(docs) + len(rejected) == 1
    for r in rejected:
        assert r.reason in QUARANTINE_REASONS and r.reason != "internal_error"
    # inline tags join words ("ferry<span>ferry</span>" is one word), so compare letters:
    # every letter and digit of the output comes from the page. trafilatura itself may repeat
    # a block it reaches twice ("<p>a<article><div>b</div></article></p>" gives "a\nbb"), so
    # a letter may occur more often than in the page, but at most twice as often.
    source_chars = Counter(re.findall(r"\w", htmllib.unescape(page)))
    for d in docs:
        out_chars = Counter(re.findall(r"\w", d.source_text))
        assert set(out_chars) <= set(source_chars)
        assert all(n <= 2 * source_chars[ch] for ch, n in out_chars.items())


@given(st.text(alphabet="<>/!-abdiv pscrt\"'=", max_size=300), st.integers(1, 20))
def test_markup_depth_is_bounded_and_total(html: str, cap: int) -> None:
    depth = markup_depth(html, cap)
    assert 0 <= depth <= cap + 1
    assert depth <= html.count("<")
