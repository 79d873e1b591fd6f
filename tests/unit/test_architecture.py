"""Contract tests for the architecture: data flows one way, the core is Prefect-free, and
the public surface is pinned."""
from __future__ import annotations

import ast
from pathlib import Path

import cleanseeds
from tests.conftest import REPO

SRC = REPO / "src" / "cleanseeds"

# A stage may import only earlier stages (and the shared modules).
ORDER = ["extract", "clean", "enrich", "dedup", "validate", "load", "pipeline"]
SHARED = {"records", "reasons", "config", "errors", "schemas", "fingerprint"}


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def _stage_of(path: Path) -> str:
    rel = path.relative_to(SRC).with_suffix("")
    return rel.parts[0]


# The CLI is the composition root: it alone may import the Prefect flow (lazily, to run it).
COMPOSITION_ROOT = SRC / "cli.py"


def test_core_never_imports_prefect_or_flows() -> None:
    offenders = {
        str(p.relative_to(REPO)): sorted(n for n in _imports(p) if n.split(".")[0] in {"prefect", "prefect_dask", "flows"})
        for p in SRC.rglob("*.py")
        if p != COMPOSITION_ROOT
    }
    assert {k: v for k, v in offenders.items() if v} == {}


def test_stages_import_only_earlier_stages() -> None:
    bad: list[str] = []
    for p in SRC.rglob("*.py"):
        stage = _stage_of(p)
        if stage not in ORDER:
            continue
        allowed = set(ORDER[: ORDER.index(stage) + 1]) | SHARED
        for name in _imports(p):
            parts = name.split(".")
            if parts[0] != "cleanseeds" or len(parts) < 2:
                continue
            if parts[1] not in allowed:
                bad.append(f"{p.relative_to(REPO)} imports {name}")
    assert bad == []


def test_flows_depend_on_core_not_the_reverse() -> None:
    flow_imports = set().union(*(_imports(p) for p in (REPO / "flows").rglob("*.py")))
    assert any(n.startswith("cleanseeds") for n in flow_imports)
    assert {n for n in _imports(COMPOSITION_ROOT) if n.startswith(("prefect", "flows"))} <= {"flows.clean_documents", "flows.startup"}


def test_public_surface_is_pinned() -> None:
    assert sorted(cleanseeds.__all__) == sorted(
        [
            "CleanseedsError", "ConfigError", "DateMention", "Document", "Entity", "InputError",
            "InputRef", "LineReason", "LockTimeout", "OutputError", "QuarantineReason", "Rejected",
            "RemovedLine", "RuleError", "Settings", "StageResult", "__version__",
        ]
    )
    for name in cleanseeds.__all__:
        assert hasattr(cleanseeds, name), name


def test_reason_codes_are_stable_lowercase_strings() -> None:
    from cleanseeds.reasons import LINE_REASONS, QUARANTINE_REASONS, LineReason

    for code in LINE_REASONS | QUARANTINE_REASONS:
        assert code == code.lower() and " " not in code
    assert not (LINE_REASONS & QUARANTINE_REASONS)
    # the codes the issues name explicitly
    for code in ["advertisement", "copyright", "donation", "newsletter", "social", "cookie", "navigation",
                 "paywall", "caption_credit", "comment_prompt", "other_boilerplate", "site_template"]:
        assert LineReason(code).value == code
