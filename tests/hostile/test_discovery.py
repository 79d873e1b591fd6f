"""Issue 15 (discovery keyed by real bytes, symlink policy) and issue 16 item 3 (one
canonical source per input, and the upgrade of an output written with the old sources)."""
from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pyarrow as pa
import pyarrow.dataset as ds
import pyarrow.parquet as pq
import pytest
from hypothesis import given
from hypothesis import strategies as st

from cleanseeds.config import Settings
from cleanseeds.extract import discover
from cleanseeds.extract.discover import display, undisplay
from tests.conftest import SEED_FILE
from tests.hostile.accounting import check, reasons, run, shown, shown_link

TEXT = "Night Buses to Reach Four More Towns\n\nThe regional transit authority voted on Monday to extend the night bus network to four villages.\n"

# --- names: real bytes, never a display form ---------------------------------------------------

_name_bytes = st.binary(min_size=1, max_size=40).map(lambda b: b.replace(b"/", b"_").replace(b"\x00", b"_"))


@given(st.lists(_name_bytes, min_size=1, max_size=8, unique=True))
def test_every_file_is_found_whatever_bytes_its_name_has(names: list[bytes]) -> None:
    """Every file with an odd-byte name (non-UTF-8, backslashes, control characters, lone
    continuation bytes, \\xNN look-alikes) is one input with its own source, and the source
    maps back to the real bytes."""
    with tempfile.TemporaryDirectory() as d:
        root = os.fsencode(os.path.realpath(d))
        files = []
        for i, n in enumerate(names):
            name = b"n" + n + b".txt"  # never hidden, always a .txt
            if len(name) > 255:
                continue
            p = root + b"/" + name
            if os.path.exists(p):
                continue
            with open(p, "wb") as f:
                f.write(TEXT.encode() + f"doc {i}\n".encode())
            files.append(p)
        refs, rej = discover([os.fsdecode(root)], Settings())
        assert not rej
        assert len(refs) == len(files)
        assert len({r.path for r in refs}) == len(files)  # display forms are distinct
        assert sorted(undisplay(r.path) for r in refs) == sorted(files)
        for r in refs:
            r.path.encode("utf-8")  # valid Unicode for Parquet


@given(st.text(min_size=1, max_size=30))
def test_display_is_injective_and_reversible(name: str) -> None:
    raw = os.fsencode(name.replace("\x00", "_"))
    assert undisplay(display(os.fsdecode(raw))) == raw


def test_two_look_alike_names_are_two_inputs(tmp_path: Path) -> None:
    """``a\\xe9.txt`` (the raw byte 0xE9) and a file literally named ``a\\xe9.txt``."""
    raw = os.fsencode(str(tmp_path)) + b"/a\xe9.txt"
    literal = tmp_path / "a\\xe9.txt"
    with open(raw, "wb") as f:
        f.write(TEXT.encode() + b"raw byte name\n")
    literal.write_text(TEXT + "literal backslash name\n", encoding="utf-8")
    r = run([tmp_path], tmp_path.parent / (tmp_path.name + "-out"))
    check(r, [shown(raw), shown(literal)])
    assert r["run"]["inputs"] == 2 and r["run"]["accepted"] == 2
    by_source = {d["source"]: d["text"] for d in r["docs"]}
    assert "raw byte name" in by_source[shown(raw)] and "literal backslash name" in by_source[shown(literal)]
    assert shown(raw) != shown(literal)


# --- symlinks ------------------------------------------------------------------------------------


