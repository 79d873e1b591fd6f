"""Discovery: files, directories, globs and fsspec URLs; every SOURCE accounted for."""
from __future__ import annotations

import os
from pathlib import Path

import fsspec

from cleanseeds.config import Settings
from cleanseeds.extract import discover
from cleanseeds.extract.discover import format_of

S = Settings()


def _tree(root: Path) -> None:
    (root / "b" / "c").mkdir(parents=True)
    (root / "a.txt").write_text("x")
    (root / "b" / "page.HTML").write_text("<p>x</p>")
    (root / "b" / "c" / "r.jsonl.gz").write_bytes(b"")
    (root / "b" / "notes.md").write_text("x")
    (root / ".git").mkdir()
    (root / ".git" / "x.txt").write_text("hidden")


def test_directory_is_walked_recursively_in_sorted_order(tmp_path: Path) -> None:
    _tree(tmp_path)
    refs, rej = discover([str(tmp_path)], S)
    assert [Path(r.path).relative_to(tmp_path).as_posix() for r in refs] == ["a.txt", "b/c/r.jsonl.gz", "b/page.HTML"]
    assert [(r.fmt, r.compression) for r in refs] == [("txt", None), ("jsonl", "gzip"), ("html", None)]
    assert [(Path(r.source).name, r.reason) for r in rej] == [("notes.md", "unsupported_format")]
    assert all(r.stage == "discover" and r.detail for r in rej)


def test_glob_and_duplicates(tmp_path: Path) -> None:
    _tree(tmp_path)
    refs, rej = discover([str(tmp_path / "**" / "*.txt"), str(tmp_path / "a.txt"), str(tmp_path)], S)
    paths = [r.path for r in refs]
    assert len(paths) == len(set(paths)) == 3  # a.txt named three times is one input


def test_missing_source_is_rejected_not_raised(tmp_path: Path) -> None:
    refs, rej = discover([str(tmp_path / "nope.txt"), str(tmp_path / "*.none")], S)
    assert refs == [] and [r.reason for r in rej] == ["not_found", "not_found"]


def test_links_fifos_and_loops(tmp_path: Path) -> None:
    (tmp_path / "real.txt").write_text("hello")
    os.symlink("real.txt", tmp_path / "link.txt")
    os.symlink("l2.txt", tmp_path / "l1.txt")
    os.symlink("l1.txt", tmp_path / "l2.txt")
    os.symlink("gone.txt", tmp_path / "dangling.txt")
    os.mkfifo(tmp_path / "pipe.txt")
    (tmp_path / "d").mkdir()
    os.symlink("..", tmp_path / "d" / "up")
    refs, rej = discover([str(tmp_path)], S)
    # link.txt is another spelling of real.txt: one input, under its canonical source
    assert [r.path for r in refs] == [str(tmp_path / "real.txt")]
    got = {Path(r.source).relative_to(tmp_path).as_posix(): r.reason for r in rej}
    assert got == {"l1.txt": "symlink_loop", "l2.txt": "symlink_loop", "dangling.txt": "not_found",
                   "pipe.txt": "unreadable_file", "d/up": "symlink_loop"}


def test_file_over_max_file_bytes(tmp_path: Path) -> None:
    (tmp_path / "big.txt").write_bytes(b"x" * 2000)
    refs, rej = discover([str(tmp_path)], S.replace(max_file_bytes=1000))
    assert refs == [] and rej[0].reason == "file_too_large" and "2000" in rej[0].detail


def test_undecodable_file_name_gets_a_unicode_source(tmp_path: Path) -> None:
    name = os.fsdecode(b"caf\xe9.txt")  # latin-1 byte in a UTF-8 file system
    (tmp_path / name).write_text("hello")
    (ref,), _ = discover([str(tmp_path)], S)
    ref.path.encode("utf-8")  # valid Unicode: goes into Parquet
    assert ref.path.endswith("caf\\xe9.txt") and ref.os_path == str(tmp_path / name)


def test_fsspec_memory_url() -> None:
    fs = fsspec.filesystem("memory")
    fs.pipe("/cs-test/x/a.txt", b"hello")
    fs.pipe("/cs-test/x/b/c.warc.gz", b"")
    fs.pipe("/cs-test/x/skip.bin", b"")
    try:
        refs, rej = discover(["memory://cs-test/x"], S)
        assert [r.path for r in refs] == ["memory:///cs-test/x/a.txt", "memory:///cs-test/x/b/c.warc.gz"]
        assert [r.reason for r in rej] == ["unsupported_format"]
        refs, rej = discover(["memory://cs-test/x/*.txt", "memory://cs-test/none"], S)
        assert [r.path for r in refs] == ["memory:///cs-test/x/a.txt"] and rej[0].reason == "not_found"
    finally:
        fs.rm("/cs-test", recursive=True)


def test_url_scheme_without_its_package_is_rejected_with_the_package_named() -> None:
    refs, rej = discover(["s3://some-bucket/prefix/"], S)
    assert refs == [] and rej[0].reason == "unreadable_file" and "s3fs" in rej[0].detail


def test_format_of() -> None:
    assert format_of("a.warc.gz") == ("warc", "gzip")
    assert format_of("A.JSON.BZ2") == ("json", "bzip2")
    assert format_of("x.ndjson.xz") == ("jsonl", "xz")
    assert format_of("x.gz") == (None, "gzip")
    assert format_of("README") == (None, None)
