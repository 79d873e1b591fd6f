"""Named entities per language on the hand-written golden paragraphs of
``tests/golden/entities/`` (see its README): precision and recall per label (PERSON, ORG,
GPE), exact span and label, through the real enrich stage (language detection, spaCy NER for
English and French, gazetteer + title cue + linking everywhere). Also the resident memory of a
process with the English and the French model loaded.

    .venv/bin/python bench/entities_golden.py            # table
    .venv/bin/python bench/entities_golden.py --errors   # + each miss and false hit
    .venv/bin/python bench/entities_golden.py --fresh    # the fresh German, French and Spanish sentences

The main paragraphs are optimistic: the gazetteer's title list was extended while reading them.
``tests/golden/entities/fresh/`` holds sentences written afterwards, scored once and not used
to change the gazetteer, cue words or linking: its figures are the honest ones for those
languages (small: about thirty entities per language).
"""
from __future__ import annotations

import argparse
import datetime as dt
import sys
from collections import defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

from cleanseeds.config import Settings  # noqa: E402
from cleanseeds.enrich import enrich_batch  # noqa: E402
from cleanseeds.records import Document  # noqa: E402

DIR = REPO / "tests" / "golden" / "entities"
LABELS = ("PERSON", "ORG", "GPE")
LANGS = ("en", "fr", "de", "es")


def load(language: str, directory: Path = DIR) -> list[tuple[str, list[tuple[int, int, str]]]]:
    """Documents: (text, [(start, end, label)])."""
    docs: list[tuple[str, list[tuple[int, int, str]]]] = []
    paras: list[str] = []
    gold: list[tuple[int, int, str]] = []

    def flush() -> None:
        if paras:
            docs.append(("\n".join(paras), list(gold)))
        paras.clear()
        gold.clear()
    for line in (directory / f"{language}.txt").read_text(encoding="utf-8").splitlines():
        if not line.strip():
            flush()
            continue
        text, _, right = line.partition(" || ")
        offset = sum(len(p) + 1 for p in paras)
        pos = 0
        for item in filter(None, (x.strip() for x in right.split(";"))):
            name, _, label = item.rpartition("=")
            i = text.find(name, pos)
            assert i >= 0, (language, name, text)
            gold.append((offset + i, offset + i + len(name), label))
            pos = i + len(name)
        paras.append(text)
    flush()
    return docs


def run(language: str, errors: list[str] | None = None, directory: Path = DIR) -> dict[str, list[int]]:
    """label -> [tp, fp, fn]; plus the entities_status values seen under key 'status:<value>'."""
    cases = load(language, directory)
    docs = []
    for n, (text, _) in enumerate(cases):
        d = Document(doc_id=f"{n:032x}", source=f"{language}#{n}", input_path=language, input_format="txt", content_hash=f"{n:032x}")
        d.text = d.source_text = text
        docs.append(d)
    res = enrich_batch(docs, Settings(), today=dt.date(2024, 1, 1))
    assert not res.rejected, res.rejected
    counts: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    for d, (text, gold) in zip(res.docs, cases, strict=True):
        counts[f"status:{d.language}:{d.entities_status}"][0] += 1
        pred = {(e.start, e.end, e.label) for e in d.entities if e.label in LABELS}
        g = set(gold)
        for s, e, lab in pred:
            if (s, e, lab) in g:
                counts[lab][0] += 1
            else:
                counts[lab][1] += 1
                if errors is not None:
                    errors.append(f"FP {text[s:e]!r} {lab}")
        for s, e, lab in g - pred:
            counts[lab][2] += 1
            if errors is not None:
                errors.append(f"FN {text[s:e]!r} {lab}")
    return counts


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--errors", action="store_true")
    ap.add_argument("--fresh", action="store_true", help="score tests/golden/entities/fresh/ (German, French, Spanish) instead")
    args = ap.parse_args()
    directory = DIR / "fresh" if args.fresh else DIR
    langs = tuple(lang for lang in LANGS if (directory / f"{lang}.txt").exists())
    import psutil

    rss0 = psutil.Process().memory_info().rss
    print(f"{'lang':<6}{'status':<34}" + "".join(f"{lab + ' P':>10}{'R':>7}" for lab in LABELS) + f"{'all P':>9}{'R':>7}")
    for lang in langs:
        errs: list[str] = []
        c = run(lang, errs, directory)
        status = ", ".join(f"{k.split(':', 2)[2]} x{v[0]}" for k, v in c.items() if k.startswith("status:"))
        cells = ""
        tot = [0, 0, 0]
        for lab in LABELS:
            tp, fp, fn = c[lab]
            tot = [tot[0] + tp, tot[1] + fp, tot[2] + fn]
            cells += f"{tp / (tp + fp) if tp + fp else 1:>10.3f}{tp / (tp + fn) if tp + fn else 1:>7.3f}"
        cells += f"{tot[0] / (tot[0] + tot[1]) if tot[0] + tot[1] else 1:>9.3f}{tot[0] / (tot[0] + tot[2]) if tot[0] + tot[2] else 1:>7.3f}"
        print(f"{lang:<6}{status:<34}{cells}")
        if args.errors:
            for e in errs:
                print("    ", e)
    rss = psutil.Process().memory_info().rss
    print(f"\nresident memory of this process: {rss / 2**20:.0f} MiB with the English and French models loaded "
          f"(after imports, before any model: {rss0 / 2**20:.0f} MiB)")


if __name__ == "__main__":
    main()
