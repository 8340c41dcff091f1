"""Characters and ruling lines of a PDF page from PDFium (pypdfium2), in reading coordinates.

PDFium reports each character with its box in the PDF's user space. Text printed sideways (a
landscape table on a page with /Rotate 90) is turned so it reads left to right like any other;
characters turned another way than most of the page (axis titles) are left out. A character
drawn twice on itself (fake bold) counts once, as bold.
"""

from __future__ import annotations

import ctypes
import math
from collections import Counter
from dataclasses import replace
from typing import Any

from .layout import Char, PageLayout, Rule, lines_of, words_of

_BOLD_NAMES = ("bold", "black", "heavy", "semibold", "demi")
_THIN = 2.5  # points: a path thinner than this is a line, not a box
_MAX_PATHS = 20_000  # drawings beyond this many on a page are not rules worth reading


def read_page(page: Any, number: int) -> PageLayout:
    """The lines and rules of one pypdfium2 page."""
    chars, quarter = page_chars(page)
    width, height = page.get_size()
    if quarter % 2:
        width, height = height, width
    return PageLayout(number, width, height, lines_of(words_of(chars)), page_rules(page, quarter=quarter), quarter)


def page_chars(page: Any) -> tuple[tuple[Char, ...], int]:
    """Every character of a page in reading coordinates, and the quarter turns applied."""
    import pypdfium2.raw as raw

    textpage = page.get_textpage()
    try:
        width, height = page.get_size()
        count = raw.FPDFText_CountChars(textpage)
        quarter = _dominant_quarter(raw, textpage, count)
        chars = _chars(raw, textpage, count, quarter, width, height)
    finally:
        textpage.close()
    return tuple(_drop_overprints(chars)), quarter


def _chars(raw: Any, textpage: Any, count: int, quarter: int, width: float, height: float) -> list[Char]:
    """The characters, in a tight loop: a page has thousands, each costing three PDFium calls."""
    loose = raw.FS_RECTF()  # the advance-wide box: letters of one word touch, whatever their glyphs
    box = ctypes.byref(loose)
    unicode, loose_box, angle = raw.FPDFText_GetUnicode, raw.FPDFText_GetLooseCharBox, raw.FPDFText_GetCharAngle
    fonts: dict[int, bool] = {}
    chars: list[Char] = []
    bold, size, after_space = False, 0.0, True
    matrix = raw.FS_MATRIX()
    for i in range(count):
        code = unicode(textpage, i)
        text = "-" if code == 2 else chr(code) if code else ""  # PDFium marks a line-end hyphen with 2
        if text in ("\ufffe", "\uffff", "\x00"):
            continue
        loose_box(textpage, i, box)
        space = not text.strip()
        if not space and _quarter(angle(textpage, i)) % 2 != quarter % 2:
            continue
        if not space and after_space:  # font and size looked up once per word
            bold = _bold(raw, textpage, i, fonts)
            raw.FPDFText_GetMatrix(textpage, i, ctypes.byref(matrix))
            size = raw.FPDFText_GetFontSize(textpage, i) * math.hypot(matrix.c, matrix.d)
        after_space = space
        xa, ya = turn(loose.left, loose.bottom, quarter, width, height)
        xb, yb = turn(loose.right, loose.top, quarter, width, height)
        top, bottom = (ya, yb) if ya < yb else (yb, ya)
        x0, x1 = (xa, xb) if xa < xb else (xb, xa)
        tall = (bottom - top) or 1.0
        chars.append(Char(" " if space else text, x0, x1, top, bottom, tall, bold and not space, i, space, size))
    return chars


def _dominant_quarter(raw: Any, textpage: Any, count: int) -> int:
    """The direction most text runs in, in quarter turns of the mapping `turn` undoes.

    The axis comes from the characters' angles; which way along it the text reads, from where
    each next letter of a word is drawn, whatever sign convention the angle uses.
    """
    axes: Counter[int] = Counter()
    steps: Counter[tuple[int, bool]] = Counter()
    x, y = ctypes.c_double(), ctypes.c_double()
    previous: tuple[float, float] | None = None
    for i in range(min(count, 1500)):
        if not chr(raw.FPDFText_GetUnicode(textpage, i) or 32).strip():
            previous = None
            continue
        axis = _quarter(raw.FPDFText_GetCharAngle(textpage, i)) % 2
        axes[axis] += 1
        raw.FPDFText_GetCharOrigin(textpage, i, x, y)
        if previous is not None:
            delta = (x.value - previous[0]) if axis == 0 else (y.value - previous[1])
            if abs(delta) > 0.01:
                steps[(axis, delta > 0)] += 1
        previous = (x.value, y.value)
    if not axes:
        return 0
    axis = axes.most_common(1)[0][0]
    forward = steps[(axis, True)] >= steps[(axis, False)]
    return (0 if forward else 2) if axis == 0 else (1 if forward else 3)


