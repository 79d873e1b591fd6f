"""Site templates: lines repeated across many *different* documents of one site are boilerplate.

A *site* is the document's host (HTML/JSONL with a URL) or its source folder. For each site
we count, per line, in how many distinct **evidence units** it appears (lines are hashed
after whitespace collapsing and case folding). A line seen in at least ``template_min_docs``
units of the site, and in at least ``template_min_share`` of the site's units, is a template
line and is removed with reason ``site_template``.

What counts as evidence (this is what keeps templates from eating prose):

* **Different documents only.** A document whose prose is a near-duplicate of a document
  already counted for the site (MinHash LSH over the word shingles of its longer lines,
  :func:`cleanseeds.fingerprint.prose_shingles`: a shared band means Jaccard ≈ 0.7 or more)
  adds nothing: 40 copies of one wire story are one unit, so their own lines never
  become "repeated across the site". (They are flagged as near-duplicates by the duplicate
  stage instead.) The same document processed again (same content hash) is not counted again.
* **Evidence from inputs that belong to the host.** A document whose site is the host of a
  URL it *claims* (a JSON/JSONL/WARC field, a canonical link) counts as a unit of its own
  only when its input file's path names that host (``crawl/www.victim.example/part-1.jsonl``,
  ``victim.example.jsonl``) or ``template_trust_inputs`` is set; otherwise all documents of
  one input file are *one* unit for that host. Four records of one file claiming
  ``url=https://www.victim.example/...`` count once, so they cannot make a template of the
  victim's lines: that takes ``template_min_docs`` distinct files. Documents grouped by
  folder (no URL) belong to their site by construction.
* **Sentences need much stronger evidence.** A sentence-like line (:data:`SENTENCE_MIN_WORDS`
  words or more, ending in sentence punctuation) is a template only in
  :data:`SENTENCE_DOCS_FACTOR` times ``template_min_docs`` units and at least
  :data:`SENTENCE_MIN_SHARE` of the site's units. Measured on the WCXB text twin (39 domains
  with 3+ pages, lines repeated per domain; ``bench/template_evidence.py``): at the plain
  thresholds (3 units, share 0.5) repeated sentences are 622 boilerplate lines and 25
  content lines; at 6 units and share 0.8, 230 boilerplate lines and no content line.
  Shorter lines keep the plain thresholds (22,461 boilerplate against 433 content there,
  most of them titles and labels repeated on a site's listing pages).

How this works across batches and runs:

* ``clean_batch`` observes each document (:func:`observe`) and asks
  :meth:`SiteTemplates.batch_keys` for the template lines of each site: the snapshot of what
  earlier runs and batches learned, plus this batch's own documents admitted in batch
  order under the rules above (the snapshot is not changed).
* the batch returns its *observations*; the runner merges them with
  :meth:`SiteTemplates.update` (same admission rules) and :meth:`SiteTemplates.save` writes
  ``site_templates.json`` into the output's ``_state/``. ``cleanseeds reset-templates OUTPUT``
  deletes it (:func:`reset`); ``--no-site-templates`` turns the whole mechanism off.

Bounds: per site at most :data:`MAX_DOCS_PER_SITE` document keys, :data:`MAX_LINES_PER_SITE`
line entries (lines seen once are pruned past it) and :data:`MAX_BANDS_PER_SITE` band keys
(the first counted documents' prose: later documents are still checked against them); over all
sites :data:`MAX_TOTAL_LINES` line and band entries.
"""
from __future__ import annotations

import hashlib
import json
import os
import re
import tempfile
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cleanseeds import fingerprint

STATE_FILE = "site_templates.json"
FORMAT_VERSION = 2  # v1 counted every document, near-duplicates and claimed hosts alike: not loaded
MAX_DOCS_PER_SITE = 100_000
MAX_LINES_PER_SITE = 200_000
MAX_BANDS_PER_SITE = 40_000  # 2,000 counted documents' prose
#: Line and band entries kept over all sites. Past this, sites seen in a single document so
#: far (they cannot have a template line yet) are forgotten, oldest first, then the sites with
#: the fewest documents: the state — shipped to every worker and held by the runner — stays
#: bounded however many one-page sites a crawl holds.
MAX_TOTAL_LINES = 200_000  # about 20 MB of state per process

SENTENCE_MIN_WORDS = 10
SENTENCE_DOCS_FACTOR = 2
SENTENCE_MIN_SHARE = 0.8
_SENTENCE_END = re.compile(r"[.!?…。！？](['\"”’»)\]]*)$")


def line_key(norm: str) -> str:
    """Stable short hash of a normalized line (case-folded)."""
    return hashlib.blake2b(norm.casefold().encode("utf-8", "surrogatepass"), digest_size=8).hexdigest()


