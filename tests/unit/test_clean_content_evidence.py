"""Issue 12: rules that dropped real content in HTML mode need better evidence. A link-list
header takes a handful of link titles, not the page's own listing nor the section after a
labelled link; "Introduction" / "Key takeaways" open the text instead of being a lead-in; a
single "key | value" separator is no breadcrumb."""
from __future__ import annotations

from cleanseeds.clean import decide, load_rules
from cleanseeds.config import Settings

RULES = load_rules(Settings(entities=False))

P1 = "The city council voted on Tuesday to expand the bus network into the northern suburbs, a plan that has been debated for years."
P2 = "Officials expect the new routes to carry about twelve thousand passengers a day once the depot opens in the spring of next year."
P3 = "Residents of the affected districts said they welcomed the change but worried about noise from the buses late at night."


def _kept(lines: list[str], mode: str = "html") -> list[str]:
    return [d.text for d in decide("\n".join(lines), mode, RULES) if d.kept]


def _rules(lines: list[str], mode: str = "html") -> dict[str, str | None]:
    return {d.text: d.rule for d in decide("\n".join(lines), mode, RULES) if not d.kept}


def _assert_removed_between_prose(widgets: dict[str, str]) -> None:
    """Each line of ``widgets``, between prose paragraphs, is removed by the rule it names; the prose stays."""
    got = _rules([P1, *widgets, P2, P3])
    assert {line: got.get(line) for line in widgets} == widgets
    assert _kept([P1, *widgets, P2, P3]) == [P1, P2, P3]


def test_a_long_listing_under_a_header_is_the_pages_own_content() -> None:
    # a news index: "Top stories" over dozens of headline / author lines is the page itself
    items = [x for n in range(45) for x in (f"Story Number {n} About The Northern Suburbs", f"Reporter Number {n}")]
    assert _kept([P1, "Top Stories"] + items + [P2]) == [P1] + items + [P2]
    # ... while a handful of link titles under a header still goes
    links = ["Mayor Announces New Plan For Downtown Parking", "Bakery Wins National Award"]
    assert _kept([P1, P2, "Trending"] + links + [P3]) == [P1, P2, P3]


def test_a_link_list_ends_at_the_next_header() -> None:
    # the lines under the second header are judged on their own, not as part of the first run:
    # a short side list, then the page's own long listing
    first = [f"Related Headline Number {n} About Buses" for n in range(4)]
    second = [f"Popular Headline Number {n} About Trains" for n in range(85)]
    got = _rules([P1, P2, "Related"] + first + ["Trending"] + second + [P3])
    assert all(got.get(line) == "context.after_link_header" for line in first)
    assert all(line not in got for line in second)


def test_the_section_after_a_labelled_link_stays() -> None:
    heading = "Where The New Routes Will Run"
    assert _kept([P1, "Related: Ten Ways To Ride The Bus For Less", heading, P2, P3]) == [P1, heading, P2, P3]


def test_an_opening_section_heading_is_not_a_lead_in() -> None:
    # HTML mode only: in plain text the region can start inside a menu, where such a word is a link
    for heading in ("Introduction", "Key takeaways", "1. Introduction"):
        assert _kept(["Council Expands Bus Network North", heading, P1, P2, P3])[:2] == [heading, P1], heading
    # a title and a byline before the first paragraph still go
    assert _kept(["Council Expands Bus Network North", "Staff Reports", P1, P2, P3]) == [P1, P2, P3]


def test_a_single_pipe_is_a_key_value_line_not_a_breadcrumb() -> None:
    specs = ["Stainless steel | Brushed finish", "12.5 kg | 27.5 lb", "Grade 2 titanium | Anodized"]
    got = _rules([P1, P2] + specs + [P3])
    assert all(got.get(line) != "nav.breadcrumb" for line in specs)
    assert _rules([P1, "Home | Shop | Contact", P2, P3]).get("Home | Shop | Contact") == "nav.breadcrumb"


def test_a_link_list_does_not_take_table_rows() -> None:
    # a header over a spec list or a table: the rows are the page's own content, not links
    specs = ["OS: Windows 10", "Processor: Dual Core 3.0 Ghz", "Memory: 4GB"]
    got = _rules([P1, P2, "Related"] + specs + [P3])
    assert all(line not in got for line in specs)
    # ... while the link titles around them still go
    table = ["| Brand | CORSAIR |", "| Speed | DDR5 6400 (PC5 51200) |"]
    links = ["Mayor Announces New Plan For Downtown Parking", "Bakery Wins National Award"]
    assert _kept([P1, P2, "Related", links[0]] + table + [links[1], P3]) == [P1, P2] + table + [P3]


