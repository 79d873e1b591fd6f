"""The three ways cleanseeds used to delete real article text (issue 13), end to end through
the Prefect-free runner and read back from Parquet: all article text is kept."""
from __future__ import annotations

import json
from pathlib import Path

import pyarrow.dataset as ds

from cleanseeds import pipeline
from cleanseeds.config import Settings
from tests.cases import articles as A

SETTINGS = Settings(entities=False, workers=1, batch_size=10)


def _table(out: Path, name: str) -> list[dict]:
    if not (out / name).exists():
        return []
    return ds.dataset(out / name, format="parquet", partitioning="hive").to_table().to_pylist()


def test_forty_near_copies_keep_their_full_text(tmp_path: Path) -> None:
    src = tmp_path / "wire"
    src.mkdir()
    for k in range(40):
        (src / f"copy-{k:02d}.txt").write_text(A.near_copy(k), encoding="utf-8")
    out = tmp_path / "out"
    summary = pipeline.run([str(src)], str(out), SETTINGS)
    assert summary.status == "completed" and summary.counts["accepted"] == 40
    docs = {Path(d["source"]).name: d for d in _table(out, "documents")}
    removed = _table(out, "removed_lines")
    assert not [r for r in removed if r["reason"] == "site_template"]
    for k in range(40):
        kept = docs[f"copy-{k:02d}.txt"]["text"].split("\n")
        for p in [*A.PARAGRAPHS, A.variant_sentence(k)]:
            assert p in kept, (k, p)
    # ... and they are flagged as one near-duplicate cluster, led by the first copy in input order
    first = docs["copy-00.txt"]
    assert first["near_dup_cluster"] == first["doc_id"] and first["near_dup_similarity"] == 1.0 and first["dup_of"] is None
    for d in docs.values():
        assert d["near_dup_cluster"] == first["doc_id"], d["source"]
        assert d["dup_of"] is None  # one sentence differs: not exact copies
        assert 0.8 <= d["near_dup_similarity"] <= 1.0
    clusters = {d["doc_id"]: d["near_dup_cluster"] for d in docs.values()}
    # a second run over the same folder (state learned by the first) changes nothing
    summary2 = pipeline.run([str(src)], str(out), SETTINGS.replace(reprocess=True))
    assert summary2.counts["accepted"] == 40
    assert not [r for r in _table(out, "removed_lines") if r["reason"] == "site_template"]
    assert {d["doc_id"]: d["near_dup_cluster"] for d in _table(out, "documents")} == clusters  # the same clusters


def _victim_record() -> dict:
    return {"url": "https://www.victim-news.example/2024/harbour-tunnel", "title": A.HEADLINE,
            "text": "\n".join([A.HEADLINE, A.BYLINE, *A.PARAGRAPHS])}


def _poison_records() -> list[dict]:
    # four records claiming the victim host, each sharing the victim's headline, byline and
    # a prose sentence, with prose of their own around it
    own = ["Shares in the shipping group fell sharply after the quarterly results were published on Thursday.",
           "The football club confirmed that its new stadium will not be ready before the end of the season.",
           "Weather forecasters warned of strong winds along the coast for the rest of the week and the weekend.",
           "The university announced a new scholarship for students from the region's rural districts this autumn."]
    return [{"url": f"https://www.victim-news.example/p/{k}",
             "text": "\n".join([A.HEADLINE, A.BYLINE, own[k], A.PARAGRAPHS[2], own[(k + 1) % 4] + " More to follow."])}
            for k in range(4)]


