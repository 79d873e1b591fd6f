"""A disk cache of CPython's compiled form of the few huge regular expressions a model load
compiles, so a run does not spend ~1.9 CPU-seconds compiling the same pattern every time.

Why: spaCy's French language class (``spacy.lang.fr``, loaded with ``fr_core_news_sm``)
builds its tokenizer's ``token_match`` from a 1.45 MB pattern (hundreds of alternatives, each
with the large lower-case-letter character class, case-insensitive) and ``re.compile``\\ s it at
import; the model's tokenizer file carries the same pattern and compiles it again (then
``re``'s own cache answers). CPython's ``re`` parses and generates code for a pattern in pure
Python (``re._parser``, ``re._compiler``): 1.9 of the 5 CPU-seconds of ``cleanseeds run seeds``.
Handing the already generated code to ``_sre.compile`` takes ~5 ms.

How it stays exact: ``re.compile(p, f)`` is ``re._compiler.compile(p, f)``, which parses, generates
the code and ends in one call ``_sre.compile(p, flags, code, groups, groupindex, indexgroup)``.
On a miss :func:`compile_cached` runs that very function once and records the arguments of its
final call (only the call for this pattern object); the cache stores them, and a hit makes the
same call with the same arguments. ``_sre`` validates code it is handed; pattern objects compare
equal (``==``) only when their pattern text, flags and code are identical, and a test checks that
a cached pattern is ``==`` to ``re.compile``'s and matches the same strings.

When it is used: only inside :func:`huge_patterns_cached` (around a spaCy model load), only for a
``str`` pattern of :data:`MIN_PATTERN_CHARS` characters or more; any other ``re.compile`` call
is passed through untouched.

Key and staleness: one file per pattern, named by the SHA-256 of the interpreter (implementation,
full version, ``_sre.MAGIC`` and code size), the pattern text and the flags; the file repeats
them and the SHA-256 of the code. A file that is missing, unreadable, truncated, written by
another interpreter or for another pattern is ignored and the pattern is compiled by ``re`` as
before (then the file is rewritten). Nothing here can make a compile fail that would not fail
without it.

Where: ``$CLEANSEEDS_CACHE_DIR/regex/`` when that variable is set (``off`` or empty: no cache,
nothing read or written), else ``$XDG_CACHE_HOME/cleanseeds/regex/``, else
``~/.cache/cleanseeds/regex/`` (docs/performance.md, docs/security.md). Files are written
atomically (temporary file, then rename); a read-only or missing directory only means no cache.
``python -m cleanseeds.enrich.regex_cache`` fills it for the default French model (``make setup``
runs it).
"""
from __future__ import annotations

import array
import hashlib
import importlib
import json
import os
import re
import sys
import tempfile
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from cleanseeds.config import CACHE_DIR_ENV

ENV_VAR = CACHE_DIR_ENV  # "CLEANSEEDS_CACHE_DIR"
#: patterns shorter than this are compiled by ``re`` as usual (the French token_match: 1,450,369)
MIN_PATTERN_CHARS = 100_000
FORMAT = 1
_OFF = frozenset({"", "off", "0", "none", "false"})
_LOCK = threading.RLock()


def cache_dir() -> Path | None:
    """The directory of the compiled-pattern files, or None when the cache is off or no home is known."""
    value = os.environ.get(ENV_VAR)
    if value is not None:
        return None if value.strip().lower() in _OFF else Path(value) / "regex"
    base = os.environ.get("XDG_CACHE_HOME", "")
    if not os.path.isabs(base):  # unset or relative: the XDG default
        base = os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "cleanseeds" / "regex" if os.path.isabs(base) else None


def _find_sre() -> Any | None:
    """CPython's regular-expression engine when its compile interface is the one this module
    knows (``re._compiler.compile`` ending in ``_sre.compile``, code items of ``array('I')`` size)."""
    if sys.implementation.name != "cpython":
        return None
    try:
        sre, compiler = importlib.import_module("_sre"), importlib.import_module("re._compiler")
    except ImportError:
        return None
    if getattr(compiler, "_sre", None) is not sre or array.array("I").itemsize != getattr(sre, "CODESIZE", 0):
        return None
    return sre


#: looked up once, at import: while a miss is being compiled ``re._compiler._sre`` is the recorder
_SRE = _find_sre()
#: the real ``re.compile`` (a fallback inside :func:`huge_patterns_cached` must not re-enter it)
_RE_COMPILE = re.compile


def interpreter_tag() -> str:
    sre = _SRE
    return f"{sys.implementation.cache_tag} {sys.version} sre {getattr(sre, 'MAGIC', '-')}/{getattr(sre, 'CODESIZE', '-')}"


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _file_for(directory: Path, pattern_sha: str, flags: int) -> Path:
    return directory / (_sha(f"{FORMAT}\n{interpreter_tag()}\n{pattern_sha}\n{flags}".encode()) + ".sre")


