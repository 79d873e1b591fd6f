"""Minimal first version (to be deepened): txt, html, jsonl."""
from __future__ import annotations

import glob
import json
import os
from collections.abc import Sequence
from pathlib import Path

from cleanseeds.config import Settings
from cleanseeds.reasons import QuarantineReason as Q
from cleanseeds.records import Document, InputRef, Rejected, StageResult, content_hash, make_doc_id

FORMATS = {".txt": "txt", ".text": "txt", ".html": "html", ".htm": "html", ".jsonl": "jsonl"}


def _ref(path: str) -> InputRef | None:
    fmt = FORMATS.get(Path(path).suffix.lower())
    return InputRef(path=path, fmt=fmt, size=os.path.getsize(path)) if fmt else None


def discover(sources: Sequence[str], settings: Settings) -> tuple[list[InputRef], list[Rejected]]:
    refs: list[InputRef] = []
    rejected: list[Rejected] = []
    for src in sources:
        paths: list[str]
        if os.path.isdir(src):
            paths = sorted(str(p) for p in Path(src).rglob("*") if p.is_file())
        elif os.path.exists(src):
            paths = [src]
        else:
            paths = sorted(glob.glob(src, recursive=True))
            if not paths:
                rejected.append(Rejected(source=src, stage="discover", reason=Q.NOT_FOUND, detail="no such file, directory or glob match"))
        for p in paths:
            ref = _ref(p)
            if ref is None:
                rejected.append(Rejected(source=p, stage="discover", reason=Q.UNSUPPORTED_FORMAT, detail=f"extension {Path(p).suffix!r} not supported", input_path=p))
            else:
                refs.append(ref)
    return refs, rejected


def read_batch(refs: Sequence[InputRef], settings: Settings) -> StageResult:
    out = StageResult(docs=[])
    for ref in refs:
        data = Path(ref.path).read_bytes()
        if not data.strip():
            out.rejected.append(Rejected(source=ref.path, stage="read", reason=Q.EMPTY_FILE, input_path=ref.path))
            continue
        text = data.decode("utf-8", "replace")
        if ref.fmt == "jsonl":
            for n, line in enumerate(text.splitlines(), 1):
                if not line.strip():
                    continue
                source = f"{ref.path}#{n}"
                try:
                    rec = json.loads(line)
                except json.JSONDecodeError as exc:
                    out.rejected.append(Rejected(source=source, stage="read", reason=Q.MALFORMED_JSON, detail=str(exc), input_path=ref.path))
                    continue
                body = rec.get(settings.html_field) or rec.get(settings.text_field)
                if not isinstance(body, str) or not body.strip():
                    out.rejected.append(Rejected(source=source, stage="read", reason=Q.MALFORMED_RECORD, detail="no text or html field", input_path=ref.path))
                    continue
                h = content_hash(line)
                d = Document(doc_id=make_doc_id(source, h), source=source, input_path=ref.path, input_format="jsonl", content_hash=h, raw=body, raw_is_html=bool(rec.get(settings.html_field)))
                d.url = rec.get(settings.url_field)
                d.title = rec.get(settings.title_field)
                out.docs.append(d)
        else:
            h = content_hash(data)
            out.docs.append(Document(doc_id=make_doc_id(ref.path, h), source=ref.path, input_path=ref.path, input_format=ref.fmt, content_hash=h, raw=text, raw_is_html=ref.fmt == "html", encoding="utf-8", size_bytes=len(data)))
    return out


def extract_batch(docs: Sequence[Document], settings: Settings) -> StageResult:
    from cleanseeds.extract.html import main_text

    out = StageResult(docs=[])
    for d in docs:
        assert d.raw is not None
        if d.raw_is_html:
            res = main_text(d.raw, d.url, settings)
            if res is None:
                out.rejected.append(Rejected(source=d.source, stage="extract", reason=Q.NO_TEXT_EXTRACTED, doc_id=d.doc_id, input_path=d.input_path))
                continue
            d.source_text, d.mode = res.text, "html"
            d.title = d.title or res.title
            d.url = d.url or res.url
        else:
            d.source_text, d.mode = d.raw, "text"
        d.site = Path(d.input_path).parent.as_posix()
        out.docs.append(d)
    return out
