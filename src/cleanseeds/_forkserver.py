"""Imported by the forkserver of a local process pool, and by nothing else
(:func:`cleanseeds.executors.pool_context`): that process's whole job is to be forked into
workers, so its import is where it loads the models (:func:`cleanseeds.warm.warm`)."""
from __future__ import annotations

import os

from cleanseeds import warm

try:  # pragma: no cover - runs in the forkserver
    warm.warm(os.environ.get("CLEANSEEDS_WARM", ""))
except Exception:  # noqa: BLE001 - an optimisation only: the workers load what they need
    pass
