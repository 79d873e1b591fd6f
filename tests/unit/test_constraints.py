"""constraints.txt pins exactly what ``pip install -e ".[test]"`` installs: every distribution
the project needs (transitively, with the extras asked for) at the version the tests ran with,
and nothing else (a pin nobody requires, like matplotlib after the report stopped using it,
is a stale promise; a missing pin lets a version float)."""
from __future__ import annotations

import importlib.metadata as md

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from tests.conftest import REPO

#: what ``pip freeze`` (``make lock``) never lists
NOT_FROZEN = {"pip", "setuptools", "wheel", "distribute"}


def _needed(root: str, extras: set[str]) -> set[str]:
    seen: set[tuple[str, frozenset[str]]] = set()
    stack = [(root, frozenset(extras))]
    while stack:
        name, wanted = stack.pop()
        for line in md.distribution(name).requires or []:
            req = Requirement(line)
            if req.marker and not any(req.marker.evaluate({"extra": e}) for e in (wanted or {""})):
                continue
            key = (canonicalize_name(req.name), frozenset(req.extras))
            if key not in seen:
                seen.add(key)
                stack.append(key)
    return {name for name, _ in seen}


def _pins() -> dict[str, str]:
    pins = {}
    for line in (REPO / "constraints.txt").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            name, _, version = line.partition("==")
            pins[canonicalize_name(name)] = version.strip()
    return pins


def test_constraints_pin_exactly_what_the_project_installs() -> None:
    pins = _pins()
    needed = _needed("cleanseeds", {"test"}) - NOT_FROZEN
    assert sorted(set(pins) - needed) == []  # stale: nothing requires them
    assert sorted(needed - set(pins)) == []  # floating: required but not pinned
    assert "matplotlib" not in pins


def test_the_environment_has_the_pinned_versions() -> None:
    assert {n: md.version(n) for n in _pins()} == _pins()
