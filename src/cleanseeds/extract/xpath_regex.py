"""trafilatura's XPaths with EXSLT regex tests, without the tests where no value on the page matches.

trafilatura selects what it deletes with XPaths such as ``.//*[re:test(@class, '...', 'i') or
re:test(@id, '...', 'i')]``. lxml evaluates every ``re:test`` by a call back into Python, once per
element the step reaches: for ``BASIC_CLEAN_XPATH`` (the cookie-banner test of ``html2txt``,
``baseline`` and the jusText rescue) that is two calls per element of the page, ~2 ms of its
~2.4 ms a page on the dev set, while its pattern matches no class or id on almost every page.

:class:`RegexSkippingXPath` wraps such an XPath. Called on a node, it reads the values of the
attributes the tests look at, in the node's whole document (one XPath in C), and checks them
against the tests' patterns with Python's ``re`` (what lxml's ``re:test`` uses, ``i`` meaning
``re.IGNORECASE``), memoised per value. When no value matches any pattern, every test is false
for every element, so the XPath with each test replaced by ``false()`` selects the same elements
and is run instead; otherwise the original runs. A test whose pattern matches the empty string
(true on an element without the attribute) is never replaced.

:func:`guarded` rewrites the other regex XPaths of trafilatura (comments, body, discard, author
...) so that lxml calls back only for elements that have one of the tested attributes: the test
``re:test(@class, P)`` becomes ``(@class and re:test(@class, P))``. lxml tests the empty string on
an element without the attribute, which a pattern that cannot match the empty string rejects,
so the selection is the same (such patterns are left alone). ``tests/unit/test_xpath_regex.py``
checks the selections against the originals on real pages.
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from lxml import etree

from cleanseeds.extract import xpath_page

REGEXP_NS = "http://exslt.org/regular-expressions"
#: ``re:test(@a|@b, 'pattern'[, 'flags'])`` with literal pattern and flags: the only form rewritten.
RE_TEST = re.compile(
    r"re:test\(\s*(?P<attrs>@[\w-]+(?:\s*\|\s*@[\w-]+)*)\s*,\s*(?P<pattern>'[^']*'|\"[^\"]*\")"
    r"\s*(?:,\s*(?P<flags>'[^']*'|\"[^\"]*\")\s*)?\)"
)
#: values remembered (value -> whether any pattern matches it) before the memo starts afresh
MEMO_SIZE = 50_000


class RegexSkippingXPath:
    """Called like the ``lxml.etree.XPath`` it wraps (``path`` is the original's)."""

    def __init__(self, original: Any) -> None:
        self.original = original
        self.path: str = original.path
        self._regexes: list[re.Pattern[str]] = []
        attrs: set[str] = set()

        def drop(m: re.Match[str]) -> str:
            flags = (m["flags"] or "''")[1:-1]
            rx = re.compile(m["pattern"][1:-1], re.IGNORECASE if "i" in flags else 0)
            if rx.search(""):
                return m[0]
            self._regexes.append(rx)
            attrs.update(a.strip() for a in m["attrs"].split("|"))
            return "false()"

        without = RE_TEST.sub(drop, self.path)
        self._without = etree.XPath(without, namespaces={"re": REGEXP_NS}) if self._regexes else None
        self._values = etree.XPath("|".join(f"//{a}" for a in sorted(attrs)), smart_strings=False) if attrs else None
        self._attrs = tuple(sorted(a[1:] for a in attrs))
        for a in self._attrs:
            xpath_page.watch(a)
        self._memo: dict[str, bool] = {}

    def matches_somewhere(self, node: Any) -> bool:
        """Whether a value of the tested attributes in ``node``'s document matches a pattern (during
        an extraction: in the page's values, read once a page, :mod:`cleanseeds.extract.xpath_page`)."""
        assert self._values is not None
        on_page = xpath_page.page_values(self._attrs)
        if on_page is None:
            return self._matches(self._values(node))
        answers, values = on_page
        found = answers.get(self)
        if found is None:
            found = answers[self] = self._matches(v for vs in values for v in vs)
        return found

    def _matches(self, values: Iterable[str]) -> bool:
        memo = self._memo
        if len(memo) > MEMO_SIZE:
            memo.clear()
        for value in values:
            hit = memo.get(value)
            if hit is None:
                hit = memo[value] = any(rx.search(value) for rx in self._regexes)
            if hit:
                return True
        return False

    def __call__(self, node: Any, **variables: Any) -> Any:
        if self._without is None or variables or self.matches_somewhere(node):
            return self.original(node, **variables)
        return self._without(node)


def _matches_empty(pattern: str, flags: str | None) -> bool:
    return re.compile(pattern[1:-1], re.IGNORECASE if "i" in (flags or "") else 0).search("") is not None


def guarded(path: str) -> str:
    """``path`` with each ``re:test(@a|@b, P)`` whose P cannot match the empty string evaluated
    only where one of the attributes exists."""
    return RE_TEST.sub(lambda m: m[0] if _matches_empty(m["pattern"], m["flags"]) else f"(({m['attrs']}) and {m[0]})", path)


#: guarded XPath -> trafilatura's own (for checks that read trafilatura's expressions)
ORIGINAL_PATH: dict[str, str] = {}


def _guard_lists(module: Any) -> None:
    """Replace, in place, the regex XPaths in ``module``'s lists of XPaths (the lists are shared
    with the modules that import them) by their :func:`guarded` versions."""
    for value in vars(module).values():
        if isinstance(value, list):
            for n, x in enumerate(value):
                if isinstance(x, etree.XPath) and x.path not in ORIGINAL_PATH and xpath_page.value_tests().search(x.path):
                    value[n] = xpath_page.PageRegexXPath(guarded(x.path))
                    ORIGINAL_PATH[value[n].path] = x.path


_INSTALLED: list[bool] = []


def install() -> None:
    """Wrap trafilatura's ``BASIC_CLEAN_XPATH`` where it is used (``trafilatura.baseline``) and
    guard the regex XPaths of ``trafilatura.xpaths`` (answered from the page's values during
    ``main_text``: :mod:`cleanseeds.extract.xpath_page`), once, the first of ``OVERALL_DISCARD_XPATH``
    wrapped by :class:`cleanseeds.extract.discard_guard.ProseKeepingXPath`; and give trafilatura's HTML parser
    the element class lookup in C (:mod:`cleanseeds.extract.parser_lookup`) and its markup repair
    the invalid-character test without a regex scan (:mod:`cleanseeds.extract.invalid_chars`)."""
    if _INSTALLED:
        return
    import importlib

    from cleanseeds.extract import block_spaces, invalid_chars, justext_spaces, page_text, parser_lookup

    parser_lookup.install()
    justext_spaces.install()
    block_spaces.install()
    page_text.install()
    invalid_chars.install()
    txpaths = importlib.import_module("trafilatura.xpaths")
    _guard_lists(txpaths)
    from cleanseeds.extract.discard_guard import ProseKeepingXPath

    discard = getattr(txpaths, "OVERALL_DISCARD_XPATH")  # noqa: B009 - a module mypy cannot see into
    if not isinstance(discard[0], ProseKeepingXPath):
        discard[0] = ProseKeepingXPath(discard[0])

    # (``import trafilatura.baseline`` names the function the package re-exports, not the module)
    tbaseline = importlib.import_module("trafilatura.baseline")
    current = getattr(tbaseline, "BASIC_CLEAN_XPATH")  # noqa: B009 - a module mypy cannot see into
    if not isinstance(current, RegexSkippingXPath):
        setattr(tbaseline, "BASIC_CLEAN_XPATH", RegexSkippingXPath(current))  # noqa: B010
    _INSTALLED.append(True)
