"""Helpers for tests of the card pass and its guards: make trafilatura's extraction (every call
inside ``cleanseeds.extract.html.main_text``) return a given text, so a test can state what the
extractor kept and check what the card pass does with it."""
from __future__ import annotations

from typing import Any

import pytest

from cleanseeds.extract import html as H


def extraction_gives(monkeypatch: pytest.MonkeyPatch, text: str) -> None:
    """trafilatura's extraction (every call in ``main_text``) returns ``text``."""
    real = H.bare_extraction

    def gives(tree: Any, url: Any, options: Any, last_use: bool) -> Any:
        doc = real(tree, url, options, last_use)
        doc.text = text
        return doc

    monkeypatch.setattr(H, "bare_extraction", gives)
