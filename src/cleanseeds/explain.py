"""``cleanseeds explain FILE``: show every line of one document, kept or removed, and why.

Reads the file with the same stage functions as a run (discover → read → extract), cleans
it with the shipped rules (plus ``rules_file`` if given in settings), and prints one line per
input line::

    KEEP    12  good    | Turkey's stance has risks
    DROP    55  copyright/copyright.year | Copyright 2022 NPR. To see more, visit

For an HTML page the view is the whole page, block by block (its visible text, one block a
line, :mod:`cleanseeds.extract.blocks`): each block kept, dropped by the extractor (stage
``extract``: outside the main content, navigation, comments ...) or removed by the cleaner::

    DROP     3  extract navigation/extract.balanced/navigation  | Home About us
    KEEP    14                                                  | The old mill by the river ...
    DROP    20  clean copyright/copyright.year                  | © 2024 The Valley Paper
    PART    31  clean comment_prompt/comment.prompt             | Add a comment | Share  [removed: Add a comment]

``PART``: the block is kept, but the cleaner removed a line of it (a block is what the page shows as one
block; the extractor can write it as several lines, a post's "Add a comment" link and the "|" after it).

Site templates need other documents of the site, so ``explain`` (one document) shows the
rule and context decisions only.
"""
from __future__ import annotations

import re
import sys
from collections import Counter
from typing import Any, TextIO

from cleanseeds.clean import decide, load_rules
from cleanseeds.config import Settings
from cleanseeds.records import Document


def _record_no(source: str) -> int | None:
    """N of a ``source`` ending in ``#N`` (the Nth record of a JSONL/JSON/WARC file)."""
    m = re.search(r"#(\d+)$", source)
    return int(m.group(1)) if m else None


def _pick(docs: list[Document], record: int) -> Document | None:
    """The document whose ``source`` ends in ``#record``; a file of one document without
    ``#N`` (plain text, HTML) is record 1."""
    for d in docs:
        if _record_no(d.source) == record:
            return d
    if record == 1 and len(docs) == 1:
        return docs[0]
    return None


def explain_file(path: str, record: int = 1, only_removed: bool = False, out: TextIO = sys.stdout, settings: Settings | None = None) -> int:
    """Print the verdict on every line of record ``record`` of ``path``: the document whose
    ``source`` is ``path#record`` (the line of a JSONL file, the position in a JSON array,
    the WARC record number), or the file's one document.
    Returns the exit code: 0 shown, 2 no such file/record, 1 the document could not be read."""
    from cleanseeds import extract

    settings = settings or Settings(entities=False)
    refs, rejected = extract.discover([path], settings)
    if not refs:
        why = rejected[0].reason if rejected else "not found"
        print(f"cleanseeds: error: cannot explain {path}: {why}", file=sys.stderr)
        return 2
    read = extract.read_batch(refs[:1], settings)
    if read.rejected and not read.docs and len(read.rejected) == 1 and _record_no(read.rejected[0].source) is None:
        r = read.rejected[0]
        print(f"cleanseeds: error: cannot read {path}: {r.reason} {r.detail}".rstrip(), file=sys.stderr)
        return 1
    doc = _pick(read.docs, record)
    if doc is None:
        bad = next((r for r in read.rejected if _record_no(r.source) == record), None)
        if bad is not None:
            print(f"cleanseeds: error: record #{record} of {path} was quarantined: {bad.reason} {bad.detail}".rstrip(), file=sys.stderr)
            return 1
        numbers = [n for d in read.docs if (n := _record_no(d.source)) is not None]
        have = f"records #{numbers[0]}..#{numbers[-1]}" if numbers else f"{len(read.docs)} record(s)"
        print(f"cleanseeds: error: {path} has no record #{record} ({have}; --record takes the #N of `source`)", file=sys.stderr)
        return 2
    raw = doc.raw or ""  # extraction releases it; the HTML explanation walks the page's blocks
    ext = extract.extract_batch([doc], settings)
    if not ext.docs:
        r = ext.rejected[0]
        print(f"cleanseeds: error: no text extracted from {doc.source}: {r.reason} {r.detail}".rstrip(), file=sys.stderr)
        return 1
    doc = ext.docs[0]
    rules = load_rules(settings)
    decisions = decide(doc.source_text, doc.mode, rules, doc.title, page_type=doc.page_type)
    if doc.mode == "html" and settings.html_ledger:
        return _explain_html(doc, raw, decisions, rules.version, only_removed, out, settings.extract_strategy == "auto")
    reasons: Counter[str] = Counter()
    kept = 0
    print(f"# {doc.source}  mode={doc.mode}  rules={rules.version}", file=out)
    if doc.title:
        print(f"# title: {doc.title}", file=out)
    for d in decisions:
        if d.kept:
            kept += 1
            if not only_removed:
                print(f"KEEP {d.line_no:5d}  {(d.cls or ''):<40} | {d.text}", file=out)
        else:
            reasons[d.reason or ""] += 1
            label = f"{d.reason}/{d.rule}"
            print(f"DROP {d.line_no:5d}  {label:<40} | {d.text}", file=out)
    removed = sum(reasons.values())
    summary = ", ".join(f"{k} {v}" for k, v in sorted(reasons.items(), key=lambda kv: (-kv[1], kv[0])))
    print(f"# {kept} kept, {removed} removed ({summary or 'none'})", file=out)
    return 0


