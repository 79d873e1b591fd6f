"""Plain-text mode: the article is one contiguous region (recall first). Lists inside it
stay; link lists, comment threads and menus around it go."""
from __future__ import annotations

from cleanseeds.clean import decide, load_rules
from cleanseeds.config import Settings

RULES = load_rules(Settings(entities=False))

P1 = "The city council voted on Tuesday to expand the bus network into the northern suburbs, a plan that has been debated for years."
P2 = "Officials expect the new routes to carry about twelve thousand passengers a day once the depot opens in the spring of next year."
P3 = "Residents of the affected districts said they welcomed the change but worried about noise from the buses late at night."
P4 = "The transport authority said it would publish the new timetable in March and hold three public meetings before the routes start."
MENU = ["Home", "News", "Local", "Sports", "Weather", "Opinion", "Obituaries", "Jobs"]


def _verdicts(lines: list[str]) -> dict[str, tuple[bool, str | None]]:
    return {d.text: (d.kept, d.rule) for d in decide("\n".join(lines), "text", RULES)}


def _kept(lines: list[str]) -> list[str]:
    return [d.text for d in decide("\n".join(lines), "text", RULES) if d.kept]


def test_long_list_of_short_items_after_the_prose_stays() -> None:
    # a schedule under the article: short, list-like lines with no prose among them
    schedule = [f"June {d} – Stop number {d}, Riverside @ Depot {d}" for d in range(1, 16)]
    lines = MENU + [P1, P2, P3] + ["The new stops"] + schedule + ["© 2024 Example Transit News. All rights reserved."] + MENU
    kept = _kept(lines)
    assert kept == [P1, P2, P3, "The new stops"] + schedule


def test_recipe_like_items_between_paragraphs_stay() -> None:
    items = ["Pre-Workout Meal", "Eat 60–90 minutes before", "1 cup asparagus, 2 eggs, ½ cup sweet potato",
             "Meal 1", "Eat every 2–3 hours", "1 scoop protein, 1 cup strawberries, 8 oz. almond milk"]
    lines = [P1, P2] + items + [P3, P4]
    assert _kept(lines) == [P1, P2] + items + [P3, P4]


def test_link_list_after_a_related_header_inside_the_article_goes() -> None:
    links = ["Council Approves Budget For Road Repairs", "Mayor Opens New Library Branch Downtown"]
    lines = [P1, P2, "Related"] + links + [P3, P4]
    v = _verdicts(lines)
    assert _kept(lines) == [P1, P2, P3, P4]
    assert v[links[0]] == (False, "context.after_link_header")


def test_comment_thread_after_the_article_goes_even_when_it_is_prose() -> None:
    comments = []
    for n, who in enumerate(["riverfan", "jdoe42", "Bob. Just Bob.", "commuter_kim"]):
        comments += [f"{who} says:", f"November {n + 1}, 2019 at 6:{n}4 am",
                     f"It is about time the council did something about the buses, and I hope the late routes come back soon, number {n}."]
    lines = MENU + [P1, P2, P3, P4, "4 responses to “Council expands bus network”"] + comments
    v = _verdicts(lines)
    assert _kept(lines) == [P1, P2, P3, P4]
    assert v["riverfan says:"] == (False, "comment.author_says")
    assert v["4 responses to “Council expands bus network”"] == (False, "comment.thread_header")


def test_bare_url_inside_the_article_is_kept_but_a_menu_around_it_goes() -> None:
    lines = MENU + [P1, P2, "https://www.example.org/reports/bus-network-2024.pdf", P3, P4] + MENU
    assert _kept(lines) == [P1, P2, "https://www.example.org/reports/bus-network-2024.pdf", P3, P4]


def test_title_and_byline_before_the_first_paragraph_are_lead_in() -> None:
    lines = MENU + ["Council Expands Bus Network North", "Staff Reports", P1, P2, P3]
    v = _verdicts(lines)
    assert _kept(lines) == [P1, P2, P3]
    assert not v["Council Expands Bus Network North"][0]


