"""Guarded decompression over maintained decoders: gzip, bzip2, xz (standard library) and
zstd (the ``zstandard`` package).

The decoders themselves are the standard library's :class:`gzip.GzipFile`,
:class:`bz2.BZ2File` and :class:`lzma.LZMAFile` (each reads concatenated members/streams,
the layout of a Common-Crawl ``.warc.gz`` with one gzip member per record) and
``zstandard``'s stream reader (across frames). :class:`GuardedReader` only wraps them, to

* stop with :class:`DecompressionBomb` when the input inflates too far: past
  ``max_bytes`` (set for whole-file formats that are held in memory), or past
  :data:`RATIO_FLOOR` bytes at a compression ratio above ``max_ratio`` (every format, so
  a multi-gigabyte ``.jsonl.gz`` export or crawl ``.warc.gz`` at a normal 3-10:1 ratio
  streams through, while a zip-bomb-style 1000:1 stream is stopped after 10 MiB);
* end (return ``b""``) and set :attr:`GuardedReader.truncated` when the compressed stream
  ends before its end-of-stream marker (a cut download) or is corrupt (``error`` says how),
  so callers keep the complete records read so far and report the rest as truncated;
* end cleanly, like ``gzip -d`` does, when bytes that are not a gzip member follow a
  complete member (trailing garbage): the data is kept and :attr:`GuardedReader.trailing`
  says so (the bzip2/xz readers ignore such bytes themselves).

Memory is bounded by one output chunk; nothing is inflated that is not read.

:data:`MAGIC` is the one list of compressed-file signatures (the readers sniff with it,
and :func:`cleanseeds.extract.split.jsonl_parts` refuses to split what it names).
"""
from __future__ import annotations

import bz2
import gzip
import io
import lzma
import zlib
from typing import Any, BinaryIO, cast

RATIO_FLOOR = 10 * 1024 * 1024  # the ratio check starts after this many inflated bytes
CHUNK = 64 * 1024

MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\x1f\x8b", "gzip"),
    (b"BZh", "bzip2"),
    (b"\xfd7zXZ\x00", "xz"),
    (b"\x28\xb5\x2f\xfd", "zstd"),
)
SUFFIXES = {".gz": "gzip", ".gzip": "gzip", ".bz2": "bzip2", ".xz": "xz", ".zst": "zstd", ".zstd": "zstd"}


class DecompressionBomb(Exception):
    """The input inflated past a cap. ``str(exc)`` says which and by how much."""


class UnsupportedCompression(Exception):
    """No decoder for this compression is installed (``str(exc)`` names the package)."""


def sniff_compression(head: bytes) -> str | None:
    for magic, name in MAGIC:
        if head.startswith(magic):
            return name
    return None


class _Counting(io.RawIOBase):
    """The compressed input, counting the bytes the decoder has taken from it."""

    def __init__(self, raw: BinaryIO) -> None:
        self._raw = raw
        self.n = 0

    def readable(self) -> bool:
        return True

    def readinto(self, b: Any) -> int:
        data = self._raw.read(len(b))
        b[: len(data)] = data
        self.n += len(data)
        return len(data)

    def read(self, size: int = -1) -> bytes:
        data = self._raw.read(size)
        self.n += len(data)
        return data


def _decoder(kind: str, src: _Counting) -> Any:
    if kind == "gzip":
        return gzip.GzipFile(fileobj=src, mode="rb")
    if kind == "bzip2":
        return bz2.BZ2File(src, "rb")
    if kind == "xz":
        return lzma.LZMAFile(cast(BinaryIO, src), "rb")
    if kind == "zstd":
        return io.BufferedReader(_ZstdFrames(src), CHUNK)
    raise ValueError(f"unknown compression {kind!r}")


