"""PDF pages through PDFium (pypdfium2): a page as a PNG with boxes drawn on it, and where text is printed.

Boxes are (x0, top, x1, bottom) in PDF points on the page as displayed: top-left origin, the
page's /Rotate applied, the same convention as a citation's `box`.
"""

from __future__ import annotations

import ctypes
import io
import re
import threading
import unicodedata
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import PolicyQAError

Box = tuple[float, float, float, float]
Rect = tuple[float, float, float, float]  # PDFium's (left, bottom, right, top) in PDF user space

# PDFium is one library per process and not thread-safe; the page serves many sessions from
# threads, so every call into it holds this lock.
_PDFIUM = threading.Lock()
_PRECISION = 64  # FPDF_PageToDevice returns whole device units: map at 64 units per point
HIGHLIGHT_FILL = (255, 213, 0, 90)  # translucent yellow over the printed text
HIGHLIGHT_EDGE = (230, 81, 0, 255)  # an opaque orange frame: what a reader (and a test) looks for
EDGE_PIXELS = 2
PAD_PIXELS = 4  # the frame sits outside the glyphs, so the highlighted text stays legible
WINDOW_WORDS = 6  # a sentence PDFium cannot find whole is looked for in runs of this many words


@dataclass(frozen=True, slots=True)
class PageImage:
    """One rendered page: PNG bytes and the boxes highlighted on it."""

    doc_id: str
    page: int  # 1-based
    png: bytes
    width: int  # pixels
    height: int
    scale: float  # pixels per PDF point
    boxes: tuple[Box, ...]  # highlighted, in points (see the module docstring)


def render_page(pdf: Path, page: int, *, boxes: Sequence[Box] = (), scale: float = 2.0, doc_id: str = "") -> PageImage:
    """Page `page` (1-based) of `pdf` as a PNG, each box framed and tinted."""
    from PIL import Image, ImageDraw

    with _page(pdf, page) as handle:
        bitmap = handle.render(scale=scale)
        image = bitmap.to_pil().convert("RGBA")
    overlay = Image.new("RGBA", image.size, (0, 0, 0, 0))
    draw = ImageDraw.Draw(overlay)
    for x0, top, x1, bottom in boxes:
        frame = [
            x0 * scale - PAD_PIXELS,
            top * scale - PAD_PIXELS,
            x1 * scale + PAD_PIXELS,
            bottom * scale + PAD_PIXELS,
        ]
        draw.rectangle(frame, fill=HIGHLIGHT_FILL, outline=HIGHLIGHT_EDGE, width=EDGE_PIXELS)
    out = io.BytesIO()
    Image.alpha_composite(image, overlay).convert("RGB").save(out, format="PNG", optimize=True)
    return PageImage(doc_id, page, out.getvalue(), image.width, image.height, scale, tuple(boxes))


def find_text(pdf: Path, page: int, text: str) -> tuple[Box, ...]:
    """Where `text` is printed on the page: one box per line it covers; () when it is not there.

    PDFium's own search finds it when the page prints it as given; otherwise the words are matched
    ignoring case, spacing, line breaks and hyphenation, and then in runs of a few words, so a
    sentence the extractor cleaned up is still found.
    """
    needle = " ".join(text.split())
    if not needle:
        return ()
    with _page(pdf, page) as handle:
        textpage = handle.get_textpage()
        span = _search(textpage, needle) or _loose_match(textpage, needle)
        spans = [span] if span else _word_runs(textpage, needle)
        return tuple(_to_display(handle, r) for start, count in spans for r in _rects(textpage, start, count))


def find_cell(pdf: Path, page: int, label: str, printed: str) -> tuple[Box, ...]:
    """The box of the value `printed` on the line of the row named `label`; () when not found."""
    with _page(pdf, page) as handle:
        textpage = handle.get_textpage()
        span = _search(textpage, " ".join(label.split())) or _loose_match(textpage, label)
        if span is None:
            return ()
        rows = _rects(textpage, *span)
        for start, count in _all_matches(textpage, printed.strip()):
            for rect in _rects(textpage, start, count):
                if any(_same_line(rect, row) and rect[0] >= row[0] for row in rows):
                    return (_to_display(handle, rect),)
    return ()


def find_line(pdf: Path, page: int, label: str) -> tuple[Box, ...]:
    """The whole printed line that starts with `label` (a table row), as one box; () when not found."""
    with _page(pdf, page) as handle:
        textpage = handle.get_textpage()
        span = _search(textpage, " ".join(label.split())) or _loose_match(textpage, label)
        if span is None:
            return ()
        first = _rects(textpage, *span)[0]
        chars = (textpage.get_charbox(i) for i in range(textpage.count_chars()))
        line = [c for c in chars if c[2] > c[0] and _same_line(c, first) and c[0] >= first[0]]
        right = max((c[2] for c in line), default=first[2])
        return (_to_display(handle, (first[0], first[1], right, first[3])),)


