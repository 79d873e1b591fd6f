"""read_batch / extract_batch on every supported format, the limits, and the metadata."""
from __future__ import annotations

import bz2
import datetime as dt
import gzip
import io
import json
import lzma
import zlib
from pathlib import Path

import fsspec
import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from cleanseeds.config import Settings
from cleanseeds.extract import discover, extract_batch, read_batch
from cleanseeds.extract.core import headline, site_of
from cleanseeds.extract.limits import markup_depth
from cleanseeds.records import Document, content_hash, make_doc_id

S = Settings()
TEXT = "Harbour Ferry Returns After Two-Year Pause\n\nThe ferry between the old harbour and the island resumed service on Monday.\nAbout 300 passengers took the first crossing.\n"
PAGE = ("<html><head><title>Harbour ferry returns</title><meta name='author' content='Ana Ruiz'>"
        "<meta property='og:site_name' content='Coast Times'><meta name='date' content='2024-04-02'></head>"
        "<body><article><h1>Harbour ferry returns</h1>"
        + "".join(f"<p>Paragraph {i}: the ferry between the old harbour and the island resumed service on Monday after a two-year pause.</p>" for i in range(5))
        + "</article></body></html>")


def run(paths: list[Path], settings: Settings = S) -> tuple[list[Document], dict[str, str]]:
    refs, rej = discover([str(p) for p in paths], settings)
    r = read_batch(refs, settings)
    e = extract_batch(r.docs, settings)
    reasons = {q.source: str(q.reason) for q in rej + r.rejected + e.rejected}
    return e.docs, reasons


def test_txt_keeps_text_and_takes_a_headline(tmp_path: Path) -> None:
    p = tmp_path / "news" / "ferry.txt"
    p.parent.mkdir()
    p.write_text(TEXT, encoding="utf-8")
    (d,), rej = run([p])
    assert not rej
    assert d.source_text == TEXT and d.mode == "text" and d.raw is None  # released by extract
    assert d.title == "Harbour Ferry Returns After Two-Year Pause"
    assert d.content_hash == content_hash(TEXT.encode()) and d.doc_id == make_doc_id(str(p), d.content_hash)
    assert d.site == str(p.parent) and d.input_format == "txt" and d.encoding == "utf-8"


@pytest.mark.parametrize("first", ["ISTANBUL — Turkey is pushing Russia and Ukraine to begin peace talks.", "Home | News | Sport",
                                   "BREAKING NEWS", "https://example.com/story", "- a bullet point"])
def test_no_headline_when_the_first_line_is_not_one(first: str) -> None:
    assert headline(first + "\n\nSome more text follows here, long enough to be a body.\n") is None


def test_html_metadata(tmp_path: Path) -> None:
    p = tmp_path / "p.html"
    p.write_text(PAGE)
    (d,), rej = run([p])
    assert not rej and d.mode == "html" and d.raw is None  # released by extract: no raw HTML rides into clean and enrich
    assert "Paragraph 3: the ferry" in d.source_text and "<p>" not in d.source_text
    assert d.title == "Harbour ferry returns" and d.author == "Ana Ruiz" and d.sitename == "Coast Times"
    assert d.meta["trafilatura_date"] == "2024-04-02"


def test_jsonl_with_configurable_fields_and_broken_lines(tmp_path: Path) -> None:
    p = tmp_path / "x.jsonl"
    lines = [json.dumps({"body": TEXT, "link": "https://WWW.Coast-Times.example/a", "headline": "Ferry", "when": "2024-04-02"}),
             "{oops", "", json.dumps({"body": ""}), json.dumps({"content": PAGE, "link": "https://coast.example/b"}),
             json.dumps(["not", "an", "object"])]
    p.write_text("\n".join(lines) + "\n")
    s = S.replace(text_field="body", html_field="content", url_field="link", title_field="headline", date_field="when")
    docs, rej = run([p], s)
    assert [d.source for d in docs] == [f"{p}#1", f"{p}#5"]
    assert rej == {f"{p}#2": "malformed_json", f"{p}#4": "malformed_record", f"{p}#6": "malformed_record"}
    a, b = docs
    assert (a.url, a.title, a.meta["json_date"], a.site, a.mode) == ("https://WWW.Coast-Times.example/a", "Ferry", "2024-04-02", "coast-times.example", "text")
    assert a.content_hash == content_hash(lines[0].encode())
    assert b.mode == "html" and b.site == "coast.example" and "Paragraph 1" in b.source_text


