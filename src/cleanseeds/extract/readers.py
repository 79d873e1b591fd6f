"""Read one input file into documents: open, inflate, sniff, split, decode.

``read_ref(ref, settings)`` yields :class:`Document` and :class:`Rejected` values — one per
document found, in file order, and never raises for anything the file contains. Every
document carries ``source`` (the path, plus ``#N`` for the Nth record of a JSONL/JSON/WARC
file), ``content_hash`` of the record's raw bytes and ``doc_id``.

Per format:

* ``txt``/``html``: the whole file is one document (at most ``max_doc_bytes``). The content
  decides over the extension: an HTML page saved as ``.txt`` is read as HTML, an ``.html``
  file without any markup as text.
* ``jsonl``: one JSON object a line; ``#N`` is the physical line number; blank lines are not
  documents. A broken line is one ``malformed_json`` among the good ones.
* ``json``: an array of objects (``#N`` = 1-based position) or a single object. A ``.json``
  file that is really JSONL is read as JSONL.
* ``warc``: ``response`` and ``resource`` records with an HTML payload; ``#N`` is the record's
  position in the file (``warcinfo``/``request``/``metadata``/``revisit`` records are not
  documents and are not counted). Non-HTML payloads are ``unsupported_format``, non-2xx
  responses ``http_status``. ``url`` = WARC-Target-URI, ``fetched_at`` = WARC-Date (UTC).
* Any of these gzip/bzip2/xz/zstd-compressed (by magic bytes, whatever the extension says),
  inflated through :mod:`cleanseeds.extract.compress` (the standard library's and
  ``zstandard``'s decoders; bomb guard, truncation detection, trailing garbage kept like
  ``gzip -d`` does, noted in ``meta["compression_note"]``).

Guards (every one a reason, never an exception out of this module):

* JSON nesting deeper than ``max_json_depth`` is ``malformed_json`` (:func:`parse_json`):
  the parser's own recursion guard, caught, stops any text after ~1,000 levels (a
  100,000-deep line is rejected after those), and the parsed value is held to the cap.
* UTF-16/32 JSONL (BOM or NUL pattern) is decoded as a whole before it is split into lines.
* A URL that does not parse (``http://[::1``) is set aside: ``url`` stays empty and the
  value is kept in ``meta["invalid_url"]``; no later stage sees it.
* A WARC record whose ``Content-Length`` is not a byte count is ``malformed_archive``; the
  reader resynchronises on the next ``WARC/`` header line, so its payload does not turn
  into phantom records and the next real record is read.
* Anything else that raises while reading one record quarantines that record as
  ``internal_error`` (with the exception); a failure outside any record quarantines the
  rest of the file under the next record number. The run goes on.
"""
from __future__ import annotations

import datetime as dt
import errno
import io
import json
import re
from collections.abc import Iterator
from functools import lru_cache
from typing import Any
from urllib.parse import urlsplit

from cleanseeds.config import Settings
from cleanseeds.extract.compress import (
    CHUNK,
    DecompressionBomb,
    GuardedReader,
    UnsupportedCompression,
    open_guarded,
    sniff_compression,
)
from cleanseeds.extract.decode import (
    NotText,
    Undecodable,
    binary_signature,
    charset_from_content_type,
    decode,
    repair_mojibake,
    wide_encoding,
)
from cleanseeds.reasons import QuarantineReason as Q
from cleanseeds.records import Document, InputRef, Rejected, content_hash, make_doc_id

Item = Document | Rejected
_HTML_START = re.compile(rb"^(?:\xef\xbb\xbf)?\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body)\b", re.I | re.S)
_HTML_ANY = re.compile(rb"<(?:p|div|br|body|article|span|a|h[1-6]|table|ul|title)\b", re.I)
_HTML_TYPES = ("text/html", "application/xhtml+xml", "application/xhtml", "text/xhtml")
WHOLE_FILE = ("txt", "html", "json")


