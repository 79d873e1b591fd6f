from __future__ import annotations

from pathlib import Path

import pytest

from cleanseeds import config
from cleanseeds.cli import main
from cleanseeds.config import Settings
from cleanseeds.errors import ConfigError
from tests.conftest import REPO


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


# --- typed settings (issue 16 item 2) --------------------------------------------------------




@pytest.mark.parametrize(
    "line,key,allowed",
    [
        ('entities = "no"', "entities", "true or false"),
        ("workers = 1.5", "workers", "an integer >= 0"),
        ('batch_size = "ten"', "batch_size", "an integer >= 1"),
        ("batch_size = 0", "batch_size", "an integer >= 1"),
        ("template_min_share = 1.5", "template_min_share", "a number > 0 and <= 1"),
        ('extract_fallback = "never"', "extract_fallback", '"auto" or "always"'),
        ("entities = 1", "entities", "true or false"),
        ("max_doc_bytes = true", "max_doc_bytes", "an integer > 0"),
        ("batchsize = 5", "batchsize", "did you mean 'batch_size'"),
    ],
)
def test_a_wrong_setting_in_a_config_file_exits_4_with_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], line: str, key: str, allowed: str
) -> None:
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text("Hello world. This is a document.\n", encoding="utf-8")
    cfg = tmp_path / "c.toml"
    cfg.write_text(f"[cleanseeds]\n{line}\n", encoding="utf-8")
    rc = main(["run", str(tmp_path / "in"), "--output", str(tmp_path / "out"), "--no-prefect", "--quiet", "--config", str(cfg)])
    err = [ln for ln in capsys.readouterr().err.splitlines() if ln.strip()]
    assert rc == 4
    assert len(err) == 1 and err[0].startswith("cleanseeds: error: settings file") and key in err[0] and allowed in err[0], err
    assert not (tmp_path / "out" / "runs").exists()  # refused before any work


def test_settings_keep_their_api_and_validate_replace() -> None:
    s = Settings()
    assert s.replace(batch_size=7, workers=None).batch_size == 7  # None = not given
    assert s.replace(batch_size=7) == Settings(batch_size=7) and hash(s.replace(batch_size=7)) == hash(Settings(batch_size=7))
    with pytest.raises(ConfigError, match="batch_size"):
        s.replace(batch_size="7")
    assert list(s.as_dict()) == list(Settings.model_fields) and s.as_dict()["max_doc_bytes"] == 20 * config.MiB
    import pickle

    assert pickle.loads(pickle.dumps(s.replace(entities=False))) == s.replace(entities=False)


def test_settings_from_params_layers_params_over_the_file(tmp_path: Path) -> None:
    f = tmp_path / "s.toml"
    f.write_text("batch_size = 50\nentities = false\n", encoding="utf-8")
    s = config.settings_from_params({"batch_size": 9, "workers": None, "reprocess": True}, str(f))
    assert (s.batch_size, s.entities, s.reprocess, s.workers) == (9, False, True, 0)
    assert config.settings_from_params({}).as_dict() == Settings().as_dict()
    with pytest.raises(ConfigError, match=r"entities = \"no\" is not allowed: must be true or false"):
        config.settings_from_params({"entities": "no"})


def test_every_setting_has_a_description_and_a_valid_default() -> None:
    for name, info in Settings.model_fields.items():
        assert info.description and len(info.description) > 10, name
    Settings.from_mapping({k: v.default for k, v in Settings.model_fields.items()})


def test_configuration_page_is_generated_from_the_model() -> None:
    page = (REPO / "docs" / "configuration.md").read_text(encoding="utf-8")
    assert page == config.markdown(), "docs/configuration.md is stale: run `.venv/bin/cleanseeds config --markdown > docs/configuration.md`"
    for name, info in Settings.model_fields.items():
        assert f"| `{name}` |" in page and str(info.description).split("|")[0] in page


def test_config_command_prints_checked_settings_as_toml(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import tomllib

    f = tmp_path / "s.toml"
    f.write_text("[cleanseeds]\nbatch_size = 50\nrules_file = 'extra.toml'\n", encoding="utf-8")
    assert main(["config", "--config", str(f)]) == 0
    printed = tomllib.loads(capsys.readouterr().out)["cleanseeds"]
    assert printed == Settings(batch_size=50, rules_file="extra.toml").as_dict()
    assert main(["config"]) == 0
    assert tomllib.loads(capsys.readouterr().out)["cleanseeds"] == {k: v for k, v in Settings().as_dict().items() if v is not None}
    f.write_text("workers = 1.5\n", encoding="utf-8")
    assert main(["config", "--config", str(f)]) == 4
    assert "workers = 1.5 is not allowed" in capsys.readouterr().err