def is_sentence(norm: str) -> bool:
    """A line that reads like a sentence of prose (see the module docstring)."""
    return _SENTENCE_END.search(norm) is not None and len(fingerprint.words(norm)) >= SENTENCE_MIN_WORDS


@dataclass(slots=True)
class DocObservation:
    """What one document tells about its site."""

    site: str
    doc_key: str
    lines: frozenset[str]  # line keys of its non-blank lines
    sentences: frozenset[str] = frozenset()  # those of ``lines`` that are sentence-like
    unit: str = ""  # "" = the document is a unit of its own; else the input all its siblings share
    bands: tuple[int, ...] = ()  # LSH band keys of its prose (near-duplicate check)


def host_in_path(host: str, path: str) -> bool:
    """Whether a component of ``path`` names ``host`` (``host``, ``www.host``, ``host.jsonl`` ...)."""
    host = host.casefold()
    for comp in re.split(r"[/\\]", path.casefold()):
        comp = comp.removeprefix("www.")
        if comp == host or comp.startswith(host + "."):
            return True
    return False


def observe(doc: Any, norms: Sequence[str], trust_inputs: bool = False) -> DocObservation:
    """The observation of one document (a :class:`cleanseeds.records.Document`) whose
    normalized lines are ``norms``."""
    site = doc.site or ""
    keys: set[str] = set()
    sentences: set[str] = set()
    for n in norms:
        if n:
            k = line_key(n)
            keys.add(k)
            if is_sentence(n):
                sentences.add(k)
    sh = fingerprint.prose_shingles(norms)
    bands = tuple(fingerprint.bands(fingerprint.minhash(sh))) if sh else ()
    claimed = bool(doc.url) and bool(site) and site != _folder(doc.input_path)
    unit = ""
    if claimed and not trust_inputs and not host_in_path(site, doc.input_path or ""):
        unit = "in:" + hashlib.blake2b((doc.input_path or "").encode("utf-8", "surrogatepass"), digest_size=8).hexdigest()
    doc_key = (doc.content_hash or "")[:16] or doc.doc_id[:16]
    return DocObservation(site, doc_key, frozenset(keys), frozenset(sentences), unit, bands)


def _folder(path: str) -> str:
    return path.rsplit("/", 1)[0] if "/" in path else "."


@dataclass(slots=True)
class _Site:
    docs: set[str] = field(default_factory=set)
    n_docs: int = 0  # evidence units counted
    counts: Counter[str] = field(default_factory=Counter)
    units: set[str] = field(default_factory=set)  # shared-input units already counted
    bands: set[int] = field(default_factory=set)  # prose band keys of counted documents
    sentences: set[str] = field(default_factory=set)  # counted keys that are sentence-like


def _admit(obs: DocObservation, *sites: _Site) -> bool:
    """Whether ``obs`` is new evidence for a site whose state is spread over ``sites``."""
    for s in sites:
        if obs.doc_key in s.docs or (obs.unit and obs.unit in s.units):
            return False
        if obs.bands and not s.bands.isdisjoint(obs.bands):
            return False  # a near-duplicate of a document already counted
    return True


def _count(site: _Site, obs: DocObservation) -> int:
    """Count an admitted observation into ``site``; returns the change in entries."""
    before = len(site.counts) + len(site.bands)
    if obs.unit:
        site.units.add(obs.unit)
    if len(site.bands) + len(obs.bands) <= MAX_BANDS_PER_SITE:
        site.bands.update(obs.bands)
    site.n_docs += 1
    site.counts.update(obs.lines)
    site.sentences.update(obs.sentences)
    if len(site.counts) > MAX_LINES_PER_SITE:
        site.counts = Counter({k: v for k, v in site.counts.items() if v > 1})
        site.sentences &= site.counts.keys()
    return len(site.counts) + len(site.bands) - before


def _template_keys(sites: Sequence[_Site], min_docs: int, min_share: float) -> frozenset[str]:
    n = sum(s.n_docs for s in sites)
    if len(sites) == 1:
        total: Counter[str] = sites[0].counts
    else:
        total = Counter()
        for s in sites:
            total.update(s.counts)
    sentences = set().union(*(s.sentences for s in sites))
    strong_docs = SENTENCE_DOCS_FACTOR * min_docs
    strong_share = max(min_share, SENTENCE_MIN_SHARE)
    out = set()
    for k, c in total.items():
        if c < min_docs or c < min_share * n:
            continue
        if k in sentences and (c < strong_docs or c < strong_share * n):
            continue
        out.add(k)
    return frozenset(out)


