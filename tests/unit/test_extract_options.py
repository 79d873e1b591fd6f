"""``extract.options.extractor`` gives the ``Extractor`` that trafilatura's own constructor gives."""
from __future__ import annotations

import hashlib
import inspect

import pytest
from trafilatura.settings import Extractor

from cleanseeds.extract.html import _selective_extractor
from cleanseeds.extract.options import extractor

#: trafilatura 2.3.1's ``Extractor.__init__`` (whitespace collapsed): ``extractor`` copies what it sets
EXTRACTOR_INIT_SHA256 = "45f06c6cd485fd3c"


def _fields(options: object) -> dict[str, object]:
    return {name: getattr(options, name) for name in Extractor.__slots__} | dict(getattr(options, "__dict__", {}))


@pytest.mark.parametrize("cls_name", ["Extractor", "SelectiveExtractor"])
@pytest.mark.parametrize("url", [None, "", "https://example.org/a?b=1", "https://example.org/caf\u00e9/\ud800"])
@pytest.mark.parametrize("flags", [{}, {"comments": False}, {"comments": False, "precision": True},
                                   {"comments": False, "recall": True}, {"comments": True}])
@pytest.mark.parametrize("fast", [False, True])
def test_same_fields_as_the_constructor(cls_name: str, url: str | None, flags: dict[str, bool], fast: bool) -> None:
    cls = Extractor if cls_name == "Extractor" else _selective_extractor()
    made = extractor(cls, fast=fast, url=url, **flags)
    again = extractor(cls, fast=fast, url=url, **flags)
    expected = cls(output_format="python", fast=fast, url=url, **flags)
    assert type(made) is cls
    assert _fields(made) == _fields(expected)
    # every object its own: what a caller sets or adds on one is not seen by the next
    made.focus = "recall"
    made.author_blacklist.add("x")
    made.date_params["max_date"] = "1999-01-01"
    if hasattr(made, "__dict__"):  # (cleanseeds' subclass: the passes mark its options)
        made.wild_bodies = []
    assert _fields(again) == _fields(expected)
    assert _fields(extractor(cls, fast=fast, url=url, **flags)) == _fields(expected)


def test_extractor_init_is_the_one_read() -> None:
    digest = hashlib.sha256(" ".join(inspect.getsource(Extractor.__init__).split()).encode()).hexdigest()[:16]
    assert digest == EXTRACTOR_INIT_SHA256, "trafilatura's Extractor.__init__ changed: check extract/options.py"
