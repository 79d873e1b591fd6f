"""Shared test fixtures. ``SHARED`` is the ``../shared`` folder beside the repository
(present on CI): tests read the seed example and the dev set from there, never copies."""
from __future__ import annotations

import importlib.util
import os
import shutil
import sys
import tempfile
from pathlib import Path
from types import ModuleType

import pytest
from hypothesis import HealthCheck, settings

# Hypothesis profiles: "ci" (default, fast) and "dev" (deep local runs):
#   HYPOTHESIS_PROFILE=dev .venv/bin/pytest tests/property
# "ci" is derandomized: the same examples on every run, so CI never fails on a new random
# draw; "dev" explores new ones.
settings.register_profile("ci", max_examples=60, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("dev", max_examples=1000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
SEED_FILE = SHARED / "seeds" / "000_5717e4527988b95a.txt"
DEV_DIR = SHARED / "eval" / "dev"


def load_script(path: Path, name: str) -> ModuleType:
    """A script of ``bench/`` or ``scripts/`` (not a package) imported by its path, as module ``name``
    (registered in ``sys.modules`` before it runs: its dataclasses look their module up)."""
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec and spec.loader
    mod = importlib.util.module_from_spec(spec)
    sys.modules[name] = mod
    spec.loader.exec_module(mod)
    return mod

# Prefect: no analytics, no outside connections, generous start-up time for the temporary server.
os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
os.environ.setdefault("DO_NOT_TRACK", "1")
os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "180")

# Every test session gets its own Prefect home (database, settings) in a temporary
# directory, set before anything imports prefect.
_PREFECT_HOME = tempfile.mkdtemp(prefix="cleanseeds-prefect-home-")
os.environ["PREFECT_HOME"] = _PREFECT_HOME


def pytest_unconfigure(config: pytest.Config) -> None:
    # Prefect stops its temporary server at interpreter exit and logs that to a console
    # stream pytest has already closed; the message is harmless, the traceback is noise.
    import logging

    logging.raiseExceptions = False
    shutil.rmtree(_PREFECT_HOME, ignore_errors=True)


@pytest.fixture(scope="session")
def seed_file() -> Path:
    assert SEED_FILE.exists(), f"the shared seed example is missing: {SEED_FILE}"
    return SEED_FILE
