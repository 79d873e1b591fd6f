"""The clean stage's contract and its context rules, on small realistic documents."""
from __future__ import annotations

from cleanseeds.clean import SiteTemplates, clean_batch, decide, load_rules
from cleanseeds.config import Settings
from cleanseeds.records import Document, content_hash, make_doc_id

SETTINGS = Settings(entities=False)
RULES = load_rules(SETTINGS)

P1 = "The city council voted on Tuesday to expand the bus network into the northern suburbs, a plan that has been debated for years."
P2 = "Officials expect the new routes to carry about twelve thousand passengers a day once the depot opens in the spring of next year."
P3 = "Residents of the affected districts said they welcomed the change but worried about noise from the buses late at night and early in the morning."
P4 = "The transport authority said it would publish the new timetable in March and hold three public meetings before the routes start."


def _doc(text: str, mode: str = "text", site: str = "site-a", name: str = "a.txt", title: str | None = None) -> Document:
    h = content_hash(text)
    return Document(doc_id=make_doc_id(name, h), source=name, input_path=name, input_format="txt", content_hash=h,
                    raw=text, source_text=text, mode=mode, site=site, title=title)


def _kept(text: str, **kw: object) -> list[str]:
    return [d.text for d in decide(text, "text", RULES, **kw) if d.kept]  # type: ignore[arg-type]


def test_short_line_between_paragraphs_is_a_subheading_and_stays() -> None:
    text = "\n\n".join([P1, P2, "Noise worries", P3, P4])
    assert _kept(text) == [P1, P2, "Noise worries", P3, P4]


def test_short_lines_among_menu_items_are_navigation() -> None:
    menu = ["News", "Local", "Sports", "Weather", "Opinion", "Obituaries", "Jobs"]
    text = "\n".join(menu + [P1, P2, P3, P4] + ["Careers", "Contact Us", "Archives", "Site Map"])
    decisions = {d.text: d for d in decide(text, "text", RULES)}
    assert [d.text for d in decisions.values() if d.kept] == [P1, P2, P3, P4]
    assert decisions["Weather"].reason == "navigation" and decisions["Weather"].rule.startswith("context.")
    assert decisions["Site Map"].reason == "navigation"


def test_teaser_headlines_after_the_article_go() -> None:
    teasers = [
        "Two Men Charged After Warehouse Fire In Harbor District",
        "Mayor Announces New Plan For Downtown Parking Garages",
        "Local Bakery Wins National Award For Sourdough Bread",
    ]
    text = "\n".join([P1, P2, P3, P4, "Most Popular"] + teasers)
    kept = _kept(text)
    assert kept == [P1, P2, P3, P4]


def test_prose_like_appeals_are_removed_with_their_category() -> None:
    lines = [P1, "Support independent journalism: donate today.", P2, "Sign up for our daily newsletter.", P3,
             "© 2024 Example Media Group. All rights reserved.", "Share this article on Facebook"]
    decisions = decide("\n".join(lines), "text", RULES)
    reasons = {d.text: d.reason for d in decisions if not d.kept}
    assert reasons == {
        lines[1]: "donation", lines[3]: "newsletter", lines[5]: "copyright", lines[6]: "social",
    }


def test_html_mode_drops_title_and_link_list_after_header() -> None:
    title = "Council Expands Bus Network"
    text = "\n".join([title, P1, P2, P3, "Related", "Mayor Announces New Plan For Downtown Parking", "Bakery Wins National Award"])
    decisions = decide(text, "html", RULES, title=title)
    assert [d.text for d in decisions if d.kept] == [P1, P2, P3]
    rules = {d.text: d.rule for d in decisions if not d.kept}
    assert rules[title] in ("context.title", "context.lead_in")
    assert rules["Bakery Wins National Award"] == "context.after_link_header"


def test_clean_batch_contract_offsets_and_identity() -> None:
    text = "Home\nNews\n\n" + P1 + "\r\n\n300x250 Ad\n" + P2 + "\n   \n" + P3 + "\nLeave a comment\n"
    doc = _doc(text)
    res = clean_batch([doc], RULES, SiteTemplates(), SETTINGS)
    obs = res.observations
    assert res.docs == [doc] and not res.rejected
    lines = text.split("\n")
    non_blank = {n for n, line in enumerate(lines, 1) if line.strip()}
    removed_nos = {r.line_no for r in doc.removed}
    kept = doc.text.split("\n")
    assert len(kept) + len(removed_nos) == len(non_blank)
    assert all(line in lines for line in kept)  # byte-identical, "\r" included
    assert P1 + "\r" in kept
    for r in doc.removed:
        assert text[r.start : r.end] == r.text == lines[r.line_no - 1]
        assert r.reason and r.rule
    assert len(obs) == 1 and obs[0].site == doc.site


