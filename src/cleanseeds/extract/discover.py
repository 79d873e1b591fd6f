"""Find input files: a file, a directory (recursive), a glob, or an fsspec URL.

Every SOURCE and every file found is accounted for: it becomes an :class:`InputRef`, or a
:class:`Rejected` (stage ``discover``) with the reason — never an exception.

* **One canonical source per file.** A local input's ``source`` is its resolved absolute
  path (:func:`os.path.realpath`: no ``..``, no symlinked directory), so ``seeds/a.txt``,
  ``/abs/seeds/a.txt`` and ``/abs/link-to-seeds/a.txt`` are the same source, and the same
  file reached twice (named twice, or through a link inside the tree) is one input. An
  fsspec input's source is its URL. Inputs are keyed by their real bytes path
  (:func:`os.fsencode`), never by the display form, so two files whose names merely look
  alike are two inputs.
* **Display form** (:func:`display`): the ``source`` written to the tables is valid Unicode;
  name bytes that are not UTF-8 appear as ``\\xNN`` and a literal backslash as ``\\\\``, so
  the display form is injective (``a\\xe9.txt`` with the raw byte 0xE9 and a file literally
  named ``a\\xe9.txt`` get different sources); :func:`undisplay` inverts it.
* Directories are walked recursively in sorted order. Hidden entries (names starting with
  ``.``) are skipped, like ``ls`` and most tools do.
* **Symlinks** (``follow_links``, default off): a link found while walking a directory or
  matching a glob is followed only when its target resolves inside one of the given source
  roots; otherwise it is not opened and is quarantined as ``outside_source_tree``. With
  ``follow_links = true`` (``--follow-links``) every link is followed. A SOURCE named on the
  command line is always read (the operator named it). A link back into a directory already
  on the walk is a ``symlink_loop``; a dangling link is ``not_found``.
* Only regular files are inputs: FIFOs, sockets and devices are ``unreadable_file``
  (opening a FIFO would block the run).
* The format comes from the extension (``.txt .text .html .htm .xhtml .jsonl .ndjson .json
  .warc .arc``, optionally followed by ``.gz .gzip .bz2 .xz .zst``); the reader then checks
  the content and corrects it (an HTML page saved as ``.txt``, a gzip file without ``.gz``).
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
import re
import stat
from collections.abc import Iterator, Sequence

from cleanseeds.config import Settings
from cleanseeds.extract.compress import SUFFIXES
from cleanseeds.reasons import QuarantineReason as Q
from cleanseeds.records import InputFormat, InputRef, Rejected

FORMATS: dict[str, InputFormat] = {
    ".txt": "txt", ".text": "txt",
    ".html": "html", ".htm": "html", ".xhtml": "html", ".shtml": "html",
    ".jsonl": "jsonl", ".ndjson": "jsonl", ".json": "json",
    ".warc": "warc", ".arc": "warc",
}

Found = tuple[bytes, "InputRef | Rejected"]  # (key: real bytes path or URL, item)


def display(path: str) -> str:
    """``path`` (a ``str`` from :func:`os.fsdecode`, possibly with surrogate escapes) as
    valid Unicode for the output tables: a backslash becomes ``\\\\`` and an undecodable
    name byte ``\\xNN``. Injective; :func:`undisplay` gives the bytes back."""
    if "\\" not in path:
        try:
            path.encode("utf-8")
            return path
        except UnicodeEncodeError:
            pass
    return path.replace("\\", "\\\\").encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


_UNESCAPE = re.compile(r"\\\\|\\x([0-9a-f]{2})")


def undisplay(shown: str) -> bytes:
    """The real bytes path of a :func:`display` form."""
    out = bytearray()
    pos = 0
    for m in _UNESCAPE.finditer(shown):
        out += shown[pos:m.start()].encode("utf-8")
        out += b"\\" if m.group(1) is None else bytes([int(m.group(1), 16)])
        pos = m.end()
    out += shown[pos:].encode("utf-8")
    return bytes(out)


def is_url(src: str) -> bool:
    head, sep, _ = src.partition("://")
    return bool(sep) and head.replace("+", "").replace("-", "").isalnum() and len(head) > 1


def canonical(path: str) -> str:
    """The canonical form of a local path: absolute and resolved (see the module doc)."""
    return os.path.realpath(path)


def canonical_link(path: str) -> str:
    """A path whose last component is not followed (a rejected link, a dangling one): its
    directory resolved, its own name kept."""
    head, name = os.path.split(os.path.abspath(path))
    return os.path.join(os.path.realpath(head), name) if name else os.path.realpath(head)


def canonical_display(shown: str) -> str:
    """A local path in display form (as an older version wrote it: as typed, relative to
    the working directory) in canonical display form; URLs unchanged."""
    if is_url(shown):
        return shown
    raw = os.fsdecode(undisplay(shown) if "\\" in shown else shown.encode("utf-8", "surrogatepass"))
    return display(canonical(raw))


def canonical_source(source: str, input_path: str | None = None) -> str:
    """``source`` (``input_path`` plus an optional ``#N``) in canonical form. Used to
    upgrade outputs written before sources were canonical."""
    if input_path and source.startswith(input_path):
        return canonical_display(input_path) + source[len(input_path):]
    base, hash_, n = source.rpartition("#")
    if hash_ and n.isdigit() and base:
        return canonical_display(base) + "#" + n
    return canonical_display(source)


def format_of(name: str) -> tuple[InputFormat | None, str | None]:
    """``(format, compression)`` from a file name, e.g. ``a.jsonl.gz -> ("jsonl", "gzip")``."""
    base = name.rsplit("/", 1)[-1].lower()
    stem, dot, ext = base.rpartition(".")
    compression = None
    if dot and "." + ext in SUFFIXES:
        compression = SUFFIXES["." + ext]
        stem, dot, ext = stem.rpartition(".")
    fmt = FORMATS.get("." + ext) if dot else None
    return fmt, compression


def _rejected(path: str, reason: Q, detail: str) -> Found:
    shown = display(path)
    return os.fsencode(path), Rejected(source=shown, stage="discover", reason=reason, detail=detail, input_path=shown)


def _classify(path: str, st: os.stat_result, settings: Settings) -> Found:
    """``path``: the canonical path of a file (its real location)."""
    if not stat.S_ISREG(st.st_mode):
        kind = "FIFO" if stat.S_ISFIFO(st.st_mode) else "socket" if stat.S_ISSOCK(st.st_mode) else "device or special file"
        return _rejected(path, Q.UNREADABLE_FILE, f"not a regular file ({kind}); not opened")
    fmt, compression = format_of(path)
    if fmt is None:
        if compression:
            return _rejected(path, Q.UNSUPPORTED_FORMAT, "compressed file without a supported inner extension")
        ext = os.path.splitext(path)[1]
        return _rejected(path, Q.UNSUPPORTED_FORMAT, f"extension {display(ext)!r} is not a supported input format" if ext else "no file extension")
    if st.st_size > settings.max_file_bytes:
        return _rejected(path, Q.FILE_TOO_LARGE, f"{st.st_size} bytes on disk > max_file_bytes {settings.max_file_bytes}")
    shown = display(path)
    return os.fsencode(path), InputRef(path=shown, fmt=fmt, compression=compression, size=st.st_size, os_path=path if shown != path else None)


def _stat(path: str, shown_as: str | None = None) -> os.stat_result | Found:
    try:
        return os.stat(path)
    except OSError as exc:
        where = shown_as or canonical_link(path)
        if exc.errno == errno.ELOOP:
            return _rejected(where, Q.SYMLINK_LOOP, "symbolic link loop (too many levels of symbolic links)")
        if exc.errno == errno.ENOENT:
            detail = "dangling symbolic link" if os.path.islink(path) else "vanished while discovering"
            return _rejected(where, Q.NOT_FOUND, detail)
        return _rejected(where, Q.UNREADABLE_FILE, f"cannot stat: {exc.strerror or exc}")


def _inside(path: str, roots: Sequence[str]) -> bool:
    return any(path == r or path.startswith(r if r.endswith(os.sep) else r + os.sep) for r in roots)


class _Walker:
    """Discovery of local paths below the given source roots."""

    def __init__(self, roots: Sequence[str], settings: Settings) -> None:
        self.roots = list(roots)
        self.s = settings

    def entry(self, p: str, is_link: bool, ancestors: set[tuple[int, int]]) -> Iterator[Found]:
        """One path found inside a root (``p``: its directory resolved, its name as found)."""
        if is_link:
            target = canonical(p)
            if not self.s.follow_links and not _inside(target, self.roots) and os.path.lexists(target):
                yield _rejected(p, Q.OUTSIDE_SOURCE_TREE,
                                "symbolic link to a path outside the given sources; not followed (follow_links = true, --follow-links, to allow)")
                return
        else:
            target = p
        st = _stat(target if is_link else p, shown_as=p)
        if not isinstance(st, os.stat_result):
            yield st
        elif stat.S_ISDIR(st.st_mode):
            yield from self.walk(target, st, ancestors, shown_as=p)
        else:
            yield _classify(target, st, self.s)

    def walk(self, d: str, st: os.stat_result, ancestors: set[tuple[int, int]], shown_as: str | None = None) -> Iterator[Found]:
        """Recursive, sorted; ``d`` is a canonical directory path."""
        key = (st.st_dev, st.st_ino)
        if key in ancestors:
            yield _rejected(shown_as or d, Q.SYMLINK_LOOP, "symbolic link to a directory already being walked")
            return
        ancestors.add(key)
        try:
            with os.scandir(d) as it:
                entries = sorted(((e.name, e.is_symlink()) for e in it), key=lambda e: os.fsencode(e[0]))
        except OSError as exc:
            yield _rejected(shown_as or d, Q.UNREADABLE_FILE, f"cannot list directory: {exc.strerror or exc}")
            ancestors.discard(key)
            return
        for name, is_link in entries:
            if name.startswith("."):
                continue
            yield from self.entry(os.path.join(d, name), is_link, ancestors)
        ancestors.discard(key)  # only ancestors count as a loop; the same dir twice via two links is fine


def _discover_url(src: str, settings: Settings) -> Iterator[Found]:
    def rej(path: str, reason: Q, detail: str) -> Found:
        return path.encode("utf-8", "surrogatepass"), Rejected(source=display(path), stage="discover", reason=reason, detail=detail, input_path=display(path))

    try:
        from fsspec.core import url_to_fs

        fs, path = url_to_fs(src)
    except ImportError as exc:
        yield rej(src, Q.UNREADABLE_FILE, f"no filesystem package for this URL scheme installed: {exc}")
        return
    except Exception as exc:  # noqa: BLE001 - unknown protocol, bad URL
        yield rej(src, Q.NOT_FOUND, f"cannot open URL: {type(exc).__name__}: {exc}")
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
        yield rej(src, Q.UNREADABLE_FILE, f"cannot list: {type(exc).__name__}: {exc}")
        return
    if not infos:
        yield rej(src, Q.NOT_FOUND, "no such object, prefix or glob match")
        return
    for p, info in infos:
        if info.get("type") == "directory" or p.rsplit("/", 1)[-1].startswith("."):
            continue
        full = fs.unstrip_protocol(p)
        fmt, compression = format_of(p)
        size = int(info.get("size") or 0)
        if fmt is None:
            yield rej(full, Q.UNSUPPORTED_FORMAT, f"extension {os.path.splitext(p)[1]!r} is not a supported input format")
        elif size > settings.max_file_bytes:
            yield rej(full, Q.FILE_TOO_LARGE, f"{size} bytes > max_file_bytes {settings.max_file_bytes}")
        else:
            yield full.encode("utf-8", "surrogatepass"), InputRef(path=full, fmt=fmt, compression=compression, size=size)


def _glob_root(pattern: str) -> str:
    """The directory a glob pattern cannot leave: its components before the first wildcard."""
    parts = os.path.abspath(pattern).split(os.sep)
    lit = []
    for part in parts:
        if glob.has_magic(part):
            break
        lit.append(part)
    return canonical(os.sep.join(lit) or os.sep)


def source_roots(sources: Sequence[str]) -> list[str]:
    """The canonical directories (or files) the given local SOURCEs name."""
    roots = []
    for src in sources:
        if is_url(src):
            continue
        roots.append(canonical(src) if os.path.lexists(src) else _glob_root(src))
    return roots


def discover(sources: Sequence[str], settings: Settings) -> tuple[list[InputRef], list[Rejected]]:
    refs: list[InputRef] = []
    rejected: list[Rejected] = []
    seen: set[bytes] = set()
    walker = _Walker(source_roots(sources), settings)

    def add(found: Found) -> None:
        key, item = found
        if key in seen:  # the same file reached twice (named twice, or through a link) is one input
            return
        seen.add(key)
        (refs if isinstance(item, InputRef) else rejected).append(item)  # type: ignore[arg-type]

    def named(path: str) -> None:
        """A SOURCE as typed: always read, even when it is a link."""
        st = _stat(path)
        if not isinstance(st, os.stat_result):
            add(st)
        elif stat.S_ISDIR(st.st_mode):
            for found in walker.walk(canonical(path), st, set()):
                add(found)
        else:
            add(_classify(canonical(path), st, settings))

    for src in sources:
        if is_url(src):
            for found in _discover_url(src, settings):
                add(found)
        elif os.path.lexists(src):
            named(src)
        else:
            matches = sorted(glob.glob(src, recursive=True))
            if not matches:
                add(_rejected(os.path.abspath(src), Q.NOT_FOUND, "no such file, directory or glob match"))
            for p in matches:
                parent = canonical_link(p)
                for found in walker.entry(parent, os.path.islink(p), set()):
                    add(found)
    return refs, rejected
