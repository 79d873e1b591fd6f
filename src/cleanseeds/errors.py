"""Exceptions for real errors — not for bad documents, which are data (see ``reasons``).

    CleanseedsError
    ├── ConfigError        a setting, option or rules file is invalid or contradictory
    │   └── RuleError      a cleaning rule is malformed or degenerate (matches everything)
    ├── OutputError        the output directory cannot be written
    │   └── LockTimeout    another run holds the output's lock for too long
    └── InputError         no input could even be discovered (e.g. every SOURCE missing)
"""
from __future__ import annotations


class CleanseedsError(Exception):
    """Base class of every error cleanseeds raises on purpose."""


class ConfigError(CleanseedsError):
    pass


class RuleError(ConfigError):
    pass


class OutputError(CleanseedsError):
    pass


class LockTimeout(OutputError):
    pass


class InputError(CleanseedsError):
    pass
