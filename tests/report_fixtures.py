"""A real output for the report tests: the repository's seeds/ run through the real CLI
(``--no-prefect``, entities on), exactly what `make run` cleans."""
from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path
from typing import Any

import pyarrow.dataset as ds

from cleanseeds.cli import main
from tests.conftest import REPO


def seeds_output(out: Path) -> Path:
    """As `make run` does it: from the repository, ``cleanseeds run seeds`` (sources named
    ``seeds/...``)."""
    here = os.getcwd()
    os.chdir(REPO)
    try:
        assert main(["run", "seeds", "--output", str(out), "--no-prefect", "--quiet"]) == 0
    finally:
        os.chdir(here)
    return out


def seed_source(name: str) -> str:
    """The canonical ``source`` of a file of the repository's seeds/ (its resolved path)."""
    return str((REPO / "seeds" / name).resolve())


def rows(out: Path, name: str) -> list[dict[str, Any]]:
    return ds.dataset(out / name, format="parquet", partitioning="hive").to_table().to_pylist()


def ensure_chromium() -> None:
    """The project's own installer (apt-get when missing and root; a no-op when present)."""
    subprocess.run(["bash", str(REPO / "scripts" / "ensure_chromium.sh")], check=True, timeout=900)


_ROW = re.compile(r'<tr class="(kept|removed)"(?: id="L(\d+)")?(?: title="[^"]*" data-reason="([^"]*)" data-rule="([^"]*)")?>'
                  r'<td class="no">\d*</td><td class="v">.*?</td><td class="t">(.*?)</td></tr>', re.DOTALL)


def page_lines(html_text: str) -> list[tuple[bool, int | None, str | None, str | None, str]]:
    """``(kept, line_no, reason, rule, text)`` per line row of a document page."""
    import html

    return [(k == "kept", int(n) if n else None, r or None, u or None, html.unescape(t)) for k, n, r, u, t in _ROW.findall(html_text)]
