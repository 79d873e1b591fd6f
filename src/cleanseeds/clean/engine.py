"""Minimal first version (to be deepened)."""
from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cleanseeds.config import Settings
from cleanseeds.reasons import QuarantineReason as Q
from cleanseeds.records import Document, Rejected, RemovedLine, StageResult

_RULES = [
    ("ad.slot", "advertisement", r"^\d{2,4}x\d{2,4}\s+ad$"),
    ("copyright.word", "copyright", r"^copyright\s+(©\s*)?\d{4}\b"),
    ("donation.gift", "donation", r"\b(support|donate)\b.*\b(gift|donation|journalism)\b"),
]


@dataclass(frozen=True)
class RuleSet:
    rules: tuple[tuple[str, str, re.Pattern[str]], ...]
    version: str


def load_rules(settings: Settings) -> RuleSet:
    compiled = tuple((rid, reason, re.compile(p, re.I)) for rid, reason, p in _RULES)
    version = hashlib.sha256(repr(_RULES).encode()).hexdigest()[:12]
    return RuleSet(compiled, version)


class SiteTemplates:
    def __init__(self) -> None:
        self.data: dict[str, Any] = {}

    @classmethod
    def load(cls, state_dir: str | Path) -> "SiteTemplates":
        return cls()

    def save(self, state_dir: str | Path) -> None:
        pass

    def update(self, observations: Any) -> None:
        pass


def clean_batch(docs: Sequence[Document], rules: RuleSet, templates: SiteTemplates | None, settings: Settings) -> tuple[StageResult, Any]:
    out = StageResult(docs=[])
    for d in docs:
        kept: list[str] = []
        pos = 0
        for n, line in enumerate(d.source_text.split("\n"), 1):
            start, pos = pos, pos + len(line) + 1
            if not line.strip():
                continue
            for rid, reason, pat in rules.rules:
                if pat.search(line.strip()):
                    d.removed.append(RemovedLine(n, start, start + len(line), line, reason, rid))
                    break
            else:
                kept.append(line)
        d.text = "\n".join(kept)
        if d.text.strip():
            out.docs.append(d)
        else:
            out.rejected.append(Rejected(source=d.source, stage="clean", reason=Q.EMPTY_AFTER_CLEANING, doc_id=d.doc_id, input_path=d.input_path))
    return out, None
