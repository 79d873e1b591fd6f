"""trafilatura's extraction options (``trafilatura.settings.Extractor``), made from a template.

``Extractor(...)`` reads nine values of trafilatura's configuration in its ``__init__``, each
through ``configparser`` (a ``ChainMap`` lookup that raises and catches ``KeyError`` on the way):
~0.2 ms an object, and :func:`cleanseeds.extract.html.main_text` makes one or more a page.
:func:`extractor` builds the object once per (class, arguments but the URL) and hands out a
shallow copy with the fields ``__init__`` derives from the URL, its own empty blacklists and a
fresh ``date_params`` (``max_date`` is the date of the call, as ``__init__`` reads it). The
configuration is trafilatura's default one (cleanseeds passes none and never changes it), so
every field is what ``__init__`` would have set: ``tests/unit/test_extract_options.py`` compares
them field by field and pins the source of ``Extractor.__init__``.
"""
from __future__ import annotations

from copy import copy
from typing import Any

_TEMPLATES: dict[tuple[type, bool, tuple[tuple[str, bool], ...]], Any] = {}


def extractor(cls: type, *, fast: bool = False, url: str | None = None, **flags: bool) -> Any:
    """``cls(output_format="python", fast=fast, url=url, **flags)`` (``cls``: ``Extractor`` or a
    subclass; ``flags``: its boolean keywords such as ``comments``, ``precision``, ``recall``)."""
    from trafilatura.settings import set_date_params

    key = (cls, fast, tuple(sorted(flags.items())))
    template = _TEMPLATES.get(key)
    if template is None:
        template = _TEMPLATES[key] = cls(output_format="python", fast=fast, **flags)
    options = copy(template)
    options.url = url
    source = url or None  # (as __init__: url or its source argument, None here)
    options.source = source and source.encode("utf-8", "replace").decode("utf-8")
    options.author_blacklist, options.url_blacklist = set(), set()
    options.date_params = set_date_params(template.date_params["extensive_search"])
    return options
