"""Properties of the cleaner (Hypothesis; the ``ci`` profile keeps example counts modest):
idempotent, never alters a kept line, never invents text, kept + removed = non-blank input
lines, offsets index the original text."""
from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from cleanseeds.clean import SiteTemplates, clean_batch, load_rules
from cleanseeds.config import Settings
from cleanseeds.records import Document, content_hash, make_doc_id

SETTINGS = Settings(entities=False, site_templates=False)
RULES = load_rules(SETTINGS)

PARAGRAPHS = [
    "The city council voted on Tuesday to expand the bus network into the northern suburbs, a plan debated for years.",
    "Officials expect the routes to carry about twelve thousand passengers a day once the depot opens next spring.",
    "Die Regierung will das Gesetz noch vor der Sommerpause durch den Bundestag bringen, sagte ein Sprecher am Montag.",
    "Le gouvernement veut faire adopter la loi avant les vacances parlementaires, a indiqué le ministre jeudi soir.",
    "El ayuntamiento aprobó el martes ampliar la red de autobuses hacia los barrios del norte de la ciudad.",
    '"We are not there yet," she said, adding that the talks would resume after the holiday weekend in the capital.',
]
SHORT = ["Noise worries", "Turkey's stance has risks", "Home", "News", "Sports", "More", "Two Men Charged In Fire", "1", "Photos"]
JUNK = ["300x250 Ad", "Advertisement", "Share", "© 2024 Example Media. All rights reserved.", "Sign up for our daily newsletter.",
        "Skip to content", "Leave a comment", "Related", "Photo: Jane Doe / Getty Images", "4 min read"]

line = st.one_of(
    st.sampled_from(PARAGRAPHS), st.sampled_from(SHORT), st.sampled_from(JUNK), st.just(""), st.just("   "),
    st.text(alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\n"), max_size=80),
)
documents = st.lists(line, min_size=1, max_size=40).map("\n".join)
modes = st.sampled_from(["text", "html"])


def _clean(text: str, mode: str) -> Document:
    h = content_hash(text)
    d = Document(doc_id=make_doc_id("p.txt", h), source="p.txt", input_path="p.txt", input_format="txt", content_hash=h,
                 raw=text, source_text=text, mode=mode, site="p")
    clean_batch([d], RULES, SiteTemplates(), SETTINGS)
    return d


@given(documents, modes)
def test_ledger_is_exact(text: str, mode: str) -> None:
    d = _clean(text, mode)
    lines = text.split("\n")
    non_blank = [n for n, ln in enumerate(lines, 1) if ln.strip()]
    removed = {r.line_no: r for r in d.removed}
    kept = d.text.split("\n") if d.text else []
    # kept + removed = non-blank input lines, in order, nothing invented, nothing altered
    assert len(kept) + len(removed) == len(non_blank)
    assert kept == [lines[n - 1] for n in non_blank if n not in removed]
    for n, r in removed.items():
        assert text[r.start : r.end] == r.text == lines[n - 1]
        assert r.reason and r.rule


@given(documents, modes)
def test_cleaning_is_idempotent(text: str, mode: str) -> None:
    once = _clean(text, mode)
    if not once.text.strip():
        return
    twice = _clean(once.text, mode)
    assert twice.removed == []
    assert twice.text == once.text
