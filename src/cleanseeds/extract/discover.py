"""Find input files: a file, a directory (recursive), a glob, or an fsspec URL.

Every SOURCE and every file found is accounted for: it becomes an :class:`InputRef`, or a
:class:`Rejected` (stage ``discover``) with the reason — never an exception.

* Directories are walked recursively in sorted order, following symlinks to directories;
  a symlink that leads back into a directory already on the walk is a ``symlink_loop``.
  Hidden entries (names starting with ``.``) are skipped, like ``ls`` and most tools do.
* Only regular files are inputs: FIFOs, sockets and devices are ``unreadable_file``
  (opening a FIFO would block the run); a dangling symlink is ``not_found``.
* The format comes from the extension (``.txt .text .html .htm .xhtml .jsonl .ndjson .json
  .warc .arc``, optionally followed by ``.gz .gzip .bz2 .xz``); the reader then checks the
  content and corrects it (an HTML page saved as ``.txt``, a gzip file without ``.gz``).
* URLs with a scheme (``s3://bucket/prefix/``, ``gs://``, ``https://host/page.html``,
  ``memory://``, ``file://``) go through fsspec: they work when the filesystem package for
  that scheme is installed (``s3fs``, ``gcsfs``, ``adlfs``, ``aiohttp`` for http; ``file``
  and ``memory`` are built in); otherwise the SOURCE is rejected with the missing package
  named in the detail.
"""
from __future__ import annotations

import errno
import glob
import os
import stat
from collections.abc import Iterator, Sequence

from cleanseeds.config import Settings
from cleanseeds.extract.compress import SUFFIXES
from cleanseeds.reasons import QuarantineReason as Q
from cleanseeds.records import InputRef, Rejected

FORMATS = {
    ".txt": "txt", ".text": "txt",
    ".html": "html", ".htm": "html", ".xhtml": "html", ".shtml": "html",
    ".jsonl": "jsonl", ".ndjson": "jsonl", ".json": "json",
    ".warc": "warc", ".arc": "warc",
}


def display(path: str) -> str:
    """``path`` as valid Unicode for the output tables (undecodable name bytes become ``\\xNN``)."""
    try:
        path.encode("utf-8")
        return path
    except UnicodeEncodeError:
        return path.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def format_of(name: str) -> tuple[str | None, str | None]:
    """``(format, compression)`` from a file name, e.g. ``a.jsonl.gz -> ("jsonl", "gzip")``."""
    base = name.rsplit("/", 1)[-1].lower()
    stem, dot, ext = base.rpartition(".")
    compression = None
    if dot and "." + ext in SUFFIXES:
        compression = SUFFIXES["." + ext]
        stem, dot, ext = stem.rpartition(".")
    fmt = FORMATS.get("." + ext) if dot else None
    return fmt, compression


def _rejected(path: str, reason: Q, detail: str) -> Rejected:
    return Rejected(source=display(path), stage="discover", reason=reason, detail=detail, input_path=display(path))


def _classify(path: str, st: os.stat_result, settings: Settings) -> InputRef | Rejected:
    if not stat.S_ISREG(st.st_mode):
        kind = "FIFO" if stat.S_ISFIFO(st.st_mode) else "socket" if stat.S_ISSOCK(st.st_mode) else "device or special file"
        return _rejected(path, Q.UNREADABLE_FILE, f"not a regular file ({kind}); not opened")
    fmt, compression = format_of(path)
    if fmt is None:
        if compression:
            return _rejected(path, Q.UNSUPPORTED_FORMAT, "compressed file without a supported inner extension")
        ext = os.path.splitext(path)[1]
        return _rejected(path, Q.UNSUPPORTED_FORMAT, f"extension {ext!r} is not a supported input format" if ext else "no file extension")
    if st.st_size > settings.max_file_bytes:
        return _rejected(path, Q.FILE_TOO_LARGE, f"{st.st_size} bytes on disk > max_file_bytes {settings.max_file_bytes}")
    shown = display(path)
    return InputRef(path=shown, fmt=fmt, compression=compression, size=st.st_size, os_path=path if shown != path else None)


def _stat(path: str) -> os.stat_result | Rejected:
    try:
        return os.stat(path)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return _rejected(path, Q.SYMLINK_LOOP, "symbolic link loop (too many levels of symbolic links)")
        if exc.errno == errno.ENOENT:
            detail = "dangling symbolic link" if os.path.islink(path) else "vanished while discovering"
            return _rejected(path, Q.NOT_FOUND, detail)
        return _rejected(path, Q.UNREADABLE_FILE, f"cannot stat: {exc.strerror or exc}")


