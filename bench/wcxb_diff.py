"""Page by page comparison of two WCXB runs (``quality_wcxb.py --dump`` files): what a change did.

    .venv/bin/python bench/wcxb_diff.py BEFORE.jsonl.gz AFTER.jsonl.gz [--types collection,listing]
        [--min 0.001] [--show-held]

Per page type and half (the benchmark's domain-hash split, the ``half`` field of the dumps):
the pages compared, how many changed (their text or their F1), went up and went down, and the
sum of the F1 changes in page-F1 units (a change's size on the macro mean is that sum over the
kind's page count); the same for the tune half's two quarters (the next bit of the domain hash,
``quality_wcxb.quarter``: a change is chosen on quarter A and confirmed on quarter B, neither may go
down for any kind, before the held-out totals are read). Then the **tune-half** pages that changed, one a line (id, true type,
domain, F1 before -> after, extraction strategy before -> after), the ones that went down first.

**Held-out pages are counted, never listed** unless ``--show-held`` is given: rules and
thresholds are chosen looking at tune-half pages only, and the held-out half is read as totals
(``--show-held`` is for a final report, after the choice). Pages found in one dump only (a
``--types`` run compared with a full one) are left out and counted; compare runs of the same
``--types``: site templates are grouped over the pages a run reads, so a page's text can differ
between a subset run and a full one with the code unchanged.
"""
from __future__ import annotations

import argparse
import gzip
import json
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from quality_wcxb import quarter  # noqa: E402

#: an F1 change under this size is no change (float noise); a text change always counts
EPS = 1e-9


@dataclass
class Tally:
    """One page type and half: pages compared, changed, up, down, the sum of the F1 changes."""

    pages: int = 0
    changed: int = 0
    up: int = 0
    down: int = 0
    delta: float = 0.0


@dataclass
class Comparison:
    tallies: dict[tuple[str, str], Tally] = field(default_factory=dict)  # (type, half) -> Tally
    quarters: dict[tuple[str, str], Tally] = field(default_factory=dict)  # (type, "A" | "B") -> Tally, tune pages
    changed: list[dict[str, Any]] = field(default_factory=list)  # one row a changed page
    only_one: int = 0  # pages found in one of the dumps only


def read_dump(path: Path) -> dict[str, dict[str, Any]]:
    """The pages of a ``quality_wcxb.py --dump`` file, by id."""
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        return {row["id"]: row for row in map(json.loads, fh)}


def compare(before: dict[str, dict[str, Any]], after: dict[str, dict[str, Any]], types: frozenset[str] = frozenset()) -> Comparison:
    """Page by page, the pages of both dumps (of ``types`` only, when given)."""
    out = Comparison(only_one=len(before.keys() ^ after.keys()))
    for pid in sorted(before.keys() & after.keys()):
        b, a = before[pid], after[pid]
        if types and a["type"] not in types:
            continue
        q = quarter(a["domain"]) if a["half"] == "tune" else ""
        tallies = [out.tallies.setdefault((a["type"], a["half"]), Tally())] + ([out.quarters.setdefault((a["type"], q), Tally())] if q else [])
        delta = a["f1"] - b["f1"]
        changed = abs(delta) > EPS or a["text"] != b["text"]
        for tally in tallies:
            tally.pages += 1
            tally.changed += changed
            tally.up += delta > EPS
            tally.down += delta < -EPS
            tally.delta += delta if changed else 0.0
        if not changed:
            continue
        out.changed.append({"id": pid, "type": a["type"], "domain": a["domain"], "half": a["half"], "before": b["f1"],
                            "after": a["f1"], "delta": delta, "strategy": (b.get("strategy", ""), a.get("strategy", ""))})
    return out


def report(cmp: Comparison, show_held: bool = False, min_delta: float = 0.0) -> list[str]:
    """The comparison as printed lines (see the module doc)."""
    lines = [f"{'type':14s} {'half':5s} {'pages':>5s} {'changed':>7s} {'up':>3s} {'down':>4s} {'sum dF1':>8s}"]
    for (kind, half), t in sorted(cmp.tallies.items()):
        lines.append(f"{kind:14s} {half:5s} {t.pages:5d} {t.changed:7d} {t.up:3d} {t.down:4d} {t.delta:+8.3f}")
    for half in ("tune", "held"):
        total = sum(t.delta for (_, h), t in cmp.tallies.items() if h == half)
        lines.append(f"{'all':14s} {half:5s} sum dF1 {total:+.3f}")
    lines.append("tune quarters (choose on A, confirm on B):")
    for (kind, q), t in sorted(cmp.quarters.items()):
        lines.append(f"{kind:14s} {q:5s} {t.pages:5d} {t.changed:7d} {t.up:3d} {t.down:4d} {t.delta:+8.3f}")
    if cmp.only_one:
        lines.append(f"({cmp.only_one} pages in one dump only: left out)")
    shown = [r for r in cmp.changed if (show_held or r["half"] == "tune") and abs(r["delta"]) >= min_delta]
    hidden = sum(1 for r in cmp.changed if r["half"] != "tune" and not show_held)
    lines.append("")
    lines.append("pages that changed" + ("" if show_held else " (tune half; held-out pages counted above, not listed)") + ":")
    for r in sorted(shown, key=lambda r: (r["delta"] >= 0, r["delta"])):
        lines.append(f"  {r['id']} {r['half']:4s} {r['type']:13s} {r['domain'][:30]:30s} {r['before']:.3f} -> {r['after']:.3f} "
                     f"({r['delta']:+.3f})  {r['strategy'][0]} -> {r['strategy'][1]}")
    if hidden:
        lines.append(f"  ({hidden} held-out pages changed: not listed)")
    return lines


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("before", type=Path)
    ap.add_argument("after", type=Path)
    ap.add_argument("--types", default="", help="comma-separated true page types only")
    ap.add_argument("--min", type=float, default=0.0, help="list only pages whose F1 moved at least this much")
    ap.add_argument("--show-held", action="store_true", help="list held-out pages too (a final report, not while tuning)")
    a = ap.parse_args(argv)
    types = frozenset(t for t in a.types.split(",") if t)
    print("\n".join(report(compare(read_dump(a.before), read_dump(a.after), types), a.show_held, a.min)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
