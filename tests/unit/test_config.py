from __future__ import annotations

from pathlib import Path

import pytest

from cleanseeds.config import Settings
from cleanseeds.errors import ConfigError


def test_defaults_are_valid_and_frozen() -> None:
    s = Settings()
    assert s.batch_size > 0 and s.effective_workers >= 1
    with pytest.raises(AttributeError):
        s.batch_size = 3  # type: ignore[misc]


@pytest.mark.parametrize(
    "field,value",
    [("batch_size", 0), ("workers", -1), ("max_doc_bytes", 0), ("extract_timeout_s", 0), ("template_min_share", 1.5), ("template_min_docs", 1)],
)
def test_out_of_range_values_are_refused(field: str, value: object) -> None:
    with pytest.raises(ConfigError, match=field):
        Settings(**{field: value})  # type: ignore[arg-type]


def test_toml_layering_and_unknown_keys(tmp_path: Path) -> None:
    f = tmp_path / "s.toml"
    f.write_text("[cleanseeds]\nbatch_size = 50\nentities = false\n", encoding="utf-8")
    s = Settings.from_toml(f, batch_size=7)
    assert (s.batch_size, s.entities) == (7, False)  # explicit override beats the file
    f.write_text("batchsize = 50\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="unknown setting"):
        Settings.from_toml(f)
    with pytest.raises(ConfigError, match="cannot read"):
        Settings.from_toml(tmp_path / "missing.toml")


def test_default_workers_follow_the_cpu_affinity_mask() -> None:
    import os
    import subprocess
    import sys

    from cleanseeds.config import Settings

    assert Settings(workers=3).effective_workers == 3
    if not hasattr(os, "sched_getaffinity"):
        return
    assert Settings().effective_workers == len(os.sched_getaffinity(0))
    # a child pinned to one CPU counts one worker, whatever the machine has
    cpu = min(os.sched_getaffinity(0))
    code = f"import os; os.sched_setaffinity(0, {{{cpu}}}); from cleanseeds.config import Settings; print(Settings().effective_workers)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()
    assert out == "1"
