"""Enrich stage: language, publication date from text cues, dateline, dates mentioned in the
text and named entities. Heavy resources (spaCy) load once per process.

Public surface: ``enrich_batch(docs, settings) -> StageResult``; ``preload(settings)`` loads the
language identifier and the English model ahead of the first document.
"""
from __future__ import annotations

from cleanseeds.enrich.core import enrich_batch, preload

__all__ = ["enrich_batch", "preload"]