def test_comment_thread_with_bare_author_names_goes() -> None:
    # no rule matches the author lines; a bare name over a time stamp, twice or more, is a thread
    comments = []
    for n, who in enumerate(["Gaye", "Jan Smith", "Anita DeSousa"]):
        comments += [who, f"August {n + 8}, 2018 at 3:1{n} pm",
                     f"Thanks so much for this long article, I have read it twice and will share it with my friends, number {n}."]
    lines = MENU + [P1, P2, P3, P4] + comments + MENU
    v = _verdicts(lines)
    assert _kept(lines) == [P1, P2, P3, P4]
    # the first comment header closes the region; the rest of the thread is outside it
    assert v["Gaye"] == (False, "context.comment_thread")
    assert not v["Jan Smith"][0] and not v[comments[2]][0]


def test_name_and_date_once_inside_the_article_is_not_a_thread() -> None:
    # a single short line over a date (a dateline, a quoted post) does not cut the text
    lines = [P1, P2, "Jan Smith", "August 8, 2018 at 3:17 pm", P3, P4]
    kept = _kept(lines)
    assert P3 in kept and P4 in kept


def test_author_box_after_the_article_ends_it() -> None:
    bio = "Anna Weber is a transport reporter who has covered the city council and its budget fights for more than ten years."
    lines = MENU + [P1, P2, P3, P4, "About Anna Weber", bio] + MENU
    v = _verdicts(lines)
    assert _kept(lines) == [P1, P2, P3, P4]
    assert v["About Anna Weber"] == (False, "other.author_box")
    assert v[bio] == (False, "context.after_end")


def test_author_box_header_before_most_of_the_text_does_not_end_it() -> None:
    lines = [P1, "About the Author", P2, P3, P4]
    kept = _kept(lines)
    assert kept == [P1, P2, P3, P4]


def test_cjk_lines_are_measured_in_word_equivalents() -> None:
    from cleanseeds.clean import context as ctx

    prose = "ショートカットの欄を空欄にしただけでは、ソフトがショートカットで起動してしまう問題は解決しませんでした。"
    headline = "有線イヤホンは低価格ながらハイレゾ対応高音質でコスパ最強かも"
    label = "関連記事"
    assert ctx.features(prose, ctx.NO_STOPWORDS).cls == ctx.GOOD
    assert ctx.features(headline, ctx.NO_STOPWORDS).cls == ctx.HEAD
    assert ctx.features(label, ctx.NO_STOPWORDS).cls == ctx.SHORT


def test_a_table_longer_than_any_menu_inside_the_text_stays() -> None:
    # a flattened table (year, laureate, country ...): hundreds of short cells, no prose among
    # them; a menu is never this long (clean/context.toml, menu_max_lines)
    names = ["Ada Lovelace", "Marie Curie", "Niels Bohr", "Lise Meitner", "Emmy Noether", "Max Planck"]
    table = [cell for year in range(1901, 1951) for cell in (str(year), names[year % 6], "Physics")]
    assert len(table) > 120
    lines = MENU + [P1, P2] + table + [P3, P4] + ["© 2024 Example Transit News. All rights reserved."] + MENU
    assert _kept(lines) == [P1, P2, *table, P3, P4]


def test_a_menu_inside_the_text_still_goes() -> None:
    lines = [P1, P2] + MENU + [P3, P4]
    v = _verdicts(lines)
    assert _kept(lines) == [P1, P2, P3, P4]
    assert v["Obituaries"] == (False, "context.short_run")


def test_a_table_of_dates_and_figures_is_not_a_comment_thread() -> None:
    # a date over a figure looks like a name over a time stamp only if the figure were a name
    table = [cell for m in range(1, 13) for cell in (f"{m}/1/2013", f"+{10 + m}.{m % 10}%")]
    lines = MENU + [P1, P2, "Percentage change in median price"] + table + [P3, P4]
    kept = _kept(lines)
    assert [P1, P2, P3, P4] == [x for x in kept if x in (P1, P2, P3, P4)]
    assert "context.comment_thread" not in {rule for _, rule in _verdicts(lines).values()}


