"""``make screenshots`` (tests/browser/screenshots.py) writes both images from a run whose
paths are shown as /data/in and /data/out: no checkout or temporary path on the pages."""
from __future__ import annotations

import json
from pathlib import Path

from tests.browser import screenshots
from tests.browser.cdp import Browser
from tests.conftest import REPO
from tests.report_fixtures import ensure_chromium


def test_the_screenshot_pages_show_only_neutral_paths(tmp_path: Path) -> None:
    out, prefix = screenshots.neutral_output(tmp_path / "run")
    ensure_chromium()
    with Browser() as b:
        b.open(out / "report" / "index.html")
        before = b.eval("document.documentElement.outerHTML")
        assert prefix in before  # the report does show absolute paths ...
        assert b.eval(screenshots._NEUTRAL % json.dumps(prefix)) > 0
        after = b.eval("document.documentElement.outerHTML")
    assert prefix not in after and str(REPO) not in after  # ... the images do not
    assert "/data/in" in after and "/data/out" in after


def test_make_screenshots_writes_both_images(tmp_path: Path) -> None:
    assert screenshots.main([str(tmp_path)]) == 0
    assert sorted(p.name for p in tmp_path.glob("*.png")) == ["report-document.png", "report-index.png"]
