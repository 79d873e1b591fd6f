"""Edge cases of the markup-depth pre-scan (comments, raw text, unterminated tags, attributes
with ">", stray end tags); the expected depths are those of the original tag-by-tag scanner."""
from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cleanseeds.extract.limits import _TOKEN, OPTIONAL_END, RAW_TEXT, VOID, markup_depth

CASES = [
    ("<div><!-- <div><div> --><div>x", 2),  # tags inside a comment do not count
    ('<div><script>if (a <b) x = "</div>"</script><div><p>x', 3),  # nor "<" inside a script
    ("<div><div", 1),  # a tag without ">" ends the scan
    ("<div><span/><br><p>a<p>b<p>c", 2),  # self-closed and void elements; implied </p>
    ("<div><style>p{}</STYLE><div>", 2),  # raw-text end tags in any case
    ("<!DOCTYPE html><html><body><ul><li>a<li>b</ul>", 4),
    ("<div><!-- unterminated <div><div>", 1),
    ("<div><textarea><div><div>", 1),  # unterminated raw text: the rest is text
    ('<a href="x>y"><b>', 2),  # like the original scanner, the first ">" ends a tag
    ("<div></div></div></div><div>", 1),  # stray end tags are ignored
    ("<div><?php echo 1 ?><div>", 2),
]


@pytest.mark.parametrize(("html", "depth"), CASES)
def test_depth(html: str, depth: int) -> None:
    assert markup_depth(html, 100) == depth


def test_cap_after_comments_and_scripts() -> None:
    page = "<!-- x -->" * 50 + "<script>var a = 1 < 2;</script>" * 50 + "<div>" * 40
    assert markup_depth(page, 100) == 40
    assert markup_depth(page, 30) == 31


# --- the optimised scanner against the straightforward one it replaced ---------------------

def reference_depth(html: str, cap: int) -> int:
    """The first, tag-by-tag implementation: the oracle for the optimised one."""
    lower: str | None = None
    stack: list[str] = []
    deepest = 0
    tokens = _TOKEN.finditer(html)
    while True:
        restart = -1
        for m in tokens:
            comment, pi_end, tok, tag_end = m.groups()
            if comment:
                end = html.find("-->", m.end())
                if end < 0:
                    return deepest
                restart = end + 3
                break
            if tok is None:  # doctype, processing instruction, CDATA
                if pi_end is None:
                    return deepest
                continue
            if tag_end is None:  # no ">" anywhere after it
                return deepest
            if tok[0] == "/":
                name = tok[1:].lower()
                for i in range(len(stack) - 1, -1, -1):
                    if stack[i] == name:
                        del stack[i:]
                        break
                continue
            name = tok.lower()
            if name in VOID or html[m.end() - 2] == "/":
                continue
            if name in RAW_TEXT:
                if lower is None:
                    lower = html.lower()
                end = lower.find("</" + name, m.end())
                if end < 0:
                    return deepest
                restart = end
                break
            if name in OPTIONAL_END and name in stack:
                i = len(stack) - 1 - stack[::-1].index(name)
                del stack[i:]
            stack.append(name)
            if len(stack) > deepest:
                deepest = len(stack)
                if deepest > cap:
                    return cap + 1
        else:
            return deepest
        tokens = _TOKEN.finditer(html, restart)


ATOMS = ["<div>", "</div>", "<p>", "</p>", "<li>", "<br>", "<br/>", "<div/>", "<!--", "-->", "<script>", "</script>",
         "</SCRIPT>", "<?x?>", "<!DOCTYPE html>", "<", "x", ">", "<DIV>", "</Div>", "<td>", "<tr>", "</tr>",
         "<a href='>'>", "<textarea>", "</textarea", "<span ", "</span>", "<style>", "<!x", "<b>", "</b>"]


@given(st.lists(st.sampled_from(ATOMS), max_size=40), st.integers(min_value=1, max_value=12))
def test_same_depth_as_the_reference_scanner(atoms: list[str], cap: int) -> None:
    html = "".join(atoms)
    assert markup_depth(html, cap) == reference_depth(html, cap)
