"""resiliparse's main-content text as evidence of the sections ours missed (cleanseeds.extract.second,
``+second``): real HTML, the real extractors."""
from __future__ import annotations

import trafilatura

from cleanseeds.config import Settings
from cleanseeds.extract.html import main_text
from cleanseeds.extract.second import SECOND_MAX_PAIRS, for_kind, merge_second, second_text
from cleanseeds.records import extraction_parts

S = [
    "We repair leaking pipes, blocked drains and broken boilers across the whole county, day and night, every day of the year.",
    "Our licensed plumbers carry every common part in the van, so most jobs are finished on the first visit without a second trip.",
    "Every repair comes with a written two-year guarantee on parts and labour, and the price we quote is the price you pay.",
]
MID = "Emergency call-outs reach your door within two hours, with no extra charge for nights, weekends or public holidays."
COOKIES = "We use cookies and similar tools to measure traffic and show you offers from our partners."
COMMENT = "Great service, they fixed the sink under our stairs in an hour flat and cleaned up after."
NEWSLETTER = "Join our newsletter for monthly plumbing tips and seasonal offers from the team."
URL = "https://acme-plumbing.example.com/services/plumbing"


def _page() -> str:
    """A service page of sections; the second one is a site builder's text widget (trafilatura
    drops an element whose class says widget); a customer's comment, a consent dialog and a
    newsletter box."""
    return ('<html><head><title>Plumbing services | Acme Plumbing</title></head><body><header><nav><a href="/">Home</a> '
            '<a href="/services">Services</a> <a href="/pricing">Pricing</a> <a href="/contact">Contact</a></nav></header><main>'
            f'<section class="hero"><h1>Plumbing services you can count on</h1><p>{S[0]}</p><a href="/contact">Get a free quote</a></section>'
            '<section class="features"><h2>Why choose us</h2><div class="elementor-widget elementor-widget-text-editor">'
            f'<span>{MID}</span></div></section>'
            f'<section class="about"><h2>Fixed on the first visit</h2><p>{S[1]}</p></section>'
            f'<div class="comments"><p>{COMMENT}</p></div>'
            f'<section class="guarantee"><h2>Our guarantee</h2><p>{S[2]}</p></section></main>'
            f'<div role="dialog"><p>{COOKIES}</p></div><div><p>{NEWSLETTER}</p></div>'
            '<footer><p>Copyright 2025 Acme Plumbing Ltd. All rights reserved.</p></footer></body></html>')


def test_a_service_section_trafilatura_dropped_comes_back_in_place() -> None:
    html = _page()
    assert MID not in (trafilatura.extract(html) or "")  # the loss being fixed
    res = main_text(html, URL, Settings(entities=False))
    assert res is not None and res.page_type == "service" and res.extraction.endswith("+second")
    assert extraction_parts(res.extraction)  # (documents.extraction's contract: raises otherwise)
    lines = res.text.split("\n")
    assert lines.index("Why choose us") < lines.index(MID) < lines.index("Fixed on the first visit")
    assert all(s in res.text for s in S)
    assert COOKIES not in res.text and COMMENT not in res.text  # a dialog, and a comment section (ours reads those itself)
    assert NEWSLETTER not in res.text  # a block after our last line
    plain = main_text(html, URL, Settings(entities=False, extract_strategy="balanced"))  # auto mode only
    assert plain is not None and "+second" not in plain.extraction and MID not in plain.text


def test_only_blocks_between_two_of_our_lines_are_added() -> None:
    second = second_text(_page())
    assert MID in second and NEWSLETTER in second and COOKIES not in second and COMMENT not in second
    head, tail = ["Plumbing services you can count on", S[0], "Get a free quote", "Why choose us"], ["Fixed on the first visit", S[1], S[2]]
    merged, added = merge_second("\n".join(head + tail), second)
    assert added == 1 and merged.split("\n") == [*head, MID, *tail]
    assert merge_second(merged, second) == (merged, 0)  # nothing twice
    joined = "\n".join([" ".join(head[:2]), *head[2:], *tail])  # one line of ours holds two of theirs
    assert merge_second(joined, second) == ("\n".join([" ".join(head[:2]), *head[2:], MID, *tail]), 1)
    assert merge_second("\n".join(head[:2]), second) == ("\n".join(head[:2]), 0)  # after our last line: not evidence


