"""Bytes -> text, recording the encoding that was used.

Order of evidence (strongest first):

1. a byte-order mark (UTF-8, UTF-16 LE/BE, UTF-32 LE/BE);
2. UTF-16/32 without a BOM, recognised by the pattern of NUL bytes its ASCII characters
   leave (UTF-16 without a BOM and without any ASCII, e.g. pure CJK, is not recognised:
   NUL bytes otherwise mean binary content);
3. strict UTF-8: valid UTF-8 with non-ASCII bytes is practically never an accident, so it
   wins over a declared charset (pages that declare ``iso-8859-1`` but are UTF-8 are common);
4. the declared charset (HTTP ``Content-Type`` or ``<meta charset>``), if it decodes strictly;
   ``iso-8859-1``/``latin-1``/``ascii`` mean windows-1252, as in browsers (WHATWG);
5. UTF-8 with a few broken bytes (a cut multi-byte sequence, a stray byte) when the rest is
   clearly UTF-8: decoded with U+FFFD for the broken bytes, recorded as ``utf-8+replace``;
6. detection with charset-normalizer; a single-byte guess that decodes exactly like
   windows-1252 is recorded as ``cp1252`` (the detector cannot tell cp1250/cp1252 apart on
   text that only uses their common letters).

Then mojibake repair, only where it is certain: ftfy's ``fix_encoding`` (encoding fixes only,
no quote or width normalisation) is applied when ftfy judges the text bad and the fixed
text is not. The encoding is then recorded with ``+ftfy``.

Bytes that look binary (NUL bytes outside UTF-16/32, file signatures, many control
characters) raise :class:`NotText`; bytes nothing decodes credibly raise :class:`Undecodable`.
"""
from __future__ import annotations

import codecs
import re

BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),  # before UTF-16 LE: it starts with the same bytes
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "PNG image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"GIF87a", "GIF image"),
    (b"GIF89a", "GIF image"),
    (b"%PDF-", "PDF document"),
    (b"PK\x03\x04", "ZIP archive (or docx/xlsx/epub)"),
    (b"\x7fELF", "ELF executable"),
    (b"\x00\x00\x01\x00", "ICO image"),
    (b"RIFF", "RIFF media"),
    (b"OggS", "Ogg media"),
    (b"\x1aE\xdf\xa3", "Matroska/WebM media"),
    (b"SQLite format 3\x00", "SQLite database"),
    (b"PAR1", "Parquet file"),
    (b"7z\xbc\xaf\x27\x1c", "7-Zip archive"),
    (b"Rar!\x1a\x07", "RAR archive"),
)
WEB_ALIASES = {
    "iso-8859-1": "cp1252", "iso8859-1": "cp1252", "latin-1": "cp1252", "latin1": "cp1252",
    "l1": "cp1252", "us-ascii": "cp1252", "ascii": "cp1252", "windows-1252": "cp1252",
    "x-sjis": "shift_jis", "shift-jis": "shift_jis", "sjis": "shift_jis", "windows-31j": "cp932",
    "gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030", "ks_c_5601-1987": "cp949",
    "euc-kr": "cp949", "iso-8859-9": "cp1254", "tis-620": "cp874", "utf8": "utf-8",
}
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)""", re.I)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
_SNIFF = 64 * 1024  # bytes of the head used for signatures, NUL checks and <meta charset>


class NotText(ValueError):
    """The bytes are binary (an image, an archive, noise)."""


class Undecodable(ValueError):
    """No encoding decodes the bytes credibly."""


def normalize_charset(name: str | None) -> str | None:
    """A Python codec name for a declared charset, or None if unknown."""
    if not name:
        return None
    n = name.strip().strip("\"'").lower()
    n = WEB_ALIASES.get(n, n)
    try:
        return codecs.lookup(n).name
    except LookupError:
        return None


def charset_from_content_type(value: str | None) -> str | None:
    if not value:
        return None
    m = re.search(r"charset\s*=\s*[\"']?([^\s;\"']+)", value, re.I)
    return normalize_charset(m.group(1)) if m else None


def charset_from_html(head: bytes) -> str | None:
    """The charset declared by ``<meta charset>`` / ``http-equiv`` in the first bytes."""
    m = _META_CHARSET.search(head[:_SNIFF])
    return normalize_charset(m.group(1).decode("ascii", "ignore")) if m else None


def binary_signature(head: bytes) -> str | None:
    for sig, what in SIGNATURES:
        if head.startswith(sig):
            return what
    return None


def _utf16_32_without_bom(head: bytes) -> str | None:
    """UTF-16/32 text without a BOM: ASCII characters leave NULs in fixed positions."""
    sample = head[:4096]
    n = len(sample) - len(sample) % 4
    if n < 8:
        return None
    sample = sample[:n]
    cols = [sample[i::4].count(0) / (n // 4) for i in range(4)]
    if cols[1] > 0.9 and cols[2] > 0.9 and cols[3] > 0.9 and cols[0] < 0.5:
        return "utf-32-le"
    if cols[0] > 0.9 and cols[1] > 0.9 and cols[2] > 0.9 and cols[3] < 0.5:
        return "utf-32-be"
    even, odd = sample[0::2].count(0) / (n // 2), sample[1::2].count(0) / (n // 2)
    if odd > 0.6 and even < 0.1:
        return "utf-16-le"
    if even > 0.6 and odd < 0.1:
        return "utf-16-be"
    return None


def wide_encoding(head: bytes) -> str | None:
    """``utf-16-*``/``utf-32-*`` when ``head`` starts a UTF-16/32 text (by its BOM or the NUL
    pattern of its ASCII characters), else None. Such a text must be decoded as a whole
    before it is split into lines: its newline is more than one byte."""
    for bom, enc in BOMS:
        if head.startswith(bom):
            return enc if enc.startswith(("utf-16", "utf-32")) else None
    return _utf16_32_without_bom(head)


def _looks_binary(text: str) -> bool:
    sample = text[:_SNIFF]
    return bool(sample) and len(_CONTROL.findall(sample)) > max(2, len(sample) // 100)


def _mostly_utf8(data: bytes) -> bool:
    """Valid UTF-8 except for a few bytes: at least 4 good multi-byte sequences per bad byte."""
    text = data.decode("utf-8", "replace")
    bad = text.count("\ufffd") - data.count("\xef\xbf\xbd".encode("latin-1"))
    good = sum(1 for ch in text if ord(ch) > 0x7F and ch != "\ufffd")
    return bad > 0 and good >= 4 * bad


# UTF-8 lead byte (Â..ô) read as cp1252/latin-1, followed by a continuation byte read the same
# way: the signature of mojibake. A cheap gate before ftfy's slower whole-text check.
_MOJIBAKE_HINT = re.compile(
    "[\u00c2-\u00f4][\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc"
    "\u2013\u2014\u2018-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a\u20ac\u2122]"
)


# _MOJIBAKE_HINT on strict UTF-8 bytes: the same character pairs, UTF-8 encoded (tested).
_MOJIBAKE_HINT_UTF8 = re.compile(
    rb"\xc3[\x82-\xb4](?:\xc2[\x80-\xbf]|\xc5[\x92\x93\xa0\xa1\xb8\xbd\xbe]|\xc6\x92|\xcb[\x86\x9c]"
    rb"|\xe2\x80[\x93\x94\x98-\x9e\xa0-\xa2\xa6\xb0\xb9\xba]|\xe2\x82\xac|\xe2\x84\xa2)"
)


def repair_mojibake(text: str) -> tuple[str, bool]:
    """Undo UTF-8-read-as-cp1252 (and similar) mojibake, only where ftfy is certain."""
    if text.isascii() or not _MOJIBAKE_HINT_UTF8.search(text.encode("utf-8", "surrogatepass")):
        return text, False
    import ftfy
    from ftfy.badness import is_bad

    if not is_bad(text):
        return text, False
    fixed = ftfy.fix_encoding(text)
    if fixed != text and not is_bad(fixed) and fixed.count("\ufffd") <= text.count("\ufffd"):
        return fixed, True
    return text, False


def decode(data: bytes, declared: str | None = None, *, is_html: bool = False) -> tuple[str, str]:
    """Decode ``data``; return ``(text, encoding)``. Raises :class:`NotText` / :class:`Undecodable`."""
    head = data[:_SNIFF]
    what = binary_signature(head)
    if what:
        raise NotText(f"binary content: looks like a {what}")
    got = _by_bom(data) or _by_wide_pattern(data, head)
    if got is None and b"\x00" in head:
        raise NotText("binary content: NUL bytes in text that is not UTF-16/32")
    text, encoding = got or _as_utf8(data) or _as_declared(data, head, declared, is_html) or _as_mostly_utf8(data) or _detect(data)
    if _looks_binary(text):
        raise NotText(f"binary content: many control characters after decoding as {encoding}")
    if encoding == "utf-8" and not _MOJIBAKE_HINT_UTF8.search(data):
        # the same test on the bytes: a literal-prefix scan, ~50x faster than the str regex
        return text, encoding
    fixed, repaired = repair_mojibake(text)
    if repaired:
        text, encoding = fixed, encoding + "+ftfy"
    return text, encoding


def _by_bom(data: bytes) -> tuple[str, str] | None:
    """The text after a byte-order mark, in the encoding it names (None: no BOM)."""
    for bom, enc in BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom):].decode(enc.replace("-sig", "")), enc.replace("-sig", "")
            except UnicodeDecodeError as exc:
                raise Undecodable(f"byte-order mark says {enc} but the bytes do not decode: {exc.reason}") from None
    return None


def _strict(data: bytes, codec: str) -> tuple[str, str] | None:
    """``data`` decoded strictly in ``codec``, with the codec's name (None when it does not decode)."""
    try:
        return data.decode(codec), codec
    except UnicodeDecodeError:
        return None


