"""Issue 12: a forum post's controls and a member's rank badge, a link aggregator's score line under
each story and an image's placeholder name are not the page's text (clean/rules/other_boilerplate.toml:
other.post_controls, other.member_rank, other.vote_line, other.media_label, other.relative_time)."""
from __future__ import annotations

from cleanseeds.clean import decide, load_rules
from cleanseeds.config import Settings
from cleanseeds.extract import html as H

RULES = load_rules(Settings(entities=False))

POST1 = "I tried reinstalling the driver twice and the card still shows up as an unknown device after every reboot."
POST2 = "Check whether the firmware is older than the kernel module; updating it fixed the same fault on my machine last year."
POST3 = "Thanks, updating the firmware worked and the card is detected again without any other changes to the setup."


def _kept(text: str) -> list[str]:
    return [d.text.strip() for d in decide(text, "html", RULES) if d.kept and d.text.strip()]


def test_post_controls_ranks_and_stamps_go_and_the_posts_stay() -> None:
    chrome = ["Improve this answer", "Commented", "Over a year ago", "2019-01-21T21:40:59.62Z+00:00", "Code: Select all",
              "(95.79 KiB) Downloaded 478 times", "Link to post", "Logged", "Last edited: Jul 9, 2022",
              "Last edited by jdoe; Feb 12, 2024 at 10:12 am", "Reply 3", "Science Advisor", "Original Poster",
              "Explore related questions", "See similar questions with these tags.", "Code: Alles auswählen"]
    text = "\n".join([POST1, *chrome[:8], POST2, *chrome[8:], POST3])
    assert _kept(text) == [POST1, POST2, POST3]
    # the same words inside a sentence are the post's
    for line in ("Logged data from the sensor showed the fault after the second reboot of the machine.",
                 "Select all the files you want to copy, then press Ctrl+C and paste them into the new folder.",
                 "A year ago the same card worked without any trouble on the older kernel."):
        assert line in _kept("\n".join([POST1, line, POST2]))


THREAD = """<html><head><title>Card not detected</title></head><body>
<div id="question"><h1>Card not detected after reboot</h1><div class="post"><p>{p1}</p>
<div class="controls"><span>Improve this answer</span></div><div class="badge">Science Advisor</div></div></div>
<div class="answer"><div class="post"><p>{p2}</p><pre><code>dmesg | grep firmware</code></pre>
<div class="controls"><span>Improve this answer</span></div><div class="stamp">Last edited: Jul 9, 2022</div></div></div>
<div class="answer"><div class="post"><p>{p3}</p><div class="controls"><span>Link to post</span></div></div></div>
</body></html>"""


def test_a_threads_post_chrome_goes_from_its_extracted_text() -> None:
    res = H.main_text(THREAD.format(p1=POST1, p2=POST2, p3=POST3), "https://forum.example.org/t/card-not-detected/42", Settings())
    assert res is not None
    kept = "\n".join(_kept(res.text))
    for post in (POST1, POST2, POST3):
        assert post in kept
    for chrome in ("Improve this answer", "Science Advisor", "Last edited"):
        assert chrome in res.text  # the extractor keeps them ...
        assert chrome not in kept  # ... the cleaner does not


def test_a_link_aggregators_score_lines_and_icon_labels_go_and_the_titles_stay() -> None:
    titles = ["Show HN: A tiny database written in one weekend (example.com)",
              "The history of the humble spreadsheet (example.org)",
              "Why the new compiler release is twice as fast (example.net)"]
    lines = []
    for n, title in enumerate(titles, 1):
        lines += ["Icon", f"{n}. {title}", f"|  | {n * 7} points by user{n} {n * 3} minutes ago  \\| hide \\| past \\| {n} comments |"]
    assert _kept("\n".join(lines)) == [f"{n}. {t}" for n, t in enumerate(titles, 1)]
    # a score in a sentence stays
    line = "The team scored 12 points by halftime and never looked back after that."
    assert line in _kept("\n".join([POST1, line, POST2]))


def test_a_threads_furniture_goes_and_the_posts_stay() -> None:
    """Issue 12, forum round 11 (other.thread_chrome): reaction lines, quote headers, the thread starter's
    label, the readers box and a closed thread's notice, written by the forum software around the posts."""
    chrome = ["Likes \u00a0 Reactions: jdoe, Ann Lee and 2 others", "Reactions: mkoval", "1 person likes this.",
              "Originally Posted by jdoe", "- Thread starter mkoval", "View attachment 1234567",
              "Users who are viewing this thread", "Total: 3 (members: 1, guests: 2)", "Recently Browsing \u00a0 0 members",
              "No registered users viewing this page.", "Not open for further replies.", "More sharing options...",
              "Previous topic - Next topic", "Scroll to see replies", "Last reply 3 weeks ago"]
    text = "\n".join([POST1, *chrome[:7], POST2, *chrome[7:], POST3])
    assert _kept(text) == [POST1, POST2, POST3]
    # the same words inside a post are the post's
    for line in ("Reactions: mixed among the older voters, the poll found, and the vote was close.",
                 "The thread starter was a frayed cable, not the motor, as the second photo shows.",
                 "She originally posted by mail, then switched to the online form when it opened.",
                 "Start date: the course opens on 3 March and runs for six weeks in the evenings."):
        assert line in _kept("\n".join([POST1, line, POST2]))
