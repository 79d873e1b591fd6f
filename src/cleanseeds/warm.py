"""Warm-up for the forkserver of a local process pool (``executors.pool_context``).

The forkserver imports :mod:`cleanseeds._forkserver`, which calls :func:`warm`; every worker is then forked from it and starts
with what was loaded here (copy-on-write), instead of importing the libraries and loading
the models itself — about 2 CPU-seconds per worker, which on a two-process run over a
thousand documents was most of what the second process cost on top of the first.

What to load comes from ``CLEANSEEDS_WARM`` in the environment the forkserver starts with
(set by :func:`cleanseeds.executors.pool_context` from the run's settings): the rule set
always, the language identifier always, the spaCy model and gazetteer only when the run
extracts entities (``CLEANSEEDS_WARM=entities:<model name>``). Anything that fails to load
here is simply loaded (and reported) by the worker that needs it. Importing this module
loads nothing.
"""
from __future__ import annotations

import os


def warm(spec: str) -> None:
    from cleanseeds import pipeline
    from cleanseeds.config import DEFAULT
    from cleanseeds.enrich.language import detect_language

    pipeline.rules_for(DEFAULT)
    detect_language("A short English sentence to load the language model.")
    if spec.startswith("entities:"):
        from cleanseeds.enrich.entities import load_gazetteer, load_model

        load_model(spec.split(":", 1)[1])
        load_gazetteer()


def loaded() -> dict[str, int]:
    """What this process has loaded already (how many models of each kind): for tests."""
    from cleanseeds import pipeline
    from cleanseeds.enrich.entities import load_model
    from cleanseeds.enrich.language import _identifier

    return {
        "rules": pipeline.rules_for.cache_info().currsize,
        "language": _identifier.cache_info().currsize,
        "spacy": load_model.cache_info().currsize,
    }