def _by_wide_pattern(data: bytes, head: bytes) -> tuple[str, str] | None:
    """UTF-16/32 without a BOM, recognised by the NUL bytes of ASCII characters."""
    wide = _utf16_32_without_bom(head)
    return _strict(data, wide) if wide else None


def _as_utf8(data: bytes) -> tuple[str, str] | None:
    """Strict UTF-8 (None when the bytes are not)."""
    return _strict(data, "utf-8")


def _as_declared(data: bytes, head: bytes, declared: str | None, is_html: bool) -> tuple[str, str] | None:
    """The charset the input declares (a header, or the HTML's ``<meta charset>``), when it
    is a single- or multi-byte legacy one and the bytes decode in it."""
    declared = normalize_charset(declared) or (charset_from_html(head) if is_html else None)
    return _strict(data, declared) if declared and declared not in ("utf-8", "utf-16", "utf-32") else None


def _as_mostly_utf8(data: bytes) -> tuple[str, str] | None:
    """UTF-8 with a few broken bytes replaced, when most of the text is UTF-8."""
    if _mostly_utf8(data):
        return data.decode("utf-8", "replace"), "utf-8+replace"
    return None


MULTIBYTE = ("utf", "cp932", "shift_jis", "euc", "gb", "big5", "cp949", "cp950", "hz", "iso2022", "johab")


def _detect(data: bytes) -> tuple[str, str]:
    from charset_normalizer import from_bytes

    results = from_bytes(data)
    best = results.best()
    if best is None:
        raise Undecodable("no encoding decodes these bytes credibly (charset-normalizer found none)")
    text, enc = str(best), codecs.lookup(best.encoding).name
    if best.chaos > 0.5:
        raise Undecodable(f"best guess {enc} decodes to gibberish (chaos {best.chaos:.2f})")
    if enc != "cp1252" and not enc.startswith(MULTIBYTE):
        # Western single-byte text: the detector often cannot tell cp1250/cp1252/iso8859-x
        # apart; prefer windows-1252 (the web's legacy default) when it is as good a fit.
        try:
            western = data.decode("cp1252")
        except UnicodeDecodeError:
            western = None
        if western is not None:
            as_good = any(
                codecs.lookup(r.encoding).name == "cp1252" and r.chaos <= best.chaos and r.coherence >= best.coherence - 0.05
                for r in results
            )
            if western == text or as_good:
                text, enc = western, "cp1252"
    return text, enc