class SiteTemplates:
    """Per-site line counts over evidence units. Picklable; shipped to workers as a snapshot."""

    def __init__(self) -> None:
        self.sites: dict[str, _Site] = {}
        self._total = 0  # line and band entries over all sites (kept up to date by update/load)

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
            site = _Site(
                docs=set(s.get("docs", [])), n_docs=int(s.get("n_docs", 0)),
                counts=Counter({k: int(v) for k, v in s.get("counts", {}).items()}),
                units=set(s.get("units", [])), bands={int(b) for b in s.get("bands", [])},
                sentences=set(s.get("sentences", [])),
            )
            self.sites[name] = site
            self._total += len(site.counts) + len(site.bands)
        self._bound()
        return self

    def save(self, state_dir: str | Path) -> None:
        Path(state_dir).mkdir(parents=True, exist_ok=True)
        data = {
            "version": FORMAT_VERSION,
            "sites": {
                name: {
                    "n_docs": s.n_docs, "docs": sorted(s.docs), "counts": dict(s.counts), "units": sorted(s.units),
                    "bands": sorted(s.bands), "sentences": sorted(s.sentences),
                }
                for name, s in sorted(self.sites.items())
            },
        }
        fd, tmp = tempfile.mkstemp(dir=state_dir, prefix=".site_templates.", suffix=".tmp")
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(data, fh, separators=(",", ":"))
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, Path(state_dir) / STATE_FILE)

    # --- learning --------------------------------------------------------------------------
    def update(self, observations: Any) -> None:
        """Merge a batch's observations (a list of :class:`DocObservation`, or a list of such
        lists, or ``None``), admitting each under the evidence rules, in order."""
        for obs in _flatten(observations):
            site = self.sites.setdefault(obs.site, _Site())
            if _admit(obs, site):
                self._total += _count(site, obs)
            if len(site.docs) < MAX_DOCS_PER_SITE:
                site.docs.add(obs.doc_key)
        self._bound()

    def batch_keys(self, observations: Sequence[DocObservation], min_docs: int, min_share: float) -> dict[str, frozenset[str]]:
        """Template line keys per site for one batch: what is learned so far plus the batch's
        own observations (admitted in order under the same rules; ``self`` is not changed)."""
        local: dict[str, _Site] = {}
        for obs in observations:
            loc = local.setdefault(obs.site, _Site())
            base = self.sites.get(obs.site)
            if _admit(obs, loc, *((base,) if base is not None else ())):
                _count(loc, obs)
            loc.docs.add(obs.doc_key)
        out = {}
        for name, loc in local.items():
            base = self.sites.get(name)
            out[name] = _template_keys([loc] if base is None else [base, loc], min_docs, min_share)
        return out

    def _bound(self) -> None:
        """Forget the least useful sites once the state holds more than MAX_TOTAL_LINES."""
        if self._total <= MAX_TOTAL_LINES:
            return
        target = int(MAX_TOTAL_LINES * 0.8)  # hysteresis: do not prune on every update
        for name in [n for n, s in self.sites.items() if s.n_docs <= 1]:  # oldest first
            s = self.sites.pop(name)
            self._total -= len(s.counts) + len(s.bands)
            if self._total <= target:
                return
        for name, _ in sorted(self.sites.items(), key=lambda kv: kv[1].n_docs):
            s = self.sites.pop(name)
            self._total -= len(s.counts) + len(s.bands)
            if self._total <= target:
                return

    def __setstate__(self, state: Any) -> None:
        # pickles made before ``_total`` existed
        _, slots = state if isinstance(state, tuple) else (state, None)
        self.__dict__.update(state if isinstance(state, dict) else (slots or {}))
        if "_total" not in self.__dict__:
            self._total = sum(len(s.counts) + len(s.bands) for s in self.sites.values())

    def stats(self, site: str) -> tuple[int, Counter[str], set[str]]:
        s = self.sites.get(site)
        return (s.n_docs, s.counts, s.docs) if s else (0, Counter(), set())

    def template_lines(self, site: str, min_docs: int, min_share: float) -> set[str]:
        s = self.sites.get(site)
        return set(_template_keys([s], min_docs, min_share)) if s else set()


def reset(state_dir: str | Path) -> bool:
    """Forget every learned template of an output (``cleanseeds reset-templates``). Returns
    whether there was anything to forget."""
    path = Path(state_dir) / STATE_FILE
    try:
        path.unlink()
    except FileNotFoundError:
        return False
    return True


def _flatten(observations: Any) -> Iterable[DocObservation]:
    if observations is None:
        return
    if isinstance(observations, DocObservation):
        yield observations
        return
    for item in observations:
        yield from _flatten(item)
