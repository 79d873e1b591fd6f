"""``make screenshots``: run seeds/ into a temporary output, open its report in headless
chromium and save ``report-index.png`` and ``report-document.png`` into the given folder
(docs/ by default).

    .venv/bin/python -m tests.browser.screenshots docs
"""
from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from tests.browser.cdp import Browser
from tests.report_fixtures import ensure_chromium, rows, seed_source, seeds_output

DOCUMENT = "harbour-ferry.txt"  # in seeds/: text mode, ten removed lines of six reasons


def main(argv: list[str]) -> int:
    dest = Path(argv[0] if argv else "docs").resolve()
    dest.mkdir(parents=True, exist_ok=True)
    ensure_chromium()
    with tempfile.TemporaryDirectory(prefix="cleanseeds-shots-") as tmp:
        out = seeds_output(Path(tmp) / "output")
        doc = next(d for d in rows(out, "documents") if d["source"] == seed_source(DOCUMENT))
        with Browser(width=1280, height=900) as b:
            b.open(out / "report" / "index.html")
            b.screenshot(dest / "report-index.png", max_height=2600)
            b.open(out / "report" / "d" / f"{doc['doc_id']}.html")
            b.screenshot(dest / "report-document.png", max_height=1800)
            if b.errors or b.blocked:
                print(f"console errors {b.errors}, blocked requests {b.blocked}", file=sys.stderr)
                return 1
    print(f"wrote {dest / 'report-index.png'} and {dest / 'report-document.png'}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
