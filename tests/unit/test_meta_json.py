"""``extract.meta_json`` gives what trafilatura's JSON-LD metadata step gives: the same minified and
normalised text, the same metadata, on the dev pages and on built scripts."""
from __future__ import annotations

import gzip
import hashlib
import inspect
import json

from trafilatura.json_metadata import normalize_json as trafilatura_normalize
from trafilatura.metadata import JSON_MINIFY, Document
from trafilatura.metadata import extract_meta_json as trafilatura_meta_json
from trafilatura.utils import load_html

from cleanseeds.extract import meta_json
from tests.conftest import DEV_DIR

#: sha256 (first 16 hex digits) of trafilatura 2.3.1's functions, whitespace collapsed: the steps copied
SOURCES_SHA256 = {"extract_meta_json": "26e58f1281e4e220", "normalize_json": "ba5e029cdfcb75b1"}

TEXTS = [
    "", " ", '{"a": 1}', '{ "name" : "A  B",\n\t"x":[1, 2 ,3] }', '"unterminated  string', 'a "b\\" c" d " e',
    '{"k": "line\\\nbreak  kept"}', '"\\\\" x "y z"', '{"h": "<b>bold</b> &amp; \\u00e9 \\ud83d\\ude00 \\ud800"}',
    '\u00a0{"nbsp":\u00a0"a\u00a0b"}\u2003', '"a"  "b"   "c"', "\\u0041 \\n\\t\\r", '{"x": "\\"quoted\\" text"}',
]


def _metadata(fn: object, tree: object) -> dict[str, object]:
    doc = fn(tree, Document())  # type: ignore[operator]
    return {k: getattr(doc, k, None) for k in Document.__slots__ if k not in ("body", "commentsbody")}  # (new elements)


def test_trafilaturas_functions_are_those_copied() -> None:
    import trafilatura.json_metadata as tjson
    import trafilatura.metadata as tmeta

    for name, module in (("extract_meta_json", tmeta), ("normalize_json", tjson)):
        source = " ".join(inspect.getsource(getattr(module, name)).split())
        assert hashlib.sha256(source.encode()).hexdigest()[:16] == SOURCES_SHA256[name], f"trafilatura's {name} changed: check extract/meta_json.py"


def test_same_text_on_built_cases() -> None:
    for text in TEXTS:
        assert meta_json.minify(text) == JSON_MINIFY.sub(r"\1", text), repr(text)
        minified = JSON_MINIFY.sub(r"\1", text)
        for s in (text, minified):
            assert meta_json.normalize_json(s) == trafilatura_normalize(s), repr(s)
    assert meta_json.normalize_json("a\\u00e9\ud83d\\n") == trafilatura_normalize("a\\u00e9\ud83d\\n") == "a\u00e9"


def test_same_metadata_on_the_dev_pages_and_built_scripts() -> None:
    with gzip.open(DEV_DIR / "pages.jsonl.gz", "rt", encoding="utf-8") as fh:
        pages = [json.loads(line)["html"] for line in fh if line.strip()]
    built = [f'<html><head><script type="application/ld+json">{t}</script></head><body><p>x</p></body></html>' for t in
             ('{"@type": "NewsArticle", "headline": "A  title", "author": {"@type": "Person", "name": "Ann  Lee"}}',
              '{"@type": "Article", "name": "Broken, "author": "Bob Ray"', '[{"@type":"WebPage","name":"P \\u00e9"}]')]
    scripts = 0
    for html in pages + built:
        tree = load_html(html)
        assert tree is not None
        scripts += len(tree.xpath('.//script[@type="application/ld+json"]'))
        assert _metadata(meta_json.extract_meta_json, tree) == _metadata(trafilatura_meta_json, tree)
    assert scripts > 150  # most dev pages carry JSON-LD