class _Raw(io.RawIOBase):
    """Adapt any object with ``read(n)`` (fsspec files) to a raw stream for BufferedReader."""

    def __init__(self, f: Any) -> None:
        self._f = f

    def readable(self) -> bool:
        return True

    def readinto(self, b: Any) -> int:
        data = self._f.read(len(b))
        b[: len(data)] = data
        return len(data)

    def close(self) -> None:
        try:
            self._f.close()
        finally:
            super().close()


def _open(path: str) -> io.BufferedReader:
    if "://" in path and not path.startswith("file://"):
        import fsspec

        return io.BufferedReader(_Raw(fsspec.open(path, "rb").open()), CHUNK)
    if path.startswith("file://"):
        path = path[len("file://"):]
    f = open(path, "rb", buffering=CHUNK)  # noqa: SIM115 - closed by the caller
    assert isinstance(f, io.BufferedReader)  # a buffered binary file (typeshed: BinaryIO)
    return f


class _Ctx:
    """What every record of one file shares."""

    def __init__(self, ref: InputRef, settings: Settings) -> None:
        self.ref = ref
        self.s = settings
        self.src = ref.path  # already the canonical display form (discover)
        self.compression: str | None = None
        self.fmt = ref.fmt
        self.guard: GuardedReader | None = None
        self.next_n = 1  # the record number a mid-file failure is reported under

    def reject(self, reason: Q, detail: str, n: int | None = None, chash: str | None = None) -> Rejected:
        source = self.src if n is None else f"{self.src}#{n}"
        doc_id = make_doc_id(source, chash) if chash else None
        return Rejected(source=source, stage="read", reason=reason, detail=detail, doc_id=doc_id, input_path=self.src, content_hash=chash)

    def doc(self, raw_bytes: bytes, text: str, *, n: int | None, is_html: bool, encoding: str) -> Document:
        source = self.src if n is None else f"{self.src}#{n}"
        h = content_hash(raw_bytes)
        d = Document(
            doc_id=make_doc_id(source, h), source=source, input_path=self.src, input_format=self.fmt,
            content_hash=h, raw=text, raw_is_html=is_html, encoding=encoding, size_bytes=len(raw_bytes),
        )
        if self.compression:
            d.meta["compression"] = self.compression
            if self.guard is not None and self.guard.trailing:
                d.meta["compression_note"] = "bytes after the last complete compressed member were ignored (trailing garbage)"
        if self.fmt != self.ref.fmt:
            d.meta["format_from_content"] = f"{self.ref.fmt}->{self.fmt}"
        return d

    def truncated_detail(self) -> str:
        g = self.guard
        what = f"{g.kind} stream ends before its end marker" if g else "file ends mid-record"
        if g is not None and g.error:
            what = f"{g.kind} stream is corrupt ({g.error})"
        return what


def _open_error(exc: OSError) -> tuple[Q, str]:
    if exc.errno == errno.ELOOP:
        return Q.SYMLINK_LOOP, "symbolic link loop"
    if exc.errno == errno.ENOENT:
        return Q.NOT_FOUND, "file vanished between discovery and reading"
    return Q.UNREADABLE_FILE, f"cannot open: {exc.strerror or exc}"


def read_ref(ref: InputRef, settings: Settings) -> Iterator[Item]:
    """Every document (or rejection) in one input file."""
    c = _Ctx(ref, settings)
    try:
        f = _open(ref.os_path or ref.path)
    except OSError as exc:
        reason, detail = _open_error(exc)
        yield c.reject(reason, detail)
        return
    except Exception as exc:  # noqa: BLE001 - fsspec backends raise anything
        yield c.reject(Q.UNREADABLE_FILE, f"cannot open: {type(exc).__name__}: {exc}")
        return
    with f:
        try:
            yield from _read_open(c, f)
        except OSError as exc:
            yield c.reject(Q.UNREADABLE_FILE, f"I/O error while reading: {exc.strerror or exc}", n=_rest_n(c))
        except Exception as exc:  # noqa: BLE001 - the per-file guard: a bug, never the run
            yield c.reject(Q.INTERNAL_ERROR, f"reading failed: {_exc(exc)}; the rest of the file is not read", n=_rest_n(c))


