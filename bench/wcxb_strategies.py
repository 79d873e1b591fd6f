"""(Analysis, not part of make bench.) How the per-type choices of ``extract_strategy = "auto"``
(``STRATEGY_BY_TYPE``, ``RECALL_FALLBACK_*`` in ``cleanseeds/extract/html.py``) were made.

    nice -n 10 .venv/bin/python bench/wcxb_strategies.py [--wcxb DIR] [--write]

For every WCXB page the shipped page-type model calls forum, listing, collection, product or
service, trafilatura 2.3.1 runs in the modes that matter for that kind (cached in
``bench/_corpora/``, gitignored, keyed by trafilatura's version and the page id):

* forum: ``balanced`` without comment sections (what every kind got before) and with them
  (the ``comments`` strategy);
* listing, collection, product, service: ``balanced`` and ``favor_recall``; the fallback takes the
  recall text when the balanced text covers less than ``share`` of the page's visible text
  (:func:`cleanseeds.extract.blocks.visible_blocks`) and the recall text is more than
  ``gain`` times as long;
* listing, collection, service (after the recall fallback as shipped), forum (after the
  comments strategy) and documentation (after trafilatura's defaults): the page's cards
  (:func:`cleanseeds.extract.cards.card_text`) replace the text when it is under ``share``
  times as long as theirs, with and without the shipped guards (the page declares itself an
  article; the cards are a list of short links).

Each output then goes through cleanseeds' clean stage (site templates grouped by domain, the
title from trafilatura's metadata), and is scored with the benchmark's metric per *decided*
kind (what the extractor sees), on the tune half (domains with even hash: choose there) and
the held-out half (report, and keep a choice only if it holds there too).
``--write`` saves the table to ``bench/results/quality_wcxb-strategies.txt``.
"""
from __future__ import annotations

import argparse
import gzip
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
import quality_wcxb as q  # noqa: E402

RESULTS = q.REPO / "bench" / "results" / "quality_wcxb-strategies.txt"
FORUM_MODES = ("nocomments", "comments")
CARD_KINDS = ("listing", "collection", "product", "service")
SHARES = (0.2, 0.3, 0.4, 0.5, 1.01)  # 1.01: no share condition
GAINS = (1.5, 2.0)


def _analyse(page: dict[str, Any]) -> dict[str, Any]:
    import trafilatura
    from trafilatura.metadata import examine_meta, extract_meta_json, extract_title
    from trafilatura.utils import load_html

    from cleanseeds.extract.blocks import visible_blocks
    from cleanseeds.extract.pagetype import page_type

    tree = load_html(page["html"])
    if tree is None:
        return {"id": page["id"], "kind": None}
    kind, _ = page_type(tree, page.get("url"))
    meta = examine_meta(tree)
    try:
        meta = extract_meta_json(tree, meta)
    except Exception:  # noqa: BLE001 - as trafilatura
        pass
    out: dict[str, Any] = {"id": page["id"], "kind": kind, "title": meta.title or extract_title(tree)}
    html, url = page["html"], page.get("url")
    if kind == "forum":
        out["nocomments"] = trafilatura.extract(html, url=url, include_comments=False) or ""
        out["comments"] = trafilatura.extract(html, url=url, include_comments=True) or ""
    elif kind in CARD_KINDS:
        out["balanced"] = trafilatura.extract(html, url=url, include_comments=False) or ""
        out["recall"] = trafilatura.extract(html, url=url, include_comments=False, favor_recall=True) or ""
        out["visible"] = sum(len(b.text) for b in visible_blocks(tree))
    return out