def test_document_of_only_junk_is_rejected() -> None:
    doc = _doc("Advertisement\n300x250 Ad\n© 2024 Example Media. All rights reserved.\n")
    res = clean_batch([doc], RULES, SiteTemplates(), SETTINGS)
    assert not res.docs
    assert res.rejected[0].reason == "empty_after_cleaning" and res.rejected[0].stage == "clean"
    assert res.rejected[0].doc_id == doc.doc_id


def test_no_prose_at_all_keeps_non_junk_lines() -> None:
    doc = _doc("Shopping list\nMilk\nEggs\nAdvertisement\n")
    res = clean_batch([doc], RULES, SiteTemplates(), SETTINGS)
    assert res.docs and doc.text == "Shopping list\nMilk\nEggs"


#: Six different stories (different documents of one site: their prose shares no shingles).
STORIES = [
    ("The harbour board approved a new ferry timetable after months of complaints from commuters on the island.",
     "Boats will now leave every twenty minutes during the morning rush instead of every half hour."),
    ("A local bakery won the regional bread prize for its sourdough, beating forty other entrants from the county.",
     "The owner said the recipe came from her grandmother, who ran a shop on the same street in the sixties."),
    ("Volunteers planted three hundred oak saplings along the river path on Saturday despite the heavy rain.",
     "The parks department hopes the trees will stabilise the bank, which flooded twice in the past decade."),
    ("The school orchestra will perform at the national youth festival in Vienna next summer for the first time.",
     "Parents have started a fundraising campaign to cover travel costs for the fifty-two young musicians."),
    ("Police closed the main bridge for six hours after a lorry shed its load of gravel across both lanes.",
     "Nobody was injured, but drivers faced long detours through the industrial estate until the evening."),
    ("The library reopened after a two-year renovation with a rooftop reading garden and a new children's wing.",
     "More than a thousand visitors came through the doors on the first day, according to the head librarian."),
]
FOOTER = "Example Gazette, serving the valley and its villages since 1921"


def _site_docs(n: int, site: str = "example.org") -> list[Document]:
    return [_doc(f"{a}\n{b}\n{FOOTER}", site=site, name=f"{site}-{k}.txt") for k, (a, b) in enumerate(STORIES[:n])]


def test_site_template_within_one_batch() -> None:
    docs = _site_docs(4)
    res = clean_batch(docs, RULES, SiteTemplates(), SETTINGS)
    assert len(res.docs) == 4
    for d in res.docs:
        assert [r.reason for r in d.removed] == ["site_template"]
        assert FOOTER not in d.text


def test_site_templates_learned_across_batches_and_runs(tmp_path) -> None:
    templates = SiteTemplates()
    first = _site_docs(3)
    res = clean_batch(first[:1], RULES, templates, SETTINGS)  # alone: nothing repeated yet
    obs = res.observations
    assert not res.docs[0].removed
    templates.update(obs)
    res = clean_batch(first[1:], RULES, templates, SETTINGS)  # 3 docs seen: template
    obs = res.observations
    templates.update(obs)
    assert all(r.reason == "site_template" for d in res.docs for r in d.removed) and all(d.removed for d in res.docs)
    templates.save(tmp_path)
    again = SiteTemplates.load(tmp_path)
    fresh = _site_docs(5)[4:]
    res = clean_batch(fresh, RULES, again, SETTINGS)
    assert [r.reason for r in res.docs[0].removed] == ["site_template"]
    # other sites are unaffected, and re-observing the same documents does not inflate counts
    other = _site_docs(1, site="other.net")
    res = clean_batch(other, RULES, again, SETTINGS)
    assert not res.docs[0].removed
    n_before = again.stats("example.org")[0]
    again.update(obs)
    assert again.stats("example.org")[0] == n_before


def test_site_templates_off() -> None:
    s = Settings(entities=False, site_templates=False)
    res = clean_batch(_site_docs(4), RULES, SiteTemplates(), s)
    obs = res.observations
    assert obs == [] and all(not d.removed for d in res.docs)


def test_unreadable_state_starts_fresh(tmp_path) -> None:
    (tmp_path / "site_templates.json").write_text("{not json", encoding="utf-8")
    assert SiteTemplates.load(tmp_path).sites == {}