def test_one_file_cannot_rewrite_another_sites_text(tmp_path: Path) -> None:
    (tmp_path / "hostile").mkdir()
    (tmp_path / "feeds").mkdir()
    (tmp_path / "hostile" / "dump.jsonl").write_text("".join(json.dumps(r) + "\n" for r in _poison_records()), encoding="utf-8")
    (tmp_path / "feeds" / "news.jsonl").write_text(json.dumps(_victim_record()) + "\n", encoding="utf-8")
    out = tmp_path / "out"
    # hostile file first: its records are learned before the victim's page is cleaned
    summary = pipeline.run([str(tmp_path / "hostile"), str(tmp_path / "feeds")], str(out), SETTINGS.replace(batch_size=4))
    assert summary.status == "completed"
    victim = [d for d in _table(out, "documents") if d["source"].endswith("news.jsonl#1")]
    assert len(victim) == 1
    # unchanged: exactly what the victim's page gives when cleaned alone
    alone = tmp_path / "alone"
    pipeline.run([str(tmp_path / "feeds")], str(alone), SETTINGS)
    expected = _table(alone, "documents")[0]["text"]
    assert victim[0]["text"] == expected
    assert all(p in expected.split("\n") for p in A.PARAGRAPHS)
    assert not [r for r in _table(out, "removed_lines") if r["reason"] == "site_template" and r["source"].endswith("news.jsonl#1")]
    # ... and in a later run, from the persisted state
    state = json.loads((out / "_state" / "site_templates.json").read_text(encoding="utf-8"))
    assert state["sites"]["victim-news.example"]["n_docs"] <= 2  # the hostile file counted once
    (tmp_path / "feeds" / "news2.jsonl").write_text(json.dumps(_victim_record() | {"url": "https://www.victim-news.example/2024/tunnel-2"}) + "\n", encoding="utf-8")
    pipeline.run([str(tmp_path / "feeds")], str(out), SETTINGS)
    victim2 = [d for d in _table(out, "documents") if d["source"].endswith("news2.jsonl#1")]
    assert victim2[0]["text"] == expected


def test_records_whose_input_names_the_host_are_evidence_each(tmp_path: Path) -> None:
    """The other side of the rule: a crawl stored under the host's name learns the site's
    real template (a repeated short line) from its records."""
    crawl = tmp_path / "crawl" / "www.harbour-post.example"
    crawl.mkdir(parents=True)
    banner = "Harbour Post, the morning paper of the port district"
    stories = [A.PARAGRAPHS[k] + "\n" + A.PARAGRAPHS[(k + 3) % 8] for k in range(4)]
    recs = [{"url": f"https://harbour-post.example/s/{k}", "text": banner + "\n" + s} for k, s in enumerate(stories)]
    (crawl / "part-1.jsonl").write_text("".join(json.dumps(r) + "\n" for r in recs), encoding="utf-8")
    out = tmp_path / "out"
    pipeline.run([str(tmp_path / "crawl")], str(out), SETTINGS)
    tpl = [r for r in _table(out, "removed_lines") if r["reason"] == "site_template"]
    assert {r["text"] for r in tpl} == {banner}


def test_reset_templates_command_forgets_what_an_output_learned(tmp_path: Path, capsys) -> None:
    from cleanseeds.cli import main

    out = tmp_path / "out"
    assert main(["reset-templates", str(out)]) == 3  # not an output directory
    src = tmp_path / "site"
    src.mkdir()
    for k in range(4):
        (src / f"p{k}.txt").write_text("Harbour Post, the morning paper of the port district\n" + A.PARAGRAPHS[k] + "\n" + A.PARAGRAPHS[k + 4] + "\n", encoding="utf-8")
    pipeline.run([str(src)], str(out), SETTINGS)
    state = out / "_state" / "site_templates.json"
    assert state.exists()
    assert main(["reset-templates", str(out)]) == 0
    assert not state.exists() and "forgotten" in capsys.readouterr().out
    # the next run starts from nothing: a page alone has no template line
    (src / "p9.txt").write_text("Harbour Post, the morning paper of the port district\n" + A.PARAGRAPHS[3] + "\n", encoding="utf-8")
    pipeline.run([str(src / "p9.txt")], str(out), SETTINGS)
    assert not [r for r in _table(out, "removed_lines") if r["source"].endswith("p9.txt") and r["reason"] == "site_template"]


def test_a_box_in_the_middle_does_not_end_the_article_in_text_mode(tmp_path: Path) -> None:
    src = tmp_path / "dump"
    src.mkdir()
    (src / "tunnel.txt").write_text(A.article_with_box_and_related(), encoding="utf-8")
    out = tmp_path / "out"
    pipeline.run([str(src)], str(out), SETTINGS)
    kept = _table(out, "documents")[0]["text"].split("\n")
    assert [p for p in A.PARAGRAPHS if p not in kept] == []  # all 8, in order
    assert [line for line in kept if line in A.PARAGRAPHS] == A.PARAGRAPHS
    removed = {r["text"]: r for r in _table(out, "removed_lines")}
    # the box went by itself: its rule-matched lines as newsletter, its heading and buttons with it
    assert all(line in removed for line in A.NEWSLETTER_BOX)
    assert removed["Sign up for our newsletter"]["reason"] == "newsletter"
    assert removed["Subscribe"]["rule"] == "context.in_box"
    for line in A.RELATED:
        assert removed[line]["reason"] == "navigation"