def test_shop_and_forum_widgets_go_and_the_text_around_them_stays() -> None:
    # issue 12: the `without` snippets of the WCXB tune half, line by line (bench/wcxb_lines.py)
    widgets = {
        "Join Date: Aug 2008": "other.forum_member_stats",
        "Posts: 1,077": "other.forum_member_stats",
        "Was this helpful?": "other.feedback_prompt",
        "$130 Add to cart": "nav.call_to_action",
        "Out of stock": "nav.call_to_action",
        "current price $148.02": "other.shop_widget",
        "Your Browsing History": "other.shop_widget",
        "Follow us": "social.button",
        "Written by Cassidy Horton": "other.byline",
        "Products are chosen independently by our editors. Purchases made through our links may earn us a commission.": "ad.affiliate_disclosure",
    }
    _assert_removed_between_prose(widgets)
    # a status a listing's truth keeps, a spec line and a post's own sentence stay
    keep = ["Sold out", "Threads: 16", "Posts: see the forum rules before you reply.", "Was this helpful to the defence? The judge thought not, and said so in his ruling on Friday."]
    assert _kept([P1, *keep, P2]) == [P1, *keep, P2]


def test_a_shop_box_header_does_not_take_the_spec_table_after_it() -> None:
    table = ["| Brand | CORSAIR |", "| Series | Vengeance RGB |", "| Capacity | 64GB (4 x 16GB) |"]
    assert _kept([P1, "Your Browsing History"] + table + [P2]) == [P1] + table + [P2]


def test_form_consent_update_pitches_and_shop_notices_go() -> None:
    # issue 12, round 2: whole lines of `without` snippets on the WCXB tune half (bench/wcxb_lines.py),
    # each form checked on both labelled twins for the content lines it would remove
    widgets = {
        "By entering your email, you agree to receive Acme emails, including marketing emails,": "newsletter.inbox",
        "and agree to our Terms & Conditions and Privacy Policy.": "newsletter.inbox",
        "Get the latest news about our live educational events and online courses.": "newsletter.stay_updated",
        "Stay up to date on industry news and trends, product announcements and the latest innovations.": "newsletter.stay_updated",
        "Bleiben Sie auf dem Laufenden": "newsletter.stay_updated",
        "This article is exclusive to STAT+ subscribers": "paywall.already_subscriber",
        "Access to this page requires authorization. You can try signing in or changing directories.": "paywall.already_subscriber",
        "Join the Facebook group– https://www.facebook.com/example": "social.follow",
        "Help me spread the word about this podcast!": "social.follow",
        "SHARE YOUR STORY": "nav.call_to_action",
        "current price See price in cart": "other.shop_widget",
        "Shop Online | Pick-up In Store": "other.shop_widget",
        "40,000 5-Star Reviews": "other.shop_widget",
        "Ils vont bien ensemble": "other.shop_widget",
        "Found a lower price? Let us know. We may not beat it, but every report helps us keep our own prices in line with the shops nearby.": "other.shop_widget",
    }
    _assert_removed_between_prose(widgets)
    # an adviser's disclosure of several sentences is still fine print (legal_notice reads 600 characters)
    disclosure = ("Example Wealth, LLC is a Registered Investment Adviser. Advisory services are only offered to clients or "
                  "prospective clients where Example Wealth, LLC and its representatives are properly licensed or exempt from "
                  "licensure. Past performance is no guarantee of future returns. Investing involves risk and possible loss of "
                  "principal capital. No advice may be rendered by Example Wealth, LLC unless a client service agreement is in place.")
    assert _rules([P1, P2, disclosure, P3]).get(disclosure) == "copyright.legal_notice"
    # the same words inside the text stay; an event's save/share buttons carry its only title and stay
    keep = ["Stay up to date vaccinations protect children, the agency said.",
            "Save this event: Women in Tech Day: A Global CelebrationShare this event: Women in Tech Day: A Global Celebration",
            "By entering the market early, the firm says it gained a lead that rivals never closed."]
    assert _kept([P1, *keep, P2]) == [P1, *keep, P2]


def test_lead_magnet_buttons_pop_up_closers_and_long_consent_notices_go() -> None:
    # issue 12, round 3: `without` snippets of the WCXB tune half kept as whole lines (a restored
    # heading "Get the FREE eBook!", a pop-up's "close form"), and a consent notice over 500 characters
    notice = ("We use cookies and similar technologies to run our services and, with your consent, to measure and personalise "
              "ads with our 24 partners, who may combine the data with other information. If you agree, click \"Accept all\". "
              "You can decline by clicking \"Decline all\" or choose what to allow under \"Customise my choices\", and you can "
              "withdraw your consent at any time from the privacy page linked at the bottom of every page of this site. The partners "
              "store and read data on your device, such as cookie identifiers and your IP address, for measurement and analytics.")
    assert len(notice) > 500
    widgets = {
        "Get the FREE eBook!": "nav.call_to_action",
        "Download Whitepaper": "nav.call_to_action",
        "close form": "nav.call_to_action",
        notice: "cookie.consent_notice",
    }
    _assert_removed_between_prose(widgets)
    # a guide's own button without 'free' (content on a service page of the twin) and prose about a report stay
    keep = ["Get the guide", "Download the report the council published on Friday to see every new route."]
    assert _kept([P1, *keep, P2]) == [P1, *keep, P2]


