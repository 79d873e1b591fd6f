"""Decoding real files in legacy encodings, generated here: the right text comes out and the
encoding used is recorded on the document."""
from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from cleanseeds.config import Settings
from cleanseeds.extract import discover, read_batch
from cleanseeds.extract.decode import NotText, decode, repair_mojibake

S = Settings()
DE = ("Die Bürgermeisterin von Würzburg kündigte am Dienstag an, dass die Brücke über den Main "
      "bis Ende März gesperrt bleibt. „Wir müssen die Sicherheit gewährleisten“, sagte sie. "
      "Die Kosten liegen bei 4,5 Millionen €.\n")
FR = ("Le maire de Besançon a annoncé jeudi que la rénovation du théâtre coûtera plus cher que "
      "prévu. « Nous avons découvert des problèmes structurels », a-t-il déclaré.\n")
JA = ("東京都は月曜日、新しい防災計画を発表した。計画には避難所の増設と、高齢者向けの支援策が含まれている。"
      "知事は記者会見で「市民の安全が最優先だ」と述べた。\n")


def _read(tmp_path: Path, name: str, data: bytes) -> object:
    p = tmp_path / name
    p.write_bytes(data)
    res = read_batch(discover([str(p)], S)[0], S)
    assert not res.rejected, res.rejected
    (doc,) = res.docs
    return doc


@pytest.mark.parametrize(
    ("text", "codec", "recorded"),
    [
        (DE, "cp1252", "cp1252"),
        (FR, "latin-1", "cp1252"),  # latin-1 bytes are windows-1252 bytes (WHATWG)
        (JA, "shift_jis", "cp932"),  # cp932 is the superset browsers use for Shift-JIS
        (DE, "utf-16", "utf-16-le"),  # with BOM
        (FR, "utf-16-be", "utf-16-be"),  # no BOM: recognised by the NUL pattern
        (DE, "utf-8-sig", "utf-8"),
        (JA, "utf-8", "utf-8"),
        (DE, "utf-32", "utf-32-le"),
    ],
)
def test_text_file_in_encoding(tmp_path: Path, text: str, codec: str, recorded: str) -> None:
    doc = _read(tmp_path, f"a-{codec}.txt", text.encode(codec))
    assert doc.raw == text
    assert doc.encoding == recorded
    assert doc.size_bytes == len(text.encode(codec))


def test_declared_charset_in_html_is_used(tmp_path: Path) -> None:
    body = "Привет, мир! Городской совет утвердил бюджет на следующий год."
    html = f"<html><head><meta http-equiv='Content-Type' content='text/html; charset=windows-1251'></head><body><p>{body}</p></body></html>"
    doc = _read(tmp_path, "ru.html", html.encode("cp1251"))
    assert body in doc.raw
    assert doc.encoding == "cp1251"


def test_valid_utf8_wins_over_a_wrong_declaration(tmp_path: Path) -> None:
    html = f"<html><head><meta charset='iso-8859-1'></head><body><p>{FR}</p></body></html>"
    doc = _read(tmp_path, "fr.html", html.encode("utf-8"))
    assert FR in doc.raw and doc.encoding == "utf-8"


def test_broken_utf8_keeps_the_good_text(tmp_path: Path) -> None:
    data = (DE * 3).encode("utf-8")
    data = data[:40] + b"\xff" + data[40:] + "Brücke".encode()[:3]  # a stray byte and a cut sequence
    doc = _read(tmp_path, "broken.txt", data)
    assert doc.encoding == "utf-8+replace"
    assert doc.raw.count("\ufffd") == 2
    assert "Die Bürgermeisterin" in doc.raw and "Millionen €" in doc.raw


def test_mojibake_is_repaired_and_recorded(tmp_path: Path) -> None:
    moj = (DE * 2).encode("utf-8").decode("cp1252", "replace")
    doc = _read(tmp_path, "moj.txt", moj.encode("utf-8"))
    assert doc.raw == DE * 2
    assert doc.encoding == "utf-8+ftfy"


def test_correct_text_is_never_repaired() -> None:
    for text in (DE, FR, JA, "Ça coûte 5 € – «prix» à l’unité.", "Straße, Größe, Maß"):
        assert repair_mojibake(text) == (text, False)


def test_binary_bytes_are_not_text() -> None:
    with pytest.raises(NotText):
        decode(b"\x89PNG\r\n\x1a\n" + bytes(range(256)))
    with pytest.raises(NotText):
        decode(b"abc\x00\x01\x02def\x00" * 50)


def test_bom_wins(tmp_path: Path) -> None:
    assert decode(codecs.BOM_UTF16_BE + FR.encode("utf-16-be")) == (FR, "utf-16-be")


def test_mojibake_hint_on_bytes_equals_the_hint_on_text() -> None:
    """decode() tests strict UTF-8 input for mojibake on its bytes; it must agree with the text
    test for every pair of characters that could start a signature."""
    from cleanseeds.extract.decode import _MOJIBAKE_HINT, _MOJIBAKE_HINT_UTF8

    firsts = [chr(c) for c in range(0xA0, 0x180)]
    seconds = [chr(c) for c in list(range(0x20, 0x300)) + list(range(0x2000, 0x2200))]
    for a in firsts:
        for b in seconds:
            pair = "x" + a + b + "y"
            assert bool(_MOJIBAKE_HINT.search(pair)) == bool(_MOJIBAKE_HINT_UTF8.search(pair.encode("utf-8"))), (a, b)


def test_an_html_pages_references_to_c1_code_points_read_as_windows_1252(tmp_path: Path) -> None:
    """``&#146;`` is U+2019 in HTML (a browser reads references to C1 code points as windows-1252); the parser must
    not give the control character U+0092, which trafilatura's line processing drops ("miller&#146;s" -> "millers")."""
    from cleanseeds.extract import extract_batch

    para = ("The miller&#146;s daughter said the mill had ground the village&#146;s grain for ninety years, "
            "and that the new owners would keep the wheel turning through the &#147;long&#148; winter.")
    page = f"<html><head><title>The mill</title></head><body><article><h1>The mill</h1>{('<p>' + para + '</p>') * 4}</article></body></html>"
    res = extract_batch([_read(tmp_path, "mill.html", page.encode("ascii"))], S)
    assert not res.rejected
    text = res.docs[0].source_text
    assert "The miller\u2019s daughter" in text and "the \u201clong\u201d winter" in text
    assert "\x92" not in text and "millers" not in text
