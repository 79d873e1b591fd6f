#!/usr/bin/env python3
"""Generate the hostile input corpus: every kind of input a scheduled run must survive.

    python scripts/make_hostile_corpus.py DIR          # write the corpus into DIR
    python scripts/make_hostile_corpus.py DIR --bench  # also time extraction overhead

Nothing here is stored in git: the files are generated (about 70 MB on disk, mostly the
50 MB page; the gzip bomb is 1 MB on disk and inflates to 1 GiB). ``DIR/.manifest.json``
(a hidden file, so discovery skips it) maps every expected ``source`` (relative to DIR) to
``"accepted"`` or the quarantine reason it must get; the hostile-corpus test checks a full
CLI run against it. ``issue15/`` holds what used to lose data or read the host (issue 15):
a warcio-written multi-member ``.warc.gz``, trailing garbage after a gzip stream, zstd
(whole and cut), a 100,000-deep JSON line and a 5,000-deep JSON file, malformed URLs,
UTF-16/32 JSONL, WARC ``Content-Length`` ``-5``/``abc``, two names that display alike (a raw
0xE9 byte and a literal ``\\xe9``) and symlinks to ``/etc`` that must not be followed. A run over DIR needs ``extract_timeout_s`` lowered (the test uses
``DIR/.settings.toml``, written here too) for ``slow.html`` to hit the time cap quickly.
"""
from __future__ import annotations

import argparse
import gzip
import io
import json
import os
import random
import re
import sys
import zlib
from pathlib import Path
from typing import Any

ROOT_NOTE = "running as root: permission bits do not stop reads, so the chmod-000 file is read like any other"

PARAGRAPHS = [
    "The regional transit authority of {town} voted on {day} to extend the night bus network to {n} outlying villages, a move riders had requested for more than a decade.",
    "Officials said the new routes would start in {month} and cost about {n}.{m} million euros a year, most of it covered by a state grant approved in {month2}.",
    "“People who work late shifts at the {town} hospital have had no way home except a taxi,” said Marta Ilves, who chairs the riders’ association. “This changes that.”",
    "Critics on the {town} council argued the money would be better spent on repairing tram line {n}, which has been closed {m} times this year because of track faults.",
    "The authority’s director, Jonas Berg, said both projects could go ahead and that a separate budget for line {n} would be presented in {month2}.",
    "Ridership on the existing night lines in {town} rose by {n}{m} percent last year, according to figures published with the proposal on {day}.",
]
TOWNS = ["Aldenburg", "Brekkvik", "Castelmor", "Dunhaven", "Eskerby", "Felsheim", "Grantmoor", "Holmvik", "Istrelle", "Jarnfeld"]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"]


def article(seed: int, n: int = 5) -> str:
    """A short news text whose every line is unique to ``seed`` (no line repeats across
    documents, so the cleaner's site-template learning has nothing to remove)."""
    rnd = random.Random(seed)
    paras = rnd.sample(PARAGRAPHS, k=min(n, len(PARAGRAPHS)))
    fill = dict(town=f"{rnd.choice(TOWNS)}-{seed}", day=rnd.choice(DAYS), n=seed % 97 + 2, m=rnd.randrange(10),
                month=rnd.choice(MONTHS), month2=rnd.choice(MONTHS))
    return "\n\n".join(p.format(**fill) for p in paras) + "\n"


def html_page(title: str, body_text: str, charset: str = "utf-8") -> str:
    paras = "".join(f"<p>{p}</p>\n" for p in body_text.strip().split("\n\n"))
    return (
        f"<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"{charset}\"><title>{title}</title></head>\n"
        f"<body><nav><a href=\"/\">Home</a> <a href=\"/news\">News</a></nav>\n"
        f"<article><h1>{title}</h1>\n{paras}</article>\n<footer>© 2024 Example Media</footer></body></html>\n"
    )


def warc_bytes(records: list[tuple[str, str, str, bytes]], gz: bool) -> bytes:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    buf = io.BytesIO()
    w = WARCWriter(buf, gzip=gz)
    w.write_record(w.create_warcinfo_record("hostile.warc", {"software": "cleanseeds hostile corpus"}))
    for url, status, ctype, payload in records:
        hh = StatusAndHeaders(status, [("Content-Type", ctype)], protocol="HTTP/1.1")
        rec = w.create_warc_record(url, "response", payload=io.BytesIO(payload), http_headers=hh, length=len(payload),
                                   warc_headers_dict={"WARC-Date": "2024-05-06T07:08:09Z"})
        w.write_record(rec)
    return buf.getvalue()


