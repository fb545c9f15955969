"""Bytes to text: find the encoding of a report file, or say why it is not a text document.

The decoded text is kept exactly (newlines included) because every offset in the graph counts
code points into it; only a byte-order mark is left out. Order of trust: a BOM, strict UTF-8,
UTF-16 without BOM (recognised by its NUL bytes), an encoding the file declares (HTML), UTF-8
with a few invalid bytes (each run replaced by U+FFFD, with a warning), then charset-normalizer's
guess. Chinese guesses become GB18030, the superset of GBK and GB2312 that
mainland sites use, since short GB texts are often mistaken for Big5. So does a guess of another
encoding where the GB18030 reading holds beyond ASCII only what an English report holds (curly
quotes, dashes, CJK punctuation, a few Chinese words): with no Chinese to weigh, charset-normalizer
finds such a file as good in Big5 or a code page, where “ reads as ※ or ”°.
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from dataclasses import dataclass

from charset_normalizer import from_bytes
from charset_normalizer.utils import is_multi_byte_encoding


class NotText(Exception):
    """The bytes are not a text document; the message is the reason shown to the user."""


@dataclass(frozen=True)
class Decoded:
    text: str
    encoding: str  # Python codec name, e.g. "utf-8", "utf-8-sig", "gb18030"
    warnings: tuple[str, ...] = ()  # what decoding had to give up, e.g. replaced bytes


_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"%PDF-", "a PDF"),
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"II*\x00", "a TIFF image"),
    (b"MM\x00*", "a TIFF image"),
    (b"RIFF", "a RIFF media file"),
    (b"PK\x03\x04", "a ZIP archive or Office document"),
    (b"\x1f\x8b", "gzip-compressed data"),
    (b"7z\xbc\xaf\x27\x1c", "a 7z archive"),
    (b"Rar!\x1a\x07", "a RAR archive"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Microsoft Office document"),
    (b"\x7fELF", "an executable"),
)
_BOMS: tuple[tuple[bytes, str], ...] = (  # UTF-32 first: its LE BOM starts like UTF-16's
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_GB_FAMILY = frozenset({"gb2312", "gbk", "gb18030", "cp936", "hz", "euc_cn", "x-gbk"})
_BIG5_FAMILY = frozenset({"big5", "big5hkscs", "cp950"})
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1a\x1c-\x1f\x7f]")  # ESC (\x1b) is ISO-2022
_HAN_RANGES = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_HAN = re.compile(f"[{_HAN_RANGES}]")
_HAN_IN_WORD = re.compile(f"[A-Za-z][{_HAN_RANGES}]|[{_HAN_RANGES}][A-Za-z]")
_LATIN_LETTER = re.compile("[A-Za-z]")
_BEYOND_ASCII = re.compile(r"[^\x00-\x7f]")
# General Punctuation, CJK Symbols and Punctuation, Halfwidth and Fullwidth Forms
_PUNCTUATION_BLOCKS = re.compile(r"[\u2000-\u206f\u3000-\u303f\uff00-\uffef]")
_ESCAPED = re.compile(r"[\udc80-\udcff]+")  # undecodable bytes under "surrogateescape"
_HIGH_BYTES = bytes(range(0x80, 0x100))
_SAMPLE = 65536
_MAX_CONTROL_SHARE = 0.01


def decode_bytes(data: bytes, declared: str | None = None) -> Decoded:
    """Decode a whole file; raises NotText with the reason when it is empty or binary."""
    if not data:
        raise NotText("empty file")
    for magic, what in _MAGIC:
        if data.startswith(magic):
            raise NotText(f"binary data (looks like {what}), not a text document")
    if data.startswith(b"{\\rtf"):
        raise NotText("an RTF document, not plain text; convert it to .txt first")
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            label = "utf-8-sig" if encoding == "utf-8" else encoding
            return _checked(_strict(data[len(bom) :], encoding, "after its byte-order mark"), label)
    if b"\x00" in data:
        encoding = _utf16_by_nuls(data)
        if encoding is None:
            raise NotText("binary data (contains NUL bytes), not a text document")
        return _checked(_strict(data, encoding, "although it looks like UTF-16"), encoding)
    try:
        return _checked(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        pass
    sample = data[:_SAMPLE]
    if len(_CONTROL.findall(sample.decode("latin-1"))) > _MAX_CONTROL_SHARE * len(sample):
        raise NotText("binary data (control bytes), not a text document")
    if declared:
        encoding = _canonical(declared)
        if encoding:
            try:
                return _checked(data.decode(encoding), encoding)
            except UnicodeDecodeError:
                pass
    nearly = _nearly_utf8(data)
    if nearly is not None:
        return _checked(nearly.text, nearly.encoding, nearly.warnings)
    return _checked(*_guess(data))


def _strict(data: bytes, encoding: str, context: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as error:
        raise NotText(
            f"not valid {encoding} {context} (bad bytes at offset {error.start})"
        ) from None


def _checked(text: str, encoding: str, warnings: tuple[str, ...] = ()) -> Decoded:
    sample = text[:_SAMPLE]
    if len(_CONTROL.findall(sample)) > _MAX_CONTROL_SHARE * len(sample):
        raise NotText("binary data (control characters), not a text document")
    return Decoded(text, encoding, warnings)


def _nearly_utf8(data: bytes) -> Decoded | None:
    """UTF-8 with a few corrupt bytes (a damaged copy, a cut download), or None.

    Each run of bad bytes becomes one U+FFFD and the warning says how many and where: better
    than taking the whole file for a legacy code page, which turns every 【】 and ’ into
    mojibake. Text in GBK, Big5 or cp1252 has more bytes invalid as UTF-8 than bytes of valid
    multi-byte characters, so it is left to the guess; so is ASCII text with stray high bytes.
    """
    text = data.decode("utf-8", errors="surrogateescape")
    bad = sum(len(run) for run in _ESCAPED.findall(text))
    valid = len(data) - len(data.translate(None, _HIGH_BYTES)) - bad
    if valid < 2 * bad:
        return None
    first = _ESCAPED.search(text)
    line = text.count("\n", 0, first.start() if first else 0) + 1
    warning = (
        f"replaced {bad} invalid UTF-8 byte{'s' * (bad > 1)} with U+FFFD (first at line {line})"
    )
    return Decoded(_ESCAPED.sub("\ufffd", text), "utf-8", (warning,))


def _utf16_by_nuls(data: bytes) -> str | None:
    """UTF-16 without BOM: Latin text puts a NUL in every other byte, all on one side."""
    sample = data[: _SAMPLE - _SAMPLE % 2]
    if len(data) % 2:
        return None
    pairs = len(sample) // 2
    even = sample[0::2].count(0)
    odd = sample[1::2].count(0)
    if odd >= 0.2 * pairs and even <= odd / 10:
        return "utf-16-le"
    if even >= 0.2 * pairs and odd <= even / 10:
        return "utf-16-be"
    return None


def _canonical(name: str) -> str | None:
    """Python codec name for a label, GB18030 for the GB family; None if unknown."""
    try:
        encoding = codecs.lookup(name.strip().lower()).name
    except LookupError:
        return None
    return "gb18030" if encoding in _GB_FAMILY else encoding


def _guess(data: bytes) -> tuple[str, str]:
    best = from_bytes(data).best()
    if best is None or best.encoding is None:
        raise NotText(
            "binary data or an unknown encoding (no text encoding fits), not a text document"
        )
    encoding = _canonical(best.encoding) or best.encoding
    as_gb = _try(data, "gb18030")
    if as_gb is not None and (
        encoding == "gb18030"
        or (encoding in _BIG5_FAMILY and _looks_simplified(as_gb))
        or _reads_as_english(as_gb, chinese=not is_multi_byte_encoding(best.encoding))
    ):
        return as_gb, "gb18030"
    return str(best), encoding


def _try(data: bytes, encoding: str) -> str | None:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError:
        return None


def _looks_simplified(text: str) -> bool:
    """Big5 read as GB18030 gives kana and rare GBK characters; real GB text stays in GB2312."""
    wide = [char for char in text if ord(char) > 0x2FFF]
    if not wide:
        return False
    common = 0
    for char in wide:
        try:
            char.encode("gb2312")
        except UnicodeEncodeError:
            continue
        common += bool(_HAN.match(char)) or 0x3000 <= ord(char) <= 0x303F or ord(char) >= 0xFF00
    return common >= 0.9 * len(wide)


def _reads_as_english(text: str, chinese: bool) -> bool:
    """Whether all `text` holds beyond ASCII is what an English report holds: punctuation and,
    if `chinese`, common (GB2312) Chinese words that stand apart from Latin ones and are fewer
    than its Latin letters.

    Chinese is weighed only against a single-byte guess: Big5 and Korean text read as GB18030
    give Chinese characters too. Read so, an accented letter and the byte after it make a
    GBK-only character (30°C as 30癈), two accented letters one glued to a word (cafÃ© as caf茅),
    and Cyrillic or Greek text is all Chinese characters.
    """
    extras = set(_BEYOND_ASCII.findall(text))
    han = {char for char in extras if _HAN.match(char)}
    if not all(map(_english_mark, extras - han)):
        return False
    if not han:
        return True
    return (
        chinese
        and all(map(_in_gb2312, han))
        and _HAN_IN_WORD.search(text) is None
        and len(_HAN.findall(text)) < len(_LATIN_LETTER.findall(text))
    )


def _english_mark(char: str) -> bool:
    """Punctuation of the general, CJK and fullwidth blocks (quotes, dashes, 【】), or a symbol
    or digit of theirs that GB2312 holds (※, ￥): GBK's other symbols are what a cp1252 © or ¨
    before a letter reads as (©W as ￤)."""
    if not _PUNCTUATION_BLOCKS.match(char):
        return False
    category = unicodedata.category(char)
    return category.startswith("P") or (category[0] in "SNZ" and _in_gb2312(char))


def _in_gb2312(char: str) -> bool:
    try:
        char.encode("gb2312")
    except UnicodeEncodeError:
        return False
    return True