def test_comment_thread_with_relative_time_stamps_goes() -> None:
    comments = []
    for n, who in enumerate(["Woyzeck", "Nick A", "fmcshan"]):
        comments += [who, f"2 days ago at 07:5{n} am",
                     f"I think we will see similar updates to what the bigger model received last month, number {n}."]
    lines = MENU + [P1, P2, P3, P4, "Top Rated Comments"] + comments
    kept = _kept(lines)
    assert kept[:4] == [P1, P2, P3, P4]
    assert not any(c in kept for c in comments)


def test_a_table_of_figures_between_paragraphs_stays() -> None:
    # a flattened table (state, score) is short lines, but half of them are figures: a menu's are not
    states = ["North Dakota", "Vermont", "Nebraska", "New Hampshire", "Hawaii", "Maryland"]
    table = [cell for n, s in enumerate(states) for cell in (s, f"{80 - n}.{n}")]
    lines = MENU + [P1, P2] + table + [P3, P4] + MENU
    assert _kept(lines) == [P1, P2, *table, P3, P4]


def test_a_menu_with_model_numbers_inside_the_text_still_goes() -> None:
    menu = ["iPhone 11", "iPhone 11 Pro", "iPad mini 5", "Apple Watch", "MacBook Air", "iOS 13", "tvOS 13"]
    lines = [P1, P2] + menu + [P3, P4]
    assert _kept(lines) == [P1, P2, P3, P4]


def test_a_button_label_inside_the_text_goes_without_ending_it() -> None:
    # 'Learn more' under each card is removed (nav.call_to_action), but it is no barrier:
    # the cards after it are still the page's text (role = "inline")
    cards = ["Bus Rapid Transit", "Faster trips on main roads", "Night Buses", "Service after midnight"]
    lines = MENU + [P1, P2, cards[0], cards[1], "Learn more", cards[2], cards[3], "Learn more"] + ["© 2024 Example Transit News. All rights reserved."]
    v = _verdicts(lines)
    assert _kept(lines) == [P1, P2, *cards]
    assert v["Learn more"] == (False, "nav.call_to_action")


def test_the_date_column_of_a_table_is_kept() -> None:
    # time stamps one every other line with a figure between them are a table's date column,
    # not page metadata (other.timestamp); a lone date line still goes
    table = [cell for m in range(1, 13) for cell in (f"{m}/1/2013", f"+{10 + m}.{m % 10}%")]
    lines = MENU + ["November 6, 2025", P1, P2, "Date", "Change"] + table + [P3, P4]
    v = _verdicts(lines)
    assert all(v[f"{m}/1/2013"][0] for m in range(1, 13))
    assert v["November 6, 2025"] == (False, "other.timestamp")


def test_comment_stamps_with_a_body_between_them_are_no_date_column() -> None:
    comments = []
    for n, who in enumerate(["Gaye", "Jan Smith", "Anita DeSousa", "Bob", "Kim"]):
        comments += [who, f"August {n + 8}, 2018 at 3:1{n} pm", f"Thanks so much for this long article, number {n}."]
    v = _verdicts(MENU + [P1, P2, P3, P4] + comments)
    assert not any(v[f"August {n + 8}, 2018 at 3:1{n} pm"][0] for n in range(5))


def test_the_rank_column_of_a_table_is_kept_but_a_pager_goes() -> None:
    # "1", "North Dakota", "82.0", "2", "Vermont", "80.8" ...: the ranks are a column (role "number")
    states = ["North Dakota", "Vermont", "Nebraska", "New Hampshire", "Hawaii", "Maryland"]
    table = [cell for n, s in enumerate(states, 1) for cell in (str(n), s, f"{83 - n}.{n}")]
    pager = ["1", "2", "3", "4", "5", "Next"]
    lines = MENU + [P1, P2, "Rank", "State", "Score"] + table + [P3, P4] + pager
    kept = _kept(lines)
    assert kept[kept.index(P2) + 1:kept.index(P3)] == ["Rank", "State", "Score", *table]
    assert kept[-1] == P4


