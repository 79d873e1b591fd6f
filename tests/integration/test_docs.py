"""The documentation is true: every runnable code block of README.md and docs/*.md is run,
and the options table of docs/usage.md matches ``cleanseeds run --help``.

How a block is treated depends on its language tag:

* ``console``: lines starting with ``$ `` are commands (run with bash, in order); the lines
  after one are output that must appear, in order, in what it printed (``...`` matches
  anything; runs of spaces match any whitespace);
* ``bash`` / ``sh``: run with ``bash -e -o pipefail``; it must exit 0;
* ``python``: executed; ``sql``: run by DuckDB; ``toml``: a settings file is validated by
  :class:`cleanseeds.config.Settings`, a rules file is loaded (its keep/drop examples run);
* ``text``: not code.

A block that cannot run here (a long-running server, a 90-minute benchmark) is marked, with
its reason, by an HTML comment on the line before it: ``<!-- not run: why -->`` (or ``not run
here:``). An untagged block, or an unmarked one of an unknown language, fails the test.

Each page runs in its own scratch checkout (``seeds/``, the repository's ``.venv``), its
blocks in order, so a page's commands produce the output its later examples read.
"""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tomllib
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.conftest import REPO

PAGES = [REPO / "README.md", *sorted((REPO / "docs").glob("*.md"))]
RUNNABLE = {"console", "bash", "sh", "python", "sql", "toml"}
NOT_RUN = re.compile(r"<!--\s*not run( here)?:\s*\S.*?-->\s*$")


@dataclass
class Block:
    page: Path
    line: int
    lang: str
    code: str
    marked: bool  # preceded by a <!-- not run: why --> comment

    @property
    def where(self) -> str:
        return f"{self.page.relative_to(REPO)}:{self.line}"


def blocks(page: Path) -> list[Block]:
    lines = page.read_text(encoding="utf-8").split("\n")
    out: list[Block] = []
    i = 0
    while i < len(lines):
        m = re.match(r"^```(\S*)\s*$", lines[i])
        if not m:
            i += 1
            continue
        j = i + 1
        while j < len(lines) and not lines[j].startswith("```"):
            j += 1
        prev = next((lines[k] for k in range(i - 1, -1, -1) if lines[k].strip()), "")
        out.append(Block(page, i + 1, m.group(1), "\n".join(lines[i + 1 : j]) + "\n", bool(NOT_RUN.search(prev))))
        i = j + 1
    return out


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env["PATH"] = f"{REPO / '.venv' / 'bin'}{os.pathsep}{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}"
    env.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    env.setdefault("DO_NOT_TRACK", "1")
    env["COLUMNS"] = "200"
    return env


def _checkout(tmp: Path) -> Path:
    root = tmp / "checkout"
    root.mkdir()
    (root / ".venv").symlink_to(REPO / ".venv")
    shutil.copytree(REPO / "seeds", root / "seeds")
    return root


def _sh(cmd: str, cwd: Path, timeout: float = 600) -> subprocess.CompletedProcess[str]:
    """Run ``cmd``; stdout and stderr interleaved in ``stdout``, as a terminal shows them."""
    return subprocess.run(["bash", "-o", "pipefail", "-c", cmd], cwd=cwd, env=_env(), stdout=subprocess.PIPE,
                          stderr=subprocess.STDOUT, text=True, timeout=timeout, check=False)


def _pattern(expected: str) -> re.Pattern[str]:
    parts = [r"\s+" if p.isspace() else ".*" if p == "..." else re.escape(p) for p in re.split(r"(\.\.\.|\s+)", expected.strip()) if p]
    return re.compile("".join(parts))


def run_console(b: Block, cwd: Path) -> None:
    cmds: list[tuple[str, list[str]]] = []
    for ln in b.code.rstrip("\n").split("\n"):
        if ln.startswith("$ "):
            cmds.append((ln[2:], []))
        else:
            assert cmds, f"{b.where}: a console block starts with a `$ ` command"
            cmds[-1][1].append(ln)
    for cmd, expected in cmds:
        res = _sh(cmd, cwd)
        printed = [ln.strip() for ln in res.stdout.splitlines() if ln.strip()]
        pos = 0
        for exp in expected:
            if not exp.strip() or exp.strip() == "...":
                continue
            pat = _pattern(exp)
            hit = next((k for k in range(pos, len(printed)) if pat.fullmatch(printed[k])), None)
            assert hit is not None, f"{b.where}: `{cmd}` did not print\n  {exp}\nafter what was matched so far; it printed:\n" + "\n".join(printed)
            pos = hit + 1


def run_block(b: Block, cwd: Path) -> None:
    if b.lang == "console":
        run_console(b, cwd)
    elif b.lang in ("bash", "sh"):
        res = _sh("set -e\n" + b.code, cwd)
        assert res.returncode == 0, f"{b.where}: exit {res.returncode}\n{res.stdout}"
    elif b.lang == "python":
        old = Path.cwd()
        os.chdir(cwd)
        try:
            exec(compile(b.code, b.where, "exec"), {"__name__": "__docs__"})  # noqa: S102 - the docs examples are the code under test
        finally:
            os.chdir(old)
    elif b.lang == "sql":
        import duckdb

        old = Path.cwd()
        os.chdir(cwd)
        try:
            duckdb.sql(b.code).fetchall()
        finally:
            os.chdir(old)
    elif b.lang == "toml":
        data = tomllib.loads(b.code)
        from cleanseeds.config import Settings

        if "rule" in data:  # a rules file: loading checks every rule and runs its examples
            from cleanseeds import clean

            f = cwd / f"rules-{b.line}.toml"
            f.write_text(b.code, encoding="utf-8")
            rules = clean.load_rules(Settings(rules_file=str(f)))
            assert {r["id"] for r in data["rule"]} <= {r.id for r in rules.rules}, b.where
        else:
            Settings.from_mapping(data.get("cleanseeds", data))
    else:  # pragma: no cover - guarded by test_every_block_is_runnable_or_marked
        raise AssertionError(f"{b.where}: no runner for ```{b.lang}")


