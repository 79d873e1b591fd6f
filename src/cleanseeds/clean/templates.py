"""Site templates: lines repeated across many documents of one site are boilerplate.

A *site* is the document's host (HTML/JSONL with a URL) or its source folder. For each site
we count, per line, in how many distinct documents it appears (lines are hashed after
whitespace collapsing and case folding). A line seen in at least ``template_min_docs``
documents of the site, and in at least ``template_min_share`` of the site's documents, is a
template line and is removed with reason ``site_template``.

How this works across batches and runs:

* ``clean_batch`` gets a *snapshot* of the templates learned so far (earlier runs and the
  batches merged before this one) and adds its own batch's counts before deciding, so
  repetition inside one batch is caught directly.
* it returns *observations* (per document: site, document key, line hashes); the pipeline
  merges them in the main process with :meth:`SiteTemplates.update` after each batch and
  :meth:`SiteTemplates.save` writes ``site_templates.json`` into the output's ``_state/``.
* a document is counted once per site, however many times it is processed (its key is its
  content hash), so re-runs do not inflate counts.

Limits: batches running in parallel do not see each other's observations (a site whose
pages all land in the first parallel batches learns its templates one batch late, or on the
next run); per site we keep at most :data:`MAX_DOCS_PER_SITE` document keys and prune
lines seen once when a site's table grows past :data:`MAX_LINES_PER_SITE`.
"""
from __future__ import annotations

import hashlib
import json
import os
import tempfile
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

STATE_FILE = "site_templates.json"
FORMAT_VERSION = 1
MAX_DOCS_PER_SITE = 100_000
MAX_LINES_PER_SITE = 200_000
#: Line entries kept over all sites. Past this, sites seen in a single document so far (they
#: cannot have a template line yet) are forgotten, oldest first, then the sites with the
#: fewest documents: the state — shipped to every worker and held by the runner — stays
#: bounded however many one-page sites a crawl holds.
MAX_TOTAL_LINES = 200_000  # about 20 MB of state per process


def line_key(norm: str) -> str:
    """Stable short hash of a normalized line (case-folded)."""
    return hashlib.blake2b(norm.casefold().encode("utf-8", "surrogatepass"), digest_size=8).hexdigest()


@dataclass(slots=True)
class DocObservation:
    site: str
    doc_key: str
    lines: frozenset[str]


@dataclass(slots=True)
class _Site:
    docs: set[str] = field(default_factory=set)
    n_docs: int = 0
    counts: Counter[str] = field(default_factory=Counter)


class SiteTemplates:
    """Per-site line counts. Picklable; shipped to workers as a snapshot."""

    def __init__(self) -> None:
        self.sites: dict[str, _Site] = {}
        self._total = 0  # line entries over all sites (kept up to date by update/load)

    # --- persistence ---------------------------------------------------------------------
    @classmethod
    def load(cls, state_dir: str | Path) -> SiteTemplates:
        self = cls()
        path = Path(state_dir) / STATE_FILE
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return self  # no state yet, or unreadable state: start fresh
        if not isinstance(data, dict) or data.get("version") != FORMAT_VERSION:
            return self
        for name, s in (data.get("sites") or {}).items():
            site = _Site(docs=set(s.get("docs", [])), n_docs=int(s.get("n_docs", 0)), counts=Counter({k: int(v) for k, v in s.get("counts", {}).items()}))
            self.sites[name] = site
            self._total += len(site.counts)
        self._bound()
        return self

    def save(self, state_dir: str | Path) -> None:
        Path(state_dir).mkdir(parents=True, exist_ok=True)
        data = {
            "version": FORMAT_VERSION,
            "sites": {
                name: {"n_docs": s.n_docs, "docs": sorted(s.docs), "counts": dict(s.counts)}
                for name, s in sorted(self.sites.items())
            },
        }
        fd, tmp = tempfile.mkstemp(dir=state_dir, prefix=".site_templates.", suffix=".tmp")
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(data, fh, separators=(",", ":"))
        os.replace(tmp, Path(state_dir) / STATE_FILE)

    # --- learning --------------------------------------------------------------------------
    def update(self, observations: Any) -> None:
        """Merge a batch's observations (a list of :class:`DocObservation`, or a list of such
        lists, or ``None``)."""
        for obs in _flatten(observations):
            site = self.sites.setdefault(obs.site, _Site())
            if obs.doc_key in site.docs:
                continue
            if len(site.docs) < MAX_DOCS_PER_SITE:
                site.docs.add(obs.doc_key)
            site.n_docs += 1
            before = len(site.counts)
            site.counts.update(obs.lines)
            if len(site.counts) > MAX_LINES_PER_SITE:
                site.counts = Counter({k: v for k, v in site.counts.items() if v > 1})
            self._total += len(site.counts) - before
        self._bound()

    def _bound(self) -> None:
        """Forget the least useful sites once the state holds more than MAX_TOTAL_LINES."""
        if self._total <= MAX_TOTAL_LINES:
            return
        target = int(MAX_TOTAL_LINES * 0.8)  # hysteresis: do not prune on every update
        for name in [n for n, s in self.sites.items() if s.n_docs <= 1]:  # oldest first
            self._total -= len(self.sites.pop(name).counts)
            if self._total <= target:
                return
        for name, _ in sorted(self.sites.items(), key=lambda kv: kv[1].n_docs):
            self._total -= len(self.sites.pop(name).counts)
            if self._total <= target:
                return

    def __setstate__(self, state: Any) -> None:
        # pickles made before ``_total`` existed
        _, slots = state if isinstance(state, tuple) else (state, None)
        self.__dict__.update(state if isinstance(state, dict) else (slots or {}))
        if "_total" not in self.__dict__:
            self._total = sum(len(s.counts) for s in self.sites.values())

    def stats(self, site: str) -> tuple[int, Counter[str], set[str]]:
        s = self.sites.get(site)
        return (s.n_docs, s.counts, s.docs) if s else (0, Counter(), set())

    def template_lines(self, site: str, min_docs: int, min_share: float) -> set[str]:
        n, counts, _ = self.stats(site)
        return {k for k, c in counts.items() if c >= min_docs and c >= min_share * n}


def _flatten(observations: Any) -> Iterable[DocObservation]:
    if observations is None:
        return
    if isinstance(observations, DocObservation):
        yield observations
        return
    for item in observations:
        yield from _flatten(item)