def test_other_kinds_are_left_alone() -> None:
    ours = "\n".join([S[0], S[1]])
    assert for_kind(_page(), ours, "balanced", "article", True) == (ours, "balanced")
    assert for_kind(_page(), ours, "balanced", "service", False) == (ours, "balanced")


def test_a_page_too_long_to_match_is_left_alone() -> None:
    n = int(SECOND_MAX_PAIRS**0.5) + 1  # lines of ours and of theirs: over the pairs the merge may match
    ours = "\n".join(f"Line {k} of our text about plumbing" for k in range(n))
    theirs = "".join(f"<p>Line {k} of our text about plumbing</p><p>Their own block number {k} here</p>" for k in range(n))
    html = f"<html><body><main>{theirs}</main></body></html>"
    assert for_kind(html, ours, "balanced", "service", True) == (ours, "balanced")
    small = "\n".join(ours.split("\n")[:3])
    assert for_kind(f"<html><body><main>{theirs[:300]}</main></body></html>", small, "balanced", "service", True)[1] == "balanced+second"


STORY = [
    "The council approved the new cycle lanes on Tuesday after a two-year consultation with residents and shop owners.",
    "Work starts in March on the high street, where the lanes will replace forty parking spaces and two loading bays.",
    "Shop owners had asked for the loading bays to stay; the council moved them to the side streets instead.",
    "The first section, from the station to the market square, should open before the summer holidays.",
    "Residents can see the plans at the library until the end of the month and leave their comments there.",
    "The second section, along the river, waits for a grant the council applied for last autumn.",
    "If the grant comes through, the whole route from the station to the university opens next year.",
    "Cyclists' groups welcomed the plan but asked for a protected crossing at the busy roundabout by the bridge.",
    "The council said the crossing is in the plans for the second section and will be built with it.",
    "Traffic counts on the high street will be taken again a year after the lanes open, to measure the change.",
]


def _story_page() -> str:
    return ("<html><body><div class='story'>" + "".join(f"<div>{s}</div>" for s in STORY) +
            "</div><footer><p>Copyright 2025 The Town Paper. All rights reserved.</p></footer></body></html>")


def test_a_tiny_text_is_replaced_by_the_whole_second_text() -> None:
    """Ours kept the first paragraph of a story (a lede, a teaser); theirs holds it and the rest."""
    html = _story_page()
    text, strategy = for_kind(html, STORY[0], "balanced+headings", "article", True)
    assert extraction_parts(strategy) == ("balanced", "second", ()) and all(s in text for s in STORY) and "Copyright" not in text
    assert for_kind(html, STORY[0], "balanced", "article", False) == (STORY[0], "balanced")  # auto mode only
    other = "A different story about the harbour and its new ferry timetable for the winter months."
    assert for_kind(html, other, "balanced", "article", True) == (other, "balanced")  # theirs does not hold ours
    long = " ".join(STORY[:5])  # theirs is not five times as long
    assert for_kind(html, long, "balanced", "article", True) == (long, "balanced")


def test_the_second_text_leaves_out_tooltips_and_on_forum_pages_the_signatures() -> None:
    page = ("<html><body><main><p>The thread starts with a question about the router firmware.</p>"
            "<div class='post-signature'>My shop sells handmade wooden toys</div>"
            "<div class='message-userExtras'>Joined Jun 2016 Messages 11</div>"
            "<span role='tooltip'>Star Seller explains the badge</span>"
            "<p>The answer says to flash the older image first.</p></main></body></html>")
    forum, service = second_text(page, "forum"), second_text(page, "service")
    assert "router firmware" in forum and "older image" in forum
    assert "wooden toys" not in forum and "Messages 11" not in forum and "Star Seller" not in forum
    assert "wooden toys" in service and "Star Seller" not in service  # signatures are left out on forum pages only


