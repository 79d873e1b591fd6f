"""One result type for every stage (issue 14): the runner composes StageResults, and a stage that
raises on one document quarantines that document only, keeping the others' observations."""
from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from cleanseeds import clean, pipeline
from cleanseeds.config import Settings
from cleanseeds.records import Document, StageResult, content_hash, make_doc_id

SETTINGS = Settings(entities=False)
RULES = clean.load_rules(SETTINGS)
STORY = "The harbour board met on Tuesday to discuss the new ferry timetable for the winter season."


def _doc(n: int, text: str = STORY) -> Document:
    h = content_hash(f"{text}{n}")
    return Document(doc_id=make_doc_id(f"d{n}.txt", h), source=f"d{n}.txt", input_path=f"d{n}.txt", input_format="txt",
                    content_hash=h, source_text=f"{text}\nFollow us on Facebook", site="site-a")


def test_clean_returns_one_stage_result_with_an_observation_per_document() -> None:
    docs = [_doc(n) for n in range(3)] + [_doc(9, text="")]
    res = clean.clean_batch(docs, RULES, clean.SiteTemplates(), SETTINGS)
    assert isinstance(res, StageResult) and len(res.docs) == 3
    assert [r.reason for r in res.rejected] == ["empty_after_cleaning"] and res.rejected[0].stage == "clean"
    assert [o.doc_key for o in res.observations] == [o.doc_key for o in (clean.clean_batch(docs, RULES, None, SETTINGS).observations)]
    assert len(res.observations) == 4  # the emptied document is evidence too, as before


def test_guard_quarantines_the_failing_document_and_keeps_the_rest_with_their_observations() -> None:
    docs = [_doc(n) for n in range(4)]
    bad = docs[2].doc_id

    def stage(batch: Sequence[Document]) -> StageResult:
        if any(d.doc_id == bad for d in batch):
            raise RuntimeError("boom")
        return clean.clean_batch(batch, RULES, None, SETTINGS)

    res = pipeline._guard("clean", docs, stage)
    assert [d.doc_id for d in res.docs] == [d.doc_id for d in docs if d.doc_id != bad]
    assert [(r.doc_id, r.reason, r.stage) for r in res.rejected] == [(bad, "internal_error", "clean")]
    assert len(res.observations) == 3 and "RuntimeError: boom" in res.rejected[0].detail


def test_skip_known_counts_what_it_skips() -> None:
    docs = [_doc(n) for n in range(3)]
    res = pipeline.skip_known(docs, frozenset({docs[1].doc_id}))
    assert res.docs == [docs[0], docs[2]] and res.counts["skipped"] == 1 and not res.rejected
    assert pipeline.skip_known(docs, frozenset()).counts == {}


def test_extend_appends_every_part() -> None:
    a = StageResult(docs=[_doc(1)], observations=[1], counts=Counter(x=1))
    b = StageResult(docs=[_doc(2)], observations=[2], counts=Counter(x=2, y=1))
    assert a.extend(b) is a and len(a.docs) == 2 and a.observations == [1, 2] and a.counts == {"x": 3, "y": 1}