class _ZstdFrames(io.RawIOBase):
    """zstd frames one after another, like ``zstd -d``: ``zstandard``'s decompressor per
    frame. Its stream reader cannot tell a cut last frame from a complete one, so frames are
    fed here in small pieces (bounding the output of one call, about 32 MiB at zstd's
    highest ratio) and a frame still open at the end of the input raises ``EOFError``."""

    PIECE = 1024

    def __init__(self, src: _Counting) -> None:
        try:
            import zstandard
        except ImportError as exc:  # pragma: no cover - a declared dependency
            raise UnsupportedCompression("zstd input needs the 'zstandard' package") from exc
        self._z = zstandard
        self._src = src
        self._obj = zstandard.ZstdDecompressor().decompressobj()
        self._fed = False  # the current frame has taken input
        self._pending = b""
        self._out = b""

    def readable(self) -> bool:
        return True

    def readinto(self, b: Any) -> int:
        while not self._out:
            if not self._pending:
                self._pending = self._src.read(CHUNK)
                if not self._pending:
                    if self._fed and not self._obj.eof:
                        raise EOFError("zstd stream ends before the end of its last frame")
                    return 0
            if self._obj.eof:
                rest = self._obj.unused_data + self._pending
                self._obj = self._z.ZstdDecompressor().decompressobj()
                self._fed = False
                self._pending = rest
                if not rest:
                    continue
            piece, self._pending = self._pending[: self.PIECE], self._pending[self.PIECE:]
            self._fed = True
            self._out = self._obj.decompress(piece)
            if self._obj.eof and self._obj.unused_data:
                self._pending = self._obj.unused_data + self._pending
                self._obj = self._z.ZstdDecompressor().decompressobj()
                self._fed = False
        n = min(len(b), len(self._out))
        b[:n] = self._out[:n]
        self._out = self._out[n:]
        return n


def _zstd_error() -> tuple[type[BaseException], ...]:
    try:
        import zstandard
    except ImportError:  # pragma: no cover
        return ()
    return (zstandard.ZstdError,)


class GuardedReader(io.RawIOBase):
    def __init__(self, raw: BinaryIO, kind: str, *, max_bytes: int | None, max_ratio: float) -> None:
        self.kind = kind
        self.max_bytes = max_bytes
        self.max_ratio = max_ratio
        self._src = _Counting(raw)
        self._d = _decoder(kind, self._src)
        self.inflated = 0
        self.truncated = False
        self.error = ""
        self.trailing = False  # bytes that are not compressed data followed the last complete member (ignored)
        self._done = False
        self._errors: tuple[type[BaseException], ...] = (zlib.error, OSError, EOFError, lzma.LZMAError, *_zstd_error())

    @property
    def compressed_in(self) -> int:
        return self._src.n

    def readable(self) -> bool:
        return True

    def _check(self) -> None:
        if self.max_bytes is not None and self.inflated > self.max_bytes:
            raise DecompressionBomb(
                f"{self.kind} input inflates past {self.max_bytes} bytes (max_decompressed_bytes) "
                f"from {self.compressed_in} compressed bytes"
            )
        if self.inflated > RATIO_FLOOR and self.inflated > self.max_ratio * max(1, self.compressed_in):
            raise DecompressionBomb(
                f"{self.kind} input inflates {self.inflated} bytes from {self.compressed_in} "
                f"(ratio {self.inflated / max(1, self.compressed_in):.0f}:1 > max_compression_ratio {self.max_ratio:g})"
            )

    def _trailing_garbage(self, exc: BaseException) -> bool:
        """gzip: bytes after a complete member that are not another member (gzip(1) warns
        "trailing garbage ignored" and keeps the data)."""
        if self.inflated == 0:
            return False
        if self.kind == "gzip":
            return isinstance(exc, gzip.BadGzipFile) and str(exc).startswith("Not a gzipped file")
        return self.kind == "zstd" and "Unknown frame descriptor" in str(exc)

    def readinto(self, b: bytearray | memoryview) -> int:  # type: ignore[override]
        if self._done:
            return 0
        try:
            out = self._d.read1(min(len(b), CHUNK))  # read1: one decoder step, so an error loses nothing read
        except self._errors as exc:
            self._done = True
            if self._trailing_garbage(exc):
                self.trailing = True
                return 0
            # a cut stream (EOFError) or corrupt data: keep what was good, say why
            self.truncated = True
            if not isinstance(exc, EOFError):
                self.error = f"{type(exc).__name__}: {exc}"
            return 0
        if not out:
            self._done = True
            return 0
        n = len(out)
        b[:n] = out
        self.inflated += n
        self._check()
        return n


def open_guarded(raw: BinaryIO, kind: str, *, max_bytes: int | None, max_ratio: float) -> tuple[io.BufferedReader, GuardedReader]:
    """A buffered reader over the inflated stream, plus the guard (for ``truncated``)."""
    g = GuardedReader(raw, kind, max_bytes=max_bytes, max_ratio=max_ratio)
    return io.BufferedReader(g, buffer_size=CHUNK), g