def make(root: Path) -> dict[str, Any]:
    root.mkdir(parents=True, exist_ok=True)
    expect: dict[str, str] = {}
    notes: dict[str, str] = {}

    def write(name: str, data: bytes | str, outcome: str | dict[str, str]) -> Path:
        p = root / name
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
        if isinstance(outcome, str):
            expect[name] = outcome
        else:
            expect.update({k if k.startswith(name) else name + k: v for k, v in outcome.items()})
        return p

    # --- good documents --------------------------------------------------------------------
    write("good/article.txt", "Night Buses to Reach Four More Towns\n\n" + article(1), "accepted")
    write("good/page.html", html_page("Tram Line Repairs Delayed Again", article(2)), "accepted")
    write("good/windows-1252.txt", ("Brücke über den Fluss bleibt gesperrt\n\n" + article(3) + "Die Kosten: 4,5 Mio. € – „vorläufig“.\n").encode("cp1252"), "accepted")
    write("good/latin-1.html", html_page("Le théâtre de Besançon rouvrira en été", article(4) + "\nLe maire a déclaré : « Nous rénoverons le théâtre de Besançon cet été ».\n", "iso-8859-1").replace("€", "EUR").replace("“", '"').replace("”", '"').replace("’", "'").replace("–", "-").encode("latin-1"), "accepted")
    ja = "東京都は月曜日、新しい防災計画を発表した。計画には避難所の増設と、高齢者向けの支援策が含まれている。\n\n知事は記者会見で「市民の安全が最優先だ」と述べた。計画は来年四月から実施される予定だ。\n"
    write("good/shift_jis.html", f"<html><head><meta charset=\"shift_jis\"><title>防災計画</title></head><body><article><p>{ja.split(chr(10))[0]}</p><p>{ja.split(chr(10))[2]}</p></article></body></html>".encode("shift_jis"), "accepted")
    write("good/utf-16.txt", ("Council Backs Longer Library Hours\n\n" + article(5) + "Neue Öffnungszeiten: 9–21 Uhr, sagte die Bibliothekarin.\n").encode("utf-16"), "accepted")
    write("good/name with spaces, ümlauts & #hash.txt", "A Strange File Name Is Not a Problem\n\n" + article(6), "accepted")
    odd = os.fsdecode(b"good/invalid-utf8-\xff\xfe-name.txt")
    write(odd, "Undecodable Bytes in a File Name\n\n" + article(7), "accepted")
    expect["good/invalid-utf8-\\xff\\xfe-name.txt"] = expect.pop(odd)  # sources are valid Unicode
    recs = [
        json.dumps({"text": article(8), "url": "https://www.example.com/a", "title": "First record", "date": "2024-02-03"}),
        "{\"text\": \"this line is cut in the middle",
        json.dumps({"html": html_page("Second record", article(9)), "url": "https://example.com/b"}),
        "",
        json.dumps({"body": "no text field here"}),
        "[1, 2, 3]",
        json.dumps({"text": article(10), "title": "Third record"}),
    ]
    write("good/records.jsonl", "\n".join(recs) + "\n", {"#1": "accepted", "#2": "malformed_json", "#3": "accepted", "#5": "malformed_record", "#6": "malformed_record", "#7": "accepted"})
    write("good/array.json", json.dumps([{"text": article(11), "url": "https://news.example.net/x"}, {"html": html_page("Array item", article(12))}], indent=1), {"#1": "accepted", "#2": "accepted"})
    write("good/records.jsonl.gz", gzip.compress((json.dumps({"text": article(13)}) + "\n").encode()), {"#1": "accepted"})
    page = html_page("Crawled Page", article(14)).encode()
    write("good/crawl.warc.gz", warc_bytes([
        ("https://www.example.org/news/1", "200 OK", "text/html; charset=utf-8", page),
        ("https://www.example.org/logo.png", "200 OK", "image/png", b"\x89PNG\r\n\x1a\n" + os.urandom(64)),
        ("https://www.example.org/old", "301 Moved Permanently", "text/html", b"<html><body>Moved</body></html>"),
        ("https://www.example.org/news/2", "200 OK", "text/html", html_page("Second Crawled Page", article(15)).encode()),
    ], gz=True), {"#2": "accepted", "#3": "unsupported_format", "#4": "http_status", "#5": "accepted"})
    # wrong extensions: the content decides
    write("wrong-ext/html-saved-as.txt", html_page("An HTML Page With a .txt Name", article(16)), "accepted")
    write("wrong-ext/jsonl-saved-as.json", json.dumps({"text": article(17)}) + "\n" + json.dumps({"text": article(18)}) + "\n", {"#1": "accepted", "#2": "accepted"})
    write("wrong-ext/gzip-saved-as.html", gzip.compress(html_page("Gzip Without .gz", article(19)).encode()), "accepted")
    write("wrong-ext/png-saved-as.html", b"\x89PNG\r\n\x1a\n" + os.urandom(2000), "binary_content")
    write("wrong-ext/text-saved-as.warc", "Not an archive at all.\n", "malformed_archive")
    write("wrong-ext/report.pdf", b"%PDF-1.4\n" + os.urandom(500), "unsupported_format")
    write("wrong-ext/data.csv", "a,b\n1,2\n", "unsupported_format")

    # --- bad documents ---------------------------------------------------------------------
    write("bad/empty.txt", b"", "empty_file")
    write("bad/whitespace.html", "  \n\t\n  ", "empty_file")
    write("bad/binary-noise.txt", random.Random(5).randbytes(8192), "binary_content")
    write("bad/no-text.html", "<html><head><title>Gallery</title><script>var x = 1;</script></head><body><img src='a.png'></body></html>", "no_text_extracted")
    write("bad/deep.html", "<html><body>" + "<div>" * 10_000 + "<p>deep</p>" + "</div>" * 10_000 + "</body></html>", "markup_too_deep")
    with open(root / "bad/huge.html", "w", encoding="utf-8") as f:  # 50 MB page
        f.write("<html><body><article>\n")
        para = "<p>" + article(99, 3).replace("\n\n", " ") + "</p>\n"
        for _ in range(50 * 1024 * 1024 // len(para) + 1):
            f.write(para)
        f.write("</article></body></html>\n")
    expect["bad/huge.html"] = "too_large"
    # slow: big but under max_doc_bytes, so only the time cap stops it (the test lowers it)
    with open(root / "bad/slow.html", "w", encoding="utf-8") as f:
        f.write("<html><body><article>\n")
        for i in range(60_000):
            f.write(f"<p>Paragraph {i}: {PARAGRAPHS[i % len(PARAGRAPHS)]}</p>\n")  # unfilled: fine here
        f.write("</article></body></html>\n")
    expect["bad/slow.html"] = "extraction_timeout"
    co = zlib.compressobj(9, zlib.DEFLATED, 31)
    with open(root / "bad/bomb.txt.gz", "wb") as f:  # 1 GiB of zeros in ~1 MB
        zeros = b"\0" * (1 << 20)
        for _ in range(1024):
            f.write(co.compress(zeros))
        f.write(co.flush())
    expect["bad/bomb.txt.gz"] = "decompressed_too_large"
    co = zlib.compressobj(9, zlib.DEFLATED, 31)
    with open(root / "bad/bomb.jsonl.gz", "wb") as f:  # a streaming-format bomb: the ratio guard
        f.write(co.compress((json.dumps({"text": article(20)}) + "\n").encode()))
        spaces = b" " * (1 << 20)
        for _ in range(512):
            f.write(co.compress(spaces))
        f.write(co.flush())
    expect["bad/bomb.jsonl.gz#1"] = "accepted"
    expect["bad/bomb.jsonl.gz#2"] = "decompressed_too_large"
    full = gzip.compress(("Truncated Download\n\n" + article(21) * 20).encode())
    write("bad/truncated.txt.gz", full[: len(full) * 2 // 3], "truncated_archive")
    recs_gz = gzip.compress("".join(json.dumps({"text": article(1000 + i)}) + "\n" for i in range(400)).encode())
    # cut the stream roughly half way: the complete records before the cut are kept
    cut = recs_gz[: len(recs_gz) // 2]
    p = write("bad/truncated.jsonl.gz", cut, {})
    good_lines = zlib.decompressobj(wbits=31).decompress(cut).split(b"\n")
    for i in range(1, len(good_lines)):  # complete lines
        expect[f"bad/truncated.jsonl.gz#{i}"] = "accepted"
    expect[f"bad/truncated.jsonl.gz#{len(good_lines)}"] = "truncated_archive"
    del p
    wgz = warc_bytes([(f"https://example.com/t{i}", "200 OK", "text/html", html_page(f"Page {i}", article(40 + i)).encode()) for i in range(3)], gz=True)
    # records are separate gzip members; cut inside the last member
    write("bad/truncated.warc.gz", wgz[:-200], {"#2": "accepted", "#3": "accepted", "#4": "truncated_archive"})
    wplain = warc_bytes([(f"https://example.com/u{i}", "200 OK", "text/html", html_page(f"Plain {i}", article(50 + i)).encode()) for i in range(2)], gz=False)
    write("bad/truncated.warc", wplain[:-300], {"#2": "accepted", "#3": "truncated_archive"})
    write("bad/bad-charset.txt", bytes(range(0x80, 0x100)) * 4, "decode_error")

    # --- the file system itself --------------------------------------------------------------
    unreadable = write("fs/unreadable.txt", "Permissions Are Not Always Enforced\n\n" + article(60), "unreadable_file")
    os.chmod(unreadable, 0)
    if os.geteuid() == 0:
        expect["fs/unreadable.txt"] = "accepted"
        notes["fs/unreadable.txt"] = ROOT_NOTE
    os.mkfifo(root / "fs/named-pipe.txt")
    expect["fs/named-pipe.txt"] = "unreadable_file"
    os.symlink("loop-b.txt", root / "fs/loop-a.txt")
    os.symlink("loop-a.txt", root / "fs/loop-b.txt")
    expect["fs/loop-a.txt"] = expect["fs/loop-b.txt"] = "symlink_loop"
    os.symlink("does-not-exist.txt", root / "fs/dangling.txt")
    expect["fs/dangling.txt"] = "not_found"
    (root / "fs/dir").mkdir()
    os.symlink("..", root / "fs/dir/up")  # a directory loop: fs/dir/up -> fs
    expect["fs/dir/up"] = "symlink_loop"
    write("fs/dir/inside.txt", "A File Next to a Loop\n\n" + article(61), "accepted")
    write(".hidden/ignored.txt", "hidden folders are skipped", "")
    del expect[".hidden/ignored.txt"]

    # --- issue 15: what used to lose data or read the host -----------------------------------
    pages = [(f"https://www.example.org/cc/{i}", "200 OK", "text/html; charset=utf-8", html_page(f"Member Page {i}", article(70 + i)).encode()) for i in range(6)]
    # warcio's own layout: one gzip member per record (as Common Crawl writes it)
    write("issue15/warcio-members.warc.gz", warc_bytes(pages, gz=True), {f"#{i}": "accepted" for i in range(2, 8)})
    write("issue15/trailing-garbage.txt.gz", gzip.compress(("Trailing Garbage After the Stream\n\n" + article(80)).encode()) + b"\x00\x00garbage bytes that are not gzip", "accepted")
    import zstandard

    zc = zstandard.ZstdCompressor()
    write("issue15/records.jsonl.zst", zc.compress((json.dumps({"text": article(81)}) + "\n").encode()) + zc.compress((json.dumps({"text": article(82)}) + "\n").encode()),
          {"#1": "accepted", "#2": "accepted"})
    zfull = zc.compress("".join(json.dumps({"text": article(900 + i)}) + "\n" for i in range(50)).encode())
    write("issue15/truncated.txt.zst", zfull[: len(zfull) // 2], "truncated_archive")
    deep_line = '{"text": "x", "y": ' + "[" * 100_000 + "]" * 100_000 + "}"
    write("issue15/deep.jsonl", "\n".join([json.dumps({"text": article(83)}), deep_line, json.dumps({"text": article(84)})]) + "\n",
          {"#1": "accepted", "#2": "malformed_json", "#3": "accepted"})
    write("issue15/deep.json", '{"text": "x", "y": ' + '{"a": ' * 5000 + "1" + "}" * 5000 + "}", "malformed_json")
    write("issue15/bad-url.jsonl", json.dumps({"text": article(85), "url": "http://[::1"}) + "\n" + json.dumps({"text": article(86), "url": "http://h:99999999/"}) + "\n",
          {"#1": "accepted", "#2": "accepted"})
    write("issue15/utf-16.jsonl", (json.dumps({"text": article(87) + "Grüße aus Zürich."}, ensure_ascii=False) + "\n" + json.dumps({"text": article(88)}) + "\n").encode("utf-16"),
          {"#1": "accepted", "#2": "accepted"})
    write("issue15/utf-32.jsonl", (json.dumps({"text": article(89)}) + "\n" + json.dumps({"text": article(90)}) + "\n").encode("utf-32"),
          {"#1": "accepted", "#2": "accepted"})
    for bad in ("-5", "abc"):
        wb = warc_bytes([(f"https://x.example/{bad}/{i}", "200 OK", "text/html", html_page(f"Length {bad} {i}", article(91 + i) + "\nWARC/1.0\nWARC-Type: response\n").encode()) for i in range(3)], gz=False)
        heads = [m.start() for m in re.finditer(rb"WARC/1\.[01]\r\n", wb)]
        m = re.compile(rb"Content-Length: \d+").search(wb, heads[2])  # record 3 (after warcinfo and record 2)
        assert m is not None
        wb = wb[: m.start()] + b"Content-Length: " + bad.encode() + wb[m.end():]
        write(f"issue15/content-length-{bad}.warc", wb, {"#2": "accepted", "#3": "malformed_archive", "#4": "accepted"})
    # two names that display alike: the raw byte 0xE9, and a literal backslash-x-e-9
    raw_name = os.fsdecode(b"issue15/names/a\xe9.txt")
    literal = "issue15/names/a\\xe9.txt"  # a backslash, then x, e, 9
    write(literal, "A Literal Backslash in a File Name\n\n" + article(96), "accepted")
    expect[literal.replace("\\", "\\\\")] = expect.pop(literal)  # sources show a literal backslash doubled
    write(raw_name, "A Raw Byte in a File Name\n\n" + article(95), "accepted")
    expect["issue15/names/a\\xe9.txt"] = expect.pop(raw_name)  # ... and an undecodable byte as \xNN
    # symlinks that leave the tree: never read (the host's files), quarantined
    os.symlink("/etc/passwd", root / "issue15/passwd.txt")
    os.symlink("/etc", root / "issue15/etc")
    expect["issue15/passwd.txt"] = expect["issue15/etc"] = "outside_source_tree"
    os.symlink("names", root / "issue15/names-alias")  # inside the tree: the same files, not new inputs

    (root / ".settings.toml").write_text("[cleanseeds]\nextract_timeout_s = 3.0\nworkers = 2\nbatch_size = 40\n", encoding="utf-8")
    manifest = {"expect": expect, "notes": notes}
    (root / ".manifest.json").write_text(json.dumps(manifest, indent=1, ensure_ascii=True), encoding="utf-8")
    return manifest


def bench(n: int = 200) -> None:
    """Per-document cost of running extraction in the helper process vs in-process."""
    import time

    from cleanseeds.config import Settings
    from cleanseeds.extract import watchdog

    s = Settings()
    pages = [html_page(f"Bench page {i}", article(i, 6) * 4) for i in range(n)]
    watchdog.run_isolated(pages[0], None, s)  # start the helper
    for name, fn in (("inline", watchdog.run_inline), ("process", watchdog.run_isolated), ("inline", watchdog.run_inline), ("process", watchdog.run_isolated)):
        t = time.perf_counter()
        for p in pages:
            fn(p, None, s)
        print(f"{name:8s} {1000 * (time.perf_counter() - t) / n:7.2f} ms/doc  ({len(pages[0])} bytes per page)")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("dir")
    ap.add_argument("--bench", action="store_true", help="also time extraction in the helper process vs in-process")
    a = ap.parse_args(argv)
    m = make(Path(a.dir))
    print(f"wrote {len(m['expect'])} expected inputs under {a.dir}")
    if a.bench:
        bench()
    return 0


if __name__ == "__main__":
    sys.exit(main())
