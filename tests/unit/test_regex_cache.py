"""The compiled-pattern cache (cleanseeds.enrich.regex_cache): a pattern built from the cache is
the pattern ``re.compile`` builds (``==`` compares text, flags and code), matches the same
strings, tokenises and finds the same entities through the French model; a bad, stale or
unwritable cache changes nothing but the time."""
from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from cleanseeds.enrich import regex_cache
from cleanseeds.enrich.regex_cache import compile_cached, huge_patterns_cached
from tests.conftest import REPO

GOLDEN_FR = REPO / "tests" / "golden" / "entities" / "fr.txt"


def _small_pattern() -> str:
    return r"(?i)(?P<word>" + "|".join(f"mot{i}é" for i in range(300)) + r")(?:-(?P<tail>\w+))?$"


def _files(d: Path) -> list[Path]:
    return sorted(d.glob("*.sre"))


@pytest.fixture(scope="module")
def french() -> tuple[re.Pattern[str], list[str]]:
    """spaCy's French token_match pattern (compiled by ``re``) and ~168,000 test strings: every
    string of the French model's vocabulary plus 20,000 hyphenated pairs of them."""
    import random

    import spacy
    from spacy.lang.fr.tokenizer_exceptions import TOKEN_MATCH

    pattern = TOKEN_MATCH.__self__  # type: ignore[attr-defined]
    assert isinstance(pattern, re.Pattern) and len(pattern.pattern) >= regex_cache.MIN_PATTERN_CHARS
    words = sorted(spacy.load("fr_core_news_sm", exclude=["tagger", "parser", "lemmatizer", "morphologizer"]).vocab.strings)
    rnd = random.Random(16)
    words += [f"{a}-{b}" for a, b in zip(rnd.sample(words, 20_000), rnd.sample(words, 20_000), strict=True)]
    return pattern, words


def test_the_french_pattern_from_the_cache_is_the_one_re_compiles(french: tuple[re.Pattern[str], list[str]], tmp_path: Path) -> None:
    pattern, words = french
    first = compile_cached(pattern.pattern, 0, tmp_path)  # a miss: compiled by re, file written
    assert len(_files(tmp_path)) == 1 and first == pattern
    hit = compile_cached(pattern.pattern, 0, tmp_path)
    assert hit is not pattern and hit is not first
    assert hit == pattern and hit.flags == pattern.flags and hit.groups == pattern.groups
    spans = [m.span() if (m := pattern.match(w)) else None for w in words]
    assert [m.span() if (m := hit.match(w)) else None for w in words] == spans
    assert sum(s is not None for s in spans) > 5_000  # the test strings do exercise the pattern


_PROBE = r'''
import json, re, sys
from cleanseeds.enrich.entities import load_model
nlp = load_model("fr_core_news_sm")
out = {"compiled_by_re": any(isinstance(k[1], str) and len(k[1]) > 100_000 for k in re._cache)}
texts = [line.split(" || ")[0] for line in open(sys.argv[1], encoding="utf-8") if line.strip()]
out["docs"] = [[[t.text for t in d], [(e.start_char, e.end_char, e.label_) for e in d.ents]] for d in nlp.pipe(texts)]
print(json.dumps(out))
'''


def _probe(cache: str) -> dict[str, Any]:
    env = dict(os.environ, CLEANSEEDS_CACHE_DIR=cache)
    p = subprocess.run([sys.executable, "-c", _PROBE, str(GOLDEN_FR)], env=env, cwd=REPO, capture_output=True, text=True, check=True)
    out: dict[str, Any] = json.loads(p.stdout.strip().splitlines()[-1])
    return out


def test_french_model_tokens_and_entities_are_the_same_with_and_without_the_cache(tmp_path: Path) -> None:
    filled = _probe(str(tmp_path))  # first use: compiled by re, the file written
    assert len(_files(tmp_path / "regex")) == 1
    hit = _probe(str(tmp_path))  # second: the pattern comes from the file, re never compiles it
    off = _probe("off")
    assert off["compiled_by_re"] and not hit["compiled_by_re"]
    assert hit["docs"] == off["docs"] == filled["docs"]
    assert sum(len(ents) for _, ents in off["docs"]) > 20


@pytest.mark.parametrize("damage", ["flip a code byte", "truncate", "garbage", "empty", "other interpreter", "other flags"])
def test_a_damaged_or_stale_file_is_ignored_and_rewritten(tmp_path: Path, damage: str) -> None:
    text = _small_pattern()
    expected = re.compile(text)
    compile_cached(text, 0, tmp_path)
    (path,) = _files(tmp_path)
    good = path.read_bytes()
    head, _, body = good.partition(b"\n")
    h = json.loads(head)
    if damage == "flip a code byte":
        bad = head + b"\n" + body[:-8] + bytes([body[-8] ^ 1]) + body[-7:]
    elif damage == "truncate":
        bad = good[: len(good) // 2]
    elif damage == "garbage":
        bad = b"\x00\xff not a cache file"
    elif damage == "empty":
        bad = b""
    else:
        h.update({"interpreter": "cpython-99 another"} if damage == "other interpreter" else {"flags_arg": 2})
        bad = json.dumps(h).encode() + b"\n" + body
    path.write_bytes(bad)
    got = compile_cached(text, 0, tmp_path)
    assert got == expected
    assert [bool(got.match(w)) for w in ("mot12é", "MOT299É-x", "mot300é", "mot1")] == [True, True, False, False]
    assert path.read_bytes() == good  # rewritten by the compile that replaced it


def test_an_unusable_cache_directory_only_means_no_cache(tmp_path: Path) -> None:
    text = _small_pattern()
    blocker = tmp_path / "a-file"
    blocker.write_text("not a directory")
    assert compile_cached(text, 0, blocker / "regex") == re.compile(text)
    assert blocker.read_text() == "not a directory"


def test_the_block_routes_only_huge_patterns_and_restores_re_compile(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    original = re.compile
    text = _small_pattern()
    monkeypatch.setattr(regex_cache, "MIN_PATTERN_CHARS", len(text))
    with pytest.raises(ZeroDivisionError), huge_patterns_cached(tmp_path):
        assert re.compile is not original
        assert re.compile("small") is original("small")  # re's own cache still answers
        assert _files(tmp_path) == []
        assert re.compile(text) == original(text)
        assert len(_files(tmp_path)) == 1
        raise ZeroDivisionError
    assert re.compile is original


def test_the_cache_can_be_turned_off_and_placed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    original = re.compile
    monkeypatch.setenv("CLEANSEEDS_CACHE_DIR", "off")
    assert regex_cache.cache_dir() is None
    with huge_patterns_cached():
        assert re.compile is original  # untouched: the block is a no-op
    monkeypatch.setenv("CLEANSEEDS_CACHE_DIR", str(tmp_path))
    assert regex_cache.cache_dir() == tmp_path / "regex"
    monkeypatch.delenv("CLEANSEEDS_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert regex_cache.cache_dir() == tmp_path / "xdg" / "cleanseeds" / "regex"
    monkeypatch.setenv("XDG_CACHE_HOME", "relative/not/used")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert regex_cache.cache_dir() == tmp_path / "home" / ".cache" / "cleanseeds" / "regex"
