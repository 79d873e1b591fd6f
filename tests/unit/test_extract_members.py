"""A forum member's stat lines beside each post ("Posts: 9179", "Joined: ...", a custom profile
field) are left out on pages decided forum (extract/members.py, run with the signatures by
extract/reviews.py), and the second extractor's copy of them is not merged back (extract/second.py)."""
from __future__ import annotations

import pytest
from trafilatura.utils import load_html

from cleanseeds.config import Settings
from cleanseeds.extract import html as H
from cleanseeds.extract import members, pagetype, reviews

BODIES = (
    "The new firmware makes the fan spin up every few minutes even when the board is idle on my desk.",
    "Mine does the same since the update; rolling back to the older image stopped it for me last week.",
    "You can set the fan curve in the config file, the default thresholds changed in this release.",
    "Thanks, raising the first threshold by five degrees fixed it and the board is quiet again.",
    "Good to hear. The release notes list the new defaults near the end, under the cooling section.",
)
#: menus of links around the thread (each its own shape: no group of cards larger than the posts)
SIDEBAR = "".join(f"<div class='side{m}'><ul>" + "".join(f"<li><a href='/f/{m}/{n}'>Board {m}{n}</a></li>" for n in range(8))
                  + "</ul></div>" for m in range(3))


def _post(n: int, body: str, location: bool = True) -> str:
    place = f"<dd class='profile-custom-field profile-phpbb_location'><strong>Location:</strong> Harbour town {n}</dd>" if location else ""
    return (f"<div class='post bg{n % 2}' id='p{n}'><div class='inner'><dl class='postprofile' id='profile{n}'>"
            f"<dt><a href='/u/{n}' class='username'>member{n}</a></dt><dd class='profile-posts'><strong>Posts:</strong> {n * 731}</dd>"
            f"<dd class='profile-joined'><strong>Joined:</strong> Mon Jul 0{n}, 2019 9:28 am</dd>{place}</dl>"
            f"<div class='postbody'><h3>Re: Fan noise</h3><p class='author'>by member{n}</p><div class='content'>{body}</div></div>"
            "</div></div>")


def _thread(posts: int = len(BODIES)) -> str:
    return ("<html><head><title>Fan noise after the update</title></head><body><div id='page-body'><h2>Fan noise after the update</h2>"
            + "".join(_post(n, b) for n, b in enumerate(BODIES[:posts], 1)) + f"</div>{SIDEBAR}</body></html>")


def test_member_stat_lines_are_left_out_of_a_thread(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pagetype, "page_type", lambda tree, url: ("forum", 0.9))
    res = H.main_text(_thread(), None, Settings())
    assert res is not None and all(b in res.text for b in BODIES)
    assert "Posts:" not in res.text and "Joined:" not in res.text and "Harbour town" not in res.text
    monkeypatch.setattr(reviews, "drop_stat_lines", lambda tree: 0)  # the pass off: the stats are lines of the thread
    off = H.main_text(_thread(), None, Settings())
    assert off is not None and "Joined:" in off.text and "Harbour town" in off.text


def test_the_panel_lines_go_but_not_the_name() -> None:
    tree = load_html(_thread())
    found = members.stat_lines(tree)
    assert [el.get("class") for el in found[:3]] == ["profile-posts", "profile-joined", "profile-custom-field profile-phpbb_location"]
    assert len(found) == 3 * len(BODIES)
    members.drop_stat_lines(load_html(_thread()))
    text = " ".join(tree.find(".//body").itertext())
    assert "member1" in text


def test_the_repetition_is_the_evidence() -> None:
    assert members.stat_lines(load_html(_thread(posts=2))) == []  # two posts: no template shown
    one = ("<html><body>" + "".join(f"<div class='post'><p>Location: the old mill by the river, number {n}</p><p>A long post about the"
                                    " mill and its wheel, which was rebuilt in the spring by the volunteers of the village.</p>"
                                    + "<p>More words about the river, the weir, the fish ladder and the footpath. </p>" * 6
                                    + "</div>" for n in range(4)) + "</body></html>")
    assert members.stat_lines(load_html(one)) == []  # inside a post (the box holds a post, not a member's panel)


def test_a_vbulletin_panel_and_a_pair_list() -> None:
    vb = "".join(f"<div class='smallfont'><br><div>Join Date: <b>Aug 2008</b></div><div>Location: <b>Port {n}</b></div>"
                 f"<div> Posts: <b>1,07{n}</b></div></div><div id='post_message_{n}'>Post {n} text.</div>" for n in range(3))
    assert len(members.stat_lines(load_html(f"<html><body>{vb}</body></html>"))) == 9
    pairs = "".join(f"<div class='extraUserInfo'><dl class='pairsJustified'><dt>Messages:</dt><dd>{n}</dd></dl>"
                    f"<dl class='pairsJustified'><dt>Trophy Points:</dt><dd>5</dd></dl></div>" for n in range(3))
    found = members.stat_lines(load_html(f"<html><body>{pairs}</body></html>"))
    assert [el.tag for el in found] == ["dl"] * 6  # the label with its value


def test_the_second_extractors_copy_of_the_panels_is_not_merged_back() -> None:
    text = "\n".join(["Posts: 138", "Joined: 4 Jul 2012", "Primary OS: Windows 10", "The post.",
                      "Posts: 190", "Joined: 5 Nov 2014", "Primary OS: Fedora", "Another post.",
                      "Posts: 12", "Joined: 1 Jan 2020", "Primary OS: macOS", "A third post.",
                      "Time: 1.01", "Time: 2.01", "Time: 3.02 sec", "Edit: fixed the typo"])
    assert members.without_panel_lines(text).split("\n") == [
        "The post.", "Another post.", "A third post.", "Time: 1.01", "Time: 2.01", "Time: 3.02 sec", "Edit: fixed the typo"]