def _explain_html(doc: Any, raw: str, decisions: list[Any], rules_version: str, only_removed: bool, out: TextIO, auto: bool) -> int:
    """The page block by block: kept, dropped by the extractor, or removed by the cleaner. The blocks
    are the page's as the extractor read it (extract/html.py ``prepare_page``), as the ledger numbers them."""
    from trafilatura.utils import load_html

    from cleanseeds.extract.blocks import match_key, visible_blocks
    from cleanseeds.extract.html import prepare_page

    tree = load_html(raw)
    blocks = visible_blocks(prepare_page(tree, doc.page_type or "", auto)) if tree is not None else []
    dropped = {r.line_no: r for r in doc.dropped}
    cleaned = [(match_key(d.text), d.reason or "", d.rule or "") for d in decisions if not d.kept]
    by_text = {t: (r, ru) for t, r, ru in cleaned}
    counts: Counter[str] = Counter()
    kept = 0
    print(f"# {doc.source}  mode=html  page_type={doc.page_type}  extraction={doc.extraction}  rules={rules_version}", file=out)
    if doc.title:
        print(f"# title: {doc.title}", file=out)
    for n, b in enumerate(blocks, 1):
        if n in dropped:
            r = dropped[n]
            label = f"extract {r.reason}/{r.rule}"
            counts[f"extract:{r.reason}"] += 1
        else:
            key = match_key(b.text)
            hit = by_text.get(key) or next(((r, ru) for t, r, ru in cleaned if key in t), None)
            if hit is None:
                kept += 1
                if parts := _removed_parts(key, cleaned):
                    counts["partly removed"] += 1
                    gone = "; ".join(t for t, _, _ in parts)
                    print(f"PART {n:5d}  {f'clean {parts[0][1]}/{parts[0][2]}':<48} | {b.text}  [removed: {gone}]", file=out)
                elif not only_removed:
                    print(f"KEEP {n:5d}  {'':<48} | {b.text}", file=out)
                continue
            label = f"clean {hit[0]}/{hit[1]}"
            counts[f"clean:{hit[0]}"] += 1
        print(f"DROP {n:5d}  {label:<48} | {b.text}", file=out)
    part = counts.pop("partly removed", 0)
    summary = ", ".join(f"{k} {v}" for k, v in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))
    print(f"# {len(blocks)} visible blocks: {kept} kept{f' ({part} partly removed)' if part else ''}, {sum(counts.values())} removed "
          f"({summary or 'none'})", file=out)
    return 0


def _removed_parts(key: str, cleaned: list[tuple[str, str, str]]) -> list[tuple[str, str, str]]:
    """The cleaner's removed lines that are a part of the kept block ``key``, as whole words: a part of two words or
    more, or of half the block's characters (a lone "2" a pager rule removed is in many blocks and says nothing)."""
    padded = f" {key} "
    found = {t: (t, r, ru) for t, r, ru in cleaned if t and t != key and f" {t} " in padded and (" " in t or 2 * len(t) >= len(key))}
    return list(found.values())