def page_count(pdf: Path) -> int:
    with _PDFIUM, _document(pdf) as document:
        return len(document)


def pdf_needs_password(data: bytes) -> bool:
    """True for an encrypted PDF that does not open without a password."""
    import pypdfium2 as pdfium

    with _PDFIUM:
        try:
            pdfium.PdfDocument(data).close()
        except pdfium.PdfiumError as err:
            return "password" in str(err).casefold()
    return False


def unlock_pdf(data: bytes, password: str) -> bytes:
    """The PDF `data` opened with `password` and saved without encryption."""
    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    with _PDFIUM:
        try:
            document = pdfium.PdfDocument(data, password=password)
        except pdfium.PdfiumError as err:
            problem = "wrong password" if "password" in str(err).casefold() else f"cannot open it ({err})"
            raise PolicyQAError(f"{problem}: check the password and upload it again") from err
        try:
            out = io.BytesIO()
            document.save(out, flags=raw.FPDF_REMOVE_SECURITY)
        finally:
            document.close()
    return out.getvalue()


# --- PDFium -----------------------------------------------------------------------------------


@contextmanager
def _document(pdf: Path) -> Iterator[Any]:
    import pypdfium2 as pdfium

    try:
        document = pdfium.PdfDocument(pdf)
    except pdfium.PdfiumError as err:
        raise PolicyQAError(f"{pdf.name}: cannot open the PDF to show its pages ({err})") from err
    try:
        yield document
    finally:
        document.close()


@contextmanager
def _page(pdf: Path, number: int) -> Iterator[Any]:
    with _PDFIUM, _document(pdf) as document:
        count = len(document)
        if not 1 <= number <= count:
            raise PolicyQAError(f"{pdf.name} has {count} pages, not a page {number}")
        handle = document[number - 1]
        try:
            yield handle
        finally:
            handle.close()


def _search(textpage: Any, needle: str) -> tuple[int, int] | None:
    searcher = textpage.search(needle, match_case=False)
    found: tuple[int, int] | None = searcher.get_next()
    searcher.close()
    return found


def _all_matches(textpage: Any, needle: str) -> list[tuple[int, int]]:
    searcher = textpage.search(needle, match_case=False, match_whole_word=True)
    out = []
    while (found := searcher.get_next()) is not None:
        out.append(found)
    searcher.close()
    return out


def _loose_match(textpage: Any, needle: str) -> tuple[int, int] | None:
    """(first char, count) of `needle` in the page text, ignoring case, spaces and line-end hyphens."""
    wanted = _folded(needle)[0]
    keys, positions = _folded(textpage.get_text_range())
    start = keys.find(wanted) if wanted else -1
    if start < 0:
        return None
    first, last = positions[start], positions[start + len(wanted) - 1]
    return first, last - first + 1


def _folded(text: str) -> tuple[str, list[int]]:
    """Letters and digits of `text`, case-folded and compatibility-normalised, with their positions."""
    keys: list[str] = []
    positions: list[int] = []
    for position, char in enumerate(text):
        for folded in unicodedata.normalize("NFKC", char).casefold():
            if folded.isalnum():
                keys.append(folded)
                positions.append(position)
    return "".join(keys), positions


def _word_runs(textpage: Any, needle: str) -> list[tuple[int, int]]:
    words = needle.split()
    runs = [" ".join(words[i : i + WINDOW_WORDS]) for i in range(0, len(words), WINDOW_WORDS)]
    found = [_loose_match(textpage, run) for run in runs if len(re.sub(r"\W", "", run)) >= 8]
    return [span for span in found if span is not None]


def _rects(textpage: Any, start: int, count: int) -> list[Rect]:
    total = textpage.count_rects(start, count)
    return [textpage.get_rect(i) for i in range(total)]


def _to_display(handle: Any, rect: Rect) -> Box:
    """A (left, bottom, right, top) rect in PDF user space as a displayed box (top-left origin)."""
    import pypdfium2.raw as raw

    width, height = handle.get_size()
    size = (round(width * _PRECISION), round(height * _PRECISION))
    corners = []
    for x, y in ((rect[0], rect[1]), (rect[2], rect[3])):
        dx, dy = ctypes.c_int(), ctypes.c_int()
        raw.FPDF_PageToDevice(handle.raw, 0, 0, *size, 0, x, y, dx, dy)
        corners.append((dx.value / _PRECISION, dy.value / _PRECISION))
    (ax, ay), (bx, by) = corners
    return (min(ax, bx), min(ay, by), max(ax, bx), max(ay, by))


def _same_line(rect: Rect, other: Rect) -> bool:
    """Rects (user space) whose vertical middles lie within each other's height: one printed line."""
    middle, other_middle = (rect[1] + rect[3]) / 2, (other[1] + other[3]) / 2
    return other[1] <= middle <= other[3] or rect[1] <= other_middle <= rect[3]
