"""Per-document CPU cost of each stage, single process, on the dev set (no Parquet, no Prefect).

    .venv/bin/python bench/stage_cost.py [--dev DIR] [--repeat 2] [--dump out.jsonl]

Documents: the dev set's HTML pages (``pages.jsonl.gz``) and their plain-text twins
(``dirty_text.jsonl.gz``), as in ``bench/quality.py``. Each stage function runs over the
whole set (extraction inline, entities off) and its CPU time (``time.process_time``) is
divided by the number of documents that entered it; the best of ``--repeat`` rounds is
printed (the first round also pays lazy loads). Each round gets a freshly built rule set, so
the rule matcher's per-line memo starts empty every round and gains only from lines repeated
within the corpus (``--no-memo`` switches it off, to see what it contributes). ``--dump``
writes every decision (text, removed lines with their rule, language, dates, publication
date, title ...) as one JSON line per document, so two versions of the code can be compared
with ``diff``.

``--read`` measures the read stage instead (discovery + reading + inflating + decoding, the
part the stages above skip by building documents in memory): the same documents written
as files in each input layout (a JSONL file, the same gzip-compressed, a warcio-written
``.warc.gz`` with one gzip member per record, the uncompressed WARC, and one ``.txt`` per
text twin), each read ``--repeat`` times; best CPU per document printed. To compare two
versions of the code, run it with each on ``PYTHONPATH`` (``PYTHONPATH=/path/to/other/src``).
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))

from quality import DEFAULT_DEV, _doc, _site, read_jsonl_gz  # noqa: E402


def _docs(pages, texts):
    docs = [_doc(n, p["html"], True, p.get("url")) for n, p in enumerate(pages)]
    for n, p in enumerate(texts):
        d = _doc(10_000 + n, "\n".join(p["lines"]), False, None)
        docs.append(d)
    return docs


def _fingerprint(d) -> dict:
    return {
        "id": d.doc_id, "title": d.title, "author": d.author, "site": d.site, "mode": d.mode,
        "text": d.text, "removed": [(r.line_no, r.reason.value if hasattr(r.reason, "value") else str(r.reason), r.rule) for r in d.removed],
        "language": d.language, "language_score": d.language_score, "dateline": d.dateline,
        "published": str(d.published), "granularity": d.published_granularity, "published_source": d.published_source,
        "updated": str(d.updated), "dates": [repr(x) for x in d.dates],
        "page_type": getattr(d, "page_type", None), "extraction": getattr(d, "extraction", None),
        "dropped": [(r.line_no, r.start, r.end, r.text, str(r.reason), r.rule) for r in getattr(d, "dropped", [])],
        "source_text": d.source_text,
    }


def one_round(pages, texts, settings, rules, today):
    from cleanseeds import clean, enrich, extract
    from cleanseeds.validate import build_tables

    docs = _docs(pages, texts)
    cost: dict[str, tuple[float, int]] = {}

    def timed(name, n, fn, *args):
        t0 = time.process_time()
        r = fn(*args)
        cost[name] = (time.process_time() - t0, n)
        return r

    html = [d for d in docs if d.raw_is_html]
    text = [d for d in docs if not d.raw_is_html]
    res_h = timed("extract (html)", len(html), extract.extract_batch, html, settings)
    res_t = timed("extract (text)", len(text), extract.extract_batch, text, settings)
    for d in res_h.docs:
        d.site = _site(d.url)
    for n, d in enumerate(res_t.docs):
        d.site = f"dev/{n:04d}"
    cl_h = timed("clean (html)", len(res_h.docs), clean.clean_batch, res_h.docs, rules, clean.SiteTemplates(), settings)
    cl_t = timed("clean (text)", len(res_t.docs), clean.clean_batch, res_t.docs, rules, clean.SiteTemplates(), settings)
    kept = cl_h.docs + cl_t.docs
    en = timed("enrich (no NER)", len(kept), lambda b: enrich.enrich_batch(b, settings, today=today), kept)
    timed("validate", len(en.docs), build_tables, en.docs, [], "bench", dt.datetime(2025, 1, 1, tzinfo=dt.UTC), rules.version)
    return cost, en.docs, docs


def read_cost(pages: list, texts: list, repeat: int) -> dict[str, tuple[float, int]]:
    """Best CPU seconds and document count of discover + read_batch per input layout."""
    import gzip
    import io
    import tempfile

    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    from cleanseeds.config import Settings
    from cleanseeds.extract import discover, read_batch

    settings = Settings(entities=False, extract_isolation="inline")
    jsonl = "".join(json.dumps({"html": p["html"], "url": p.get("url")}) + "\n" for p in pages).encode()

    def warc(gz: bool) -> bytes:
        buf = io.BytesIO()
        w = WARCWriter(buf, gzip=gz)
        for p in pages:
            body = p["html"].encode("utf-8")
            hh = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
            w.write_record(w.create_warc_record(p.get("url") or "https://x.example/", "response", payload=io.BytesIO(body), http_headers=hh, length=len(body)))
        return buf.getvalue()

    best: dict[str, tuple[float, int]] = {}
    with tempfile.TemporaryDirectory() as d:
        root = Path(d)
        layouts = {"read jsonl": [root / "pages.jsonl"], "read jsonl.gz": [root / "pages.jsonl.gz"],
                   "read warc.gz": [root / "pages.warc.gz"], "read warc": [root / "pages.warc"], "read txt": [root / "txt"]}
        (root / "pages.jsonl").write_bytes(jsonl)
        (root / "pages.jsonl.gz").write_bytes(gzip.compress(jsonl))
        (root / "pages.warc.gz").write_bytes(warc(True))
        (root / "pages.warc").write_bytes(warc(False))
        (root / "txt").mkdir()
        for n, t in enumerate(texts):
            (root / "txt" / f"{n:04d}.txt").write_text("\n".join(t["lines"]) + "\n", encoding="utf-8")
        for _ in range(repeat):
            for name, paths in layouts.items():
                t0 = time.process_time()
                refs, _rej = discover([str(p) for p in paths], settings)
                res = read_batch(refs, settings)
                spent = time.process_time() - t0
                n = len(res.docs) + len(res.rejected)
                if name not in best or spent < best[name][0]:
                    best[name] = (spent, n)
    return best


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--dev", type=Path, default=DEFAULT_DEV)
    ap.add_argument("--repeat", type=int, default=2)
    ap.add_argument("--limit", type=int, default=None)
    ap.add_argument("--dump", type=Path)
    ap.add_argument("--no-memo", action="store_true", help="switch off the rule matcher's per-line memo")
    ap.add_argument("--read", action="store_true", help="measure the read stage over files in each input layout instead")
    a = ap.parse_args()
    if a.read:
        import cleanseeds

        pages = read_jsonl_gz(a.dev / "pages.jsonl.gz")[: a.limit]
        texts = read_jsonl_gz(a.dev / "dirty_text.jsonl.gz")[: a.limit]
        print(f"read stage, ms CPU per document (best of {a.repeat}; code from {Path(cleanseeds.__file__).parent})")
        for k, (s, n) in read_cost(pages, texts, a.repeat).items():
            print(f"  {k:<18} {1000 * s / max(1, n):8.3f} ms/doc   ({n} docs, {s:.3f} s)")
        return 0
    if a.no_memo:
        import cleanseeds.clean.rules as rules_mod

        rules_mod.MATCH_MEMO_SIZE = 0

    from cleanseeds.clean import load_rules
    from cleanseeds.config import Settings

    settings = Settings(entities=False, extract_isolation="inline")
    pages = read_jsonl_gz(a.dev / "pages.jsonl.gz")[: a.limit]
    texts = read_jsonl_gz(a.dev / "dirty_text.jsonl.gz")[: a.limit]
    today = dt.date(2025, 6, 1)
    best: dict[str, tuple[float, int]] = {}
    for _ in range(a.repeat):
        rules = load_rules(settings)  # a cold rule memo every round
        cost, kept, docs = one_round(pages, texts, settings, rules, today)
        for k, (s, n) in cost.items():
            if k not in best or s < best[k][0]:
                best[k] = (s, n)
    print(f"stage cost, ms CPU per document entering the stage (best of {a.repeat}; {len(pages)} HTML + {len(texts)} text docs)")
    for k, (s, n) in best.items():
        print(f"  {k:<18} {1000 * s / max(1, n):8.2f} ms/doc   ({n} docs, {s:.2f} s)")
    if a.dump:
        by_id = {d.doc_id: d for d in kept}
        with a.dump.open("w", encoding="utf-8") as fh:
            for d in docs:
                fp = _fingerprint(by_id[d.doc_id]) if d.doc_id in by_id else {"id": d.doc_id, "rejected": True}
                fh.write(json.dumps(fp, ensure_ascii=False, sort_keys=True) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
