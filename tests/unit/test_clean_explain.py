"""``cleanseeds explain FILE`` through the CLI entry point."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from cleanseeds.cli import main
from cleanseeds.extract.hidden import HIDDEN_TYPES


def test_explain_seed_marks_every_line(seed_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["explain", str(seed_file)]) == 0
    out = capsys.readouterr().out.splitlines()
    keep = [ln for ln in out if ln.startswith("KEEP")]
    drop = [ln for ln in out if ln.startswith("DROP")]
    assert len(keep) == 27 and len(drop) == 4
    assert "copyright/copyright.year" in drop[0] and drop[0].endswith("| Copyright 2022 NPR. To see more, visit")
    assert all("advertisement/ad.slot_size" in ln for ln in drop[1:3])
    assert "donation/" in drop[3]
    assert any(ln.endswith("| Turkey's stance has risks") for ln in keep)
    assert out[-1].startswith("# 27 kept, 4 removed")


def test_explain_only_removed_and_jsonl_record(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    f = tmp_path / "docs.jsonl"
    text = "The council voted on Tuesday to expand the bus network into the northern suburbs after years of debate.\nShare\nLeave a comment"
    f.write_text(json.dumps({"text": "first record only"}) + "\n" + json.dumps({"text": text}) + "\n", encoding="utf-8")
    assert main(["explain", str(f), "--record", "2", "--only-removed"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert not any(ln.startswith("KEEP") for ln in out)
    assert [ln.split()[2] for ln in out if ln.startswith("DROP")] == ["social/social.button", "comment_prompt/comment.prompt"]


def test_explain_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["explain", str(tmp_path / "missing.txt")]) == 2
    f = tmp_path / "a.txt"
    f.write_text("Some text here that is fine.\n", encoding="utf-8")
    assert main(["explain", str(f), "--record", "3"]) == 2
    assert "cleanseeds: error" in capsys.readouterr().err


def test_explain_record_is_the_hash_n_of_source(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    f = tmp_path / "docs.jsonl"
    f.write_text(
        "{broken\n" + json.dumps({"text": "Second line of the file, the first readable record."}) + "\n"
        + json.dumps({"text": "Third line of the file, the second readable record."}) + "\n",
        encoding="utf-8",
    )
    assert main(["explain", str(f), "--record", "2"]) == 0
    out = capsys.readouterr().out
    assert out.startswith(f"# {f}#2 ") or "#2  mode=" in out.splitlines()[0]
    assert "Second line of the file" in out and "Third line" not in out
    assert main(["explain", str(f), "--record", "3"]) == 0
    assert "Third line of the file" in capsys.readouterr().out
    assert main(["explain", str(f), "--record", "1"]) == 1  # line 1 is the broken one
    err = capsys.readouterr().err.strip()
    assert "record #1" in err and "malformed_json" in err and "\n" not in err
    assert main(["explain", str(f), "--record", "4"]) == 2
    assert "records #2..#3" in capsys.readouterr().err


PAGE = """<html><head><title>Mills</title></head><body><div id='cookie-banner'>We use cookies to improve your experience on this site.</div>
<nav><a href='/'>Home</a> <a href='/about'>About us</a></nav>
<article><h1>Mills of the valley</h1><p>The old mill by the river was restored last year by the town and its many volunteers.</p>
<p>It grinds flour again every Saturday, and visitors can watch the stones turn while the miller explains each step.</p>
<p>Share this article on Facebook</p></article><div class='comments'><p>Great story, I grew up near there and loved it.</p></div>
<footer><p>Contact the editors of the valley paper any time you like.</p></footer></body></html>"""


def test_explain_html_shows_the_page_block_by_block(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    f = tmp_path / "page.html"
    f.write_text(PAGE, encoding="utf-8")
    assert main(["explain", str(f)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert "mode=html" in out[0] and "extraction=balanced" in out[0] and "page_type=" in out[0]
    rows = {ln.split("| ", 1)[1]: ln for ln in out if ln.startswith(("KEEP", "DROP"))}
    assert rows["We use cookies to improve your experience on this site."].split()[2] == "extract"
    assert "cookie/extract.balanced/cookie_banner" in rows["We use cookies to improve your experience on this site."]
    assert "navigation/extract.balanced/navigation" in rows["Home About us"]
    assert "comments/" in rows["Great story, I grew up near there and loved it."]
    assert "page_footer/" in rows["Contact the editors of the valley paper any time you like."]
    assert rows["Share this article on Facebook"].startswith("DROP") and " clean social/" in rows["Share this article on Facebook"]
    assert rows["The old mill by the river was restored last year by the town and its many volunteers."].startswith("KEEP")
    assert out[-1].startswith("# 8 visible blocks: 2 kept, 6 removed")


def test_explain_html_numbers_the_blocks_as_the_ledger_does(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # a screen-reader-only link first: the extractor's page (extract/html.py prepare_page) leaves it out
    # on an article or a listing, so the ledger's block numbers start after it; explain must read that page too, or
    # every dropped block's reason lands on the block before it
    f = tmp_path / "page.html"
    f.write_text(PAGE.replace("<body>", "<body><p><a class='sr-only' href='#main'>Skip to the main content</a></p>"), encoding="utf-8")
    assert main(["explain", str(f)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert any(f"page_type={kind} " in out[0] for kind in HIDDEN_TYPES)  # a kind whose screen-reader-only text is left out
    rows = {ln.split("| ", 1)[1]: ln for ln in out if ln.startswith(("KEEP", "DROP"))}
    assert "Skip to the main content" not in rows
    assert "cookie/extract.balanced/cookie_banner" in rows["We use cookies to improve your experience on this site."]
    assert "navigation/extract.balanced/navigation" in rows["Home About us"]
    assert out[-1].startswith("# 8 visible blocks: 2 kept, 6 removed")



def test_a_kept_block_the_cleaner_removed_a_part_of_is_partly_removed() -> None:
    """explain's ``PART``: a block the extractor wrote as several lines ("Add a comment" and the "|" after it, a Q&A
    post's links) of which the cleaner removed one showed as ``KEEP``. A part counts as whole words, once, and when it
    is two words or more or half the block (a pager's lone "2" is in many blocks)."""
    from cleanseeds.explain import _removed_parts

    cleaned = [("add a comment", "comment_prompt", "comment.prompt"), ("2", "navigation", "nav.pager"),
               ("add a comment", "comment_prompt", "comment.prompt"), ("share", "social", "social.button")]
    assert _removed_parts("add a comment |", cleaned) == [("add a comment", "comment_prompt", "comment.prompt")]
    assert _removed_parts("share |", cleaned) == [("share", "social", "social.button")]
    assert _removed_parts("chapter 2 of the book tells how the mill was rebuilt", cleaned) == []
    assert _removed_parts("readd a comments box", cleaned) == []  # not whole words
    assert _removed_parts("add a comment", cleaned) == []  # the whole block: DROP, not PART