def _quarter(angle: float) -> int:
    return round(math.degrees(angle) / 90) % 4 if angle >= 0 else 0


def turn(x: float, y: float, quarter: int, width: float, height: float) -> tuple[float, float]:
    """A user-space point as (along the text, down the page) for text turned `quarter` times."""
    if quarter == 1:
        return y, x
    if quarter == 2:
        return width - x, y
    if quarter == 3:
        return height - y, width - x
    return x, height - y


def _bold(raw: Any, textpage: Any, i: int, fonts: dict[int, bool]) -> bool:
    handle = ctypes.cast(raw.FPDFText_GetTextObject(textpage, i), ctypes.c_void_p).value or 0
    if handle not in fonts:
        buffer = ctypes.create_string_buffer(128)
        flags = ctypes.c_int()
        size = raw.FPDFText_GetFontInfo(textpage, i, buffer, 128, flags)
        name = buffer.value[:size].decode("latin-1", "replace").lower()
        # The font's name, not FPDFText_GetFontWeight: PDFium reports stem widths as weights for many fonts.
        fonts[handle] = any(part in name for part in _BOLD_NAMES)
    return fonts[handle]


def _drop_overprints(chars: list[Char]) -> list[Char]:
    """Drop a character drawn again on itself (fake bold, shadows); the kept one is bold."""
    seen: dict[tuple[str, int, int], int] = {}
    out: list[Char] = []
    for char in chars:
        if char.space:
            out.append(char)
            continue
        x, y = round(char.x0), round(char.bottom)
        twin = next(
            (
                seen[key]
                for key in ((char.text, x + dx, y + dy) for dx in (-1, 0, 1) for dy in (-1, 0, 1))
                if key in seen
            ),
            None,
        )
        if twin is not None and _ligature_letter(out[twin], char):
            twin = None  # "ff" of one "ﬀ" or "ﬃ" glyph: PDFium gives both letters the glyph's box
        if twin is not None and abs(out[twin].x0 - char.x0) < 1.0 and abs(out[twin].bottom - char.bottom) < 1.0:
            first = out[twin]
            out[twin] = replace(first, bold=True)
            continue
        seen[(char.text, x, y)] = len(out)
        out.append(char)
    return out


def _ligature_letter(before: Char, char: Char) -> bool:
    """Whether `char` is the next letter of the same ligature glyph as `before`: read right after
    it with exactly its box, where a character drawn again (fake bold, a shadow) comes later or
    a little off."""
    return char.index == before.index + 1 and (char.x0, char.x1, char.top, char.bottom) == (
        before.x0,
        before.x1,
        before.top,
        before.bottom,
    )


# --- ruling lines -------------------------------------------------------------------------


def page_rules(page: Any, *, quarter: int = 0) -> tuple[Rule, ...]:
    """Ruling lines of a page: thin drawn paths, and the edges of drawn boxes (cell borders)."""
    import pypdfium2.raw as raw

    width, height = page.get_size()
    rules: list[Rule] = []
    for x0, y0, x1, y1 in _path_boxes(raw, page.raw):
        (ax, ay), (bx, by) = turn(x0, y0, quarter, width, height), turn(x1, y1, quarter, width, height)
        left, right, top, bottom = min(ax, bx), max(ax, bx), min(ay, by), max(ay, by)
        w, h = right - left, bottom - top
        if w < 2 and h < 2:
            continue
        if h <= _THIN or w <= _THIN:
            rules.append(Rule(left, right, top, bottom))
        elif w * h < 0.5 * width * height:  # a cell's border box, not a page background
            rules += [
                Rule(left, right, top, top),
                Rule(left, right, bottom, bottom),
                Rule(left, left, top, bottom),
                Rule(right, right, top, bottom),
            ]
    return tuple(rules)


def _path_boxes(
    raw: Any, container: Any, *, form: bool = False, depth: int = 0
) -> list[tuple[float, float, float, float]]:
    """Bounding boxes of the path objects on a page, and in its form XObjects."""
    count = raw.FPDFFormObj_CountObjects(container) if form else raw.FPDFPage_CountObjects(container)
    boxes: list[tuple[float, float, float, float]] = []
    left, bottom, right, top = ctypes.c_float(), ctypes.c_float(), ctypes.c_float(), ctypes.c_float()
    for i in range(max(0, count)):
        obj = raw.FPDFFormObj_GetObject(container, i) if form else raw.FPDFPage_GetObject(container, i)
        kind = raw.FPDFPageObj_GetType(obj)
        if kind == raw.FPDF_PAGEOBJ_FORM and depth < 3:
            boxes += _path_boxes(raw, obj, form=True, depth=depth + 1)
        elif kind == raw.FPDF_PAGEOBJ_PATH and raw.FPDFPageObj_GetBounds(obj, left, bottom, right, top):
            boxes.append((left.value, bottom.value, right.value, top.value))
        if len(boxes) > _MAX_PATHS:
            break
    return boxes