# a discussion thread as plain text: every post between its header and its buttons is content
POSTS = [
    ["My 2014 hatchback makes a grinding noise when I brake at low speed, mostly in the morning after it rained overnight.",
     "The pads were replaced last spring and the discs look fine to me, so I am not sure where to look next."],
    ["That sounds like surface rust on the discs, which is normal after a wet night and usually wears off after a few stops.",
     "Mine did the same every morning in autumn and the noise never lasted longer than the drive to the end of the street."],
    ["If it keeps grinding after the first mile, have the caliper slides checked, because a sticking slide wears the pads unevenly.",
     "Look at the inner pad too: when it is much thinner than the outer one, the slide is the likely cause of the noise."],
    ["Thanks, it was the rear caliper slide: the garage cleaned and greased it and the noise is gone for now.",
     "I will report back if it comes back after the next rainy week, but so far the brakes are quiet and feel the same."],
]


def _thread_lines() -> list[str]:
    lines = ["Forums", "What's new", "Members", "Log in", "Register", "Brakes grinding in the morning"]
    for n, post in enumerate(POSTS, 1):
        lines += [f"member{n}", "Senior Member" if n % 2 else "Member", f"Joined: Mar 201{n}", f"Posts: {n * 412}", f"#{n}"]
        lines += post
        lines += ["Reply", "Quote", "Report"]
    return lines + ["Similar threads", "Squeaky brakes after new pads", "ABS light on after rain", "Terms and rules", "Privacy policy"]


def test_every_post_of_a_discussion_thread_stays() -> None:
    from cleanseeds.clean.context import looks_like_thread

    lines = _thread_lines()
    assert looks_like_thread(lines)
    kept = _kept(lines)
    for post in POSTS:
        for para in post:
            assert para in kept
    for junk in ("Reply", "Quote", "Log in", "Privacy policy"):
        assert junk not in kept


def test_an_article_with_a_share_bar_and_a_byline_is_no_thread() -> None:
    from cleanseeds.clean.context import looks_like_thread

    lines = MENU + ["Posted by Anna Smith", "3 hours ago", "Share", "Like", P1, P2, "Share", "Reply", P3, P4, "12 comments"] + MENU
    assert not looks_like_thread(lines)


def test_a_code_block_between_paragraphs_stays_but_a_menu_does_not() -> None:
    code = ["import asyncio", "async def main():", "print('hello')", "await asyncio.sleep(1)", "print('world')",
            "loop = asyncio.new_event_loop()", "loop.run_until_complete(main())", "loop.close()"]
    lines = [P1, P2] + code + [P3, P4]
    assert _kept(lines) == lines
    menu = ["Home", "News", "Local", "Sports", "Weather", "Opinion", "Obituaries", "Jobs"]
    assert _kept([P1, P2] + menu + [P3, P4]) == [P1, P2, P3, P4]


def test_a_fact_box_of_items_and_labels_between_paragraphs_stays() -> None:
    # half its lines are items with figures or separators: the text's own fact box, not a menu
    box = ["Fast facts", "Locations: 1,649 total", "Founded in 1954", "Fee: $2,000 yearly",
           "Investment: $68K–$147K", "Mathnasium", "Learning centres", "Owner support"]
    lines = [P1, P2] + box + [P3, P4]
    assert _kept(lines) == lines


def test_a_field_table_with_example_dates_is_not_a_comment_thread() -> None:
    # a flattened table of fields (label, example date, "Optional", rule): a label over a date looks like a commenter's
    # name over a time stamp, but no comment body follows it, so the paragraphs after the table stay
    table = []
    for field, day in (("Sale start date", "2025-07-01"), ("Sale end date", "2025-07-15"), ("Review date", "2025-08-01")):
        table += [field.lower().replace(" ", "_"), "Date", "ISO 8601", field, day, "Optional", "Must be valid ISO 8601 date"]
    lines = MENU + [P1, P2, "Attribute", "Data Type", "Example"] + table + [P3, P4]
    v = _verdicts(lines)
    assert "context.comment_thread" not in {rule for _, rule in v.values()}
    assert v[P3][0] and v[P4][0]
