"""How a run ends when there is nothing to do, the same for the CLI and the Prefect flow.

* A SOURCE that is a plain path and does not exist is a wrong invocation: the CLI exits 2
  before any work (:func:`check_sources`) and the flow fails with the same message.
* A glob or URL that matches nothing, or an existing folder with no input file in it, is a
  normal empty inbox, but not a success either: the run is recorded in ``runs/`` (0 inputs
  found; a glob with no match is a ``not_found`` quarantine row) and then the CLI exits 5
  and the flow ends in a *Completed* state named ``NoInput`` with a warning
  (:func:`no_input_message`).
"""
from __future__ import annotations

import os
from collections.abc import Sequence
from typing import Any

from cleanseeds.errors import InputError

#: CLI exit code of a run that found no input.
EXIT_NO_INPUT = 5
#: Name of the flow's final state when the run found no input.
NO_INPUT_STATE = "NoInput"


def check_sources(sources: Sequence[str]) -> None:
    """Raise :class:`InputError` for a plain path that does not exist (a glob or URL with no
    match is not an error: a scheduled run over an empty inbox is normal)."""
    if not sources:
        raise InputError("no SOURCE given")
    for src in sources:
        if "://" in src or any(ch in src for ch in "*?["):
            continue
        if not os.path.lexists(src):
            raise InputError(f"no such file or directory: {src}")


def no_input_message(row: dict[str, Any], sources: Sequence[str]) -> str | None:
    """The one-line notice for a completed run that found no input file, else ``None``.
    A run found no input when nothing was accepted, skipped or quarantined except the
    ``not_found`` rows of SOURCEs that matched nothing."""
    if row.get("status") != "completed" or row.get("accepted", 0) or row.get("skipped", 0):
        return None
    by_reason = dict(row.get("quarantined_by_reason") or {})
    if set(by_reason) - {"not_found"} or row.get("inputs", 0) != by_reason.get("not_found", 0):
        return None
    return f"no input found: {' '.join(sources)} matched no file (run {row['run_id']} recorded in {row['output']}/runs)"