def test_html_repeats_of_a_long_line_go_on_the_kinds_that_repeat_by_accident() -> None:
    """A forum reply quoting the post above it, a carousel's cloned slide: the second copy of a
    line of six words or more goes (the first stays); short lines, text mode, documentation
    pages (tabbed code samples) and service pages (one line per offer) keep their repeats."""
    quote = "Officials expect the new routes to carry many passengers."
    text = "\n".join([P1, quote, P2, "Thanks, agreed", quote, P3, "Thanks, agreed", P4])
    got = decide(text, "html", RULES, page_type="forum")
    assert [d.text for d in got if d.kept] == [P1, quote, P2, "Thanks, agreed", P3, "Thanks, agreed", P4]
    gone = [d for d in got if not d.kept]
    assert [(d.line_no, d.reason, d.rule) for d in gone] == [(5, "other_boilerplate", "context.repeated")]
    for kw in ({"mode": "html", "page_type": "documentation"}, {"mode": "html", "page_type": "service"}, {"mode": "text", "page_type": None}):
        kept = [d.text for d in decide(text, kw["mode"], RULES, page_type=kw["page_type"]) if d.kept]  # type: ignore[arg-type]
        assert kept.count(quote) == 2, kw
    # idempotent: cleaning the kept text again removes nothing more
    once = "\n".join(d.text for d in got if d.kept)
    assert all(d.kept for d in decide(once, "html", RULES, page_type="forum"))


def test_html_article_shipped_twice_keeps_one_copy_and_its_pull_quote() -> None:
    """A page built per screen size ships its story twice (Webflow, Framer): on an article, the
    second copy of a run of four or more long lines goes, with the headings repeated among them
    (``context.repeated_run``); a pull quote (one line shown again) and a repeated three-line
    summary stay; forum pages keep their own single-line rule."""
    quote = "Officials expect the new routes to carry many passengers."
    story = [P1, "The plan", P2, quote, P3, P4]
    coda = "Buses will run every ten minutes at peak times, and every half hour late in the evening."
    text = "\n".join([*story, quote, coda, *story])
    got = decide(text, "html", RULES, page_type="article")
    assert [d.text for d in got if d.kept] == [*story, quote, coda]
    assert {(d.reason, d.rule) for d in got if not d.kept} == {("other_boilerplate", "context.repeated_run")}
    summary = "\n".join([P1, P2, P3, P4, P1, P2, P3])
    assert all(d.kept for d in decide(summary, "html", RULES, page_type="article"))
    for kw in ({"mode": "html", "page_type": "documentation"}, {"mode": "text", "page_type": None}):
        kept = [d.text for d in decide(text, kw["mode"], RULES, page_type=kw["page_type"]) if d.kept]  # type: ignore[arg-type]
        assert kept.count(P2) == 2, kw
    once = "\n".join(d.text for d in got if d.kept)
    assert all(d.kept for d in decide(once, "html", RULES, page_type="article"))


def test_html_article_ends_at_its_share_row() -> None:
    """On an article (HTML mode) the kept lines after a share row, a rights notice or a
    donation ask found after most of the kept words are the site's, not the story's
    (``context.after_end``): a company pitch and an author's bio under the story go. A share
    row half-way down keeps the rest of the story, and other kinds keep everything."""
    pitch = "Acme Transit plans bus networks: book a free call with our planners today."
    bio = "Jo Example is a transport writer who has covered city buses for a decade."
    text = "\n".join([P1, P2, P3, P4, "Share this article", pitch, bio])
    got = decide(text, "html", RULES, page_type="article")
    assert [d.text for d in got if d.kept] == [P1, P2, P3, P4]
    assert {(d.reason, d.rule) for d in got if d.text in (pitch, bio)} == {("other_boilerplate", "context.after_end")}
    halfway = "\n".join([P1, P2, "Share this article", P3, P4])
    assert [d.text for d in decide(halfway, "html", RULES, page_type="article") if d.kept] == [P1, P2, P3, P4]
    for kind in ("documentation", "service", "forum"):
        assert pitch in [d.text for d in decide(text, "html", RULES, page_type=kind) if d.kept], kind


def test_code_lines_repeated_across_a_site_are_not_its_template() -> None:
    """A documentation site's pages share their language's syntax ("}", "fn main() {"): those
    repeats are not the site's template; its footer still is, and so is a lone line that only
    looks like code (a signature ending in ";")."""
    code = ["fn main() {", 'println!("hello");', "}"]
    signature = "Discord: example_dev; Telegram at @example_dev;"
    docs = [
        _doc("\n".join([a, *code, b, signature, FOOTER]), site="docs.example", name=f"docs-{k}.txt")
        for k, (a, b) in enumerate(STORIES[:4])
    ]
    res = clean_batch(docs, RULES, SiteTemplates(), SETTINGS)
    for d in res.docs:
        assert [r.reason for r in d.removed] == ["site_template", "site_template"]
        assert FOOTER not in d.text and signature not in d.text
        assert all(line in d.text.split("\n") for line in code)