def test_json_array_single_object_and_jsonl_named_json(tmp_path: Path) -> None:
    arr, one, fake = tmp_path / "arr.json", tmp_path / "one.json", tmp_path / "fake.json"
    arr.write_text(json.dumps([{"text": TEXT}, {"nope": 1}, {"html": PAGE, "date": 20240402}]))
    one.write_text(json.dumps({"text": TEXT, "title": "One"}))
    fake.write_text(json.dumps({"text": TEXT}) + "\n" + json.dumps({"text": TEXT + "More.\n"}) + "\n")
    docs, rej = run([arr, one, fake])
    assert [d.source for d in docs] == [f"{arr}#1", f"{arr}#3", str(one), str(fake) + "#1", str(fake) + "#2"]
    assert rej == {f"{arr}#2": "malformed_record"}
    assert docs[1].meta["json_date"] == "20240402"
    assert docs[2].title == "One" and docs[2].source_text == TEXT
    assert docs[3].input_format == "jsonl" and docs[3].meta["format_from_content"] == "json->jsonl"


def test_broken_json_array_keeps_the_items_before(tmp_path: Path) -> None:
    p = tmp_path / "a.json"
    p.write_text('[{"text": "First item text."}, {"text": "Second" oops}, {"text": "never read"}]')
    docs, rej = run([p])
    assert [d.source for d in docs] == [f"{p}#1"] and rej == {f"{p}#2": "malformed_json"}


def _warc(records: list[tuple[str, str, str, bytes]], gz: bool = True) -> bytes:
    buf = io.BytesIO()
    w = WARCWriter(buf, gzip=gz)
    w.write_record(w.create_warcinfo_record("t.warc", {"software": "test"}))
    for url, status, ctype, payload in records:
        hh = StatusAndHeaders(status, [("Content-Type", ctype)], protocol="HTTP/1.1")
        w.write_record(w.create_warc_record(url, "response", payload=io.BytesIO(payload), http_headers=hh, length=len(payload),
                                            warc_headers_dict={"WARC-Date": "2024-04-02T08:09:10Z"}))
    return buf.getvalue()


def test_warc_html_responses_only(tmp_path: Path) -> None:
    p = tmp_path / "crawl.warc.gz"
    latin = PAGE.replace("Paragraph 0", "Café Größe 0").encode("cp1252")
    p.write_bytes(_warc([
        ("https://www.coast.example/ferry", "200 OK", "text/html; charset=windows-1252", latin),
        ("https://coast.example/style.css", "200 OK", "text/css", b"body{}"),
        ("https://coast.example/gone", "404 Not Found", "text/html", b"<html>no</html>"),
    ]))
    docs, rej = run([p])
    (d,) = docs
    assert d.source == f"{p}#2" and d.input_format == "warc" and d.url == "https://www.coast.example/ferry"
    assert d.fetched_at == dt.datetime(2024, 4, 2, 8, 9, 10, tzinfo=dt.UTC)
    assert d.encoding == "cp1252" and "Café Größe 0" in d.source_text and d.site == "coast.example"
    assert d.content_hash == content_hash(latin) and d.meta["compression"] == "gzip"
    assert rej == {f"{p}#3": "unsupported_format", f"{p}#4": "http_status"}


def test_truncated_warc_keeps_complete_records(tmp_path: Path) -> None:
    recs = [(f"https://coast.example/{i}", "200 OK", "text/html", PAGE.replace("Paragraph", f"Part {i}").encode()) for i in range(3)]
    for gz in (True, False):
        data = _warc(recs, gz=gz)
        p = tmp_path / ("cut.warc.gz" if gz else "cut.warc")
        p.write_bytes(data[:-150])
        docs, rej = run([p])
        assert [d.source for d in docs] == [f"{p}#2", f"{p}#3"]
        assert rej == {f"{p}#4": "truncated_archive"}


@pytest.mark.parametrize(("suffix", "compress"), [(".gz", gzip.compress), (".bz2", bz2.compress), (".xz", lzma.compress)])
def test_compressed_inputs(tmp_path: Path, suffix: str, compress: object) -> None:
    p = tmp_path / f"ferry.txt{suffix}"
    p.write_bytes(compress(TEXT.encode()))  # type: ignore[operator]
    (d,), rej = run([p])
    assert not rej and d.source_text == TEXT and d.content_hash == content_hash(TEXT.encode())


def test_limits_each_have_their_own_reason(tmp_path: Path) -> None:
    (tmp_path / "big.txt").write_text("word " * 400)
    (tmp_path / "big.html.gz").write_bytes(gzip.compress(b"<p>" + b"a" * 1500 + b"</p>"))
    (tmp_path / "deep.html").write_text("<html><body>" + "<div>" * 60 + "deep text" + "</div>" * 60 + "</body></html>")
    (tmp_path / "big.json.gz").write_bytes(gzip.compress(json.dumps([{"text": "x" * 900}] * 3).encode()))
    s = S.replace(max_doc_bytes=1000, max_markup_depth=50, max_decompressed_bytes=2000)
    _, rej = run([tmp_path], s)
    assert rej[str(tmp_path / "big.txt")] == "too_large"
    assert rej[str(tmp_path / "big.html.gz")] == "too_large"
    assert rej[str(tmp_path / "deep.html")] == "markup_too_deep"
    assert rej[str(tmp_path / "big.json.gz")] == "decompressed_too_large"