def test_every_block_is_runnable_or_marked() -> None:
    bad = [b.where + f" ```{b.lang}" for p in PAGES for b in blocks(p) if not b.lang or (b.lang not in RUNNABLE and b.lang != "text" and not b.marked)]
    assert bad == [], "untagged blocks, or of a language no test runs (tag them ```text or mark them <!-- not run: why -->)"
    assert sum(1 for p in PAGES for b in blocks(p) if b.lang in RUNNABLE and not b.marked) >= 10


@pytest.mark.parametrize("page", [p for p in PAGES if any(b.lang in RUNNABLE and not b.marked for b in blocks(p))], ids=lambda p: p.name)
def test_page_code_blocks_run(page: Path, tmp_path: Path) -> None:
    cwd = _checkout(tmp_path)
    for b in blocks(page):
        if b.lang in RUNNABLE and not b.marked:
            run_block(b, cwd)


# --- option tables against --help ------------------------------------------------------------


def _help(*args: str) -> str:
    res = subprocess.run([sys.executable, "-m", "cleanseeds.cli", *args, "--help"], capture_output=True, text=True, env=_env(), check=True)
    return res.stdout


def _help_options(text: str) -> dict[str, str]:
    """Every long option of a --help text and its help (joined over wrapped lines)."""
    opts: dict[str, str] = {}
    current: str | None = None
    for ln in text.split("\n")[text.split("\n").index("options:") + 1 :]:
        m = re.match(r"^  (-\S.*?)(?:\s{2,}(.*))?$", ln)
        if m:
            longs = [o.split()[0].rstrip(",") for o in m.group(1).split(", ") if o.startswith("--")]
            current = longs[0] if longs else None
            if current and current != "--help":
                opts[current] = m.group(2) or ""
        elif current and current in opts and ln.startswith(" " * 10):
            opts[current] += " " + ln.strip()
    return opts


def _table_options(page: Path) -> dict[str, str]:
    rows = {}
    for ln in page.read_text(encoding="utf-8").split("\n"):
        m = re.match(r"^\| `(--[a-z-]+)[^|]*\| ([^|]*) \|", ln)
        if m:
            rows[m.group(1)] = m.group(2).strip()
    return rows


def test_run_options_table_matches_help() -> None:
    help_opts = _help_options(_help("run"))
    table = _table_options(REPO / "docs" / "usage.md")
    assert set(table) == set(help_opts), f"docs/usage.md options table vs `cleanseeds run --help`: {set(table) ^ set(help_opts)}"
    for opt, text in help_opts.items():
        m = re.search(r"\(default:? ([^)]+)\)", text)
        if m:
            assert table[opt].replace("`", "") == m.group(1).strip(), f"{opt}: table says {table[opt]!r}, --help says {m.group(1)!r}"
    from cleanseeds.config import DEFAULT

    assert table["--batch-size"] == str(DEFAULT.batch_size)


def test_help_points_only_to_files_that_exist() -> None:
    for args in ((), ("run",), ("explain",), ("config",)):
        for ref in re.findall(r"\b((?:docs|src|bench|tests|flows)/[\w./-]+\.\w+)", _help(*args)):
            assert (REPO / ref).exists(), f"`cleanseeds {' '.join(args)} --help` points to {ref}, which does not exist"


def test_docs_links_point_to_files_that_exist() -> None:
    missing = []
    for page in PAGES:
        for target in re.findall(r"\]\(([^)#\s]+)(?:#[^)]*)?\)", page.read_text(encoding="utf-8")):
            if "://" in target:
                continue
            if not (page.parent / target).exists():
                missing.append(f"{page.relative_to(REPO)} -> {target}")
    assert missing == []


def test_files_the_docs_name_exist() -> None:
    """Every repository file a page names (``bench/perf.py``, ``seeds/harbour-ferry.txt``,
    ``tests/scale/test_dask.py``) exists: an example never names a file that is not there."""
    missing = []
    for page in PAGES:
        for ref in re.findall(r"(?<![\w/.])((?:bench|src|tests|scripts|flows|seeds|docs)/[\w./-]*\.[a-z]{1,5})\b", page.read_text(encoding="utf-8")):
            if not (REPO / ref).exists():
                missing.append(f"{page.relative_to(REPO)}: {ref}")
    assert missing == []


def test_readme_is_a_short_front_door_linking_every_page() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert len(readme.encode("utf-8")) <= 10 * 1024, "README.md is the front door: keep it under ~10 KB, move guides to docs/"
    assert "make run" in readme and "make test" in readme
    unlinked = [p.name for p in (REPO / "docs").glob("*.md") if f"(docs/{p.name})" not in readme]
    assert unlinked == [], f"docs pages not linked from README.md: {unlinked}"
    assert "WCXB (Foley, 2026), CC-BY-4.0" in readme and "LGPL-LR" in readme  # credits and licences
