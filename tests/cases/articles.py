"""Real-looking documents for the text-loss cases of issue 13 (written for these tests)."""
from __future__ import annotations

HEADLINE = "Harbour Tunnel Opens to Traffic After Nine Years of Delays"
BYLINE = "By Marta Lindqvist, Transport Correspondent"
PARAGRAPHS = [
    "The long-awaited harbour tunnel opened to traffic on Monday morning, nine years after construction began and four years later than the city had promised.",
    "Mayor Elena Ruiz cut the ribbon at the northern portal shortly after six o'clock, as a queue of delivery vans and early commuters waited to make the first crossing.",
    "The 2.4-kilometre tunnel links the container port with the ring road, and officials expect it to take about eighteen thousand vehicles a day off the old swing bridge.",
    "Its cost rose from an estimated 610 million euros to more than 1.1 billion, after flooding in the second year forced engineers to redesign the eastern section entirely.",
    "Local businesses on the waterfront said they hoped the end of the roadworks would bring back the customers who had stayed away during the years of closures and detours.",
    "The transport authority said tolls would be waived for the first month, after which drivers will pay two euros a crossing, with discounts for residents of the harbour district.",
    "Critics of the project, including the regional audit office, have argued that a rail link would have served the port better at a fraction of the price.",
    "The old swing bridge will close for repairs in the spring and reopen next year for cyclists, pedestrians and the city's two remaining tram lines.",
]
NEWSLETTER_BOX = [
    "Sign up for our newsletter",
    "The Morning Briefing",
    "Get the best of City Tribune delivered to your inbox every morning.",
    "Enter your email address",
    "Subscribe",
    "No thanks",
    "By signing up you agree to our Terms of Use and Privacy Policy.",
    "Thanks for signing up!",
]
RELATED = ["Related", "Ferry Operators Brace for Fewer Passengers", "Ring Road Works to Finish by Autumn", "How the Port Became the Region's Biggest Employer"]
MENU = ["Home", "News", "City", "Business", "Sport", "Opinion", "Culture"]
FOOTER = ["© 2024 City Tribune Media. All rights reserved.", "Privacy Policy", "Terms of Use", "Contact"]

#: 40 distinct sentences: each copy of the wire story carries one of them (a syndicated,
#: corrected or re-crawled version).
AGENCIES = ["the port authority", "the city council", "the regional audit office", "the transport ministry",
            "the chamber of commerce", "the drivers' union", "the harbour police", "the environmental agency"]


def variant_sentence(k: int) -> str:
    return (f"This version of the story was updated at {7 + k // 8}:{(k * 7) % 60:02d} "
            f"with a statement from {AGENCIES[k % 8]} received after publication (revision {k + 1}).")


def near_copy(k: int) -> str:
    """Copy ``k`` of the article as a plain-text page (menu, body, footer)."""
    body = [HEADLINE, BYLINE, *PARAGRAPHS[:5], variant_sentence(k), *PARAGRAPHS[5:]]
    return "\n".join(MENU + body + FOOTER) + "\n"


def article_with_box_and_related() -> str:
    """The 8-paragraph article in text mode with a newsletter box after paragraph 3 and an
    inline "Related" list after paragraph 6."""
    lines = MENU + [HEADLINE, BYLINE, *PARAGRAPHS[:3], *NEWSLETTER_BOX, *PARAGRAPHS[3:6], *RELATED, *PARAGRAPHS[6:]] + FOOTER
    return "\n".join(lines) + "\n"