def test_gzip_bomb_stopped_by_the_ratio_guard(tmp_path: Path) -> None:
    co = zlib.compressobj(9, zlib.DEFLATED, 31)
    line = (json.dumps({"text": TEXT}) + "\n").encode()
    data = co.compress(line) + b"".join(co.compress(b" " * (1 << 20)) for _ in range(40)) + co.flush()
    p = tmp_path / "bomb.jsonl.gz"
    p.write_bytes(data)
    docs, rej = run([p])
    assert [d.source for d in docs] == [f"{p}#1"] and rej == {f"{p}#2": "decompressed_too_large"}


def test_markup_depth_scanner() -> None:
    assert markup_depth("<html><body><div><p>x</p></div></body></html>", 100) == 4
    assert markup_depth("<div>" * 10_000, 500) == 501
    assert markup_depth("<script>" + "<div>" * 1000 + "</script><p>x", 100) == 1  # raw text is skipped
    assert markup_depth("<!--" + "<div>" * 1000 + "--><br><img src=x><p>x", 100) == 1
    assert markup_depth("</div>" * 1000 + "<b><i>x", 100) == 2
    sloppy = "<html><body>" + "<p>unclosed paragraph" * 200 + "<ul>" + "<li>item" * 200 + "</ul><table>" + "<tr><td>a<td>b" * 100 + "</table></body></html>"
    assert markup_depth(sloppy, 50) == 6  # implied end tags do not count as depth


def test_extraction_time_cap(tmp_path: Path) -> None:
    big = "<html><body><article>" + "".join(f"<p>Paragraph {i} of a very long page about the harbour ferry.</p>\n" for i in range(60_000)) + "</article></body></html>"
    (tmp_path / "slow.html").write_text(big)
    (tmp_path / "ok.html").write_text(PAGE)
    s = S.replace(extract_timeout_s=0.5)
    docs, rej = run([tmp_path / "slow.html", tmp_path / "ok.html"], s)
    assert rej == {str(tmp_path / "slow.html"): "extraction_timeout"}
    assert [d.source for d in docs] == [str(tmp_path / "ok.html")]  # the helper restarted for the next page


def test_both_time_caps_give_one_detail() -> None:
    """A helper that stalls (stopped: no CPU used) is killed by the wall-clock backstop; a page
    that takes CPU is stopped by the CPU cap. Which fires first depends on the machine's load,
    so the quarantine detail is the same text for both: a run's output must not depend on it."""
    import os
    import signal

    from cleanseeds.extract import watchdog

    s = S.replace(extract_timeout_s=0.5)
    stalled = watchdog._acquire()
    stalled.wait_ready()
    os.kill(stalled.proc.pid, signal.SIGSTOP)
    watchdog._release(stalled, True)  # back in the pool: the next call takes it
    with pytest.raises(watchdog.ExtractionTimeout) as wall:
        watchdog.run_isolated(PAGE, None, s)
    assert not stalled.alive()  # killed, and not handed out again
    big = "<html><body><article>" + "".join(f"<p>Paragraph {i} of a very long page about the harbour ferry.</p>\n" for i in range(60_000)) + "</article></body></html>"
    with pytest.raises(watchdog.ExtractionTimeout) as cpu:
        watchdog.run_isolated(big, None, s)
    assert str(wall.value) == str(cpu.value) == watchdog.timeout_detail(s)
    assert "0.5 s of CPU time" in str(cpu.value) and "2 s of wall time" in str(cpu.value)


def test_fsspec_memory_input() -> None:
    fs = fsspec.filesystem("memory")
    fs.pipe("/cs-read/ferry.txt.gz", gzip.compress(TEXT.encode()))
    try:
        refs, rej0 = discover(["memory://cs-read"], S)
        r = read_batch(refs, S)
        (d,) = r.docs
        assert d.source == "memory:///cs-read/ferry.txt.gz" and d.raw == TEXT and not r.rejected
    finally:
        fs.rm("/cs-read", recursive=True)


def test_unreadable_and_vanished_files_are_rejected_at_read(tmp_path: Path) -> None:
    p = tmp_path / "gone.txt"
    p.write_text(TEXT)
    refs, _ = discover([str(p)], S)
    p.unlink()
    r = read_batch(refs, S)
    assert r.docs == [] and [q.reason for q in r.rejected] == ["not_found"]


def test_site_of() -> None:
    d = Document(doc_id="x", source="s", input_path="a/b/c.txt", input_format="txt", content_hash="h")
    assert site_of(d) == "a/b"
    d.url = "https://WWW.Example.ORG:8080/x?y"
    assert site_of(d) == "example.org"
