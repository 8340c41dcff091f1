"""Decoding text files: a BOM, UTF-16/32 without one, UTF-8, else the legacy encoding detected.

charset-normalizer guesses well on long text but not on short Western text (it reads Latin-1
"naïve" as Windows-1250 "naďve"), so a Windows-1252 reading is tried first and kept when it
is plausible Western text: a minority of accented letters among ASCII words and only common
punctuation. Undecodable bytes in UTF-16/32 become U+FFFD; text never holds lone surrogates.
"""

from __future__ import annotations

import codecs
import re
import unicodedata

# UTF-32 first: its little-endian BOM starts with the UTF-16 one.
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_HIGH = re.compile(r"[^\x00-\x7f]")
_ASCII_LETTER = re.compile(r"[A-Za-z]")
# What Windows-1252 gives for Western text beyond ASCII letters: typographic punctuation and common signs.
_WESTERN_SIGNS = frozenset("\xa0\xad–—‘’‚“”„•…€™°£§©®«»·×±½¼¾µ¢¥ªº")
_OPENING_SIGNS = frozenset("¿¡")  # Spanish, and only at the start of a sentence, never inside a word
_MAX_ACCENTED_SHARE = 0.4  # of the letters; above it, text is in another alphabet (Cyrillic, Greek...)
_MAX_REPLACED_SHARE = 0.01  # UTF-16/32 with more undecodable units than this (and a few) is not text
_SURROGATE = re.compile(r"[\ud800-\udfff]")
# Undecodable units, private-use characters and non-characters: what binary read as UTF-16 turns into.
_NOT_TEXT = re.compile(r"[\ufffd\ue000-\uf8ff\ufffe\uffff]")
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f]")  # control characters but tab, newlines and form feed


def decode_text(data: bytes, *, complete: bool = True) -> str | None:
    """Decode text bytes; None when they are not text. complete=False: `data` was cut short."""
    wide = _wide_encoding(data)
    if wide is not None:
        return _decode_wide(data, wide, complete=complete)
    if b"\x00" in data:
        return None
    text = _decode(data, "utf-8", complete=complete)
    if text is None:
        text = _western(data, complete=complete) or _detected(data)
    return None if text is None or _looks_binary(text) else text


def without_surrogates(text: str) -> str:
    """`text` with lone surrogates (which cannot be written as UTF-8) replaced by U+FFFD."""
    return _SURROGATE.sub("\ufffd", text)


def _wide_encoding(data: bytes) -> str | None:
    """UTF-16 or UTF-32 from a BOM, or from where ASCII characters leave their NUL bytes."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return encoding
    sample = data[:4096]
    units = len(sample) // 4
    if units < 2:
        return None
    nuls = [sample[i::4].count(0) / units for i in range(4)]
    if nuls[1] > 0.9 and nuls[2] > 0.9 and nuls[3] > 0.9:
        return "utf-32-le"
    if nuls[0] > 0.9 and nuls[1] > 0.9 and nuls[2] > 0.9:
        return "utf-32-be"
    odd, even = (nuls[1] + nuls[3]) / 2, (nuls[0] + nuls[2]) / 2
    if odd > 0.4 and even < 0.05:
        return "utf-16-le"
    if even > 0.4 and odd < 0.05:
        return "utf-16-be"
    return None


def _decode_wide(data: bytes, encoding: str, *, complete: bool) -> str | None:
    decoder = codecs.getincrementaldecoder(encoding)(errors="replace")
    text = decoder.decode(data, final=complete)
    if len(_NOT_TEXT.findall(text)) > 3 + _MAX_REPLACED_SHARE * len(text) or _looks_binary(text):
        return None
    return text


def _decode(data: bytes, encoding: str, *, complete: bool) -> str | None:
    try:
        return codecs.getincrementaldecoder(encoding)().decode(data, final=complete)
    except UnicodeDecodeError:
        return None


def _western(data: bytes, *, complete: bool) -> str | None:
    """The Windows-1252 reading when it looks like Western text, else None."""
    text = _decode(data, "cp1252", complete=complete)
    if text is None:
        return None
    accented = 0
    for match in _HIGH.finditer(text):
        char = match.group()
        if char in _OPENING_SIGNS:
            before = text[match.start() - 1 : match.start()]
            if before.isalpha():
                return None
        elif unicodedata.category(char).startswith("L"):
            accented += 1
        elif char not in _WESTERN_SIGNS:
            return None
    letters = accented + len(_ASCII_LETTER.findall(text))
    return text if accented <= _MAX_ACCENTED_SHARE * letters else None


def _detected(data: bytes) -> str | None:
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    return None if best is None else str(best)


def _looks_binary(text: str) -> bool:
    return len(_CONTROL.findall(text)) * 50 > len(text)