def test_numbers_and_elisions_inside_code_stay() -> None:
    """A listing's line numbers and an elision "..." between two lines of code belong to the
    code; the same lines between prose lines are a pager and go."""
    code = "\n".join(["import os;", "3", "4", "app = Flask(__name__)", "def run():", "...", "return x;"])
    text = "\n".join([P1, code, P2, "1", "2", "...", P3])
    got = decide(text, "html", RULES, page_type="documentation")
    gone = [(d.text, d.rule) for d in got if not d.kept]
    assert gone == [("1", "nav.pager"), ("2", "nav.pager"), ("...", "nav.pager")]


def test_a_compiler_diagnostic_and_a_bare_return_are_program_lines() -> None:
    """rustc's diagnostic is the program's output: its empty numbered gutter line "4 |" (a
    breadcrumb's shape) stays inside it, and a listing number before "return x" (a return with
    no code punctuation) stays in the listing; the same "4 |" and "3" between prose lines go."""
    diag = ["$ cargo run", "error[E0382]: borrow of moved value: `s1`", " --> src/main.rs:5:16", "  |",
            '3 |     let s2 = s1;', "  |              -- value moved here", "4 |",
            '5 |     println!("{s1}, world!");', "  |               ^^^^ value borrowed here after move"]
    listing = ["def total(xs):", "    x = sum(xs)", "3", "    return x"]
    text = "\n".join([P1, *diag, P2, *listing, P3, "4 |", P4, "3", "Read the report"])
    got = decide(text, "html", RULES, page_type="documentation")
    kept = [d.text for d in got if d.kept]
    assert all(line in kept for line in diag + listing)
    assert [(d.text, d.rule) for d in got if not d.kept] == [("4 |", "nav.breadcrumb"), ("3", "nav.pager")]


def test_the_empty_lines_of_a_numbered_listing_stay() -> None:
    """A code viewer's gutter glued to its lines ("3from twilio.rest import Client"): its empty
    lines are bare numbers (nav.pager's shape) and stay when they continue the numbering; a
    pager's numbers between words and a "4" between "3 cups of flour" and "5 eggs" go."""
    listing = ["1# Download the helper library", "2import os", "3from twilio.rest import Client", "4",
               "5# Find your Account SID", "6account_sid = os.environ['SID']", "7", "8", "9client = Client(account_sid)"]
    text = "\n".join([P1, *listing, P2, "Previous", "1", "2", "3", "Next", P3, "3 cups of flour", "4", "5 eggs", P4])
    got = decide(text, "html", RULES, page_type="documentation")
    kept = [d.text for d in got if d.kept]
    assert all(line in kept for line in listing)
    gone = [(d.text, d.rule) for d in got if not d.kept]
    assert [x for x in gone if x[1] == "nav.pager"] == [("1", "nav.pager"), ("2", "nav.pager"), ("3", "nav.pager"), ("4", "nav.pager")]


def test_code_lines_a_rule_would_remove_stay_inside_a_code_block() -> None:
    """The code exception: a decorator ("@property" looks like a social handle), an elision and
    a markup tag ("<caption>" looks like a caption control) inside a run of program lines are
    the code's own and stay, with no reason; the same handle and elision between prose lines go."""
    code = [
        "from dataclasses import dataclass", "@dataclass", "class Box:", "    @computed_field", "    @property",
        "    def volume(self) -> float:", "        return self.width * self.height", ">>> for f in fruits:", "...     print(f)", "...",
        "<table>", "  <caption>", "    Club members 2021", "  </caption>", "  // do stuff", "  x++;", "}",
    ]
    text = "\n".join([P1, *code, P2, "@property", P3, "...", P4])
    got = decide(text, "html", RULES, page_type="documentation")
    kept = [d.text for d in got if d.kept]
    assert all(line in kept for line in code)
    assert [(d.text, d.rule) for d in got if not d.kept] == [("@property", "social.handle_only"), ("...", "nav.pager")]
    assert all(d.reason is None for d in got if d.kept)


def test_an_elision_in_a_code_block_is_not_the_sites_template() -> None:
    """"..." repeats across a documentation site's samples like "}" does: in a code run it is
    no template line."""
    code = ["def run():", "    ...", "    return main(x)"]
    docs = [
        _doc("\n".join([a, *code, b, FOOTER]), mode="html", site="docs.example", name=f"docs-{k}.txt")
        for k, (a, b) in enumerate(STORIES[:4])
    ]
    for d in clean_batch(docs, RULES, SiteTemplates(), SETTINGS).docs:
        assert [r.reason for r in d.removed] == ["site_template"]
        assert "    ..." in d.text.split("\n")