def _linked_tree(tmp_path: Path) -> tuple[Path, Path]:
    outside = tmp_path / "outside"
    (outside / "sub").mkdir(parents=True)
    (outside / "secret.txt").write_text("Secret Host File Contents\n\n" + TEXT, encoding="utf-8")
    (outside / "sub" / "more.txt").write_text("More Host File Contents\n\n" + TEXT, encoding="utf-8")
    src = tmp_path / "in"
    (src / "real").mkdir(parents=True)
    (src / "real" / "a.txt").write_text("Inside The Tree\n\n" + TEXT, encoding="utf-8")
    os.symlink(outside / "secret.txt", src / "p.txt")  # like ln -s /etc/passwd in/p.txt
    os.symlink(outside, src / "etc")  # like ln -s /etc in/etc
    os.symlink("real", src / "alias")  # a link inside the tree: followed
    os.symlink("real/a.txt", src / "b.txt")  # another spelling of in/real/a.txt
    return src, outside


def test_links_outside_the_sources_are_quarantined_not_read(tmp_path: Path) -> None:
    src, outside = _linked_tree(tmp_path)
    r = run([src], tmp_path / "out")
    assert r["rc"] == 0
    check(r, [shown(src / "real" / "a.txt"), shown_link(src / "p.txt"), shown_link(src / "etc")])
    assert reasons(r) == {shown_link(src / "p.txt"): "outside_source_tree", shown_link(src / "etc"): "outside_source_tree"}
    assert [d["source"] for d in r["docs"]] == [shown(src / "real" / "a.txt")]  # alias/ and b.txt are the same file
    assert not any("Host File" in d["text"] for d in r["docs"])
    assert r["run"]["inputs"] == 3


def test_follow_links_allows_them(tmp_path: Path) -> None:
    src, outside = _linked_tree(tmp_path)
    r = run([src], tmp_path / "out", "--follow-links")
    check(r, [shown(src / "real" / "a.txt"), shown(outside / "secret.txt"), shown(outside / "sub" / "more.txt")])
    assert not r["quar"]
    assert sorted(d["source"] for d in r["docs"]) == sorted([shown(src / "real" / "a.txt"), shown(outside / "secret.txt"), shown(outside / "sub" / "more.txt")])


def test_a_link_into_another_given_source_is_inside(tmp_path: Path) -> None:
    src, outside = _linked_tree(tmp_path)
    r = run([src, outside / "sub"], tmp_path / "out")
    check(r, [shown(outside / "sub" / "more.txt"), shown_link(src / "p.txt")])
    # etc/ -> outside/ is still outside (only outside/sub/ was given); sub/more.txt is read once
    assert reasons(r) == {shown_link(src / "p.txt"): "outside_source_tree", shown_link(src / "etc"): "outside_source_tree"}
    assert sorted(d["source"] for d in r["docs"]) == sorted([shown(outside / "sub" / "more.txt"), shown(src / "real" / "a.txt")])


def test_a_glob_does_not_leave_its_directory(tmp_path: Path) -> None:
    src, outside = _linked_tree(tmp_path)
    r = run([str(src / "*.txt")], tmp_path / "out")
    check(r, [shown(src / "real" / "a.txt"), shown_link(src / "p.txt")])
    assert reasons(r) == {shown_link(src / "p.txt"): "outside_source_tree"}


# --- one canonical source per input ---------------------------------------------------------------


def _seeds(tmp_path: Path) -> Path:
    d = tmp_path / "work" / "seeds"
    d.mkdir(parents=True)
    shutil.copy(SEED_FILE, d / "seed.txt")
    for i in range(3):
        (d / f"t{i}.txt").write_text(f"Town Council Story Number {i}\n\n" + TEXT + f"Story {i} ends here.\n", encoding="utf-8")
    (d / "empty.txt").write_bytes(b"")
    return d


