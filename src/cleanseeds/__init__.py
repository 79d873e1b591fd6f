"""cleanseeds: document-cleaning ETL — extract → clean → enrich → validate → load.

The public surface is pinned in ``__all__`` (a test holds it). The core is Prefect-free;
the Prefect flows live in the top-level ``flows`` package.
"""
from __future__ import annotations

from cleanseeds.config import Settings
from cleanseeds.errors import CleanseedsError, ConfigError, InputError, LockTimeout, OutputError, RuleError
from cleanseeds.reasons import LineReason, QuarantineReason
from cleanseeds.records import DateMention, Document, Entity, InputRef, Rejected, RemovedLine, StageResult

__version__ = "0.1.0"

__all__ = [
    "CleanseedsError",
    "ConfigError",
    "DateMention",
    "Document",
    "Entity",
    "InputError",
    "InputRef",
    "LineReason",
    "LockTimeout",
    "OutputError",
    "QuarantineReason",
    "Rejected",
    "RemovedLine",
    "RuleError",
    "Settings",
    "StageResult",
    "__version__",
]
