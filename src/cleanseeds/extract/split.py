"""Input splitting: a big uncompressed local JSONL file as parts read one batch at a time."""
from __future__ import annotations

from typing import BinaryIO

from cleanseeds.extract.compress import sniff_compression
from cleanseeds.records import InputRef


def _line_starts(f: BinaryIO, per_part: int) -> tuple[list[int], int, int]:
    """Byte offsets of every part's first line, the newlines counted and the bytes read."""
    starts = [0]
    newlines = base = 0
    next_cut = per_part
    while chunk := f.read(1 << 20):
        i = 0
        while newlines + chunk.count(b"\n", i) >= next_cut:
            for _ in range(next_cut - newlines):
                i = chunk.index(b"\n", i) + 1
            newlines = next_cut
            starts.append(base + i)
            next_cut += per_part
        newlines += chunk.count(b"\n", i)
        base += len(chunk)
    return starts, newlines, base


def jsonl_parts(ref: InputRef, per_part: int) -> list[tuple[InputRef, int]] | None:
    """A big uncompressed local JSONL file as parts of ``per_part`` lines each, with their
    line counts; None when it fits in one part or cannot be split (compressed, remote,
    UTF-16/32, unreadable: then it stays one unit).

    One pass over the file counting newlines (C speed, ~1 s per GB) finds the byte offset of
    every part's first line; each part is then read on its own (``InputRef.start``), so a
    multi-gigabyte export is processed batch by batch with flat memory instead of as one
    batch holding every record.
    """
    if ref.fmt != "jsonl" or ref.compression is not None or per_part < 1 or ref.size < 2:
        return None
    path = ref.os_path or ref.path
    if "://" in path:
        return None
    try:
        with open(path, "rb") as f:
            head = f.read(8)
            if b"\x00" in head[:4] or head.startswith((b"\xff\xfe", b"\xfe\xff")) or sniff_compression(head):
                return None
            f.seek(0)
            starts, newlines, size = _line_starts(f, per_part)
            f.seek(max(0, size - 1))
            ends_with_newline = f.read(1) == b"\n"
    except OSError:  # unreadable now: the read stage will say why
        return None
    if starts[-1] >= size:  # the file ends right after a part's last line
        starts.pop()
    if len(starts) < 2:
        return None
    total = newlines + (0 if ends_with_newline else 1)
    parts = []
    for k, start in enumerate(starts):
        last = k == len(starts) - 1
        count = total - k * per_part if last else per_part
        part = InputRef(ref.path, ref.fmt, ref.compression, ref.size, ref.os_path, start=start, first_line=k * per_part + 1,
                        lines=None if last else per_part)
        parts.append((part, max(1, count)))
    return parts
