"""Issue 15, inputs: each case through the real CLI (``--no-prefect``), read back from
Parquet. Every test checks inputs = accepted + quarantined + skipped and that every input
file appears in ``documents/`` or ``quarantine/`` (:func:`tests.hostile.accounting.check`)."""
from __future__ import annotations

import bz2
import gzip
import io
import json
import lzma
import os
import re
from pathlib import Path

import pytest
import zstandard
from warcio.archiveiterator import ArchiveIterator
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from cleanseeds.extract.compress import MAGIC
from cleanseeds.extract.split import jsonl_parts
from cleanseeds.records import InputRef
from tests.conftest import DEV_DIR
from tests.hostile.accounting import check, reasons, run, shown

ARTICLE = ("The regional transit authority voted on Monday to extend the night bus network to four outlying "
           "villages, a move riders had requested for more than a decade. Officials said the new routes would "
           "start in June and cost about 2.4 million euros a year.")


def page(title: str, n: int) -> bytes:
    body = "".join(f"<p>{ARTICLE} Paragraph {n}.{i} of {title}.</p>\n" for i in range(4))
    return f"<!DOCTYPE html><html><head><title>{title}</title></head><body><article><h1>{title}</h1>\n{body}</article></body></html>".encode()


def warc(records: list[tuple[str, bytes]], gz: bool) -> bytes:
    buf = io.BytesIO()
    w = WARCWriter(buf, gzip=gz)
    for url, payload in records:
        hh = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
        w.write_record(w.create_warc_record(url, "response", payload=io.BytesIO(payload), http_headers=hh, length=len(payload),
                                            warc_headers_dict={"WARC-Date": "2024-05-06T07:08:09Z"}))
    return buf.getvalue()


def dev_pages() -> list[tuple[str, bytes]]:
    with gzip.open(DEV_DIR / "pages.jsonl.gz", "rt", encoding="utf-8") as f:
        return [(r["url"], r["html"].encode("utf-8")) for r in map(json.loads, f)]


# --- decompression ---------------------------------------------------------------------------


def test_warcio_written_warc_gz_of_the_181_dev_pages(tmp_path: Path) -> None:
    """One gzip member per record, as warcio (and Common Crawl) write it: 181 accepted, and
    documents/ identical to the same WARC uncompressed."""
    pages = dev_pages()
    assert len(pages) == 181
    (tmp_path / "gz").mkdir()
    (tmp_path / "plain").mkdir()
    gz, plain = tmp_path / "gz" / "dev.warc.gz", tmp_path / "plain" / "dev.warc"
    gz.write_bytes(warc(pages, gz=True))
    plain.write_bytes(warc(pages, gz=False))
    with open(gz, "rb") as f:
        assert sum(1 for r in ArchiveIterator(f) if r.rec_type == "response") == 181  # warcio agrees
    a = run([gz], tmp_path / "out-gz")
    b = run([plain], tmp_path / "out-plain")
    assert a["rc"] == b["rc"] == 0
    check(a, [shown(gz)])
    check(b, [shown(plain)])
    assert a["run"]["inputs"] == 181
    got = {(d["source"].rsplit("#", 1)[1], d["text"], d["url"], d["title"]) for d in a["docs"]}
    want = {(d["source"].rsplit("#", 1)[1], d["text"], d["url"], d["title"]) for d in b["docs"]}
    assert got == want
    assert a["run"]["accepted"] == b["run"]["accepted"] and a["run"]["quarantined"] == b["run"]["quarantined"]
    assert reasons(a).values().__len__() == reasons(b).values().__len__()
    assert a["run"]["accepted"] + sum(1 for q in a["quar"] if q["reason"] in ("no_text_extracted", "empty_after_cleaning")) == 181


def _members(data: bytes, compress, n: int = 6) -> bytes:  # type: ignore[no-untyped-def]
    step = len(data) // n
    return b"".join(compress(data[i * step:(i + 1) * step if i < n - 1 else None]) for i in range(n))


JSONL = b"".join(json.dumps({"text": f"Record {i}. {ARTICLE} Number {i}.", "url": f"https://example.org/{i}"}).encode() + b"\n" for i in range(40))


