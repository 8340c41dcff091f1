"""Ligatures a PDF's own text map reads as their last letter, repaired before the PDF is read.

Some producers write a font's ToUnicode map with each ligature glyph mapped to one letter: the
glyph the font's encoding names "fi" reads as "i", "ffi" as "i", "T_h" as "h", so "defined" comes
out "deined" and "The" "he". The encoding's glyph names say what the glyph really is (the Adobe
Glyph List's "fi", "ffl", and "f_f_i"-style names joined by underscores), so where the map gives
only part of a ligature's letters this module maps the code to all of them again and hands PDFium
the repaired file. Other PDFs are not touched, and are not even parsed twice: only a file whose
bytes show an encoding naming a ligature is (one in a compressed object stream is read as it is).
"""

from __future__ import annotations

import io
import logging
import re
from pathlib import Path
from typing import Any

LIGATURES = {"ff": "ff", "fi": "fi", "fl": "fl", "ffi": "ffi", "ffl": "ffl", "ft": "ft", "st": "st"}
_JOINED = re.compile(r"[A-Za-z](?:_[A-Za-z])+")  # "f_f_i", "T_h": a ligature of those letters
_BFCHAR = re.compile(r"beginbfchar(.*?)endbfchar", re.S)
_BFRANGE = re.compile(r"beginbfrange(.*?)endbfrange", re.S)
_HEX = re.compile(r"<([0-9A-Fa-f]*)>")
_ENTRY = re.compile(r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*(<[0-9A-Fa-f]*>|\[[^\]]*\])")
_DIFFERENCES = re.compile(rb"/Differences\s*\[([^\]]*)\]")
MAX_PAGES = 2000  # a repair reads every page's fonts; past this a PDF is read as it is


def ligature_letters(glyph: str) -> str | None:
    """The letters a ligature glyph name stands for ("ffi" -> "ffi", "T_h" -> "Th"); None otherwise."""
    if glyph in LIGATURES:
        return LIGATURES[glyph]
    return glyph.replace("_", "") if _JOINED.fullmatch(glyph) else None


def read_cmap(data: str) -> dict[int, str]:
    """A one-byte ToUnicode map as code -> text (bfchar and bfrange entries)."""
    out: dict[int, str] = {}
    for block in _BFRANGE.findall(data):
        for low, high, target in _ENTRY.findall(block):
            first, last = int(low, 16), int(high, 16)
            if target.startswith("["):
                for code, value in zip(range(first, last + 1), _HEX.findall(target), strict=False):
                    out[code] = _text(value)
            else:
                start = int(target[1:-1] or "0", 16)
                for offset, code in enumerate(range(first, min(last, first + 255) + 1)):
                    out[code] = chr(start + offset) if start + offset < 0x110000 else ""
    for block in _BFCHAR.findall(data):
        pairs = _HEX.findall(block)
        for code, value in zip(pairs[::2], pairs[1::2], strict=False):
            out[int(code or "0", 16)] = _text(value)
    return out


def _text(utf16: str) -> str:
    try:
        return bytes.fromhex(utf16).decode("utf-16-be")
    except ValueError:
        return ""


def write_cmap(mapping: dict[int, str]) -> bytes:
    """A one-byte ToUnicode map giving each code its text."""
    entries = [f"<{code:02X}> <{text.encode('utf-16-be').hex().upper()}>" for code, text in sorted(mapping.items())]
    blocks = [entries[i : i + 100] for i in range(0, len(entries), 100)]  # at most 100 per block
    body = "".join(f"{len(block)} beginbfchar\n" + "\n".join(block) + "\nendbfchar\n" for block in blocks)
    return (
        "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n/CMapType 2 def\n"
        "/CMapName /Repaired def\n1 begincodespacerange\n<00> <FF>\nendcodespacerange\n"
        f"{body}endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n"
    ).encode("ascii")


def repaired_map(font: Any) -> dict[int, str] | None:
    """The font's ToUnicode map with its ligatures' letters restored; None when none is cut short."""
    found = font.get("/Encoding")
    encoding: Any = found.get_object() if found is not None else None
    if not isinstance(encoding, dict) or "/Differences" not in encoding or "/ToUnicode" not in font:
        return None
    glyphs: dict[int, str] = {}
    code = 0
    for entry in encoding["/Differences"]:
        if isinstance(entry, int):
            code = entry
        else:
            glyphs[code] = str(entry).lstrip("/")
            code += 1
    ligatures = {c: letters for c, g in glyphs.items() if (letters := ligature_letters(g)) is not None}
    if not ligatures:
        return None
    mapping = read_cmap(font["/ToUnicode"].get_object().get_data().decode("latin-1"))
    cut = {c: letters for c, letters in ligatures.items() if _cut_short(mapping.get(c), letters)}
    return {**mapping, **cut} if cut else None


def _cut_short(read: str | None, letters: str) -> bool:
    """Whether the map reads a ligature as only some of its letters ("i" for "fi")."""
    return bool(read) and read != letters and len(read or "") < len(letters) and letters.endswith(read or "")


def repaired_pdf(path: Path) -> bytes | None:
    """The PDF with its cut-short ligatures mapped to all their letters; None when it has none
    (or cannot be read so: PDFium then reads the file as it is)."""
    quiet = logging.getLogger("pypdf")
    level = quiet.level
    quiet.setLevel(logging.ERROR)  # its notes on damaged objects: PDFium reads the file on
    try:
        return _repaired(path)
    except Exception:  # any trouble reading fonts: the file is read as it is
        return None
    finally:
        quiet.setLevel(level)


def _repaired(path: Path) -> bytes | None:
    if not _names_ligatures(path.read_bytes()):
        return None
    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import NameObject, StreamObject

    reader = PdfReader(path)
    if reader.is_encrypted or len(reader.pages) > MAX_PAGES or not _broken_fonts(reader.pages):
        return None
    writer = PdfWriter(clone_from=reader)
    for font, mapping in _broken_fonts(writer.pages):
        stream = StreamObject()
        stream.set_data(write_cmap(mapping))
        font[NameObject("/ToUnicode")] = writer._add_object(stream)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _names_ligatures(data: bytes) -> bool:
    """Whether an encoding in the file's plain bytes names a ligature glyph."""
    for differences in _DIFFERENCES.findall(data):
        for glyph in re.findall(rb"/([A-Za-z_]+)", differences):
            if ligature_letters(glyph.decode("ascii")) is not None:
                return True
    return False


def _broken_fonts(pages: Any) -> list[tuple[Any, dict[int, str]]]:
    """Each font of the pages whose map cuts ligatures short, once, with its repaired map."""
    out = []
    seen: set[int] = set()
    for page in pages:
        resources = page.get("/Resources")
        fonts = resources.get_object().get("/Font") if resources is not None else None
        for ref in (fonts.get_object() if fonts is not None else {}).values():
            font = ref.get_object()
            if id(font) not in seen:
                seen.add(id(font))
                mapping = repaired_map(font)
                if mapping is not None:
                    out.append((font, mapping))
    return out
