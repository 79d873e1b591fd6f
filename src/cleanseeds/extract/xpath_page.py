"""trafilatura's regex XPaths with each ``re:test`` answered from the page's own attribute values.

lxml evaluates ``re:test(@class, 'pattern')`` by a call back into Python for every element the
XPath step reaches that has the attribute (after :func:`cleanseeds.extract.xpath_regex.guarded`),
and trafilatura runs its regex XPaths (comments, body, discard, author ...) several times a page,
on the page and on its copies: thousands of calls a page, each a Python call and a regex search
of a value the page has already shown many times over.

During :func:`cleanseeds.extract.html.main_text` (:func:`scoped`, :func:`use_page`), a
:class:`PageRegexXPath` asks the page once per test which values of the tested attributes match
the pattern (memoised per value across pages) and passes them as an XPath variable:
``re:test(@class, P)`` is evaluated as ``@class = $v0`` (the value is one of those that match),
``re:test(@id|@class, P)`` as ``(@id|@class)[1] = $v0`` (lxml's ``re:test`` reads the first
attribute in the markup, and so does the first node of the union). Same selection, in C.

A test that page values of its one attribute match is asked without the call back into Python
as well: ``re:test(@class, P)`` is evaluated as ``contains($v, concat(S, @class, S))``, ``$v``
being the page's matching values joined and framed by a separator ``S`` (:data:`SEP`) that no
value of the page holds, so the framed value is in ``$v`` exactly when it is one of them. The
XPath with these variables is compiled once per shape (which tests are false, which are asked
so), not per page. A test of two attributes keeps its ``re:test`` when a value matches (lxml
reads the first attribute of the node-set it is handed; left as lxml does it).

When a predicate of the path's one step (``.//*[A][B]...``, perhaps as ``(.//*[A][B])[1]``) is
made of left-out tests only (``[(@id and false()) or (@class and false())]``), no element passes
it: the call returns ``[]`` without walking the tree (:func:`always_empty`). trafilatura's
comment and raw-tree prunes (``REMOVE_COMMENTS_AND_LISTS_XPATH``, ``RAW_TREE_PRUNE_XPATH``) are
such paths on most pages; each walked every element of the page (~0.3 ms a call) to select nothing.

This is exact because every tree trafilatura evaluates these XPaths on during the call is the
page, a copy or pruned part of it, or a re-parse of readability's XML serialization of a part of
it: the values of ``class``, ``id`` and ``style`` in those trees are values of the page
(trafilatura 2.3.1, its readability port and jusText never write these attributes;
``tests/unit/test_xpath_page.py`` checks the selections on real pages and their copies, and that
the sources still write no such attribute). Outside a :func:`scoped` call, or with XPath
variables of the caller's own, the XPath runs as lxml's (the regex calls back as before).
"""
from __future__ import annotations

import functools
import re
from collections.abc import Callable
from contextvars import ContextVar
from typing import Any, TypeVar

from lxml import etree

F = TypeVar("F", bound=Callable[..., Any])

#: values remembered per test (value -> whether the pattern matches it) before the memo starts afresh
MEMO_SIZE = 50_000
#: frames the page's matching values of a test in the string the XPath reads them from (a page
#: with a value holding it keeps the call back into Python)
SEP = "\x7f"
_VAR = "cleanseeds_v"  # the variables' names: cleanseeds_v0, cleanseeds_v1 ... (one per test of the XPath)


class _Page:
    """The page of the current :func:`scoped` call: its values per attribute, the matches per test."""

    __slots__ = ("tree", "values", "hits", "joined", "framed")

    def __init__(self) -> None:
        self.tree: Any = None
        self.values: dict[str, frozenset[str]] = {}  # read when the page is named, before anything changes it
        self.hits: dict[Any, bool] = {}  # test -> whether a page value matches it
        self.joined: dict[int, str] = {}  # test -> the page's values it matches, framed by SEP
        self.framed = False  # whether no value of the page holds SEP


_REGEXP_NS = "http://exslt.org/regular-expressions"  # (= xpath_regex.REGEXP_NS)
_PAGE: ContextVar[_Page | None] = ContextVar("cleanseeds_xpath_page", default=None)
_ATTR_VALUES: dict[str, Any] = {}  # attribute -> compiled XPath of its values in the document


def watch(attr: str) -> None:
    """Read the values of ``attr`` of every page named from now on (:func:`use_page`)."""
    if attr not in _ATTR_VALUES:
        _ATTR_VALUES[attr] = etree.XPath(f"//@{attr}", smart_strings=False)


def page_values(attrs: tuple[str, ...]) -> tuple[dict[Any, bool], list[frozenset[str]]] | None:
    """The current page's answers memo (kept while its :func:`scoped` call runs) and its values of
    ``attrs`` (all :func:`watch`-ed); ``None`` outside a named page."""
    page = _PAGE.get()
    if page is None or page.tree is None or any(a not in page.values for a in attrs):
        return None
    return page.hits, [page.values[a] for a in attrs]


