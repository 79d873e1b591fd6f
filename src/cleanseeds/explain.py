"""``cleanseeds explain FILE``: show every line of one document, kept or removed, and why.

Reads the file with the same stage functions as a run (discover → read → extract), cleans
it with the shipped rules (plus ``rules_file`` if given in settings), and prints one line per
input line::

    KEEP    12  good    | Turkey's stance has risks
    DROP    55  copyright/copyright.year | Copyright 2022 NPR. To see more, visit

Site templates need other documents of the site, so ``explain`` (one document) shows the
rule and context decisions only.
"""
from __future__ import annotations

import sys
from collections import Counter
from typing import TextIO

from cleanseeds.clean import decide, load_rules
from cleanseeds.config import Settings


def explain_file(path: str, record: int = 1, only_removed: bool = False, out: TextIO = sys.stdout, settings: Settings | None = None) -> int:
    """Print the verdict on every line of document ``record`` (1-based) of ``path``.
    Returns the exit code: 0 shown, 2 no such file/record, 1 the document could not be read."""
    from cleanseeds import extract

    settings = settings or Settings(entities=False)
    refs, rejected = extract.discover([path], settings)
    if not refs:
        why = rejected[0].reason if rejected else "not found"
        print(f"cleanseeds: error: cannot explain {path}: {why}", file=sys.stderr)
        return 2
    read = extract.read_batch(refs[:1], settings)
    if record < 1 or record > len(read.docs):
        if read.rejected and not read.docs:
            r = read.rejected[0]
            print(f"cleanseeds: error: cannot read {path}: {r.reason} {r.detail}".rstrip(), file=sys.stderr)
            return 1
        print(f"cleanseeds: error: {path} has {len(read.docs)} readable record(s), not {record}", file=sys.stderr)
        return 2
    doc = read.docs[record - 1]
    ext = extract.extract_batch([doc], settings)
    if not ext.docs:
        r = ext.rejected[0]
        print(f"cleanseeds: error: no text extracted from {doc.source}: {r.reason} {r.detail}".rstrip(), file=sys.stderr)
        return 1
    doc = ext.docs[0]
    rules = load_rules(settings)
    decisions = decide(doc.source_text, doc.mode, rules, doc.title)
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
