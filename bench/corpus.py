"""Build a benchmark corpus of N documents from the shared dev set.

The dev set (``../shared/eval/dev`` beside the repository, or ``--dev-dir``) has 181 real
article pages and their plain-text twins. A corpus of N documents mixes, by default:

* 60 % HTML files          ``html/rNNNN/<host>/<id>.html``   (one page per file)
* 20 % plain-text files    ``txt/rNNNN/<host>/<id>.txt``     (the scraper-dump twin)
* 20 % JSONL records       ``jsonl/part-NNNN.jsonl``         (100 records a file, alternating
                                                            ``html`` and ``text`` records)

Pages are replicated in rounds (``rNNNN``); every copy after the first gets a small, unique
change (a sentence with the round number in the first paragraph and in the title) so no
content-keyed cache or incremental index can short-cut the work. Each round is its own
directory and its own host (``//r3.www.example.com`` in the page and the JSONL ``url``), so
a "site" (URL host or folder) never holds copies of the same page and cross-page template
learning sees what it would see on a real crawl: distinct pages.

    python bench/corpus.py --n 1000 --out bench/_corpora/corpus-1000
"""
from __future__ import annotations

import argparse
import gzip
import json
import re
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

REPO = Path(__file__).resolve().parents[1]
DEFAULT_DEV_DIR = REPO.parent / "shared" / "eval" / "dev"
MIX = {"html": 0.6, "txt": 0.2, "jsonl": 0.2}
JSONL_PER_FILE = 100

_P_OPEN = re.compile(r"<p(\s[^>]*)?>", re.I)
_TITLE = re.compile(r"(<title[^>]*>)", re.I)
_WORDS = ("harbour", "ledger", "meadow", "signal", "copper", "lantern", "orchard", "granite", "willow", "falcon")


@dataclass(frozen=True, slots=True)
class Page:
    id: str
    url: str
    host: str
    html: str
    lines: tuple[str, ...]


def load_pages(dev_dir: Path) -> list[Page]:
    texts: dict[str, list[str]] = {}
    with gzip.open(dev_dir / "dirty_text.jsonl.gz", "rt", encoding="utf-8") as f:
        for line in f:
            rec = json.loads(line)
            texts[str(rec["id"])] = rec["lines"]
    pages = []
    with gzip.open(dev_dir / "pages.jsonl.gz", "rt", encoding="utf-8") as f:
        for line in f:
            rec = json.loads(line)
            pid = str(rec["id"])
            host = urlsplit(rec.get("url") or "").hostname or "unknown"
            pages.append(Page(pid, rec.get("url") or "", host, rec["html"], tuple(texts.get(pid, ()))))
    return pages


def _marker(r: int, i: int) -> str:
    """A short sentence unique to (round, page): changes the text, not its shape."""
    w = _WORDS[(r + i) % len(_WORDS)]
    return f"Edition {r}.{i} of the {w} report. "


def vary_host(text: str, host: str, r: int) -> str:
    """Round ``r``'s copy lives on its own host (``r3.www.example.com``): a site never holds
    copies of one page, so template learning sees distinct pages, as on a real crawl."""
    return text.replace("//" + host, f"//r{r}.{host}") if r and host != "unknown" else text


def vary_html(html: str, r: int, i: int, host: str = "unknown") -> str:
    if r == 0:
        return html
    html = vary_host(html, host, r)
    m = _marker(r, i)
    html, n = _P_OPEN.subn(lambda mo: mo.group(0) + m, html, count=1)
    return _TITLE.sub(lambda mo: mo.group(1) + m, html, count=1)


def vary_lines(lines: tuple[str, ...], r: int, i: int) -> list[str]:
    out = list(lines)
    if r == 0 or not out:
        return out
    longest = max(range(len(out)), key=lambda k: len(out[k]))
    out[longest] = _marker(r, i) + out[longest]
    return out


def _plan(n: int, mix: dict[str, float]) -> dict[str, int]:
    counts = {k: int(n * v) for k, v in mix.items()}
    counts["html"] += n - sum(counts.values())
    return counts


def _copies(pages: list[Page], count: int) -> Iterator[tuple[int, int, Page]]:
    for k in range(count):
        r, i = divmod(k, len(pages))
        yield r, i, pages[i]


def build(n: int, out: Path, dev_dir: Path = DEFAULT_DEV_DIR, mix: dict[str, float] | None = None) -> dict[str, int]:
    """Write the corpus under ``out`` (replacing it) and return the document counts per kind."""
    plan = _plan(n, mix or MIX)
    pages = load_pages(dev_dir)
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    for r, i, p in _copies(pages, plan["html"]):
        d = out / "html" / f"r{r:04d}" / p.host
        d.mkdir(parents=True, exist_ok=True)
        (d / f"{p.id}.html").write_text(vary_html(p.html, r, i, p.host), encoding="utf-8")
    # plain text and JSONL start at other pages so the same page is not in every kind at once
    off = len(pages) // 3
    rot = pages[off:] + pages[:off]
    for r, i, p in _copies(rot, plan["txt"]):
        d = out / "txt" / f"r{r:04d}" / p.host
        d.mkdir(parents=True, exist_ok=True)
        (d / f"{p.id}.txt").write_text("\n".join(vary_lines(p.lines, r, i)) + "\n", encoding="utf-8")
    rot = pages[2 * off:] + pages[: 2 * off]
    jdir = out / "jsonl"
    jdir.mkdir()
    fh = None
    for k, (r, i, p) in enumerate(_copies(rot, plan["jsonl"])):
        if k % JSONL_PER_FILE == 0:
            if fh:
                fh.close()
            fh = open(jdir / f"part-{k // JSONL_PER_FILE:04d}.jsonl", "w", encoding="utf-8")
        rec: dict[str, str] = {"id": f"{p.id}-{r}", "url": vary_host(p.url, p.host, r + 1)}
        if k % 2 == 0:
            rec["html"] = vary_html(p.html, r + 1, i, p.host)
        else:
            rec["text"] = "\n".join(vary_lines(p.lines, r + 1, i))
        assert fh is not None
        fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
    if fh:
        fh.close()
    return plan


def iter_corpus(root: Path) -> Iterator[tuple[str, str]]:
    """Every document of a corpus as ``(kind, content)``, kind ``html`` or ``text`` — what a
    bare library loop sees. Same files, same order as the pipeline discovers them."""
    for path in sorted(p for p in root.rglob("*") if p.is_file() and p.suffix in (".html", ".txt", ".jsonl")):
        if path.suffix == ".html":
            yield "html", path.read_text(encoding="utf-8")
        elif path.suffix == ".txt":
            yield "text", path.read_text(encoding="utf-8")
        else:
            with open(path, encoding="utf-8") as f:
                for line in f:
                    rec = json.loads(line)
                    yield ("html", rec["html"]) if "html" in rec else ("text", rec["text"])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--n", type=int, required=True)
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--dev-dir", type=Path, default=DEFAULT_DEV_DIR)
    a = ap.parse_args()
    print(build(a.n, a.out, a.dev_dir))


if __name__ == "__main__":
    main()