class _Test:
    """One ``re:test(@a|@b, 'P', 'flags')`` of an XPath: whether a page value matches it."""

    __slots__ = ("attrs", "regex", "memo", "key")

    def __init__(self, attrs: tuple[str, ...], regex: re.Pattern[str], key: int) -> None:
        self.attrs, self.regex, self.key = attrs, regex, key
        self.memo: dict[str, bool] = {}
        for a in attrs:
            watch(a)

    def matches(self, page: _Page) -> bool | None:
        """Whether a value of the tested attributes on the page matches the pattern (``None``:
        the page's values of an attribute were not read)."""
        found = page.hits.get(self.key)
        if found is None:
            if any(a not in page.values for a in self.attrs):
                return None
            memo, search = self.memo, self.regex.search
            if len(memo) > MEMO_SIZE:
                memo.clear()
            found = False
            for attr in self.attrs:
                for value in page.values[attr]:
                    hit = memo.get(value)
                    if hit is None:
                        hit = memo[value] = search(value) is not None
                    if hit:
                        found = True
                        break
                if found:
                    break
            page.hits[self.key] = found
        return found

    def joined(self, page: _Page) -> str:
        """The values of the page's one tested attribute that match, each framed by :data:`SEP`
        (``SEP v1 SEP v2 SEP``); the page's values were read (:meth:`matches` is not ``None``)."""
        found = page.joined.get(self.key)
        if found is None:
            memo, search = self.memo, self.regex.search
            if len(memo) > MEMO_SIZE:
                memo.clear()
            hits = []
            for value in page.values[self.attrs[0]]:
                hit = memo.get(value)
                if hit is None:
                    hit = memo[value] = search(value) is not None
                if hit:
                    hits.append(value)
            found = page.joined[self.key] = SEP + SEP.join(hits) + SEP
        return found


_TESTS: list[_Test] = []

#: ``contains(@a, 'x')`` of an attribute whose values the page reads anyway (:func:`watch`-ed for
#: the regex tests): a value test like ``re:test``, answered from the page's values the same way
CONTAINS_TEST = r"contains\(\s*(?P<attr>@(?:class|id|style))\s*,\s*(?P<literal>'[^']+'|\"[^\"]+\")\s*\)"
_VALUE_TESTS: list[re.Pattern[str]] = []


def value_tests() -> re.Pattern[str]:
    """``re:test(...)`` (:data:`cleanseeds.extract.xpath_regex.RE_TEST`) or :data:`CONTAINS_TEST`."""
    if not _VALUE_TESTS:
        from cleanseeds.extract.xpath_regex import RE_TEST  # (which imports this module)

        _VALUE_TESTS.append(re.compile(f"{RE_TEST.pattern}|{CONTAINS_TEST}"))
    return _VALUE_TESTS[0]

#: a left-out test as :meth:`PageRegexXPath._text` writes it (after a guard), whitespace removed
_FALSE_TERM = r"(?:\(\(@[\w-]+(?:\|@[\w-]+)*\)andfalse\(\)\)|\(@[\w-]+(?:\|@[\w-]+)*andfalse\(\)\)|false\(\))"
_FALSE_PREDICATE = re.compile(rf"{_FALSE_TERM}(?:or{_FALSE_TERM})*")
_STEP = re.compile(r"\.?//\*")  # the path's one step: every element below (or of) the context


def _predicates(step: str) -> list[str] | None:
    """The predicates of ``.//*[A][B]...`` (``A``, ``B`` ...: brackets and quotes balanced inside),
    or ``None`` when ``step`` is not that: one step, its predicates, nothing else."""
    m = _STEP.match(step)
    if m is None:
        return None
    out: list[str] = []
    depth, start, quote = 0, 0, ""
    for n in range(m.end(), len(step)):
        c = step[n]
        if quote:
            quote = "" if c == quote else quote
        elif c in "'\"":
            quote = c
        elif c == "[":
            depth += 1
            start = n + 1 if depth == 1 else start
        elif c == "]":
            depth -= 1
            if depth == 0:
                out.append(step[start:n])
        elif depth == 0 and not c.isspace():
            return None  # text between the predicates (an operator, a union, another step)
    return out if depth == 0 and not quote else None


def always_empty(path: str) -> bool:
    """Whether ``path`` is one step ``.//*[...]...`` (or ``(.//*[...]...)[1]``) with a predicate
    made of ``false()`` terms joined by ``or`` (a term may be ``((@a) and false())``): then it
    selects no element, whatever the tree."""
    text = path.strip()
    if text.startswith("(") and text.endswith(")[1]"):
        text = text[1:-4].strip()
    predicates = _predicates(text)
    return predicates is not None and any(_FALSE_PREDICATE.fullmatch("".join(p.split())) for p in predicates)


