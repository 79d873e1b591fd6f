"""Text mode: a junk block inside the article (newsletter box, related-links list, ad slot,
caption, share bar, donation appeal) is removed by itself and the article resumes after it.

Property: inserting any block of drop examples of the rules whose reason interrupts a text
(:data:`cleanseeds.clean.context.INTERRUPTION_REASONS`) between two paragraphs of an article
never removes an article paragraph. (Blocks that mark where a text starts or ends — bylines,
time stamps, author boxes, copyright lines, comment prompts — are outside the property: they
are the evidence the region stops there.)"""
from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from cleanseeds.clean import decide, load_rules
from cleanseeds.clean.context import INTERRUPTION_REASONS
from cleanseeds.config import Settings
from tests.cases import articles as A

RULES = load_rules(Settings(entities=False))
EXAMPLES = sorted({ex for rules in RULES.categories().values() for r in rules if r.reason in INTERRUPTION_REASONS for ex in r.drop})


def _kept(lines: list[str]) -> set[str]:
    return {d.text for d in decide("\n".join(lines), "text", RULES) if d.kept}


@given(
    block=st.lists(st.sampled_from(EXAMPLES), min_size=1, max_size=6),
    pos=st.integers(min_value=1, max_value=len(A.PARAGRAPHS) - 1),
    chrome=st.booleans(),
)
def test_a_junk_block_between_paragraphs_never_removes_a_paragraph(block: list[str], pos: int, chrome: bool) -> None:
    body = [A.HEADLINE, A.BYLINE, *A.PARAGRAPHS[:pos], *block, *A.PARAGRAPHS[pos:]]
    lines = A.MENU + body + A.FOOTER if chrome else body
    kept = _kept(lines)
    assert [p for p in A.PARAGRAPHS if p not in kept] == []
    # and the block's lines went (each matched by a rule of its own)
    assert not kept & set(block)


def test_examples_cover_every_interruption_kind() -> None:
    kinds = {r.reason for rules in RULES.categories().values() for r in rules if r.reason in INTERRUPTION_REASONS}
    assert kinds == INTERRUPTION_REASONS and len(EXAMPLES) > 50