def outputs(pages: Sequence[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    import trafilatura

    q.CACHE_DIR.mkdir(parents=True, exist_ok=True)
    cache = q.CACHE_DIR / f"wcxb_strategies_{trafilatura.__version__}.jsonl.gz"
    have: dict[str, dict[str, Any]] = {}
    if cache.exists():
        with gzip.open(cache, "rt", encoding="utf-8") as fh:
            for line in fh:
                o = json.loads(line)
                have[o["id"]] = o
    todo = [p for p in pages if p["id"] not in have]
    if todo:
        print(f"computing {len(todo)} pages (cached in {cache.relative_to(q.REPO)})", file=sys.stderr)
        with gzip.open(cache, "at", encoding="utf-8") as fh:
            for p in todo:
                o = _analyse(p)
                have[p["id"]] = o
                fh.write(json.dumps(o) + "\n")
    return have


def cleaned(pages: Sequence[dict[str, Any]], texts: dict[str, str], titles: dict[str, str | None],
            kinds: dict[str, str] | None = None) -> dict[str, str]:
    from cleanseeds import clean
    from cleanseeds.clean import load_rules
    from cleanseeds.config import Settings
    from cleanseeds.records import Document, content_hash, make_doc_id

    settings = Settings(entities=False)
    docs = []
    for p in pages:
        if not texts.get(p["id"], "").strip():
            continue
        src = f"wcxb/{p['id']}.html"
        h = content_hash(p["html"])
        d = Document(doc_id=make_doc_id(src, h), source=src, input_path=src, input_format="html", content_hash=h,
                     raw_is_html=True, url=p.get("url"))
        d.source_text, d.mode, d.site, d.title = texts[p["id"]], "html", p["domain"], titles.get(p["id"])
        d.page_type = (kinds or {}).get(p["id"])  # the cleaner keeps lead-in lines off articles
        d.meta["pid"] = p["id"]
        docs.append(d)
    res, _ = clean.clean_batch(docs, load_rules(settings), clean.SiteTemplates(), settings)
    return {d.meta["pid"]: d.text for d in res.docs}


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--wcxb", type=Path, default=q.DEFAULT_WCXB)
    ap.add_argument("--write", action="store_true")
    a = ap.parse_args(argv)
    pages = q.read_pages(a.wcxb)
    out = outputs(pages)
    titles = {i: o.get("title") for i, o in out.items()}
    kinds = {i: o["kind"] for i, o in out.items()}
    systems: dict[str, dict[str, str]] = {}
    forum = [p for p in pages if out[p["id"]]["kind"] == "forum"]
    for m in FORUM_MODES:
        systems[f"forum:{m}"] = cleaned(forum, {p["id"]: out[p["id"]][m] for p in forum}, titles, kinds)
    cards = [p for p in pages if out[p["id"]]["kind"] in CARD_KINDS]
    systems["cards:balanced"] = cleaned(cards, {p["id"]: out[p["id"]]["balanced"] for p in cards}, titles, kinds)
    systems["cards:recall"] = cleaned(cards, {p["id"]: out[p["id"]]["recall"] for p in cards}, titles, kinds)
    for share in SHARES:
        for gain in GAINS:
            mix = {}
            for p in cards:
                o = out[p["id"]]
                take = len(o["balanced"]) < share * o["visible"] and len(o["recall"]) > gain * len(o["balanced"])
                mix[p["id"]] = o["recall"] if take else o["balanced"]
            systems[f"cards:fallback share<{share:g} gain>{gain:g}"] = cleaned(cards, mix, titles, kinds)
    # the card pass, on top of the shipped recall fallback
    from trafilatura.utils import load_html

    from cleanseeds.extract import html as H
    from cleanseeds.extract.cards import card_text
    from cleanseeds.extract.pagetype import declares_article

    shipped: dict[str, str] = {}
    for p in cards:
        o = out[p["id"]]
        take = (o["kind"] in H.RECALL_FALLBACK_TYPES and len(o["balanced"]) < H.RECALL_FALLBACK_BELOW_SHARE * o["visible"]
                and len(o["recall"]) > H.RECALL_FALLBACK_GAIN * len(o["balanced"]))
        shipped[p["id"]] = o["recall"] if take else o["balanced"]
    systems["cards:recall fallback as shipped"] = cleaned(cards, shipped, titles, kinds)
    found: dict[str, tuple[Any, bool]] = {}
    for p in pages:
        if out[p["id"]]["kind"] in H.CARDS_TYPES:
            tree = load_html(p["html"])
            found[p["id"]] = (card_text(tree), declares_article(tree))

    def guarded(c: Any, article: bool) -> bool:
        return article or (c.link_share > H.CARDS_MAX_LINK_SHARE and c.words_per_link < H.CARDS_MIN_WORDS_PER_LINK)

    for share in (0.3, 0.5, 0.7):
        for guards in (False, True):
            mix = dict(shipped)
            for i, (c, article) in found.items():
                if i in mix and c.text and len(mix[i]) < share * len(c.text) and not (guards and guarded(c, article)):
                    mix[i] = c.text
            systems[f"cards:+cards share<{share:g}{' guarded' if guards else ''}"] = cleaned(cards, mix, titles, kinds)
    # the same pass on forum pages (after the comments strategy) and documentation pages (after trafilatura's defaults)
    mix = {p["id"]: out[p["id"]]["comments"] for p in forum}
    for i in mix:
        c, article = found[i]
        if c.text and len(mix[i]) < H.CARDS_ABOVE_SHARE * len(c.text) and not guarded(c, article):
            mix[i] = c.text
    systems["forum:comments+cards share<0.5 guarded"] = cleaned(forum, mix, titles, kinds)
    docs = [p for p in pages if out[p["id"]]["kind"] == "documentation"]
    traf = q.trafilatura_outputs(docs, 1)
    plain = {p["id"]: traf[p["id"]][0] for p in docs}
    systems["docs:balanced"] = cleaned(docs, plain, titles, kinds)
    for i in plain:
        c, article = found[i]
        if c.text and len(plain[i]) < H.CARDS_ABOVE_SHARE * len(c.text) and not guarded(c, article):
            plain[i] = c.text
    systems["docs:balanced+cards share<0.5 guarded"] = cleaned(docs, plain, titles, kinds)
    lines = [
        "# nice -n 10 .venv/bin/python bench/wcxb_strategies.py --write  (trafilatura outputs + cleanseeds clean stage; "
        "per kind *decided* by the shipped page-type model)",
        "# shipped: forum:comments+cards; cards:recall fallback share<0.4 gain>1.5 on listing+service; cards:+cards share<0.5 guarded "
        "on listing+collection+service; docs:balanced+cards (product and collection rows of the recall fallback, and product rows "
        "of the cards, are not shipped); documentation rows start from trafilatura's defaults (comments included)",
        "macro word F1 (without leaked) per decided kind; tune = domains with even blake2b hash, held = odd",
        f"  {'system':<40}{'kind':<12}{'tune n':>7}{'F1':>7}{'leak':>7}{'held n':>8}{'F1':>7}{'leak':>7}",
    ]
    for name, texts in systems.items():
        group = forum if name.startswith("forum") else docs if name.startswith("docs") else cards
        rows = ("forum",) if name.startswith("forum") else ("documentation",) if name.startswith("docs") else (*CARD_KINDS, "all4")
        for k in rows:
            cells = []
            for h in ("tune", "held"):
                sel = [p for p in group if q.half(p["domain"]) == h and (k == "all4" or out[p["id"]]["kind"] == k)]
                sc = [q.score_page(texts.get(p["id"], ""), p) for p in sel]
                cells.append(f"{len(sel):>7}{q._mean([s.f1 for s in sc]):>7.3f}{q._mean([s.without_leaked for s in sc]):>7.3f}")
            lines.append(f"  {name:<40}{k:<12}{cells[0]} {cells[1]}")
    text = "\n".join(lines)
    print(text)
    if a.write:
        RESULTS.write_text(text + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