class PageRegexXPath(etree.XPath):  # type: ignore[misc]  # lxml's XPath class is untyped
    """An ``lxml.etree.XPath`` (``path``: the XPath as given) that, while :func:`scoped` runs,
    leaves out the ``re:test`` calls no value of the current page matches (see the module doc)."""

    def __init__(self, path: str) -> None:
        from cleanseeds.extract.xpath_regex import REGEXP_NS  # (which imports this module)

        super().__init__(path, namespaces={"re": REGEXP_NS})
        self.tests: list[_Test] = []
        self.pieces: list[str] = []  # the path split at its value tests: text, test, text, test ..., text
        last = 0
        for m in value_tests().finditer(path):
            if m["literal"] is not None:  # contains(@a, 'x'): a value holds x (false without the attribute)
                regex = re.compile(re.escape(m["literal"][1:-1]))
                attrs: tuple[str, ...] = (m["attr"][1:],)
            else:
                flags = (m["flags"] or "''")[1:-1]
                regex = re.compile(m["pattern"][1:-1], re.IGNORECASE if "i" in flags else 0)
                attrs = tuple(a.strip()[1:] for a in m["attrs"].split("|"))
            if regex.search(""):  # true without the attribute: not a value test, kept as it is
                continue
            self.pieces += [path[last:m.start()], m[0]]
            last = m.end()
            test = _Test(attrs, regex, len(_TESTS))
            _TESTS.append(test)
            self.tests.append(test)
        self.pieces.append(path[last:])
        self.variants: dict[tuple[bool, ...], Any] = {}
        self.asked: dict[tuple[bool, ...], Any] = {}  # the variants that ask the tests from variables
        self.empty: dict[tuple[bool, ...], bool] = {}  # whether the path selects nothing under a mask

    def _text(self, mask: tuple[bool, ...]) -> str:
        """The path with the tests that ``mask`` marks false replaced by ``false()``."""
        parts = [self.pieces[0]]
        for n, keep in enumerate(mask):
            parts += [self.pieces[2 * n + 1] if keep else "false()", self.pieces[2 * n + 2]]
        return "".join(parts)

    def _variant(self, mask: tuple[bool, ...]) -> Any:
        """:meth:`_text` of ``mask``, compiled once."""
        found = self.variants.get(mask)
        if found is None:
            found = self.variants[mask] = etree.XPath(self._text(mask), namespaces={"re": _REGEXP_NS})
        return found

    def _empty(self, mask: tuple[bool, ...]) -> bool:
        """Whether :meth:`_text` of ``mask`` selects nothing (:func:`always_empty`), decided once."""
        found = self.empty.get(mask)
        if found is None:
            found = self.empty[mask] = always_empty(self._text(mask))
        return found

    def _asking(self, mask: tuple[bool, ...]) -> Any:
        """The path with the tests that ``mask`` marks false replaced by ``false()`` and the true
        ones of one attribute by ``contains($cleanseeds_vN, concat(SEP, @attr, SEP))``, compiled once."""
        found = self.asked.get(mask)
        if found is None:
            parts = [self.pieces[0]]
            for n, (test, keep) in enumerate(zip(self.tests, mask, strict=True)):
                if not keep:
                    parts.append("false()")
                elif len(test.attrs) == 1:
                    parts.append(f"contains(${_VAR}{n}, concat('{SEP}', @{test.attrs[0]}, '{SEP}'))")
                else:
                    parts.append(self.pieces[2 * n + 1])
                parts.append(self.pieces[2 * n + 2])
            found = self.asked[mask] = etree.XPath("".join(parts), namespaces={"re": _REGEXP_NS})
        return found

    def __call__(self, node: Any, **variables: Any) -> Any:
        page = _PAGE.get()
        if page is None or page.tree is None or variables or not self.tests:
            return super().__call__(node, **variables)
        mask = tuple(t.matches(page) for t in self.tests)
        if None in mask:
            return super().__call__(node)
        if self._empty(mask):  # type: ignore[arg-type]  # (all true: no false() in the text, never empty)
            return []
        if page.framed and any(hit and len(t.attrs) == 1 for t, hit in zip(self.tests, mask, strict=True)):
            asked = {f"{_VAR}{n}": t.joined(page) for n, (t, hit) in enumerate(zip(self.tests, mask, strict=True))
                     if hit and len(t.attrs) == 1}
            return self._asking(mask)(node, **asked)  # type: ignore[arg-type]
        if all(mask):
            return super().__call__(node)
        return self._variant(mask)(node)  # type: ignore[arg-type]


def scoped(fn: F) -> F:
    """Run ``fn`` as one page's scope: :func:`use_page` inside it names the page."""

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        token = _PAGE.set(_Page())
        try:
            return fn(*args, **kwargs)
        finally:
            _PAGE.reset(token)

    return wrapper  # type: ignore[return-value]


def use_page(tree: Any) -> None:
    """Name the parsed page of the current :func:`scoped` call (before any copy or change of it)."""
    page = _PAGE.get()
    if page is not None:
        page.values = {attr: frozenset(values(tree)) for attr, values in _ATTR_VALUES.items()}
        page.framed = not any(SEP in "".join(values) for values in page.values.values())
        page.tree = tree
