"""How much evidence a repeated *sentence* needs before it is a site template (WCXB text twin).

    .venv/bin/python bench/template_evidence.py

Groups the WCXB text twin's pages by domain (39 domains have 3+ pages), counts per domain
in how many pages each line appears, and for the lines that would be templates at given
thresholds (pages >= D and share >= S of the domain's pages) counts how many are labelled
boilerplate (0) and content (1). Sentence-like: 10+ words ending in sentence punctuation
(:func:`cleanseeds.clean.templates.is_sentence`). Measured (commit of this file):

    other lines at 3 pages, share 0.5: boilerplate 22,461, content 433
    sentences at 3 pages, share 0.5:   boilerplate 622, content 25
    sentences at 6 pages, share 0.8:   boilerplate 230, content 0   <- chosen

WCXB (Foley, 2026), CC-BY-4.0: ../shared/eval/wcxb-dev (not copied into the repository).
"""
from __future__ import annotations

import gzip
import json
import re
from collections import Counter, defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
WCXB = REPO.parent / "shared" / "eval" / "wcxb-dev"
W = re.compile(r"\w+")
END = re.compile(r"[.!?…。！？]([\"'”’»)\]]*)$")  # as templates.is_sentence


def main() -> None:
    dom = {}
    with gzip.open(WCXB / "pages.jsonl.gz", "rt", encoding="utf-8") as f:
        for line in f:
            r = json.loads(line)
            dom[r["id"]] = r["domain"]
    by_dom: dict[str, list[dict]] = defaultdict(list)
    with gzip.open(WCXB / "dirty_text.jsonl.gz", "rt", encoding="utf-8") as f:
        for line in f:
            r = json.loads(line)
            by_dom[dom[r["id"]]].append(r)
    print(f"domains {len(by_dom)}, with 3+ pages {sum(1 for v in by_dom.values() if len(v) >= 3)}")
    for min_docs, share in [(3, 0.5), (4, 0.6), (5, 0.5), (5, 0.7), (6, 0.8)]:
        st: Counter[tuple[str, int]] = Counter()
        for rs in by_dom.values():
            cnt: Counter[str] = Counter()
            lab: dict[str, list[int]] = defaultdict(list)
            for r in rs:
                seen = set()
                for text, label in zip(r["lines"], r["labels"], strict=True):
                    k = " ".join(text.split()).casefold()
                    if k and k not in seen:
                        seen.add(k)
                        cnt[k] += 1
                        lab[k].append(label)
            for k, c in cnt.items():
                if c >= min_docs and c >= share * len(rs):
                    kind = "sentence" if len(W.findall(k)) >= 10 and END.search(k) else "other"
                    for label in lab[k]:
                        st[(kind, label)] += 1
        print(f"pages >= {min_docs}, share >= {share}: sentences boilerplate {st[('sentence', 0)]} content {st[('sentence', 1)]}; "
              f"other lines boilerplate {st[('other', 0)]} content {st[('other', 1)]}")


if __name__ == "__main__":
    main()