def _walk(root: str, settings: Settings) -> Iterator[InputRef | Rejected]:
    """Recursive, sorted, following directory symlinks with loop detection."""
    seen: set[tuple[int, int]] = set()

    def visit(d: str, st: os.stat_result) -> Iterator[InputRef | Rejected]:
        key = (st.st_dev, st.st_ino)
        if key in seen:
            yield _rejected(d, Q.SYMLINK_LOOP, "symbolic link to a directory already being walked")
            return
        seen.add(key)
        try:
            with os.scandir(d) as it:
                entries = sorted(it, key=lambda e: e.name)
        except OSError as exc:
            yield _rejected(d, Q.UNREADABLE_FILE, f"cannot list directory: {exc.strerror or exc}")
            return
        for e in entries:
            if e.name.startswith("."):
                continue
            p = os.path.join(d, e.name)
            est = _stat(p)
            if isinstance(est, Rejected):
                yield est
            elif stat.S_ISDIR(est.st_mode):
                yield from visit(p, est)
            else:
                yield _classify(p, est, settings)
        seen.discard(key)  # only ancestors count as a loop; the same dir twice via two links is fine

    st = _stat(root)
    if isinstance(st, Rejected):
        yield st
    else:
        yield from visit(root, st)


def _is_url(src: str) -> bool:
    head, sep, _ = src.partition("://")
    return bool(sep) and head.replace("+", "").replace("-", "").isalnum() and len(head) > 1


def _discover_url(src: str, settings: Settings) -> Iterator[InputRef | Rejected]:
    try:
        from fsspec.core import url_to_fs

        fs, path = url_to_fs(src)
    except ImportError as exc:
        yield _rejected(src, Q.UNREADABLE_FILE, f"no filesystem package for this URL scheme installed: {exc}")
        return
    except Exception as exc:  # noqa: BLE001 - unknown protocol, bad URL
        yield _rejected(src, Q.NOT_FOUND, f"cannot open URL: {type(exc).__name__}: {exc}")
        return
    try:
        if glob.has_magic(path):
            paths = sorted(fs.glob(path))
        elif fs.isdir(path):
            paths = sorted(fs.find(path))
        elif fs.exists(path):
            paths = [path]
        else:
            paths = []
        infos = [(p, fs.info(p)) for p in paths]
    except Exception as exc:  # noqa: BLE001 - network, permissions
        yield _rejected(src, Q.UNREADABLE_FILE, f"cannot list: {type(exc).__name__}: {exc}")
        return
    if not infos:
        yield _rejected(src, Q.NOT_FOUND, "no such object, prefix or glob match")
        return
    for p, info in infos:
        if info.get("type") == "directory" or p.rsplit("/", 1)[-1].startswith("."):
            continue
        full = fs.unstrip_protocol(p)
        fmt, compression = format_of(p)
        size = int(info.get("size") or 0)
        if fmt is None:
            yield _rejected(full, Q.UNSUPPORTED_FORMAT, f"extension {os.path.splitext(p)[1]!r} is not a supported input format")
        elif size > settings.max_file_bytes:
            yield _rejected(full, Q.FILE_TOO_LARGE, f"{size} bytes > max_file_bytes {settings.max_file_bytes}")
        else:
            yield InputRef(path=full, fmt=fmt, compression=compression, size=size)


def discover(sources: Sequence[str], settings: Settings) -> tuple[list[InputRef], list[Rejected]]:
    refs: list[InputRef] = []
    rejected: list[Rejected] = []
    seen: set[str] = set()

    def add(item: InputRef | Rejected) -> None:
        key = item.path if isinstance(item, InputRef) else (item.input_path or item.source)
        if key in seen:  # the same file named twice (a directory and a glob inside it) is one input
            return
        seen.add(key)
        (refs if isinstance(item, InputRef) else rejected).append(item)  # type: ignore[arg-type]

    def expand(path: str) -> None:
        st = _stat(path)
        if isinstance(st, Rejected):
            add(st)
        elif stat.S_ISDIR(st.st_mode):
            for item in _walk(path, settings):
                add(item)
        else:
            add(_classify(path, st, settings))

    for src in sources:
        if _is_url(src):
            for item in _discover_url(src, settings):
                add(item)
        elif os.path.lexists(src):
            expand(src)
        else:
            matches = sorted(glob.glob(src, recursive=True))
            if not matches:
                add(Rejected(source=display(src), stage="discover", reason=Q.NOT_FOUND, detail="no such file, directory or glob match"))
            for p in matches:
                expand(p)
    return refs, rejected
