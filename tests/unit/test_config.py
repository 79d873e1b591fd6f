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