def _rest_n(c: _Ctx) -> int | None:
    """The record number a failure mid-file is reported under (None: a single document)."""
    return None if c.fmt in ("txt", "html") or (c.fmt == "json" and c.next_n <= 1) else c.next_n


def _exc(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {str(exc)[:500]}"


def _guarded(c: _Ctx, n: int | None, raw: bytes | None, fn: Any, *args: Any) -> Item:
    """One record, guarded: an exception becomes this record's ``internal_error``."""
    try:
        item: Item = fn(*args)
        return item
    except RecursionError:
        why = f"nested too deeply to parse (over max_json_depth {c.s.max_json_depth})"
        return c.reject(Q.MALFORMED_JSON, why, n=n, chash=content_hash(raw) if raw else None)
    except Exception as exc:  # noqa: BLE001 - the per-document guard
        return c.reject(Q.INTERNAL_ERROR, f"reading record failed: {_exc(exc)}", n=n, chash=content_hash(raw) if raw else None)


def _read_open(c: _Ctx, f: io.BufferedReader) -> Iterator[Item]:
    stream = _inflated(c, f)
    if isinstance(stream, Rejected):
        yield stream
        return
    try:
        inner = stream.peek(4096)[:4096]
    except DecompressionBomb as exc:
        yield c.reject(Q.DECOMPRESSED_TOO_LARGE, str(exc))
        return
    unusable = _unusable(c, inner)
    if unusable is not None:
        yield unusable
        return
    try:
        yield from _read_records(c, stream, inner)
    except DecompressionBomb as exc:
        yield c.reject(Q.DECOMPRESSED_TOO_LARGE, str(exc) + "; the rest of the input was not read", n=None if c.fmt in ("txt", "html") else c.next_n)


def _inflated(c: _Ctx, f: io.BufferedReader) -> io.BufferedReader | Rejected:
    """The file's content: ``f`` itself, or its inflating reader when it is compressed (by
    its magic bytes); a rejection for a compression that cannot be read."""
    kind = sniff_compression(f.peek(64)[:64])
    if not kind:
        return f
    c.compression = kind
    try:
        stream, c.guard = open_guarded(
            f, kind, max_bytes=c.s.max_decompressed_bytes if c.fmt in WHOLE_FILE else None,
            max_ratio=c.s.max_compression_ratio,
        )
    except UnsupportedCompression as exc:
        return c.reject(Q.UNSUPPORTED_FORMAT, str(exc))
    return stream


def _unusable(c: _Ctx, inner: bytes) -> Rejected | None:
    """Why the content cannot be read (empty, not the WARC it claims to be, compressed twice,
    binary), from its first bytes; settles ``c.fmt`` from the content on the way."""
    if not inner.strip():
        if c.guard is not None and c.guard.truncated:
            return c.reject(Q.TRUNCATED_ARCHIVE, c.truncated_detail() + "; nothing could be read")
        return c.reject(Q.EMPTY_FILE, "empty file" if not inner else "whitespace only")
    stripped = inner.lstrip()
    if stripped.startswith(b"WARC/"):
        c.fmt = "warc"
    elif c.fmt == "warc":
        return c.reject(Q.MALFORMED_ARCHIVE, "not a WARC file (does not start with 'WARC/')")
    if c.compression and sniff_compression(inner):
        return c.reject(Q.BINARY_CONTENT, f"binary content: a {sniff_compression(inner)} file inside a {c.compression} file")
    what = binary_signature(stripped)
    if what:
        return c.reject(Q.BINARY_CONTENT, f"binary content: looks like a {what}")
    if c.fmt == "txt" and _HTML_START.match(inner):
        c.fmt = "html"
    elif c.fmt == "html" and not _HTML_ANY.search(inner) and b"<" not in inner:
        c.fmt = "txt"
    return None


def _read_records(c: _Ctx, stream: io.BufferedReader, inner: bytes) -> Iterator[Item]:
    """The documents of the content, by its format."""
    if c.fmt in ("txt", "html"):
        yield from _read_single(c, stream)
    elif c.fmt == "jsonl":
        wide = wide_encoding(inner)
        if wide:
            yield from _read_wide_jsonl(c, stream, wide)
        else:
            yield from _read_jsonl(c, stream)
    elif c.fmt == "json":
        yield from _read_json(c, stream)
    else:
        yield from _read_warc(c, stream)


def _read_limited(c: _Ctx, stream: io.BufferedReader, cap: int) -> bytes | None:
    data = stream.read(cap + 1)
    return None if len(data) > cap else data


# --- txt / html ------------------------------------------------------------------------------


def _read_single(c: _Ctx, stream: io.BufferedReader) -> Iterator[Item]:
    s = c.s
    if c.guard is None and c.ref.size > s.max_doc_bytes:
        yield c.reject(Q.TOO_LARGE, f"{c.ref.size} bytes > max_doc_bytes {s.max_doc_bytes}")
        return
    data = _read_limited(c, stream, s.max_doc_bytes)
    if data is None:
        yield c.reject(Q.TOO_LARGE, f"more than max_doc_bytes {s.max_doc_bytes} bytes" + (" after decompression" if c.guard else ""))
        return
    if c.guard is not None and c.guard.truncated:
        yield c.reject(Q.TRUNCATED_ARCHIVE, c.truncated_detail() + f" after {len(data)} bytes; a partial document is not used", chash=content_hash(data))
        return
    is_html = c.fmt == "html"
    try:
        text, enc = decode(data, is_html=is_html)
    except NotText as exc:
        yield c.reject(Q.BINARY_CONTENT, str(exc), chash=content_hash(data))
        return
    except Undecodable as exc:
        yield c.reject(Q.DECODE_ERROR, str(exc), chash=content_hash(data))
        return
    if not text.strip():
        yield c.reject(Q.EMPTY_FILE, f"only whitespace after decoding as {enc}", chash=content_hash(data))
        return
    yield c.doc(data, text, n=None, is_html=is_html, encoding=enc)


# --- JSON records ----------------------------------------------------------------------------


def _from_record(c: _Ctx, rec: Any, raw: bytes, n: int | None, encoding: str) -> Item:
    s = c.s
    if not isinstance(rec, dict):
        return c.reject(Q.MALFORMED_RECORD, f"JSON value is {type(rec).__name__}, not an object", n=n, chash=content_hash(raw))
    html, text = rec.get(s.html_field), rec.get(s.text_field)
    body: Any
    if isinstance(html, str) and html.strip():
        body, is_html = html, True
    elif isinstance(text, str) and text.strip():
        body, is_html = text, False
    else:
        fields = f"{s.html_field!r} or {s.text_field!r}"
        present = [k for k in (s.html_field, s.text_field) if k in rec]
        why = f"no {fields} field" if not present else f"{fields} is empty or not a string"
        keys = ", ".join(sorted(map(str, rec))[:8])
        return c.reject(Q.MALFORMED_RECORD, f"{why} (keys: {keys})", n=n, chash=content_hash(raw))
    if len(body) > s.max_doc_bytes or len(body.encode("utf-8", "surrogatepass")) > s.max_doc_bytes:
        return c.reject(Q.TOO_LARGE, f"{s.html_field if is_html else s.text_field} field over max_doc_bytes {s.max_doc_bytes}", n=n, chash=content_hash(raw))
    body, repaired = repair_mojibake(body)
    d = c.doc(raw, body, n=n, is_html=is_html, encoding=encoding + ("+ftfy" if repaired else ""))
    url, title, date = rec.get(s.url_field), rec.get(s.title_field), rec.get(s.date_field)
    _set_url(d, url.strip() if isinstance(url, str) and url.strip() else None)
    d.title = title.strip() if isinstance(title, str) and title.strip() else None
    if date is not None and not isinstance(date, (dict, list)):
        d.meta["json_date"] = str(date)
    return d


def valid_url(url: str | None) -> bool:
    """``url`` parses (scheme, host and port), so no later stage can fail on it."""
    if url is None:
        return True
    try:
        parts = urlsplit(url)
        parts.hostname, parts.port  # noqa: B018 - these raise ValueError on a broken netloc
    except ValueError:
        return False
    return True


def _set_url(d: Document, url: str | None) -> None:
    if valid_url(url):
        d.url = url
    else:
        d.url = None
        d.meta["invalid_url"] = (url or "")[:2000]


def value_depth(value: Any, cap: int) -> int:
    """Nesting depth of a parsed JSON value (iterative), ``cap + 1`` once past ``cap``."""
    deepest = 0
    stack: list[tuple[Any, int]] = [(value, 1)]
    while stack:
        v, d = stack.pop()
        if isinstance(v, dict):
            v = list(v.values())
        elif not isinstance(v, list):
            continue
        if d > deepest:
            deepest = d
            if d > cap:
                return cap + 1
        stack.extend((x, d + 1) for x in v if isinstance(x, (dict, list)))
    return deepest


def parse_json(text: str, cap: int) -> Any:
    """``json.loads`` within the depth cap; raises ValueError (the message says why).

    The parser's own recursion guard stops any text nested past ~1,000 levels after those
    levels (a 100,000-deep line costs what a 1,000-deep one does, and never a
    ``RecursionError`` out of the reader); the value is then held to ``cap`` exactly
    (:func:`value_depth`, a walk over its containers: nothing for an ordinary record).
    Measured: a bracket pre-scan before parsing cost 0.18 ms per 185 KB HTML-in-JSON record
    (15 % of reading it) and stopped nothing this does not."""
    try:
        value = json.loads(text)
    except RecursionError:
        raise ValueError(f"JSON nested deeper than the parser allows (max_json_depth {cap}); not parsed") from None
    if value_depth(value, cap) > cap:
        raise ValueError(f"JSON nested deeper than max_json_depth {cap}")
    return value


def _loads(raw: bytes, max_depth: int) -> tuple[Any, str]:
    """Parse one JSON text; returns ``(value, encoding)``. Raises ValueError when it cannot."""
    try:
        text, enc = raw.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        text, enc = decode(raw)
    return parse_json(text, max_depth), enc


def _read_jsonl(c: _Ctx, stream: io.BufferedReader, encoding: str | None = None) -> Iterator[Item]:
    s = c.s
    ref = c.ref
    n = ref.first_line - 1  # a part of a big file starts mid-file (plan_batches)
    stop = None if ref.lines is None else n + ref.lines
    if ref.start:
        stream.seek(ref.start)
    produced = 0
    last_complete = True
    while stop is None or n < stop:
        c.next_n = n + 1
        line = stream.readline(s.max_doc_bytes + 2)
        if not line:
            break
        n += 1
        c.next_n = n + 1
        if not line.endswith(b"\n") and len(line) > s.max_doc_bytes:
            while True:  # skip the rest of an over-long line
                more = stream.readline(CHUNK)
                if not more or more.endswith(b"\n"):
                    break
            produced += 1
            yield c.reject(Q.TOO_LARGE, f"line longer than max_doc_bytes {s.max_doc_bytes}", n=n)
            continue
        last_complete = line.endswith(b"\n")
        raw = line.rstrip(b"\r\n")
        if n == 1 and raw.startswith(b"\xef\xbb\xbf"):
            raw = raw[3:]
        if not raw.strip():
            continue
        produced += 1
        if not last_complete and c.guard is not None and c.guard.truncated:
            yield c.reject(Q.TRUNCATED_ARCHIVE, c.truncated_detail() + "; this last line is cut", n=n, chash=content_hash(raw))
            return
        item = _guarded(c, n, raw, _jsonl_record, c, raw, n)
        if encoding and isinstance(item, Document):
            item.encoding = encoding
        yield item
    if c.guard is not None and c.guard.truncated:
        produced += 1
        yield c.reject(Q.TRUNCATED_ARCHIVE, c.truncated_detail() + f"; records after line {n} are lost", n=n + 1)
    if produced == 0 and ref.lines is None and not ref.start:
        yield c.reject(Q.EMPTY_FILE, "no records (only blank lines)")


def _jsonl_record(c: _Ctx, raw: bytes, n: int) -> Item:
    try:
        rec, enc = _loads(raw, c.s.max_json_depth)
    except (ValueError, NotText, Undecodable) as exc:
        return c.reject(Q.MALFORMED_JSON, f"line {n}: {str(exc)[:300]}", n=n, chash=content_hash(raw))
    return _from_record(c, rec, raw, n, enc)


def _read_wide_jsonl(c: _Ctx, stream: io.BufferedReader, wide: str) -> Iterator[Item]:
    """UTF-16/32 JSONL: decoded as a whole (its newline is 2 or 4 bytes), then split."""
    cap = c.s.max_decompressed_bytes
    data = stream.read(cap + 1)
    if len(data) > cap:
        reason = Q.DECOMPRESSED_TOO_LARGE if c.guard else Q.FILE_TOO_LARGE
        yield c.reject(reason, f"{wide} JSONL is decoded as a whole and this one is over {cap} bytes (max_decompressed_bytes); re-encode it as UTF-8")
        return
    try:
        text, enc = decode(data)
    except (NotText, Undecodable) as exc:
        yield c.reject(Q.DECODE_ERROR, f"{wide} JSONL does not decode: {exc}", chash=content_hash(data))
        return
    yield from _read_jsonl(c, io.BufferedReader(io.BytesIO(text.encode("utf-8", "surrogatepass"))), encoding=enc)


def _wide_text(data: bytes) -> bytes | None:
    """UTF-16/32 JSON re-encoded as UTF-8 (JSON may be UTF-16/32 with or without a BOM)."""
    if data[:4].count(0) or data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            text, _ = decode(data)
        except (NotText, Undecodable):
            return None
        return text.encode("utf-8")
    return None


def _read_json(c: _Ctx, stream: io.BufferedReader) -> Iterator[Item]:
    got = _json_text(c, stream)
    if isinstance(got, Rejected):
        yield got
        return
    text, data, encoding = got
    truncated = c.guard is not None and c.guard.truncated
    body = text.lstrip()
    if body.startswith("["):
        yield from _read_json_array(c, text, len(text) - len(body) + 1, encoding, truncated)
    else:
        yield from _read_json_value(c, text, body, data, encoding, truncated)


def _json_text(c: _Ctx, stream: io.BufferedReader) -> tuple[str, bytes, str] | Rejected:
    """(text, its bytes, encoding) of a whole JSON file: UTF-8 (a BOM dropped), UTF-16/32,
    or what :func:`decode` makes of it; a rejection when too large or undecodable."""
    cap = c.s.max_decompressed_bytes
    data = stream.read(cap + 1)
    if len(data) > cap:
        reason = Q.DECOMPRESSED_TOO_LARGE if c.guard else Q.FILE_TOO_LARGE
        return c.reject(reason, f"JSON files are parsed whole and this one is over {cap} bytes (max_decompressed_bytes); use JSONL for big exports")
    encoding = "utf-8"
    wide = _wide_text(data)
    if wide is not None:
        data, encoding = wide, "utf-16/32"
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        try:
            text, encoding = decode(data)
        except (NotText, Undecodable) as exc:
            return c.reject(Q.DECODE_ERROR, f"JSON text is not UTF-8: {exc}", chash=content_hash(data))
    return text, data, encoding


def _read_json_value(c: _Ctx, text: str, body: str, data: bytes, encoding: str, truncated: bool) -> Iterator[Item]:
    """A JSON file holding one value (one record); several values a line are read as JSONL."""
    try:
        value = parse_json(body, c.s.max_json_depth)
    except json.JSONDecodeError as exc:
        if exc.msg == "Extra data":  # several values, one a line: JSONL saved as .json
            c.fmt = "jsonl"
            yield from _read_jsonl(c, io.BufferedReader(io.BytesIO(text.encode("utf-8"))))
            return
        reason = Q.TRUNCATED_ARCHIVE if truncated else Q.MALFORMED_JSON
        yield c.reject(reason, f"{exc}", chash=content_hash(data))
        return
    except ValueError as exc:  # too deep
        yield c.reject(Q.MALFORMED_JSON, str(exc), chash=content_hash(data))
        return
    yield _guarded(c, None, data, _from_record, c, value, data, None, encoding)


_ARRAY_GAP = re.compile(r"[\s,]*")  # between the items of a JSON array
_DECODER = json.JSONDecoder()


def _read_json_array(c: _Ctx, text: str, pos: int, encoding: str, truncated: bool) -> Iterator[Item]:
    """A JSON array of records from ``pos`` (after its ``[``), parsed item by item, so a
    broken item loses only the rest of the array."""
    s = c.s
    n = 0
    while True:
        pos = _ARRAY_GAP.match(text, pos).end()  # type: ignore[union-attr]
        if pos >= len(text):
            reason = Q.TRUNCATED_ARCHIVE if truncated else Q.MALFORMED_JSON
            yield c.reject(reason, f"array not closed after item {n}", n=n + 1)
            return
        if text[pos] == "]":
            break
        n += 1
        item = _array_item(c, text, pos, n, truncated)
        if isinstance(item, Rejected):
            yield item
            return
        value, end = item
        raw = text[pos:end].encode("utf-8", "surrogatepass")
        c.next_n = n + 1
        if value_depth(value, s.max_json_depth) > s.max_json_depth:
            yield c.reject(Q.MALFORMED_JSON, f"item {n}: JSON nested deeper than max_json_depth {s.max_json_depth}", n=n, chash=content_hash(raw))
        else:
            yield _guarded(c, n, raw, _from_record, c, value, raw, n, encoding)
        pos = end
    if n == 0:
        yield c.reject(Q.EMPTY_FILE, "empty JSON array")


def _array_item(c: _Ctx, text: str, pos: int, n: int, truncated: bool) -> tuple[Any, int] | Rejected:
    """(value, end) of the ``n``-th item of an array, at ``pos``; a rejection (that ends the
    array) when it does not parse."""
    try:
        value, end = _DECODER.raw_decode(text, pos)
    except json.JSONDecodeError as exc:
        reason = Q.TRUNCATED_ARCHIVE if truncated else Q.MALFORMED_JSON
        return c.reject(reason, f"item {n}: {exc}; the rest of the array is not read", n=n)
    except RecursionError:  # the parser's own guard: the item's end is unknown
        why = f"item {n}: nested deeper than the parser allows (max_json_depth {c.s.max_json_depth}); the rest of the array is not read"
        return c.reject(Q.MALFORMED_JSON, why, n=n)
    return value, end


# --- WARC ------------------------------------------------------------------------------------


def _warc_date(value: str | None) -> dt.datetime | None:
    if not value:
        return None
    try:
        t = dt.datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    if t.tzinfo is None:
        t = t.replace(tzinfo=dt.UTC)
    return t.astimezone(dt.UTC)


@lru_cache(maxsize=1)
def _resyncing_iterator() -> Any:
    """warcio's ArchiveIterator, resynchronising on the next ``WARC/`` line after a record
    (warcio itself would parse whatever follows a bad ``Content-Length`` as the next record
    and fail, losing every later record; it also writes a warning to stderr)."""
    from warcio.archiveiterator import ArchiveIterator

    class Resyncing(ArchiveIterator):  # type: ignore[misc]
        resync = False  # set for WARC files (an ARC record starts with its URL line instead)

        def _consume_blanklines(self) -> tuple[bytes | None, int]:
            skipped = 0
            while True:
                line = self.reader.readline()
                if not line:
                    return None, skipped
                if not line.strip() or (self.resync and not line.startswith(b"WARC/")):
                    skipped += len(line)
                    continue
                return line, skipped

    return Resyncing


_DIGITS = re.compile(r"\d+")


def _read_warc(c: _Ctx, stream: io.BufferedReader) -> Iterator[Item]:
    from warcio.exceptions import ArchiveLoadFailed

    n = 0
    produced = 0
    archive = _resyncing_iterator()(stream, no_record_parse=False, arc2warc=True, ensure_http_headers=False)
    archive.resync = stream.peek(16)[:16].lstrip().startswith(b"WARC/")
    it = iter(archive)
    while True:
        c.next_n = n + 1
        try:
            rec = next(it)
        except StopIteration:
            break
        except (ArchiveLoadFailed, ValueError, EOFError) as exc:
            reason = Q.TRUNCATED_ARCHIVE if (c.guard is not None and c.guard.truncated) else Q.MALFORMED_ARCHIVE
            produced += 1
            yield c.reject(reason, f"record {n + 1}: {str(exc)[:300]}; the rest of the archive is not read", n=n + 1)
            return
        n += 1
        if rec.rec_type is None:  # an empty record at a cut
            produced += 1
            yield c.reject(Q.TRUNCATED_ARCHIVE, f"record {n} is cut: {c.truncated_detail()}", n=n)
            return
        if rec.rec_type not in ("response", "resource"):
            continue
        produced += 1
        item = _guarded(c, n, None, _warc_record, c, rec, n)
        yield item
        if isinstance(item, Rejected) and item.reason == Q.TRUNCATED_ARCHIVE:
            return
    if c.guard is not None and c.guard.truncated:
        produced += 1
        yield c.reject(Q.TRUNCATED_ARCHIVE, c.truncated_detail() + f"; records after record {n} are lost", n=n + 1)
    elif produced == 0:
        yield c.reject(Q.UNSUPPORTED_FORMAT, f"WARC file with {n} records and no response/resource record")


def _warc_record(c: _Ctx, rec: Any, n: int) -> Item:
    s = c.s
    length = rec.rec_headers.get_header("Content-Length")
    if length is not None and not _DIGITS.fullmatch(length.strip()):
        why = f"record {n}: Content-Length {length[:40]!r} is not a byte count; its payload is skipped up to the next record"
        return c.reject(Q.MALFORMED_ARCHIVE, why, n=n)
    url = rec.rec_headers.get_header("WARC-Target-URI")
    fetched = _warc_date(rec.rec_headers.get_header("WARC-Date"))
    status = None
    ctype = None
    if rec.rec_type == "response" and rec.http_headers is not None:
        status = rec.http_headers.get_statuscode()
        ctype = rec.http_headers.get_header("Content-Type")
    elif rec.rec_type == "resource":
        ctype = rec.rec_headers.get_header("Content-Type")
    payload = rec.content_stream().read(s.max_doc_bytes + 1)
    raw = rec.raw_stream
    while raw.read(CHUNK):  # drain, so a cut record shows as unread bytes
        pass
    if getattr(raw, "limit", 0) > 0:
        return c.reject(Q.TRUNCATED_ARCHIVE, f"record {n} is cut ({raw.limit} bytes missing): {c.truncated_detail()}", n=n)
    if status is not None and not str(status).startswith("2"):
        return c.reject(Q.HTTP_STATUS, f"HTTP {status} response for {url}", n=n)
    mime = (ctype or "").split(";")[0].strip().lower()
    if mime and mime not in _HTML_TYPES:
        return c.reject(Q.UNSUPPORTED_FORMAT, f"WARC {rec.rec_type} with Content-Type {mime!r}; only HTML is read", n=n)
    if len(payload) > s.max_doc_bytes:
        return c.reject(Q.TOO_LARGE, f"payload over max_doc_bytes {s.max_doc_bytes}", n=n)
    if not payload.strip():
        return c.reject(Q.EMPTY_FILE, f"empty payload for {url}", n=n)
    try:
        text, enc = decode(payload, charset_from_content_type(ctype), is_html=True)
    except NotText as exc:
        return c.reject(Q.BINARY_CONTENT, str(exc), n=n, chash=content_hash(payload))
    except Undecodable as exc:
        return c.reject(Q.DECODE_ERROR, str(exc), n=n, chash=content_hash(payload))
    if not mime and not _HTML_ANY.search(payload[:4096]):
        return c.reject(Q.UNSUPPORTED_FORMAT, "WARC record without Content-Type whose payload is not HTML", n=n)
    d = c.doc(payload, text, n=n, is_html=True, encoding=enc)
    _set_url(d, url)
    d.fetched_at = fetched
    rid = rec.rec_headers.get_header("WARC-Record-ID")
    if rid:
        d.meta["warc_record_id"] = rid
    return d