@pytest.mark.parametrize("kind,compress", [("gz", gzip.compress), ("bz2", bz2.compress), ("xz", lzma.compress),
                                           ("zst", zstandard.ZstdCompressor().compress)])
def test_concatenated_members_trailing_garbage_and_truncation(tmp_path: Path, kind: str, compress) -> None:  # type: ignore[no-untyped-def]
    """Concatenated members (every format), trailing garbage after the last member (data
    kept, as gzip -d does), and a cut stream (complete records kept, the lost part
    quarantined with a clear reason)."""
    full = _members(JSONL, compress)
    src = tmp_path / "in"
    src.mkdir()
    (src / f"members.jsonl.{kind}").write_bytes(full)
    (src / f"garbage.jsonl.{kind}").write_bytes(full + b"this is not compressed data\n")
    (src / f"cut.jsonl.{kind}").write_bytes(full[: len(full) * 2 // 3])
    (src / f"page.txt.{kind}").write_bytes(compress(ARTICLE.encode()) + (b"\x00garbage" if kind in ("gz", "zst") else b""))
    r = run([src], tmp_path / "out")
    assert r["rc"] == 0
    check(r, [shown(p) for p in src.iterdir()])
    by_file: dict[str, list[str]] = {}
    for d in r["docs"]:
        by_file.setdefault(Path(d["input_path"]).name, []).append(d["text"])
    assert len(by_file[f"members.jsonl.{kind}"]) == 40
    assert len(by_file[f"garbage.jsonl.{kind}"]) == 40
    assert by_file[f"page.txt.{kind}"] == [ARTICLE]
    cut_ok = len(by_file.get(f"cut.jsonl.{kind}", []))
    cut_q = [q for q in r["quar"] if q["input_path"].endswith(f"cut.jsonl.{kind}")]
    assert 10 < cut_ok < 40
    assert [q["reason"] for q in cut_q] == ["truncated_archive"]
    assert re.search(r"ends before|corrupt", cut_q[0]["detail"]) and re.search(r"cut|lost", cut_q[0]["detail"])


def test_truncated_single_document_is_quarantined_with_the_reason(tmp_path: Path) -> None:
    data = gzip.compress((ARTICLE * 50).encode())
    p = tmp_path / "cut.txt.gz"
    p.write_bytes(data[: len(data) // 2])
    r = run([p], tmp_path / "out")
    check(r, [shown(p)])
    assert reasons(r) == {shown(p): "truncated_archive"}


def test_common_crawl_layout_with_warcinfo_request_metadata(tmp_path: Path) -> None:
    """warcinfo, then request/response/metadata per page, each its own gzip member."""
    buf = io.BytesIO()
    w = WARCWriter(buf, gzip=True)
    w.write_record(w.create_warcinfo_record("cc.warc.gz", {"software": "test"}))
    for i in range(5):
        url = f"https://news.example.com/{i}"
        req = b"GET / HTTP/1.1\r\nHost: news.example.com\r\n\r\n"
        w.write_record(w.create_warc_record(url, "request", payload=io.BytesIO(req), length=len(req)))
        hh = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
        body = page(f"Story {i}", i)
        w.write_record(w.create_warc_record(url, "response", payload=io.BytesIO(body), http_headers=hh, length=len(body)))
        meta = b"fetchTimeMs: 12\n"
        w.write_record(w.create_warc_record(url, "metadata", payload=io.BytesIO(meta), length=len(meta), warc_content_type="application/warc-fields"))
    p = tmp_path / "cc.warc.gz"
    p.write_bytes(buf.getvalue())
    r = run([p], tmp_path / "out")
    check(r, [shown(p)])
    assert r["run"]["accepted"] == 5 and not r["quar"]
    assert sorted(d["url"] for d in r["docs"]) == [f"https://news.example.com/{i}" for i in range(5)]


@pytest.mark.parametrize("bad", [b"-5", b"abc"])
def test_warc_content_length_that_is_not_a_byte_count(tmp_path: Path, bad: bytes) -> None:
    """The bad record is malformed_archive; its payload lines (one looks like a WARC header)
    are not phantom records, and the next real record is read."""
    payloads = [page(f"Page {i}", i).replace(b"</article>", b"<p>WARC/1.0</p>\nWARC-Type: response\n</article>") for i in range(3)]
    data = warc([(f"https://x.example/{i}", p) for i, p in enumerate(payloads)], gz=False)
    starts = [m.start() for m in re.finditer(rb"WARC/1\.[01]\r\n", data)]
    cl = re.compile(rb"Content-Length: \d+")
    m = cl.search(data, starts[1])
    assert m is not None
    data = data[: m.start()] + b"Content-Length: " + bad + data[m.end():]
    p = tmp_path / "bad-length.warc"
    p.write_bytes(data)
    r = run([p], tmp_path / "out")
    check(r, [shown(p)])
    assert sorted(d["url"] for d in r["docs"]) == ["https://x.example/0", "https://x.example/2"]
    assert reasons(r) == {shown(p) + "#2": "malformed_archive"}
    assert r["run"]["inputs"] == 3


def test_zstd_is_one_magic_list_for_reader_and_splitter(tmp_path: Path) -> None:
    """A zstd file is inflated by the reader and never split by byte offsets by the planner:
    both use extract.compress.MAGIC."""
    assert any(name == "zstd" for _, name in MAGIC)
    p = tmp_path / "big.jsonl"  # zstd bytes under a plain .jsonl name
    p.write_bytes(zstandard.ZstdCompressor().compress(JSONL * 10))
    assert jsonl_parts(InputRef(str(p), "jsonl", None, p.stat().st_size), 5) is None
    q = tmp_path / "plain.jsonl"
    q.write_bytes(JSONL)
    assert jsonl_parts(InputRef(str(q), "jsonl", None, q.stat().st_size), 5) is not None
    r = run([p], tmp_path / "out")
    check(r, [shown(p)])
    assert r["run"]["accepted"] == 400 and not r["quar"]


# --- the per-document guard and JSON depth -----------------------------------------------------


def test_deep_json_line_and_deep_json_file_next_to_good_input(tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    deep = "[" * 100_000 + "]" * 100_000
    lines = [json.dumps({"text": ARTICLE + " first"}), '{"text": "' + ARTICLE + '", "x": ' + deep + "}", json.dumps({"text": ARTICLE + " third"})]
    (src / "deep.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (src / "deep.json").write_text('{"text": "x", "y": ' + "{\"a\": " * 5000 + "1" + "}" * 5000 + "}", encoding="utf-8")
    (src / "good.txt").write_text("A Good Document Next to Deep Ones\n\n" + ARTICLE + "\n", encoding="utf-8")
    (src / "brackets-in-strings.jsonl").write_text(json.dumps({"text": ARTICLE + " [" * 3000}) + "\n", encoding="utf-8")
    r = run([src], tmp_path / "out")
    assert r["rc"] == 0
    check(r, [shown(p) for p in src.iterdir()])
    got = reasons(r)
    assert got == {shown(src / "deep.jsonl") + "#2": "malformed_json", shown(src / "deep.json"): "malformed_json"}
    assert all("max_json_depth" in q["detail"] for q in r["quar"])
    assert r["run"]["accepted"] == 4  # deep.jsonl #1 and #3, good.txt, brackets inside a string are not depth


def test_an_exception_reading_one_record_quarantines_that_record(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The per-document guard: a bug while reading record 2 is record 2's internal_error;
    records 1 and 3 and the other files are read, the run completes."""
    from cleanseeds.extract import readers

    real = readers._from_record

    def flaky(c, rec, raw, n, enc):  # type: ignore[no-untyped-def]
        if isinstance(rec, dict) and rec.get("text", "").startswith("boom"):
            raise KeyError("injected bug")
        return real(c, rec, raw, n, enc)

    monkeypatch.setattr(readers, "_from_record", flaky)
    src = tmp_path / "in"
    src.mkdir()
    (src / "r.jsonl").write_text("\n".join(json.dumps({"text": t}) for t in (ARTICLE + " one", "boom " + ARTICLE, ARTICLE + " three")) + "\n", encoding="utf-8")
    (src / "a.json").write_text(json.dumps([{"text": "boom"}, {"text": ARTICLE + " array"}]), encoding="utf-8")
    (src / "ok.txt").write_text("Fine Text Document Here\n\n" + ARTICLE + "\n", encoding="utf-8")
    r = run([src], tmp_path / "out")
    assert r["rc"] == 0
    check(r, [shown(p) for p in src.iterdir()])
    assert reasons(r) == {shown(src / "r.jsonl") + "#2": "internal_error", shown(src / "a.json") + "#1": "internal_error"}
    assert all("KeyError" in q["detail"] and "injected bug" in q["detail"] for q in r["quar"])
    assert r["run"]["accepted"] == 4


def test_a_failure_outside_any_record_quarantines_the_rest_of_the_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from cleanseeds.extract import readers

    def broken(c, stream):  # type: ignore[no-untyped-def]
        c.next_n = 1
        raise MemoryError("injected")

    monkeypatch.setattr(readers, "_read_warc", broken)
    p = tmp_path / "a.warc"
    p.write_bytes(warc([("https://x.example/a", page("A", 1))], gz=False))
    q = tmp_path / "ok.txt"
    q.write_text("Fine Text Document Here\n\n" + ARTICLE + "\n", encoding="utf-8")
    r = run([p, q], tmp_path / "out")
    assert r["rc"] == 0
    check(r, [shown(p), shown(q)])
    assert reasons(r) == {shown(p) + "#1": "internal_error"}
    assert "MemoryError" in r["quar"][0]["detail"] and "rest of the file" in r["quar"][0]["detail"]


# --- URLs and wide encodings -------------------------------------------------------------------


def test_malformed_url_is_set_aside_not_an_internal_error(tmp_path: Path) -> None:
    p = tmp_path / "urls.jsonl"
    recs = [{"text": ARTICLE + " a", "url": "http://[::1"}, {"text": ARTICLE + " b", "url": "http://host:99999999/x"},
            {"html": page("Bad URL Page", 3).decode(), "url": "https://[not-ipv6]/x"}, {"text": ARTICLE + " d", "url": "https://ok.example/x"}]
    p.write_text("\n".join(json.dumps(r) for r in recs) + "\n", encoding="utf-8")
    r = run([p], tmp_path / "out")
    check(r, [shown(p)])
    assert not r["quar"] and r["run"]["accepted"] == 4
    assert sorted(d["url"] or "" for d in r["docs"]) == ["", "", "", "https://ok.example/x"]


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be", "utf-32", "utf-32-le"])
def test_utf16_and_utf32_jsonl_is_decoded_before_splitting(tmp_path: Path, encoding: str) -> None:
    recs = [{"text": f"Record {i}: Grüße aus Zürich, 東京. {ARTICLE}"} for i in range(3)]
    p = tmp_path / "wide.jsonl"
    p.write_bytes(("\n".join(json.dumps(r, ensure_ascii=False) for r in recs) + "\n").encode(encoding))
    r = run([p], tmp_path / "out")
    check(r, [shown(p)])
    assert not r["quar"], r["quar"]
    assert sorted(d["source"] for d in r["docs"]) == [f"{shown(p)}#{i}" for i in (1, 2, 3)]
    assert all("Grüße aus Zürich, 東京" in d["text"] for d in r["docs"])


def test_every_read_problem_is_data_never_a_failed_run(tmp_path: Path) -> None:
    """All of the above in one directory: exit 0, run completed, everything accounted for."""
    src = tmp_path / "in"
    src.mkdir()
    (src / "deep.jsonl").write_text('{"text": "x", "y": ' + "[" * 50_000 + "]" * 50_000 + "}\n", encoding="utf-8")
    (src / "url.jsonl").write_text(json.dumps({"text": ARTICLE, "url": "http://[::1"}) + "\n", encoding="utf-8")
    (src / "wide.jsonl").write_bytes((json.dumps({"text": ARTICLE}) + "\n").encode("utf-16"))
    (src / "garbage.txt.gz").write_bytes(gzip.compress(ARTICLE.encode()) + b"trailing")
    (src / "bad.warc.gz").write_bytes(os.urandom(10) + b"\x1f\x8b" + os.urandom(100))
    r = run([src], tmp_path / "out")
    assert r["rc"] == 0
    check(r, [shown(p) for p in src.iterdir()])
    assert "internal_error" not in {q["reason"] for q in r["quar"]}
