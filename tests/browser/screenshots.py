"""``make screenshots``: run a copy of seeds/ into a temporary output, open its report in
headless chromium and save ``report-index.png`` and ``report-document.png`` into the given
folder (docs/ by default).

    .venv/bin/python -m tests.browser.screenshots docs

The report shows absolute paths (a document's ``source`` is its resolved path, the output's
own path, the site of a file without a URL is its folder). So that the images carry no
machine's checkout or temporary path, the run reads a copy of seeds/ in ``<tmp>/data/in``
and writes ``<tmp>/data/out``, and the pages are shown with ``<tmp>`` removed: the paths of
the deployment example of docs/security.md, ``/data/in`` and ``/data/out``. Nothing else on
the page is changed.
"""
from __future__ import annotations

import json
import os
import shutil
import sys
import tempfile
from pathlib import Path

from cleanseeds.cli import main as cleanseeds
from tests.browser.cdp import Browser
from tests.conftest import REPO
from tests.report_fixtures import ensure_chromium, rows

DOCUMENT = "harbour-ferry.txt"  # in seeds/: text mode, ten removed lines of six reasons
SHOWN_ROOT = "/data"

# every text node and attribute value: the temporary prefix removed
_NEUTRAL = """(prefix => {
  const fix = s => s.split(prefix).join("");
  const walk = document.createTreeWalker(document.documentElement, NodeFilter.SHOW_TEXT);
  let n = 0;
  while (walk.nextNode()) { const t = walk.currentNode; if (t.nodeValue.includes(prefix)) { t.nodeValue = fix(t.nodeValue); n++; } }
  for (const el of document.querySelectorAll("*")) for (const a of el.attributes)
    if (a.value.includes(prefix)) { a.value = fix(a.value); n++; }
  return n;
})(%s)"""


def neutral_output(tmp: Path) -> tuple[Path, str]:
    """Run seeds/ as ``<tmp>/data/in`` into ``<tmp>/data/out`` (from ``<tmp>/data``, as an
    operator runs ``cleanseeds run in --output out``); the output and the prefix to hide."""
    root = tmp.resolve()
    data = root / SHOWN_ROOT.lstrip("/")
    shutil.copytree(REPO / "seeds", data / "in")
    here = os.getcwd()
    os.chdir(data)
    try:
        assert cleanseeds(["run", "in", "--output", "out", "--no-prefect", "--quiet"]) == 0
    finally:
        os.chdir(here)
    return data / "out", str(root)


def main(argv: list[str]) -> int:
    dest = Path(argv[0] if argv else "docs").resolve()
    dest.mkdir(parents=True, exist_ok=True)
    ensure_chromium()
    with tempfile.TemporaryDirectory(prefix="cleanseeds-shots-") as tmp:
        out, prefix = neutral_output(Path(tmp))
        doc = next(d for d in rows(out, "documents") if d["source"] == str(out.parent / "in" / DOCUMENT))
        with Browser(width=1280, height=900) as b:
            for page, name, height in ((out / "report" / "index.html", "report-index.png", 2600),
                                       (out / "report" / "d" / f"{doc['doc_id']}.html", "report-document.png", 1800)):
                b.open(page)
                b.eval(_NEUTRAL % json.dumps(prefix))
                assert prefix not in b.eval("document.documentElement.outerHTML")
                b.screenshot(dest / name, max_height=height)
            if b.errors or b.blocked:
                print(f"console errors {b.errors}, blocked requests {b.blocked}", file=sys.stderr)
                return 1
    print(f"wrote {dest / 'report-index.png'} and {dest / 'report-document.png'}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