def test_a_product_tiles_labels_go_and_its_name_and_price_stay() -> None:
    # a collection page's cards, one text run a line (Shopify's screen-reader price labels, quick-view buttons)
    tiles = []
    for name, price in (("Dark Roast Coffee", "$19.99"), ("Vanilla Latte 12-Pack", "$39.99"), ("Blueberry Single-Serve Pods", "$15.99")):
        tiles += [name, "Regular price", price, "Sale price", price, "Unit price / per", "Quick Shop", "Add to Compare"]
    got = _rules([P1, *tiles, P2])
    labels = {"Regular price", "Sale price", "Unit price / per", "Quick Shop", "Add to Compare"}
    assert {line for line in tiles if got.get(line) == "other.shop_tile_label"} == labels
    assert all(got.get(line) is None for line in tiles if line not in labels)  # each name and price stays
    # the words inside a sentence, and a label with its value, are not this rule's
    for line in ("Quick view of the new council budget", "Regular price rises hit commuters again this spring.", "List price:"):
        assert _rules([P1, line, P2]).get(line) != "other.shop_tile_label"


def test_quantity_picker_label_goes_and_a_sentence_about_quantity_stays() -> None:
    # issue 12, product round 11: a buy box's quantity label alone on a line (its number box holds no text)
    buy_box = ["Ceramic Pour-Over Kettle", "$54.00", "Quantity:", "Add to basket"]
    got = _rules([P1, *buy_box, P2])
    assert got.get("Quantity:") == "other.shop_tile_label"
    for line in ("Quantity", "Qty: 2"):
        assert _rules([P1, line, P2]).get(line) == "other.shop_tile_label"
    for line in ("Ceramic Pour-Over Kettle", "$54.00"):
        assert got.get(line) is None
    for line in ("Quantity discounts start at ten boxes.", "Quantity: 2 cups of rolled oats"):
        assert _rules([P1, line, P2]).get(line) != "other.shop_tile_label"


def test_article_furniture_goes_and_the_story_stays() -> None:
    # issue 12, article round 3: kept lines of article pages that the WCXB tune half's truth leaves out
    widgets = {
        "214 Orchard Blvd, Suite 300, Princeton, NJ 08540": "other.postal_address",
        "Musterstraße 12, 10115 Berlin": "other.postal_address",
        "This podcast is a production of Harbor Lane Studio. www.harborlane.example": "other.wire_credit",
        "Read all articles by Rebecca Moreland": "nav.author_archive",
        "View author archive": "nav.author_archive",
        "Free 14-day trial. No credit card required.": "nav.call_to_action",
        "Contact Us Today!": "nav.call_to_action",
        "Check Price on Amazon": "nav.call_to_action",
        "Discover more from Small Rooms Weekly": "newsletter.inbox",
        "Enjoyed this essay? We need your help to keep writing.": "donation.your_gift",
        "Listen to this article in summarized format": "other.reading_time",
    }
    _assert_removed_between_prose(widgets)
    # an address in a sentence, a film's production credit, a gift guide's link and a contact sentence stay
    keep = ["The shop at 214 Orchard Blvd, Princeton, NJ 08540 closed in March after forty years.",
            "The film is a production of HBO and the BBC.",
            "Buy on Amazon",
            "Contact us today if the outage persists, the utility said."]
    assert _kept([P1, *keep, P2]) == [P1, *keep, P2]


def test_footnotes_under_a_story_go_and_its_text_stays() -> None:
    # issue 12, article round 11: notes ending in their back-link arrow, numbered web references
    notes = {
        "- Gallery North, Ann Roe, consulted on May 2, 2024. ↩︎": "other.footnote",
        "- Range measured at 20 °C on a dry road with a light rider. ↩": "other.footnote",
        "[2] https://example.org/2021/04/buses-in-the-north.html": "other.footnote",
    }
    got = _rules([P1, P2, P3, *notes])
    assert {line: got.get(line) for line in notes} == notes
    assert _kept([P1, P2, P3, *notes]) == [P1, P2, P3]
    # the arrow key in an instruction, a bracketed number in prose and a link in a sentence stay
    keep = ["Press the ↩ key to confirm the new route.", "[1] is the first item on the council's list, the report says.",
            "The full timetable is at https://example.org/timetable and in every library."]
    assert _kept([P1, *keep, P2]) == [P1, *keep, P2]


def test_back_in_stock_cart_and_price_sentence_lines_go() -> None:
    # issue 12, shop round 11: buy-box and cart notices that recur across shop themes (counted on the WCXB
    # tune half's dirty-text twin, none labelled content)
    widgets = {
        "Notify me when available": "other.shop_widget",
        "Get notified": "other.shop_widget",
        "Your cart is currently empty.": "other.shop_widget",
        "Continue shopping": "other.shop_widget",
        "Added to your cart": "other.shop_widget",
    }
    _assert_removed_between_prose(widgets)
    # a sentence about them, an old price alone (a collection truth keeps each tile's), 'VAT included' and the
    # product's own price sentence (some product truths keep the price) stay
    keep = ["Notify me if the council changes the collection day.", "Original price was: 39€.", "VAT included",
            "$64.00 Original price was: $64.00.$51.20Current price is: $51.20."]
    assert _kept([P1, *keep, P2]) == [P1, *keep, P2]