def test_every_spelling_of_a_file_is_one_source(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Relative, absolute, through a symlinked directory, with ``..``: one row per file."""
    seeds = _seeds(tmp_path)
    os.symlink(seeds, tmp_path / "link-to-seeds")
    monkeypatch.chdir(seeds.parent)
    out = tmp_path / "out"
    for spelling in ("seeds", str(seeds), str(tmp_path / "link-to-seeds"), "seeds/../seeds/", "./seeds/t0.txt"):
        r = run([spelling], out)
        assert r["rc"] == 0
        check(r, [shown(p) for p in seeds.iterdir()])
    docs = r["docs"]
    assert sorted(d["source"] for d in docs) == sorted(shown(p) for p in seeds.iterdir() if p.name != "empty.txt")
    assert [q["source"] for q in r["quar"]] == [shown(seeds / "empty.txt")]


def _as_old_output(out: Path, cwd: Path, spelling: str) -> None:
    """Rewrite an output as the previous version wrote it: ``source``/``input_path`` as
    typed (``spelling`` in place of the canonical directory), no ``source_form`` marker."""
    canon = str(cwd / "seeds")
    for rel in [p for p in out.rglob("*.parquet") if p.parts[-3] in ("documents", "removed_lines", "quarantine") or p.name == "index.parquet"]:
        t = pq.read_table(rel, partitioning=None)
        for col in ("source", "input_path"):
            if col in t.column_names:
                vals = [v.replace(canon, spelling, 1) if v else v for v in t.column(col).to_pylist()]
                t = t.set_column(t.schema.get_field_index(col), col, pa.array(vals, pa.string()))
        pq.write_table(t, rel)
    (out / "_state" / "source_form").unlink()


def _merge(src: Path, dst: Path) -> None:
    """Add output ``src``'s files and index rows to output ``dst`` (file names hold run ids)."""
    for p in src.rglob("*.parquet"):
        rel = p.relative_to(src)
        if rel.parts[0] in ("documents", "removed_lines", "quarantine", "runs"):
            (dst / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(p, dst / rel)
    ix = pa.concat_tables([pq.read_table(dst / "_state" / "index.parquet"), pq.read_table(src / "_state" / "index.parquet")])
    pq.write_table(ix, dst / "_state" / "index.parquet")


def test_an_output_written_with_old_sources_upgrades_in_place(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The issue's case, made as the previous version made it: ``run seeds`` and then ``run
    /abs/seeds`` gave 2 rows per document. The next run upgrades the output: one row per
    file, every source canonical, nothing lost."""
    seeds = _seeds(tmp_path)
    monkeypatch.chdir(seeds.parent)
    out = tmp_path / "out"
    run(["seeds"], out)
    _as_old_output(out, seeds.parent, "seeds")  # run 1 as typed: relative
    old = ds.dataset(out / "documents", partitioning="hive").to_table(columns=["source"]).column("source").to_pylist()
    assert sorted(old) == sorted(f"seeds/{p.name}" for p in seeds.iterdir() if p.name != "empty.txt")
    other = tmp_path / "out-b"
    run([str(seeds)], other)  # run 2 as typed: absolute, through "./"
    _as_old_output(other, seeds.parent, str(seeds.parent) + "/./seeds")
    _merge(other, out)  # both runs in one output, as the previous version left it
    q = ds.dataset(out / "documents", partitioning="hive").to_table(columns=["source"]).column("source").to_pylist()
    assert len(q) == 8, q  # 2 rows per document, as the issue saw
    r = run(["seeds"], out)  # the new version, on the old output
    assert r["rc"] == 0
    check(r, [shown(p) for p in seeds.iterdir()])
    assert sorted(d["source"] for d in r["docs"]) == sorted(shown(p) for p in seeds.iterdir() if p.name != "empty.txt")
    assert [q["source"] for q in r["quar"]] == [shown(seeds / "empty.txt")]
    rl = ds.dataset(out / "removed_lines", partitioning="hive").to_table(columns=["source", "doc_id"]).to_pylist()
    assert {x["doc_id"] for x in rl} <= {d["doc_id"] for d in r["docs"]}
    assert all(x["source"].startswith(str(seeds)) for x in rl)
    ix = pq.read_table(out / "_state" / "index.parquet").to_pylist()
    assert sorted(x["source"] for x in ix if x["table"] == "documents") == sorted(d["source"] for d in r["docs"])
    assert (out / "_state" / "source_form").read_text() == "canonical-1"