def _read(path: Path, pattern: str, pattern_sha: str, flags: int) -> re.Pattern[str] | None:
    """The pattern built from the file's code, or None for any file that is not exactly ours."""
    sre = _SRE
    try:
        raw = path.read_bytes()
        head, _, body = raw.partition(b"\n")
        h = json.loads(head)
        expected = {"format": FORMAT, "interpreter": interpreter_tag(), "pattern_sha256": pattern_sha, "flags_arg": flags}
        if sre is None or any(h.get(k) != v for k, v in expected.items()):
            return None
        if len(body) != 4 * h["code_items"] or _sha(body) != h["code_sha256"]:
            return None
        code = array.array("I")
        code.frombytes(body)
        compiled = sre.compile(pattern, h["flags"], code.tolist(), h["groups"], dict(h["groupindex"]), tuple(h["indexgroup"]))
    except (OSError, ValueError, KeyError, TypeError, RuntimeError, OverflowError):
        return None
    return compiled if isinstance(compiled, re.Pattern) else None


def _compile_recording(pattern: str, flags: int) -> tuple[re.Pattern[str], tuple[Any, ...] | None]:
    """``re._compiler.compile(pattern, flags)`` (what ``re.compile`` does on a miss of its own
    cache), with the arguments of its final ``_sre.compile`` call for this pattern recorded."""
    sre: Any = _SRE
    compiler: Any = importlib.import_module("re._compiler")
    seen: list[tuple[Any, ...]] = []

    class _Recorder:
        def __getattr__(self, name: str) -> Any:
            return getattr(sre, name)

        def compile(self, *args: Any) -> Any:
            if args and args[0] is pattern:  # other threads' compiles pass through unrecorded
                seen.append(args)
            return sre.compile(*args)

    with _LOCK:
        compiler._sre = _Recorder()
        try:
            compiled: re.Pattern[str] = compiler.compile(pattern, flags)
        finally:
            compiler._sre = sre
    return compiled, (seen[0] if len(seen) == 1 else None)


def _write(path: Path, pattern_sha: str, flags: int, args: tuple[Any, ...]) -> None:
    """Best effort: an unwritable cache is no cache."""
    _, final_flags, code, groups, groupindex, indexgroup = args
    try:
        body = array.array("I", code).tobytes()
        head = {"format": FORMAT, "interpreter": interpreter_tag(), "pattern_sha256": pattern_sha, "flags_arg": flags,
                "flags": final_flags, "groups": groups, "groupindex": dict(groupindex), "indexgroup": list(indexgroup),
                "code_items": len(code), "code_sha256": _sha(body)}
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        fd, tmp = tempfile.mkstemp(prefix=".tmp-", dir=path.parent)
        try:
            with os.fdopen(fd, "wb") as f:
                f.write(json.dumps(head, sort_keys=True).encode() + b"\n" + body)
            os.replace(tmp, path)
        except BaseException:
            os.unlink(tmp)
            raise
    except (OSError, TypeError, ValueError, OverflowError):
        return


def compile_cached(pattern: str, flags: int, directory: Path) -> re.Pattern[str]:
    """``re.compile(pattern, flags)``, from ``directory``'s file when it holds this pattern's code
    for this interpreter; else compiled by ``re`` and the file written."""
    if _SRE is None:
        return _RE_COMPILE(pattern, flags)
    pattern_sha = _sha(pattern.encode("utf-8", "surrogatepass"))
    path = _file_for(directory, pattern_sha, flags)
    hit = _read(path, pattern, pattern_sha, flags)
    if hit is not None:
        return hit
    compiled, args = _compile_recording(pattern, flags)
    if args is not None:
        _write(path, pattern_sha, flags, args)
    return compiled


@contextmanager
def huge_patterns_cached(directory: Path | None = None) -> Iterator[None]:
    """Within the block, ``re.compile`` of a ``str`` pattern of :data:`MIN_PATTERN_CHARS` or more
    goes through :func:`compile_cached`; everything else is untouched. ``directory``: default
    :func:`cache_dir` (None there: the block changes nothing)."""
    where = cache_dir() if directory is None else directory
    if where is None or _SRE is None:
        yield
        return
    memo: dict[tuple[str, int], re.Pattern[str]] = {}  # the same text twice in one load: built once
    with _LOCK:
        original: Callable[..., Any] = re.compile

        def compile_(pattern: Any, flags: Any = 0) -> Any:
            if isinstance(pattern, str) and len(pattern) >= MIN_PATTERN_CHARS and isinstance(flags, int):
                key = (pattern, int(flags))
                if key not in memo:
                    memo[key] = compile_cached(pattern, int(flags), where)
                return memo[key]
            return original(pattern, flags)

        setattr(re, "compile", compile_)  # noqa: B010 - mypy refuses assigning to a module's function
        try:
            yield
        finally:
            setattr(re, "compile", original)  # noqa: B010


def main() -> None:
    """Fill the cache for the default French model (``make setup``); prints where it is."""
    from cleanseeds.config import DEFAULT
    from cleanseeds.enrich.entities import load_model

    where = cache_dir()
    if where is None or not DEFAULT.spacy_model_fr:
        print("compiled-pattern cache: off")
        return
    try:
        load_model(DEFAULT.spacy_model_fr)
    except Exception as exc:  # noqa: BLE001 - make setup goes on: a run compiles the pattern as before
        print(f"compiled-pattern cache: not filled ({type(exc).__name__}: {exc})")
        return
    print(f"compiled-pattern cache: {where} ({len(list(where.glob('*.sre')))} files)")


if __name__ == "__main__":  # pragma: no cover
    main()
