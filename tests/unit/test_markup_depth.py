"""Edge cases of the markup-depth pre-scan (comments, raw text, unterminated tags, attributes
with ">", stray end tags); the expected depths are those of the original tag-by-tag scanner."""
from __future__ import annotations

import pytest

from cleanseeds.extract.limits import markup_depth

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
