"""Guarded decompression: gzip (also multi-member, as in ``.warc.gz``), bzip2 and xz.

:class:`GuardedReader` is a read-only binary stream over a compressed stream that

* stops with :class:`DecompressionBomb` when the input inflates too far: past
  ``max_bytes`` (set for whole-file formats that are held in memory), or past
  :data:`RATIO_FLOOR` bytes at a compression ratio above ``max_ratio`` (every format, so
  a multi-gigabyte ``.jsonl.gz`` export or crawl ``.warc.gz`` at a normal 3-10:1 ratio
  streams through, while a zip-bomb-style 1000:1 stream is stopped after 10 MiB);
* ends (returns ``b""``) and sets :attr:`GuardedReader.truncated` when the compressed
  stream ends before its end-of-stream marker (a cut download), so callers can keep the
  complete records read so far and report the rest as truncated.

Memory is bounded by one output chunk; nothing is inflated that is not read.
"""
from __future__ import annotations

import bz2
import io
import lzma
import zlib
from typing import Any, BinaryIO

RATIO_FLOOR = 10 * 1024 * 1024  # the ratio check starts after this many inflated bytes
CHUNK = 64 * 1024

MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\x1f\x8b", "gzip"),
    (b"BZh", "bzip2"),
    (b"\xfd7zXZ\x00", "xz"),
)
SUFFIXES = {".gz": "gzip", ".gzip": "gzip", ".bz2": "bzip2", ".xz": "xz"}


class DecompressionBomb(Exception):
    """The input inflated past a cap. ``str(exc)`` says which and by how much."""


def sniff_compression(head: bytes) -> str | None:
    for magic, name in MAGIC:
        if head.startswith(magic):
            return name
    return None


def _new(kind: str) -> Any:
    if kind == "gzip":
        return zlib.decompressobj(wbits=16 + zlib.MAX_WBITS)
    if kind == "bzip2":
        return bz2.BZ2Decompressor()
    if kind == "xz":
        return lzma.LZMADecompressor()
    raise ValueError(f"unknown compression {kind!r}")


class GuardedReader(io.RawIOBase):
    def __init__(self, raw: BinaryIO, kind: str, *, max_bytes: int | None, max_ratio: float) -> None:
        self._raw = raw
        self.kind = kind
        self.max_bytes = max_bytes
        self.max_ratio = max_ratio
        self._d = _new(kind)
        self._pending = b""  # compressed bytes not yet fed
        self._out = b""  # inflated bytes not yet returned
        self.compressed_in = 0
        self.inflated = 0
        self.truncated = False
        self._done = False

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

    def _fill(self) -> None:
        """Inflate one more chunk into ``self._out`` (or mark the end of the stream)."""
        while not self._out and not self._done:
            if getattr(self._d, "eof", False):
                # end of one member; gzip/bzip2/xz may be concatenated (e.g. .warc.gz)
                rest = self._d.unused_data + self._pending
                self._pending = b""
                if not rest:
                    rest = self._raw.read(CHUNK)
                    self.compressed_in += len(rest)
                if not rest.strip(b"\x00"):  # end of input (allow zero padding)
                    self._done = True
                    return
                self._d = _new(self.kind)
                self._pending = rest
            is_zlib = self.kind == "gzip"
            if not self._pending and (is_zlib or self._d.needs_input):
                self._pending = self._raw.read(CHUNK)
                self.compressed_in += len(self._pending)
                if not self._pending:  # input ended before the end-of-stream marker
                    self.truncated = True
                    self._done = True
                    return
            try:
                if is_zlib:
                    out = self._d.decompress(self._pending, CHUNK)
                    self._pending = self._d.unconsumed_tail
                else:
                    out = self._d.decompress(self._pending, max_length=CHUNK)
                    self._pending = b""
            except (zlib.error, OSError, EOFError, lzma.LZMAError) as exc:
                # corrupt data: treat like a cut file, keep what was good
                self.truncated = True
                self._done = True
                self.error = f"{type(exc).__name__}: {exc}"
                return
            self.inflated += len(out)
            self._out = out
            self._check()

    def readinto(self, b: bytearray | memoryview) -> int:  # type: ignore[override]
        self._fill()
        n = min(len(b), len(self._out))
        b[:n] = self._out[:n]
        self._out = self._out[n:]
        return n

    error: str = ""


def open_guarded(raw: BinaryIO, kind: str, *, max_bytes: int | None, max_ratio: float) -> tuple[io.BufferedReader, GuardedReader]:
    """A buffered reader over the inflated stream, plus the guard (for ``truncated``)."""
    g = GuardedReader(raw, kind, max_bytes=max_bytes, max_ratio=max_ratio)
    return io.BufferedReader(g, buffer_size=CHUNK), g