def test_a_quote_s_attribution_is_not_added_on_service_pages() -> None:
    quote, name = "“They fixed our boiler on a Sunday night and charged the weekday price.”", "Lynn B., Acme client"
    page = (f"<html><body><main><p>{S[0]}</p><div class='testimonials'><div class='testimonial-card'><p>{quote}</p>"
            f"<div class='testimonial-author'>{name}</div></div></div><p>{S[1]}</p></main></body></html>")
    service, forum = second_text(page, "service"), second_text(page, "forum")
    assert quote in service and name not in service
    assert quote in forum and name in forum  # (service pages only)
    text, _ = for_kind(page, "\n".join(S[:2]), "balanced", "service", True)
    assert text.split("\n") == [S[0], quote, S[1]]


def test_a_section_s_footer_is_not_added_on_service_pages() -> None:
    """A ``<footer>`` inside a section (its fine print): resiliparse drops the page's footer, not a section's."""
    fine = "Fees apply to card payments made outside the European Economic Area and to currency conversion."
    page = (f"<html><body><main><section><p>{S[0]}</p><footer><p>{fine}</p></footer></section>"
            f"<section><p>{MID}</p></section><p>{S[1]}</p></main></body></html>")
    service, forum = second_text(page, "service"), second_text(page, "forum")
    assert MID in service and fine not in service
    assert fine in forum  # (service pages only)
    text, strategy = for_kind(page, "\n".join(S[:2]), "balanced", "service", True)
    assert text.split("\n") == [S[0], MID, S[1]] and strategy == "balanced+second"



def test_an_added_section_s_short_title_comes_with_it_on_service_pages() -> None:
    """A line under three words is no evidence alone; one of the page's headings right before a section the merge adds is
    that section's title."""
    page = (f"<html><body><main><section><h2>Our plumbing</h2><p>{S[0]}</p></section>"
            f"<section class='elementor-widget'><h2>Night calls</h2><p>{MID}</p></section>"
            f"<section><h3>Any questions</h3><p>{S[1]}</p></section></main></body></html>")
    ours = "\n".join(S[:2])
    text, strategy = for_kind(page, ours, "balanced", "service", True)
    assert text.split("\n") == [S[0], "Night calls", MID, S[1]] and strategy == "balanced+second"
    assert for_kind(page, ours, "comments", "forum", True)[0].split("\n") == [S[0], MID, S[1]]  # (service pages only)
    second = second_text(page, "service")
    assert merge_second(ours, second, frozenset({"night calls"})) == ("\n".join([S[0], "Night calls", MID, S[1]]), 2)
    assert merge_second(ours, second) == ("\n".join([S[0], MID, S[1]]), 1)
    label = page.replace("<h2>Night calls</h2>", "<div class='price'>From $90</div>")  # a short line that is no heading
    assert for_kind(label, ours, "balanced", "service", True)[0].split("\n") == [S[0], MID, S[1]]
    lone = f"<html><body><main><p>{S[0]}</p><h2>Night calls</h2><p>{S[1]}</p></main></body></html>"  # no section added after it
    assert for_kind(lone, ours, "balanced", "service", True) == (ours, "balanced")


def test_an_added_line_goes_after_the_post_it_follows_not_after_the_first_line_holding_a_short_one() -> None:
    """A comment ours missed, with its score ("2") before it: the first of our lines that holds "2" is the question's
    score "12" far up the thread; the comment goes after the post theirs has it under (the line of theirs before it
    that is one of ours, searched from the previous placement on)."""
    question = "How do I keep my sourdough starter alive while I travel for two weeks in the summer?"
    answers = ["Feed it well, put it in the fridge with a tight lid, and it will wait for you to come home.",
               "Dry a spoonful on baking paper before you go; the flakes keep for months in a glass jar.",
               "Ask a neighbour to feed it every few days, the way you would ask them to water the plants."]
    comment = "This worked for me with a rye starter too, it came back to life after two feeds."
    ours = [question, "12", answers[0], "Share", "3", answers[1], "Share", "1", answers[2], "Share"]
    theirs = [*ours[:7], "2", comment, *ours[7:]]
    merged, added = merge_second("\n".join(ours), "\n".join(theirs))
    assert added == 1 and merged.split("\n") == [*ours[:7], comment, *ours[7:]]
    early = [*ours[:3], comment, *ours[3:]]  # under the first answer in theirs: placed there
    assert merge_second("\n".join(ours), "\n".join(early)) == ("\n".join(early), 1)
